//! The rapid-entry add form: snapshots of its states (drawn from outcomes fed to the app, no
//! network), and key-driven runs of the real loop against the simulator — two people typed one
//! right after the other both end registered, a missing required answer is refused before any
//! request, and a refusal by Zoom shows its diagnosis.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use regdesk::sim::{EventKind as SimKind, RegistrantStatus, SimConfig};
use regdesk::tui::app::App;
use regdesk::tui::message::{Effect, Msg, Outcome, RequestId};
use regdesk::tui::screens::add_form::AddFormScreen;
use regdesk::tui::testing::{Harness, HarnessOptions, key, render_app, snapshot_config};
use regdesk::zoom::{
    AddOutcome, AddResolution, ApiError, ApiErrorKind, ApprovalType, CustomQuestion,
    CustomQuestionType, Endpoint, ErrorContext, EventKind, EventRef, QuestionField, Questions,
    RegistrantStatus as ZoomStatus, StandardQuestion, ZoomError,
};

/// Customer Advisory Board — Spring Session: manual approval; last name, organization, job title
/// and a single-choice role question are required.
const ADVISORY_BOARD: u64 = 86_350_218_847;
const ADVISORY_TOPIC: &str = "Customer Advisory Board";
/// Partner Enablement: Selling Hybrid Events, a webinar hosted by Maya Lindqvist.
const PARTNER_WEBINAR: u64 = 95_531_870_264;
const PARTNER_TOPIC: &str = "Partner Enablement";
const HOST_EMAIL: &str = "maya.lindqvist@northwind-events.example";
/// Onboarding Office Hours: recurring (6 occurrences, New York time), register once and choose.
const OFFICE_HOURS: u64 = 89_516_034_472;
const OFFICE_HOURS_TOPIC: &str = "Onboarding Office Hours";

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

// ---- snapshots -------------------------------------------------------------------------------

fn advisory_questions() -> Questions {
    let standard = |field, required| StandardQuestion {
        field_name: field,
        required,
    };
    Questions {
        questions: vec![
            standard(QuestionField::LastName, true),
            standard(QuestionField::Org, true),
            standard(QuestionField::JobTitle, true),
            standard(QuestionField::Country, false),
        ],
        custom_questions: vec![
            CustomQuestion {
                title: "What is your role in evaluating event tooling?".to_owned(),
                kind: CustomQuestionType::Single,
                required: true,
                answers: vec![
                    "Decision maker".to_owned(),
                    "Influencer".to_owned(),
                    "End user".to_owned(),
                ],
            },
            CustomQuestion {
                title: "Anything we should know?".to_owned(),
                kind: CustomQuestionType::Short,
                required: false,
                answers: Vec::new(),
            },
        ],
    }
}

/// An app showing the form of the advisory board; returns it with its questions' request id.
fn form_app() -> (App, RequestId) {
    let screen = AddFormScreen::new(
        EventRef {
            kind: EventKind::Meeting,
            id: ADVISORY_BOARD,
        },
        "Customer Advisory Board — Spring Session".to_owned(),
        None,
        Some(ApprovalType::Manual),
    );
    let mut app = App::new(snapshot_config(), Box::new(screen));
    let effects = app.start();
    let questions = effects
        .iter()
        .find_map(|effect| match effect {
            Effect::LoadQuestions { request, .. } => Some(*request),
            _ => None,
        })
        .expect("the form loads its questions");
    assert_eq!(
        effects.len(),
        1,
        "the approval setting was given: {effects:?}"
    );
    (app, questions)
}

fn loaded_form() -> App {
    let (mut app, request) = form_app();
    app.update(Msg::Done {
        request,
        outcome: Outcome::Questions(Ok(advisory_questions())),
    });
    app
}

fn press(app: &mut App, event: KeyEvent) -> Vec<Effect> {
    app.update(Msg::Input(Event::Key(event)))
}

fn type_into(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, key(KeyCode::Char(c)));
    }
}

/// Fills the advisory board's form for one person and registers them; returns the request id.
fn submit_person(app: &mut App, email: &str, first: &str, last: &str) -> RequestId {
    for value in [email, first, last, "Northwind", "Producer", ""] {
        type_into(app, value);
        press(app, key(KeyCode::Enter));
    }
    type_into(app, "d");
    press(app, key(KeyCode::Enter));
    let effects = press(app, ctrl('s'));
    effects
        .into_iter()
        .find_map(|effect| match effect {
            Effect::AddRegistrant {
                request, person, ..
            } => {
                assert_eq!(person.email, email);
                Some(request)
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no request for {email}:\n{}", render_app(app, 120, 40)))
}

fn added(email: &str, resolution: AddResolution, status: Option<ZoomStatus>) -> Outcome {
    Outcome::Added(Ok(Box::new(AddOutcome {
        registrant_id: "r-1".to_owned(),
        email: email.to_owned(),
        join_url: Some("https://zoom.example/w/86350218847?tk=abc".to_owned()),
        topic: None,
        start_time: None,
        occurrences: Vec::new(),
        participant_pin_code: None,
        status,
        resolution,
    })))
}

fn full_meeting() -> ZoomError {
    ZoomError::Api(Box::new(ApiError {
        endpoint: Endpoint::AddRegistrant(EventKind::Meeting),
        status: 400,
        code: Some(3043),
        message: "Meeting has reached maximum attendee capacity.".to_owned(),
        field_errors: Vec::new(),
        kind: ApiErrorKind::CapacityReached,
        context: ErrorContext::default(),
    }))
}

/// Four people sent: one registered… pending, one already registered, one refused, one in flight.
fn form_with_submissions() -> App {
    let mut app = loaded_form();
    let pending = submit_person(&mut app, "ann.lee@example.com", "Ann", "Lee");
    let already = submit_person(&mut app, "bo.kim@example.com", "Bo", "Kim");
    let refused = submit_person(&mut app, "cy.ode@example.com", "Cy", "Ode");
    submit_person(&mut app, "di.ma@example.com", "Di", "Ma");
    app.update(Msg::Done {
        request: pending,
        outcome: added("ann.lee@example.com", AddResolution::Created, None),
    });
    app.update(Msg::Done {
        request: already,
        outcome: added(
            "bo.kim@example.com",
            AddResolution::AlreadyRegistered,
            Some(ZoomStatus::Approved),
        ),
    });
    app.update(Msg::Done {
        request: refused,
        outcome: Outcome::Added(Err(full_meeting())),
    });
    app
}

#[test]
fn snapshot_empty_form_while_the_questions_load() {
    let (app, _) = form_app();
    insta::assert_snapshot!(render_app(&app, 120, 40));
}

#[test]
fn snapshot_form_with_required_custom_questions() {
    let mut app = loaded_form();
    type_into(&mut app, "ann.lee@example.com");
    insta::assert_snapshot!(render_app(&app, 120, 40));
}

#[test]
fn snapshot_validation_errors_after_a_refused_submit() {
    let mut app = loaded_form();
    type_into(&mut app, "ann.lee@");
    press(&mut app, key(KeyCode::Tab));
    type_into(&mut app, "Ann");
    press(&mut app, key(KeyCode::Tab));
    press(&mut app, key(KeyCode::Tab));
    press(&mut app, key(KeyCode::Tab));
    press(&mut app, key(KeyCode::Tab));
    type_into(&mut app, "Atlantis");
    let effects = press(&mut app, ctrl('s'));
    assert!(effects.is_empty(), "nothing is sent: {effects:?}");
    insta::assert_snapshot!(render_app(&app, 120, 40));
}

#[test]
fn snapshot_submissions_in_flight_and_done() {
    let app = form_with_submissions();
    insta::assert_snapshot!(render_app(&app, 120, 40));
}

#[test]
fn snapshot_narrow_terminals() {
    let app = form_with_submissions();
    insta::assert_snapshot!("add_form_80x24", render_app(&app, 80, 24));
    insta::assert_snapshot!("add_form_60x16", render_app(&app, 60, 16));
    insta::assert_snapshot!("add_form_empty_80x16", render_app(&loaded_form(), 80, 16));
}

/// The form with people sent (one refused), at the sizes a coordinator uses.
#[test]
fn snapshot_the_form_at_200x50_120x40_80x24_and_50x15() {
    let app = form_with_submissions();
    for (width, height) in [(200, 50), (120, 40), (80, 24), (50, 15)] {
        insta::assert_snapshot!(
            format!("add_form_{width}x{height}"),
            render_app(&app, width, height)
        );
    }
}

/// A long required question keeps its `*` at every width: labels wrap instead of being cut, and
/// the form scrolls to the field being typed in.
#[test]
fn every_required_marker_shows_at_every_width() {
    let mut app = loaded_form();
    for (width, height) in [(200, 50), (120, 40), (80, 24), (50, 15)] {
        // Every field in turn, as Tab walks the form: what a person sees of each.
        let mut seen = String::new();
        for _ in 0..8 {
            let screen = render_app(&app, width, height);
            assert!(
                !screen.contains("evaluati…"),
                "no label is cut at {width}×{height}:\n{screen}"
            );
            seen.push_str(&screen);
            press(&mut app, key(KeyCode::Tab));
        }
        for marked in [
            "Email *",
            "First name *",
            "Last name *",
            "Organization *",
            "Job title *",
            "tooling? *",
        ] {
            assert!(
                seen.contains(marked),
                "{marked} at {width}×{height}:\n{seen}"
            );
        }
    }
}

/// A choice question is a list under the field; letters narrow it to the answers containing
/// them, and Enter keeps the one picked.
#[test]
fn typing_on_a_choice_question_narrows_its_list() {
    let mut app = loaded_form();
    for _ in 0..6 {
        press(&mut app, key(KeyCode::Tab));
    }
    let screen = render_app(&app, 120, 40);
    for answer in ["Decision maker", "Influencer", "End user"] {
        assert!(
            screen.contains(answer),
            "the list shows {answer}:\n{screen}"
        );
    }
    type_into(&mut app, "user");
    let screen = render_app(&app, 120, 40);
    assert!(screen.contains("“user”: 1 of 3"), "{screen}");
    assert!(screen.contains("▸ End user"), "{screen}");
    assert!(!screen.contains("Influencer"), "narrowed:\n{screen}");
    press(&mut app, key(KeyCode::Backspace));
    press(&mut app, key(KeyCode::Backspace));
    press(&mut app, key(KeyCode::Backspace));
    let screen = render_app(&app, 120, 40);
    assert!(screen.contains("“u”: 2 of 3"), "{screen}");
    insta::assert_snapshot!(screen);
}

/// Every letter types in the form, so help opens with F1: the overlay lists the form's keys,
/// and the next key closes it without typing anything.
#[test]
fn f1_opens_the_help_from_the_form_and_types_nothing() {
    let mut app = loaded_form();
    type_into(&mut app, "ann?");
    let hints = render_app(&app, 120, 40);
    assert!(
        hints
            .lines()
            .last()
            .is_some_and(|row| row.contains("F1 help")),
        "the hint row names F1:\n{hints}"
    );
    press(&mut app, key(KeyCode::F(1)));
    let help = render_app(&app, 120, 40);
    for words in [
        "Add registrants",
        "Ctrl-S",
        "register the person now (from any field)",
    ] {
        assert!(help.contains(words), "the help lists {words:?}:\n{help}");
    }
    insta::assert_snapshot!(help);
    press(&mut app, key(KeyCode::Char('x')));
    let form = render_app(&app, 120, 40);
    assert!(!form.contains("Ctrl-S/"), "the help closed:\n{form}");
    assert!(
        form.contains("ann?") && !form.contains("ann?x"),
        "F1 and the closing key typed nothing; `?` typed:\n{form}"
    );
}

#[test]
fn the_form_clears_for_the_next_person_at_once() {
    let mut app = loaded_form();
    submit_person(&mut app, "ann.lee@example.com", "Ann", "Lee");
    let screen = render_app(&app, 120, 40);
    let form: String = screen
        .lines()
        .map(|line| line.chars().take(64).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!form.contains("Northwind"), "the form is empty:\n{screen}");
    assert!(
        screen.contains("› Email *"),
        "focus on the email:\n{screen}"
    );
    assert!(screen.contains("sending…"), "{screen}");
    // Letters type, even the ones bound elsewhere (q quits, ? helps, L enlarges the live pane).
    type_into(&mut app, "qL?r");
    assert!(!app.should_quit());
    let screen = render_app(&app, 120, 40);
    let email_line = screen
        .lines()
        .find(|line| line.contains("› Email *"))
        .unwrap_or_default();
    assert!(email_line.contains(" qL?r "), "{screen}");
}

#[test]
fn a_pasted_spreadsheet_row_fills_the_fields_and_several_rows_are_refused() {
    let mut app = loaded_form();
    app.update(Msg::Input(Event::Paste(
        "ann.lee@example.com\tAnn\tLee\tNorthwind\r\n".to_owned(),
    )));
    let screen = render_app(&app, 120, 40);
    for (label, value) in [
        ("Email *", "ann.lee@example.com"),
        ("Last name *", "Lee"),
        ("Organization *", "Northwind"),
    ] {
        let line = screen
            .lines()
            .find(|line| line.contains(label))
            .unwrap_or_default();
        assert!(line.contains(value), "{label} holds {value}:\n{screen}");
    }
    assert!(
        screen.contains("› Organization *"),
        "focus on the last value:\n{screen}"
    );

    let mut app = loaded_form();
    app.update(Msg::Input(Event::Paste(
        "a@b.example\tA\nc@d.example\tC\n".to_owned(),
    )));
    let screen = render_app(&app, 120, 40);
    assert!(screen.contains("Pasted 2 lines"), "{screen}");
    assert!(
        !screen.contains("a@b.example"),
        "nothing half-pasted:\n{screen}"
    );
}

// ---- the real loop against the simulator -----------------------------------------------------

/// Opens the registrants of `topic`, then its add form, and waits for the questions.
async fn open(app: &mut Harness, webinar: bool, topic: &str) {
    super::flows::open_event(app, webinar, topic).await;
    app.press(KeyCode::Char('a'));
    app.wait_for("the form with its questions", |screen| {
        screen.contains("New registrant") && !screen.contains("loading the registration questions")
    })
    .await;
}

/// Types one advisory-board registrant the way a person would: Enter after each field.
fn type_person(app: &Harness, email: &str, first: &str, last: &str) {
    for value in [email, first, last, "Northwind", "Producer", ""] {
        app.type_text(value);
        app.press(KeyCode::Enter);
    }
    app.type_text("e");
    app.press(KeyCode::Enter);
}

fn adds_sent(app: &Harness) -> u64 {
    app.simulator
        .stats()
        .requests_per_endpoint
        .iter()
        .filter(|(endpoint, _)| endpoint.starts_with("POST") && endpoint.ends_with("/registrants"))
        .map(|(_, count)| count)
        .sum()
}

/// The app on a simulator answering after `latency`, showing the advisory board's form; the
/// temporary data dir lives as long as the returned guard.
async fn advisory_form_with_latency(millis: u64) -> (Harness, tempfile::TempDir) {
    let data = tempfile::tempdir().expect("temp dir");
    let mut options = HarnessOptions::new(data.path().to_path_buf());
    options.simulator = SimConfig {
        latency: std::time::Duration::from_millis(millis),
        ..SimConfig::default()
    };
    let mut app = Harness::start(options).await;
    open(&mut app, false, ADVISORY_TOPIC).await;
    (app, data)
}

#[tokio::test]
async fn two_people_typed_one_after_the_other_both_end_registered() {
    // Slow enough that the second person is typed while the first is still in flight.
    let (mut app, _data) = advisory_form_with_latency(150).await;
    let pending_before = app
        .simulator
        .registrants(SimKind::Meeting, ADVISORY_BOARD)
        .iter()
        .filter(|person| person.status == RegistrantStatus::Pending)
        .count();

    type_person(&app, "ann.lee@example.com", "Ann", "Lee");
    type_person(&app, "bo.kim@example.com", "Bo", "Kim");
    let screen = app
        .wait_for("both outcomes", |screen| {
            screen.matches("pending approval").count() == 2
        })
        .await;
    assert!(screen.contains("Sent: 2"), "{screen}");

    let people = app.simulator.registrants(SimKind::Meeting, ADVISORY_BOARD);
    for (email, last) in [
        ("ann.lee@example.com", "Lee"),
        ("bo.kim@example.com", "Kim"),
    ] {
        let person = people
            .iter()
            .find(|person| person.email == email)
            .unwrap_or_else(|| panic!("{email} is not registered"));
        assert_eq!(person.status, RegistrantStatus::Pending);
        assert_eq!(person.last_name, last);
    }

    app.press(KeyCode::Esc);
    app.wait_for("the refreshed list", |screen| {
        screen.contains(&format!("Pending ({})", pending_before + 2))
    })
    .await;
    app.quit().await.expect("quit");
}

#[tokio::test]
async fn esc_right_after_registering_waits_for_the_request_then_the_list_has_the_person() {
    let (mut app, _data) = advisory_form_with_latency(300).await;
    type_person(&app, "eve.early@example.com", "Eve", "Early");
    app.press(KeyCode::Esc);
    // The list below reloads only after the add finished, so it cannot miss the person.
    let screen = app
        .wait_for("the list with the new person", |screen| {
            !screen.contains("New registrant") && screen.contains("eve.early@example.com")
        })
        .await;
    assert!(screen.contains("Eve Early"), "{screen}");
    app.quit().await.expect("quit");
}

#[tokio::test]
async fn a_missing_required_answer_is_refused_before_any_request() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = Harness::start(HarnessOptions::new(data.path().to_path_buf())).await;
    open(&mut app, false, ADVISORY_TOPIC).await;
    let before = app
        .simulator
        .registrants(SimKind::Meeting, ADVISORY_BOARD)
        .len();
    // Everything but the role question.
    for value in [
        "cy.ode@example.com",
        "Cy",
        "Ode",
        "Northwind",
        "Producer",
        "",
    ] {
        app.type_text(value);
        app.press(KeyCode::Enter);
    }
    app.press(KeyCode::Enter);
    let screen = app.wait_for_text("Nothing was sent").await;
    assert!(
        screen.contains("✗ is missing (the meeting requires it)"),
        "{screen}"
    );
    assert!(
        screen.contains("cy.ode@example.com"),
        "the typing is kept:\n{screen}"
    );
    assert_eq!(adds_sent(&app), 0);
    assert_eq!(
        app.simulator
            .registrants(SimKind::Meeting, ADVISORY_BOARD)
            .len(),
        before
    );

    // Picking an answer clears the mark, and the person goes.
    app.press(KeyCode::Right);
    app.wait_for("the mark gone", |screen| !screen.contains("✗ required"))
        .await;
    app.press(KeyCode::Enter);
    app.wait_for_text("pending approval").await;
    assert_eq!(adds_sent(&app), 1);
    app.quit().await.expect("quit");
}

#[tokio::test]
async fn a_refusal_by_zoom_shows_its_diagnosis() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = Harness::start(HarnessOptions::new(data.path().to_path_buf())).await;
    open(&mut app, true, PARTNER_TOPIC).await;
    // The host registering for their own webinar: Zoom's 3027.
    for value in [HOST_EMAIL, "Maya", "Lindqvist", "Northwind", "", ""] {
        app.type_text(value);
        app.press(KeyCode::Enter);
    }
    app.type_text("g");
    app.press(KeyCode::Enter);
    let screen = app
        .wait_for_text("refused · Email: The webinar's host cannot")
        .await;
    assert!(
        screen.contains("fix: Register a different address"),
        "{screen}"
    );
    assert!(screen.contains("1 refused"), "{screen}");
    app.quit().await.expect("quit");
}

/// The list calls the simulator answered so far.
fn list_calls(app: &Harness) -> u64 {
    app.simulator
        .stats()
        .requests_per_endpoint
        .iter()
        .filter(|(endpoint, _)| endpoint.starts_with("GET") && endpoint.ends_with("/registrants"))
        .map(|(_, count)| count)
        .sum()
}

/// The list was loaded when the form opened: it answers whether the person is registered, and
/// the new person goes into it as Zoom described them. One add, no list call at all.
#[tokio::test]
async fn one_add_makes_no_list_call_and_the_list_shows_the_person() {
    let (mut app, _data) = advisory_form_with_latency(0).await;
    let before = list_calls(&app);
    type_person(&app, "lia.list@example.com", "Lia", "List");
    app.wait_for_text("pending approval").await;
    app.press(KeyCode::Esc);
    let screen = app
        .wait_for("the list with the new person", |screen| {
            !screen.contains("New registrant") && screen.contains("lia.list@example.com")
        })
        .await;
    assert!(screen.contains("Lia List"), "{screen}");
    assert_eq!(list_calls(&app) - before, 0, "no list call for one add");
    assert_eq!(adds_sent(&app), 1);

    // Someone the list holds is told at once, without any call.
    app.press(KeyCode::Char('a'));
    app.wait_for("the form again", |screen| {
        screen.contains("New registrant") && !screen.contains("loading the registration questions")
    })
    .await;
    type_person(&app, "lia.list@example.com", "Lia", "List");
    app.wait_for_text("already registered (pending); nothing sent")
        .await;
    assert_eq!(adds_sent(&app), 1);
    assert_eq!(list_calls(&app) - before, 0);
    app.quit().await.expect("quit");
}

/// Zoom refuses an entry after the form cleared (the webinar's host registering): the outcome
/// row names the field and Zoom's reason in full; Ctrl-O, Enter put the entry back, the refused
/// field marked; corrected, it goes, and every other answer was kept.
#[tokio::test]
async fn a_refused_entry_reopens_filled_in_to_correct_and_resend() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = Harness::start(HarnessOptions::new(data.path().to_path_buf())).await;
    open(&mut app, true, PARTNER_TOPIC).await;
    for value in [HOST_EMAIL, "Maya", "Lindqvist", "Northwind", "", ""] {
        app.type_text(value);
        app.press(KeyCode::Enter);
    }
    app.type_text("g");
    app.press(KeyCode::Enter);
    let screen = app
        .wait_for_text("refused · Email: The webinar's host cannot")
        .await;
    assert!(
        screen.contains("(code 3027)"),
        "Zoom's reason in full:\n{screen}"
    );
    // Another person half typed meanwhile is kept aside, not lost.
    app.type_text("next@example.com");
    app.key(ctrl('o'));
    app.press(KeyCode::Enter);
    let screen = app
        .wait_for("the entry back in the form", |screen| {
            screen.contains("› Email *") && screen.contains("✗ Zoom refused it")
        })
        .await;
    for kept in [HOST_EMAIL, "Lindqvist", "Northwind"] {
        assert!(screen.contains(kept), "{kept} is back:\n{screen}");
    }
    assert!(screen.contains("1 kept aside"), "{screen}");
    for _ in 0..HOST_EMAIL.chars().count() {
        app.press(KeyCode::Backspace);
    }
    app.type_text("maya.private@example.com");
    app.key(ctrl('s'));
    app.wait_for("the corrected entry registered", |screen| {
        screen.contains("Maya Lindqvist <maya.private@example.com>")
            && !screen.contains("sending…")
            && !screen.contains("refused ·")
    })
    .await;
    let person = app
        .simulator
        .registrants(SimKind::Webinar, PARTNER_WEBINAR)
        .into_iter()
        .find(|person| person.email == "maya.private@example.com")
        .expect("registered after the correction");
    assert_eq!(person.last_name, "Lindqvist");
    assert_eq!(person.json["org"], "Northwind");
    app.quit().await.expect("quit");
}

/// A recurring event: the form says which occurrences the person gets, as dates in the event's
/// zone, and the outcome says which Zoom registered them for.
#[tokio::test]
async fn the_form_says_which_occurrences_the_person_gets_as_dates() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = Harness::start(HarnessOptions::new(data.path().to_path_buf())).await;
    open(&mut app, false, OFFICE_HOURS_TOPIC).await;
    app.press(KeyCode::Char('a'));
    let screen = app
        .wait_for_text("Registers for all 6 occurrences, from ")
        .await;
    assert!(
        !screen.contains("occurrence 1"),
        "no raw occurrence IDs:\n{screen}"
    );
    let starts = occurrence_starts(&app).await;
    assert!(screen.contains(&starts[0]), "{} in:\n{screen}", starts[0]);
    for value in ["oli.hours@example.com", "Oli", "Hours", ""] {
        app.type_text(value);
        app.press(KeyCode::Enter);
    }
    app.key(ctrl('s'));
    let screen = app.wait_for_text("for 6 occurrences, from ").await;
    assert!(screen.contains(&starts[0]), "{screen}");
    app.quit().await.expect("quit");
}

/// The office hours' occurrences as Zoom (the simulator) returns them, written as the app must
/// write them: in New York time with its offset.
async fn occurrence_starts(app: &Harness) -> Vec<String> {
    let client = regdesk::session::Session::on_simulator(&app.simulator, "test")
        .expect("session")
        .client;
    let detail = client
        .get_event(EventRef::meeting(OFFICE_HOURS), None)
        .await
        .expect("the office hours");
    let zone = jiff::tz::TimeZone::get("America/New_York").expect("the zone");
    detail
        .occurrences
        .iter()
        .map(|occurrence| {
            occurrence
                .start_time
                .expect("a start")
                .to_zoned(zone.clone())
                .strftime("%a %-d %b %Y %H:%M %:z")
                .to_string()
        })
        .collect()
}

// ---- the form, `regdesk add` and the import agree --------------------------------------------

/// Runs the `regdesk` binary against the harness's simulator with its own config and data dirs.
async fn regdesk_cli(app: &Harness, dirs: &std::path::Path, args: &[&str]) -> std::process::Output {
    let s2s = app.simulator.s2s_app();
    tokio::process::Command::new(env!("CARGO_BIN_EXE_regdesk"))
        .args(args)
        .env("ZOOM_ACCOUNT_ID", &s2s.account_id)
        .env("ZOOM_CLIENT_ID", &s2s.client_id)
        .env("ZOOM_CLIENT_SECRET", &s2s.client_secret)
        .env("REGDESK_API_URL", app.simulator.api_url())
        .env("REGDESK_OAUTH_URL", app.simulator.oauth_url())
        .env("REGDESK_CONFIG_DIR", dirs.join("config"))
        .env("REGDESK_DATA_DIR", dirs.join("data"))
        .env("REGDESK_PLAN", "pro")
        .stdin(std::process::Stdio::null())
        .output()
        .await
        .expect("regdesk runs")
}

/// The demo data with the advisory board also asking for the country (after the phone), written
/// into `dir`.
fn demo_asking_the_country(dir: &std::path::Path) -> std::path::PathBuf {
    fn ask_country(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                let advisory = map
                    .get("topic")
                    .and_then(serde_json::Value::as_str)
                    .is_some_and(|topic| topic.contains(ADVISORY_TOPIC));
                if advisory
                    && let Some(serde_json::Value::Array(questions)) = map.get_mut("questions")
                {
                    questions.push(serde_json::json!({"field_name": "country", "required": false}));
                }
                map.values_mut().for_each(ask_country);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(ask_country),
            _ => {}
        }
    }
    let mut demo: serde_json::Value =
        serde_json::from_str(include_str!("../../assets/demo.json")).expect("the demo data");
    ask_country(&mut demo);
    let file = dir.join("demo.json");
    std::fs::write(&file, demo.to_string()).expect("write the demo data");
    file
}

const ROLE_QUESTION: &str = "What is your role in evaluating event tooling?";

/// The registrant the simulator stored for `email`, as `GET …/registrants/{id}` returns it.
fn stored(app: &Harness, email: &str) -> serde_json::Value {
    app.simulator
        .registrants(SimKind::Meeting, ADVISORY_BOARD)
        .into_iter()
        .find(|person| person.email == email)
        .unwrap_or_else(|| panic!("{email} is not registered"))
        .json
}

#[tokio::test]
async fn the_form_add_and_import_send_the_same_registrant_and_refuse_with_the_same_words() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut options = HarnessOptions::new(data.path().join("tui"));
    options.simulator.data = Some(demo_asking_the_country(data.path()));
    let mut app = Harness::start(options).await;
    open(&mut app, false, ADVISORY_TOPIC).await;
    let id = ADVISORY_BOARD.to_string();

    // The same person three ways, the country written as a name and the answer in lower case;
    // the form asks email, names, organization, job title, phone, country, then the role.
    for value in [
        "form@example.com",
        "Ann",
        "Lee",
        "Northwind",
        "Producer",
        "",
        "Germany",
    ] {
        app.type_text(value);
        app.press(KeyCode::Enter);
    }
    app.type_text("e");
    app.press(KeyCode::Enter);
    app.wait_for_text("pending approval").await;

    let add = regdesk_cli(
        &app,
        data.path(),
        &[
            "add",
            &id,
            "--email",
            "add@example.com",
            "--first-name",
            "Ann",
            "--last-name",
            "Lee",
            "--field",
            "org=Northwind",
            "--field",
            "Job title=Producer",
            "--field",
            "country=Germany",
            "--field",
            &format!("{ROLE_QUESTION}=end user"),
        ],
    )
    .await;
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );

    let file = data.path().join("people.csv");
    std::fs::write(
        &file,
        format!(
            "Email,First Name,Last Name,Organization,Job Title,Country,{ROLE_QUESTION}\n\
             import@example.com,Ann,Lee,Northwind,Producer,Germany,end user\n"
        ),
    )
    .expect("write the file");
    let file_arg = file.display().to_string();
    let import = regdesk_cli(&app, data.path(), &["import", &id, &file_arg]).await;
    assert!(
        import.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&import.stdout),
        String::from_utf8_lossy(&import.stderr)
    );

    let sent = |email: &str| {
        let json = stored(&app, email);
        (
            json["country"].clone(),
            json["last_name"].clone(),
            json["org"].clone(),
            json["job_title"].clone(),
            json["custom_questions"].clone(),
        )
    };
    let from_form = sent("form@example.com");
    assert_eq!(from_form.0, "DE", "{from_form:?}");
    assert_eq!(
        from_form.4,
        serde_json::json!([{"title": ROLE_QUESTION, "value": "End user"}])
    );
    assert_eq!(sent("add@example.com"), from_form);
    assert_eq!(sent("import@example.com"), from_form);

    // An over-long last name: refused by all three, in the same words, and nothing is sent.
    let long = "x".repeat(65);
    let words = "is longer than Zoom's 64 characters";
    for value in [
        "long@example.com",
        "Ann",
        long.as_str(),
        "Northwind",
        "Producer",
        "",
        "",
    ] {
        app.type_text(value);
        app.press(KeyCode::Enter);
    }
    app.type_text("e");
    app.press(KeyCode::Enter);
    let screen = app.wait_for_text("Nothing was sent").await;
    assert!(screen.contains(&format!("✗ {words}")), "{screen}");

    let add = regdesk_cli(
        &app,
        data.path(),
        &[
            "add",
            &id,
            "--email",
            "long@example.com",
            "--first-name",
            "Ann",
            "--last-name",
            &long,
            "--field",
            "org=Northwind",
            "--field",
            "job_title=Producer",
            "--field",
            &format!("{ROLE_QUESTION}=End user"),
        ],
    )
    .await;
    let stderr = String::from_utf8_lossy(&add.stderr);
    assert_eq!(add.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("Last name (--last-name): {words}")),
        "{stderr}"
    );

    std::fs::write(
        &file,
        format!(
            "Email,First Name,Last Name,Organization,Job Title,{ROLE_QUESTION}\n\
             long@example.com,Ann,{long},Northwind,Producer,End user\n"
        ),
    )
    .expect("write the file");
    let import = regdesk_cli(&app, data.path(), &["import", &id, &file_arg, "--dry-run"]).await;
    let stdout = String::from_utf8_lossy(&import.stdout);
    assert!(
        stdout.contains(&format!("last_name (column \"Last Name\"): {words}")),
        "{stdout}"
    );
    assert!(
        app.simulator
            .registrants(SimKind::Meeting, ADVISORY_BOARD)
            .iter()
            .all(|person| person.email != "long@example.com")
    );
    app.quit().await.expect("quit");
}
