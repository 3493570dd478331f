//! Copy to… in the real loop against the simulator: the selection is copied into another
//! meeting through the picker, the required question asked once and the dry run's counts, then
//! checked against the simulator's registrants (each person registered once, also when copied
//! twice); a move cancels in the source only those the target accepted.

use crossterm::event::KeyCode;
use regdesk::sim::{EventKind, RegistrantStatus, SimRegistrant};
use regdesk::tui::testing::{Harness, HarnessOptions};
use serde_json::json;

use crate::flows::open_event;

/// A meeting with three approved people (Ann, Bob, Cy) to copy from.
fn source_meeting(app: &Harness) -> u64 {
    app.simulator
        .create_meeting(json!({
            "topic": "Copy Source Briefing",
            "start_in_minutes": 600,
            "approval_type": 0,
            "registrants": [
                {"email": "ann@example.org", "first_name": "Ann", "last_name": "Archer"},
                {"email": "bob@example.org", "first_name": "Bob", "last_name": "Berg"},
                {"email": "cy@example.org", "first_name": "Cy", "last_name": "Cole"}
            ]
        }))
        .expect("source meeting")
}

/// The target: a required single-choice question the source cannot answer, and Cy, denied
/// there already (so the target does not accept Cy).
fn target_meeting(app: &Harness) -> u64 {
    app.simulator
        .create_meeting(json!({
            "topic": "Copy Target Workshop",
            "start_in_minutes": 900,
            "approval_type": 0,
            "custom_questions": [{"title": "Role", "type": "single", "required": true,
                                  "answers": ["Speaker", "Guest"]}],
            "registrants": [
                {"email": "cy@example.org", "first_name": "Cy", "last_name": "Cole",
                 "status": "denied", "custom_questions": [{"title": "Role", "value": "Guest"}]}
            ]
        }))
        .expect("target meeting")
}

fn people(app: &Harness, id: u64) -> Vec<SimRegistrant> {
    app.simulator.registrants(EventKind::Meeting, id)
}

fn status_of(app: &Harness, id: u64, email: &str) -> Vec<RegistrantStatus> {
    people(app, id)
        .into_iter()
        .filter(|person| person.email.eq_ignore_ascii_case(email))
        .map(|person| person.status)
        .collect()
}

async fn started() -> (Harness, tempfile::TempDir) {
    let data = tempfile::tempdir().expect("temp dir");
    let harness = Harness::start(HarnessOptions::new(data.path().to_path_buf())).await;
    (harness, data)
}

/// From the registrants screen: `c`, the target picked by typing, its question answered with
/// the default; returns at the confirmation.
async fn copy_to_target(app: &mut Harness) -> String {
    app.press(KeyCode::Char('c'));
    app.wait_for_text("Into which meeting or webinar?").await;
    app.type_text("copy target");
    app.wait_for("only the target listed", |screen| {
        screen.contains("1 listed") && screen.contains("Copy Target Workshop")
    })
    .await;
    app.press(KeyCode::Enter);
    app.wait_for("the confirmation or the question", |screen| {
        screen.contains("Dry run: nothing has been sent yet.") || screen.contains("1 of 1: ")
    })
    .await;
    if app.screen().contains("1 of 1: ") {
        let screen = app.screen();
        assert!(
            screen.contains("> Speaker") && screen.contains("Role"),
            "the required choice is asked with its first answer as the default:\n{screen}"
        );
        app.press(KeyCode::Enter);
    }
    app.wait_for_text("Dry run: nothing has been sent yet.")
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copying_the_selection_twice_registers_each_person_in_the_target_once() {
    let (mut app, _data) = started().await;
    let source = source_meeting(&app);
    let target = target_meeting(&app);
    open_event(&mut app, false, "Copy Source").await;
    app.wait_for_text("Approved (3)").await;
    // Ann and Bob: the first two rows (by name).
    app.press(KeyCode::Char(' '));
    app.press(KeyCode::Char(' '));
    let screen = copy_to_target(&mut app).await;
    assert!(
        screen.contains("Copying 2 selected people of meeting"),
        "{screen}"
    );
    assert!(
        screen.contains("Will register: 2 · already registered: 0 · cannot: 0"),
        "{screen}"
    );
    app.press(KeyCode::Enter);
    app.wait_for_text("Copy finished.").await;
    for email in ["ann@example.org", "bob@example.org"] {
        assert_eq!(
            status_of(&app, target, email),
            [RegistrantStatus::Approved],
            "{email} registered once in the target"
        );
    }
    assert_eq!(people(&app, target).len(), 3, "Cy was not selected");

    // Back on the registrants (the selection kept): the same copy again sends nobody.
    app.press(KeyCode::Enter);
    app.wait_for_text("Approved (3)").await;
    let screen = copy_to_target(&mut app).await;
    assert!(
        screen.contains("Will register: 0 · already registered: 2"),
        "{screen}"
    );
    app.press(KeyCode::Enter);
    app.wait_for_text("Nobody to register").await;
    assert_eq!(people(&app, target).len(), 3, "nobody was sent twice");
    assert_eq!(
        people(&app, source)
            .iter()
            .filter(|person| person.status == RegistrantStatus::Approved)
            .count(),
        3,
        "a copy leaves the source as it is"
    );
    app.quit().await.expect("quits cleanly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_move_cancels_in_the_source_only_those_the_target_accepted() {
    let (mut app, _data) = started().await;
    let source = source_meeting(&app);
    let target = target_meeting(&app);
    open_event(&mut app, false, "Copy Source").await;
    app.wait_for_text("Approved (3)").await;
    app.press(KeyCode::Char('*'));
    let screen = copy_to_target(&mut app).await;
    assert!(
        screen.contains("Will register: 2 · already registered: 1"),
        "{screen}"
    );
    app.press(KeyCode::Right);
    app.wait_for_text("(•) move: then cancel").await;
    app.press(KeyCode::Enter);
    let screen = app.wait_for_text("Moved out of").await;
    assert!(
        screen.contains("2 cancelled") && screen.contains("1 not accepted"),
        "{screen}"
    );
    for email in ["ann@example.org", "bob@example.org"] {
        assert_eq!(
            status_of(&app, target, email),
            [RegistrantStatus::Approved],
            "{email} registered in the target"
        );
        assert_eq!(
            status_of(&app, source, email),
            [RegistrantStatus::Denied],
            "{email}'s approval cancelled in the source (Zoom lists them as denied)"
        );
    }
    assert_eq!(
        status_of(&app, source, "cy@example.org"),
        [RegistrantStatus::Approved],
        "Cy, denied in the target, stays approved in the source"
    );
    assert_eq!(
        status_of(&app, target, "cy@example.org"),
        [RegistrantStatus::Denied]
    );
    // Closing the report reloads the source's list, which shows the move.
    app.press(KeyCode::Enter);
    app.wait_for_text("Approved (1)").await;
    app.quit().await.expect("quits cleanly");
}
