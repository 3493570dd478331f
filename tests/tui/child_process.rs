//! Runs one `#[ignore]`d test of this binary in a child process with its own temporary config
//! and data dirs: the app reads them from the process environment, which a test must not change
//! under the other tests running in parallel.

use std::process::Command;

/// The temporary dirs the child ran with (kept until dropped, for the caller to inspect).
pub struct HermeticDirs {
    pub config: tempfile::TempDir,
    pub data: tempfile::TempDir,
}

/// Runs `child_test` (its full path, `--exact`) with `child_env=1` set so that it knows it is the
/// child, and fails with `failure` and its output unless it passed.
pub fn run_in_hermetic_dirs(child_test: &str, child_env: &str, failure: &str) -> HermeticDirs {
    let dirs = HermeticDirs {
        config: tempfile::tempdir().expect("config dir"),
        data: tempfile::tempdir().expect("data dir"),
    };
    let exe = std::env::current_exe().expect("test binary");
    let output = Command::new(exe)
        .args(["--exact", child_test, "--ignored", "--nocapture"])
        .env("REGDESK_CONFIG_DIR", dirs.config.path())
        .env("REGDESK_DATA_DIR", dirs.data.path())
        .env(child_env, "1")
        .output()
        .expect("the child test runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "{failure}:\n{stdout}\n{stderr}"
    );
    dirs
}
