//! A panic anywhere in the real binary (made on purpose through the debug-build test hook
//! `REGDESK_DEBUG_PANIC`) ends the process with exit code 1 and one short line on stderr naming a
//! crash report: a new file, private to the user, in the data dir, with the version, the location
//! and the message. A panic in a task nobody waits on ends the command instead of hanging it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::support::{Run, run_with_env};

/// How long a run may take before it counts as hanging (the machine is busy; a hang is forever).
const HANG: Duration = Duration::from_secs(60);

async fn panicking_run(site: &str, data: &Path) -> Run {
    let data_dir = data.to_string_lossy().into_owned();
    let env = [
        ("REGDESK_DEBUG_PANIC", site),
        ("REGDESK_DATA_DIR", data_dir.as_str()),
        ("REGDESK_CONFIG_DIR", data_dir.as_str()),
    ];
    let run = run_with_env(&["profiles"], &env);
    tokio::time::timeout(HANG, run)
        .await
        .unwrap_or_else(|_| panic!("REGDESK_DEBUG_PANIC={site}: regdesk hangs after the panic"))
}

/// The one crash report in `data`, after checking the folder's and the file's modes.
fn the_report(data: &Path) -> (PathBuf, String) {
    let dir = data.join("crashes");
    let reports: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("no {}: {error}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    assert_eq!(reports.len(), 1, "{reports:?}");
    let report = reports[0].clone();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |path: &Path| {
            std::fs::metadata(path)
                .expect("metadata")
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!(mode(&report), 0o600, "the report is the user's only");
        assert_eq!(mode(&dir), 0o700, "the crashes folder is the user's only");
    }
    let text = std::fs::read_to_string(&report).expect("the report reads");
    (report, text)
}

fn assert_reported(site: &str, run: &Run, data: &Path, location: &str) {
    assert_eq!(run.code, 1, "{site}: stderr: {}", run.stderr);
    let (report, text) = the_report(data);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{site}: one short message: {}", run.stderr);
    assert!(
        lines[0].starts_with("regdesk: internal error (a bug) at ")
            && lines[0].contains(&report.display().to_string()),
        "{site}: {}",
        run.stderr
    );
    assert!(
        text.contains(&format!("version: {}", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    assert!(text.contains(&format!("location: {location}")), "{text}");
    assert!(
        text.contains(&format!("REGDESK_DEBUG_PANIC={site}")),
        "{text}"
    );
}

#[tokio::test]
async fn a_panic_on_the_main_thread_exits_1_with_a_private_crash_report() {
    let data = tempfile::tempdir().expect("temp dir");
    let run = panicking_run("cli", data.path()).await;
    assert_reported("cli", &run, data.path(), "src/cli/mod.rs:");
}

#[tokio::test]
async fn a_panic_in_a_task_nobody_awaits_ends_the_command_instead_of_hanging() {
    let data = tempfile::tempdir().expect("temp dir");
    let run = panicking_run("task", data.path()).await;
    assert_reported("task", &run, data.path(), "src/cli/mod.rs:");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[tokio::test]
async fn a_panic_in_a_blocking_thread_ends_the_command_instead_of_hanging() {
    let data = tempfile::tempdir().expect("temp dir");
    let run = panicking_run("blocking", data.path()).await;
    assert_reported("blocking", &run, data.path(), "src/cli/mod.rs:");
}
