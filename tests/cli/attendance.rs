//! `regdesk attendance` against the simulator: no-shows, walk-ins and attendees of an event that
//! took place, the no-show list as an import file, the fallback without a report scope, and
//! instances named by a UUID that must be double-encoded.

use std::collections::BTreeSet;

use regdesk::sim::{SimApp, Simulator};
use serde_json::{Value, json};

use crate::support::*;

/// The demo's webinar that took place; its instance UUID starts with `/`.
const BENCHMARKS: u64 = 93318820475;
const BENCHMARKS_UUID: &str = "/u7RkM0cTq2Wf9LxYb3N8pA==";
const OWNER_EMAIL: &str = "maya.lindqvist@northwind-events.example";

/// A meeting that took place: Ann came twice (dropped out, rejoined), Bob through a shared link
/// with his email in other letters' case, the host, and a guest; Cy (whose surname a spreadsheet
/// would run as a formula) did not come; Di is still pending.
fn past_meeting(sim: &Simulator) -> u64 {
    sim.create_meeting(json!({
        "topic": "Past briefing",
        "start_in_minutes": -120,
        "registrants": [
            {"email": "ann@example.com", "first_name": "Ann", "last_name": "Lee"},
            {"email": "bob@example.com", "first_name": "Bob", "last_name": "Stone"},
            {"email": "cy@example.com", "first_name": "Cy", "last_name": "=1+1"},
            {"email": "di@example.com", "first_name": "Di", "last_name": "Park", "status": "pending"}
        ],
        "past_instances": [{
            "started_minutes_ago": 90,
            "participants": [
                {"user": OWNER_EMAIL},
                {"registrant": "ann@example.com", "join_after": 1, "stay": 20},
                {"registrant": "ann@example.com", "join_after": 25},
                {"registrant": "bob@example.com", "via_shared_link": true, "email": "BOB@Example.com", "join_after": 3},
                {"name": "Guest on a phone", "join_after": 10, "stay": 5}
            ]
        }]
    }))
    .expect("meeting created")
}

fn emails(list: &Value, path: &str) -> BTreeSet<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("no list: {list}"))
        .iter()
        .map(|item| {
            item.pointer(path)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        })
        .collect()
}

async fn regdesk_as(sim: &Simulator, app: &SimApp, args: &[&str]) -> Run {
    run_with_env(
        args,
        &[
            ("ZOOM_ACCOUNT_ID", app.account_id.as_str()),
            ("ZOOM_CLIENT_ID", app.client_id.as_str()),
            ("ZOOM_CLIENT_SECRET", app.client_secret.as_str()),
            ("REGDESK_API_URL", &sim.api_url()),
            ("REGDESK_OAUTH_URL", &sim.oauth_url()),
        ],
    )
    .await
}

#[tokio::test]
async fn attendance_names_no_shows_walk_ins_and_attendees_matched_by_id_then_email() {
    let sim = start().await;
    let id = past_meeting(&sim).to_string();
    let run = regdesk(&sim, &["attendance", &id, "--format", "json"])
        .await
        .ok();
    let answer = run.json();
    assert_eq!(answer["source"], "participant_report");
    assert_eq!(
        emails(&answer["no_shows"], "/email"),
        BTreeSet::from(["cy@example.com".to_owned()]),
        "the pending registrant is no no-show: {answer}"
    );
    assert_eq!(
        emails(&answer["attended"], "/registrant/email"),
        BTreeSet::from(["ann@example.com".to_owned(), "bob@example.com".to_owned()])
    );
    let attended = answer["attended"].as_array().unwrap();
    let ann = attended
        .iter()
        .find(|a| a["registrant"]["email"] == "ann@example.com")
        .unwrap();
    assert_eq!(
        (&ann["stays"], &ann["matched_by"]),
        (&json!(2), &json!("registrant_id"))
    );
    let bob = attended
        .iter()
        .find(|a| a["registrant"]["email"] == "bob@example.com")
        .unwrap();
    assert_eq!(bob["matched_by"], "email");
    assert_eq!(answer["walk_ins"][0]["name"], "Guest on a phone");
    assert_eq!(answer["walk_ins"].as_array().unwrap().len(), 1);
    assert_eq!(answer["account_users"][0]["email"], OWNER_EMAIL);
    assert!(
        run.stderr
            .contains("3 approved registrants, 2 attended, 1 no-shows; 1 walk-ins"),
        "{}",
        run.stderr
    );

    let walk_ins = regdesk(&sim, &["attendance", &id, "--show", "walk-ins"])
        .await
        .ok();
    assert!(walk_ins.stdout.starts_with("NAME"), "{}", walk_ins.stdout);
    assert!(walk_ins.stdout.contains("Guest on a phone"));
    assert!(walk_ins.stdout.contains("(hidden by Zoom)"));
}

#[tokio::test]
async fn the_no_show_file_has_the_export_columns_and_imports_into_the_next_event() {
    let sim = start().await;
    let id = past_meeting(&sim).to_string();
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("no-shows.csv");
    let path = file.to_str().unwrap();
    regdesk(&sim, &["attendance", &id, "--output", path])
        .await
        .ok();
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with('\u{feff}'), "a BOM for Excel");
    let mut lines = written.trim_start_matches('\u{feff}').lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("id,email,first_name,last_name,status,create_time,join_url"),
        "{header}"
    );
    let row = lines.next().unwrap();
    assert!(
        row.contains("cy@example.com") && row.contains(",'=1+1,"),
        "{row}"
    );
    assert_eq!(lines.next(), None);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let csv = regdesk(&sim, &["attendance", &id, "--format", "csv"])
        .await
        .ok();
    assert_eq!(csv.stdout.lines().next(), Some(header));

    // The next event asks for a last name, which the no-show file carries.
    let next = sim
        .create_meeting(json!({
            "topic": "Next briefing",
            "questions": [{"field_name": "last_name", "required": true}]
        }))
        .unwrap()
        .to_string();
    let import = regdesk(&sim, &["import", &next, path, "--dry-run"]).await;
    assert_eq!(import.code, 0, "{}\n{}", import.stdout, import.stderr);
    assert!(!import.stdout.contains("Problems"), "{}", import.stdout);
}

#[tokio::test]
async fn without_a_report_scope_attendance_reads_past_participants_and_says_so() {
    let sim = start().await;
    let id = past_meeting(&sim).to_string();
    let reader = sim.create_s2s_app(&["meeting:read:admin"]);
    let run = regdesk_as(&sim, &reader, &["attendance", &id, "--format", "json"])
        .await
        .ok();
    assert!(run.stderr.contains("no report scope"), "{}", run.stderr);
    let answer = run.json();
    assert_eq!(answer["source"], "past_participants");
    assert_eq!(
        emails(&answer["no_shows"], "/email"),
        BTreeSet::from(["cy@example.com".to_owned()])
    );
}

#[tokio::test]
async fn a_webinar_instance_is_chosen_by_its_uuid_even_one_starting_with_a_slash() {
    let sim = start().await;
    let webinar = BENCHMARKS.to_string();
    let instances = regdesk(
        &sim,
        &[
            "attendance",
            &webinar,
            "--webinar",
            "--instances",
            "--format",
            "json",
        ],
    )
    .await
    .ok();
    assert_eq!(instances.json()[0]["uuid"], BENCHMARKS_UUID);
    let by_uuid = regdesk(
        &sim,
        &[
            "attendance",
            &webinar,
            "--webinar",
            "--instance",
            BENCHMARKS_UUID,
            "--format",
            "json",
        ],
    )
    .await
    .ok();
    let latest = regdesk(
        &sim,
        &["attendance", &webinar, "--webinar", "--format", "json"],
    )
    .await
    .ok();
    let (by_uuid, latest) = (by_uuid.json(), latest.json());
    assert_eq!(by_uuid["no_shows"], latest["no_shows"]);
    assert!(!latest["no_shows"].as_array().unwrap().is_empty());
    assert!(!latest["walk_ins"].as_array().unwrap().is_empty());
    assert!(
        latest["attended"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["matched_by"] == "email"),
        "the demo has a registrant who came by a shared link: {latest}"
    );
}

#[tokio::test]
async fn attendance_of_a_meeting_that_has_not_taken_place_fails_with_zooms_reason() {
    let sim = start().await;
    let run = regdesk(&sim, &["attendance", &ROADMAP.to_string()]).await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("not found or has expired"),
        "{}",
        run.stderr
    );
}

/// Zoom returns no participants for an instance only one person joined: the output says that
/// the one who came may be listed among the no-shows, instead of passing "nobody came" off as
/// fact.
#[tokio::test]
async fn an_instance_zoom_lists_nobody_for_says_one_person_may_have_come() {
    let sim = start().await;
    let id = sim
        .create_meeting(json!({
            "topic": "Quiet briefing",
            "start_in_minutes": -120,
            "registrants": [
                {"email": "ann@example.com", "first_name": "Ann", "last_name": "Lee"},
                {"email": "bob@example.com", "first_name": "Bob", "last_name": "Stone"}
            ],
            "past_instances": [{
                "started_minutes_ago": 90,
                "participants": [{"registrant": "ann@example.com", "join_after": 1}]
            }]
        }))
        .expect("meeting created")
        .to_string();
    let run = regdesk(&sim, &["attendance", &id, "--format", "json"])
        .await
        .ok();
    assert!(
        run.stderr.contains("Zoom listed nobody for this time")
            && run.stderr.contains("only one joined"),
        "{}",
        run.stderr
    );
    assert_eq!(
        emails(&run.json()["no_shows"], "/email").len(),
        2,
        "Zoom's answer, as it is"
    );
}
