//! Scripts versus people: destructive commands need `--yes` without a terminal, dry runs send
//! nothing, `--quiet` leaves only results and errors, and `--format json` covers every command.

use regdesk::sim::{EventKind, RegistrantStatus, Simulator};

use crate::support::*;

/// Emails of approved registrants of the roadmap briefing.
fn approved_on_roadmap(sim: &Simulator, count: usize) -> Vec<String> {
    sim.registrants(EventKind::Meeting, ROADMAP)
        .into_iter()
        .filter(|registrant| registrant.status == RegistrantStatus::Approved)
        .take(count)
        .map(|registrant| registrant.email)
        .collect()
}

fn is_registered(sim: &Simulator, email: &str) -> bool {
    sim.registrants(EventKind::Meeting, ROADMAP)
        .iter()
        .any(|registrant| registrant.email == email)
}

/// Requests that change something at Zoom.
fn changes_sent(sim: &Simulator) -> Vec<String> {
    sim.stats()
        .requests_per_endpoint
        .keys()
        .filter(|endpoint| !endpoint.starts_with("GET ") && !endpoint.contains("/oauth/token"))
        .cloned()
        .collect()
}

#[tokio::test]
async fn delete_without_a_terminal_needs_yes_and_changes_nothing_without_it() {
    let sim = start().await;
    let id = ROADMAP.to_string();
    let email = approved_on_roadmap(&sim, 1).remove(0);
    let run = regdesk(&sim, &["delete", &id, "--email", &email]).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert!(is_registered(&sim, &email));
    assert!(changes_sent(&sim).is_empty(), "{:?}", changes_sent(&sim));

    regdesk(&sim, &["delete", &id, "--email", &email, "--yes"])
        .await
        .ok();
    assert!(!is_registered(&sim, &email));
}

#[tokio::test]
async fn denying_many_needs_yes_without_a_terminal_but_one_person_or_approving_does_not() {
    let sim = start().await;
    let id = ROADMAP.to_string();
    let people = approved_on_roadmap(&sim, 3);
    let status = |email: &str| {
        sim.registrants(EventKind::Meeting, ROADMAP)
            .into_iter()
            .find(|registrant| registrant.email == email)
            .map(|registrant| registrant.status)
    };
    let many = [
        "status", &id, "deny", "--email", &people[0], "--email", &people[1],
    ];
    let run = regdesk(&sim, &many).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(status(&people[0]), Some(RegistrantStatus::Approved));

    regdesk(&sim, &[&many[..], &["--yes"]].concat()).await.ok();
    assert_eq!(status(&people[1]), Some(RegistrantStatus::Denied));
    regdesk(&sim, &["status", &id, "deny", "--email", &people[2]])
        .await
        .ok();
    assert_eq!(status(&people[2]), Some(RegistrantStatus::Denied));
    regdesk(
        &sim,
        &[
            "status", &id, "approve", "--email", &people[0], "--email", &people[1],
        ],
    )
    .await
    .ok();
    assert_eq!(status(&people[0]), Some(RegistrantStatus::Approved));
}

#[tokio::test]
async fn dry_runs_of_add_status_and_delete_send_nothing_and_say_who() {
    let sim = start().await;
    let id = ROADMAP.to_string();
    let people = approved_on_roadmap(&sim, 2);
    let run = regdesk(
        &sim,
        &[
            "delete",
            &id,
            "--email",
            &people[0],
            "--email",
            &people[1],
            "--dry-run",
            "--format",
            "json",
        ],
    )
    .await
    .ok();
    let report = run.json();
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["registrants"][1]["email"], people[1].as_str());
    assert_eq!(report["registrants"][1]["result"], "would_delete");

    let run = regdesk(
        &sim,
        &[
            "status",
            &id,
            "cancel",
            "--email",
            &people[0],
            "--email",
            &people[1],
            "--dry-run",
        ],
    )
    .await
    .ok();
    assert!(
        run.stdout.contains(&format!("Would cancel {}", people[0])),
        "{}",
        run.stdout
    );

    let add = |extra: &'static [&'static str]| {
        let id = id.clone();
        let sim = &sim;
        async move {
            let mut args = vec![
                "add",
                id.as_str(),
                "--email",
                "dry@example.com",
                "--first-name",
                "Dry",
                "--last-name",
                "Run",
                "--field",
                "org=Acme",
                "--dry-run",
            ];
            args.extend_from_slice(extra);
            regdesk(sim, &args).await
        }
    };
    // A required question left out is found by the dry run, as it would be by a real add.
    let run = add(&[]).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("How did you hear"), "{}", run.stderr);
    let run = add(&["--field", "How did you hear about this briefing?=Other"])
        .await
        .ok();
    assert!(
        run.stdout.contains("Would register dry@example.com"),
        "{}",
        run.stdout
    );
    assert!(!is_registered(&sim, "dry@example.com"));
    assert!(is_registered(&sim, &people[0]) && is_registered(&sim, &people[1]));
    assert!(changes_sent(&sim).is_empty(), "{:?}", changes_sent(&sim));
}

#[tokio::test]
async fn quiet_leaves_only_the_results_on_stdout() {
    let sim = start().await;
    let id = STATE_OF_TECH.to_string();
    let loud = regdesk(&sim, &["registrants", &id]).await.ok();
    assert!(!loud.stderr.is_empty());
    let quiet = regdesk(&sim, &["registrants", &id, "--quiet"]).await.ok();
    assert_eq!(quiet.stderr, "");
    assert_eq!(quiet.stdout, loud.stdout);
    // Errors are still said.
    let run = regdesk(&sim, &["-q", "registrants", "999 9999 9999"]).await;
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error:"), "{}", run.stderr);
}

#[tokio::test]
async fn every_command_that_reports_speaks_json() {
    let sim = start().await;
    let id = ROADMAP.to_string();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("out.csv");
    let file = file.to_string_lossy();
    let email = approved_on_roadmap(&sim, 1).remove(0);
    let commands: Vec<Vec<&str>> = vec![
        vec!["meetings"],
        vec!["registrants", &id],
        vec!["export", &id, &file],
        vec!["status", &id, "deny", "--email", &email],
        vec!["delete", &id, "--email", &email, "--yes"],
        vec!["profiles"],
    ];
    for mut args in commands {
        args.extend(["--format", "json"]);
        let run = regdesk(&sim, &args).await.ok();
        let _parsed = run.json();
    }
    // doctor judges the environment's credentials; its report is JSON whatever the verdict.
    let run = regdesk(&sim, &["doctor", "--format", "json"]).await;
    let checks = run.json();
    assert!(
        checks
            .as_array()
            .is_some_and(|checks| checks.iter().any(|check| check["name"] == "debug log")),
        "{checks}"
    );
}
