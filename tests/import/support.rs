//! Shared helpers of the import tests: fixtures, a simulator with a client for it, generated
//! spreadsheets with known good, bad, duplicate and already-registered rows, and ground truth.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use regdesk::sim::{EventKind as SimKind, SimConfig, Simulator};
use regdesk::zoom::{ClientConfig, Credentials, Plan, RetryPolicy, ZoomClient};
use secrecy::SecretString;
use serde_json::{Value, json};

/// A file of tests/fixtures/import.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// A simulator on 127.0.0.1:0 with this plan.
pub async fn simulator(plan: regdesk::sim::Plan) -> Simulator {
    Simulator::start(SimConfig {
        plan,
        ..SimConfig::default()
    })
    .await
    .expect("the simulator starts")
}

/// A client for the simulator's full-scope app, with quick retries.
pub fn client(sim: &Simulator, plan: Plan) -> ZoomClient {
    let app = sim.s2s_app();
    let credentials = Credentials::ServerToServer {
        account_id: app.account_id,
        client_id: app.client_id,
        client_secret: SecretString::from(app.client_secret),
    };
    let config = ClientConfig {
        plan,
        retry: RetryPolicy {
            max_attempts: 8,
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(400),
            ..RetryPolicy::default()
        },
        ..ClientConfig::new(sim.api_url(), sim.oauth_url())
    };
    ZoomClient::new(credentials, config).expect("a client for the simulator")
}

/// The environment the `regdesk` binary needs to talk to this simulator.
pub fn binary_env(sim: &Simulator, plan: &str, data_dir: &Path) -> Vec<(String, String)> {
    let app = sim.s2s_app();
    vec![
        ("REGDESK_API_URL".into(), sim.api_url()),
        ("REGDESK_OAUTH_URL".into(), sim.oauth_url()),
        ("ZOOM_ACCOUNT_ID".into(), app.account_id),
        ("ZOOM_CLIENT_ID".into(), app.client_id),
        ("ZOOM_CLIENT_SECRET".into(), app.client_secret),
        ("REGDESK_PLAN".into(), plan.into()),
        ("REGDESK_DATA_DIR".into(), data_dir.display().to_string()),
    ]
}

/// A big spreadsheet with a known answer: what each row must end as.
pub struct Workload {
    pub csv: String,
    /// Emails (lower case) the import must register, once each.
    pub new_people: Vec<String>,
    /// Emails registered before the import (any status): never sent again.
    pub existing: Vec<String>,
    pub rows: usize,
    pub invalid_rows: Vec<usize>,
    pub duplicate_rows: Vec<usize>,
    pub already_rows: Vec<usize>,
}

/// A meeting spec with `existing` registrants in every status and an optional custom question
/// (answers to it force single adds for those rows).
pub fn meeting_spec(existing: usize) -> Value {
    let statuses = ["approved", "pending", "denied"];
    let registrants: Vec<Value> = (0..existing)
        .map(|i| {
            json!({
                "email": format!("known{i}@example.org"),
                "first_name": format!("Known{i}"),
                "last_name": "Person",
                "status": statuses[i % 3],
            })
        })
        .collect();
    json!({
        "topic": "Import test",
        "type": 2,
        "approval_type": 0,
        "custom_questions": [
            {"title": "Dietary needs", "type": "short", "required": false},
        ],
        "registrants": registrants,
    })
}

/// `rows` data rows: mostly new people (a tenth with a custom answer or a city, so they need
/// single adds), every 97th invalid, every 89th a duplicate of an earlier row (in other case),
/// every 83rd someone registered already (`existing` of them exist: known0…).
pub fn workload(rows: usize, existing: usize) -> Workload {
    let mut csv = String::from("Email,First Name,Last Name,City,Dietary needs\n");
    let mut work = Workload {
        csv: String::new(),
        new_people: Vec::new(),
        existing: (0..existing)
            .map(|i| format!("known{i}@example.org"))
            .collect(),
        rows,
        invalid_rows: Vec::new(),
        duplicate_rows: Vec::new(),
        already_rows: Vec::new(),
    };
    let mut known = 0;
    for i in 0..rows {
        let row = i + 2;
        let line = if i % 97 == 50 {
            work.invalid_rows.push(row);
            if i % 2 == 0 {
                format!("not-an-email-{i},Bad,Row,,\n")
            } else {
                format!("missing.first{i}@example.org,,Row,,\n")
            }
        } else if i % 89 == 60 && !work.new_people.is_empty() {
            work.duplicate_rows.push(row);
            let earlier = &work.new_people[work.new_people.len() / 2];
            format!("{},Again,Person,,\n", earlier.to_uppercase())
        } else if i % 83 == 70 && known < existing {
            work.already_rows.push(row);
            known += 1;
            format!("Known{}@Example.org,Known,Person,,\n", known - 1)
        } else {
            let email = format!("person{i}@example.org");
            work.new_people.push(email.clone());
            match i % 10 {
                3 => format!("{email},Pat{i},Lee,,Vegetarian\n"),
                7 => format!("{email},Sam{i},\"O'Neil, Jr.\",Oslo,\n"),
                _ => format!("{email},Alex{i},Kim,,\n"),
            }
        };
        csv.push_str(&line);
    }
    work.csv = csv;
    work
}

/// Ground truth: registrant count per lower-case email of an event.
pub fn registrations_by_email(sim: &Simulator, meeting: u64) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for registrant in sim.registrants(SimKind::Meeting, meeting) {
        *counts.entry(registrant.email.to_lowercase()).or_default() += 1;
    }
    counts
}

/// Asserts that the event holds exactly the existing people plus the workload's new people, each
/// once.
pub fn assert_registered_exactly_once(sim: &Simulator, meeting: u64, work: &Workload) {
    let counts = registrations_by_email(sim, meeting);
    let doubled: Vec<(&String, &usize)> = counts.iter().filter(|(_, n)| **n > 1).collect();
    assert!(doubled.is_empty(), "registered more than once: {doubled:?}");
    let missing: Vec<&String> = work
        .new_people
        .iter()
        .filter(|email| !counts.contains_key(*email))
        .collect();
    assert!(missing.is_empty(), "never registered: {missing:?}");
    assert_eq!(
        counts.len(),
        work.existing.len() + work.new_people.len(),
        "someone unexpected was registered"
    );
}

/// The report's (row, outcome) pairs.
pub fn report_outcomes(path: &Path) -> Vec<(usize, String)> {
    let mut reader = csv::Reader::from_path(path).expect("the report opens");
    reader
        .records()
        .map(|record| {
            let record = record.expect("a report line");
            (
                record[0].parse().expect("a row number"),
                record[4].to_owned(),
            )
        })
        .collect()
}

/// Asserts that the report accounts for every row of the workload with the right outcome.
pub fn assert_report_accounts_for_every_row(path: &Path, work: &Workload) {
    let outcomes = report_outcomes(path);
    assert_eq!(outcomes.len(), work.rows, "one report line per input row");
    let rows: Vec<usize> = outcomes.iter().map(|(row, _)| *row).collect();
    let expected_rows: Vec<usize> = (2..work.rows + 2).collect();
    assert_eq!(rows, expected_rows, "report rows in file order");
    for (row, outcome) in &outcomes {
        let expected = if work.invalid_rows.contains(row) {
            "invalid"
        } else if work.duplicate_rows.contains(row) {
            "duplicate"
        } else if work.already_rows.contains(row) {
            "already_registered"
        } else {
            "registered"
        };
        assert_eq!(outcome, expected, "row {row}");
    }
}
