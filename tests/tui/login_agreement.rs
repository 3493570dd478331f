//! The two logins agree: `regdesk login` and the TUI's login screen, given the same
//! Server-to-Server app without `meeting:read`, both accept it (the token works; Zoom's login is
//! about credentials) and both name the same features its scopes disable. The TUI reads its config
//! dir from the process environment, so its half runs in a child process of this test binary with
//! a temporary `REGDESK_CONFIG_DIR` (as in `login_store`).

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

use crossterm::event::KeyCode;
use regdesk::tui::testing::{Harness, HarnessOptions};

const CHILD_ENV: &str = "REGDESK_TUI_LOGIN_AGREEMENT_CHILD";
const CHILD_TEST: &str = "login_agreement::both_logins_run_in_hermetic_config_dirs";

/// Webinar scopes and user listing, but nothing for meetings.
const SCOPES_WITHOUT_MEETING_READ: &[&str] = &[
    "webinar:read:admin",
    "webinar:write:admin",
    "user:read:admin",
];

#[test]
fn an_app_without_meeting_read_is_accepted_by_both_logins_which_name_the_same_disabled_features() {
    super::child_process::run_in_hermetic_dirs(CHILD_TEST, CHILD_ENV, "the logins disagree");
}

/// The feature names of `regdesk login`'s "✗ feature (meetings ✗, webinars ✓) — needs …" lines.
fn disabled_in_cli_output(stdout: &str) -> BTreeSet<String> {
    stdout
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("✗ "))
        .map(|rest| feature_name(rest.split(" — ").next().unwrap_or(rest)))
        .collect()
}

/// The feature names in the TUI's "Missing scopes disable: a; b (meetings); …" notice.
fn disabled_in_tui_notice(screen: &str) -> BTreeSet<String> {
    let line = screen
        .lines()
        .find_map(|line| line.split_once("Missing scopes disable: "))
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    let list = line.split(". ").next().unwrap_or(line);
    list.split("; ").map(feature_name).collect()
}

/// "add registrants (meetings ✗, webinars ✓)" → "add registrants".
fn feature_name(text: &str) -> String {
    let name = match text.rsplit_once(" (") {
        Some((name, kinds)) if kinds.contains("meetings") || kinds.contains("webinars") => name,
        _ => text,
    };
    name.trim().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "run by the test above in a child process with a temporary config dir"]
async fn both_logins_run_in_hermetic_config_dirs() {
    assert!(
        std::env::var_os(CHILD_ENV).is_some(),
        "run through an_app_without_meeting_read_is_accepted_by_both_logins_which_name_the_same_disabled_features"
    );
    let data = tempfile::tempdir().expect("data dir");
    let mut app = Harness::start(HarnessOptions {
        login_screen: true,
        os_keyrings: false,
        width: 400,
        ..HarnessOptions::new(data.path().to_path_buf())
    })
    .await;
    let credentials = app.simulator.create_s2s_app(SCOPES_WITHOUT_MEETING_READ);

    // The CLI, in its own config dir, with the values on stdin.
    let cli_home = tempfile::tempdir().expect("cli home");
    let mut cli = Command::new(env!("CARGO_BIN_EXE_regdesk"))
        .args(["login", "--store", "plain-file"])
        .args(["--api-url", &app.simulator.api_url()])
        .args(["--oauth-url", &app.simulator.oauth_url()])
        .env("HOME", cli_home.path())
        .env("REGDESK_CONFIG_DIR", cli_home.path().join("config"))
        .env("REGDESK_DATA_DIR", cli_home.path().join("data"))
        .env_remove("ZOOM_ACCOUNT_ID")
        .env_remove("ZOOM_CLIENT_ID")
        .env_remove("ZOOM_CLIENT_SECRET")
        .env_remove("REGDESK_API_URL")
        .env_remove("REGDESK_OAUTH_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("regdesk login starts");
    let lines = format!(
        "{}\n{}\n{}\n",
        credentials.account_id, credentials.client_id, credentials.client_secret
    );
    cli.stdin
        .take()
        .expect("stdin")
        .write_all(lines.as_bytes())
        .expect("stdin written");
    let ran = tokio::task::spawn_blocking(move || cli.wait_with_output())
        .await
        .expect("joined")
        .expect("regdesk login ran");
    let cli_stdout = String::from_utf8_lossy(&ran.stdout);
    assert!(
        ran.status.success(),
        "the CLI accepts the app:\n{cli_stdout}\n{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let cli_disabled = disabled_in_cli_output(&cli_stdout);
    assert!(
        cli_disabled.contains("list meetings") && cli_disabled.contains("add registrants"),
        "the CLI names the features: {cli_disabled:?}\n{cli_stdout}"
    );

    // The TUI's login screen, with the same app.
    app.wait_for_text("No Zoom credentials yet.").await;
    app.type_text(&credentials.account_id);
    app.press(KeyCode::Enter);
    app.type_text(&credentials.client_id);
    app.press(KeyCode::Enter);
    app.paste(&credentials.client_secret);
    app.press(KeyCode::Enter);
    app.wait_for_text("no OS keyring can keep them here").await;
    app.press(KeyCode::Right);
    app.wait_for_text("● Plain file (0600, NOT encrypted)")
        .await;
    app.press(KeyCode::Enter);
    let screen = app.wait_for_text("Missing scopes disable: ").await;
    assert_eq!(
        disabled_in_tui_notice(&screen),
        cli_disabled,
        "the same disabled features:\nTUI:\n{screen}\nCLI:\n{cli_stdout}"
    );
    app.quit().await.expect("the app quits");
}
