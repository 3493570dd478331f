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
