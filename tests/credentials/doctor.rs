//! `regdesk doctor` against the simulator: a good profile, missing scopes, a legacy JWT profile
//! with a clock 120 s off, and a wrong secret; each with its exit code and fix.

use crate::harness::{Desk, Ran};
use crate::simulated::{app_lines, desk_with_simulator};

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
async fn a_good_profile_is_all_well() {
    let (sim, desk) = desk_with_simulator().await;
    let app = sim.s2s_app();
    login(&desk, &[], &app_lines(&app)).await;
    let ran = doctor(&desk, &[]).await;
    assert_eq!(ran.code, 0, "{ran:?}");
    for expected in [
        "✓ store",
        "✓ credentials",
        "✓ token",
        "✓ scopes",
        "✓ api",
        "All is well",
    ] {
        assert!(
            ran.stdout.contains(expected),
            "missing {expected:?}: {ran:?}"
        );
    }
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
    login(
        &desk,
        &["--jwt"],
        &format!("{}\n{}\n", app.api_key, app.api_secret),
    )
    .await;
    sim.set_clock_offset(120);
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
