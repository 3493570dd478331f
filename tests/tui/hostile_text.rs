//! Text typed by strangers, drawn by the real app over HTTP from the simulator: a meeting topic
//! and registrant names holding escape sequences, bidi overrides and zero-width characters are
//! drawn without them (or their payload), in the meetings list, the registrants list, the title
//! bar and the detail screen.

use crossterm::event::KeyCode;
use regdesk::tui::testing::{Harness, HarnessOptions};
use serde_json::json;

const MEETING: u64 = 81_000_000_003;
const TOPIC: &str = "Launch \u{1b}]0;pwned\u{7}\u{202E}party\u{200B}";
const HOSTILE_NAME: &str = "\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{2067}Eve\u{200B}";
const FORBIDDEN: [char; 7] = [
    '\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{200b}', '\u{2067}', '\u{feff}',
];

fn assert_harmless(screen: &str) {
    assert!(!screen.contains(FORBIDDEN), "{screen:?}");
    assert!(
        !screen.contains("pwned") && !screen.contains("cHduZWQ"),
        "a sequence's payload is shown: {screen}"
    );
}

#[tokio::test]
async fn hostile_topics_and_names_are_drawn_without_control_bidi_or_invisible_characters() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = Harness::start(HarnessOptions::new(data.path().to_path_buf())).await;
    app.simulator
        .create_meeting(json!({
            "id": MEETING, "topic": TOPIC, "type": 2, "approval_type": 0,
            "questions": [{"field_name": "last_name", "required": false}],
            "registrants": [
                {"email": "eve@example.org", "first_name": HOSTILE_NAME, "last_name": "Lee",
                 "fields": {"org": "\u{FEFF}Acme\u{202E} Ltd"}},
                {"email": "wang@example.org", "first_name": "王秀英", "last_name": "Wang"},
            ],
        }))
        .expect("meeting");

    app.wait_for_text("Meetings (").await;
    app.press(KeyCode::Char('r'));
    app.press(KeyCode::Char('/'));
    app.type_text("launch");
    app.press(KeyCode::Enter);
    let screen = app
        .wait_for("the hostile meeting listed", |screen| {
            screen.contains("Launch �party") && screen.contains("/launch")
        })
        .await;
    assert_harmless(&screen);

    app.press(KeyCode::Enter);
    let screen = app
        .wait_for("its registrants", |screen| {
            // A wide character's second cell reads as a space in the screen's text.
            screen.contains("Approved (2)") && screen.contains("王 秀 英  Wang")
        })
        .await;
    assert_harmless(&screen);
    assert!(screen.contains("��Eve Lee"), "{screen}");

    // The hostile name sorts first; its detail shows it in the title bar too.
    app.press(KeyCode::Enter);
    let screen = app.wait_for_text("Registrant ID").await;
    assert_harmless(&screen);
    assert!(screen.contains("��Eve Lee <eve@example.org>"), "{screen}");
    assert!(screen.contains("Acme Ltd"), "{screen}");
    app.quit().await.expect("the app quits");
}
