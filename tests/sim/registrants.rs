//! Registrants: listing (default status, paging), adding (JSON body, validation, duplicates,
//! approval, occurrences, capacity), getting, deleting, status changes, questions and batch
//! registration, checked against the simulator's ground truth.

use std::collections::BTreeSet;
use std::time::Duration;

use regdesk::sim::{EventKind, RegistrantStatus};
use serde_json::{Value, json};

use super::common::*;

fn count(h: &Harness, kind: EventKind, id: u64, status: RegistrantStatus) -> usize {
    h.sim
        .registrants(kind, id)
        .iter()
        .filter(|r| r.status == status)
        .count()
}

#[tokio::test]
async fn listing_defaults_to_approved_registrants() {
    let h = start().await;
    let path = format!("/meetings/{MEETING_MANUAL}/registrants");
    let default = h.get(&path).await;
    assert_eq!(default.status, 200, "{}", default.text);
    let approved = count(
        &h,
        EventKind::Meeting,
        MEETING_MANUAL,
        RegistrantStatus::Approved,
    );
    assert_eq!(default.body["total_records"], approved);
    assert_eq!(default.body["page_size"], 30);
    assert!(
        default.body["registrants"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "approved")
    );
    for status in [RegistrantStatus::Pending, RegistrantStatus::Denied] {
        let listed = h.all_registrants(&path, status.as_str()).await;
        assert_eq!(
            listed.len(),
            count(&h, EventKind::Meeting, MEETING_MANUAL, status)
        );
        assert!(listed.len() > 1 && listed.iter().all(|r| r["status"] == status.as_str()));
        assert!(
            listed.iter().all(|r| r.get("join_url").is_none()),
            "only approved registrants have a link"
        );
    }
    h.get(&format!("{path}?status=cancelled"))
        .await
        .assert_error(400, 300, "Validation Failed.");
    h.get(&format!("/meetings/{MEETING_NO_REGISTRATION}/registrants"))
        .await
        .assert_error(
            400,
            300,
            &format!(
                "This meeting has not set registration as required: {MEETING_NO_REGISTRATION}."
            ),
        );
}

#[tokio::test]
async fn more_than_300_registrants_page_with_next_page_token() {
    let h = start().await;
    let path = format!("/webinars/{WEBINAR_BIG}/registrants");
    let first = h.get(&format!("{path}?page_size=1000")).await;
    assert_eq!(first.status, 200, "{}", first.text);
    assert_eq!(first.body["page_size"], 300, "page_size is capped at 300");
    assert_eq!(first.body["registrants"].as_array().unwrap().len(), 300);
    let token = first.body["next_page_token"].as_str().unwrap().to_owned();
    assert!(!token.is_empty());

    let all = h.all_registrants(&path, "approved").await;
    let listed: BTreeSet<String> = all
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed.len(), all.len(), "no registrant twice");
    let truth: BTreeSet<String> = h
        .sim
        .registrants(EventKind::Webinar, WEBINAR_BIG)
        .into_iter()
        .filter(|r| r.status == RegistrantStatus::Approved)
        .map(|r| r.id)
        .collect();
    assert!(truth.len() > 300);
    assert_eq!(listed, truth);

    let bad = "The next page token is invalid or expired.";
    h.get(&format!("{path}?next_page_token=forged"))
        .await
        .assert_error(400, 300, bad);
    h.get(&format!(
        "/webinars/{WEBINAR_MANUAL}/registrants?next_page_token={token}"
    ))
    .await
    .assert_error(400, 300, bad);
    h.sim.set_page_token_ttl(Duration::ZERO);
    h.get(&format!("{path}?page_size=300&next_page_token={token}"))
        .await
        .assert_error(400, 300, bad);
}

#[tokio::test]
async fn adding_a_registrant_and_adding_them_again() {
    let h = start().await;
    let path = format!("/meetings/{MEETING_AUTO}/registrants");
    let body = auto_meeting_registrant("ada@engines.example");
    let added = h.post(&path, &body).await;
    assert_eq!(added.status, 201, "{}", added.text);
    assert_eq!(added.body["id"], MEETING_AUTO, "`id` is the meeting's");
    let registrant_id = added.body["registrant_id"].as_str().unwrap().to_owned();
    assert!(
        added.body["join_url"]
            .as_str()
            .unwrap()
            .starts_with(&h.sim.oauth_url())
    );
    assert!(added.body["participant_pin_code"].is_u64());
    assert_eq!(added.body["topic"], "Quarterly Product Roadmap Briefing");

    let fetched = h.get(&format!("{path}/{registrant_id}")).await;
    assert_eq!(fetched.status, 200, "{}", fetched.text);
    assert_eq!(
        (&fetched.body["org"], &fetched.body["status"]),
        (&json!("Analytical Engines Ltd"), &json!("approved"))
    );
    assert_eq!(fetched.body["custom_questions"][0]["value"], "Newsletter");

    let again = h.post(&path, &json!({"email": "ADA@engines.example", "first_name": "Ada", "last_name": "L", "org": "x",
        "custom_questions": [{"title": "How did you hear about this briefing?", "value": "Other"}]})).await;
    assert_eq!(again.status, 201, "{}", again.text);
    assert_eq!(again.body["registrant_id"], registrant_id.as_str());
    assert_eq!(h.sim.stats().repeat_registrations, 1);
    let truth = h.sim.registrants(EventKind::Meeting, MEETING_AUTO);
    assert_eq!(
        truth
            .iter()
            .filter(|r| r.email.eq_ignore_ascii_case("ada@engines.example"))
            .count(),
        1
    );
}

#[tokio::test]
async fn registrant_fields_belong_in_a_json_body() {
    let h = start().await;
    let path = format!("/meetings/{MEETING_AUTO}/registrants");
    let expected = "Request Body should be a valid JSON object.";
    let in_query = h.request(reqwest::Method::POST, &path).query(&[
        ("email", "q@query.example"),
        ("first_name", "Query"),
        ("last_name", "String"),
    ]);
    send(in_query).await.assert_error(400, 300, expected);
    let as_form = h
        .request(reqwest::Method::POST, &path)
        .form(&[("email", "f@form.example"), ("first_name", "Form")]);
    send(as_form).await.assert_error(400, 300, expected);
    let json_text_without_type = h
        .request(reqwest::Method::POST, &path)
        .body(auto_meeting_registrant("t@x.example").to_string());
    send(json_text_without_type)
        .await
        .assert_error(400, 300, expected);
    send(
        h.request(reqwest::Method::POST, &path)
            .json(&json!(["not", "an", "object"])),
    )
    .await
    .assert_error(400, 300, expected);
    assert_eq!(
        h.sim.registrants(EventKind::Meeting, MEETING_AUTO).len(),
        92
    );
}

#[tokio::test]
async fn invalid_fields_fail_validation_with_every_field_named() {
    let h = start().await;
    let path = format!("/meetings/{MEETING_AUTO}/registrants");
    let reply = h
        .post(
            &path,
            &json!({
                "email": "not-an-email",
                "first_name": "x".repeat(65),
                "last_name": "Valid",
                "country": "USA",
                "no_of_employees": "lots",
                "purchasing_time_frame": "Tomorrow",
                "custom_questions": [{"title": "How did you hear about this briefing?", "value": "Carrier pigeon"}],
            }),
        )
        .await;
    reply.assert_error(400, 300, "Validation Failed.");
    let fields: BTreeSet<String> = reply.error_fields().into_iter().collect();
    for field in [
        "email",
        "first_name",
        "country",
        "no_of_employees",
        "purchasing_time_frame",
        "org",
        "custom_questions[0].value",
    ] {
        assert!(fields.contains(field), "{field} missing from {fields:?}");
    }
    // A required custom question left out, and a question the meeting does not have.
    let reply = h
        .post(
            &path,
            &json!({"email": "ok@x.example", "first_name": "Ok", "last_name": "Fine", "org": "Org",
            "custom_questions": [{"title": "Favourite colour", "value": "Blue"}]}),
        )
        .await;
    reply.assert_error(400, 300, "Validation Failed.");
    assert_eq!(
        reply.error_fields(),
        ["custom_questions[0].title", "custom_questions"]
    );
    let null_name = h
        .post(
            &path,
            &json!({"email": "n@x.example", "first_name": "N", "last_name": null, "org": "O"}),
        )
        .await;
    assert!(
        null_name.error_fields().contains(&"last_name".to_owned()),
        "{}",
        null_name.text
    );
    assert_eq!(
        h.sim.registrants(EventKind::Meeting, MEETING_AUTO).len(),
        92
    );
}

#[tokio::test]
async fn manual_approval_leaves_registrants_pending_without_a_link() {
    let h = start().await;
    let path = format!("/meetings/{MEETING_MANUAL}/registrants");
    let person = |email: &str, auto: Option<bool>| {
        let mut body = json!({"email": email, "first_name": "Grace", "last_name": "Hopper", "org": "Navy", "job_title": "Rear Admiral",
            "custom_questions": [{"title": "What is your role in evaluating event tooling?", "value": "Decision maker"}]});
        if let Some(auto) = auto {
            body["auto_approve"] = json!(auto);
        }
        body
    };
    let pending = h.post(&path, &person("grace@navy.example", None)).await;
    assert_eq!(pending.status, 201, "{}", pending.text);
    assert!(pending.body.get("join_url").is_none());
    let id = pending.body["registrant_id"].as_str().unwrap();
    assert_eq!(
        h.get(&format!("{path}/{id}")).await.body["status"],
        "pending"
    );

    let auto = h.post(&path, &person("kay@navy.example", Some(true))).await;
    assert!(
        auto.body.get("join_url").is_none(),
        "never returned for a manual-approval meeting"
    );
    let id = auto.body["registrant_id"].as_str().unwrap();
    let fetched = h.get(&format!("{path}/{id}")).await;
    assert_eq!(fetched.body["status"], "approved");
    assert!(fetched.body["join_url"].is_string());
}

#[tokio::test]
async fn refusals_registration_off_host_capacity_and_meetings_that_are_over() {
    let h = start().await;
    h.post(
        &format!("/meetings/{MEETING_NO_REGISTRATION}/registrants"),
        &json!({"email": "a@b.example", "first_name": "A"}),
    )
    .await
    .assert_error(
        404,
        404,
        &format!("Registration has not been enabled for this meeting: {MEETING_NO_REGISTRATION}."),
    );
    h.post(
        &format!("/webinars/{WEBINAR_MANUAL}/registrants"),
        &json!({"email": OWNER_EMAIL, "first_name": "Maya", "last_name": "Lindqvist", "org": "Northwind",
            "custom_questions": [{"title": "Partner tier", "value": "Gold"}]}),
    )
    .await
    .assert_error(400, 3027, "Host cannot register.");

    let nearly_full = h
        .sim
        .create_meeting(json!({"topic": "Town hall", "generated_registrants": 4998}))
        .expect("meeting");
    let path = format!("/meetings/{nearly_full}/registrants");
    let last_seat = h
        .post(
            &path,
            &json!({"email": "last@seat.example", "first_name": "Last"}),
        )
        .await;
    assert_eq!(last_seat.status, 201, "{}", last_seat.text);
    h.post(
        &path,
        &json!({"email": "one@more.example", "first_name": "One"}),
    )
    .await
    .assert_error(400, 3043, "Meeting has reached maximum attendee capacity.");
    assert_eq!(
        h.sim.registrants(EventKind::Meeting, nearly_full).len(),
        4999
    );
    let batch = h
        .post(
            &format!("/meetings/{nearly_full}/batch_registrants"),
            &json!({"registrants": [{"email": "b@x.example", "first_name": "B"}]}),
        )
        .await;
    batch.assert_error(404, 3043, "Meeting has reached maximum attendee capacity.");

    let full_webinar = h
        .sim
        .create_webinar(json!({"generated_registrants": 4999}))
        .expect("webinar");
    h.post(
        &format!("/webinars/{full_webinar}/registrants"),
        &json!({"email": "w@x.example", "first_name": "W"}),
    )
    .await
    .assert_error(400, 3035, "Webinar has reached maximum attendee capacity.");

    let yesterday = jiff::Timestamp::now()
        .checked_sub(jiff::SignedDuration::from_hours(26))
        .unwrap();
    let over = h
        .sim
        .create_meeting(json!({"start_time": yesterday.to_string(), "duration": 60}))
        .expect("meeting");
    h.post(&format!("/meetings/{over}/registrants"), &json!({"email": "late@x.example", "first_name": "Late"}))
        .await
        .assert_error(
            400,
            3038,
            "Meeting is over, you can not register now. If you have any questions, please contact the Meeting host.",
        );
}

#[tokio::test]
async fn recurring_meetings_register_for_chosen_occurrences() {
    let h = start().await;
    let detail = h.get(&format!("/meetings/{MEETING_RECURRING}")).await;
    let occurrence_ids: Vec<String> = detail.body["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["occurrence_id"].as_str().unwrap().to_owned())
        .collect();
    let path = format!("/meetings/{MEETING_RECURRING}/registrants");
    let chosen = format!("{},{}", occurrence_ids[1], occurrence_ids[3]);
    let added = send(
        h.request(reqwest::Method::POST, &path)
            .query(&[("occurrence_ids", chosen.as_str())])
            .json(&json!({"email": "lin@x.example", "first_name": "Lin"})),
    )
    .await;
    assert_eq!(added.status, 201, "{}", added.text);
    let answered: Vec<&str> = added.body["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["occurrence_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        answered,
        [occurrence_ids[1].as_str(), occurrence_ids[3].as_str()]
    );
    let registrant_id = added.body["registrant_id"].as_str().unwrap();
    let in_list = |list: &[Value]| list.iter().any(|r| r["id"] == registrant_id);
    let second = h
        .get(&format!(
            "{path}?occurrence_id={}&page_size=300",
            occurrence_ids[1]
        ))
        .await;
    assert!(in_list(second.body["registrants"].as_array().unwrap()));
    let first = h
        .get(&format!(
            "{path}?occurrence_id={}&page_size=300",
            occurrence_ids[0]
        ))
        .await;
    assert!(!in_list(first.body["registrants"].as_array().unwrap()));

    let unknown = h
        .request(reqwest::Method::POST, &path)
        .query(&[("occurrence_ids", "123")])
        .json(&json!({"email": "x@x.example", "first_name": "X"}));
    send(unknown)
        .await
        .assert_error(400, 300, "Invalid parameter: occurrence_ids");
    // registration_type 2: one occurrence per registration.
    let lab = h.get(&format!("/meetings/{MEETING_LAB}")).await;
    let lab_ids: Vec<&str> = lab.body["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["occurrence_id"].as_str().unwrap())
        .collect();
    let two = format!("{},{}", lab_ids[0], lab_ids[1]);
    let body = json!({"email": "y@x.example", "first_name": "Y", "last_name": "Z"});
    send(
        h.request(
            reqwest::Method::POST,
            &format!("/meetings/{MEETING_LAB}/registrants"),
        )
        .query(&[("occurrence_ids", two.as_str())])
        .json(&body),
    )
    .await
    .assert_error(400, 300, "Invalid parameter: occurrence_ids");
}

#[tokio::test]
async fn getting_and_deleting_registrants() {
    let h = start().await;
    let path = format!("/meetings/{MEETING_AUTO}/registrants");
    let added = h
        .post(&path, &auto_meeting_registrant("del@x.example"))
        .await;
    let id = added.body["registrant_id"].as_str().unwrap();
    assert_eq!(h.delete(&format!("{path}/{id}")).await.status, 204);
    assert!(
        h.sim
            .registrants(EventKind::Meeting, MEETING_AUTO)
            .iter()
            .all(|r| r.id != id)
    );
    h.get(&format!("{path}/{id}")).await.assert_error(
        404,
        3000,
        &format!("Registrant {id} was not found."),
    );
    h.delete(&format!("{path}/{id}")).await.assert_error(
        400,
        300,
        "The value that you entered for the Registrant ID field is invalid. Enter a valid value and try again.",
    );
    h.delete(&format!("/webinars/{WEBINAR_BIG}/registrants/nobody"))
        .await
        .assert_error(400, 3000, "Registrant nobody was not found.");
    h.delete(&format!("/meetings/123/registrants/{id}"))
        .await
        .assert_error(400, 3001, "Meeting does not exist: 123.");
}

#[tokio::test]
async fn status_changes_approve_deny_and_cancel() {
    let h = start().await;
    let kind = EventKind::Meeting;
    let truth = h.sim.registrants(kind, MEETING_MANUAL);
    let pending: Vec<_> = truth
        .iter()
        .filter(|r| r.status == RegistrantStatus::Pending)
        .collect();
    let path = format!("/meetings/{MEETING_MANUAL}/registrants/status");
    let status_of = |id: &str| {
        h.sim
            .registrants(kind, MEETING_MANUAL)
            .into_iter()
            .find(|r| r.id == id)
            .map(|r| r.status)
    };

    let approve = h.put(&path, &json!({"action": "approve", "registrants": [{"id": pending[0].id}, {"email": pending[1].email}]})).await;
    assert_eq!(approve.status, 204, "{}", approve.text);
    assert_eq!(status_of(&pending[0].id), Some(RegistrantStatus::Approved));
    assert_eq!(status_of(&pending[1].id), Some(RegistrantStatus::Approved));
    assert_eq!(
        h.put(
            &path,
            &json!({"action": "deny", "registrants": [{"id": pending[2].id}]})
        )
        .await
        .status,
        204
    );
    assert_eq!(status_of(&pending[2].id), Some(RegistrantStatus::Denied));
    assert_eq!(
        h.put(
            &path,
            &json!({"action": "cancel", "registrants": [{"id": pending[0].id}]})
        )
        .await
        .status,
        204
    );
    assert_eq!(status_of(&pending[0].id), Some(RegistrantStatus::Denied));

    // The singular key: Zoom answers 204 and changes nothing.
    let singular = h
        .put(
            &path,
            &json!({"action": "approve", "registrant": [{"id": pending[3].id}]}),
        )
        .await;
    assert_eq!(singular.status, 204);
    assert_eq!(status_of(&pending[3].id), Some(RegistrantStatus::Pending));

    let many: Vec<Value> = (0..31)
        .map(|n| json!({"email": format!("p{n}@x.example")}))
        .collect();
    let too_many = h
        .put(&path, &json!({"action": "approve", "registrants": many}))
        .await;
    too_many.assert_error(400, 300, "Validation Failed.");
    assert_eq!(too_many.error_fields(), ["registrants"]);
    h.put(&path, &json!({"action": "accept", "registrants": []}))
        .await
        .assert_error(400, 300, "Validation Failed.");
    let as_form = h
        .request(reqwest::Method::PUT, &path)
        .form(&[("action", "approve")]);
    send(as_form)
        .await
        .assert_error(400, 300, "Request Body should be a valid JSON object.");
}

/// Every row of Zoom's status table (`regdesk::zoom::status_rules::RULES`, the one the TUI and
/// the CLI follow), for meetings and webinars: the simulator moves a registrant exactly as the
/// row says, or leaves them as they are. (The table is data; the simulator shares no code with it.)
#[tokio::test]
async fn status_changes_follow_zooms_table_row_by_row() {
    use regdesk::zoom::{EventKind as ClientKind, ListStatus};
    let h = start().await;
    let sim_status = |status: ListStatus| match status {
        ListStatus::Pending => RegistrantStatus::Pending,
        ListStatus::Approved => RegistrantStatus::Approved,
        ListStatus::Denied => RegistrantStatus::Denied,
    };
    let mut used = BTreeSet::new();
    let mut wrong = Vec::new();
    for rule in regdesk::zoom::status_rules::RULES {
        let (kind, id, noun) = match rule.kind {
            ClientKind::Meeting => (EventKind::Meeting, MEETING_MANUAL, "meetings"),
            ClientKind::Webinar => (EventKind::Webinar, WEBINAR_MANUAL, "webinars"),
        };
        let from = sim_status(rule.from);
        let someone = h
            .sim
            .registrants(kind, id)
            .into_iter()
            .find(|r| r.status == from && !used.contains(&r.id))
            .expect("the demo has registrants in every status");
        used.insert(someone.id.clone());
        let reply = h
            .put(
                &format!("/{noun}/{id}/registrants/status"),
                &json!({"action": rule.action.as_str(), "registrants": [{"id": someone.id}]}),
            )
            .await;
        assert_eq!(reply.status, 204, "{rule:?}: {}", reply.text);
        let after = h
            .sim
            .registrants(kind, id)
            .into_iter()
            .find(|r| r.id == someone.id)
            .map(|r| r.status);
        let expected = rule.to.map(sim_status).unwrap_or(from);
        if after != Some(expected) {
            wrong.push(format!("{rule:?} left them {after:?}"));
        }
    }
    assert!(wrong.is_empty(), "rows the simulator breaks: {wrong:#?}");
}

#[tokio::test]
async fn questions_can_be_read_and_replaced() {
    let h = start().await;
    let path = format!("/meetings/{MEETING_AUTO}/registrants/questions");
    let before = h.get(&path).await;
    assert_eq!(before.status, 200, "{}", before.text);
    assert!(
        before.body["questions"]
            .as_array()
            .unwrap()
            .contains(&json!({"field_name": "org", "required": true}))
    );
    assert_eq!(before.body["custom_questions"][0]["type"], "single");

    let update = json!({
        "questions": [{"field_name": "last_name", "required": true}, {"field_name": "city", "required": true}],
        "custom_questions": [{"title": "Dietary needs", "type": "short", "required": true}],
    });
    assert_eq!(h.patch(&path, &update).await.status, 204);
    assert_eq!(h.get(&path).await.body, update);
    let missing = h
        .post(
            &format!("/meetings/{MEETING_AUTO}/registrants"),
            &json!({"email": "c@x.example", "first_name": "C", "last_name": "D"}),
        )
        .await;
    missing.assert_error(400, 300, "Validation Failed.");
    assert_eq!(missing.error_fields(), ["city", "custom_questions"]);

    let bad = h.patch(&path, &json!({"custom_questions": [{"title": "Size", "type": "single_dropdown", "answers": ["S"]}]})).await;
    bad.assert_error(400, 300, "Validation Failed.");
    assert_eq!(
        bad.error_fields(),
        ["custom_questions[0].type"],
        "meetings only have short and single"
    );
    let webinar = h.patch(&format!("/webinars/{WEBINAR_BIG}/registrants/questions"), &json!({"custom_questions": [{"title": "Size", "type": "single_dropdown", "answers": ["S", "M"]}]})).await;
    assert_eq!(webinar.status, 204, "{}", webinar.text);
}

#[tokio::test]
async fn batch_registration_takes_30_scheduled_registrants_by_name_and_email() {
    let h = start().await;
    let path = format!("/meetings/{MEETING_AUTO}/batch_registrants");
    let existing = h
        .sim
        .registrants(EventKind::Meeting, MEETING_AUTO)
        .into_iter()
        .find(|r| r.status == RegistrantStatus::Approved)
        .expect("an approved registrant");
    let reply = h
        .post(&path, &json!({"registrants": [
            {"email": "b1@batch.example", "first_name": "Bo", "last_name": "One", "org": "ignored"},
            {"email": "b2@batch.example", "first_name": "Bea"},
            {"email": existing.email, "first_name": "Same"},
        ]}))
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let answered = reply.body["registrants"].as_array().unwrap();
    assert_eq!(answered.len(), 3);
    assert_eq!(
        answered[2]["registrant_id"],
        existing.id.as_str(),
        "a known email keeps its registration"
    );
    assert!(
        answered
            .iter()
            .all(|r| r["join_url"].is_string() && r["participant_pin_code"].is_u64())
    );
    let truth = h.sim.registrants(EventKind::Meeting, MEETING_AUTO);
    let b1 = truth
        .iter()
        .find(|r| r.email == "b1@batch.example")
        .expect("registered");
    assert_eq!(b1.json["org"], "", "batch takes email and names only");
    assert_eq!(h.sim.stats().repeat_registrations, 1, "the known email");
    assert_eq!(truth.len(), 94);

    let manual = h.post(&format!("/meetings/{MEETING_MANUAL}/batch_registrants"), &json!({"auto_approve": false, "registrants": [{"email": "m@x.example", "first_name": "M"}]})).await;
    assert!(manual.body["registrants"][0].get("join_url").is_none());

    let many: Vec<Value> = (0..31)
        .map(|n| json!({"email": format!("n{n}@x.example"), "first_name": "N"}))
        .collect();
    h.post(&path, &json!({"registrants": many}))
        .await
        .assert_error(400, 300, "Validation Failed.");
    let invalid = h.post(&path, &json!({"registrants": [{"email": "ok@x.example", "first_name": "Ok"}, {"email": "nope", "first_name": ""}]})).await;
    invalid.assert_error(400, 300, "Validation Failed.");
    assert_eq!(
        invalid.error_fields(),
        ["registrants[1].email", "registrants[1].first_name"]
    );
    h.post(&format!("/meetings/{MEETING_RECURRING}/batch_registrants"), &json!({"registrants": [{"email": "r@x.example", "first_name": "R"}]}))
        .await
        .assert_error(
            400,
            303,
            "This API can only be used for scheduled meeting(meeting type: 2). Batch registration is not supported for other meeting types.",
        );
    h.post(&format!("/webinars/{WEBINAR_RECURRING}/batch_registrants"), &json!({"registrants": [{"email": "r@x.example", "first_name": "R"}]}))
        .await
        .assert_error(
            400,
            300,
            "This API can only be used for scheduled webinars (type 5). Batch registration is not supported for other webinar types.",
        );
    let webinar = h
        .post(
            &format!("/webinars/{WEBINAR_BIG}/batch_registrants"),
            &json!({"registrants": [{"email": "w@batch.example", "first_name": "W"}]}),
        )
        .await;
    assert_eq!(webinar.status, 201, "{}", webinar.text);
    assert!(
        webinar.body["registrants"][0]
            .get("participant_pin_code")
            .is_none()
    );
    assert_eq!(
        h.sim.registrants(EventKind::Meeting, MEETING_AUTO).len(),
        94,
        "refused batches registered nobody"
    );
}
