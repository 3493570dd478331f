//! `regdesk login` with stdin piped, against the simulator: what is stored where, that a wrong
//! secret stores nothing, and that the secret reaches no file, no command line and no output.

use regdesk::secrets::StoreKind;
use regdesk::secrets::select::open_keyring;
use std::time::Duration;

use crate::harness::s2s_lines;
use crate::simulated::{app_lines, desk_with_simulator, keyring_usable};
use crate::support::{skip_or_fail, unique_name};

#[tokio::test(flavor = "multi_thread")]
async fn login_keeps_the_secret_in_the_keyring_and_nowhere_on_disk() {
    let test = "login_keeps_the_secret_in_the_keyring_and_nowhere_on_disk";
    if let Err(why) = keyring_usable().await {
        return skip_or_fail(test, &why);
    }
    let (sim, desk) = desk_with_simulator().await;
    let app = sim.s2s_app();
    let profile = unique_name("login");
    let ran = desk
        .run(&["login", "--profile", &profile], &app_lines(&app))
        .await;
    assert_eq!(ran.code, 0, "{ran:?}");
    assert!(ran.stdout.contains("✓ Credentials work"), "{ran:?}");
    assert!(
        ran.stdout
            .contains("Saved in the Secret Service (login keyring)"),
        "{ran:?}"
    );
    assert!(ran.stdout.contains("persists until deleted"), "{ran:?}");

    assert!(
        !ran.all().contains(&app.client_secret),
        "secret in the output: {ran:?}"
    );
    assert!(!ran.cmdline.contains(&app.client_secret), "{}", ran.cmdline);
    assert_eq!(
        desk.files_containing(&app.client_secret),
        Vec::<std::path::PathBuf>::new()
    );
    // Zoom's tokens (and the simulator's) are JWTs: none may be written anywhere.
    assert_eq!(
        desk.files_containing("eyJ"),
        Vec::<std::path::PathBuf>::new()
    );
    let config =
        std::fs::read_to_string(desk.config_file("profiles.toml")).expect("profile written");
    assert!(config.contains("store = \"secret-service\""), "{config}");

    let doctor = desk.run(&["doctor", "--profile", &profile], "").await;
    assert_eq!(doctor.code, 0, "{doctor:?}");
    assert!(doctor.stdout.contains("All is well"), "{doctor:?}");

    let logout = desk.run(&["logout", "--profile", &profile], "").await;
    assert_eq!(logout.code, 0, "{logout:?}");
    let vault = open_keyring(StoreKind::SecretService, Duration::from_secs(20))
        .await
        .expect("keyring");
    assert!(
        vault.load(&profile).await.expect("load").is_none(),
        "logout deleted the entry"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_secret_is_refused_with_the_reason_and_nothing_is_stored() {
    let (sim, desk) = desk_with_simulator().await;
    let app = sim.s2s_app();
    let ran = desk
        .run(
            &["login", "--profile", "work", "--store", "plain-file"],
            &s2s_lines(&app.account_id, &app.client_id, "not-the-secret"),
        )
        .await;
    assert_eq!(ran.code, 1, "{ran:?}");
    assert!(ran.stderr.contains("Nothing was stored"), "{ran:?}");
    assert!(
        !desk.config_file("profiles.toml").exists(),
        "no profile for failed credentials"
    );
    assert!(
        !desk
            .config
            .path()
            .join("credentials")
            .join("work.plain.json")
            .exists()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_encrypted_file_needs_the_passphrase_and_never_shows_the_secret() {
    let (sim, desk) = desk_with_simulator().await;
    let app = sim.s2s_app();
    let ran = desk
        .login_encrypted(&[], &app_lines(&app), "correct horse battery")
        .await;
    assert_eq!(ran.code, 0, "{ran:?}");
    assert!(
        ran.stdout
            .contains("Saved in the passphrase-encrypted file"),
        "{ran:?}"
    );
    assert_eq!(
        desk.files_containing(&app.client_secret),
        Vec::<std::path::PathBuf>::new()
    );

    let without = desk.run(&["doctor"], "").await;
    assert_eq!(without.code, 1, "{without:?}");
    assert!(without.all().contains("REGDESK_PASSPHRASE"), "{without:?}");

    let mut doctor = desk.command(&["doctor"]);
    doctor.env("REGDESK_PASSPHRASE", "correct horse battery");
    let with = desk.run_command(doctor, "").await;
    assert_eq!(with.code, 0, "{with:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_plain_file_needs_consent_and_keeps_warning() {
    let (sim, desk) = desk_with_simulator().await;
    let app = sim.s2s_app();
    let ran = desk
        .run(&["login", "--store", "plain-file"], &app_lines(&app))
        .await;
    assert_eq!(ran.code, 0, "{ran:?}");
    assert!(ran.all().contains("UNENCRYPTED"), "{ran:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let file = desk
            .config
            .path()
            .join("credentials")
            .join("default.plain.json");
        let mode = std::fs::metadata(&file).expect("file").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let profiles = desk.run(&["profiles"], "").await;
    assert!(
        profiles.stdout.contains("⚠ secret stored UNENCRYPTED"),
        "{profiles:?}"
    );
    let doctor = desk.run(&["doctor"], "").await;
    assert_eq!(
        doctor.code, 1,
        "a plain file is a problem until moved: {doctor:?}"
    );
}
