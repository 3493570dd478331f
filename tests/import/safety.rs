//! What keeps imports safe on disk and side by side, with the real binary against in-process
//! simulators: files are private whatever the umask and nothing planted beside them is followed;
//! a journal torn by a crash is repaired and a damaged or empty one is named and set aside, with
//! nobody sent twice (ground truth: the simulator's registrants and its count of repeated
//! registrations); two imports into one event never both send; journals of another Zoom do not
//! count; devices, FIFOs, folders and oversized files are refused.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use regdesk::import::job::{self, ImportError, ImportRequest, StartMode};
use regdesk::import::read::{MAX_DATA_ROWS, MAX_FILE_BYTES};
use regdesk::sim::Plan as SimPlan;
use regdesk::zoom::EventRef;
use serde_json::json;
use tokio::process::Command;
use tokio_util::sync::CancellationToken;

use super::cli::{Output, answered_units, journals, regdesk, report_path, run};
use super::support::{
    Workload, assert_registered_exactly_once, binary_env, client, meeting_spec,
    registrations_by_email, simulator, workload,
};

/// Far above how long any command here takes on a busy 2-core box; reached only by a hang.
const COMMAND_BOUND: Duration = Duration::from_secs(120);

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// `regdesk ARGS` started by a shell that first sets the umask to 000.
async fn run_with_open_umask(env: &[(String, String)], args: &[&str]) -> Output {
    let output = Command::new("sh")
        .arg("-c")
        .arg("umask 000 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_regdesk"))
        .args(args)
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .output()
        .await
        .expect("sh runs");
    Output {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

async fn run_bounded(env: &[(String, String)], args: &[&str]) -> Output {
    tokio::time::timeout(COMMAND_BOUND, run(env, args))
        .await
        .unwrap_or_else(|_| panic!("regdesk {args:?} did not end"))
}

fn people_csv(emails: &[String]) -> String {
    let mut csv = String::from("email,first_name,last_name\n");
    for (i, email) in emails.iter().enumerate() {
        csv.push_str(&format!("{email},Person{i},Test\n"));
    }
    csv
}

#[tokio::test]
async fn journals_reports_locks_and_exports_are_private_whatever_the_umask() {
    let sim = simulator(SimPlan::Unlimited).await;
    let meeting = sim
        .create_meeting(json!({"type": 2, "approval_type": 0}))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.csv");
    std::fs::write(&file, people_csv(&["ann@example.org".to_owned()])).unwrap();
    let data_dir = dir.path().join("new").join("data");
    let env = binary_env(&sim, "unlimited", &data_dir);
    let meeting_arg = meeting.to_string();
    let file_arg = file.display().to_string();

    let imported = run_with_open_umask(&env, &["import", &meeting_arg, &file_arg]).await;
    assert_eq!(
        imported.code,
        Some(0),
        "{}{}",
        imported.stdout,
        imported.stderr
    );
    let imports = data_dir.join("imports");
    for folder in [dir.path().join("new"), data_dir.clone(), imports.clone()] {
        assert_eq!(mode(&folder), 0o700, "{}", folder.display());
    }
    let written: Vec<PathBuf> = std::fs::read_dir(&imports)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert!(
        written
            .iter()
            .any(|path| path.extension().is_some_and(|e| e == "lock")),
        "{written:?}"
    );
    assert_eq!(written.len(), 3, "journal, report and lock: {written:?}");
    for path in &written {
        assert_eq!(mode(path), 0o600, "{}", path.display());
    }
    assert!(written.contains(&report_path(&imported.stdout)));

    let export = dir.path().join("exports").join("registrants.csv");
    let export_arg = export.display().to_string();
    let exported = run_with_open_umask(&env, &["export", &meeting_arg, &export_arg]).await;
    assert_eq!(
        exported.code,
        Some(0),
        "{}{}",
        exported.stdout,
        exported.stderr
    );
    assert_eq!(mode(&export), 0o600);
    assert_eq!(mode(export.parent().unwrap()), 0o700);
    assert!(
        std::fs::read_to_string(&export)
            .unwrap()
            .contains("ann@example.org")
    );
}

#[tokio::test]
async fn a_symlink_planted_at_a_temporary_name_is_not_followed() {
    let sim = simulator(SimPlan::Unlimited).await;
    let meeting = sim
        .create_meeting(json!({"type": 2, "approval_type": 0}))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.csv");
    std::fs::write(&file, people_csv(&["bo@example.org".to_owned()])).unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "do not touch").unwrap();
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // The names regdesk used to write through before renaming into place.
    for planted in [".report.csv.partial", "registrants.csv.partial"] {
        std::os::unix::fs::symlink(&victim, out.join(planted)).unwrap();
    }
    let env = binary_env(&sim, "unlimited", &dir.path().join("data"));
    let meeting_arg = meeting.to_string();
    let report = out.join("report.csv");
    let export = out.join("registrants.csv");
    let imported = run_bounded(
        &env,
        &[
            "import",
            &meeting_arg,
            &file.display().to_string(),
            "--report",
            &report.display().to_string(),
        ],
    )
    .await;
    assert_eq!(
        imported.code,
        Some(0),
        "{}{}",
        imported.stdout,
        imported.stderr
    );
    let exported = run_bounded(
        &env,
        &["export", &meeting_arg, &export.display().to_string()],
    )
    .await;
    assert_eq!(
        exported.code,
        Some(0),
        "{}{}",
        exported.stdout,
        exported.stderr
    );

    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "do not touch");
    assert_eq!(mode(&victim), 0o644);
    for written in [&report, &export] {
        let metadata = std::fs::symlink_metadata(written).unwrap();
        assert!(metadata.file_type().is_file(), "{}", written.display());
        assert!(
            std::fs::read_to_string(written)
                .unwrap()
                .contains("bo@example.org")
        );
    }
}

/// Starts an import and kills it with SIGKILL once `units` answers are journaled.
async fn kill_half_way(env: &[(String, String)], args: &[&str], data_dir: &Path, units: usize) {
    let mut child = regdesk(env, args).spawn().expect("regdesk starts");
    let deadline = Instant::now() + COMMAND_BOUND;
    while answered_units(data_dir) < units {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the import ended ({status}) before it could be killed half-way");
        }
        assert!(
            Instant::now() < deadline,
            "the journal never showed progress"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.start_kill().expect("kill -9");
    child.wait().await.expect("the killed import is reaped");
}

/// A slow simulator with a meeting and a spreadsheet of people for it, the import's arguments,
/// and the import killed half-way.
struct Interrupted {
    sim: regdesk::sim::Simulator,
    meeting: u64,
    work: Workload,
    _dir: tempfile::TempDir,
    data_dir: PathBuf,
    env: Vec<(String, String)>,
    args: Vec<String>,
}

impl Interrupted {
    async fn new() -> Self {
        let sim = simulator(SimPlan::Pro).await;
        sim.set_latency(Duration::from_millis(30), Duration::from_millis(10));
        let meeting = sim.create_meeting(meeting_spec(0)).unwrap();
        let work = workload(900, 0);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("attendees.csv");
        std::fs::write(&file, &work.csv).unwrap();
        let data_dir = dir.path().join("data");
        let env = binary_env(&sim, "pro", &data_dir);
        let args = vec![
            "import".to_owned(),
            meeting.to_string(),
            file.display().to_string(),
        ];
        let interrupted = Interrupted {
            sim,
            meeting,
            work,
            _dir: dir,
            data_dir,
            env,
            args,
        };
        kill_half_way(
            &interrupted.env,
            &interrupted.args(&[]),
            &interrupted.data_dir,
            6,
        )
        .await;
        interrupted
    }

    fn args<'a>(&'a self, more: &[&'a str]) -> Vec<&'a str> {
        self.args
            .iter()
            .map(String::as_str)
            .chain(more.iter().copied())
            .collect()
    }

    async fn run(&self, more: &[&str]) -> Output {
        run_bounded(&self.env, &self.args(more)).await
    }

    fn journal(&self) -> PathBuf {
        let mut found = journals(&self.data_dir);
        assert_eq!(found.len(), 1, "{found:?}");
        found.remove(0)
    }

    /// Nobody in the meeting twice, every valid new person once, and no registration request for
    /// someone already registered.
    fn assert_nobody_sent_twice(&self) {
        assert_registered_exactly_once(&self.sim, self.meeting, &self.work);
        assert_eq!(self.sim.stats().repeat_registrations, 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journal_torn_mid_record_after_sigkill_resumes_with_nobody_sent_twice() {
    let import = Interrupted::new().await;
    let journal = import.journal();
    let bytes = std::fs::read(&journal).unwrap();
    // A crash or a full disk cut the last record in the middle.
    let last_line_start = bytes[..bytes.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let cut = last_line_start + (bytes.len() - last_line_start) / 2;
    std::fs::write(&journal, &bytes[..cut]).unwrap();

    let dry_run = import.run(&["--resume", "--dry-run"]).await;
    assert_eq!(
        dry_run.code,
        Some(3),
        "{}{}",
        dry_run.stdout,
        dry_run.stderr
    );
    assert!(dry_run.stdout.contains("cut short"), "{}", dry_run.stdout);

    let resumed = import.run(&["--resume"]).await;
    assert_eq!(
        resumed.code,
        Some(3),
        "{}{}",
        resumed.stdout,
        resumed.stderr
    );
    assert!(
        resumed.stdout.contains("Repaired the journal"),
        "{}",
        resumed.stdout
    );
    import.assert_nobody_sent_twice();
    let state = regdesk::import::journal::read_journal(&journal).unwrap();
    assert!(state.finished && !state.torn_tail);

    // Imports into the meeting go on working: nothing is left to send.
    let again = import.run(&["--dry-run"]).await;
    assert_eq!(again.code, Some(3), "{}{}", again.stdout, again.stderr);
    assert!(again.stdout.contains("0 to register"), "{}", again.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn damaged_and_empty_journals_are_named_and_set_aside_with_nobody_sent_twice() {
    let import = Interrupted::new().await;
    let journal = import.journal();
    let text = std::fs::read_to_string(&journal).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[2] = "{\"record\":\"sent\",\"unit\":1,\"at\":garbage";
    let damaged = format!("{}\n", lines.join("\n"));
    std::fs::write(&journal, &damaged).unwrap();
    let journal_name = journal.display().to_string();

    for more in [
        &[][..],
        &["--dry-run"][..],
        &["--resume"][..],
        &["--restart"][..],
    ] {
        let refused = import.run(more).await;
        assert_eq!(refused.code, Some(2), "{more:?}: {}", refused.stderr);
        assert!(
            refused.stderr.contains(&journal_name)
                && refused.stderr.contains("--set-aside-journal"),
            "{more:?}: {}",
            refused.stderr
        );
    }

    let set_aside = import.run(&["--set-aside-journal"]).await;
    assert_eq!(
        set_aside.code,
        Some(3),
        "{}{}",
        set_aside.stdout,
        set_aside.stderr
    );
    assert!(
        set_aside.stdout.contains("Set aside"),
        "{}",
        set_aside.stdout
    );
    import.assert_nobody_sent_twice();
    let kept: Vec<PathBuf> = std::fs::read_dir(journal.parent().unwrap())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.display().to_string().contains(".set-aside-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(
        std::fs::read_to_string(&kept[0]).unwrap(),
        damaged,
        "kept as it was"
    );

    // An empty journal of the same meeting (a crash before its first record) blocks likewise.
    let name = journal.file_name().unwrap().to_string_lossy().into_owned();
    let key_end = name.find(&format!("-meeting-{}-", import.meeting)).unwrap()
        + format!("-meeting-{}", import.meeting).len();
    let empty = journal.with_file_name(format!(
        "{}-0000000000000000-20260101T000000.000Z.jsonl",
        &name[..key_end]
    ));
    std::fs::write(&empty, b"").unwrap();
    let refused = import.run(&["--dry-run"]).await;
    assert_eq!(refused.code, Some(2), "{}", refused.stderr);
    assert!(
        refused.stderr.contains(&empty.display().to_string()) && refused.stderr.contains("empty"),
        "{}",
        refused.stderr
    );
    let past = import.run(&["--set-aside-journal"]).await;
    assert_eq!(past.code, Some(3), "{}{}", past.stdout, past.stderr);
    assert!(past.stdout.contains("0 to register"), "{}", past.stdout);
    assert!(!empty.exists());
    import.assert_nobody_sent_twice();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_imports_of_different_files_with_the_same_people_send_each_person_once() {
    let sim = simulator(SimPlan::Pro).await;
    sim.set_latency(Duration::from_millis(20), Duration::from_millis(10));
    let meeting = sim
        .create_meeting(json!({"type": 2, "approval_type": 0}))
        .unwrap();
    let emails: Vec<String> = (0..400).map(|i| format!("same{i}@example.org")).collect();
    let dir = tempfile::tempdir().unwrap();
    let forward = dir.path().join("march.csv");
    let backward = dir.path().join("april.csv");
    std::fs::write(&forward, people_csv(&emails)).unwrap();
    let reversed: Vec<String> = emails.iter().rev().cloned().collect();
    std::fs::write(&backward, people_csv(&reversed)).unwrap();
    let env = binary_env(&sim, "pro", &dir.path().join("data"));
    let meeting_arg = meeting.to_string();
    let files = [
        forward.display().to_string(),
        backward.display().to_string(),
    ];

    let first_args = ["import", meeting_arg.as_str(), files[0].as_str()];
    let second_args = ["import", meeting_arg.as_str(), files[1].as_str()];
    let (first, second) = tokio::join!(
        run_bounded(&env, &first_args),
        run_bounded(&env, &second_args),
    );
    let outputs = [&first, &second];
    assert!(
        outputs.iter().any(|output| output.code == Some(0)),
        "{}\n{}",
        first.stderr,
        second.stderr
    );
    for (output, file) in outputs.iter().zip(&files) {
        if output.code != Some(0) {
            assert_eq!(output.code, Some(1), "{}", output.stderr);
            assert!(
                output
                    .stderr
                    .contains(&format!("another regdesk import into meeting {meeting}"))
                    || output
                        .stderr
                        .contains("ran while this one was being planned"),
                "{}",
                output.stderr
            );
            let again = run_bounded(&env, &["import", &meeting_arg, file]).await;
            assert_eq!(again.code, Some(0), "{}{}", again.stdout, again.stderr);
            assert!(again.stdout.contains("0 to register"), "{}", again.stdout);
        }
    }
    let counts = registrations_by_email(&sim, meeting);
    assert_eq!(counts.len(), emails.len());
    assert!(counts.values().all(|&n| n == 1));
    assert_eq!(
        sim.stats().repeat_registrations,
        0,
        "someone was sent twice"
    );
}

#[tokio::test]
async fn a_journal_made_against_another_zoom_does_not_count() {
    let spec = json!({"id": 81234500001u64, "type": 2, "approval_type": 0});
    let first = simulator(SimPlan::Unlimited).await;
    let second = simulator(SimPlan::Unlimited).await;
    let meeting = first.create_meeting(spec.clone()).unwrap();
    assert_eq!(second.create_meeting(spec).unwrap(), meeting);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.csv");
    let emails: Vec<String> = (0..5).map(|i| format!("p{i}@example.org")).collect();
    std::fs::write(&file, people_csv(&emails)).unwrap();
    let request = ImportRequest {
        event: EventRef::meeting(meeting),
        file: file.clone(),
        overrides: Vec::new(),
        event_column: None,
        mode: StartMode::Fresh,
        journal_dir: dir.path().join("imports"),
        report: None,
        set_aside_unreadable: false,
    };

    // Against the first Zoom: an import stopped before it sent anything stays unfinished.
    let first_client = client(&first, regdesk::zoom::Plan::Unlimited);
    let prepared = job::prepare(&first_client, request.clone()).await.unwrap();
    let cancel = CancellationToken::new();
    cancel.cancel();
    let (events, _received) = tokio::sync::mpsc::unbounded_channel();
    let stopped = job::execute(&first_client, &prepared, events, cancel)
        .await
        .unwrap();
    assert!(!stopped.complete);
    assert!(matches!(
        job::prepare(&first_client, request.clone()).await,
        Err(ImportError::Usage(message)) if message.contains("unfinished import")
    ));

    // The second Zoom has a meeting with the same ID: the first one's journal is no concern of it.
    let second_client = client(&second, regdesk::zoom::Plan::Unlimited);
    let prepared = job::prepare(&second_client, request).await.unwrap();
    assert_eq!(prepared.plan.summary.to_send, emails.len());
    let (events, _received) = tokio::sync::mpsc::unbounded_channel();
    let done = job::execute(&second_client, &prepared, events, CancellationToken::new())
        .await
        .unwrap();
    assert!(done.complete);
    assert_eq!(registrations_by_email(&second, meeting).len(), emails.len());
    assert!(registrations_by_email(&first, meeting).is_empty());
}

#[tokio::test]
async fn devices_fifos_and_folders_are_refused_naming_the_file() {
    let sim = simulator(SimPlan::Unlimited).await;
    let meeting = sim
        .create_meeting(json!({"type": 2, "approval_type": 0}))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("people.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let env = binary_env(&sim, "unlimited", &dir.path().join("data"));
    let meeting_arg = meeting.to_string();
    let folder = dir.path().display().to_string();
    let fifo_arg = fifo.display().to_string();
    for (path, kind) in [
        ("/dev/zero", "a device"),
        (fifo_arg.as_str(), "a named pipe (FIFO)"),
        (folder.as_str(), "a folder"),
    ] {
        // Bounded: the old reader read /dev/zero until memory ran out and waited on a FIFO forever.
        let output = tokio::time::timeout(
            Duration::from_secs(20),
            run(&env, &["import", &meeting_arg, path, "--dry-run"]),
        )
        .await
        .unwrap_or_else(|_| panic!("regdesk import {path} did not refuse it"));
        assert_eq!(output.code, Some(1), "{path}: {}", output.stderr);
        assert!(
            output.stderr.contains(path)
                && output.stderr.contains(kind)
                && output.stderr.contains("not a regular file"),
            "{path}: {}",
            output.stderr
        );
        assert_eq!(
            output.stderr.matches("not a regular file").count(),
            1,
            "the reason is said once: {}",
            output.stderr
        );
    }
}

#[test]
fn files_over_the_size_or_row_ceiling_are_refused_naming_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.csv");
    let file = std::fs::File::create(&huge).unwrap();
    // Sparse: the size is refused before a byte is read.
    file.set_len(MAX_FILE_BYTES + 1).unwrap();
    let error = job::load_source(&huge).unwrap_err().to_string();
    assert!(
        error.contains("huge.csv") && error.contains("256 MiB"),
        "{error}"
    );

    let long = dir.path().join("long.csv");
    let mut text = String::with_capacity(5 * MAX_DATA_ROWS + 32);
    text.push_str("email\n");
    for _ in 0..=MAX_DATA_ROWS {
        text.push_str("a@b\n");
    }
    std::fs::write(&long, text).unwrap();
    let error = job::load_source(&long).unwrap_err().to_string();
    assert!(
        error.contains("long.csv") && error.contains(&format!("{MAX_DATA_ROWS} data rows")),
        "{error}"
    );
}

#[tokio::test]
async fn import_help_states_the_file_ceilings() {
    let help = run(&[], &["import", "--help"]).await;
    assert_eq!(help.code, Some(0));
    let text = help.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    for limit in [
        format!("{} MiB", MAX_FILE_BYTES / (1024 * 1024)),
        format!("{MAX_DATA_ROWS} data rows"),
        "--set-aside-journal".to_owned(),
    ] {
        assert!(text.contains(&limit), "{limit}: {text}");
    }
}
