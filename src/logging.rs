//! The diagnostic log. With `REGDESK_LOG=<filter>` (`debug`, `regdesk=trace`, any `tracing`
//! filter) or `-v` (`regdesk=debug`), `tracing` events go to `<data dir>/logs/regdesk.log`, a file
//! readable by the user only (0600 in a 0700 folder). Every line is redacted on its way to the file
//! (the masks of [`crate::crash::redact`]: `ZOOM_*` secrets, `Bearer`/`Basic` credentials,
//! JWT-shaped strings, control characters; at most 4,000 characters an event). When the file
//! passes [`MAX_LOG_BYTES`] it is rotated: `regdesk.log.1` … `regdesk.log.{KEPT_LOGS}` keep the
//! older ones and the oldest goes. Without either switch nothing is logged and no file is made.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

use crate::private_fs::open_or_create_private_append;

/// The environment variable holding the log filter.
pub const LOG_ENV: &str = "REGDESK_LOG";
/// A log file is rotated once it is larger than this.
pub const MAX_LOG_BYTES: u64 = 5 * 1024 * 1024;
/// How many rotated files are kept besides the current one.
pub const KEPT_LOGS: usize = 3;

/// The log of this run, once [`init`] has opened it.
static ACTIVE_LOG: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// The log file of this run, when logging is on.
pub fn active_path() -> Option<&'static Path> {
    ACTIVE_LOG.get().map(PathBuf::as_path)
}

/// Where the log goes when it is switched on: `<data dir>/logs/regdesk.log`.
pub fn default_path() -> anyhow::Result<PathBuf> {
    Ok(crate::paths::data_dir()?.join("logs").join("regdesk.log"))
}

/// Starts logging when `REGDESK_LOG` is set or `verbose` asks for it; returns where the log goes,
/// or `None` when logging is off. A log that cannot be set up is said on stderr and skipped: it
/// must never stop the command the user asked for.
pub fn init(verbose: bool) -> Option<PathBuf> {
    let requested = std::env::var(LOG_ENV)
        .ok()
        .filter(|value| !value.trim().is_empty());
    let filter = match (requested, verbose) {
        (Some(filter), _) => filter,
        (None, true) => "regdesk=debug".to_owned(),
        (None, false) => return None,
    };
    let filter = match EnvFilter::try_new(&filter) {
        Ok(filter) => filter,
        Err(error) => {
            crate::eprintln_sanitised!(
                "regdesk: {LOG_ENV}={filter:?} is not a log filter ({error}); not logging"
            );
            return None;
        }
    };
    let dir = match crate::paths::data_dir() {
        Ok(data_dir) => data_dir.join("logs"),
        Err(error) => {
            crate::eprintln_sanitised!("regdesk: not logging: {error}");
            return None;
        }
    };
    let log = match RotatingLog::open(&dir) {
        Ok(log) => log,
        Err(error) => {
            crate::eprintln_sanitised!(
                "regdesk: not logging: cannot open the log in {}: {error}",
                dir.display()
            );
            return None;
        }
    };
    let path = log.path();
    let installed = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(log)
        .try_init();
    match installed {
        Ok(()) => {
            // Only `init` sets it, once per process; a second call has already failed above.
            let _first = ACTIVE_LOG.set(path.clone());
            Some(path)
        }
        Err(error) => {
            crate::eprintln_sanitised!("regdesk: not logging: {error}");
            None
        }
    }
}

/// `regdesk.log` in a private folder, rotated by size; cheap to clone (one shared file).
#[derive(Clone)]
pub struct RotatingLog {
    shared: Arc<Mutex<LogFile>>,
}

struct LogFile {
    dir: PathBuf,
    file: File,
    size: u64,
}

impl RotatingLog {
    /// Opens (or creates) `dir/regdesk.log`, creating `dir` readable by the user only.
    pub fn open(dir: &Path) -> io::Result<Self> {
        crate::private_fs::create_private_dir_all(dir)?;
        let file = open_or_create_private_append(&dir.join("regdesk.log"))?;
        let size = file.metadata()?.len();
        Ok(RotatingLog {
            shared: Arc::new(Mutex::new(LogFile {
                dir: dir.to_path_buf(),
                file,
                size,
            })),
        })
    }

    /// The current log file.
    pub fn path(&self) -> PathBuf {
        self.lock().dir.join("regdesk.log")
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LogFile> {
        // A writer that panicked mid-line leaves a usable file behind.
        self.shared
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Writes one event (redacted) and rotates when the file has grown too big.
    pub fn write_event(&self, event: &[u8]) -> io::Result<()> {
        let text = String::from_utf8_lossy(event);
        let mut line = crate::crash::redact(text.trim_end_matches('\n'));
        line.push('\n');
        let mut log = self.lock();
        log.file.write_all(line.as_bytes())?;
        log.size += line.len() as u64;
        if log.size > MAX_LOG_BYTES {
            log.rotate()?;
        }
        Ok(())
    }
}

impl LogFile {
    fn rotate(&mut self) -> io::Result<()> {
        let name = |n: usize| match n {
            0 => self.dir.join("regdesk.log"),
            n => self.dir.join(format!("regdesk.log.{n}")),
        };
        for n in (0..KEPT_LOGS).rev() {
            let from = name(n);
            if from.exists() {
                std::fs::rename(&from, name(n + 1))?;
            }
        }
        self.file = open_or_create_private_append(&name(0))?;
        self.size = 0;
        Ok(())
    }
}

/// One event's text, collected and handed to the log in one piece when dropped.
pub struct EventWriter {
    log: RotatingLog,
    buffer: Vec<u8>,
}

impl Write for EventWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for EventWriter {
    fn drop(&mut self) {
        if self.buffer.is_empty() {
            return;
        }
        // A log that cannot be written is not worth failing (or printing over) the user's work.
        let _unlogged = self.log.write_event(&self.buffer);
    }
}

impl<'a> MakeWriter<'a> for RotatingLog {
    type Writer = EventWriter;

    fn make_writer(&'a self) -> Self::Writer {
        EventWriter {
            log: self.clone(),
            buffer: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(log: &RotatingLog, text: &str) {
        let mut writer = log.make_writer();
        writer.write_all(text.as_bytes()).expect("buffered");
    }

    #[test]
    fn a_logged_line_loses_credentials_and_escape_sequences() {
        let dir = tempfile::tempdir().expect("temp dir");
        let log = RotatingLog::open(dir.path()).expect("log opens");
        write(
            &log,
            "DEBUG sent Authorization: Bearer abcdefghijklmnopq \x1b[2J to Zoom\n",
        );
        let text = std::fs::read_to_string(log.path()).expect("log reads");
        assert!(text.starts_with("DEBUG sent"), "{text}");
        assert!(!text.contains("abcdefghijklmnopq"), "{text}");
        assert!(!text.contains('\x1b'), "{text}");
    }

    #[test]
    fn a_full_log_rotates_and_keeps_only_the_newest_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let log = RotatingLog::open(dir.path()).expect("log opens");
        let line = "x".repeat(3000);
        let lines_per_file = MAX_LOG_BYTES as usize / 3001 + 1;
        for _ in 0..lines_per_file * (KEPT_LOGS + 2) {
            write(&log, &line);
        }
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("log dir")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "regdesk.log",
                "regdesk.log.1",
                "regdesk.log.2",
                "regdesk.log.3"
            ]
        );
        for name in &names {
            let size = std::fs::metadata(dir.path().join(name))
                .expect("metadata")
                .len();
            assert!(size <= MAX_LOG_BYTES + 3001, "{name}: {size}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_log_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let data = tempfile::tempdir().expect("temp dir");
        let dir = data.path().join("logs");
        let log = RotatingLog::open(&dir).expect("log opens");
        let mode = |path: &Path| {
            std::fs::metadata(path)
                .expect("metadata")
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!(mode(&log.path()), 0o600);
        assert_eq!(mode(&dir), 0o700);
    }
}
