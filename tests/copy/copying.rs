//! Copies with the real binary: status filters, the target's questions answered from the source
//! by title and by `--answer` (or refused, naming the flag), the dry run, faults, and a SIGKILL
//! half-way with `--resume` after it.

use std::time::{Duration, Instant};

use regdesk::sim::{EventKind, FaultSpec, Plan as SimPlan, RegistrantStatus};
use serde_json::json;

use super::support::{
    answered_units, answers_of, binary_env, by_email, journals, meeting, person, regdesk,
    report_outcomes, report_path, run, simulator,
};

const STATUSES: [&str; 3] = ["approved", "pending", "denied"];

#[tokio::test]
async fn a_status_filter_copies_only_the_registrants_with_those_statuses() {
    let sim = simulator(SimPlan::Unlimited).await;
    let people: Vec<_> = (0..9).map(|i| person(i, STATUSES[i % 3])).collect();
    let source = meeting(&sim, json!({}), people);
    let target = meeting(&sim, json!({}), Vec::new());
    let approved_only = meeting(&sim, json!({}), Vec::new());
    let dir = tempfile::tempdir().unwrap();
    let env = binary_env(&sim, "unlimited", dir.path());
    let (from, to) = (source.to_string(), target.to_string());

    let copied = run(
        &env,
        &[
            "copy", &from, &to, "--status", "pending", "--status", "denied",
        ],
    )
    .await;
    assert_eq!(copied.code, Some(0), "{}", copied.both());
    let expected: Vec<String> = (0..9)
        .filter(|i| i % 3 != 0)
        .map(|i| format!("person{i}@example.org"))
        .collect();
    let in_target = by_email(&sim, target);
    assert_eq!(in_target.keys().cloned().collect::<Vec<_>>(), {
        let mut sorted = expected.clone();
        sorted.sort();
        sorted
    });
    assert!(in_target.values().all(|(_, count)| *count == 1));
    // Copying leaves the source as it was.
    let in_source = by_email(&sim, source);
    assert_eq!(in_source.len(), 9);
    assert_eq!(
        in_source["person1@example.org"].0,
        RegistrantStatus::Pending
    );

    let default = run(&env, &["copy", &from, &approved_only.to_string()]).await;
    assert_eq!(default.code, Some(0), "{}", default.both());
    let approved: Vec<String> = by_email(&sim, approved_only).into_keys().collect();
    assert_eq!(
        approved,
        [
            "person0@example.org",
            "person3@example.org",
            "person6@example.org"
        ]
    );
}

/// IDs as people have them: the source as Zoom displays it (`841 2765 0391`), the target a
/// webinar named only by its ID, without `--to-webinar`: regdesk finds out its kind at Zoom.
#[tokio::test]
async fn copy_takes_ids_as_zoom_shows_them_and_finds_out_that_the_target_is_a_webinar() {
    let sim = simulator(SimPlan::Unlimited).await;
    let people: Vec<_> = (0..3).map(|i| person(i, "approved")).collect();
    let source = meeting(&sim, json!({}), people);
    let webinar = sim
        .create_webinar(json!({"type": 5, "approval_type": 0, "topic": "Copy target"}))
        .expect("the webinar is created");
    let dir = tempfile::tempdir().unwrap();
    let env = binary_env(&sim, "unlimited", dir.path());
    let digits = source.to_string();
    let spaced = format!("{} {} {}", &digits[..3], &digits[3..7], &digits[7..]);

    let copied = run(&env, &["copy", &spaced, &webinar.to_string()]).await;
    assert_eq!(copied.code, Some(0), "{}", copied.both());
    assert!(
        copied.stderr.contains(&format!("{webinar} is a webinar")),
        "{}",
        copied.stderr
    );
    // The hint names copy's own flag, not the --webinar other commands have.
    assert!(
        copied.stderr.contains("--to-webinar skips the lookup"),
        "{}",
        copied.stderr
    );
    let in_webinar: Vec<String> = sim
        .registrants(EventKind::Webinar, webinar)
        .into_iter()
        .map(|registrant| registrant.email)
        .collect();
    assert_eq!(in_webinar.len(), 3, "{in_webinar:?}");
}

/// `--format json`: the dry run's plan, then the run's summary, each one JSON document on
/// stdout with the two events; people-facing lines stay off stdout.
#[tokio::test]
async fn copy_format_json_prints_only_the_plan_or_the_summary_as_json() {
    let sim = simulator(SimPlan::Unlimited).await;
    let people: Vec<_> = (0..4).map(|i| person(i, "approved")).collect();
    let source = meeting(&sim, json!({}), people);
    let target = meeting(&sim, json!({}), vec![person(0, "approved")]);
    let dir = tempfile::tempdir().unwrap();
    let env = binary_env(&sim, "unlimited", dir.path());
    let (from, to) = (source.to_string(), target.to_string());

    let dry = run(&env, &["copy", &from, &to, "--dry-run", "--format", "json"]).await;
    assert_eq!(dry.code, Some(0), "{}", dry.both());
    let plan: serde_json::Value = serde_json::from_str(&dry.stdout).expect(&dry.stdout);
    assert_eq!(plan["from"]["id"], json!(source), "{plan}");
    assert_eq!(plan["to"]["id"], json!(target), "{plan}");
    assert_eq!(plan["plan"]["dry_run"], json!(true), "{plan}");
    assert_eq!(plan["plan"]["totals"]["to_send"], json!(3), "{plan}");
    assert_eq!(
        plan["plan"]["totals"]["settled"]["already_registered"],
        json!(1),
        "{plan}"
    );

    let done = run(&env, &["copy", &from, &to, "--format", "json"]).await;
    assert_eq!(done.code, Some(0), "{}", done.both());
    let summary: serde_json::Value = serde_json::from_str(&done.stdout).expect(&done.stdout);
    assert_eq!(summary["ended"], json!("done"), "{summary}");
    assert_eq!(summary["counts"]["registered"], json!(3), "{summary}");
    assert_eq!(summary["moved"], serde_json::Value::Null, "{summary}");
    assert_eq!(by_email(&sim, target).len(), 4);
}

#[tokio::test]
async fn the_targets_questions_are_answered_by_title_from_the_source_and_by_answer_flags() {
    let sim = simulator(SimPlan::Unlimited).await;
    let source = meeting(
        &sim,
        json!({"custom_questions": [
            {"title": "Dietary needs", "type": "short", "required": false}
        ]}),
        vec![
            json!({"email": "ann@example.org", "first_name": "Ann", "last_name": "Lee",
                   "fields": {"city": "Oslo"},
                   "custom_questions": [{"title": "Dietary needs", "value": "Vegan"}]}),
            json!({"email": "bo@example.org", "first_name": "Bo", "last_name": "Li"}),
        ],
    );
    let target = meeting(
        &sim,
        json!({
            "questions": [{"field_name": "city", "required": true}],
            "custom_questions": [
                {"title": "dietary needs?", "type": "short", "required": true},
                {"title": "Role", "type": "single", "required": true,
                 "answers": ["Speaker", "Guest"]}
            ]
        }),
        Vec::new(),
    );
    let dir = tempfile::tempdir().unwrap();
    let env = binary_env(&sim, "unlimited", dir.path());
    let (from, to) = (source.to_string(), target.to_string());

    // Without a terminal, a missing answer is an error naming the question and the flag.
    let refused = run(&env, &["copy", &from, &to]).await;
    assert_eq!(refused.code, Some(2), "{}", refused.both());
    for needed in [
        "--answer \"Role=VALUE\"",
        "one of: Speaker, Guest",
        "--answer \"dietary needs?=VALUE\"",
        "--answer city=VALUE",
    ] {
        assert!(
            refused.stderr.contains(needed),
            "{needed}: {}",
            refused.stderr
        );
    }
    assert!(by_email(&sim, target).is_empty(), "nothing was sent");

    let copied = run(
        &env,
        &[
            "copy",
            &from,
            &to,
            "--answer",
            "role=Guest",
            "--answer",
            "Dietary needs?=None",
            "--answer",
            "City=Rome",
        ],
    )
    .await;
    assert_eq!(copied.code, Some(0), "{}", copied.both());
    let ann = answers_of(&sim, target, "ann@example.org");
    assert_eq!(
        ann["dietary needs?"], "Vegan",
        "the source's answer, by title"
    );
    assert_eq!(ann["Role"], "Guest");
    let bo = answers_of(&sim, target, "bo@example.org");
    assert_eq!(
        bo["dietary needs?"], "None",
        "--answer for whoever has none"
    );
    let cities: Vec<String> = sim
        .registrants(EventKind::Meeting, target)
        .iter()
        .map(|r| format!("{}:{}", r.email, r.json["city"].as_str().unwrap_or("")))
        .collect();
    assert!(
        cities.contains(&"ann@example.org:Oslo".to_owned()),
        "{cities:?}"
    );
    assert!(
        cities.contains(&"bo@example.org:Rome".to_owned()),
        "{cities:?}"
    );
}

#[tokio::test]
async fn the_dry_run_prints_the_plan_and_sends_and_writes_nothing() {
    let sim = simulator(SimPlan::Unlimited).await;
    let people: Vec<_> = (0..5).map(|i| person(i, "approved")).collect();
    let source = meeting(&sim, json!({"topic": "Spring briefing"}), people);
    let target = meeting(&sim, json!({}), vec![person(0, "approved")]);
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    let env = binary_env(&sim, "unlimited", &data_dir);
    let before = sim.stats().requests_per_endpoint;

    let dry = run(
        &env,
        &[
            "copy",
            &source.to_string(),
            &target.to_string(),
            "--dry-run",
        ],
    )
    .await;
    assert_eq!(dry.code, Some(0), "{}", dry.both());
    assert!(
        dry.stdout.contains(&format!(
            "From:  meeting {source} \"Spring briefing\" (approved"
        )),
        "the source is named by its topic too:\n{}",
        dry.stdout
    );
    assert!(dry.stdout.contains("4 to register"), "{}", dry.stdout);
    assert!(
        dry.stdout.contains("1 already registered"),
        "{}",
        dry.stdout
    );
    assert_eq!(by_email(&sim, target).len(), 1, "nothing was registered");
    let after = sim.stats().requests_per_endpoint;
    let changing: Vec<(&String, &u64)> = after
        .iter()
        .filter(|(endpoint, count)| {
            !endpoint.starts_with("GET")
                && !endpoint.contains("oauth")
                && before.get(*endpoint) != Some(count)
        })
        .collect();
    assert!(changing.is_empty(), "only reads were sent: {changing:?}");
    assert!(!data_dir.join("imports").exists(), "nothing was written");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copy_under_faults_registers_each_person_once() {
    let sim = simulator(SimPlan::Business).await;
    let people: Vec<_> = (0..400).map(|i| person(i, "approved")).collect();
    let source = meeting(&sim, json!({}), people);
    let target = meeting(&sim, json!({}), Vec::new());
    let dir = tempfile::tempdir().unwrap();
    let env = binary_env(&sim, "business", dir.path());
    sim.set_faults(
        FaultSpec::parse("5xx=0.03,drop-before=0.02,drop-after=0.02,429=0.02,seed=11").unwrap(),
    );
    let args = ["copy", &source.to_string(), &target.to_string()].map(str::to_owned);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();

    let mut copied = run(&env, &args).await;
    // A row whose every retry met a fault is left for --resume, which settles it by listing.
    if copied.code == Some(3) {
        copied = run(&env, &[&args[..], &["--resume"]].concat()).await;
    }
    assert_eq!(copied.code, Some(0), "{}", copied.both());
    let faults = sim.stats().faults;
    assert!(!faults.is_empty(), "the run met faults");
    let in_target = by_email(&sim, target);
    assert_eq!(in_target.len(), 400, "nobody lost");
    assert!(
        in_target.values().all(|(_, count)| *count == 1),
        "nobody doubled"
    );
    assert_eq!(sim.stats().repeat_registrations, 0, "nobody sent twice");
    let outcomes = report_outcomes(&report_path(&copied.stdout));
    assert_eq!(outcomes.len(), 400);
    assert!(outcomes.values().all(|o| o == "registered"), "{outcomes:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copy_killed_with_sigkill_half_way_resumes_with_nobody_lost_or_doubled() {
    let sim = simulator(SimPlan::Business).await;
    sim.set_latency(Duration::from_millis(30), Duration::from_millis(20));
    let people: Vec<_> = (0..1500).map(|i| person(i, "approved")).collect();
    let source = meeting(&sim, json!({}), people);
    let target = meeting(&sim, json!({}), vec![person(7, "denied")]);
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    let env = binary_env(&sim, "business", &data_dir);
    let (from, to) = (source.to_string(), target.to_string());
    let args = ["copy", from.as_str(), to.as_str()];

    let mut child = regdesk(&env, &args).spawn().expect("regdesk starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    while answered_units(&data_dir) < 40 {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the copy ended ({status}) before it could be killed half-way");
        }
        assert!(
            Instant::now() < deadline,
            "the journal never showed progress"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    child.start_kill().expect("kill -9");
    let status = child.wait().await.unwrap();
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(9)
    );
    let copied_when_killed = by_email(&sim, target).len();
    assert!(copied_when_killed < 1500, "killed before the end");
    let journal = journals(&data_dir).pop().expect("a journal");
    assert!(
        regdesk::import::journal::read_journal(&journal)
            .unwrap()
            .is_open()
    );

    let again = run(&env, &args).await;
    assert_eq!(again.code, Some(2), "{}", again.both());
    assert!(again.stderr.contains("--resume"), "{}", again.stderr);

    let resumed = run(&env, &[&args[..], &["--resume"]].concat()).await;
    assert_eq!(resumed.code, Some(0), "{}", resumed.both());
    assert!(resumed.stdout.contains("Resuming"), "{}", resumed.stdout);
    let in_target = by_email(&sim, target);
    assert_eq!(in_target.len(), 1500, "nobody lost");
    assert!(
        in_target.values().all(|(_, count)| *count == 1),
        "nobody doubled"
    );
    assert_eq!(
        in_target["person7@example.org"].0,
        RegistrantStatus::Denied,
        "someone already in the target is left as they are"
    );
    assert_eq!(sim.stats().repeat_registrations, 0, "nobody sent twice");
    assert!(
        regdesk::import::journal::read_journal(&journal)
            .unwrap()
            .finished
    );
    let outcomes = report_outcomes(&report_path(&resumed.stdout));
    assert_eq!(outcomes.len(), 1500);
    assert_eq!(outcomes["person7@example.org"], "already_registered");
}
