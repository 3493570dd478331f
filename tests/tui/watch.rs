//! Watching a registrant list live (`w`): someone who registers at Zoom meanwhile shows up by
//! itself, marked new and counted in the title, until `W` marks them seen.

use crossterm::event::KeyCode;
use regdesk::tui::testing::{Harness, HarnessOptions};
use regdesk::zoom::{AddOptions, CustomAnswer, EventRef, NewRegistrant};

use crate::flows::open_event;

/// Customer Advisory Board — Spring Session: manual approval, so newcomers are pending.
const ADVISORY_BOARD: u64 = 86_350_218_847;

/// Registers a person at the simulator, as another coordinator or Zoom's form would.
async fn someone_registers(app: &Harness, email: &str, first: &str, last: &str) {
    let client = regdesk::session::Session::on_simulator(&app.simulator, "someone else")
        .expect("session")
        .client;
    let mut person = NewRegistrant::new(email, first);
    person.fields.last_name = Some(last.to_owned());
    person.fields.org = Some("Fabrikam".to_owned());
    person.fields.job_title = Some("Producer".to_owned());
    person.custom_questions = vec![CustomAnswer {
        title: "What is your role in evaluating event tooling?".to_owned(),
        value: "Influencer".to_owned(),
    }];
    client
        .add_registrant(
            EventRef::meeting(ADVISORY_BOARD),
            &person,
            &AddOptions::default(),
        )
        .await
        .expect("the simulator registers them");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn someone_registering_while_watching_appears_marked_new_with_the_count_in_the_title() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = Harness::start(HarnessOptions::new(data.path().to_path_buf())).await;
    open_event(&mut app, false, "Advisory").await;
    app.press(KeyCode::Char('w'));
    let screen = app.wait_for_text("watching every").await;
    assert!(!screen.contains(" new"), "nobody is new yet:\n{screen}");

    someone_registers(&app, "wren.okoye@fabrikam.example", "Wren", "Okoye").await;
    let screen = app
        .wait_for("the newcomer on screen", |screen| {
            screen.contains("Wren Okoye")
        })
        .await;
    let title = screen.lines().next().unwrap_or_default();
    assert!(title.contains("· 1 new"), "the title counts them: {title}");
    assert!(screen.contains("1 new) "), "the tab counts them:\n{screen}");
    let row = screen
        .lines()
        .find(|line| line.contains("Wren Okoye"))
        .unwrap_or_default();
    assert!(
        row.trim_start().starts_with('+'),
        "the row is marked + (not by colour alone): {row:?}"
    );
    let others_marked = screen
        .lines()
        .filter(|line| line.contains("@") && line.trim_start().starts_with('+'))
        .count();
    assert_eq!(others_marked, 1, "only the newcomer is marked:\n{screen}");

    app.press(KeyCode::Char('W'));
    let screen = app
        .wait_for("the newcomer seen", |screen| {
            screen.contains("Wren Okoye") && !screen.contains("1 new")
        })
        .await;
    let row = screen
        .lines()
        .find(|line| line.contains("Wren Okoye"))
        .unwrap_or_default();
    assert!(!row.trim_start().starts_with('+'), "{row:?}");

    // Watching goes on: a second person is new, the first is not again.
    someone_registers(&app, "yusuf.adeyemi@fabrikam.example", "Yusuf", "Adeyemi").await;
    let screen = app
        .wait_for("the second newcomer", |screen| {
            screen.contains("Yusuf Adeyemi")
        })
        .await;
    let title = screen.lines().next().unwrap_or_default();
    assert!(title.contains("· 1 new"), "{title}");
    app.quit().await.expect("quit");
}
