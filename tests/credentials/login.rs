//! `regdesk login` with stdin piped, against the simulator: what is stored where, that a wrong
//! secret stores nothing, and that the secret reaches no file, no command line and no output.

use regdesk::secrets::StoreKind;

use crate::harness::s2s_lines;
use crate::simulated::{app_lines, assert_forgotten, desk_with_keyring, desk_with_simulator};
use crate::support::unique_name;

#[tokio::test(flavor = "multi_thread")]
async fn login_keeps_the_secret_in_the_keyring_and_nowhere_on_disk() {
    let test = "login_keeps_the_secret_in_the_keyring_and_nowhere_on_disk";
    let Some((sim, desk)) = desk_with_keyring(test, None).await else {
        return;
    };
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
    desk.assert_no_file_contains(&app.client_secret);
    // Zoom's tokens (and the simulator's) are JWTs: none may be written anywhere.
    desk.assert_no_file_contains("eyJ");
    let config =
        std::fs::read_to_string(desk.config_file("profiles.toml")).expect("profile written");
    assert!(config.contains("store = \"secret-service\""), "{config}");

    let doctor = desk.run(&["doctor", "--profile", &profile], "").await;
    assert_eq!(doctor.code, 0, "{doctor:?}");
    assert!(doctor.stdout.contains("All is well"), "{doctor:?}");

    let logout = desk.run(&["logout", "--profile", &profile], "").await;
    assert_eq!(logout.code, 0, "{logout:?}");
    assert_forgotten(StoreKind::SecretService, &profile).await;
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
    ran.assert_stdout_shows(&["Saved in the passphrase-encrypted file"]);
    desk.assert_no_file_contains(&app.client_secret);

    let without = desk.run(&["doctor"], "").await;
    assert_eq!(without.code, 1, "{without:?}");
    assert!(without.all().contains("REGDESK_PASSPHRASE"), "{without:?}");

    let mut wrong = desk.command(&["doctor"]);
    wrong.env("REGDESK_PASSPHRASE", "incorrect horse");
    let wrong = desk.run_command(wrong, "").await;
    assert_eq!(wrong.code, 1, "{wrong:?}");
    wrong.assert_stdout_shows(&[
        "✗ credentials      profile \"default\": wrong passphrase for the encrypted credentials file",
        "fix: type the passphrase again; if it is lost, `regdesk login` replaces the file",
    ]);

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

#[tokio::test(flavor = "multi_thread")]
async fn login_shows_the_granted_scopes_and_what_each_missing_scope_disables() {
    let (sim, desk) = desk_with_simulator().await;
    let granted = [
        "meeting:read:admin",
        "webinar:read:admin",
        "webinar:write:admin",
        "user:read:admin",
    ];
    let app = sim.create_s2s_app(&granted);
    let ran = desk
        .login_encrypted(&[], &app_lines(&app), "a long passphrase")
        .await;
    assert_eq!(ran.code, 0, "an app short of scopes still logs in: {ran:?}");
    let listed = ran
        .stdout
        .split_once("Granted scopes (4):")
        .and_then(|(_, rest)| rest.split_once("✓ list meetings"))
        .map(|(scopes, _)| scopes)
        .unwrap_or_default();
    for scope in granted {
        assert!(listed.contains(scope), "{scope}: {ran:?}");
    }
    ran.assert_stdout_shows(&[
        "✓ list meetings",
        "✓ list webinars",
        "✓ view registrants",
        "✓ registration questions",
        "✗ add registrants (meetings ✗, webinars ✓) — needs meeting:write:admin",
        "✗ approve/deny/cancel (meetings ✗, webinars ✓) — needs meeting:write:admin",
        "✗ delete registrants (meetings ✗, webinars ✓) — needs meeting:write:admin",
        "✗ import (batch registration) (meetings ✗, webinars ✓) — needs meeting:write:admin",
    ]);
}

#[tokio::test(flavor = "multi_thread")]
async fn login_says_that_zoom_variables_in_the_shell_win_over_the_new_profile() {
    let (sim, desk) = desk_with_simulator().await;
    let app = sim.s2s_app();
    let mut command = desk.command(&["login", "--store", "plain-file"]);
    command
        .env("ZOOM_ACCOUNT_ID", &app.account_id)
        .env("ZOOM_CLIENT_ID", &app.client_id)
        .env("ZOOM_CLIENT_SECRET", &app.client_secret);
    let ran = desk.run_command(command, &app_lines(&app)).await;
    assert_eq!(ran.code, 0, "{ran:?}");
    ran.assert_stdout_shows(&[
        "Note: ZOOM_* environment variables are set in this shell; they win over every profile",
    ]);
}

#[tokio::test(flavor = "multi_thread")]
async fn logging_in_again_with_a_keyring_moves_the_secret_out_of_the_plain_file() {
    let test = "logging_in_again_with_a_keyring_moves_the_secret_out_of_the_plain_file";
    let Some((sim, desk)) = desk_with_keyring(test, Some(StoreKind::SecretService)).await else {
        return;
    };
    let app = sim.s2s_app();
    let profile = unique_name("moved");
    let plain = desk
        .run(
            &["login", "--profile", &profile, "--store", "plain-file"],
            &app_lines(&app),
        )
        .await;
    assert_eq!(plain.code, 0, "{plain:?}");
    assert_eq!(desk.files_containing(&app.client_secret).len(), 1);

    let moved = desk
        .run(&["login", "--profile", &profile], &app_lines(&app))
        .await;
    assert_eq!(moved.code, 0, "{moved:?}");
    moved.assert_stdout_shows(&[
        "Removed the old copy from the plain file (not encrypted).",
        "Saved in the Secret Service (login keyring)",
    ]);
    desk.assert_no_file_contains(&app.client_secret);
    let doctor = desk.run(&["doctor", "--profile", &profile], "").await;
    assert_eq!(doctor.code, 0, "no warning badge any more: {doctor:?}");

    let logout = desk.run(&["logout", "--profile", &profile], "").await;
    assert_eq!(logout.code, 0, "{logout:?}");
    assert_forgotten(StoreKind::SecretService, &profile).await;
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn profiles_and_credential_files_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let (sim, desk) = desk_with_simulator().await;
    let app = sim.s2s_app();
    // A config dir regdesk has to create, under a umask that takes nothing away.
    let config = desk.config.path().join("fresh").join("regdesk");
    let mut command = desk.wrapped_command(
        &["sh", "-c", "umask 000 && exec \"$@\"", "sh"],
        &["login", "--store", "plain-file"],
    );
    command.env("REGDESK_CONFIG_DIR", &config);
    let ran = desk.run_command(command, &app_lines(&app)).await;
    assert_eq!(ran.code, 0, "{ran:?}");
    let mode = |path: &std::path::Path| {
        std::fs::metadata(path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
            .permissions()
            .mode()
            & 0o777
    };
    for folder in [
        config.parent().unwrap().to_path_buf(),
        config.clone(),
        config.join("credentials"),
    ] {
        assert_eq!(mode(&folder), 0o700, "{}", folder.display());
    }
    for file in [
        config.join("profiles.toml"),
        config.join("credentials").join("default.plain.json"),
    ] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
}
