//! `regdesk import FILE` without a meeting ID, the real binary against an in-process simulator:
//! the file's event column (IDs in any form Zoom shows, links, exact topics) sends each row to
//! its own meeting or webinar (the simulator's listings are the ground truth), each event's
//! required questions are checked against that event, one report has an event column, the
//! events are sent side by side, and under faults or after a SIGKILL then `--resume` nobody is
//! lost or doubled; `--format json` prints only JSON on stdout.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use regdesk::sim::{EventKind, FaultSpec, Plan as SimPlan, Simulator};
use serde_json::{Value, json};

use super::cli::{answered_units, journals, regdesk, report_path, run};
use super::support::{binary_env, simulator};

/// An ID as Zoom shows it in its web portal: `841 2765 0391`.
fn spaced(id: u64) -> String {
    let digits = id.to_string();
    if digits.len() < 9 {
        return digits;
    }
    format!("{} {} {}", &digits[..3], &digits[3..7], &digits[7..])
}

/// An ID written with dashes: `841-2765-0391`.
fn dashed(id: u64) -> String {
    spaced(id).replace(' ', "-")
}

/// Lower-case emails registered in an event, with how often each is there.
fn emails_in(sim: &Simulator, kind: EventKind, id: u64) -> BTreeMap<String, usize> {
    let mut emails = BTreeMap::new();
    for registrant in sim.registrants(kind, id) {
        *emails.entry(registrant.email.to_lowercase()).or_default() += 1;
    }
    emails
}

/// The report's lines as (row, outcome, event, detail).
fn report_lines(path: &std::path::Path) -> Vec<(usize, String, String, String)> {
    let mut reader = csv::Reader::from_path(path).expect("the report opens");
    let headers = reader.headers().expect("a header").clone();
    let event = headers
        .iter()
        .position(|header| header == "event")
        .expect("an event column");
    reader
        .records()
        .map(|record| {
            let record = record.expect("a report line");
            (
                record[0].parse().expect("a row number"),
                record[4].to_owned(),
                record[event].to_owned(),
                record[7].to_owned(),
            )
        })
        .collect()
}

fn event_spec(topic: &str) -> Value {
    json!({"topic": topic, "type": 2, "approval_type": 0, "start_in_minutes": 600})
}

fn webinar_spec(topic: &str) -> Value {
    json!({"topic": topic, "type": 5, "approval_type": 0, "start_in_minutes": 900})
}

#[tokio::test]
async fn each_row_is_registered_into_the_event_its_id_link_or_topic_names() {
    let sim = simulator(SimPlan::Unlimited).await;
    let meeting = sim
        .create_meeting(event_spec("Partner onboarding, spring cohort"))
        .unwrap();
    let webinar = sim
        .create_webinar(webinar_spec("Product launch webinar"))
        .unwrap();
    let ambiguous_a = sim.create_meeting(event_spec("Office hours")).unwrap();
    let ambiguous_b = sim.create_meeting(event_spec("Office hours")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.csv");
    std::fs::write(
        &file,
        format!(
            "Email,First Name,Last Name,Meeting ID\n\
             ann@example.org,Ann,Lee,{}\n\
             bo@example.org,Bo,Berg,https://us02web.zoom.us/j/{meeting}?pwd=SECRETPWD\n\
             cy@example.org,Cy,Ng,https://zoom.us/w/{webinar}?tk=abc\n\
             di@example.org,Di,Ho,{}\n\
             ed@example.org,Ed,Fox,Partner onboarding, spring cohort\n\
             fay@example.org,Fay,Orr,Quarterly town hall\n\
             gus@example.org,Gus,Poe,Office hours\n\
             ann@example.org,Ann,Lee,Product launch webinar\n",
            spaced(meeting),
            dashed(webinar)
        )
        .replace(
            ",Partner onboarding, spring cohort",
            ",\"Partner onboarding, spring cohort\"",
        ),
    )
    .unwrap();
    let data_dir = dir.path().join("data");
    let env = binary_env(&sim, "pro", &data_dir);
    let file_arg = file.display().to_string();

    let output = run(&env, &["import", &file_arg]).await;
    // Rows 7 and 8 name no event found: the run registers the rest and exits 3.
    assert_eq!(output.code, Some(3), "{}\n{}", output.stdout, output.stderr);
    assert_eq!(
        emails_in(&sim, EventKind::Meeting, meeting),
        BTreeMap::from([
            ("ann@example.org".to_owned(), 1),
            ("bo@example.org".to_owned(), 1),
            ("ed@example.org".to_owned(), 1),
        ])
    );
    assert_eq!(
        emails_in(&sim, EventKind::Webinar, webinar),
        BTreeMap::from([
            ("ann@example.org".to_owned(), 1),
            ("cy@example.org".to_owned(), 1),
            ("di@example.org".to_owned(), 1),
        ])
    );
    assert!(sim.registrants(EventKind::Meeting, ambiguous_a).is_empty());
    assert!(sim.registrants(EventKind::Meeting, ambiguous_b).is_empty());
    assert!(
        !output.stdout.contains("SECRETPWD") && !output.stderr.contains("SECRETPWD"),
        "a link's passcode is never printed"
    );

    let lines = report_lines(&report_path(&output.stdout));
    let outcomes: Vec<(usize, &str, &str)> = lines
        .iter()
        .map(|(row, outcome, event, _)| (*row, outcome.as_str(), event.as_str()))
        .collect();
    let (meeting_name, webinar_name) = (format!("meeting {meeting}"), format!("webinar {webinar}"));
    assert_eq!(
        outcomes,
        vec![
            (2, "registered", meeting_name.as_str()),
            (3, "registered", meeting_name.as_str()),
            (4, "registered", webinar_name.as_str()),
            (5, "registered", webinar_name.as_str()),
            (6, "registered", meeting_name.as_str()),
            (7, "invalid", ""),
            (8, "invalid", ""),
            (9, "registered", webinar_name.as_str()),
        ],
        "one report, every row in file order with its event"
    );
    assert!(
        lines[5].3.contains("\"Quarterly town hall\""),
        "{}",
        lines[5].3
    );
    assert!(lines[6].3.contains("ambiguous"), "{}", lines[6].3);

    let again = run(&env, &["import", &file_arg, "--dry-run"]).await;
    assert!(
        again
            .stdout
            .contains("row 7: event (column \"Meeting ID\"): \"Quarterly town hall\" is neither"),
        "{}",
        again.stdout
    );
    assert!(
        again.stdout.contains(
            "row 8: event (column \"Meeting ID\"): the topic \"Office hours\" is ambiguous"
        ),
        "{}",
        again.stdout
    );
}

#[tokio::test]
async fn each_events_required_questions_are_checked_against_that_event() {
    let sim = simulator(SimPlan::Unlimited).await;
    let meeting = sim.create_meeting(event_spec("Roadmap briefing")).unwrap();
    let webinar = sim
        .create_webinar(json!({
            "topic": "Customer summit", "type": 5, "approval_type": 0, "start_in_minutes": 900,
            "custom_questions": [{"title": "Company size", "type": "short", "required": true}],
        }))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.csv");
    std::fs::write(
        &file,
        format!(
            "Email,First Name,Event,Company size\n\
             ann@example.org,Ann,{meeting},\n\
             bo@example.org,Bo,{webinar},\n\
             cy@example.org,Cy,{webinar},51-200\n"
        ),
    )
    .unwrap();
    let env = binary_env(&sim, "pro", &dir.path().join("data"));
    let file_arg = file.display().to_string();

    let dry = run(&env, &["import", &file_arg, "--dry-run"]).await;
    assert_eq!(dry.code, Some(3), "{}\n{}", dry.stdout, dry.stderr);
    assert!(
        dry.stdout.contains(&format!(
            "row 3 (webinar {webinar}): question \"Company size\" (column \"Company size\"): is missing"
        )),
        "the row, the field and the event are named:\n{}",
        dry.stdout
    );
    assert!(
        !dry.stdout.contains("row 2 ("),
        "the meeting asks no such question:\n{}",
        dry.stdout
    );
    assert!(sim.registrants(EventKind::Webinar, webinar).is_empty());

    let output = run(&env, &["import", &file_arg]).await;
    assert_eq!(output.code, Some(3), "{}\n{}", output.stdout, output.stderr);
    assert_eq!(
        emails_in(&sim, EventKind::Meeting, meeting)
            .into_keys()
            .collect::<Vec<_>>(),
        ["ann@example.org"]
    );
    assert_eq!(
        emails_in(&sim, EventKind::Webinar, webinar)
            .into_keys()
            .collect::<Vec<_>>(),
        ["cy@example.org"]
    );
}

#[tokio::test]
async fn import_format_json_prints_only_the_plan_or_the_summary_as_json() {
    let sim = simulator(SimPlan::Unlimited).await;
    let meeting = sim.create_meeting(event_spec("Roadmap briefing")).unwrap();
    let webinar = sim.create_webinar(webinar_spec("Customer summit")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.csv");
    std::fs::write(
        &file,
        format!(
            "Email,First Name,Webinar ID\n\
             ann@example.org,Ann,{meeting}\n\
             bo@example.org,Bo,{webinar}\n\
             broken,Cy,{webinar}\n"
        ),
    )
    .unwrap();
    let env = binary_env(&sim, "pro", &dir.path().join("data"));
    let file_arg = file.display().to_string();

    let dry = run(
        &env,
        &["import", &file_arg, "--dry-run", "--format", "json"],
    )
    .await;
    assert_eq!(dry.code, Some(3), "{}", dry.stderr);
    let plan: Value = serde_json::from_str(&dry.stdout).expect("only JSON on stdout");
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["event_column"], "\"Webinar ID\"");
    assert_eq!(plan["events"].as_array().map(Vec::len), Some(2));
    assert_eq!(plan["events"][0]["event"]["id"], meeting);
    assert_eq!(plan["events"][1]["event"]["kind"], "webinar");
    assert_eq!(plan["totals"]["to_send"], 2);
    assert_eq!(plan["events"][1]["settled"][0]["row"], 4);
    assert_eq!(plan["events"][1]["settled"][0]["outcome"], "invalid");

    let done = run(&env, &["import", &file_arg, "--format", "json"]).await;
    assert_eq!(done.code, Some(3), "{}", done.stderr);
    let summary: Value = serde_json::from_str(&done.stdout).expect("only JSON on stdout");
    assert_eq!(summary["ended"], "done");
    assert_eq!(summary["counts"]["registered"], 2);
    assert_eq!(summary["counts"]["invalid"], 1);
    assert_eq!(summary["journals"].as_array().map(Vec::len), Some(2));
    assert!(
        summary["report"]
            .as_str()
            .is_some_and(|path| std::path::Path::new(path).exists())
    );

    // One event named on the command line: the same shapes.
    let single_file = dir.path().join("one.csv");
    std::fs::write(&single_file, "Email,First Name\ndi@example.org,Di\n").unwrap();
    let single_arg = single_file.display().to_string();
    let meeting_arg = meeting.to_string();
    let single_dry = run(
        &env,
        &[
            "import",
            &meeting_arg,
            &single_arg,
            "--dry-run",
            "--format",
            "json",
        ],
    )
    .await;
    assert_eq!(single_dry.code, Some(0), "{}", single_dry.stderr);
    let plan: Value = serde_json::from_str(&single_dry.stdout).expect("only JSON on stdout");
    assert_eq!(plan["events"][0]["event"]["id"], meeting);
    assert_eq!(plan["totals"]["to_send"], 1);
    let single = run(
        &env,
        &["import", &meeting_arg, &single_arg, "--format", "json"],
    )
    .await;
    assert_eq!(single.code, Some(0), "{}", single.stderr);
    let summary: Value = serde_json::from_str(&single.stdout).expect("only JSON on stdout");
    assert_eq!(summary["counts"]["registered"], 1);
}

/// `people` rows per event, alternating between a meeting and a webinar (by spaced ID and by
/// link), and the file's CSV.
fn two_event_file(meeting: u64, webinar: u64, people: usize) -> String {
    let mut csv = String::from("Email,First Name,Last Name,Meeting ID\n");
    for i in 0..people {
        csv.push_str(&format!(
            "m{i}@example.org,Mia{i},Berg,{}\nw{i}@example.org,Wei{i},Li,https://zoom.us/w/{webinar}\n",
            spaced(meeting)
        ));
    }
    csv
}

/// Both events hold exactly `people` people each, once.
fn assert_everyone_once(sim: &Simulator, meeting: u64, webinar: u64, people: usize) {
    for (kind, id, prefix) in [
        (EventKind::Meeting, meeting, 'm'),
        (EventKind::Webinar, webinar, 'w'),
    ] {
        let emails = emails_in(sim, kind, id);
        let doubled: Vec<_> = emails.iter().filter(|(_, count)| **count > 1).collect();
        assert!(doubled.is_empty(), "registered twice in {id}: {doubled:?}");
        let missing: Vec<String> = (0..people)
            .map(|i| format!("{prefix}{i}@example.org"))
            .filter(|email| !emails.contains_key(email))
            .collect();
        assert!(missing.is_empty(), "never registered in {id}: {missing:?}");
        assert_eq!(emails.len(), people, "someone unexpected in {id}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_multi_event_import_under_faults_registers_each_person_once_in_each_event() {
    let sim = simulator(SimPlan::Business).await;
    let meeting = sim.create_meeting(event_spec("Roadmap briefing")).unwrap();
    let webinar = sim.create_webinar(webinar_spec("Customer summit")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.csv");
    std::fs::write(&file, two_event_file(meeting, webinar, 300)).unwrap();
    let env = binary_env(&sim, "business", &dir.path().join("data"));
    sim.set_faults(
        FaultSpec::parse("5xx=0.03,drop-before=0.02,drop-after=0.02,429=0.02,seed=5").unwrap(),
    );
    let file_arg = file.display().to_string();

    let mut output = run(&env, &["import", &file_arg]).await;
    // A row whose every retry met a fault is left for --resume, which settles it by listing.
    if output.code == Some(3) {
        output = run(&env, &["import", &file_arg, "--resume"]).await;
    }
    assert_eq!(output.code, Some(0), "{}\n{}", output.stdout, output.stderr);
    assert!(!sim.stats().faults.is_empty(), "the run met faults");
    assert_everyone_once(&sim, meeting, webinar, 300);
    assert_eq!(sim.stats().repeat_registrations, 0, "nobody sent twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_multi_event_import_killed_with_sigkill_resumes_with_nobody_lost_or_doubled() {
    let sim = simulator(SimPlan::Business).await;
    sim.set_latency(Duration::from_millis(30), Duration::from_millis(20));
    let meeting = sim.create_meeting(event_spec("Roadmap briefing")).unwrap();
    let webinar = sim.create_webinar(webinar_spec("Customer summit")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.csv");
    let people = 1500;
    std::fs::write(&file, two_event_file(meeting, webinar, people)).unwrap();
    let data_dir = dir.path().join("data");
    let env = binary_env(&sim, "business", &data_dir);
    let file_arg = file.display().to_string();
    let args = ["import", file_arg.as_str()];

    let mut child = regdesk(&env, &args).spawn().expect("regdesk starts");
    let deadline = Instant::now() + Duration::from_secs(180);
    // Killed once both events have people at Zoom: the meeting's batches go a window's worth
    // at once (40 of its 50), the webinar's single adds 80 a window, so the webinar is far from
    // done then.
    let both_started = || {
        !sim.registrants(EventKind::Meeting, meeting).is_empty()
            && !sim.registrants(EventKind::Webinar, webinar).is_empty()
    };
    while answered_units(&data_dir) < 40 || !both_started() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the import ended ({status}) before it could be killed half-way");
        }
        assert!(
            Instant::now() < deadline,
            "the journals never showed progress"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    child.start_kill().expect("kill -9");
    let status = child.wait().await.unwrap();
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(9)
    );
    let in_meeting = sim.registrants(EventKind::Meeting, meeting).len();
    let in_webinar = sim.registrants(EventKind::Webinar, webinar).len();
    assert!(
        in_meeting > 0 && in_webinar > 0,
        "both events were being sent to side by side ({in_meeting} and {in_webinar} registered when killed)"
    );
    assert!(
        in_meeting + in_webinar < 2 * people,
        "killed before the end"
    );
    assert_eq!(journals(&data_dir).len(), 2, "one journal per event");

    let again = run(&env, &args).await;
    assert_eq!(again.code, Some(2), "{}", again.stderr);
    assert!(again.stderr.contains("--resume"), "{}", again.stderr);

    let resumed = run(&env, &[&args[..], &["--resume"]].concat()).await;
    assert_eq!(
        resumed.code,
        Some(0),
        "{}\n{}",
        resumed.stdout,
        resumed.stderr
    );
    assert!(resumed.stdout.contains("Resuming"), "{}", resumed.stdout);
    assert_everyone_once(&sim, meeting, webinar, people);
    assert_eq!(sim.stats().repeat_registrations, 0, "nobody sent twice");
    let lines = report_lines(&report_path(&resumed.stdout));
    assert_eq!(lines.len(), 2 * people, "one report line per row");
    assert!(
        lines
            .iter()
            .all(|(_, outcome, _, _)| outcome == "registered"),
        "every row registered, by this run or the killed one"
    );
    for path in journals(&data_dir) {
        assert!(
            regdesk::import::journal::read_journal(&path)
                .unwrap()
                .finished,
            "{} finished",
            path.display()
        );
    }
}

/// One event cannot run (another import holds it): the other events still register their
/// rows, the one report says which rows were not sent and why, the command fails naming the
/// event, and `--resume` once it is free finishes with nobody lost or doubled.
#[tokio::test]
async fn an_event_that_cannot_run_leaves_the_others_registered_and_reported_and_resumes() {
    let sim = simulator(SimPlan::Business).await;
    let meeting = sim.create_meeting(event_spec("Roadmap briefing")).unwrap();
    let webinar = sim.create_webinar(webinar_spec("Customer summit")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    let env = binary_env(&sim, "business", &data_dir);
    // A first import into the webinar leaves its lock file, which this test then holds as
    // another import would.
    let solo = dir.path().join("solo.csv");
    std::fs::write(&solo, "Email,First Name\nsolo@example.org,Solo\n").unwrap();
    let first = run(
        &env,
        &["import", &webinar.to_string(), &solo.display().to_string()],
    )
    .await;
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let lock_path = std::fs::read_dir(data_dir.join("imports"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| {
            path.file_name().is_some_and(|name| {
                name.to_string_lossy()
                    .ends_with(&format!("-webinar-{webinar}.lock"))
            })
        })
        .expect("the webinar's lock file");
    let held = std::fs::OpenOptions::new()
        .write(true)
        .open(&lock_path)
        .unwrap();
    held.try_lock().expect("the test holds the webinar's lock");

    let file = dir.path().join("people.csv");
    std::fs::write(&file, two_event_file(meeting, webinar, 3)).unwrap();
    let file_arg = file.display().to_string();
    let blocked = run(&env, &["import", &file_arg]).await;
    assert_eq!(
        blocked.code,
        Some(1),
        "{}\n{}",
        blocked.stdout,
        blocked.stderr
    );
    assert!(
        blocked.stderr.contains(&format!(
            "webinar {webinar}: another regdesk import into webinar {webinar} is running"
        )),
        "{}",
        blocked.stderr
    );
    assert!(blocked.stderr.contains("--resume"), "{}", blocked.stderr);
    assert_eq!(emails_in(&sim, EventKind::Meeting, meeting).len(), 3);
    let lines = report_lines(&report_path(&blocked.stdout));
    assert_eq!(lines.len(), 6, "every row in the one report");
    for (row, outcome, event, detail) in &lines {
        if event.contains("webinar") {
            assert_eq!(outcome, "not_sent", "row {row}");
            assert!(
                detail.contains("another regdesk import"),
                "row {row}: {detail}"
            );
        } else {
            assert_eq!(outcome, "registered", "row {row}");
        }
    }

    drop(held);
    let resumed = run(&env, &["import", &file_arg, "--resume"]).await;
    assert_eq!(
        resumed.code,
        Some(0),
        "{}\n{}",
        resumed.stdout,
        resumed.stderr
    );
    assert_eq!(emails_in(&sim, EventKind::Meeting, meeting).len(), 3);
    let in_webinar = emails_in(&sim, EventKind::Webinar, webinar);
    assert_eq!(in_webinar.len(), 4, "the three and solo: {in_webinar:?}");
    assert!(in_webinar.values().all(|count| *count == 1));
    assert_eq!(sim.stats().repeat_registrations, 0, "nobody sent twice");
}
