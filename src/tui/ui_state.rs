//! What the app remembers about its own layout between runs (today: whether the live pane is
//! hidden down to its status line), in `ui-state.toml` in the config dir, written privately
//! (`crate::private_fs`). A missing file means the defaults; a damaged, oversized or unreadable one
//! is ignored with a log line, never a crash.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The file's name in the config dir.
pub const FILE_NAME: &str = "ui-state.toml";
/// The most of the file that is read: it holds a few lines, anything longer is not ours.
const MAX_BYTES: u64 = 16 * 1024;

/// The remembered layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct UiState {
    /// The live pane is shrunk to its status line (`H`).
    pub live_pane_hidden: bool,
}

/// Where the state of a config dir lives.
pub fn path_in(config_dir: &Path) -> PathBuf {
    config_dir.join(FILE_NAME)
}

impl UiState {
    /// The state kept at `path`: the defaults when there is none or it cannot be used (said in
    /// the log).
    pub fn load(path: &Path) -> UiState {
        match Self::read(path) {
            Ok(Some(state)) => state,
            Ok(None) => UiState::default(),
            Err(problem) => {
                tracing::warn!(
                    "ignoring the remembered layout in {}: {problem}",
                    path.display()
                );
                UiState::default()
            }
        }
    }

    fn read(path: &Path) -> Result<Option<UiState>, String> {
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error.to_string()),
        };
        let mut bytes = Vec::new();
        file.take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|error| error.to_string())?;
        if bytes.len() as u64 > MAX_BYTES {
            return Err(format!("it is larger than {MAX_BYTES} bytes"));
        }
        let text = String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_owned())?;
        toml::from_str(&text)
            .map(Some)
            .map_err(|error| error.message().to_owned())
    }

    /// Writes the state to `path` (0600, its folder made 0700 if missing), whole or not at all.
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        use anyhow::Context;
        let text = toml::to_string(self).context("cannot write the layout as TOML")?;
        if let Some(dir) = path.parent() {
            crate::private_fs::create_private_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        crate::private_fs::write_private(path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_survives_a_save_and_load() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = path_in(dir.path());
        assert_eq!(UiState::load(&path), UiState::default(), "no file yet");
        let hidden = UiState {
            live_pane_hidden: true,
        };
        hidden.save(&path).expect("saved");
        assert_eq!(UiState::load(&path), hidden);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)
                .expect("metadata")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_damaged_or_oversized_file_means_the_defaults() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = path_in(dir.path());
        for damaged in [
            b"live-pane-hidden = \"maybe\"".to_vec(),
            b"\xff\xfe not text".to_vec(),
            b"[[[".to_vec(),
            vec![b'#'; 64 * 1024],
        ] {
            std::fs::write(&path, damaged).expect("written");
            assert_eq!(UiState::load(&path), UiState::default());
        }
        std::fs::write(&path, "live-pane-hidden = true\nsome-future-setting = 3\n")
            .expect("written");
        assert!(
            UiState::load(&path).live_pane_hidden,
            "settings of a newer version are left alone"
        );
    }
}
