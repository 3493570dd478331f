//! Exit codes of the contract: 2 for a wrong command line (before anything is sent), 1 for a
//! runtime failure with the diagnosis on stderr, 3 for partial success, and nothing but JSON on
//! stdout with `--format json`.

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
        run.stderr.contains("\"LinkedIn\", \"Newsletter\""),
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

    // Zoom's registrant IDs may start with `-`: still an ID, not a flag (so Zoom answers).
    let run = regdesk(
        &sim,
        &["delete", &id, "--id", "-sBNkfvINp6j5OBgdYNXZA", "--yes"],
    )
    .await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error (-sBNkfvINp6j5OBgdYNXZA): Zoom has no such registrant")
            && run
                .stderr
                .contains("regdesk registrants MEETING_ID --status all"),
        "{}",
        run.stderr
    );
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

    // Zoom's status endpoint skips unknown registrants silently: regdesk looks them up first.
    let roadmap = ROADMAP.to_string();
    let known = sim
        .registrants(regdesk::sim::EventKind::Meeting, ROADMAP)
        .into_iter()
        .next()
        .unwrap();
    let run = regdesk(
        &sim,
        &[
            "status",
            &roadmap,
            "deny",
            "--email",
            "nobody@example.com",
            "--id",
            "no-such-id",
            "--id",
            &known.id,
        ],
    )
    .await;
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("has the ID no-such-id, the email nobody@example.com")
            && run.stderr.contains("nothing was changed"),
        "{}",
        run.stderr
    );
    assert_eq!(
        sim.registrants(regdesk::sim::EventKind::Meeting, ROADMAP)[0].status,
        known.status
    );
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
async fn partial_success_exits_3_and_names_what_failed() {
    let sim = start().await;
    let id = ROADMAP.to_string();
    let someone = sim
        .registrants(regdesk::sim::EventKind::Meeting, ROADMAP)
        .into_iter()
        .next()
        .expect("a demo registrant");
    let run = regdesk(
        &sim,
        &[
            "delete",
            &id,
            "--email",
            &someone.email,
            "--id",
            "no-such-registrant",
            "--yes",
        ],
    )
    .await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!("Deleted {}", someone.email)),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("error (no-such-registrant): Zoom has no such registrant"),
        "{}",
        run.stderr
    );
    assert!(
        sim.registrants(regdesk::sim::EventKind::Meeting, ROADMAP)
            .iter()
            .all(|registrant| registrant.id != someone.id)
    );
}

#[tokio::test]
async fn a_status_change_refused_for_one_chunk_is_partial() {
    let sim = start().await;
    let webinar = STATE_OF_TECH.to_string();
    let approved: Vec<String> = sim
        .registrants(regdesk::sim::EventKind::Webinar, STATE_OF_TECH)
        .into_iter()
        .filter(|registrant| registrant.status == regdesk::sim::RegistrantStatus::Approved)
        .take(31)
        .map(|registrant| registrant.email)
        .collect();
    // The last person has used up Zoom's 10 status changes for today.
    let last = approved[30].as_str();
    for change in 0..10 {
        let action = if change % 2 == 0 { "deny" } else { "approve" };
        let args = ["status", &webinar, action, "--webinar", "--email", last];
        regdesk(&sim, &args).await.ok();
    }
    let mut args = vec!["status", &webinar, "deny", "--webinar", "--yes"];
    for email in &approved {
        args.extend(["--email", email.as_str()]);
    }
    let run = regdesk(&sim, &args).await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(
        run.stdout
            .lines()
            .filter(|line| line.starts_with("Denied"))
            .count(),
        30
    );
    assert!(
        run.stderr.contains(&format!("error ({last}"))
            && run.stderr.contains("changed 10 times today"),
        "{}",
        run.stderr
    );
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

/// Zoom cancels approved registrants only: `status cancel` for someone still pending sends
/// nothing, names them with the reason and exits 1; with someone approved beside them it cancels
/// that one and exits 3.
#[tokio::test]
async fn cancelling_someone_pending_sends_nothing_and_says_why() {
    const MANUAL: u64 = 86350218847;
    let sim = start().await;
    let id = MANUAL.to_string();
    let everyone = sim.registrants(regdesk::sim::EventKind::Meeting, MANUAL);
    let pending = everyone
        .iter()
        .find(|r| r.status == regdesk::sim::RegistrantStatus::Pending)
        .unwrap();
    let approved = everyone
        .iter()
        .find(|r| r.status == regdesk::sim::RegistrantStatus::Approved)
        .unwrap();
    let run = regdesk(&sim, &["status", &id, "cancel", "--email", &pending.email]).await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("pending (Zoom cancels approved registrants only)")
            && run.stderr.contains("nothing was sent"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("Cancelled"), "{}", run.stdout);
    assert_eq!(
        sim.stats()
            .requests_per_endpoint
            .get("PUT /meetings/{meetingId}/registrants/status"),
        None
    );
    let both = [
        "status",
        &id,
        "cancel",
        "--email",
        &pending.email,
        "--email",
        &approved.email,
    ];
    let run = regdesk(&sim, &both).await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(
        run.stdout
            .lines()
            .filter(|l| l.starts_with("Cancelled"))
            .count(),
        1
    );
}
