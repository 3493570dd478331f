//! Crash reports. A panic is a bug in regdesk: wherever it happens (the main thread, a tokio task,
//! a blocking thread), the hook installed by [`install_hook`] writes the details to a private file
//! in the data dir (`crashes/`, 0600 in 0700), prints one short line saying what happened and where
//! the report is, and wakes [`wait_for_report`], on which the CLI's dispatcher ends the command
//! with exit code 1 (a runtime failure) instead of hanging on work that will never finish. The TUI
//! wraps this hook with its own, which gives the terminal back first.
//!
//! The report holds the version, the platform, the thread, the location, the panic message
//! (secrets masked, control characters escaped, length bounded) and a backtrace when
//! `RUST_BACKTRACE` asks for one; nothing else about the user or their data.

use std::any::Any;
use std::backtrace::{Backtrace, BacktraceStatus};
use std::fmt::Write as _;
use std::io::{self, Write};
use std::panic::PanicHookInfo;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use tokio::sync::Notify;

use crate::zoom::redact::Redactor;

/// The longest panic message a report keeps, in characters.
const MAX_MESSAGE_CHARS: usize = 4000;

/// The test hook of debug builds: `REGDESK_DEBUG_PANIC=cli|task|blocking|tui|tui-loop` makes
/// regdesk panic on purpose (on the main thread, in a detached tokio task, in a `spawn_blocking`
/// thread, in the TUI's task that loads registrants, or in the TUI's loop when they arrive), so
/// that tests can watch what a user would see. Release builds do not read it.
#[cfg(debug_assertions)]
pub const DEBUG_PANIC_ENV: &str = "REGDESK_DEBUG_PANIC";

/// Where a debug build was asked to panic on purpose (see [`DEBUG_PANIC_ENV`]).
#[cfg(debug_assertions)]
pub fn debug_panic_requested(site: &str) -> bool {
    std::env::var(DEBUG_PANIC_ENV).is_ok_and(|value| value == site)
}

/// Whether any thread of this process has begun to panic.
static PANICKING: AtomicBool = AtomicBool::new(false);
/// Whether a panic's report has been written (or failed to be) and its message printed.
static REPORTED: AtomicBool = AtomicBool::new(false);
/// How long a command that ended because of a panic waits for the report to be finished.
pub const REPORT_GRACE: std::time::Duration = std::time::Duration::from_secs(10);
/// Numbers the reports of one process, so that two panics in one second get two files.
static REPORTS: AtomicU32 = AtomicU32::new(0);

fn panic_signal() -> &'static Notify {
    static SIGNAL: OnceLock<Notify> = OnceLock::new();
    SIGNAL.get_or_init(Notify::new)
}

/// Installs the crash-report hook (once; later calls do nothing). Install it before anything can
/// panic, and before the TUI takes over the terminal, so that the TUI's hook wraps this one.
pub fn install_hook() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| std::panic::set_hook(Box::new(on_panic)));
}

/// Notes that a panic has begun, before anything else happens because of it (the TUI's hook calls
/// this before it gives the terminal back).
pub fn mark_panicking() {
    PANICKING.store(true, Ordering::SeqCst);
}

/// Whether a panic has begun: its report is written or on its way, with its message to the user.
pub fn panicked() -> bool {
    PANICKING.load(Ordering::SeqCst)
}

/// Returns once a panic's report is finished (at once if one already is).
pub async fn wait_for_report() {
    loop {
        let notified = panic_signal().notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        if REPORTED.load(Ordering::SeqCst) {
            return;
        }
        notified.await;
    }
}

fn on_panic(info: &PanicHookInfo<'_>) {
    mark_panicking();
    let location = info.location().map_or_else(
        || "an unknown place".to_owned(),
        |location| {
            format!(
                "{}:{}:{}",
                location.file(),
                location.line(),
                location.column()
            )
        },
    );
    let report = CrashReport {
        thread: std::thread::current()
            .name()
            .unwrap_or("unnamed")
            .to_owned(),
        location,
        message: redact(&payload_text(info.payload())),
        backtrace: Backtrace::capture(),
    };
    let written = crate::paths::data_dir()
        .map_err(|error| io::Error::new(io::ErrorKind::NotFound, error))
        .and_then(|data_dir| write_report(&data_dir, &report.render()));
    let mut stderr = io::stderr().lock();
    // Nothing is left to tell when stderr itself fails; a panic here would abort the process.
    let _ignored = match written {
        Ok(path) => writeln!(
            stderr,
            "regdesk: internal error (a bug) at {}; regdesk stopped. The details are in {}; \
             please attach that file to a bug report.",
            report.location,
            path.display()
        ),
        Err(error) => writeln!(
            stderr,
            "regdesk: internal error (a bug) at {}: {}; regdesk stopped. No crash report could \
             be written: {error}",
            report.location,
            crate::text::terminal::sanitise(&report.message)
        ),
    };
    REPORTED.store(true, Ordering::SeqCst);
    panic_signal().notify_waiters();
}

/// The text a panic carried (`panic!("…")` gives a `&str` or a `String`).
pub fn payload_text(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "(a panic without a message)".to_owned()
    }
}

/// A panic message made fit for a report or the screen: the secrets this process knows of (the
/// `ZOOM_*` secret variables), `Bearer`/`Basic` credentials and JWT-shaped strings masked, control
/// characters escaped, at most [`MAX_MESSAGE_CHARS`] characters.
pub fn redact(message: &str) -> String {
    let redactor = Redactor::default();
    for variable in [
        crate::secrets::env::CLIENT_SECRET,
        crate::secrets::env::API_SECRET,
    ] {
        if let Ok(secret) = std::env::var(variable) {
            redactor.remember(secret.trim());
        }
    }
    let scrubbed = redactor.scrub(message);
    let mut out = String::with_capacity(scrubbed.len().min(MAX_MESSAGE_CHARS));
    for (count, c) in scrubbed.chars().enumerate() {
        if count == MAX_MESSAGE_CHARS {
            out.push_str(" […]");
            break;
        }
        if c.is_control() && c != '\n' && c != '\t' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

struct CrashReport {
    thread: String,
    location: String,
    message: String,
    backtrace: Backtrace,
}

impl CrashReport {
    fn render(&self) -> String {
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = writeln!(text, "regdesk crash report");
        let _ = writeln!(text, "version: {}", env!("CARGO_PKG_VERSION"));
        let _ = writeln!(
            text,
            "platform: {} {}",
            std::env::consts::OS,
            std::env::consts::ARCH
        );
        let _ = writeln!(text, "time: {}", jiff::Timestamp::now());
        let _ = writeln!(text, "thread: {}", self.thread);
        let _ = writeln!(text, "location: {}", self.location);
        let _ = writeln!(text, "message:\n{}", indent(&self.message));
        match self.backtrace.status() {
            BacktraceStatus::Captured => {
                let _ = writeln!(text, "backtrace:\n{}", self.backtrace);
            }
            _ => {
                let _ = writeln!(
                    text,
                    "backtrace: not captured (run with RUST_BACKTRACE=1 to include one)"
                );
            }
        }
        text
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("  {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Writes `report` to a new file in `<data_dir>/crashes` (0700), readable by the user only.
fn write_report(data_dir: &Path, report: &str) -> io::Result<PathBuf> {
    let dir = data_dir.join("crashes");
    crate::private_fs::create_private_dir_all(&dir)?;
    let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ");
    let number = REPORTS.fetch_add(1, Ordering::SeqCst);
    let path = dir.join(format!("crash-{stamp}-{}-{number}.txt", std::process::id()));
    let mut file = crate::private_fs::create_new_private(&path)?;
    file.write_all(report.as_bytes())?;
    file.sync_all()?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crash_message_loses_credentials_and_control_characters() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhYmMifQ.c2lnbmF0dXJlc2lnbmF0dXJl";
        let message = format!(
            "request failed: Authorization: Bearer abcdefghijklmnop token={jwt}\x1b]52;c;evil\x07"
        );
        let redacted = redact(&message);
        assert!(!redacted.contains("abcdefghijklmnop"), "{redacted}");
        assert!(!redacted.contains(jwt), "{redacted}");
        assert!(
            !redacted.contains('\x1b') && !redacted.contains('\x07'),
            "{redacted}"
        );
        assert!(redacted.starts_with("request failed"), "{redacted}");
    }

    #[test]
    fn a_long_crash_message_is_cut() {
        let redacted = redact(&"x".repeat(MAX_MESSAGE_CHARS * 2));
        assert!(redacted.chars().count() < MAX_MESSAGE_CHARS + 10);
        assert!(redacted.ends_with("[…]"));
    }

    #[cfg(unix)]
    #[test]
    fn a_crash_report_is_a_new_private_file_in_a_private_folder() {
        use std::os::unix::fs::PermissionsExt;
        let data = tempfile::tempdir().expect("temp dir");
        let first = write_report(data.path(), "one").expect("first report");
        let second = write_report(data.path(), "two").expect("second report");
        assert_ne!(first, second);
        let mode = |path: &Path| {
            std::fs::metadata(path)
                .expect("metadata")
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!(mode(&first), 0o600);
        assert_eq!(mode(&data.path().join("crashes")), 0o700);
        assert_eq!(std::fs::read_to_string(first).expect("report"), "one");
    }
}
