//! The diagnostic log: off unless asked for; with `REGDESK_LOG` (or `-v`) a private file in the
//! data dir, with no secret of the run in it.

use std::path::Path;

use super::support::{run_with_env, start};

#[tokio::test]
async fn without_regdesk_log_nothing_is_logged() {
    let data = tempfile::tempdir().expect("temp dir");
    let data_dir = data.path().to_string_lossy().into_owned();
    let run = run_with_env(
        &["profiles"],
        &[
            ("REGDESK_DATA_DIR", data_dir.as_str()),
            ("REGDESK_CONFIG_DIR", data_dir.as_str()),
        ],
    )
    .await
    .ok();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert!(!data.path().join("logs").exists());
}

#[tokio::test]
async fn regdesk_log_writes_a_private_log_without_the_secrets_of_the_run() {
    let sim = start().await;
    let data = tempfile::tempdir().expect("temp dir");
    let data_dir = data.path().to_string_lossy().into_owned();
    let app = sim.s2s_app();
    let run = run_with_env(
        &["meetings", "--format", "json"],
        &[
            ("ZOOM_ACCOUNT_ID", app.account_id.as_str()),
            ("ZOOM_CLIENT_ID", app.client_id.as_str()),
            ("ZOOM_CLIENT_SECRET", app.client_secret.as_str()),
            ("REGDESK_API_URL", &sim.api_url()),
            ("REGDESK_OAUTH_URL", &sim.oauth_url()),
            ("REGDESK_DATA_DIR", data_dir.as_str()),
            ("REGDESK_LOG", "trace"),
        ],
    )
    .await
    .ok();
    assert!(run.json().is_array() || run.json().is_object());
    let log = data.path().join("logs/regdesk.log");
    let text = std::fs::read_to_string(&log).expect("the log exists");
    assert!(
        text.contains(&format!("regdesk {}", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    assert!(!text.contains(app.client_secret.as_str()), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |path: &Path| {
            std::fs::metadata(path)
                .expect("metadata")
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!(mode(&log), 0o600);
        assert_eq!(mode(&data.path().join("logs")), 0o700);
    }
}
