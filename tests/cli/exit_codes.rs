//! Exit codes of the contract: 2 for a wrong command line (before anything is sent), 1 for a
//! runtime failure with the diagnosis on stderr, and nothing but JSON on stdout with
//! `--format json`.

use crate::support::*;

#[tokio::test]
async fn usage_errors_exit_2_and_name_the_flag() {
    let sim = start().await;
    let id = ROADMAP.to_string();
    let run = regdesk(
        &sim,
        &[
            "add",
            &id,
            "--email",
            "a@example.com",
            "--first-name",
            "A",
            "--field",
            "org",
        ],
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--field \"org\"") && run.stderr.contains("NAME=VALUE"),
        "{}",
        run.stderr
    );

    let run = regdesk(&sim, &["status", &id, "approve"]).await;
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--email"), "{}", run.stderr);

    let run = regdesk(&sim, &["delete", &id]).await;
    assert_eq!(run.code, 2);

    // The meeting requires an organisation and an answer: named before anything is sent.
    let before = sim
        .stats()
        .requests_per_endpoint
        .get("POST /meetings/{meetingId}/registrants")
        .copied();
    let run = regdesk(
        &sim,
        &[
            "add",
            &id,
            "--email",
            "a@example.com",
            "--first-name",
            "A",
            "--last-name",
            "B",
        ],
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("Organization (--field org=…)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("How did you hear about this briefing?"),
        "{}",
        run.stderr
    );
    let run = regdesk(
        &sim,
        &[
            "add",
            &id,
            "--email",
            "a@example.com",
            "--first-name",
            "A",
            "--last-name",
            "B",
            "--field",
            "org=X",
            "--field",
            "How did you hear about this briefing?=Carrier pigeon",
        ],
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("LinkedIn, Newsletter"),
        "{}",
        run.stderr
    );
    assert_eq!(
        sim.stats()
            .requests_per_endpoint
            .get("POST /meetings/{meetingId}/registrants")
            .copied(),
        before
    );

    let run = regdesk(&sim, &["registrants", "not-a-number"]).await;
    assert_eq!(run.code, 2);
}

#[tokio::test]
async fn runtime_failures_exit_1_with_the_diagnosis() {
    let sim = start().await;
    let run = regdesk(&sim, &["registrants", "12345678901", "--format", "json"]).await;
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.is_empty(),
        "nothing but JSON on stdout: {}",
        run.stdout
    );
    assert!(
        run.stderr.contains("why:") && run.stderr.contains("fix:"),
        "{}",
        run.stderr
    );

    let sync = WEEKLY_SYNC.to_string();
    let run = regdesk(
        &sim,
        &[
            "add",
            &sync,
            "--email",
            "a@example.com",
            "--first-name",
            "A",
        ],
    )
    .await;
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("Registration is not enabled"),
        "{}",
        run.stderr
    );

    let roadmap = ROADMAP.to_string();
    let run = regdesk(
        &sim,
        &[
            "status",
            &roadmap,
            "approve",
            "--email",
            "nobody@example.com",
        ],
    )
    .await;
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("nobody@example.com"), "{}", run.stderr);
    assert_eq!(
        sim.stats()
            .requests_per_endpoint
            .get("PUT /meetings/{meetingId}/registrants/status"),
        None
    );

    let run = run_with_env(&["meetings"], &[("REGDESK_API_URL", &sim.api_url())]).await;
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("ZOOM_CLIENT_SECRET"), "{}", run.stderr);

    let app = sim.s2s_app();
    let run = run_with_env(
        &["meetings"],
        &[
            ("ZOOM_ACCOUNT_ID", &app.account_id),
            ("ZOOM_CLIENT_ID", &app.client_id),
            ("ZOOM_CLIENT_SECRET", "not-the-secret-at-all"),
            ("REGDESK_API_URL", &sim.api_url()),
            ("REGDESK_OAUTH_URL", &sim.oauth_url()),
        ],
    )
    .await;
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("client ID or client secret"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("not-the-secret-at-all"));
}

#[tokio::test]
async fn json_output_is_only_json() {
    let sim = start().await;
    let id = ROADMAP.to_string();
    let run = regdesk(
        &sim,
        &["registrants", &id, "--status", "all", "--format", "json"],
    )
    .await
    .ok();
    let registrants = run.json();
    assert_eq!(
        registrants.as_array().unwrap().len(),
        sim.registrants(regdesk::sim::EventKind::Meeting, ROADMAP)
            .len()
    );
    let run = regdesk(
        &sim,
        &["registrants", &id, "--status", "pending", "--format", "csv"],
    )
    .await
    .ok();
    assert!(
        run.stdout
            .starts_with("id,email,first_name,last_name,status"),
        "{}",
        run.stdout
    );
}
