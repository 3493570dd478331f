//! Events that took place: past instances with their UUIDs, who joined each one (past participants
//! and participant reports, with join/leave times, rejoins, paging), webinar absentees, and
//! Zoom's refusals (UUID encoding, scopes, a free plan, data over a year old).

use std::time::Duration;

use regdesk::sim::Plan;
use serde_json::{Value, json};

use super::common::*;

/// The demo's recurring meeting with two past occurrences and attendance.
const CLINIC: u64 = 85570312846;
/// The demo's webinar that took place; its instance UUID starts with `/`.
const BENCHMARKS: u64 = 93318820475;
const BENCHMARKS_UUID: &str = "/u7RkM0cTq2Wf9LxYb3N8pA==";

/// Percent-encodes every byte outside the unreserved set.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A meeting that took place an hour ago: Ann (twice: she dropped and rejoined), Bob through a
/// shared link (no registrant ID), the host, and a guest who never registered. Cy registered and
/// did not come.
fn small_past_meeting(h: &Harness) -> u64 {
    h.sim
        .create_meeting(json!({
            "topic": "Past briefing",
            "start_in_minutes": -120,
            "duration": 60,
            "registrants": [
                {"email": "ann@example.com", "first_name": "Ann", "last_name": "Lee"},
                {"email": "bob@example.com", "first_name": "Bob", "last_name": "Stone"},
                {"email": "cy@example.com", "first_name": "Cy", "last_name": "Young"}
            ],
            "past_instances": [{
                "uuid": "aBcDeFgHiJkLmNoPqRsTuV==",
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

/// Every row of a participants list, `page_size` at a time (Heavy reports allow 10 calls a second
/// on Pro, so big lists are read 300 at a time).
async fn all_participants(h: &Harness, path: &str, page_size: u32) -> Vec<Value> {
    let mut rows = Vec::new();
    let mut token = String::new();
    loop {
        let separator = if path.contains('?') { '&' } else { '?' };
        let page = h
            .get(&format!(
                "{path}{separator}page_size={page_size}&next_page_token={token}"
            ))
            .await;
        assert_eq!(page.status, 200, "{}", page.text);
        rows.extend(
            page.body["participants"]
                .as_array()
                .unwrap()
                .iter()
                .cloned(),
        );
        token = page.body["next_page_token"].as_str().unwrap().to_owned();
        if token.is_empty() {
            return rows;
        }
    }
}

#[tokio::test]
async fn past_instances_of_a_recurring_meeting_are_listed_oldest_first_with_their_uuids() {
    let h = start().await;
    let reply = h.get(&format!("/past_meetings/{CLINIC}/instances")).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.header("x-ratelimit-category"), Some("Medium"));
    let instances = reply.body["meetings"].as_array().unwrap();
    assert_eq!(instances.len(), 2, "{}", reply.text);
    assert!(instances[0]["start_time"].as_str() < instances[1]["start_time"].as_str());
    for instance in instances {
        let uuid = instance["uuid"].as_str().unwrap();
        assert!(uuid.len() == 24 && uuid.ends_with("=="), "{uuid}");
    }
    let webinars = h
        .get(&format!("/past_webinars/{BENCHMARKS}/instances"))
        .await;
    assert_eq!(webinars.header("x-ratelimit-category"), Some("Light"));
    assert_eq!(webinars.body["webinars"][0]["uuid"], BENCHMARKS_UUID);
    let future = h
        .get(&format!("/past_meetings/{MEETING_AUTO}/instances"))
        .await;
    assert_eq!(future.body["meetings"], json!([]), "{}", future.text);
}

#[tokio::test]
async fn participants_have_one_row_per_stay_and_page_with_next_page_token() {
    let h = start().await;
    let id = small_past_meeting(&h);
    let rows = all_participants(&h, &format!("/past_meetings/{id}/participants"), 2).await;
    assert_eq!(rows.len(), 5);
    let ann: Vec<&Value> = rows
        .iter()
        .filter(|r| r["user_email"] == "ann@example.com")
        .collect();
    assert_eq!(ann.len(), 2, "Ann dropped out and rejoined: {rows:?}");
    assert_eq!(ann[0]["duration"], 20 * 60);
    assert!(ann[0]["leave_time"].as_str() < ann[1]["join_time"].as_str());
    let guest = rows
        .iter()
        .find(|r| r["name"] == "Guest on a phone")
        .unwrap();
    assert_eq!(
        (&guest["user_email"], &guest["id"]),
        (&json!(""), &json!(""))
    );
    let host = rows
        .iter()
        .find(|r| r["user_email"] == OWNER_EMAIL)
        .unwrap();
    assert_eq!(host["id"], OWNER_ID);
    assert!(
        rows.iter().all(|r| r.get("registrant_id").is_none()),
        "registrant_id only with include_fields"
    );
}

#[tokio::test]
async fn the_report_names_registrants_by_id_when_asked_and_is_heavy() {
    let h = start().await;
    let id = small_past_meeting(&h);
    let plain = h.get(&format!("/report/meetings/{id}/participants")).await;
    assert_eq!(plain.status, 200, "{}", plain.text);
    assert_eq!(plain.header("x-ratelimit-category"), Some("Heavy"));
    let rows = all_participants(
        &h,
        &format!("/report/meetings/{id}/participants?include_fields=registrant_id"),
        2,
    )
    .await;
    let with_ids: Vec<&str> = rows
        .iter()
        .filter_map(|r| r["registrant_id"].as_str())
        .collect();
    assert_eq!(
        with_ids.len(),
        2,
        "Ann's two stays; Bob came by a shared link: {rows:?}"
    );
    let bob = rows.iter().find(|r| r["name"] == "Bob Stone").unwrap();
    assert_eq!(bob["user_email"], "BOB@Example.com");
    assert!(bob.get("registrant_id").is_none());
}

#[tokio::test]
async fn a_meeting_id_means_its_latest_instance_and_a_uuid_one_instance() {
    let h = start().await;
    let instances = h.get(&format!("/past_meetings/{CLINIC}/instances")).await;
    let first = instances.body["meetings"][0]["uuid"]
        .as_str()
        .unwrap()
        .to_owned();
    let latest = instances.body["meetings"][1]["uuid"]
        .as_str()
        .unwrap()
        .to_owned();
    let by_id = all_participants(&h, &format!("/report/meetings/{CLINIC}/participants"), 300).await;
    let by_latest = all_participants(
        &h,
        &format!("/report/meetings/{}/participants", encode(&encode(&latest))),
        300,
    )
    .await;
    let by_first = all_participants(
        &h,
        &format!("/report/meetings/{}/participants", encode(&encode(&first))),
        300,
    )
    .await;
    assert_eq!(by_id, by_latest);
    assert_ne!(by_id, by_first);
}

#[tokio::test]
async fn a_uuid_that_starts_with_a_slash_must_be_double_encoded() {
    let h = start().await;
    let once = h
        .get(&format!(
            "/past_webinars/{}/participants",
            encode(BENCHMARKS_UUID)
        ))
        .await;
    once.assert_error(404, 3001, "Webinar does not exist.");
    let twice = h
        .get(&format!(
            "/past_webinars/{}/participants",
            encode(&encode(BENCHMARKS_UUID))
        ))
        .await;
    assert_eq!(twice.status, 200, "{}", twice.text);
    assert!(twice.body["total_records"].as_u64().unwrap() > 10);
}

#[tokio::test]
async fn webinar_absentees_are_the_approved_registrants_who_did_not_join() {
    let h = start().await;
    let approved = h
        .all_registrants(&format!("/webinars/{BENCHMARKS}/registrants"), "approved")
        .await;
    let joined: Vec<Value> = all_participants(
        &h,
        &format!("/report/webinars/{BENCHMARKS}/participants?include_fields=registrant_id"),
        300,
    )
    .await;
    let reply = h
        .get(&format!(
            "/past_webinars/{BENCHMARKS}/absentees?page_size=300"
        ))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.header("x-ratelimit-category"), Some("Heavy"));
    let absent = reply.body["registrants"].as_array().unwrap();
    for person in absent {
        let id = person["id"].as_str().unwrap();
        assert!(approved.iter().any(|r| r["id"] == id));
        assert!(
            !joined.iter().any(|p| p["registrant_id"] == id),
            "{id} joined"
        );
    }
    assert!(!absent.is_empty() && absent.len() < approved.len());
    assert!(
        joined.iter().any(|p| p["user_email"] == ""),
        "walk-in guests have no email"
    );
    h.get(&format!(
        "/past_webinars/{BENCHMARKS}/absentees?occurrence_id=123"
    ))
    .await
    .assert_error(
        400,
        300,
        "The request could not be completed because you have provided an invalid occurrence ID: 123",
    );
}

#[tokio::test]
async fn a_meeting_that_has_not_taken_place_has_no_participants() {
    let h = start().await;
    h.get(&format!("/past_meetings/{MEETING_AUTO}/participants"))
        .await
        .assert_error(404, 3001, "Meeting ID is invalid or not end.");
    h.get(&format!("/report/meetings/{MEETING_AUTO}/participants"))
        .await
        .assert_error(
            404,
            3001,
            &format!("Meeting {MEETING_AUTO} not found or has expired."),
        );
}

#[tokio::test]
async fn reports_need_a_report_scope_while_past_participants_take_meeting_read() {
    let h = start().await;
    let id = small_past_meeting(&h);
    let reader = h.sim.create_s2s_app(&["meeting:read:admin"]);
    let token = token_for(&h.http, &h.sim, &reader).await;
    let report = send(
        h.http
            .get(h.url(&format!("/report/meetings/{id}/participants")))
            .bearer_auth(&token),
    )
    .await;
    report.assert_error(
        400,
        4711,
        "Invalid access token, does not contain scopes:[report:read:list_meeting_participants:admin, report:read:admin].",
    );
    let past = send(
        h.http
            .get(h.url(&format!("/past_meetings/{id}/participants")))
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(past.status, 200, "{}", past.text);
}

#[tokio::test]
async fn a_free_account_is_refused_attendance_data() {
    let h = start().await;
    let id = small_past_meeting(&h);
    h.sim.set_plan(Plan::Free);
    let past = h.get(&format!("/past_meetings/{id}/participants")).await;
    assert_eq!((past.status, past.code()), (400, 200), "{}", past.text);
    assert!(
        past.message()
            .starts_with("Only available for paid account")
    );
    let report = h.get(&format!("/report/meetings/{id}/participants")).await;
    assert_eq!(
        (report.status, report.code()),
        (400, 200),
        "{}",
        report.text
    );
}

#[tokio::test]
async fn participants_of_a_meeting_over_a_year_ago_are_refused_with_12702() {
    let h = start().await;
    let id = h
        .sim
        .create_meeting(json!({
            "start_in_minutes": -(400 * 24 * 60),
            "registrants": [{"email": "old@example.com", "first_name": "Old"}],
            "past_instances": [{
                "started_minutes_ago": 400 * 24 * 60,
                "participants": [{"registrant": "old@example.com"}, {"user": OWNER_EMAIL}]
            }]
        }))
        .unwrap();
    h.get(&format!("/report/meetings/{id}/participants"))
        .await
        .assert_error(400, 12702, "Can not access a meeting a year ago.");
}

#[tokio::test]
async fn an_expired_participants_page_token_is_refused() {
    let h = start().await;
    let id = small_past_meeting(&h);
    let first = h
        .get(&format!("/past_meetings/{id}/participants?page_size=2"))
        .await;
    let token = first.body["next_page_token"].as_str().unwrap().to_owned();
    h.sim.set_page_token_ttl(Duration::ZERO);
    h.get(&format!(
        "/past_meetings/{id}/participants?page_size=2&next_page_token={token}"
    ))
    .await
    .assert_error(400, 300, "The next page token is invalid or expired.");
}
