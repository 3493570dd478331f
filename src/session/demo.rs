//! The demo session: the Zoom simulator started in process with the demo data, and a session on
//! it (the TUI's `--demo` and its "try the demo" button); also a session on any running simulator;
//! and the demo's own private folder for import journals and reports ([`DemoScratch`]), which
//! dies with the demo's in-memory Zoom.

use std::path::{Path, PathBuf};

use super::Session;
use crate::sim::{SimConfig, Simulator};
use crate::zoom::{ClientConfig, Credentials, ZoomClient};

impl Session {
    /// A session on an already running simulator (tests run theirs on 127.0.0.1:0).
    pub fn on_simulator(simulator: &Simulator, label: &str) -> anyhow::Result<Session> {
        let app = simulator.s2s_app();
        let credentials = Credentials::ServerToServer {
            account_id: app.account_id,
            client_id: app.client_id,
            client_secret: secrecy::SecretString::from(app.client_secret),
        };
        let client = ZoomClient::new(
            credentials,
            ClientConfig::new(simulator.api_url(), simulator.oauth_url()),
        )?;
        Ok(Session {
            client,
            label: label.to_owned(),
            default_user: "me".to_owned(),
            store_warning: None,
            disabled_features: Vec::new(),
            simulator: None,
        })
    }

    /// The simulator in process with the demo data and about 100 ms of latency with jitter, and
    /// a session on it.
    pub async fn demo() -> anyhow::Result<Session> {
        let simulator = Simulator::start(SimConfig::demo()).await?;
        let mut session = Session::on_simulator(&simulator, "demo")?;
        session.simulator = Some(simulator);
        Ok(session)
    }
}

/// How many fresh names are tried for the demo's folder when one is taken.
const SCRATCH_NAME_ATTEMPTS: usize = 16;

/// A private folder (0700, a new unpredictable name under the system's temporary folder) for the
/// demo's import journals and reports, removed when dropped. The demo's Zoom lives in memory: a
/// journal kept in the real data dir would, after a restart, "resume" people who no longer exist,
/// with join URLs on a port nobody serves.
#[derive(Debug)]
pub struct DemoScratch {
    path: PathBuf,
}

impl DemoScratch {
    pub fn create() -> std::io::Result<DemoScratch> {
        Self::create_in(&std::env::temp_dir())
    }

    /// In `parent`: a new folder, never one that exists (planted or left over).
    pub fn create_in(parent: &Path) -> std::io::Result<DemoScratch> {
        let mut last_error = None;
        for _ in 0..SCRATCH_NAME_ATTEMPTS {
            let nonce: u64 = rand::random();
            let path = parent.join(format!("regdesk-demo-{}-{nonce:016x}", std::process::id()));
            let mut builder = std::fs::DirBuilder::new();
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(
                &mut builder,
                crate::private_fs::PRIVATE_DIR_MODE,
            );
            match builder.create(&path) {
                Ok(()) => {
                    // The umask may have taken bits away; the folder is ours, so fix it.
                    crate::private_fs::create_private_dir_all(&path)?;
                    return Ok(DemoScratch { path });
                }
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                    last_error = Some(error);
                }
                Err(error) => return Err(error),
            }
        }
        Err(last_error.unwrap_or_else(|| std::io::Error::other("no free name")))
    }

    /// The folder, to be used as the demo's data dir (`imports/` goes inside).
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for DemoScratch {
    fn drop(&mut self) {
        if let Err(error) = std::fs::remove_dir_all(&self.path) {
            tracing::warn!(
                "could not remove the demo's folder {}: {error}",
                self.path.display()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_folder_is_private_new_and_gone_when_dropped() {
        let parent = tempfile::tempdir().expect("temp dir");
        let scratch = DemoScratch::create_in(parent.path()).expect("created");
        let other = DemoScratch::create_in(parent.path()).expect("created");
        assert_ne!(scratch.path(), other.path(), "a new folder each run");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(scratch.path())
                .expect("exists")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o700);
        }
        let path = scratch.path().to_path_buf();
        std::fs::create_dir(path.join("imports")).expect("a sub folder");
        std::fs::write(path.join("imports/journal"), "x").expect("a file");
        drop(scratch);
        assert!(!path.exists(), "removed with what it held");
    }
}
