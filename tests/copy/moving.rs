//! Moves with the real binary: after the copy, the source cancels (approved) or denies (pending)
//! exactly the people the target accepted; someone the target refused or holds as denied stays.
//! A move whose cancellations fail keeps its journal open, and `--resume` finishes it from the
//! journal: nobody is registered again and nobody else is touched.

use regdesk::sim::{Category, DailyCaps, Plan as SimPlan, RegistrantStatus};
use serde_json::{Value, json};

use super::support::{Output, binary_env, by_email, journals, meeting, run, simulator};

/// A source whose approved person0, person1 and pending person2 the target accepts; person3's
/// answer is not one of the target's choices (invalid there) and person4 is denied in the target.
fn source_people() -> Vec<Value> {
    let with_role = |i: usize, status: &str, role: &str| {
        json!({
            "email": format!("person{i}@example.org"),
            "first_name": format!("First{i}"),
            "last_name": "Test",
            "status": status,
            "custom_questions": [{"title": "Role", "value": role}],
        })
    };
    vec![
        with_role(0, "approved", "Guest"),
        with_role(1, "approved", "Speaker"),
        with_role(2, "pending", "Guest"),
        with_role(3, "approved", "Chef"),
        with_role(4, "approved", "Guest"),
    ]
}

struct Events {
    source: u64,
    target: u64,
}

fn events(sim: &regdesk::sim::Simulator) -> Events {
    let source = meeting(
        sim,
        json!({"custom_questions": [{"title": "Role", "type": "short", "required": false}]}),
        source_people(),
    );
    let target = meeting(
        sim,
        json!({"custom_questions": [{"title": "Role", "type": "single", "required": true,
                                      "answers": ["Speaker", "Guest"]}]}),
        vec![json!({"email": "person4@example.org", "first_name": "First4", "status": "denied"})],
    );
    Events { source, target }
}

/// The source and target after a complete move.
fn assert_moved_only_the_accepted(sim: &regdesk::sim::Simulator, events: &Events) {
    let source = by_email(sim, events.source);
    let status = |email: &str| source[email].0;
    assert_eq!(
        status("person0@example.org"),
        RegistrantStatus::Denied,
        "cancelled"
    );
    assert_eq!(
        status("person1@example.org"),
        RegistrantStatus::Denied,
        "cancelled"
    );
    assert_eq!(
        status("person2@example.org"),
        RegistrantStatus::Denied,
        "pending: denied"
    );
    assert_eq!(
        status("person3@example.org"),
        RegistrantStatus::Approved,
        "the target refused person3: untouched"
    );
    assert_eq!(
        status("person4@example.org"),
        RegistrantStatus::Approved,
        "the target holds person4 as denied: untouched"
    );
    let target = by_email(sim, events.target);
    assert_eq!(target.len(), 4, "{target:?}");
    assert!(
        target.values().all(|(_, count)| *count == 1),
        "nobody doubled"
    );
    assert!(!target.contains_key("person3@example.org"));
    assert_eq!(target["person4@example.org"].0, RegistrantStatus::Denied);
}

fn move_args(events: &Events) -> Vec<String> {
    [
        "copy",
        &events.source.to_string(),
        &events.target.to_string(),
        "--status",
        "approved,pending",
        "--move",
        "cancel",
    ]
    .map(str::to_owned)
    .to_vec()
}

async fn run_move(env: &[(String, String)], args: &[String], extra: &[&str]) -> Output {
    let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
    all.extend(extra);
    run(env, &all).await
}

#[tokio::test]
async fn a_move_cancels_in_the_source_only_those_the_target_accepted() {
    let sim = simulator(SimPlan::Unlimited).await;
    let events = events(&sim);
    let dir = tempfile::tempdir().unwrap();
    let env = binary_env(&sim, "unlimited", dir.path());

    let moved = run_move(&env, &move_args(&events), &[]).await;
    // person3 is invalid for the target: a row that needs attention.
    assert_eq!(moved.code, Some(3), "{}", moved.both());
    assert!(
        moved
            .stdout
            .contains("2 cancelled, 1 denied (were pending)"),
        "{}",
        moved.stdout
    );
    assert_moved_only_the_accepted(&sim, &events);
}

#[tokio::test]
async fn a_move_whose_cancellations_failed_finishes_on_resume_from_its_journal() {
    let sim = simulator(SimPlan::Unlimited).await;
    let events = events(&sim);
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    let env = binary_env(&sim, "unlimited", &data_dir);
    // The copy's Medium calls (listing the source's two statuses, the target's three, then the
    // source's three for the move) pass; the status changes after them meet Zoom's daily cap.
    let medium_so_far = sim
        .stats()
        .requests_per_category
        .get(&Category::Medium)
        .copied()
        .unwrap_or(0);
    sim.set_daily_caps(Some(DailyCaps {
        light: None,
        medium: Some(medium_so_far + 8),
        heavy: None,
    }));

    let failed = run_move(&env, &move_args(&events), &[]).await;
    assert_eq!(failed.code, Some(3), "{}", failed.both());
    assert!(failed.stderr.contains("--resume"), "{}", failed.stderr);
    let source = by_email(&sim, events.source);
    assert!(
        source
            .values()
            .filter(|(status, _)| *status == RegistrantStatus::Denied)
            .count()
            == 0,
        "nobody was cancelled yet: {source:?}"
    );
    let journal = journals(&data_dir).pop().expect("a journal");
    assert!(
        regdesk::import::journal::read_journal(&journal)
            .unwrap()
            .is_open(),
        "the move is not done, so the copy's journal stays open"
    );
    let sends_before = registration_calls(&sim);

    sim.set_daily_caps(None);
    let resumed = run_move(&env, &move_args(&events), &["--resume"]).await;
    assert_eq!(
        resumed.code,
        Some(3),
        "person3 still needs attention: {}",
        resumed.both()
    );
    assert!(resumed.stdout.contains("Resuming"), "{}", resumed.stdout);
    assert_moved_only_the_accepted(&sim, &events);
    assert_eq!(
        registration_calls(&sim),
        sends_before,
        "the resume registered nobody again"
    );
    assert!(
        regdesk::import::journal::read_journal(&journal)
            .unwrap()
            .finished
    );
}

/// Add and batch registration calls the simulator received.
fn registration_calls(sim: &regdesk::sim::Simulator) -> u64 {
    sim.stats()
        .requests_per_endpoint
        .iter()
        .filter(|(endpoint, _)| endpoint.starts_with("POST") && endpoint.contains("registrants"))
        .map(|(_, count)| *count)
        .sum()
}
