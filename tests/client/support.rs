//! Shared set-up: a simulator, a client for it, the demo's events, and checks on the request log.

use std::time::Duration;

use regdesk::sim::{self, SimConfig, Simulator};
use regdesk::zoom::{
    ClientConfig, ClientEvent, Credentials, CustomAnswer, LogEntry, NewRegistrant, Plan,
    QuestionField, Questions, RetryPolicy, TokioClock, ZoomClient,
};
use secrecy::SecretString;

/// Demo meeting of the S2S app's owner: automatic approval; last name and organisation required,
/// plus a required single-choice custom question.
pub const ROADMAP: u64 = 84127650391;
/// Demo meeting with manual approval.
pub const ADVISORY_BOARD: u64 = 86350218847;
/// Demo meeting without registration.
pub const WEEKLY_SYNC: u64 = 87743215908;
/// Another user's recurring meeting (registration type 3, six occurrences).
pub const OFFICE_HOURS: u64 = 89516034472;
/// Demo webinar with 342 registrants.
pub const STATE_OF_TECH: u64 = 91284503317;
/// The S2S app owner's email: the host of the demo webinars.
pub const HOST_EMAIL: &str = "maya.lindqvist@northwind-events.example";
pub const REQUIRED_QUESTION: &str = "How did you hear about this briefing?";

pub async fn start(plan: sim::Plan) -> Simulator {
    Simulator::start(SimConfig {
        plan,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts")
}

pub fn client_plan(plan: sim::Plan) -> Plan {
    match plan {
        sim::Plan::Free => Plan::Free,
        sim::Plan::Pro => Plan::Pro,
        sim::Plan::Business => Plan::Business,
        sim::Plan::Unlimited => Plan::Unlimited,
    }
}

/// Retries quick enough for tests, patient enough for injected faults.
pub fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 8,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(200),
        rate_limit_patience: Duration::from_secs(60),
        max_server_wait: Duration::from_secs(60),
    }
}

/// The client's clock follows tokio's, so that tests on paused time never wait in real time.
pub fn config(sim: &Simulator, plan: Plan) -> ClientConfig {
    ClientConfig {
        plan,
        retry: quick_retries(),
        clock: std::sync::Arc::new(TokioClock::new()),
        ..ClientConfig::new(sim.api_url(), sim.oauth_url())
    }
}

pub fn s2s_credentials(app: &sim::SimApp) -> Credentials {
    Credentials::ServerToServer {
        account_id: app.account_id.clone(),
        client_id: app.client_id.clone(),
        client_secret: SecretString::from(app.client_secret.clone()),
    }
}

/// A client of the demo's full-scope S2S app, paced for the simulator's Pro plan.
pub fn client(sim: &Simulator) -> ZoomClient {
    ZoomClient::new(s2s_credentials(&sim.s2s_app()), config(sim, Plan::Pro)).expect("client")
}

pub fn client_with(sim: &Simulator, config: ClientConfig) -> ZoomClient {
    ZoomClient::new(s2s_credentials(&sim.s2s_app()), config).expect("client")
}

/// How many recorded requests got Zoom code 124.
pub fn rejected_tokens(client: &ZoomClient) -> usize {
    client
        .request_log()
        .iter()
        .filter(|entry| entry.zoom_code == Some(124))
        .count()
}

/// The first recorded request whose token Zoom rejected (code 124).
pub fn first_rejected_token(client: &ZoomClient) -> LogEntry {
    client
        .request_log()
        .into_iter()
        .find(|entry| entry.zoom_code == Some(124))
        .expect("a request got code 124")
}

/// Fails if any log entry holds a secret, a token (every token here is a JWT: `eyJ…`) or an
/// Authorization scheme.
pub fn assert_log_clean(client: &ZoomClient, secrets: &[&str]) {
    let entries = client.request_log();
    assert!(!entries.is_empty());
    for entry in entries {
        let text = entry.all_text();
        for needle in secrets.iter().copied().chain(["eyJ", "Bearer", "Basic "]) {
            assert!(
                !text.contains(needle),
                "{needle:?} leaked into the request log: {text}"
            );
        }
    }
}

/// Sim registrants of an event, as (email, status) pairs, sorted.
pub fn ground_truth(sim: &Simulator, kind: sim::EventKind, id: u64) -> Vec<String> {
    let mut emails: Vec<String> = sim
        .registrants(kind, id)
        .into_iter()
        .map(|registrant| registrant.email.to_lowercase())
        .collect();
    emails.sort();
    emails
}

/// Someone who answers every question the event asks (choices with their first answer).
pub fn complete_person(questions: &Questions, email: &str, first_name: &str) -> NewRegistrant {
    let mut person = NewRegistrant::new(email, first_name);
    for question in &questions.questions {
        let value = match question.field_name {
            QuestionField::Country => "SE",
            QuestionField::NoOfEmployees => "1-20",
            QuestionField::PurchasingTimeFrame => "Within a month",
            QuestionField::RoleInPurchaseProcess => "Influencer",
            _ => "Value",
        };
        person.fields.set(&question.field_name, value);
    }
    for question in &questions.custom_questions {
        let value = question
            .answers
            .first()
            .cloned()
            .unwrap_or_else(|| "An answer".to_owned());
        person.custom_questions.push(CustomAnswer {
            title: question.title.clone(),
            value,
        });
    }
    person
}

/// The events received so far (a lagging receiver skips what it missed).
pub fn drain(events: &mut tokio::sync::broadcast::Receiver<ClientEvent>) -> Vec<ClientEvent> {
    use tokio::sync::broadcast::error::TryRecvError;
    let mut received = Vec::new();
    loop {
        match events.try_recv() {
            Ok(event) => received.push(event),
            Err(TryRecvError::Lagged(_)) => continue,
            Err(TryRecvError::Empty | TryRecvError::Closed) => return received,
        }
    }
}

/// A fresh scheduled meeting with automatic approval and no questions.
pub fn plain_meeting(sim: &Simulator, topic: &str) -> u64 {
    sim.create_meeting(serde_json::json!({"topic": topic, "type": 2, "approval_type": 0}))
        .expect("meeting created")
}
