//! Helpers for tests of system parts (shared with tests/credentials.rs): unique entry names for
//! shared keyrings, and the rule for system tests (skip with a notice, or fail under
//! REGDESK_REQUIRE_SYSTEM_TESTS=1).

use std::sync::atomic::{AtomicU32, Ordering};

/// A name no other test (or earlier run) uses: real keyrings and tmux servers are shared.
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}-{}-{nanos}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Whether tests/run (or CI) demands the system tests run rather than skip.
pub fn system_tests_required() -> bool {
    std::env::var("REGDESK_REQUIRE_SYSTEM_TESTS").is_ok_and(|value| value == "1")
}

/// A system part is unusable: fail when required, else skip with a visible notice.
/// Returns normally only when skipping.
pub fn skip_or_fail(test: &str, why: &str) {
    if system_tests_required() {
        panic!("{test}: {why} (REGDESK_REQUIRE_SYSTEM_TESTS=1, so this fails instead of skipping)");
    }
    // Straight to the process's stderr: the test harness captures `eprintln!` of passing tests,
    // which would hide the notice.
    let notice = format!("SKIPPED {test}: {why}; run tests/run to test against the real store\n");
    std::io::Write::write_all(&mut std::io::stderr(), notice.as_bytes()).ok();
}
