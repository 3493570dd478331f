//! Users, their meetings and webinars, and the details of one meeting or webinar.

use std::collections::BTreeSet;

use serde_json::Value;

use super::common::*;

fn ids(reply: &Reply, key: &str) -> Vec<u64> {
    reply.body[key]
        .as_array()
        .expect("a list")
        .iter()
        .map(|e| e["id"].as_u64().expect("int64 id"))
        .collect()
}

#[tokio::test]
async fn users_are_listed_by_status_and_paged() {
    let h = start().await;
    let active = h.get("/users").await;
    assert_eq!(active.status, 200, "{}", active.text);
    assert_eq!(active.body["total_records"], 3);
    assert!(
        active.body["users"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["status"] == "active")
    );
    let inactive = h.get("/users?status=inactive").await;
    assert_eq!(
        inactive.body["users"][0]["email"],
        "tomas.herrera@northwind-events.example"
    );

    let mut emails = BTreeSet::new();
    let mut token = String::new();
    let mut pages = 0;
    loop {
        let page = h
            .get(&format!("/users?page_size=1&next_page_token={token}"))
            .await;
        assert_eq!(page.status, 200, "{}", page.text);
        emails.extend(
            page.body["users"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["email"].to_string()),
        );
        pages += 1;
        token = page.body["next_page_token"].as_str().unwrap().to_owned();
        if token.is_empty() {
            break;
        }
    }
    assert_eq!((pages, emails.len()), (3, 3));
    h.get("/users?status=gone")
        .await
        .assert_error(400, 300, "Validation Failed.");
}

#[tokio::test]
async fn a_users_meetings_by_me_email_or_id() {
    let h = start().await;
    let by_me = h.get("/users/me/meetings").await;
    assert_eq!(by_me.status, 200, "{}", by_me.text);
    let by_email = h.get(&format!("/users/{OWNER_EMAIL}/meetings")).await;
    let by_id = h.get(&format!("/users/{OWNER_ID}/meetings")).await;
    assert_eq!(ids(&by_me, "meetings"), ids(&by_email, "meetings"));
    assert_eq!(ids(&by_me, "meetings"), ids(&by_id, "meetings"));
    let mine: BTreeSet<u64> = ids(&by_me, "meetings").into_iter().collect();
    assert!(mine.contains(&MEETING_AUTO) && mine.contains(&MEETING_NO_REGISTRATION));
    assert!(!mine.contains(&MEETING_RECURRING), "another host's meeting");

    let daniel = h.get(&format!("/users/{HOST_ID}/meetings")).await;
    let theirs = ids(&daniel, "meetings");
    assert!(theirs.contains(&MEETING_RECURRING) && theirs.contains(&MEETING_LAB));
    let recurring = daniel.body["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == MEETING_RECURRING)
        .unwrap();
    assert_eq!(recurring["type"], 8);

    // The demo's one meeting of Maya's that is over: the onboarding clinic (attendance data).
    let previous = h.get("/users/me/meetings?type=previous_meetings").await;
    assert_eq!(ids(&previous, "meetings"), [85570312846]);
    h.get("/users/nobody@nowhere.example/meetings")
        .await
        .assert_error(
            404,
            1001,
            "User nobody@nowhere.example not exist or not belong to this account.",
        );
    h.get("/users/me/meetings?type=archived")
        .await
        .assert_error(400, 300, "Validation Failed.");
}

#[tokio::test]
async fn webinars_need_the_webinar_add_on() {
    let h = start().await;
    let mine = h.get("/users/me/webinars").await;
    assert_eq!(mine.status, 200, "{}", mine.text);
    let found: BTreeSet<u64> = ids(&mine, "webinars").into_iter().collect();
    assert_eq!(
        found,
        // 93318820475 took place (the demo's attendance data); `scheduled` lists it still.
        BTreeSet::from([WEBINAR_BIG, WEBINAR_MANUAL, WEBINAR_RECURRING, 93318820475])
    );
    assert!(
        mine.body["webinars"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w["is_simulive"] == false)
    );
    let daniel = h.get(&format!("/users/{HOST_ID}/webinars")).await;
    assert_eq!(
        (daniel.status, daniel.code()),
        (400, 200),
        "{}",
        daniel.text
    );
    assert!(daniel.message().starts_with("Webinar plan is missing."));
}

#[tokio::test]
async fn meeting_details_carry_occurrences_and_registration_settings() {
    let h = start().await;
    let recurring = h.get(&format!("/meetings/{MEETING_RECURRING}")).await;
    assert_eq!(recurring.status, 200, "{}", recurring.text);
    let body = &recurring.body;
    assert_eq!(
        (
            body["type"].as_u64(),
            body["settings"]["approval_type"].as_u64()
        ),
        (Some(8), Some(0))
    );
    assert_eq!(body["settings"]["registration_type"], 3);
    assert_eq!(body["host_email"], "daniel.okafor@northwind-events.example");
    let occurrences = body["occurrences"].as_array().unwrap();
    assert_eq!(occurrences.len(), 6);
    for occurrence in occurrences {
        let id: i64 = occurrence["occurrence_id"]
            .as_str()
            .unwrap()
            .parse()
            .expect("ms epoch digits");
        let start = jiff::Timestamp::from_millisecond(id).unwrap();
        assert_eq!(occurrence["start_time"], Value::String(start.to_string()));
    }
    assert_eq!(body["recurrence"]["type"], 2);

    let manual = h.get(&format!("/meetings/{MEETING_MANUAL}")).await;
    assert_eq!(manual.body["settings"]["approval_type"], 1);
    assert!(manual.body.get("occurrences").is_none());
    let off = h.get(&format!("/meetings/{MEETING_NO_REGISTRATION}")).await;
    assert_eq!(off.body["settings"]["approval_type"], 2);

    h.get("/meetings/12345").await.assert_error(
        404,
        3001,
        "Meeting 12345 is not found or has expired.",
    );
    h.get("/meetings/not-a-number")
        .await
        .assert_error(400, 300, "Invalid meeting ID.");
    h.get("/webinars/12345").await.assert_error(
        404,
        3001,
        "Webinar 12345 not found or has expired.",
    );
}

#[tokio::test]
async fn a_webinar_can_be_fetched_by_id_or_uuid() {
    let h = start().await;
    let by_id = h.get(&format!("/webinars/{WEBINAR_RECURRING}")).await;
    assert_eq!(by_id.status, 200, "{}", by_id.text);
    assert_eq!(
        (
            by_id.body["type"].as_u64(),
            by_id.body["settings"]["registration_type"].as_u64()
        ),
        (Some(9), Some(3))
    );
    let uuid = by_id.body["uuid"].as_str().unwrap();
    let by_uuid = h.get(&format!("/webinars/{uuid}")).await;
    assert_eq!(by_uuid.body["id"], WEBINAR_RECURRING);
}

#[tokio::test]
async fn another_data_file_replaces_the_demo_and_a_broken_one_is_named() {
    let demo: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo.json")).unwrap(),
    )
    .unwrap();
    let mut small = demo.clone();
    small["account"]["id"] = Value::from("SmallAccount000000000AA");
    small["meetings"] = serde_json::json!([{"id": 81234567890u64, "topic": "Only meeting", "approval_type": 0,
        "registrants": [{"email": "solo@x.example", "first_name": "Solo", "status": "pending"}]}]);
    small["webinars"] = serde_json::json!([]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("small.json");
    std::fs::write(&path, small.to_string()).unwrap();
    let h = start_with(regdesk::sim::SimConfig {
        data: Some(path.clone()),
        ..Default::default()
    })
    .await;
    assert_eq!(h.sim.s2s_app().account_id, "SmallAccount000000000AA");
    let meetings = h.get("/users/me/meetings").await;
    assert_eq!(ids(&meetings, "meetings"), [81234567890]);
    let pending = h
        .get("/meetings/81234567890/registrants?status=pending")
        .await;
    assert_eq!(pending.body["registrants"][0]["email"], "solo@x.example");

    let mut broken = demo;
    broken["meetings"][0]["registrants"][3]["status"] = Value::from("waitlisted");
    std::fs::write(&path, broken.to_string()).unwrap();
    let error = regdesk::sim::Simulator::start(regdesk::sim::SimConfig {
        data: Some(path),
        ..Default::default()
    })
    .await
    .err()
    .expect("refused");
    let message = error.to_string();
    assert!(
        message.contains("meetings[0]") && message.contains("registrants[3].status"),
        "{message}"
    );
}

#[tokio::test]
async fn the_simulator_listens_on_loopback_only() {
    let config = regdesk::sim::SimConfig {
        addr: "0.0.0.0:0".parse().unwrap(),
        ..Default::default()
    };
    let error = regdesk::sim::Simulator::start(config)
        .await
        .err()
        .expect("refused");
    assert!(error.to_string().contains("loopback"), "{error}");
    let ipv6 = regdesk::sim::SimConfig {
        addr: "[::1]:0".parse().unwrap(),
        ..Default::default()
    };
    // Loopback over IPv6 is fine where the host has it.
    if let Ok(sim) = regdesk::sim::Simulator::start(ipv6).await {
        assert!(sim.api_url().starts_with("http://[::1]:"));
    }
}

/// Every `email` value anywhere in a JSON document.
fn emails_in(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("email", Value::String(email)) => found.push(email.clone()),
                    _ => emails_in(inner, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| emails_in(item, found)),
        _ => {}
    }
}

#[test]
fn every_demo_email_is_one_zoom_would_accept() {
    let demo: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo.json")).unwrap(),
    )
    .unwrap();
    let mut emails = Vec::new();
    emails_in(&demo, &mut emails);
    assert!(emails.len() > 700, "the demo's users and registrants");
    let refused: Vec<&String> = emails
        .iter()
        .filter(|email| !email.is_ascii() || email.parse::<email_address::EmailAddress>().is_err())
        .collect();
    assert!(
        refused.is_empty(),
        "Zoom's `format: email` refuses these demo addresses: {refused:?}"
    );
}
