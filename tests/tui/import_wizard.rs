//! The import wizard: snapshots of every step (the engine's real preview against the simulator,
//! then run and report states fed as the runner would), and key-driven runs through the real loop
//! that import a file, stop one half-way and resume it, checked against the simulator's
//! registrants and the report file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crossterm::event::{Event, KeyCode};
use regdesk::import::job::{Finished, ImportRequest, imports_dir};
use regdesk::import::outcome::{OutcomeCounts, RowOutcome};
use regdesk::import::run::{ImportEvent, Progress};
use regdesk::session::Session;
use regdesk::sim::{EventKind as SimKind, SimConfig, Simulator};
use regdesk::tui::app::App;
use regdesk::tui::message::{Effect, Msg, Outcome, RequestId};
use regdesk::tui::screens::import_wizard::{self, ImportWizard};
use regdesk::tui::testing::{Harness, HarnessOptions, key, render_app, snapshot_config};
use regdesk::zoom::{EventKind, EventRef, ZoomClient};
use serde_json::json;

const MEETING: u64 = 81_234_567_890;
const TOPIC: &str = "Wizard Practice Session";

/// A meeting that takes registrations, with one person registered already and a single-choice
/// question (and, with `require_org`, a required organisation).
fn meeting_spec(require_org: bool) -> serde_json::Value {
    let mut questions = vec![json!({"field_name": "last_name", "required": false})];
    if require_org {
        questions.push(json!({"field_name": "org", "required": true}));
    }
    json!({
        "id": MEETING,
        "topic": TOPIC,
        "type": 2,
        "approval_type": 0,
        "questions": questions,
        "custom_questions": [{"title": "Which session will you attend?", "type": "single",
                              "required": false, "answers": ["Morning", "Afternoon"]}],
        "registrants": [{"email": "old@example.org", "first_name": "Olga", "last_name": "Old"}],
    })
}

const PEOPLE: &str = "E-mail,First Name,Last Name,Which session will you attend?,Shoe size\n\
ann@example.org,Ann,Archer,morning,38\n\
bo@example.org,Bo,Berg,Afternoon,44\n\
not-an-address,Cy,Cole,Morning,41\n\
old@example.org,Olga,Old,,39\n\
ANN@example.org,Annie,Archer,Evening,38\n\
dee@example.org,Dee,Dunn,Evening,40\n";

struct Bench {
    simulator: Simulator,
    client: ZoomClient,
    dir: tempfile::TempDir,
}

impl Bench {
    async fn start(require_org: bool) -> Bench {
        let simulator = Simulator::start(SimConfig::default()).await.expect("sim");
        simulator
            .create_meeting(meeting_spec(require_org))
            .expect("meeting");
        let client = Session::on_simulator(&simulator, "test")
            .expect("session")
            .client;
        Bench {
            simulator,
            client,
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn write(&self, name: &str, content: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).expect("write the file");
        path
    }

    /// Does what the effect runner does for the wizard's work, with the real engine.
    async fn perform(&self, app: &mut App, effects: Vec<Effect>) {
        for effect in effects {
            if let Effect::PrepareImport {
                request,
                event,
                file,
                overrides,
                mode,
            } = effect
            {
                let import = ImportRequest {
                    event,
                    file,
                    overrides,
                    event_column: None,
                    mode,
                    journal_dir: imports_dir(&self.dir.path().join("data")),
                    report: None,
                    set_aside_unreadable: false,
                };
                let outcome =
                    Outcome::ImportPrepared(import_wizard::prepare(&self.client, import).await);
                app.update(Msg::Done { request, outcome });
            }
        }
    }

    /// The screen with the temp dir's path replaced by `[tmp]` (it differs per run).
    fn screen(&self, app: &App, width: u16, height: u16) -> String {
        render_app(app, width, height).replace(&self.dir.path().display().to_string(), "[tmp]")
    }
}

fn meeting() -> EventRef {
    EventRef {
        kind: EventKind::Meeting,
        id: MEETING,
    }
}

fn wizard_app() -> App {
    App::new(
        snapshot_config(),
        Box::new(ImportWizard::new(meeting(), TOPIC.to_owned())),
    )
}

fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.update(Msg::Input(Event::Key(key(code))))
}

/// Pastes `path` into the file step and submits it.
async fn open_file(bench: &Bench, app: &mut App, path: &Path) {
    app.update(Msg::Input(Event::Paste(path.display().to_string())));
    let effects = press(app, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::PrepareImport { .. }]),
        "Enter on the file step prepares the import: {effects:?}"
    );
    bench.perform(app, effects).await;
}

#[tokio::test]
async fn every_step_drawn_from_file_to_report() {
    let bench = Bench::start(false).await;
    let mut app = wizard_app();
    insta::assert_snapshot!("file_step", bench.screen(&app, 100, 30));

    let missing = bench.dir.path().join("nowhere/people.csv");
    open_file(&bench, &mut app, &missing).await;
    let screen = bench.screen(&app, 100, 30);
    assert!(
        screen.contains("cannot read [tmp]/nowhere/people.csv"),
        "{screen}"
    );
    insta::assert_snapshot!("unreadable_file", screen);

    // The path stays in the input: fix it and submit again.
    let mut app = wizard_app();
    let file = bench.write("people.csv", PEOPLE);
    open_file(&bench, &mut app, &file).await;
    insta::assert_snapshot!("columns_step", bench.screen(&app, 100, 30));

    // "Shoe size" is no field: ← → cycle its target, and back to "not imported".
    for _ in 0..4 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Right);
    let screen = bench.screen(&app, 100, 30);
    assert!(
        screen.contains("▸ \"Shoe size\"")
            && screen.contains("→ email")
            && screen.contains("(your choice)"),
        "{screen}"
    );
    press(&mut app, KeyCode::Left);
    assert!(bench.screen(&app, 100, 30).contains("→ (not imported)"));
    let effects = press(&mut app, KeyCode::Enter);
    bench.perform(&mut app, effects).await;
    let screen = bench.screen(&app, 100, 30);
    // ann, bo, dee are new; old is registered; the second ann is a duplicate; the address and
    // the two "Evening" answers are invalid.
    assert!(screen.contains("New: 2"), "{screen}");
    insta::assert_snapshot!("check_step", screen);
    insta::assert_snapshot!("check_step_narrow", bench.screen(&app, 80, 24));

    let effects = press(&mut app, KeyCode::Enter);
    let [Effect::RunImport { request, .. }] = effects.as_slice() else {
        panic!("Enter on the check step starts the run: {effects:?}");
    };
    let request = *request;
    app.update(Msg::Done {
        request,
        outcome: Outcome::ImportProgress(Box::new(ImportEvent::Progress(Progress {
            rows_done: 1,
            rows_total: 2,
            calls_done: 1,
            calls_total: 2,
            registered: 1,
            failed: 0,
            elapsed: Duration::from_secs(3),
            rows_per_second: 0.4,
            eta: Some(Duration::from_secs(2)),
        }))),
    });
    insta::assert_snapshot!("run_step", bench.screen(&app, 100, 30));
    press(&mut app, KeyCode::Char('c'));
    let screen = bench.screen(&app, 80, 24);
    assert!(
        screen.contains("Stop the import?"),
        "c asks before stopping: {screen}"
    );
    insta::assert_snapshot!("run_step_stop_asked_narrow", screen);
    press(&mut app, KeyCode::Char('n'));
    assert!(!bench.screen(&app, 100, 30).contains("Stop the import?"));

    let mut outcomes = BTreeMap::new();
    outcomes.insert(
        2,
        RowOutcome::Registered {
            registrant_id: "r-ann".to_owned(),
            join_url: None,
            reconciled: false,
        },
    );
    outcomes.insert(
        3,
        RowOutcome::Failed {
            error: "Zoom answered 300: invalid field".to_owned(),
            fix: None,
        },
    );
    let counts: OutcomeCounts = outcomes.values().collect();
    app.update(Msg::Done {
        request,
        outcome: Outcome::ImportFinished(Ok(Box::new(Finished {
            outcomes,
            counts,
            report: PathBuf::from("/data/regdesk/imports/meeting-81234567890.report.csv"),
            journal: PathBuf::from("/data/regdesk/imports/meeting-81234567890.journal"),
            cancelled: false,
            stopped: None,
            complete: true,
            notes: Vec::new(),
        }))),
    });
    insta::assert_snapshot!("report_step", bench.screen(&app, 100, 30));
    // Enter closes the wizard (here the only screen, so the app ends); the list below reloads
    // through the screens' handback, which tests/tui/flows and the app's tests cover.
    press(&mut app, KeyCode::Enter);
    assert!(app.should_quit(), "Enter on the report closes the wizard");
}

#[tokio::test]
async fn a_required_column_missing_is_named_before_anything_is_sent() {
    let bench = Bench::start(true).await;
    let mut app = wizard_app();
    let file = bench.write("people.csv", PEOPLE);
    open_file(&bench, &mut app, &file).await;
    let effects = press(&mut app, KeyCode::Enter);
    bench.perform(&mut app, effects).await;
    let screen = bench.screen(&app, 100, 30);
    assert!(
        screen.contains("all rows  org") && screen.contains("Nobody to register"),
        "{screen}"
    );
    insta::assert_snapshot!("required_column_missing", screen);
    let effects = press(&mut app, KeyCode::Enter);
    assert!(effects.is_empty(), "nothing runs: {effects:?}");
    assert_eq!(
        bench.simulator.registrants(SimKind::Meeting, MEETING).len(),
        1
    );

    // Back to the columns: "Shoe size" goes to org (a test of the edit, not of good sense).
    press(&mut app, KeyCode::Esc);
    for _ in 0..4 {
        press(&mut app, KeyCode::Down);
    }
    let mut turns = 0;
    while !bench.screen(&app, 100, 30).contains("→ org") {
        press(&mut app, KeyCode::Right);
        turns += 1;
        assert!(turns < 40, "org is one of the targets");
    }
    let effects = press(&mut app, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::PrepareImport { overrides, .. }] if overrides == &["Shoe size=org".to_owned()]),
        "a changed column is checked again by the engine: {effects:?}"
    );
    bench.perform(&mut app, effects).await;
    let screen = bench.screen(&app, 100, 30);
    assert!(
        screen.contains("New: 2") && !screen.contains("all rows"),
        "{screen}"
    );
}

/// Opens the test meeting from the meetings list (created after the list loaded: `r` reloads).
async fn open_meeting(app: &mut Harness) {
    app.wait_for_text("Meetings (").await;
    app.press(KeyCode::Char('r'));
    app.press(KeyCode::Char('/'));
    app.type_text(TOPIC);
    app.press(KeyCode::Enter);
    app.wait_for("the test meeting listed", |screen| {
        screen.contains(TOPIC) && screen.contains(&format!("/{TOPIC}"))
    })
    .await;
    app.press(KeyCode::Enter);
    app.wait_for("its registrants", |screen| {
        screen.contains("Approved (") && !screen.contains("Loading registrants")
    })
    .await;
}

/// The wizard's file step, given `path`, until the next step shows `expect`.
async fn start_import(app: &mut Harness, path: &Path, expect: &str) {
    app.press(KeyCode::Char('i'));
    app.wait_for_text("File to import").await;
    app.paste(&path.display().to_string());
    app.press(KeyCode::Enter);
    app.wait_for_text(expect).await;
}

fn report_files(data: &Path) -> Vec<PathBuf> {
    let mut reports: Vec<PathBuf> = std::fs::read_dir(data.join("imports"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.to_string_lossy().ends_with(".report.csv"))
                .collect()
        })
        .unwrap_or_default();
    reports.sort();
    reports
}

#[tokio::test]
async fn a_file_is_imported_through_every_step_and_the_list_reloads() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = Harness::start(HarnessOptions::new(data.path().to_path_buf())).await;
    app.simulator
        .create_meeting(meeting_spec(false))
        .expect("meeting");
    let file = data.path().join("people.csv");
    std::fs::write(&file, PEOPLE).expect("write");
    open_meeting(&mut app).await;

    start_import(&mut app, &file, "Column → where").await;
    app.press(KeyCode::Enter);
    let screen = app.wait_for_text("Dry run").await;
    assert!(screen.contains("New: 2"), "{screen}");
    assert!(
        app.simulator.registrants(SimKind::Meeting, MEETING).len() == 1,
        "the dry run sends nothing"
    );
    app.press(KeyCode::Enter);
    app.wait_for_text("Report:").await;

    let mut emails: Vec<String> = app
        .simulator
        .registrants(SimKind::Meeting, MEETING)
        .into_iter()
        .map(|person| person.email.to_lowercase())
        .collect();
    emails.sort();
    assert_eq!(
        emails,
        ["ann@example.org", "bo@example.org", "old@example.org"]
    );
    let reports = report_files(data.path());
    assert_eq!(reports.len(), 1, "one report: {reports:?}");
    let report = std::fs::read_to_string(&reports[0]).expect("the report");
    assert_eq!(
        report.lines().count(),
        1 + 6,
        "a header and every row:\n{report}"
    );
    for expected in ["registered", "already", "duplicate", "invalid"] {
        assert!(report.contains(expected), "{expected} in:\n{report}");
    }

    app.press(KeyCode::Enter);
    app.wait_for("the reloaded list with the imported people", |screen| {
        screen.contains("bo@example.org") && screen.contains("Approved (3)")
    })
    .await;
    app.quit().await.expect("quits");
}

#[tokio::test]
async fn a_stopped_import_resumes_and_registers_nobody_twice() {
    const ROWS: usize = 120;
    let data = tempfile::tempdir().expect("temp dir");
    let mut options = HarnessOptions::new(data.path().to_path_buf());
    // Single adds (a city column cannot go in batches) at Pro's 30/s, each answer 150 ms late:
    // several seconds of sending, so the stop lands half-way.
    options.simulator = SimConfig {
        latency: Duration::from_millis(150),
        ..SimConfig::default()
    };
    let mut app = Harness::start(options).await;
    app.simulator
        .create_meeting(meeting_spec(false))
        .expect("meeting");
    let mut csv = String::from("email,first_name,last_name,city\n");
    for n in 0..ROWS {
        csv.push_str(&format!("p{n}@example.org,P{n},Person,Oslo\n"));
    }
    let file = data.path().join("many.csv");
    std::fs::write(&file, csv).expect("write");
    open_meeting(&mut app).await;

    start_import(&mut app, &file, "Column → where").await;
    app.press(KeyCode::Enter);
    app.wait_for_text(&format!("New: {ROWS}")).await;
    app.press(KeyCode::Enter);
    app.wait_for("some rows registered", |screen| {
        screen.contains("rows/s") && !screen.contains("Registered 0 ")
    })
    .await;
    app.press(KeyCode::Char('c'));
    app.wait_for_text("Stop the import?").await;
    app.press(KeyCode::Char('y'));
    let screen = app.wait_for_text("Stopped by you.").await;
    assert!(screen.contains("to resume"), "{screen}");
    let halfway = app.simulator.registrants(SimKind::Meeting, MEETING).len() - 1;
    assert!(
        halfway > 0 && halfway < ROWS,
        "stopped half-way: {halfway} of {ROWS} registered"
    );

    app.press(KeyCode::Enter);
    app.wait_for_text("Approved (").await;
    start_import(&mut app, &file, "did not finish").await;
    app.press(KeyCode::Enter);
    let screen = app.wait_for_text("Resuming the import").await;
    assert!(screen.contains("Dry run"), "{screen}");
    app.press(KeyCode::Enter);
    app.wait_for_text("Import finished.").await;

    let people = app.simulator.registrants(SimKind::Meeting, MEETING);
    let mut emails: Vec<String> = people
        .iter()
        .map(|person| person.email.to_lowercase())
        .collect();
    emails.sort();
    emails.dedup();
    assert_eq!(emails.len(), people.len(), "nobody registered twice");
    assert_eq!(people.len(), ROWS + 1, "everyone registered once");
    app.quit().await.expect("quits");
}

/// Tab in the file step, through the real loop: the directory is listed off the loop and the
/// path completes as far as the candidates agree, which are listed.
#[tokio::test]
async fn tab_completes_the_file_path_through_the_loop() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = Harness::start(HarnessOptions::new(data.path().to_path_buf())).await;
    app.simulator
        .create_meeting(meeting_spec(false))
        .expect("meeting");
    std::fs::write(data.path().join("people-spring.csv"), PEOPLE).expect("write");
    std::fs::write(data.path().join("people-autumn.csv"), PEOPLE).expect("write");
    open_meeting(&mut app).await;
    app.press(KeyCode::Char('i'));
    app.wait_for_text("File to import").await;
    app.paste(&format!("{}/peo", data.path().display()));
    app.press(KeyCode::Tab);
    let screen = app
        .wait_for("the completed path and its candidates", |screen| {
            screen.contains("people-spring.csv") && screen.contains("people-autumn.csv")
        })
        .await;
    assert!(screen.contains("/people-"), "{screen}");
    app.quit().await.expect("quits");
}

/// A meeting, `rows` people with a city (single adds) and the app on a simulator that answers
/// each call 150 ms late: several seconds of sending, so that a key lands half-way.
async fn slow_import_bench(rows: usize) -> (tempfile::TempDir, Harness, PathBuf) {
    let data = tempfile::tempdir().expect("temp dir");
    let mut options = HarnessOptions::new(data.path().to_path_buf());
    options.simulator = SimConfig {
        latency: Duration::from_millis(150),
        ..SimConfig::default()
    };
    let mut app = Harness::start(options).await;
    app.simulator
        .create_meeting(meeting_spec(false))
        .expect("meeting");
    let mut csv = String::from("email,first_name,last_name,city\n");
    for n in 0..rows {
        csv.push_str(&format!("p{n}@example.org,P{n},Person,Oslo\n"));
    }
    let file = data.path().join("many.csv");
    std::fs::write(&file, csv).expect("write");
    open_meeting(&mut app).await;
    start_import(&mut app, &file, "Column → where").await;
    app.press(KeyCode::Enter);
    app.wait_for_text(&format!("New: {rows}")).await;
    app.press(KeyCode::Enter);
    app.wait_for("some rows registered", |screen| {
        screen.contains("rows/s") && !screen.contains("Registered 0 ")
    })
    .await;
    (data, app, file)
}

fn registered_count(app: &Harness) -> usize {
    app.simulator.registrants(SimKind::Meeting, MEETING).len()
}

/// How long the stop question stays open while the simulator is watched: at the pace of the
/// run before it (about 30 rows a second), sending on would register a dozen people or more.
/// An observation window, not a timed assertion: the check is that nothing changes in it.
const QUESTION_OPEN: Duration = Duration::from_millis(1_500);

#[tokio::test]
async fn sending_pauses_while_the_stop_question_is_open_and_goes_on_after_no() {
    const ROWS: usize = 150;
    let (_data, mut app, _file) = slow_import_bench(ROWS).await;
    app.press(KeyCode::Char('c'));
    app.wait_for_text("Stop the import?").await;
    // The calls already sent finish; then nothing more goes out.
    app.wait_for_text("Sending is paused").await;
    let at_pause = registered_count(&app);
    let gauge_at_pause = app
        .screen()
        .lines()
        .find(|line| line.contains(" rows"))
        .map(str::to_owned);
    tokio::time::sleep(QUESTION_OPEN).await;
    assert_eq!(
        registered_count(&app),
        at_pause,
        "nobody registered while the question was open"
    );
    assert!(
        at_pause < ROWS + 1,
        "the pause came before the end: {at_pause}"
    );
    assert_eq!(
        app.screen()
            .lines()
            .find(|line| line.contains(" rows"))
            .map(str::to_owned),
        gauge_at_pause,
        "the gauge stands still"
    );

    // "n": sending goes on, and everyone ends up registered once.
    app.press(KeyCode::Char('n'));
    app.wait_for_text("Import finished.").await;
    let people = app.simulator.registrants(SimKind::Meeting, MEETING);
    let mut emails: Vec<String> = people.iter().map(|p| p.email.to_lowercase()).collect();
    emails.sort();
    emails.dedup();
    assert_eq!(emails.len(), people.len(), "nobody registered twice");
    assert_eq!(people.len(), ROWS + 1, "everyone registered once");
    assert_eq!(app.simulator.stats().repeat_registrations, 0);
    app.quit().await.expect("quits");
}

#[tokio::test]
async fn ctrl_c_during_an_import_asks_then_stops_writes_the_report_and_quits_as_interrupted() {
    const ROWS: usize = 150;
    let (data, mut app, file) = slow_import_bench(ROWS).await;
    app.key(crossterm::event::KeyEvent::new(
        KeyCode::Char('c'),
        crossterm::event::KeyModifiers::CONTROL,
    ));
    let screen = app.wait_for_text("Stop the import and quit?").await;
    assert!(screen.contains("y/Enter: stop and"), "{screen}");
    app.wait_for_text("Sending is paused").await;
    let at_pause = registered_count(&app);
    app.press(KeyCode::Char('y'));
    let exit = app.ended().await.expect("the app ends cleanly");
    assert!(
        exit.interrupted(),
        "the exit says an import was interrupted"
    );
    assert_eq!(exit.unfinished_imports.len(), 1, "{exit:?}");
    let hint = &exit.unfinished_imports[0];
    assert!(
        hint.contains(&format!("regdesk import {MEETING} ")) && hint.contains("--resume"),
        "the resume hint: {hint}"
    );
    assert!(hint.contains(&file.display().to_string()), "{hint}");

    // The report accounts for every row; whom it calls registered, and only they, are at Zoom.
    let reports = report_files(data.path());
    assert_eq!(reports.len(), 1, "one report: {reports:?}");
    let report = std::fs::read_to_string(&reports[0]).expect("the report");
    assert_eq!(report.lines().count(), 1 + ROWS, "{report}");
    let registered = report
        .lines()
        .filter(|line| line.contains(",registered,"))
        .count();
    let not_sent = report
        .lines()
        .filter(|line| line.contains(",not_sent,"))
        .count();
    assert!(not_sent > 0, "stopped before the end:\n{report}");
    assert_eq!(
        registered_count(&app),
        registered + 1,
        "the report tells the truth"
    );
    assert_eq!(
        registered_count(&app),
        at_pause,
        "nothing was sent after the pause"
    );
}

/// The demo's Zoom lives in memory: its import journals and reports stay out of the data dir, so
/// a later demo has nothing to "resume" (people who no longer exist, join URLs on a dead port).
#[tokio::test]
async fn the_demo_keeps_its_journals_and_reports_out_of_the_data_dir() {
    const DEMO_TOPIC: &str = "Onboarding Office Hours";
    let data = tempfile::tempdir().expect("temp dir");
    let file = data.path().join("demo-people.csv");
    let mut csv = String::from("email,first_name,last_name,org\n");
    for n in 0..40 {
        csv.push_str(&format!("demo{n}@example.org,D{n},Person,Acme\n"));
    }
    std::fs::write(&file, csv).expect("write");
    let open_demo = || async {
        let mut options = HarnessOptions::new(data.path().to_path_buf());
        options.demo = true;
        let mut app = Harness::start(options).await;
        app.wait_for_text("Meetings (").await;
        app.press(KeyCode::Char('/'));
        app.type_text(DEMO_TOPIC);
        app.press(KeyCode::Enter);
        app.wait_for_text(&format!("/{DEMO_TOPIC}")).await;
        app.press(KeyCode::Enter);
        app.wait_for("its registrants", |screen| {
            screen.contains("Approved (") && !screen.contains("Loading registrants")
        })
        .await;
        app
    };

    let mut app = open_demo().await;
    start_import(&mut app, &file, "Column → where").await;
    app.press(KeyCode::Enter);
    app.wait_for_text("Dry run").await;
    app.press(KeyCode::Enter);
    app.wait_for_text("rows/s").await;
    app.press(KeyCode::Esc);
    app.wait_for_text("Stop the import?").await;
    app.press(KeyCode::Char('y'));
    let screen = app.wait_for_text("Stopped by you.").await;
    assert!(
        screen.contains("Report:")
            && !screen.contains(&data.path().join("imports").display().to_string()),
        "the demo's report is not in the data dir:\n{screen}"
    );
    app.press(KeyCode::Enter);
    app.quit().await.expect("quits");
    assert!(
        !data.path().join("imports").exists(),
        "no journal or report of the demo in the data dir"
    );

    // A new demo: the same file is a new import, not an unfinished one.
    let mut app = open_demo().await;
    start_import(&mut app, &file, "Column → where").await;
    assert!(!app.screen().contains("did not finish"), "{}", app.screen());
    app.quit().await.expect("quits");
}

#[tokio::test]
async fn a_column_takes_its_field_from_a_pick_list_found_by_typing_with_its_sample_values() {
    let bench = Bench::start(true).await;
    let mut app = wizard_app();
    let file = bench.write("people.csv", PEOPLE);
    open_file(&bench, &mut app, &file).await;
    for _ in 0..4 {
        press(&mut app, KeyCode::Down);
    }
    // A letter opens the pick list for "Shoe size", typed; its values are shown.
    press(&mut app, KeyCode::Char('o'));
    let screen = bench.screen(&app, 100, 30);
    assert!(
        screen.contains("Where do the values of \"Shoe size\" go?")
            && screen.contains("Values: 38 · 44 · 41 · 39 · 40"),
        "{screen}"
    );
    for c in "rg".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    assert!(bench.screen(&app, 100, 30).contains("▸ org"));
    press(&mut app, KeyCode::Enter);
    let screen = bench.screen(&app, 100, 30);
    assert!(
        screen.contains("▸ \"Shoe size\"") && screen.contains("→ org"),
        "four keys map the column to org (→ took thirteen): {screen}"
    );

    // Tab opens it too, and a word in another language finds the field.
    press(&mut app, KeyCode::Tab);
    for c in "Firma".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let screen = bench.screen(&app, 100, 30);
    assert!(screen.contains("▸ org"), "{screen}");
    // Esc keeps the column as it was.
    press(&mut app, KeyCode::Esc);
    assert!(bench.screen(&app, 100, 30).contains("→ org"));

    let effects = press(&mut app, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::PrepareImport { overrides, .. }] if overrides == &["Shoe size=org".to_owned()]),
        "{effects:?}"
    );
}

/// A finished run whose rows 3 and 5 need attention, as the runner would report it.
fn finished_with_problems() -> Finished {
    let mut outcomes = BTreeMap::new();
    outcomes.insert(
        2,
        RowOutcome::Registered {
            registrant_id: "r-ann".to_owned(),
            join_url: None,
            reconciled: false,
        },
    );
    outcomes.insert(
        3,
        RowOutcome::Failed {
            error: "Zoom answered 300: invalid field".to_owned(),
            fix: None,
        },
    );
    outcomes.insert(
        5,
        RowOutcome::Invalid {
            problems: vec![regdesk::import::outcome::Problem {
                field: "question \"Which session will you attend?\"".to_owned(),
                column: Some("\"Which session will you attend?\"".to_owned()),
                message: "\"Evening\" is not one of its answers (Morning, Afternoon)\u{1b}[31m"
                    .to_owned(),
            }],
        },
    );
    let counts: OutcomeCounts = outcomes.values().collect();
    Finished {
        outcomes,
        counts,
        report: PathBuf::from("/data/regdesk/imports/meeting-81234567890.report.csv"),
        journal: PathBuf::from("/data/regdesk/imports/meeting-81234567890.journal"),
        cancelled: false,
        stopped: None,
        complete: true,
        notes: Vec::new(),
    }
}

/// Walks the wizard to its run step on the bench's file (nothing is sent: the run effect is
/// returned, not performed); returns the run's request id.
async fn to_run_step(bench: &Bench, app: &mut App) -> RequestId {
    let file = bench.write("people.csv", PEOPLE);
    open_file(bench, app, &file).await;
    let effects = press(app, KeyCode::Enter);
    bench.perform(app, effects).await;
    let effects = press(app, KeyCode::Enter);
    let [Effect::RunImport { request, .. }] = effects.as_slice() else {
        panic!("Enter on the check step starts the run: {effects:?}");
    };
    *request
}

#[tokio::test]
async fn the_report_step_lists_the_rows_that_need_attention_and_copies_the_report_path() {
    let bench = Bench::start(false).await;
    let mut app = wizard_app();
    let request = to_run_step(&bench, &mut app).await;
    app.update(Msg::Done {
        request,
        outcome: Outcome::ImportFinished(Ok(Box::new(finished_with_problems()))),
    });
    let screen = bench.screen(&app, 120, 30);
    assert!(
        screen.contains("Rows that need attention: 2"),
        "a table of them:\n{screen}"
    );
    let row_line = |number: &str| {
        screen
            .lines()
            .find(|line| line.trim_start().starts_with(number))
            .unwrap_or_default()
            .to_owned()
    };
    let failed = row_line("3 ");
    assert!(
        failed.contains("Bo Berg <bo@example.org>") && failed.contains("failed"),
        "row, who and reason: {failed:?}\n{screen}"
    );
    let invalid = row_line("5 ");
    assert!(
        invalid.contains("Olga Old <old@example.org>")
            && invalid.contains("question")
            && invalid.contains("is not one of its answers"),
        "{invalid:?}\n{screen}"
    );
    assert!(!screen.contains('\u{1b}'), "sanitised");
    assert!(screen.contains("/data/regdesk/imports/meeting-81234567890.report.csv"));

    let effects = press(&mut app, KeyCode::Char('y'));
    assert!(
        matches!(effects.as_slice(), [Effect::Copy { text }] if text == "/data/regdesk/imports/meeting-81234567890.report.csv"),
        "y copies the report's path: {effects:?}"
    );
}

/// Every step of the wizard at the sizes people use, down to 50×15.
#[tokio::test]
async fn every_step_fits_200x50_120x40_80x24_and_50x15() {
    const SIZES: [(u16, u16); 4] = [(200, 50), (120, 40), (80, 24), (50, 15)];
    let bench = Bench::start(false).await;
    let mut app = wizard_app();
    let snap = |app: &App, step: &str| {
        for (width, height) in SIZES {
            insta::assert_snapshot!(
                format!("sized_{step}_{width}x{height}"),
                bench.screen(app, width, height)
            );
        }
    };
    snap(&app, "1_file");
    let file = bench.write("people.csv", PEOPLE);
    open_file(&bench, &mut app, &file).await;
    snap(&app, "2_columns");
    for _ in 0..4 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Tab);
    snap(&app, "2_columns_pick_list");
    press(&mut app, KeyCode::Esc);
    let effects = press(&mut app, KeyCode::Enter);
    bench.perform(&mut app, effects).await;
    snap(&app, "3_check");
    let effects = press(&mut app, KeyCode::Enter);
    let [Effect::RunImport { request, .. }] = effects.as_slice() else {
        panic!("Enter on the check step starts the run: {effects:?}");
    };
    let request = *request;
    app.update(Msg::Done {
        request,
        outcome: Outcome::ImportProgress(Box::new(ImportEvent::Progress(Progress {
            rows_done: 1,
            rows_total: 2,
            calls_done: 1,
            calls_total: 2,
            registered: 1,
            failed: 0,
            elapsed: Duration::from_secs(3),
            rows_per_second: 0.4,
            eta: Some(Duration::from_secs(2)),
        }))),
    });
    snap(&app, "4_run");
    press(&mut app, KeyCode::Char('q'));
    snap(&app, "4_run_stop_and_quit_asked");
    press(&mut app, KeyCode::Char('n'));
    app.update(Msg::Done {
        request,
        outcome: Outcome::ImportFinished(Ok(Box::new(finished_with_problems()))),
    });
    snap(&app, "5_report");
}
