//! `regdesk profiles`: the list with store, persistence and default marker, and `--set-default`.

use crate::simulated::{app_lines, desk_with_simulator};

#[tokio::test(flavor = "multi_thread")]
async fn profiles_lists_store_persistence_and_default_and_switches_default() {
    let (sim, desk) = desk_with_simulator().await;
    let app = sim.s2s_app();
    for name in ["first", "second"] {
        let ran = desk
            .login_encrypted(&["--profile", name], &app_lines(&app), "a long passphrase")
            .await;
        assert_eq!(ran.code, 0, "{ran:?}");
    }
    let listed = desk.run(&["profiles"], "").await;
    assert_eq!(listed.code, 0, "{listed:?}");
    let line = |name: &str| {
        listed
            .stdout
            .lines()
            .find(|line| line[2..].starts_with(name))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line("first").starts_with("* "), "{listed:?}");
    assert!(line("second").starts_with("  "), "{listed:?}");
    assert!(
        line("second").contains("passphrase-encrypted file"),
        "{listed:?}"
    );
    assert!(line("second").contains("until deleted"), "{listed:?}");

    let switched = desk.run(&["profiles", "--set-default", "second"], "").await;
    assert_eq!(switched.code, 0, "{switched:?}");
    let json = desk.run(&["profiles", "--format", "json"], "").await;
    let rows: serde_json::Value = serde_json::from_str(&json.stdout).expect("json only");
    assert_eq!(rows[1]["name"], "second");
    assert_eq!(rows[1]["default"], true);
    assert_eq!(rows[0]["default"], false);

    let unknown = desk.run(&["profiles", "--set-default", "third"], "").await;
    assert_eq!(unknown.code, 1, "{unknown:?}");
    assert!(
        unknown.stderr.contains("no profile named \"third\""),
        "{unknown:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profiles_hand_edited_default_user_is_whose_meetings_are_listed() {
    let (sim, desk) = desk_with_simulator().await;
    let ran = desk
        .login_encrypted(&[], &app_lines(&sim.s2s_app()), "a long passphrase")
        .await;
    assert_eq!(ran.code, 0, "{ran:?}");
    let path = desk.config_file("profiles.toml");
    let text = std::fs::read_to_string(&path).expect("profiles.toml");
    let edited = text.replace(
        "[profiles.default]\n",
        "[profiles.default]\ndefault-user = \"nobody-here@example.com\"\n",
    );
    assert_ne!(
        edited, text,
        "the profile section is where expected:\n{text}"
    );
    std::fs::write(&path, edited).expect("edit");

    let mut meetings = desk.command(&["meetings"]);
    meetings.env("REGDESK_PASSPHRASE", "a long passphrase");
    let ran = desk.run_command(meetings, "").await;
    assert_eq!(ran.code, 1, "{ran:?}");
    assert!(ran.stderr.contains("nobody-here@example.com"), "{ran:?}");
}
