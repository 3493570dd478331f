//! Helpers of the simulator tests: start a simulator, get a token the way a client does, and send
//! requests that return status, headers and JSON body together. Constants name the demo data.

use std::time::Duration;

use regdesk::sim::{SimApp, SimConfig, Simulator};
use reqwest::header::HeaderMap;
use serde_json::Value;

// The demo account (assets/demo.json).
pub const OWNER_EMAIL: &str = "maya.lindqvist@northwind-events.example";
pub const OWNER_ID: &str = "Kx2bT9qLRcOvP4mZ7nWd1A";
pub const HOST_ID: &str = "Ue5hG3jYSfQa8kLr2tNx6B";
/// Scheduled, automatic approval, required questions: last_name, org, custom single-choice.
pub const MEETING_AUTO: u64 = 84127650391;
/// Scheduled, manual approval.
pub const MEETING_MANUAL: u64 = 86350218847;
/// Recurring (type 8), registration_type 3, hosted by Daniel Okafor.
pub const MEETING_RECURRING: u64 = 89516034472;
/// Recurring (type 8), registration_type 2, manual approval, hosted by Daniel Okafor.
pub const MEETING_LAB: u64 = 82209871536;
/// Registration off (approval_type 2).
pub const MEETING_NO_REGISTRATION: u64 = 87743215908;
/// Webinar (type 5), automatic approval, 342 registrants (more than one page of 300 approved).
pub const WEBINAR_BIG: u64 = 91284503317;
/// Webinar (type 5), manual approval.
pub const WEBINAR_MANUAL: u64 = 95531870264;
/// Recurring webinar (type 9), registration_type 3.
pub const WEBINAR_RECURRING: u64 = 97760241185;

/// A running simulator with a client and the demo app's token.
pub struct Harness {
    pub sim: Simulator,
    pub http: reqwest::Client,
    pub token: String,
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("reqwest client")
}

pub async fn start() -> Harness {
    start_with(SimConfig::default()).await
}

pub async fn start_with(config: SimConfig) -> Harness {
    let sim = Simulator::start(config).await.expect("simulator starts");
    let http = client();
    let token = token_for(&http, &sim, &sim.s2s_app()).await;
    Harness { sim, http, token }
}

/// The S2S token request exactly as Zoom documents it.
pub fn token_request(
    http: &reqwest::Client,
    sim: &Simulator,
    app: &SimApp,
) -> reqwest::RequestBuilder {
    http.post(format!("{}/oauth/token", sim.oauth_url()))
        .basic_auth(&app.client_id, Some(&app.client_secret))
        .form(&[
            ("grant_type", "account_credentials"),
            ("account_id", app.account_id.as_str()),
        ])
}

/// A token for `app`, fetched with [`token_request`].
pub async fn token_for(http: &reqwest::Client, sim: &Simulator, app: &SimApp) -> String {
    let reply = send(token_request(http, sim, app)).await;
    assert_eq!(reply.status, 200, "token request: {}", reply.body);
    reply.body["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned()
}

/// What came back: status, headers and the body as JSON (`Null` when empty or not JSON).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn code(&self) -> i64 {
        self.body["code"].as_i64().unwrap_or(-1)
    }

    pub fn message(&self) -> &str {
        self.body["message"].as_str().unwrap_or("")
    }

    /// Asserts a Zoom error: HTTP status, body code and exact message.
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: i64, message: &str) {
        assert_eq!(
            (self.status, self.code(), self.message()),
            (status, code, message),
            "body: {}",
            self.text
        );
    }

    /// The `field`s of a 300 "Validation Failed." error.
    pub fn error_fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .filter_map(|e| e["field"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

pub async fn send(request: reqwest::RequestBuilder) -> Reply {
    let response = request.send().await.expect("the simulator answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("a body");
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        body,
        text,
    }
}

impl Harness {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sim.api_url())
    }

    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, self.url(path))
            .bearer_auth(&self.token)
    }

    pub async fn get(&self, path: &str) -> Reply {
        send(self.request(reqwest::Method::GET, path)).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Reply {
        send(self.request(reqwest::Method::POST, path).json(body)).await
    }

    pub async fn put(&self, path: &str, body: &Value) -> Reply {
        send(self.request(reqwest::Method::PUT, path).json(body)).await
    }

    pub async fn patch(&self, path: &str, body: &Value) -> Reply {
        send(self.request(reqwest::Method::PATCH, path).json(body)).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        send(self.request(reqwest::Method::DELETE, path)).await
    }

    /// Every registrant of a list in one status, following `next_page_token`.
    pub async fn all_registrants(&self, path: &str, status: &str) -> Vec<Value> {
        let mut all = Vec::new();
        let mut token = String::new();
        loop {
            let reply = self
                .get(&format!(
                    "{path}?status={status}&page_size=300&next_page_token={token}"
                ))
                .await;
            assert_eq!(reply.status, 200, "{}", reply.text);
            all.extend(
                reply.body["registrants"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default(),
            );
            token = reply.body["next_page_token"]
                .as_str()
                .unwrap_or("")
                .to_owned();
            if token.is_empty() {
                return all;
            }
        }
    }
}

/// A valid add-registrant body for `MEETING_AUTO` (its required questions answered).
pub fn auto_meeting_registrant(email: &str) -> Value {
    serde_json::json!({
        "email": email,
        "first_name": "Ada",
        "last_name": "Lovelace",
        "org": "Analytical Engines Ltd",
        "custom_questions": [{ "title": "How did you hear about this briefing?", "value": "Newsletter" }],
    })
}

/// Seconds from the simulator's now to its next 00:00 UTC.
pub fn seconds_to_midnight(sim: &Simulator) -> i64 {
    let now = sim.now().as_second();
    86_400 - now.rem_euclid(86_400)
}
