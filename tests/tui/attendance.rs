//! The attendance view in the real loop against the simulator: a meeting that took place, its
//! no-shows and walk-ins as the simulator recorded them, the no-shows exported to CSV and
//! copied into the next event, and a plan refusal explained.

use crossterm::event::KeyCode;
use regdesk::sim::{EventKind, Plan, RegistrantStatus};
use regdesk::tui::testing::{Harness, HarnessOptions};
use serde_json::json;

const OWNER_EMAIL: &str = "maya.lindqvist@northwind-events.example";

/// A meeting that took place two hours ago: Ann came twice, Bob through a shared link, the host
/// and a guest; Cy and Dee did not come; Eve is pending (not counted).
fn past_meeting(app: &Harness) -> u64 {
    app.simulator
        .create_meeting(json!({
            "topic": "Past Attendance Briefing",
            "start_in_minutes": -120,
            "timezone": "Europe/Stockholm",
            "registrants": [
                {"email": "ann@example.com", "first_name": "Ann", "last_name": "Lee"},
                {"email": "bob@example.com", "first_name": "Bob", "last_name": "Stone"},
                {"email": "cy@example.com", "first_name": "Cy", "last_name": "=1+1"},
                {"email": "dee@example.com", "first_name": "Dee", "last_name": "Dunn"},
                {"email": "eve@example.com", "first_name": "Eve", "last_name": "Park", "status": "pending"}
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

/// A meeting to copy the no-shows into.
fn next_meeting(app: &Harness) -> u64 {
    app.simulator
        .create_meeting(json!({
            "topic": "Next Attendance Briefing",
            "start_in_minutes": 2000,
            "approval_type": 0
        }))
        .expect("meeting created")
}

/// The meetings screen listing every scheduled meeting (past ones too), the cursor on `topic`,
/// then `t`.
async fn open_attendance(app: &mut Harness, topic: &str) -> String {
    app.wait_for_text("Meetings (").await;
    app.press(KeyCode::Char('u'));
    app.press(KeyCode::Char('/'));
    app.type_text(topic);
    app.press(KeyCode::Enter);
    app.wait_for(&format!("only {topic} listed"), |screen| {
        screen.contains(topic) && screen.contains("Meetings (") && !screen.contains("Loading")
    })
    .await;
    app.press(KeyCode::Char('t'));
    app.wait_for("the attendance", |screen| {
        screen.contains("Registered, absent (") || screen.contains("could not be read")
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_attendance_view_lists_the_no_shows_and_walk_ins_the_simulator_recorded() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = Harness::start(HarnessOptions::new(data.path().to_path_buf())).await;
    let id = past_meeting(&app);
    let screen = open_attendance(&mut app, "Past Attendance").await;
    // Ground truth: the simulator's approved registrants less those who joined.
    let attended = ["ann@example.com", "bob@example.com"];
    let no_shows: Vec<String> = app
        .simulator
        .registrants(EventKind::Meeting, id)
        .into_iter()
        .filter(|person| person.status == RegistrantStatus::Approved)
        .map(|person| person.email)
        .filter(|email| !attended.contains(&email.as_str()))
        .collect();
    assert_eq!(no_shows.len(), 2);
    assert!(
        screen.contains(&format!("Registered, absent ({})", no_shows.len()))
            && screen.contains("Attended without registering (1)"),
        "{screen}"
    );
    assert!(
        screen.contains("4 approved registrants, 2 attended"),
        "{screen}"
    );
    for email in &no_shows {
        assert!(screen.contains(email.as_str()), "{email} listed:\n{screen}");
    }
    for email in attended {
        assert!(!screen.contains(email), "{email} attended:\n{screen}");
    }
    assert!(
        screen.contains("registered (Europe/Stockholm)"),
        "times in the event's zone:\n{screen}"
    );
    app.press(KeyCode::Tab);
    let screen = app.wait_for_text("joined → left").await;
    assert!(
        screen.contains("Guest on a phone") && screen.contains("(hidden by Zoom)"),
        "{screen}"
    );
    assert!(
        !screen.contains("maya.lindqvist"),
        "the host is no walk-in:\n{screen}"
    );

    // Export the no-shows: a bare name lands in the data dir's exports folder, neutralised.
    app.press(KeyCode::Tab);
    app.wait_for_text("registered (Europe/Stockholm)").await;
    app.press(KeyCode::Char('e'));
    app.wait_for_text("-no-shows.csv").await;
    app.press(KeyCode::Enter);
    app.wait_for_text("Wrote 2 no-shows to").await;
    let file = data
        .path()
        .join("exports")
        .join(format!("{id}-no-shows.csv"));
    let written = std::fs::read_to_string(&file).expect("the export");
    assert!(written.contains("cy@example.com") && written.contains("dee@example.com"));
    assert!(written.contains("'=1+1"), "formula neutralised:\n{written}");
    assert!(!written.contains("ann@example.com"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file)
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    app.quit().await.expect("quits cleanly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copying_the_no_shows_registers_them_in_the_next_meeting() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = Harness::start(HarnessOptions::new(data.path().to_path_buf())).await;
    past_meeting(&app);
    let next = next_meeting(&app);
    open_attendance(&mut app, "Past Attendance").await;
    app.press(KeyCode::Char('c'));
    app.wait_for_text("Into which meeting or webinar?").await;
    app.type_text("next attendance");
    app.wait_for_text("1 listed").await;
    app.press(KeyCode::Enter);
    let screen = app
        .wait_for_text("Dry run: nothing has been sent yet.")
        .await;
    assert!(screen.contains("Copying 2 no-shows of meeting"), "{screen}");
    assert!(screen.contains("Will register: 2"), "{screen}");
    app.press(KeyCode::Enter);
    app.wait_for_text("Copy finished.").await;
    let mut registered: Vec<String> = app
        .simulator
        .registrants(EventKind::Meeting, next)
        .into_iter()
        .map(|person| person.email)
        .collect();
    registered.sort();
    assert_eq!(registered, ["cy@example.com", "dee@example.com"]);
    app.quit().await.expect("quits cleanly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_free_plan_refusal_is_shown_with_what_why_and_the_plan_that_fixes_it() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = Harness::start(HarnessOptions::new(data.path().to_path_buf())).await;
    past_meeting(&app);
    app.simulator.set_plan(Plan::Free);
    let screen = open_attendance(&mut app, "Past Attendance").await;
    assert!(screen.contains("could not be read"), "{screen}");
    assert!(
        screen.contains("why:") && screen.contains("fix:") && screen.contains("paid"),
        "{screen}"
    );
    app.quit().await.expect("quits cleanly");
}

/// A weekly meeting that took place twice: `o` lists both times, newest first; picking the
/// earlier one shows who was absent then, as the simulator recorded it over real HTTP.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn picking_an_earlier_time_shows_who_was_absent_then() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = Harness::start(HarnessOptions::new(data.path().to_path_buf())).await;
    app.simulator
        .create_meeting(json!({
            "topic": "Weekly Attendance Standup",
            "start_in_minutes": -120,
            "timezone": "UTC",
            "registrants": [
                {"email": "ann@example.com", "first_name": "Ann", "last_name": "Lee"},
                {"email": "bob@example.com", "first_name": "Bob", "last_name": "Stone"},
                {"email": "cy@example.com", "first_name": "Cy", "last_name": "Cole"}
            ],
            "past_instances": [
                {
                    "started_minutes_ago": 10_170,
                    // Two stays: Zoom returns no participants for an instance with one.
                    "participants": [
                        {"registrant": "cy@example.com", "join_after": 2},
                        {"name": "Guest on a phone", "join_after": 5}
                    ]
                },
                {
                    "started_minutes_ago": 90,
                    "participants": [
                        {"registrant": "ann@example.com", "join_after": 1},
                        {"registrant": "bob@example.com", "join_after": 3}
                    ]
                }
            ]
        }))
        .expect("meeting created");
    let screen = open_attendance(&mut app, "Weekly Attendance").await;
    assert!(screen.contains("the latest time:"), "{screen}");
    assert!(screen.contains("Registered, absent (1)"), "{screen}");
    assert!(screen.contains("cy@example.com"), "{screen}");

    app.press(KeyCode::Char('o'));
    let picker = app
        .wait_for("both times listed", |screen| {
            screen.contains("Which time") && !screen.contains("Listing the times")
        })
        .await;
    let times: Vec<&str> = picker
        .lines()
        .filter(|line| line.contains("│") && line.contains(':') && !line.contains("latest"))
        .collect();
    assert_eq!(times.len(), 2, "two times it took place:\n{picker}");
    app.press(KeyCode::Down);
    app.press(KeyCode::Down);
    app.press(KeyCode::Enter);
    let screen = app
        .wait_for("the earlier time's attendance", |screen| {
            screen.contains("the time of") && screen.contains("Registered, absent (2)")
        })
        .await;
    assert!(
        screen.contains("1 attended") && screen.contains("Attended without registering (1)"),
        "{screen}"
    );
    for absent in ["ann@example.com", "bob@example.com"] {
        assert!(
            screen.contains(absent),
            "{absent} was absent then:\n{screen}"
        );
    }
    assert!(
        !screen.contains("cy@example.com"),
        "Cy came then:\n{screen}"
    );
    app.quit().await.expect("quits");
}
