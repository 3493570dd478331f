//! A background task that panics (a bug) stops the app with an error naming the task, instead of
//! leaving its screen on a spinner that never ends. The panic is injected through the debug-build
//! test hook of the effect runner.

use crossterm::event::KeyCode;
use regdesk::tui::effects::InjectedPanic;
use regdesk::tui::message::TaskPanicked;
use regdesk::tui::testing::{Harness, HarnessOptions};

#[tokio::test]
async fn a_panicking_task_stops_the_app_with_an_error_instead_of_a_spinner() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut options = HarnessOptions::new(data.path().to_path_buf());
    options.injected_panic = Some(InjectedPanic::LoadingRegistrants);
    let mut app = Harness::start(options).await;
    app.wait_for_text("Meetings (").await;
    app.press(KeyCode::Char('/'));
    app.type_text("Advisory");
    app.press(KeyCode::Enter);
    app.wait_for("only the advisory board listed", |screen| {
        screen.contains("/Advisory")
    })
    .await;
    // Opening the meeting loads its registrants: that task panics.
    app.press(KeyCode::Enter);

    let error = app
        .ended()
        .await
        .expect_err("the loop ends with the task's panic");
    let panicked = error
        .downcast_ref::<TaskPanicked>()
        .unwrap_or_else(|| panic!("not a panicked task: {error:#}"));
    assert_eq!(panicked.task, "loading registrants");
    assert!(
        panicked.message.contains("on purpose"),
        "{}",
        panicked.message
    );
}
