//! The import wizard opened from the meetings list (`i`, no event): a file whose event column
//! names each row's meeting or webinar, through the real loop against the simulator. Each test
//! checks what the simulator holds afterwards (per event), or what the screen says.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crossterm::event::{Event, KeyCode};
use regdesk::import::job::imports_dir;
use regdesk::session::Session;
use regdesk::sim::{EventKind as SimKind, SimConfig, Simulator};
use regdesk::tui::app::App;
use regdesk::tui::message::{Effect, Msg, Outcome};
use regdesk::tui::screens::import_wizard::{MultiImportChoice, MultiImportWizard, prepare_multi};
use regdesk::tui::testing::{Harness, HarnessOptions, key, render_app, snapshot_config};
use serde_json::json;

const TALKS: u64 = 81_111_222_333;
const TALKS_TOPIC: &str = "Spring Talks";
const LAB: u64 = 82_444_555_666;
const LAB_TOPIC: &str = "Registration Lab";

/// A meeting that takes registrations automatically, with one person registered already.
fn meeting_spec(id: u64, topic: &str, already: &str) -> serde_json::Value {
    json!({
        "id": id,
        "topic": topic,
        "type": 2,
        "approval_type": 0,
        "questions": [{"field_name": "last_name", "required": false}],
        "custom_questions": [{"title": "Dietary needs?", "type": "short", "required": false}],
        "registrants": [{"email": already, "first_name": "Early", "last_name": "Bird"}],
    })
}

fn create_meetings(simulator: &Simulator) {
    simulator
        .create_meeting(meeting_spec(TALKS, TALKS_TOPIC, "early@talks.example"))
        .expect("the talks");
    simulator
        .create_meeting(meeting_spec(LAB, LAB_TOPIC, "early@lab.example"))
        .expect("the lab");
}

/// Each row names its event differently: an ID with spaces, a join link, an exact topic; one
/// row is registered already, one names an event the account does not have.
const TWO_EVENTS: &str = "Email,First Name,Last Name,Meeting ID\n\
ann@example.org,Ann,Archer,811 1122 2333\n\
bo@example.org,Bo,Berg,https://us02web.zoom.us/j/82444555666?pwd=x\n\
cy@example.org,Cy,Cole,Registration Lab\n\
early@talks.example,Early,Bird,81111222333\n\
dee@example.org,Dee,Dunn,999 1234 5678\n";

fn emails_of(simulator: &Simulator, id: u64) -> Vec<String> {
    let mut emails: Vec<String> = simulator
        .registrants(SimKind::Meeting, id)
        .into_iter()
        .map(|person| person.email.to_lowercase())
        .collect();
    emails.sort();
    emails
}

/// `i` on the meetings list, the file pasted and submitted, until the screen shows `expect`.
async fn open_from_meetings(app: &mut Harness, path: &Path, expect: &str) -> String {
    app.wait_for_text("Meetings (").await;
    app.press(KeyCode::Char('i'));
    app.wait_for_text("File to import").await;
    app.paste(&path.display().to_string());
    app.press(KeyCode::Enter);
    app.wait_for_text(expect).await
}

/// [`open_from_meetings`], then the columns as their headers map them, until the check.
async fn check_from_meetings(app: &mut Harness, path: &Path, expect: &str) -> String {
    let columns = open_from_meetings(app, path, "Column → where").await;
    assert!(
        columns
            .lines()
            .any(|line| line.contains("\"Meeting ID\"") && line.contains("→ the event of each row")),
        "the event column says where each row goes:\n{columns}"
    );
    app.press(KeyCode::Enter);
    app.wait_for("the check", |screen| {
        screen.contains("Dry run") && screen.contains(expect)
    })
    .await
}

async fn started(data: &Path, simulator: SimConfig) -> Harness {
    let mut options = HarnessOptions::new(data.to_path_buf());
    options.simulator = simulator;
    let app = Harness::start(options).await;
    create_meetings(&app.simulator);
    app
}

fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write the file");
    path
}

#[tokio::test]
async fn a_two_event_file_imported_from_the_meetings_list_lands_each_row_in_its_event() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = started(data.path(), SimConfig::default()).await;
    let file = write(data.path(), "events.csv", TWO_EVENTS);
    // The meetings were made after the list loaded: r lists them (and counts their registrants).
    app.wait_for_text("Meetings (").await;
    app.press(KeyCode::Char('r'));
    app.wait_for("both meetings counted", |screen| {
        [TALKS_TOPIC, LAB_TOPIC].iter().all(|topic| {
            screen
                .lines()
                .any(|line| line.contains(topic) && line.contains("1✓"))
        })
    })
    .await;

    let screen = check_from_meetings(&mut app, &file, "Dry run").await;
    for expected in [
        format!("meeting {TALKS} “{TALKS_TOPIC}”"),
        format!("meeting {LAB} “{LAB_TOPIC}”"),
        "questions no column answers: “Dietary needs?”".to_owned(),
        "2 event(s)".to_owned(),
    ] {
        assert!(screen.contains(&expected), "{expected} in:\n{screen}");
    }
    assert_eq!(
        emails_of(&app.simulator, TALKS),
        ["early@talks.example"],
        "the dry run sends nothing"
    );
    app.press(KeyCode::Enter);
    let screen = app.wait_for_text("Report:").await;
    assert!(screen.contains("Registered 3"), "{screen}");
    for each in [
        format!(
            "meeting {TALKS}: registered 1 · already 1 · invalid 0 · failed 0 · “{TALKS_TOPIC}”"
        ),
        format!("meeting {LAB}: registered 2 · already 0 · invalid 0 · failed 0 · “{LAB_TOPIC}”"),
    ] {
        assert!(screen.contains(&each), "{each} in:\n{screen}");
    }

    assert_eq!(
        emails_of(&app.simulator, TALKS),
        ["ann@example.org", "early@talks.example"]
    );
    assert_eq!(
        emails_of(&app.simulator, LAB),
        ["bo@example.org", "cy@example.org", "early@lab.example"]
    );
    let report = std::fs::read_dir(imports_dir(data.path()))
        .expect("the imports folder")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("multi-"))
        })
        .expect("the one report of the events");
    let report = std::fs::read_to_string(report).expect("the report");
    assert!(
        report
            .lines()
            .next()
            .is_some_and(|header| header.contains("event")),
        "the report has an event column:\n{report}"
    );
    assert_eq!(report.lines().count(), 1 + 5, "every row:\n{report}");
    // Back on the list, each event is counted again.
    app.press(KeyCode::Enter);
    app.wait_for("the events counted again", |screen| {
        let counted = |topic: &str, count: &str| {
            screen
                .lines()
                .any(|line| line.contains(topic) && line.contains(count))
        };
        counted(TALKS_TOPIC, "2✓") && counted(LAB_TOPIC, "3✓")
    })
    .await;
    app.quit().await.expect("quits");
}

#[tokio::test]
async fn a_row_naming_an_unknown_event_is_shown_invalid_with_its_value() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = started(data.path(), SimConfig::default()).await;
    let file = write(data.path(), "events.csv", TWO_EVENTS);

    let screen = check_from_meetings(&mut app, &file, "Dry run").await;
    assert!(
        screen.contains("Rows whose event could not be found: 1 (invalid)"),
        "{screen}"
    );
    assert!(
        screen.contains("row 6: Zoom has no meeting or webinar 99912345678"),
        "the row and its value: {screen}"
    );
    assert!(screen.contains("invalid 1"), "{screen}");
    app.quit().await.expect("quits");
}

/// The report's table of rows that need attention says each row's event: an invalid email
/// in the lab is listed under the lab's ID, the row whose event does not exist under "—".
#[tokio::test]
async fn the_report_names_the_event_of_each_row_that_needs_attention() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = started(data.path(), SimConfig::default()).await;
    let file = write(
        data.path(),
        "events.csv",
        &format!("{TWO_EVENTS}not-an-email,Eve,East,{LAB}\n"),
    );
    check_from_meetings(&mut app, &file, "Dry run").await;
    app.press(KeyCode::Enter);
    let screen = app.wait_for_text("Rows that need attention: 2").await;
    let row = |number: &str| {
        screen
            .lines()
            .find(|line| line.trim_start().starts_with(&format!("{number} ")))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(
        screen.lines().any(|line| line.contains("row event")),
        "{screen}"
    );
    assert!(row("7").contains(&LAB.to_string()), "{screen}");
    assert!(row("7").contains("Eve East"), "{screen}");
    assert!(row("6").contains("—"), "{screen}");
    assert!(!row("6").contains(&TALKS.to_string()), "{screen}");
    app.quit().await.expect("quits");
}

#[tokio::test]
async fn a_file_without_an_event_column_says_to_open_the_import_from_a_registrants_screen() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = started(data.path(), SimConfig::default()).await;
    let file = write(
        data.path(),
        "people.csv",
        "Email,First Name,Last Name\nann@example.org,Ann,Archer\n",
    );

    let screen = open_from_meetings(&mut app, &file, "no column naming").await;
    assert!(
        screen.contains("its columns: \"Email\", \"First Name\", \"Last Name\"")
            || screen.contains("its columns: Email"),
        "{screen}"
    );
    assert!(
        screen.contains("Open the import from a meeting's registrants screen, or add an event")
            && screen.contains("`Meeting ID`"),
        "what to do instead: {screen}"
    );
    assert!(screen.contains("File to import"), "still on the file step");
    assert!(emails_of(&app.simulator, TALKS).len() == 1);
    app.quit().await.expect("quits");
}

/// Rows in the stopped imports: at about 30 single adds a second, several seconds of sending.
const ROWS: usize = 240;

/// `ROWS` people with a city (single adds), half for each meeting, imported from the meetings
/// list on a simulator that answers 150 ms late, and stopped half-way (its report shown). The
/// temp dir, the app, the file and how many were registered.
async fn stopped_half_way() -> (tempfile::TempDir, Harness, PathBuf, usize) {
    let data = tempfile::tempdir().expect("temp dir");
    // Single adds (a city column cannot go in batches), each answer 150 ms late: several
    // seconds of sending, so that the stop lands half-way.
    let mut app = started(
        data.path(),
        SimConfig {
            latency: Duration::from_millis(150),
            ..SimConfig::default()
        },
    )
    .await;
    let mut csv = String::from("email,first_name,last_name,city,Meeting ID\n");
    for n in 0..ROWS {
        let event = if n % 2 == 0 { TALKS } else { LAB };
        csv.push_str(&format!("p{n}@example.org,P{n},Person,Oslo,{event}\n"));
    }
    let file = write(data.path(), "many.csv", &csv);

    check_from_meetings(&mut app, &file, &format!("New: {ROWS}")).await;
    app.press(KeyCode::Enter);
    let screen = app
        .wait_for("some rows registered", |screen| {
            screen.contains("rows/s") && !screen.contains("Registered 0 ")
        })
        .await;
    for each in [
        format!("/{} rows · meeting {TALKS} “{TALKS_TOPIC}”", ROWS / 2),
        format!("/{} rows · meeting {LAB} “{LAB_TOPIC}”", ROWS / 2),
    ] {
        assert!(
            screen.contains(&each),
            "progress per event: {each} in:\n{screen}"
        );
    }
    app.press(KeyCode::Char('c'));
    app.wait_for_text("Stop the import?").await;
    app.press(KeyCode::Char('y'));
    let screen = app.wait_for_text("Stopped by you.").await;
    assert!(screen.contains("to resume"), "{screen}");
    let halfway = emails_of(&app.simulator, TALKS).len() + emails_of(&app.simulator, LAB).len() - 2;
    assert!(
        halfway > 0 && halfway < ROWS,
        "stopped half-way: {halfway} of {ROWS} registered"
    );

    (data, app, file, halfway)
}

#[tokio::test]
async fn a_stopped_import_into_two_events_resumes_with_nobody_doubled_or_lost() {
    let (_data, mut app, file, _halfway) = stopped_half_way().await;
    app.press(KeyCode::Enter);
    let screen = open_from_meetings(&mut app, &file, "did not finish").await;
    assert!(screen.contains("of its 2 events"), "{screen}");
    app.press(KeyCode::Enter);
    let screen = app.wait_for_text("Resuming the unfinished import").await;
    assert!(screen.contains("Dry run"), "{screen}");
    app.press(KeyCode::Enter);
    app.wait_for_text("Import finished.").await;

    for (id, already) in [(TALKS, "early@talks.example"), (LAB, "early@lab.example")] {
        let people = app.simulator.registrants(SimKind::Meeting, id);
        let mut emails = emails_of(&app.simulator, id);
        emails.dedup();
        assert_eq!(
            emails.len(),
            people.len(),
            "nobody registered twice in {id}"
        );
        let mut expected: Vec<String> = (0..ROWS)
            .filter(|n| (n % 2 == 0) == (id == TALKS))
            .map(|n| format!("p{n}@example.org"))
            .chain([already.to_owned()])
            .collect();
        expected.sort();
        assert_eq!(
            emails, expected,
            "everyone of {id} registered once, nobody lost"
        );
    }
    app.quit().await.expect("quits");
}

/// The check step at 80×24: one plan per event, the unfound row, the problems.
#[tokio::test]
async fn the_per_event_check_step_fits_80x24() {
    let simulator = Simulator::start(SimConfig::default()).await.expect("sim");
    create_meetings(&simulator);
    let client = Session::on_simulator(&simulator, "test")
        .expect("session")
        .client;
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(dir.path(), "events.csv", TWO_EVENTS);
    let mut app = App::new(snapshot_config(), Box::new(MultiImportWizard::new()));
    app.update(Msg::Input(Event::Paste(file.display().to_string())));
    let effects = app.update(Msg::Input(Event::Key(key(KeyCode::Enter))));
    let [
        Effect::PrepareMultiImport {
            request,
            file,
            overrides,
            mode,
        },
    ] = effects.as_slice()
    else {
        panic!("Enter on the file step prepares the import: {effects:?}");
    };
    let outcome = Outcome::MultiImportPrepared(
        prepare_multi(
            &client,
            "me",
            MultiImportChoice {
                file: file.clone(),
                overrides: overrides.clone(),
                mode: *mode,
            },
            imports_dir(&dir.path().join("data")),
        )
        .await,
    );
    app.update(Msg::Done {
        request: *request,
        outcome,
    });
    let columns = render_app(&app, 80, 24);
    assert!(columns.contains("Column → where"), "{columns}");
    // The headers' mapping stands: Enter goes to the check without asking again.
    let effects = app.update(Msg::Input(Event::Key(key(KeyCode::Enter))));
    assert!(effects.is_empty(), "{effects:?}");
    let screen = render_app(&app, 80, 24).replace(&dir.path().display().to_string(), "[tmp]");
    assert!(screen.contains("Dry run"), "{screen}");
    insta::assert_snapshot!("multi_check_step_80x24", screen);
}

/// A column mapped once in the columns step (through its pick list) answers the question in
/// every event the file names.
#[tokio::test]
async fn a_column_mapped_once_answers_the_question_in_every_event() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = started(data.path(), SimConfig::default()).await;
    let file = write(
        data.path(),
        "diets.csv",
        &format!(
            "Email,First Name,Last Name,Diet,Meeting ID\n\
             ann@example.org,Ann,Archer,vegan,{TALKS}\n\
             bo@example.org,Bo,Berg,no nuts,{LAB}\n"
        ),
    );
    open_from_meetings(&mut app, &file, "Column → where").await;
    for _ in 0..3 {
        app.press(KeyCode::Down);
    }
    app.press(KeyCode::Tab);
    app.wait_for_text("Where do the values of \"Diet\" go?")
        .await;
    app.type_text("Dietary");
    app.press(KeyCode::Enter);
    app.wait_for("Diet mapped to the question", |screen| {
        screen.contains("▸ \"Diet\"") && screen.contains("→ question \"Dietary needs?\"")
    })
    .await;
    app.press(KeyCode::Enter);
    let screen = app
        .wait_for("the check with the question answered", |screen| {
            screen.contains("Dry run") && screen.contains("New: 2")
        })
        .await;
    assert!(
        !screen.contains("questions no column answers"),
        "every event's question is answered: {screen}"
    );
    app.press(KeyCode::Enter);
    app.wait_for_text("Import finished.").await;
    for (id, email, diet) in [
        (TALKS, "ann@example.org", "vegan"),
        (LAB, "bo@example.org", "no nuts"),
    ] {
        let person = app
            .simulator
            .registrants(SimKind::Meeting, id)
            .into_iter()
            .find(|person| person.email == email)
            .expect("registered in its event");
        let answers = person.json["custom_questions"].to_string();
        assert!(
            answers.contains("Dietary needs?") && answers.contains(diet),
            "{email} in {id}: {answers}"
        );
    }
    app.quit().await.expect("quits");
}

#[tokio::test]
async fn starting_a_stopped_import_over_plans_every_event_again_with_whom_it_registered_as_already_registered()
 {
    let (_data, mut app, file, halfway) = stopped_half_way().await;
    app.press(KeyCode::Enter);
    open_from_meetings(&mut app, &file, "did not finish").await;
    app.press(KeyCode::Char('s'));
    app.wait_for_text("Column → where").await;
    app.press(KeyCode::Enter);
    let screen = app.wait_for_text("Dry run").await;
    assert!(!screen.contains("Resuming"), "{screen}");
    assert!(
        screen.contains(&format!("New: {} ", ROWS - halfway))
            && screen.contains(&format!("already registered {halfway} ")),
        "{halfway} registered before the stop: {screen}"
    );
    app.press(KeyCode::Enter);
    app.wait_for_text("Import finished.").await;
    let registered = emails_of(&app.simulator, TALKS).len() + emails_of(&app.simulator, LAB).len();
    assert_eq!(registered, ROWS + 2, "everyone once");
    app.quit().await.expect("quits");
}
