//! The real `regdesk import` binary against an in-process simulator: killed with SIGKILL half-way
//! and resumed, it ends in the same state as an uninterrupted run; the dry run prints every
//! problem with its spreadsheet row; bad `--map` arguments are usage errors naming them; a row Zoom
//! refuses is reported failed with its diagnosis and the run exits 3; Ctrl-C (SIGINT) stops with
//! exit code 130 and `--resume` finishes.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use regdesk::sim::Plan as SimPlan;
use serde_json::json;
use tokio::process::Command;

use super::support::{
    assert_registered_exactly_once, assert_report_accounts_for_every_row, binary_env, meeting_spec,
    simulator, workload,
};

pub(super) fn regdesk(env: &[(String, String)], args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_regdesk"));
    command
        .args(args)
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env_remove("ZOOM_API_KEY")
        .env_remove("ZOOM_API_SECRET")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    command
}

pub(super) struct Output {
    pub(super) code: Option<i32>,
    pub(super) stdout: String,
    pub(super) stderr: String,
}

pub(super) async fn run(env: &[(String, String)], args: &[&str]) -> Output {
    let output = regdesk(env, args).output().await.expect("regdesk runs");
    Output {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The report's path, as the import prints it at the end.
pub(super) fn report_path(stdout: &str) -> PathBuf {
    stdout
        .lines()
        .find_map(|line| line.strip_prefix("Report:"))
        .map(|path| PathBuf::from(path.trim()))
        .expect("the report's path is printed")
}

/// The journal files under the data dir.
pub(super) fn journals(data_dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(data_dir.join("imports"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "jsonl"))
                .collect()
        })
        .unwrap_or_default()
}

/// How many units the journal has recorded answers for.
pub(super) fn answered_units(data_dir: &Path) -> usize {
    journals(data_dir)
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .map(|text| text.matches("\"record\":\"sent\"").count())
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_killed_with_sigkill_half_way_resumes_to_the_same_state() {
    let sim = simulator(SimPlan::Business).await;
    sim.set_latency(Duration::from_millis(30), Duration::from_millis(20));
    let existing = 30;
    let meeting = sim.create_meeting(meeting_spec(existing)).unwrap();
    let work = workload(4000, existing);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("attendees.csv");
    std::fs::write(&file, &work.csv).unwrap();
    let data_dir = dir.path().join("data");
    let env = binary_env(&sim, "business", &data_dir);
    let meeting_arg = meeting.to_string();
    let file_arg = file.display().to_string();
    let args = ["import", meeting_arg.as_str(), file_arg.as_str()];

    let mut child = regdesk(&env, &args).spawn().expect("regdesk starts");
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        if answered_units(&data_dir) >= 300 {
            break;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the import ended ({status}) before it could be killed half-way");
        }
        assert!(
            Instant::now() < deadline,
            "the journal never showed progress"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // SIGKILL: no chance to clean up.
    child.start_kill().expect("kill -9");
    let status = child.wait().await.unwrap();
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(9)
    );
    let journal_path = journals(&data_dir).pop().expect("a journal");
    let killed = regdesk::import::journal::read_journal(&journal_path).unwrap();
    assert!(killed.is_open(), "the killed run's journal is unfinished");
    let registered_when_killed = sim
        .registrants(regdesk::sim::EventKind::Meeting, meeting)
        .len();
    assert!(
        registered_when_killed < existing + work.new_people.len(),
        "killed before the end"
    );
    eprintln!(
        "killed after {} answered units; {} units were in flight",
        killed.next_unit - 1 - killed.unknown_units.len() as u32,
        killed.unknown_units.len()
    );

    let again = run(&env, &args).await;
    assert_eq!(again.code, Some(2), "{}", again.stderr);
    assert!(again.stderr.contains("--resume"), "{}", again.stderr);

    let resumed = run(&env, &[&args[..], &["--resume"]].concat()).await;
    // Invalid rows make an otherwise complete import exit 3.
    assert_eq!(
        resumed.code,
        Some(3),
        "{}\n{}",
        resumed.stdout,
        resumed.stderr
    );
    assert!(resumed.stdout.contains("Resuming"), "{}", resumed.stdout);
    assert_registered_exactly_once(&sim, meeting, &work);
    let report = report_path(&resumed.stdout);
    assert_report_accounts_for_every_row(&report, &work);
    assert!(
        regdesk::import::journal::read_journal(&journal_path)
            .unwrap()
            .finished
    );
}

#[tokio::test]
async fn the_dry_run_prints_every_problem_with_its_row_and_sends_nothing() {
    let sim = simulator(SimPlan::Unlimited).await;
    let meeting = sim
        .create_meeting(json!({"type": 2, "approval_type": 0,
            "registrants": [{"email": "old@example.org", "first_name": "Old"}]}))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.csv");
    std::fs::write(
        &file,
        "E-mail,First Name,Country\n\
         ann@example.org,Ann,Germany\n\
         \n\
         broken,Bo,FR\n\
         ann@EXAMPLE.org,Annie,DE\n\
         old@example.org,Old,\n\
         cy@example.org,,Narnia\n",
    )
    .unwrap();
    let env = binary_env(&sim, "pro", &dir.path().join("data"));
    let meeting_arg = meeting.to_string();
    let file_arg = file.display().to_string();
    let output = run(&env, &["import", &meeting_arg, &file_arg, "--dry-run"]).await;
    assert_eq!(output.code, Some(3), "{}\n{}", output.stdout, output.stderr);
    let out = &output.stdout;
    assert!(out.contains("\"E-mail\" → email"), "{out}");
    assert!(
        out.contains("row 4: email (column \"E-mail\"): \"broken\" is not an email address"),
        "{out}"
    );
    assert!(out.contains("row 5: duplicate of row 2"), "{out}");
    assert!(
        out.contains("row 7: first_name (column \"First Name\"): is missing"),
        "{out}"
    );
    assert!(
        out.contains("row 7: country (column \"Country\"): \"Narnia\""),
        "{out}"
    );
    assert!(out.contains("1 to register"), "{out}");
    assert_eq!(
        sim.registrants(regdesk::sim::EventKind::Meeting, meeting)
            .len(),
        1
    );
    assert!(
        journals(&dir.path().join("data")).is_empty(),
        "a dry run writes no journal"
    );
}

#[tokio::test]
async fn bad_map_arguments_are_usage_errors_naming_them() {
    let sim = simulator(SimPlan::Unlimited).await;
    let meeting = sim
        .create_meeting(json!({"type": 2, "approval_type": 0}))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.csv");
    std::fs::write(&file, "Mail,Name\na@example.org,Ann Lee\n").unwrap();
    let env = binary_env(&sim, "pro", &dir.path().join("data"));
    let meeting_arg = meeting.to_string();
    let file_arg = file.display().to_string();
    let base = ["import", meeting_arg.as_str(), file_arg.as_str()];

    let unknown_column = run(&env, &[&base[..], &["--map", "Email=email"]].concat()).await;
    assert_eq!(unknown_column.code, Some(2));
    assert!(
        unknown_column.stderr.contains("no column \"Email\""),
        "{}",
        unknown_column.stderr
    );

    let unknown_field = run(&env, &[&base[..], &["--map", "Mail=shoe size"]].concat()).await;
    assert_eq!(unknown_field.code, Some(2));
    assert!(
        unknown_field.stderr.contains("\"shoe size\""),
        "{}",
        unknown_field.stderr
    );

    let mapped = run(&env, &[&base[..], &["--map", "Mail=email"]].concat()).await;
    assert_eq!(mapped.code, Some(0), "{}\n{}", mapped.stdout, mapped.stderr);
    let registrants = sim.registrants(regdesk::sim::EventKind::Meeting, meeting);
    assert_eq!(registrants.len(), 1);
    assert_eq!(registrants[0].last_name, "Lee");
}

#[tokio::test]
async fn a_row_zoom_refuses_is_reported_failed_with_its_diagnosis_and_exits_3() {
    let sim = simulator(SimPlan::Unlimited).await;
    let meeting = sim
        .create_meeting(json!({"type": 2, "approval_type": 0}))
        .unwrap();
    // Another tool registered and removed this person three times today: Zoom refuses a fourth
    // registration request until midnight UTC, and regdesk's own journals cannot know it.
    let client = super::support::client(&sim, regdesk::zoom::Plan::Unlimited);
    let event = regdesk::zoom::EventRef::meeting(meeting);
    for _ in 0..3 {
        let added = client
            .add_registrant(
                event,
                &regdesk::zoom::NewRegistrant::new("busy@example.org", "Busy"),
                &regdesk::zoom::AddOptions::default(),
            )
            .await
            .unwrap();
        client
            .delete_registrant(event, &added.registrant_id, None)
            .await
            .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.csv");
    std::fs::write(
        &file,
        "email,first_name,last_name\nbusy@example.org,Busy,Bee\nfree@example.org,Free,Bird\n",
    )
    .unwrap();
    let env = binary_env(&sim, "unlimited", &dir.path().join("data"));
    let meeting_arg = meeting.to_string();
    let file_arg = file.display().to_string();
    let output = run(&env, &["import", &meeting_arg, &file_arg]).await;
    assert_eq!(output.code, Some(3), "{}\n{}", output.stdout, output.stderr);
    assert!(
        output.stdout.contains("row 2: failed:"),
        "{}",
        output.stdout
    );
    assert!(
        output.stderr.contains("need attention"),
        "{}",
        output.stderr
    );
    let report = report_path(&output.stdout);
    let mut reader = csv::Reader::from_path(&report).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][4], "failed");
    assert!(
        rows[0][7].contains('3'),
        "the diagnosis names Zoom's limit: {:?}",
        &rows[0][7]
    );
    assert_eq!(&rows[1][4], "registered");
    let registered: Vec<String> = sim
        .registrants(regdesk::sim::EventKind::Meeting, meeting)
        .into_iter()
        .map(|r| r.email)
        .collect();
    assert_eq!(registered, vec!["free@example.org".to_owned()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_stops_cleanly_with_130_and_resume_finishes() {
    let sim = simulator(SimPlan::Pro).await;
    sim.set_latency(Duration::from_millis(30), Duration::from_millis(10));
    let meeting = sim.create_meeting(meeting_spec(0)).unwrap();
    let work = workload(1500, 0);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("attendees.csv");
    std::fs::write(&file, &work.csv).unwrap();
    let data_dir = dir.path().join("data");
    let env = binary_env(&sim, "pro", &data_dir);
    let meeting_arg = meeting.to_string();
    let file_arg = file.display().to_string();
    let args = ["import", meeting_arg.as_str(), file_arg.as_str()];

    let child = regdesk(&env, &args).spawn().expect("regdesk starts");
    let pid = child.id().expect("a running child").to_string();
    let deadline = Instant::now() + Duration::from_secs(120);
    while answered_units(&data_dir) < 20 {
        assert!(
            Instant::now() < deadline,
            "the journal never showed progress"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // What Ctrl-C in a terminal sends.
    let sent = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let stopped = child.wait_with_output().await.unwrap();
    let stderr = String::from_utf8_lossy(&stopped.stderr);
    assert_eq!(stopped.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("--resume"), "{stderr}");
    assert!(
        sim.registrants(regdesk::sim::EventKind::Meeting, meeting)
            .len()
            < work.new_people.len(),
        "stopped before the end"
    );

    let resumed = run(&env, &[&args[..], &["--resume"]].concat()).await;
    assert_eq!(
        resumed.code,
        Some(3),
        "{}\n{}",
        resumed.stdout,
        resumed.stderr
    );
    assert_registered_exactly_once(&sim, meeting, &work);
}
