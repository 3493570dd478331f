//! Logging in from the TUI where no OS keyring can keep the secret: the screen verifies the
//! credentials with the simulator, then offers the file stores; choosing the plain file is the
//! user's consent, and the session shows its permanent warning badge. The config dir must be a
//! temporary one, and it is read from the process environment, so the test runs the app in a
//! child process of this test binary with `REGDESK_CONFIG_DIR` set (never mutating the
//! environment of the other tests running in parallel).

use crossterm::event::KeyCode;
use regdesk::tui::testing::{Harness, HarnessOptions};

/// Set in the child process: the app run happens there.
const CHILD_ENV: &str = "REGDESK_TUI_LOGIN_STORE_CHILD";
const CHILD_TEST: &str = "login_store::the_login_run_in_a_hermetic_config_dir";

#[test]
fn without_a_keyring_the_login_stores_in_a_consented_plain_file_and_shows_the_badge() {
    let dirs =
        super::child_process::run_in_hermetic_dirs(CHILD_TEST, CHILD_ENV, "the login run failed");
    let config = &dirs.config;
    let file = config.path().join("credentials");
    let stored: Vec<_> = std::fs::read_dir(&file)
        .expect("a credentials dir in the temporary config dir")
        .filter_map(Result::ok)
        .collect();
    assert_eq!(stored.len(), 1, "one credentials file: {stored:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = stored[0].metadata().expect("metadata").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "readable only by the user");
    }
    let profiles =
        std::fs::read_to_string(config.path().join("profiles.toml")).expect("profiles.toml");
    assert!(profiles.contains("plain-file"), "{profiles}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "run by the test above in a child process with a temporary config dir"]
async fn the_login_run_in_a_hermetic_config_dir() {
    assert!(
        std::env::var_os(CHILD_ENV).is_some(),
        "run through without_a_keyring_the_login_stores_in_a_consented_plain_file_and_shows_the_badge"
    );
    let data = tempfile::tempdir().expect("data dir");
    let mut app = Harness::start(HarnessOptions {
        login_screen: true,
        os_keyrings: false,
        ..HarnessOptions::new(data.path().to_path_buf())
    })
    .await;
    let credentials = app.simulator.s2s_app();
    app.wait_for_text("No Zoom credentials yet.").await;
    app.type_text(&credentials.account_id);
    app.press(KeyCode::Enter);
    app.type_text(&credentials.client_id);
    app.press(KeyCode::Enter);
    app.paste(&credentials.client_secret);
    let screen = app.wait_for_text("Client Secret").await;
    assert!(
        !screen.contains(&credentials.client_secret),
        "the secret is masked:\n{screen}"
    );
    app.press(KeyCode::Enter);
    app.wait_for_text("no OS keyring can keep them here").await;
    app.press(KeyCode::Right);
    app.wait_for_text("● Plain file (0600, NOT encrypted)")
        .await;
    app.press(KeyCode::Enter);
    let screen = app
        .wait_for("the session with the plain-file badge", |screen| {
            screen.contains("secret stored UNENCRYPTED") && screen.contains("Meetings (")
        })
        .await;
    assert!(!screen.contains(&credentials.client_secret), "{screen}");
    app.quit().await.expect("the app quits");
}
