//! `regdesk doctor` against the simulator: a good profile, missing scopes, a legacy JWT profile
//! with a clock 120 s off, and a wrong secret; each with its exit code and fix.

use regdesk::profiles::Profiles;
use regdesk::secrets::StoreKind;
use regdesk::zoom::Credentials;
use secrecy::SecretString;

use crate::harness::{Desk, Ran};
use crate::simulated::{app_lines, desk_with_keyring, desk_with_simulator, keyring};
use crate::support::unique_name;

const PASSPHRASE: &str = "doctor test passphrase";

async fn login(desk: &Desk, args: &[&str], stdin: &str) {
    let ran = desk.login_encrypted(args, stdin, PASSPHRASE).await;
    assert_eq!(ran.code, 0, "login: {ran:?}");
}

async fn doctor(desk: &Desk, env: &[(&str, &str)]) -> Ran {
    let mut command = desk.command(&["doctor"]);
    command.env("REGDESK_PASSPHRASE", PASSPHRASE);
    for (key, value) in env {
        command.env(key, value);
    }
    desk.run_command(command, "").await
}

#[tokio::test(flavor = "multi_thread")]
async fn before_any_login_the_doctor_says_where_a_login_would_keep_the_secret() {
    let test = "before_any_login_the_doctor_says_where_a_login_would_keep_the_secret";
    let Some((_sim, desk)) = desk_with_keyring(test, Some(StoreKind::SecretService)).await else {
        return;
    };
    let ran = desk.run(&["doctor"], "").await;
    assert_eq!(ran.code, 1, "{ran:?}");
    ran.assert_stdout_shows(&[
        "✗ store            no profile, and no ZOOM_* environment variables",
        "✓ the Secret Service (login keyring) works here",
        "fix: run `regdesk login`; the secret goes to the Secret Service (login keyring)",
        "– token",
    ]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_good_profile_is_all_well() {
    let (sim, desk) = desk_with_simulator().await;
    let app = sim.s2s_app();
    login(&desk, &[], &app_lines(&app)).await;
    let ran = doctor(&desk, &[]).await;
    assert_eq!(ran.code, 0, "{ran:?}");
    ran.assert_stdout_shows(&[
        "✓ store",
        "✓ credentials",
        "✓ token",
        "✓ scopes",
        "✓ api",
        "All is well",
    ]);
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_meeting_write_scope_names_the_disabled_features_and_the_fix() {
    let (sim, desk) = desk_with_simulator().await;
    let app = sim.create_s2s_app(&[
        "meeting:read:admin",
        "webinar:read:admin",
        "webinar:write:admin",
        "user:read:admin",
    ]);
    login(&desk, &[], &app_lines(&app)).await;
    let ran = doctor(&desk, &[]).await;
    assert_eq!(ran.code, 1, "{ran:?}");
    assert!(ran.stdout.contains("✗ scopes"), "{ran:?}");
    assert!(
        ran.stdout
            .contains("✗ add registrants (meetings ✗, webinars ✓)"),
        "{ran:?}"
    );
    assert!(
        ran.stdout.contains("✗ import (batch registration)"),
        "{ran:?}"
    );
    assert!(
        ran.stdout.contains(
            "fix: in the Zoom App Marketplace open your app → Scopes, add meeting:write:admin"
        ),
        "{ran:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_legacy_jwt_profile_with_a_clock_120_s_off_is_told_to_sync_the_clock() {
    let (sim, desk) = desk_with_simulator().await;
    let app = sim.jwt_app();
    sim.set_clock_offset(120);
    let ran = desk
        .login_encrypted(
            &["--jwt"],
            &format!("{}\n{}\n", app.api_key, app.api_secret),
            PASSPHRASE,
        )
        .await;
    assert_eq!(
        ran.code, 0,
        "the offset is measured and allowed for: {ran:?}"
    );
    assert!(
        ran.stdout
            .contains("⚠ this computer's clock is 120 s behind Zoom's"),
        "login warns at once: {ran:?}"
    );
    let ran = doctor(&desk, &[]).await;
    assert_eq!(ran.code, 1, "{ran:?}");
    assert!(ran.stdout.contains("✗ clock"), "{ran:?}");
    assert!(ran.stdout.contains("120 s behind Zoom's"), "{ran:?}");
    assert!(ran.stdout.contains("timedatectl set-ntp true"), "{ran:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_secret_in_the_environment_is_diagnosed_with_a_fix() {
    let (sim, desk) = desk_with_simulator().await;
    let app = sim.s2s_app();
    let ran = doctor(
        &desk,
        &[
            ("ZOOM_ACCOUNT_ID", &app.account_id),
            ("ZOOM_CLIENT_ID", &app.client_id),
            ("ZOOM_CLIENT_SECRET", "wrong-secret"),
        ],
    )
    .await;
    assert_eq!(ran.code, 1, "{ran:?}");
    assert!(
        ran.stdout.contains("ZOOM_* environment variables"),
        "{ran:?}"
    );
    assert!(ran.stdout.contains("✗ token"), "{ran:?}");
    assert!(ran.stdout.contains("fix:"), "{ran:?}");
    assert!(!ran.all().contains("wrong-secret"), "{ran:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_whose_stored_secret_was_regenerated_is_told_to_log_in_again() {
    let test = "a_profile_whose_stored_secret_was_regenerated_is_told_to_log_in_again";
    let Some((sim, desk)) = desk_with_keyring(test, None).await else {
        return;
    };
    let app = sim.s2s_app();
    let profile = unique_name("rotated");
    let ran = desk
        .run(&["login", "--profile", &profile], &app_lines(&app))
        .await;
    assert_eq!(ran.code, 0, "{ran:?}");
    // The secret was regenerated in the Marketplace: the keyring still holds the old one.
    let profiles = Profiles::load_from(&desk.config_file("profiles.toml")).expect("profiles");
    let store = profiles.get(&profile).expect("recorded").store;
    let vault = keyring(store).await;
    let stale = Credentials::ServerToServer {
        account_id: app.account_id.clone(),
        client_id: app.client_id.clone(),
        client_secret: SecretString::from("the-old-secret"),
    };
    vault.save(&profile, &stale).await.expect("overwrite");

    let ran = desk.run(&["doctor", "--profile", &profile], "").await;
    vault.delete(&profile).await.expect("clean up");
    assert_eq!(ran.code, 1, "{ran:?}");
    assert!(ran.stdout.contains("✓ credentials      present"), "{ran:?}");
    assert!(
        ran.stdout
            .contains("✗ token            Zoom rejected the client ID or client secret."),
        "{ran:?}"
    );
    assert!(
        ran.stdout
            .contains("fix: Copy the Client ID and Client secret again"),
        "{ran:?}"
    );
    assert!(ran.stdout.contains("regdesk login"), "{ran:?}");
    assert!(ran.stdout.contains("– scopes"), "{ran:?}");
    assert!(!ran.all().contains("the-old-secret"), "{ran:?}");
}
