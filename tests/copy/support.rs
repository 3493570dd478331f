//! Shared helpers of the copy tests: the binary with the simulator's credentials, meetings with
//! known registrants, and ground truth read from the simulator.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use regdesk::sim::{EventKind, Plan, RegistrantStatus, SimConfig, Simulator};
use serde_json::{Value, json};
use tokio::process::Command;

/// Far above how long any command here takes on a busy 2-core box; reached only by a hang.
pub const COMMAND_BOUND: Duration = Duration::from_secs(180);

pub async fn simulator(plan: Plan) -> Simulator {
    Simulator::start(SimConfig {
        plan,
        ..SimConfig::default()
    })
    .await
    .expect("the simulator starts")
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
        (
            "REGDESK_CONFIG_DIR".into(),
            data_dir.join("config").display().to_string(),
        ),
    ]
}

pub fn regdesk(env: &[(String, String)], args: &[&str]) -> Command {
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

pub struct Output {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    pub fn both(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

pub async fn run(env: &[(String, String)], args: &[&str]) -> Output {
    let output = tokio::time::timeout(COMMAND_BOUND, regdesk(env, args).output())
        .await
        .unwrap_or_else(|_| panic!("regdesk {args:?} did not end"))
        .expect("regdesk runs");
    Output {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A registrant of a meeting spec: `person(i, "approved")` is person{i}@example.org.
pub fn person(i: usize, status: &str) -> Value {
    json!({
        "email": format!("person{i}@example.org"),
        "first_name": format!("First{i}"),
        "last_name": format!("Last{i}"),
        "status": status,
    })
}

/// A scheduled, automatically approved meeting with these extra settings and registrants.
pub fn meeting(sim: &Simulator, extra: Value, registrants: Vec<Value>) -> u64 {
    let mut spec = json!({"type": 2, "approval_type": 0, "topic": "Copy test"});
    if let (Some(spec), Some(extra)) = (spec.as_object_mut(), extra.as_object()) {
        for (key, value) in extra {
            spec.insert(key.clone(), value.clone());
        }
    }
    spec["registrants"] = Value::Array(registrants);
    sim.create_meeting(spec).expect("the meeting is created")
}

/// Ground truth: each lower-case email of a meeting's registrants, with its status and how many
/// times it is registered.
pub fn by_email(sim: &Simulator, meeting: u64) -> BTreeMap<String, (RegistrantStatus, usize)> {
    let mut found: BTreeMap<String, (RegistrantStatus, usize)> = BTreeMap::new();
    for registrant in sim.registrants(EventKind::Meeting, meeting) {
        found
            .entry(registrant.email.to_lowercase())
            .and_modify(|(_, count)| *count += 1)
            .or_insert((registrant.status, 1));
    }
    found
}

/// The answers of a meeting's registrant, by question title.
pub fn answers_of(sim: &Simulator, meeting: u64, email: &str) -> BTreeMap<String, String> {
    let registrant = sim
        .registrants(EventKind::Meeting, meeting)
        .into_iter()
        .find(|r| r.email.eq_ignore_ascii_case(email))
        .unwrap_or_else(|| panic!("{email} is registered"));
    registrant.json["custom_questions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|answer| {
            (
                answer["title"].as_str().unwrap_or_default().to_owned(),
                answer["value"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// The import journals (the copy's among them) under the data dir.
pub fn journals(data_dir: &Path) -> Vec<PathBuf> {
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

/// How many sends the journals have answers for.
pub fn answered_units(data_dir: &Path) -> usize {
    journals(data_dir)
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .map(|text| text.matches("\"record\":\"sent\"").count())
        .sum()
}

/// The report's path, as printed at the end.
pub fn report_path(stdout: &str) -> PathBuf {
    stdout
        .lines()
        .find_map(|line| line.strip_prefix("Report:"))
        .map(|path| PathBuf::from(path.trim()))
        .expect("the report's path is printed")
}

/// The report's (email, outcome) pairs.
pub fn report_outcomes(path: &Path) -> BTreeMap<String, String> {
    let mut reader = csv::Reader::from_path(path).expect("the report opens");
    reader
        .records()
        .map(|record| {
            let record = record.expect("a report line");
            (record[1].to_lowercase(), record[4].to_owned())
        })
        .collect()
}
