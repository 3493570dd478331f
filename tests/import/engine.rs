//! The import engine against the simulator over real HTTP: a 4,000-row file under faults ends
//! with each valid new person registered exactly once (ground truth from the simulator), unknown
//! outcomes are reconciled by listing before any retry, unfinished imports must be resumed or
//! restarted, Zoom's capacity blocks rows before sending, the meeting's questions are enforced,
//! and every fixture imports with its names intact.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use regdesk::import::job::{self, Finished, ImportError, ImportRequest, Prepared, StartMode};
use regdesk::import::journal::{self, CallKind, JournalWriter, Record, read_journal};
use regdesk::import::outcome::RowOutcome;
use regdesk::import::run::ImportEvent;
use regdesk::sim::{EventKind as SimKind, FaultKind, FaultSpec, Plan as SimPlan};
use regdesk::zoom::{EventRef, Plan, ZoomClient};
use serde_json::json;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::support::{
    assert_registered_exactly_once, assert_report_accounts_for_every_row, client, fixture,
    meeting_spec, report_outcomes, simulator, workload,
};

fn request(meeting: u64, file: &Path, journal_dir: &Path, mode: StartMode) -> ImportRequest {
    ImportRequest {
        event: EventRef::meeting(meeting),
        file: file.to_path_buf(),
        overrides: Vec::new(),
        event_column: None,
        mode,
        journal_dir: journal_dir.to_path_buf(),
        report: None,
        set_aside_unreadable: false,
    }
}

/// Runs a prepared import to the end, collecting its events.
async fn execute(client: &ZoomClient, prepared: &Prepared) -> (Finished, Vec<ImportEvent>) {
    let (sender, mut receiver) = mpsc::unbounded_channel();
    let finished = job::execute(client, prepared, sender, CancellationToken::new())
        .await
        .expect("the import runs");
    let mut events = Vec::new();
    while let Ok(event) = receiver.try_recv() {
        events.push(event);
    }
    (finished, events)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_thousand_rows_under_faults_register_each_valid_person_once() {
    let sim = simulator(SimPlan::Unlimited).await;
    let existing = 60;
    let meeting = sim.create_meeting(meeting_spec(existing)).unwrap();
    let work = workload(4000, existing);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("attendees.csv");
    std::fs::write(&file, &work.csv).unwrap();
    // Random faults on every request; token revocations come separately below, at known points:
    // the client renews a rejected token once per request, so two random revocations landing
    // within one request's retries would (rightly) stop the run, which is not what this tests.
    sim.set_faults(
        FaultSpec::parse("5xx=0.03,drop-before=0.01,drop-after=0.01,429=0.01,seed=7").unwrap(),
    );
    let client = client(&sim, Plan::Unlimited);
    let journals = dir.path().join("imports");

    let prepared = job::prepare(
        &client,
        request(meeting, &file, &journals, StartMode::Fresh),
    )
    .await
    .expect("the import is planned");
    let summary = prepared.plan.summary;
    assert_eq!(summary.rows, 4000);
    assert_eq!(summary.to_send, work.new_people.len());
    assert_eq!(summary.settled.invalid, work.invalid_rows.len());
    assert_eq!(summary.settled.duplicate, work.duplicate_rows.len());
    assert_eq!(summary.settled.already_registered, work.already_rows.len());
    assert!(
        summary.batch_calls > 0 && summary.single_adds > 0,
        "{summary:?}"
    );

    // Every token Zoom issued so far is revoked a third and two thirds of the way through.
    let tokens_before = sim.stats().tokens_issued;
    let (sender, mut receiver) = mpsc::unbounded_channel();
    let run = job::execute(&client, &prepared, sender, CancellationToken::new());
    let observe = async {
        let mut events = Vec::new();
        let mut revocations = 0;
        while let Some(event) = receiver.recv().await {
            if let ImportEvent::Progress(progress) = &event {
                let due = progress.rows_done * 3 / progress.rows_total.max(1);
                if due > revocations && revocations < 2 {
                    sim.revoke_all_tokens();
                    revocations += 1;
                }
            }
            events.push(event);
        }
        (events, revocations)
    };
    let (finished, (events, revocations)) = tokio::join!(run, observe);
    let finished = finished.expect("the import runs");
    assert_eq!(revocations, 2);
    assert!(
        sim.stats().tokens_issued >= tokens_before + 2,
        "each revocation made the client fetch a new token"
    );
    assert!(
        finished.complete,
        "{:?}, stopped: {:?}",
        finished.counts, finished.stopped
    );
    assert_eq!(finished.counts.registered, work.new_people.len());
    assert_eq!(finished.counts.failed, 0);
    assert_registered_exactly_once(&sim, meeting, &work);
    assert_report_accounts_for_every_row(&finished.report, &work);

    let faults = sim.stats().faults;
    for kind in [
        FaultKind::ServerError,
        FaultKind::DropBefore,
        FaultKind::DropAfter,
        FaultKind::RateLimitBurst,
    ] {
        assert!(
            faults.contains_key(&kind),
            "the run should have met {kind:?}: {faults:?}"
        );
    }
    assert!(matches!(events.first(), Some(ImportEvent::Started { .. })));
    assert!(matches!(
        events.last(),
        Some(ImportEvent::Finished {
            cancelled: false,
            ..
        })
    ));
    let row_events = events
        .iter()
        .filter(|event| matches!(event, ImportEvent::Row { .. }))
        .count();
    assert_eq!(row_events, work.new_people.len());
    assert!(read_journal(&finished.journal).unwrap().finished);
}

/// Writes an open journal that says `unit` rows were sent and never answered, as a crash leaves.
async fn crashed_journal(
    prepared: &Prepared,
    rows: &[usize],
    emails: &[String],
) -> std::path::PathBuf {
    let now = jiff::Timestamp::now();
    let event = prepared.request.event;
    let key = journal::event_key(&prepared.zoom, event.kind.noun(), event.id);
    let path = journal::new_journal_path(
        &prepared.request.journal_dir,
        &key,
        &prepared.source.sha256,
        now,
    );
    let writer = JournalWriter::create(
        &path,
        journal::Begin {
            version: journal::JOURNAL_VERSION,
            at: now,
            event: key,
            zoom: prepared.zoom.clone(),
            file: prepared.request.file.clone(),
            file_sha256: prepared.source.sha256.clone(),
            rows: prepared.source.rows,
            mapping: prepared.mapping.clone(),
        },
    )
    .unwrap();
    writer
        .write(Record::Sending {
            unit: 1,
            at: now,
            call: CallKind::Batch,
            rows: rows.to_vec(),
            emails: emails.to_vec(),
        })
        .await
        .unwrap();
    // A crashed process holds no lock; this in-process stand-in releases it before returning.
    writer.close();
    path
}

#[tokio::test]
async fn a_lost_answer_is_reconciled_by_listing_before_anything_is_sent_again() {
    let sim = simulator(SimPlan::Unlimited).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.csv");
    let mut csv = String::from("email,first_name,last_name\n");
    for i in 0..40 {
        csv.push_str(&format!("p{i}@example.org,P{i},Doe\n"));
    }
    std::fs::write(&file, csv).unwrap();
    // The crashed run's batch of rows 2-11 reached Zoom for its first five people only.
    let lost_and_registered: Vec<serde_json::Value> = (0..5)
        .map(|i| json!({"email": format!("p{i}@example.org"), "first_name": format!("P{i}"), "last_name": "Doe"}))
        .collect();
    let meeting = sim
        .create_meeting(json!({"type": 2, "approval_type": 0, "registrants": lost_and_registered}))
        .unwrap();
    let registered_before: BTreeMap<String, String> = sim
        .registrants(SimKind::Meeting, meeting)
        .into_iter()
        .map(|r| (r.email, r.id))
        .collect();
    let client = client(&sim, Plan::Unlimited);
    let journals = dir.path().join("imports");
    let fresh = job::prepare(
        &client,
        request(meeting, &file, &journals, StartMode::Fresh),
    )
    .await
    .unwrap();
    let unit_rows: Vec<usize> = (2..12).collect();
    let unit_emails: Vec<String> = (0..10).map(|i| format!("p{i}@example.org")).collect();
    let journal_path = crashed_journal(&fresh, &unit_rows, &unit_emails).await;

    let err = job::prepare(
        &client,
        request(meeting, &file, &journals, StartMode::Fresh),
    )
    .await
    .expect_err("an unfinished import blocks a fresh one");
    assert!(err.is_usage());
    let message = err.to_string();
    assert!(
        message.contains("--resume") && message.contains("--restart"),
        "{message}"
    );

    let resumed = job::prepare(
        &client,
        request(meeting, &file, &journals, StartMode::Resume),
    )
    .await
    .unwrap();
    for row in 2..7 {
        assert!(
            matches!(
                resumed.plan.settled.get(&row),
                Some(RowOutcome::Registered {
                    reconciled: true,
                    ..
                })
            ),
            "row {row}: {:?}",
            resumed.plan.settled.get(&row)
        );
    }
    assert_eq!(resumed.plan.summary.to_send, 35);
    let (finished, _) = execute(&client, &resumed).await;
    assert!(finished.complete);
    assert_eq!(finished.journal, journal_path);
    assert_eq!(finished.counts.registered, 40);

    // Zoom kept the five from the lost answer as they were, and has everyone once.
    let after: BTreeMap<String, String> = sim
        .registrants(SimKind::Meeting, meeting)
        .into_iter()
        .map(|r| (r.email, r.id))
        .collect();
    assert_eq!(after.len(), 40);
    for (email, id) in &registered_before {
        assert_eq!(after.get(email), Some(id));
    }
    // None of the five was sent again: they appear in the crashed unit's record only.
    let mut sends_per_email: BTreeMap<String, usize> = BTreeMap::new();
    for line in std::fs::read_to_string(&journal_path).unwrap().lines() {
        if let Ok(Record::Sending { emails, .. }) = serde_json::from_str::<Record>(line) {
            for email in emails {
                *sends_per_email.entry(email).or_default() += 1;
            }
        }
    }
    for i in 0..5 {
        assert_eq!(sends_per_email[&format!("p{i}@example.org")], 1);
    }
    for i in 5..10 {
        assert_eq!(sends_per_email[&format!("p{i}@example.org")], 2);
    }
    let outcomes = report_outcomes(&finished.report);
    assert!(outcomes.iter().all(|(_, outcome)| outcome == "registered"));
}

#[tokio::test]
async fn restart_abandons_the_unfinished_import_and_counts_its_people_as_registered() {
    let sim = simulator(SimPlan::Unlimited).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.csv");
    std::fs::write(
        &file,
        "email,first_name\na@example.org,A\nb@example.org,B\nc@example.org,C\n",
    )
    .unwrap();
    let meeting = sim
        .create_meeting(json!({"type": 2, "approval_type": 0,
            "registrants": [{"email": "a@example.org", "first_name": "A"}]}))
        .unwrap();
    let client = client(&sim, Plan::Unlimited);
    let journals = dir.path().join("imports");
    let fresh = job::prepare(
        &client,
        request(meeting, &file, &journals, StartMode::Fresh),
    )
    .await
    .unwrap();
    let old = crashed_journal(&fresh, &[2], &["a@example.org".to_owned()]).await;

    let restarted = job::prepare(
        &client,
        request(meeting, &file, &journals, StartMode::Restart),
    )
    .await
    .unwrap();
    let (finished, _) = execute(&client, &restarted).await;
    assert_ne!(finished.journal, old);
    assert!(read_journal(&old).unwrap().abandoned);
    let outcomes = report_outcomes(&finished.report);
    assert_eq!(
        outcomes,
        vec![
            (2, "already_registered".to_owned()),
            (3, "registered".to_owned()),
            (4, "registered".to_owned())
        ]
    );
    // Nothing is left to resume.
    let err = job::prepare(
        &client,
        request(meeting, &file, &journals, StartMode::Resume),
    )
    .await
    .expect_err("nothing to resume");
    assert!(matches!(err, ImportError::Usage(_)));
}

#[tokio::test]
async fn capacity_blocks_rows_before_sending() {
    let sim = simulator(SimPlan::Unlimited).await;
    let meeting = sim
        .create_meeting(json!({"type": 2, "approval_type": 0, "generated_registrants": 4990}))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("late.csv");
    let mut csv = String::from("email,first_name\n");
    for i in 0..20 {
        csv.push_str(&format!("late{i}@example.org,Late\n"));
    }
    std::fs::write(&file, csv).unwrap();
    let client = client(&sim, Plan::Unlimited);
    let prepared = job::prepare(
        &client,
        request(
            meeting,
            &file,
            &dir.path().join("imports"),
            StartMode::Fresh,
        ),
    )
    .await
    .unwrap();
    assert_eq!(prepared.plan.summary.to_send, 9);
    assert_eq!(prepared.plan.summary.settled.blocked, 11);
    let (finished, _) = execute(&client, &prepared).await;
    assert_eq!(finished.counts.registered, 9);
    assert_eq!(sim.registrants(SimKind::Meeting, meeting).len(), 4999);
    let blocked: Vec<usize> = report_outcomes(&finished.report)
        .into_iter()
        .filter(|(_, outcome)| outcome == "blocked")
        .map(|(row, _)| row)
        .collect();
    assert_eq!(blocked, (11..22).collect::<Vec<_>>());
}

#[tokio::test]
async fn the_meetings_questions_are_enforced_and_answers_sent_in_zooms_spelling() {
    let sim = simulator(SimPlan::Unlimited).await;
    let meeting = sim
        .create_meeting(json!({
            "type": 2,
            "approval_type": 0,
            "questions": [{"field_name": "country", "required": true}],
            "custom_questions": [{"title": "Track", "type": "single", "required": true,
                                  "answers": ["Beginner", "Advanced"]}],
        }))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let journals = dir.path().join("imports");
    let client = client(&sim, Plan::Unlimited);

    let without = dir.path().join("without.csv");
    std::fs::write(&without, "email,first_name\na@example.org,A\n").unwrap();
    let prepared = job::prepare(
        &client,
        request(meeting, &without, &journals, StartMode::Fresh),
    )
    .await
    .unwrap();
    let fields: BTreeSet<String> = prepared
        .file_problems
        .iter()
        .map(|p| p.field.clone())
        .collect();
    assert_eq!(
        fields,
        BTreeSet::from(["country".to_owned(), "question \"Track\"".to_owned()])
    );
    assert_eq!(prepared.plan.summary.to_send, 0);

    let with = dir.path().join("with.csv");
    std::fs::write(
        &with,
        "E-mail,First name,Country,track\n\
         a@example.org,A,germany,ADVANCED\n\
         b@example.org,B,Atlantis,Beginner\n\
         c@example.org,C,FR,Expert\n",
    )
    .unwrap();
    let prepared = job::prepare(
        &client,
        request(meeting, &with, &journals, StartMode::Fresh),
    )
    .await
    .unwrap();
    assert_eq!(prepared.plan.summary.to_send, 1);
    let (finished, _) = execute(&client, &prepared).await;
    assert_eq!(finished.counts.registered, 1);
    assert_eq!(finished.counts.invalid, 2);
    let registrants = sim.registrants(SimKind::Meeting, meeting);
    assert_eq!(registrants.len(), 1);
    let json = &registrants[0].json;
    assert_eq!(json["country"], "DE");
    assert_eq!(json["custom_questions"][0]["value"], "Advanced");
}

/// (email, first name, last name) of each person a fixture holds.
type FixturePeople<'a> = &'a [(&'a str, &'a str, &'a str)];

#[tokio::test]
async fn every_fixture_imports_with_its_names_intact() {
    let sim = simulator(SimPlan::Unlimited).await;
    let client = client(&sim, Plan::Unlimited);
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, FixturePeople<'_>)] = &[
        (
            "excel-windows-1252.csv",
            &[
                ("zoe.muller@example.com", "Zoë", "Müller"),
                ("jose.nunez@example.com", "José", "Núñez"),
                ("francoise@example.com", "Françoise", "Lefèvre"),
            ],
        ),
        (
            "excel-unicode-text-utf16le.txt",
            &[
                ("bjorn@example.com", "Björn", "Ångström"),
                ("chloe@example.com", "Chloé", "Durand"),
                ("li.wei@example.com", "伟", "李"),
            ],
        ),
        (
            "utf16be-no-bom.csv",
            &[
                ("anna@example.com", "Anna", "Öberg"),
                ("omar@example.com", "Omar", "Haddad"),
            ],
        ),
        (
            "excel-semicolon-quoted-newlines.csv",
            &[
                ("hans@example.de", "Hans", "Schmidt"),
                ("greta@example.de", "Greta", "Weiß"),
                ("udo@example.de", "Udo", "Becker"),
            ],
        ),
        (
            "people.tsv",
            &[
                ("kai@example.org", "Kai", "Yamamoto"),
                ("ines@example.org", "Inês", "Costa"),
            ],
        ),
        (
            "excel-utf8-bom.csv",
            &[
                ("sven@example.com", "Sven", "Ødegaard"),
                ("marta@example.com", "Marta", "Dąbrowska"),
            ],
        ),
        (
            "eventbrite-attendees.csv",
            &[
                ("paula@example.com", "Paula", "Purchaser"),
                ("tom@example.com", "Tom", "Guest"),
                ("rui@example.com", "Rui", "Santos"),
            ],
        ),
        (
            "google-forms-responses.csv",
            &[
                ("amara@example.com", "Amara", "Okafor"),
                ("lukas@example.com", "Lukas", "Novak"),
            ],
        ),
        (
            "single-name-column.csv",
            &[
                ("ada@example.com", "Ada", "Lovelace"),
                ("grace@example.com", "Grace", "Hopper"),
                ("ludwig@example.com", "Ludwig", "van Beethoven"),
                ("mlk@example.com", "Martin Luther", "King Jr."),
                ("cher@example.com", "Cher", ""),
            ],
        ),
    ];
    for (name, expected) in cases {
        let meeting = sim
            .create_meeting(json!({"type": 2, "approval_type": 0}))
            .unwrap();
        let prepared = job::prepare(
            &client,
            request(
                meeting,
                &fixture(name),
                &dir.path().join("imports"),
                StartMode::Fresh,
            ),
        )
        .await
        .unwrap_or_else(|err| panic!("{name}: {err}"));
        let (finished, _) = execute(&client, &prepared).await;
        assert_eq!(finished.counts.registered, expected.len(), "{name}");
        let mut found: Vec<(String, String, String)> = sim
            .registrants(SimKind::Meeting, meeting)
            .into_iter()
            .map(|r| (r.email, r.first_name, r.last_name))
            .collect();
        found.sort();
        let mut wanted: Vec<(String, String, String)> = expected
            .iter()
            .map(|(e, f, l)| ((*e).to_owned(), (*f).to_owned(), (*l).to_owned()))
            .collect();
        wanted.sort();
        assert_eq!(found, wanted, "{name}");
    }
}

#[tokio::test]
async fn a_webinar_import_uses_the_webinar_endpoints() {
    let sim = simulator(SimPlan::Unlimited).await;
    let webinar = sim
        .create_webinar(json!({
            "type": 5,
            "approval_type": 1,
            "custom_questions": [{"title": "Which session will you attend?", "type": "single_radio",
                                  "required": true, "answers": ["Morning", "Afternoon"]}],
        }))
        .unwrap();
    let client = client(&sim, Plan::Unlimited);
    let dir = tempfile::tempdir().unwrap();
    let prepared = job::prepare(
        &client,
        ImportRequest {
            event: EventRef::webinar(webinar),
            ..request(
                0,
                &fixture("google-forms-responses.csv"),
                &dir.path().join("imports"),
                StartMode::Fresh,
            )
        },
    )
    .await
    .unwrap();
    let (finished, _) = execute(&client, &prepared).await;
    assert_eq!(finished.counts.registered, 2);
    let registrants = sim.registrants(SimKind::Webinar, webinar);
    let answers: BTreeSet<String> = registrants
        .iter()
        .map(|r| {
            r.json["custom_questions"][0]["value"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    assert_eq!(
        answers,
        BTreeSet::from(["Morning".to_owned(), "Afternoon".to_owned()])
    );
    // Manual approval: the people wait for the host.
    assert!(
        registrants
            .iter()
            .all(|r| r.status == regdesk::sim::RegistrantStatus::Pending)
    );
}

#[tokio::test]
async fn batches_pass_on_the_meetings_confirmation_email_and_leave_approval_to_it() {
    let sim = simulator(SimPlan::Unlimited).await;
    // The simulator's meetings send confirmation emails (registrants_confirmation_email: true).
    let meeting = sim
        .create_meeting(json!({"type": 2, "approval_type": 1}))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("three.csv");
    std::fs::write(
        &file,
        "email,first_name,last_name\na@example.org,Ann,Lee\nb@example.org,Bo,Ng\nc@example.org,Cy,Oz\n",
    )
    .unwrap();
    let client = client(&sim, Plan::Unlimited);
    let prepared = job::prepare(
        &client,
        request(
            meeting,
            &file,
            &dir.path().join("imports"),
            StartMode::Fresh,
        ),
    )
    .await
    .unwrap();
    assert!(
        prepared.event.settings.registrants_confirmation_email == Some(true),
        "{:?}",
        prepared.event.settings
    );
    assert_eq!(prepared.plan.summary.batch_calls, 1);
    let (finished, _) = execute(&client, &prepared).await;
    assert_eq!(finished.counts.registered, 3);

    let batch_bodies: Vec<serde_json::Value> = client
        .request_log()
        .into_iter()
        .filter(|entry| entry.method == "POST" && entry.path.ends_with("/batch_registrants"))
        .filter_map(|entry| entry.request_detail)
        .map(|body| serde_json::from_str(&body).expect("a JSON body"))
        .collect();
    assert_eq!(batch_bodies.len(), 1, "{batch_bodies:?}");
    assert_eq!(
        batch_bodies[0]["registrants_confirmation_email"],
        json!(true)
    );
    assert!(batch_bodies[0].get("auto_approve").is_none());
    // Manual approval: as with single adds, the people wait for the host.
    assert!(
        sim.registrants(SimKind::Meeting, meeting)
            .iter()
            .all(|r| r.status == regdesk::sim::RegistrantStatus::Pending)
    );
}
