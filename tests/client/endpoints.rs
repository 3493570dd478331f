//! Every endpoint's success path against the simulator, for meetings and webinars.

use regdesk::sim::{self, RegistrantStatus as SimStatus};
use regdesk::zoom::*;

use crate::support::*;

#[tokio::test(start_paused = true)]
async fn users_events_and_event_details() {
    let sim = start(sim::Plan::Pro).await;
    let client = client(&sim);

    let users = client.list_users().await.unwrap();
    assert!(users.iter().any(|user| user.email == HOST_EMAIL));
    assert!(
        users
            .iter()
            .all(|user| user.status.as_deref() != Some("inactive"))
    );

    let meetings = client
        .list_events("me", EventKind::Meeting, ListScope::All)
        .await
        .unwrap();
    let ids: Vec<u64> = meetings.iter().map(|meeting| meeting.id).collect();
    assert!(
        ids.contains(&ROADMAP) && ids.contains(&ADVISORY_BOARD) && ids.contains(&WEEKLY_SYNC),
        "{ids:?}"
    );
    assert!(!ids.contains(&OFFICE_HOURS), "another user's meeting");
    let webinars = client
        .list_events(HOST_EMAIL, EventKind::Webinar, ListScope::Upcoming)
        .await
        .unwrap();
    assert!(webinars.iter().any(|webinar| webinar.id == STATE_OF_TECH));

    let roadmap = client
        .get_event(EventRef::meeting(ROADMAP), None)
        .await
        .unwrap();
    assert_eq!(roadmap.settings.approval_type, ApprovalType::Automatic);
    assert!(roadmap.registration_enabled());
    assert!(roadmap.summary.start_time.is_some());
    assert_eq!(roadmap.summary.id, ROADMAP);
    let sync = client
        .get_event(EventRef::meeting(WEEKLY_SYNC), None)
        .await
        .unwrap();
    assert!(!sync.registration_enabled());
    let office = client
        .get_event(EventRef::meeting(OFFICE_HOURS), None)
        .await
        .unwrap();
    assert_eq!(office.occurrences.len(), 6);
    assert_eq!(
        office.settings.registration_type,
        Some(RegistrationType::OnceChooseOccurrences)
    );
    assert_eq!(office.summary.event_type, EventType::RecurringFixedTime);
}

#[tokio::test(start_paused = true)]
async fn registrants_questions_and_single_registrants() {
    let sim = start(sim::Plan::Pro).await;
    let client = client(&sim);
    let roadmap = EventRef::meeting(ROADMAP);

    let all = client.list_all_registrants(roadmap, None).await.unwrap();
    let truth = sim.registrants(sim::EventKind::Meeting, ROADMAP);
    assert_eq!(all.len(), truth.len());
    let approved = client
        .list_registrants(roadmap, ListStatus::Approved, None)
        .await
        .unwrap();
    let approved_truth = truth
        .iter()
        .filter(|registrant| registrant.status == SimStatus::Approved)
        .count();
    assert_eq!(approved.len(), approved_truth);
    assert!(
        approved
            .iter()
            .all(|registrant| registrant.status == RegistrantStatus::Approved)
    );
    assert!(
        all.iter()
            .any(|registrant| registrant.status == RegistrantStatus::Denied)
    );

    let one = client
        .get_registrant(roadmap, &all[0].id, None)
        .await
        .unwrap();
    assert_eq!(one.email, all[0].email);

    let questions = client.get_questions(roadmap).await.unwrap();
    assert!(questions.is_required(&QuestionField::LastName));
    assert!(questions.is_required(&QuestionField::Org));
    let required = questions.custom(REQUIRED_QUESTION).unwrap();
    assert!(required.required && required.kind == CustomQuestionType::Single);

    let found = client
        .find_registrants_by_email(
            roadmap,
            &[all[0].email.to_uppercase().as_str(), "nobody@example.com"],
            None,
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
}

/// Adds someone with every kind of field, changes the status, deletes them, and checks the
/// simulator's ground truth at each step.
async fn round_trip(
    sim: &sim::Simulator,
    client: &ZoomClient,
    event: EventRef,
    sim_kind: sim::EventKind,
) {
    let questions = client.get_questions(event).await.unwrap();
    let person = complete_person(&questions, "round.trip@example.com", "Round");
    let options = AddOptions {
        check_existing: true,
        ..AddOptions::default()
    };
    let added = client
        .add_registrant(event, &person, &options)
        .await
        .unwrap();
    assert_eq!(added.resolution, AddResolution::Created);
    let truth = sim.registrants(sim_kind, event.id);
    let stored = truth
        .iter()
        .find(|registrant| registrant.id == added.registrant_id)
        .expect("in ground truth");
    assert_eq!(stored.email, person.email);

    let again = client
        .add_registrant(event, &person, &options)
        .await
        .unwrap();
    assert_eq!(again.resolution, AddResolution::AlreadyRegistered);
    assert_eq!(again.registrant_id, added.registrant_id);

    let fetched = client
        .get_registrant(event, &added.registrant_id, None)
        .await
        .unwrap();
    for answer in &person.custom_questions {
        assert_eq!(
            fetched.custom_answer(&answer.title),
            Some(answer.value.as_str())
        );
    }

    let target = [RegistrantRef {
        id: added.registrant_id.clone(),
        email: Some(person.email.clone()),
    }];
    let denied = client
        .update_status(event, StatusAction::Deny, &target, None)
        .await
        .unwrap();
    assert!(denied.is_complete());
    let status = |sim: &sim::Simulator| {
        sim.registrants(sim_kind, event.id)
            .into_iter()
            .find(|registrant| registrant.id == added.registrant_id)
            .map(|registrant| registrant.status)
    };
    assert_eq!(status(sim), Some(SimStatus::Denied));
    client
        .update_status(event, StatusAction::Approve, &target, None)
        .await
        .unwrap();
    assert_eq!(status(sim), Some(SimStatus::Approved));

    assert_eq!(
        client
            .delete_registrant(event, &added.registrant_id, None)
            .await
            .unwrap(),
        DeleteOutcome::Deleted
    );
    assert_eq!(status(sim), None);
}

#[tokio::test(start_paused = true)]
async fn a_meeting_registrant_round_trip() {
    let sim = start(sim::Plan::Pro).await;
    let client = client(&sim);
    round_trip(
        &sim,
        &client,
        EventRef::meeting(ROADMAP),
        sim::EventKind::Meeting,
    )
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_webinar_registrant_round_trip() {
    let sim = start(sim::Plan::Pro).await;
    let client = client(&sim);
    round_trip(
        &sim,
        &client,
        EventRef::webinar(STATE_OF_TECH),
        sim::EventKind::Webinar,
    )
    .await;
}

#[tokio::test(start_paused = true)]
async fn batches_and_question_updates() {
    let sim = start(sim::Plan::Pro).await;
    let client = client(&sim);
    let id = plain_meeting(&sim, "Batch target");
    let event = EventRef::meeting(id);
    let people: Vec<BatchRegistrant> = (0..45)
        .map(|index| BatchRegistrant {
            email: format!("batch{index}@example.com"),
            first_name: format!("B{index}"),
            last_name: Some("Person".into()),
        })
        .collect();
    let outcome = client
        .batch_register(event, &people, Some(true))
        .await
        .unwrap();
    assert!(outcome.is_complete(), "{:?}", outcome.failed);
    assert_eq!(outcome.done.len(), 45);
    let mut expected: Vec<String> = people.iter().map(|person| person.email.clone()).collect();
    expected.sort();
    assert_eq!(ground_truth(&sim, sim::EventKind::Meeting, id), expected);
    assert_eq!(
        sim.stats()
            .requests_per_endpoint
            .get("POST /meetings/{meetingId}/batch_registrants"),
        Some(&2)
    );

    let questions = Questions {
        questions: vec![StandardQuestion {
            field_name: QuestionField::JobTitle,
            required: true,
        }],
        custom_questions: vec![CustomQuestion {
            title: "T-shirt size".into(),
            kind: CustomQuestionType::Single,
            required: false,
            answers: vec!["S".into(), "M".into()],
        }],
    };
    client.update_questions(event, &questions).await.unwrap();
    assert_eq!(client.get_questions(event).await.unwrap(), questions);

    // The same for a webinar, whose custom questions have more types.
    let webinar = sim
        .create_webinar(
            serde_json::json!({"topic": "Batch webinar", "type": 5, "approval_type": 1}),
        )
        .unwrap();
    let event = EventRef::webinar(webinar);
    let outcome = client
        .batch_register(event, &people[..2], Some(false))
        .await
        .unwrap();
    assert_eq!(outcome.done.len(), 2);
    let pending = client
        .list_registrants(event, ListStatus::Pending, None)
        .await
        .unwrap();
    assert_eq!(
        pending.len(),
        2,
        "manual approval without auto_approve leaves them pending"
    );
    let questions = Questions {
        questions: vec![],
        custom_questions: vec![CustomQuestion {
            title: "Topics".into(),
            kind: CustomQuestionType::Multiple,
            required: true,
            answers: vec!["A".into(), "B".into()],
        }],
    };
    client.update_questions(event, &questions).await.unwrap();
    assert_eq!(client.get_questions(event).await.unwrap(), questions);
}

#[tokio::test(start_paused = true)]
async fn a_status_change_of_31_people_is_two_calls() {
    let sim = start(sim::Plan::Pro).await;
    let client = client(&sim);
    let event = EventRef::webinar(STATE_OF_TECH);
    let approved = client
        .list_registrants(event, ListStatus::Approved, None)
        .await
        .unwrap();
    assert!(approved.len() >= 31);
    let targets: Vec<RegistrantRef> = approved[..31].iter().map(Registrant::to_ref).collect();
    let before = sim
        .stats()
        .requests_per_endpoint
        .get("PUT /webinars/{webinarId}/registrants/status")
        .copied()
        .unwrap_or(0);
    let outcome = client
        .update_status(event, StatusAction::Cancel, &targets, None)
        .await
        .unwrap();
    assert_eq!(outcome.done.len(), 31);
    let after = sim.stats().requests_per_endpoint["PUT /webinars/{webinarId}/registrants/status"];
    assert_eq!(after - before, 2);
    let puts = client
        .request_log()
        .iter()
        .filter(|entry| entry.method == "PUT")
        .count();
    assert_eq!(puts, 2);
}
