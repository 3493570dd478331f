//! The Zoom API client: auth (S2S OAuth, legacy JWT), clock offset, rate-limit governor, retries,
//! redacted request log, typed models, errors with diagnoses, pagination. No UI code.
//!
//! A request flows: endpoint method (`api`) → pipeline (`pipeline`: pace by category
//! (`ratelimit`) → bearer from the token provider (`auth`) → send → measure Zoom's clock offset
//! (`clock_offset`) → read the answer, capped (`pipeline`) → record redacted (`log`, `redact`) →
//! classify errors (`error`) → retry or reconcile, as the pure state machine `retry` decides) →
//! typed result (`models`), strictly: a 2xx that is not what the endpoint promises is an error.
//! All time comes from the injected [`Clock`] (`time_source`). Observers subscribe to
//! [`ClientEvent`]s or read snapshots. [`ZoomClient`] is cheap to clone and safe to use from many
//! tasks at once.

mod api;
pub mod attendance;
mod auth;
mod auth_kind;
pub mod client_events;
mod clock_offset;
pub mod credentials;
pub mod diagnosis;
pub mod endpoint;
pub mod error;
pub mod event_id;
pub mod log;
pub mod models;
mod paging;
mod pipeline;
mod ratelimit;
pub mod redact;
mod retry;
#[cfg(test)]
mod scripted_tests;
pub mod status_rules;
mod time_source;
pub mod watch_pace;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::broadcast;

pub use api::{CHUNK_SIZE, Verification};
pub use attendance::{InstanceRef, Participant, PastInstance};
pub(crate) use auth::secret_mistake;
pub use client_events::{
    AuthKind, ClientEvent, ClockOffset, FetchReason, RateLimitSnapshot, TokenEvent, TokenEventKind,
    TokenStatus, WaitNotice,
};
pub use credentials::Credentials;
pub use diagnosis::Diagnosis;
pub use endpoint::{Category, Endpoint, Plan};
pub use error::{
    ApiError, ApiErrorKind, ErrorContext, FieldError, NotFoundWhat, RateLimitError, RateLimitKind,
    TokenErrorKind, TokenRequestError, ZoomError,
};
pub use log::{LogEntry, RateLimitHeaders};
pub use models::*;
pub use time_source::{Clock, Sleep, SystemClock, TokioClock};

/// Zoom's API base, with its version.
pub const DEFAULT_API_URL: &str = "https://api.zoom.us/v2";
/// Zoom's OAuth host; the token endpoint is `{oauth_url}/oauth/token`.
pub const DEFAULT_OAUTH_URL: &str = "https://zoom.us";

/// How often and how patiently failed requests are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries per request, the first one included (5xx, connection errors).
    pub max_attempts: u32,
    /// The first backoff; it doubles per retry (with jitter) up to `max_delay`.
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// How long a request keeps waiting out per-second 429s (always safe to retry: Zoom did not
    /// act on the request) before it gives up.
    pub rate_limit_patience: Duration,
    /// The longest wait Zoom may ask for (`Retry-After` on a 5xx, a per-second 429 or the token
    /// endpoint) that is waited out; a longer one is an error saying what Zoom asked for.
    pub max_server_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            rate_limit_patience: Duration::from_secs(120),
            max_server_wait: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (1 for the first retry): exponential with jitter
    /// between half and the full delay.
    pub fn backoff(&self, retry: u32) -> Duration {
        self.backoff_with(retry, rand::random::<f64>())
    }

    /// [`Self::backoff`] with the jitter given: `fraction` 0 waits half the delay, 1 all of it.
    pub fn backoff_with(&self, retry: u32, fraction: f64) -> Duration {
        let exponent = retry.saturating_sub(1).min(16);
        let full = self
            .base_delay
            .saturating_mul(1 << exponent)
            .min(self.max_delay);
        let half = full / 2;
        let spread = full.saturating_sub(half);
        half + spread.mul_f64(fraction.clamp(0.0, 1.0))
    }
}

/// Everything that shapes the client's behaviour.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The API base with its version, e.g. `https://api.zoom.us/v2`.
    pub api_url: String,
    /// The OAuth host, e.g. `https://zoom.us`.
    pub oauth_url: String,
    /// The account's plan: sets the per-second pace of each category.
    pub plan: Plan,
    pub retry: RetryPolicy,
    /// S2S tokens are replaced this long before they expire (at most half their lifetime).
    pub token_refresh_margin: Duration,
    /// Lifetime of the legacy JWTs regdesk signs. Short, so that a server clock running ahead
    /// cannot be hidden by a long token.
    pub jwt_lifetime: Duration,
    /// Slack added to Zoom's one-second window when pacing (see `ratelimit`).
    pub pacing_margin: Duration,
    /// Entries the request log keeps.
    pub log_capacity: usize,
    /// The longest a single request may take, from connecting to the answer's last byte.
    pub request_timeout: Duration,
    pub connect_timeout: Duration,
    /// Where the client reads the time and sleeps ([`SystemClock`]; tests: [`TokioClock`]).
    pub clock: Arc<dyn Clock>,
    /// The largest API answer read (a larger one is an error, read no further).
    pub max_answer_bytes: usize,
    /// The largest token-endpoint answer read.
    pub max_token_answer_bytes: usize,
}

impl ClientConfig {
    pub fn new(api_url: impl Into<String>, oauth_url: impl Into<String>) -> Self {
        ClientConfig {
            api_url: api_url.into(),
            oauth_url: oauth_url.into(),
            ..ClientConfig::default()
        }
    }
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            api_url: DEFAULT_API_URL.to_owned(),
            oauth_url: DEFAULT_OAUTH_URL.to_owned(),
            plan: Plan::Pro,
            retry: RetryPolicy::default(),
            token_refresh_margin: Duration::from_secs(60),
            jwt_lifetime: Duration::from_secs(90),
            pacing_margin: Duration::from_millis(40),
            log_capacity: log::DEFAULT_LOG_CAPACITY,
            request_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            clock: Arc::new(SystemClock),
            max_answer_bytes: DEFAULT_MAX_ANSWER_BYTES,
            max_token_answer_bytes: DEFAULT_MAX_TOKEN_ANSWER_BYTES,
        }
    }
}

/// The largest API answer read by default: Zoom's largest page (300 registrants with their
/// answers) is well under a megabyte.
pub const DEFAULT_MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;
/// The largest token answer read by default (a real one is about 1 KiB).
pub const DEFAULT_MAX_TOKEN_ANSWER_BYTES: usize = 64 * 1024;

/// How many events a slow subscriber may fall behind before it misses some.
const EVENT_CAPACITY: usize = 1024;

/// The Zoom API client. Clone it freely: clones share the token, the pacing, the clock estimate
/// and the request log.
#[derive(Clone)]
pub struct ZoomClient {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    config: ClientConfig,
    http: reqwest::Client,
    api_base: String,
    token_url: String,
    auth: auth::AuthState,
    clock_offset: clock_offset::ClockOffsetTracker,
    time: Arc<dyn Clock>,
    limits: ratelimit::RateLimiters,
    log: log::RequestLog,
    redactor: redact::Redactor,
    events: broadcast::Sender<ClientEvent>,
}

impl std::fmt::Debug for ZoomClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ZoomClient")
            .field("api_url", &self.inner.api_base)
            .field("auth", &self.inner.auth.kind())
            .field("plan", &self.inner.config.plan)
            .finish_non_exhaustive()
    }
}

fn is_loopback(url: &str) -> bool {
    reqwest::Url::parse(url).ok().is_some_and(|url| {
        url.host_str().is_some_and(|host| {
            host == "localhost"
                || host
                    .trim_matches(['[', ']'])
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        })
    })
}

fn check_url(field: &str, url: &str) -> Result<String, ZoomError> {
    let trimmed = url.trim().trim_end_matches('/');
    match reqwest::Url::parse(trimmed) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => Ok(trimmed.to_owned()),
        _ => Err(ZoomError::InvalidRequest {
            field: field.to_owned(),
            problem: format!("{url:?} is not an http(s) URL"),
        }),
    }
}

impl ZoomClient {
    /// A client for these credentials. Nothing is sent until the first request.
    pub fn new(credentials: Credentials, config: ClientConfig) -> Result<Self, ZoomError> {
        let api_base = check_url("--api-url", &config.api_url)?;
        let oauth_base = check_url("--oauth-url", &config.oauth_url)?;
        let mut builder = reqwest::Client::builder()
            .user_agent(concat!("regdesk/", env!("CARGO_PKG_VERSION")))
            .timeout(config.request_timeout)
            .connect_timeout(config.connect_timeout);
        if is_loopback(&api_base) && is_loopback(&oauth_base) {
            // A simulator on this machine: never route it through a proxy.
            builder = builder.no_proxy();
        }
        let http = builder.build().map_err(|err| ZoomError::InvalidRequest {
            field: "HTTP client".to_owned(),
            problem: err.to_string(),
        })?;
        let redactor = redact::Redactor::default();
        let auth = auth::AuthState::new(credentials, &redactor);
        let (events, _) = broadcast::channel(EVENT_CAPACITY);
        Ok(ZoomClient {
            inner: Arc::new(Inner {
                limits: ratelimit::RateLimiters::new(
                    config.plan,
                    config.pacing_margin,
                    config.clock.clone(),
                ),
                time: config.clock.clone(),
                log: log::RequestLog::new(config.log_capacity),
                token_url: format!("{oauth_base}/oauth/token"),
                api_base,
                http,
                auth,
                clock_offset: clock_offset::ClockOffsetTracker::default(),
                redactor,
                events,
                config,
            }),
        })
    }

    /// Events from now on: requests, token changes, clock offset, rate limits.
    pub fn subscribe(&self) -> broadcast::Receiver<ClientEvent> {
        self.inner.events.subscribe()
    }

    /// The recorded requests, oldest first (redacted).
    pub fn request_log(&self) -> Vec<LogEntry> {
        self.inner.log.snapshot()
    }

    /// The access token's state.
    pub fn token_status(&self) -> TokenStatus {
        self.inner.auth.status(self.inner.time.instant())
    }

    /// The measured offset of Zoom's clock, once a response came back.
    pub fn clock_offset(&self) -> Option<ClockOffset> {
        self.inner.clock_offset.current()
    }

    /// The pacing and rate-limit state of each category.
    pub fn rate_limits(&self) -> Vec<RateLimitSnapshot> {
        self.inner.limits.snapshots()
    }

    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    pub fn auth_kind(&self) -> AuthKind {
        self.inner.auth.kind()
    }

    /// Which Zoom and which account this client works on, without a secret: the API base URL and
    /// the account (see `AuthState::account_label`). Import journals are kept apart by it.
    pub fn account_identity(&self) -> String {
        format!(
            "{} {}",
            self.inner.api_base,
            self.inner.auth.account_label()
        )
    }
}

impl Inner {
    fn emit(&self, event: ClientEvent) {
        // `send` fails only when nobody listens, which is fine: the snapshots hold the same
        // information.
        if self.events.send(event).is_err() {
            tracing::trace!("no subscriber for client events");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stays_bounded() {
        let policy = RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(350),
            rate_limit_patience: Duration::ZERO,
            max_server_wait: Duration::ZERO,
        };
        let first = policy.backoff(1);
        assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
        let late = policy.backoff(10);
        assert!(late >= Duration::from_millis(175) && late <= Duration::from_millis(350));
    }

    #[test]
    fn loopback_urls_are_recognised() {
        assert!(is_loopback("http://127.0.0.1:8080/v2"));
        assert!(is_loopback("http://localhost:1/v2"));
        assert!(is_loopback("http://[::1]:1/v2"));
        assert!(!is_loopback("https://api.zoom.us/v2"));
    }
}
