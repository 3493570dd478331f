//! What the client tells its observers (the TUI's live pane, `doctor`): every recorded request,
//! token changes, the measured clock offset and rate-limit state. They arrive as [`ClientEvent`]s
//! on a broadcast channel and are also available as snapshots.

use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use super::auth_kind::AuthKind;
use super::endpoint::{Category, Endpoint};
use super::log::LogEntry;

/// One thing that happened in the client.
#[derive(Debug, Clone)]
pub enum ClientEvent {
    /// A request was recorded in the request log (already redacted).
    Request(Box<LogEntry>),
    Token(TokenEvent),
    /// A token exchange with Zoom started (S2S only: a legacy JWT is signed locally, at once). A
    /// `Token` event with its outcome follows.
    TokenFetchStarted(FetchReason),
    ClockOffset(ClockOffset),
    RateLimit(Category, RateLimitSnapshot),
    /// A request waits before its next try (announced for waits of two seconds or more).
    Waiting(WaitNotice),
}

/// A wait before a request's next try, for the CLI's stderr and the live pane.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaitNotice {
    pub endpoint: Endpoint,
    pub wait: Duration,
    /// When the wait ends, on the wall clock.
    pub until: jiff::Timestamp,
    /// What caused it, e.g. `HTTP 503`, `HTTP 429 (per-second limit)`, `connection refused`.
    pub cause: String,
    /// Whether Zoom asked for this wait (`Retry-After`) rather than regdesk backing off.
    pub server_asked: bool,
}

impl std::fmt::Display for WaitNotice {
    /// "Zoom asked to wait 42 s (HTTP 503 on list registrants); waiting…"
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let seconds = self.wait.as_secs_f64();
        let amount = if seconds >= 10.0 || seconds.fract() == 0.0 {
            format!("{seconds:.0} s")
        } else {
            format!("{seconds:.1} s")
        };
        if self.server_asked {
            write!(f, "Zoom asked to wait {amount} ")?;
        } else {
            write!(f, "Retrying in {amount} ")?;
        }
        write!(f, "({} on {}); waiting…", self.cause, self.endpoint)
    }
}

/// What happened to the access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenEventKind {
    /// The first token of this client.
    Fetched,
    /// A new token replaced one that was about to expire.
    Refreshed,
    /// Zoom rejected the token (124); it was dropped and a new one will be fetched.
    Invalidated,
    /// Getting a token failed.
    Failed,
    /// A legacy JWT was signed locally.
    Generated,
}

/// Why the client is getting a new token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FetchReason {
    /// The client has no token yet (or its first fetch failed).
    FirstUse,
    /// The token still works but expires within the refresh margin.
    AheadOfExpiry,
    /// The token ran out before it could be replaced (e.g. the machine slept).
    Expired,
    /// Zoom rejected the token (124).
    Rejected,
    /// The caller asked for a new token (login, doctor).
    Requested,
}

/// A change of the access token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenEvent {
    pub kind: TokenEventKind,
    /// When the (new) token expires, on the wall clock.
    pub expires_at: Option<jiff::Timestamp>,
    pub scopes: Vec<String>,
    /// Why (failures, invalidations), in plain words; never the token.
    pub detail: Option<String>,
}

/// The access token's state, for the live pane and `doctor`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenStatus {
    pub auth_kind: AuthKind,
    /// Whether a usable token is cached.
    pub valid: bool,
    /// When it expires, on the wall clock (S2S: fetch time + `expires_in`; JWT: its `exp`).
    pub expires_at: Option<jiff::Timestamp>,
    /// Time left, from the monotonic clock.
    pub remaining: Option<Duration>,
    /// When regdesk will replace it (ahead of expiry).
    pub refresh_in: Option<Duration>,
    /// Granted scopes (S2S; JWT apps have none).
    pub scopes: Vec<String>,
    /// The API host the token response named, if any.
    pub api_url: Option<String>,
    /// Tokens fetched (or signed) so far.
    pub fetch_count: u64,
    pub last_error: Option<String>,
}

/// The offset of Zoom's clock (its `Date` header) to the local clock.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ClockOffset {
    /// Best estimate in seconds; positive means Zoom's clock is ahead of ours.
    pub estimate_secs: f64,
    /// Half the width of the interval the true offset lies in, in seconds.
    pub uncertainty_secs: f64,
    /// Responses the estimate is built from.
    pub samples: u64,
}

/// The rate-limit state of one category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RateLimitSnapshot {
    pub category: Category,
    /// The plan's per-second limit (`None`: unlimited).
    pub per_second_limit: Option<u32>,
    /// The pace regdesk keeps, in requests per second.
    pub paced_per_second: Option<f64>,
    /// The last `X-RateLimit-Limit` Zoom sent for this category.
    pub server_limit: Option<u64>,
    /// The last `X-RateLimit-Remaining`.
    pub remaining: Option<u64>,
    /// The last `X-RateLimit-Type` (`QPS`, `Daily-limit`).
    pub limit_type: Option<String>,
    /// The plan's daily cap of this category, if it has one.
    #[serde(default)]
    pub daily_limit: Option<u64>,
    /// Requests sent in this category.
    pub sent: u64,
    /// 429s received in this category.
    pub throttled: u64,
    /// The whole category waits until then after a per-second 429.
    pub paused_until: Option<jiff::Timestamp>,
    /// A daily limit was hit; requests resume then.
    pub daily_reset_at: Option<jiff::Timestamp>,
}
