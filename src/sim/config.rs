//! How a simulator is set up: the listening address, the account's rate-limit plan, latency,
//! faults, clock offset, data file and token behaviour. [`SimConfig`] is what callers fill in;
//! the plan tables below are Zoom's published rate limits (zoom-api.md §5).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use super::faults::FaultSpec;

/// Everything a [`super::Simulator`] needs to start. `SimConfig::default()` is a quiet Pro account
/// on `127.0.0.1:0` with the embedded demo data; [`SimConfig::demo`] adds realistic latency.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Where to listen. Only loopback addresses are accepted.
    pub addr: SocketAddr,
    /// The account's plan, which sets the rate limits.
    pub plan: Plan,
    /// Added to every response.
    pub latency: Duration,
    /// Up to this much more is added to each response, drawn per request.
    pub latency_jitter: Duration,
    /// Injected faults (none by default).
    pub faults: FaultSpec,
    /// Shifts the simulator's clock (token expiry, `Date`, the UTC day) by this many seconds.
    pub clock_offset_secs: i64,
    /// A data file of the same shape as `assets/demo.json`; `None` uses the embedded demo data.
    pub data: Option<PathBuf>,
    /// Lifetime of S2S access tokens (`expires_in`).
    pub token_lifetime: Duration,
    /// Each new S2S token invalidates the app's previous ones, as Zoom did in 2022-23.
    pub invalidate_previous_tokens: bool,
    /// How long a `next_page_token` stays valid (Zoom: 15 minutes).
    pub page_token_ttl: Duration,
    /// Replaces the plan's daily caps (tests use small caps to reach them cheaply).
    pub daily_caps: Option<DailyCaps>,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            plan: Plan::Pro,
            latency: Duration::ZERO,
            latency_jitter: Duration::ZERO,
            faults: FaultSpec::none(),
            clock_offset_secs: 0,
            data: None,
            token_lifetime: Duration::from_secs(3600),
            invalidate_previous_tokens: false,
            page_token_ttl: Duration::from_secs(15 * 60),
            daily_caps: None,
        }
    }
}

impl SimConfig {
    /// The TUI's `--demo`: the embedded data behind a realistic ~100 ms of latency with jitter.
    pub fn demo() -> Self {
        Self {
            latency: Duration::from_millis(70),
            latency_jitter: Duration::from_millis(60),
            ..Self::default()
        }
    }
}

/// Zoom account plans, as far as rate limits go. `Unlimited` switches account-level limits off
/// (the per-registrant daily limits still apply: Zoom enforces them on every plan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Plan {
    Free,
    #[default]
    Pro,
    /// Business, Education, Enterprise and Partners share these limits.
    Business,
    Unlimited,
}

impl Plan {
    /// Requests per second per account in one category, or `None` for no limit.
    pub fn per_second(self, category: Category) -> Option<u32> {
        use Category::{Heavy, Light, Medium};
        match (self, category) {
            (Plan::Free, Light) => Some(4),
            (Plan::Free, Medium) => Some(2),
            (Plan::Free, Heavy) => Some(1),
            (Plan::Pro, Light) => Some(30),
            (Plan::Pro, Medium) => Some(20),
            (Plan::Pro, Heavy) => Some(10),
            (Plan::Business, Light) => Some(80),
            (Plan::Business, Medium) => Some(60),
            (Plan::Business, Heavy) => Some(40),
            (Plan::Unlimited, _) => None,
        }
    }

    /// The plan's published daily caps per account.
    pub fn daily_caps(self) -> DailyCaps {
        match self {
            Plan::Free => DailyCaps {
                light: Some(6000),
                medium: Some(2000),
                heavy: Some(1000),
            },
            // Zoom's cap is on Heavy and Resource-intensive combined; the simulator has no
            // Resource-intensive endpoints, so it all lands on Heavy.
            Plan::Pro => DailyCaps {
                light: None,
                medium: None,
                heavy: Some(30_000),
            },
            Plan::Business => DailyCaps {
                light: None,
                medium: None,
                heavy: Some(60_000),
            },
            Plan::Unlimited => DailyCaps::default(),
        }
    }
}

/// Requests per UTC day per account and category; `None` = no daily cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DailyCaps {
    pub light: Option<u64>,
    pub medium: Option<u64>,
    pub heavy: Option<u64>,
}

impl DailyCaps {
    pub fn get(&self, category: Category) -> Option<u64> {
        match category {
            Category::Light => self.light,
            Category::Medium => self.medium,
            Category::Heavy => self.heavy,
        }
    }
}

/// Zoom's rate-limit labels of the endpoints the simulator serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Category {
    Light,
    Medium,
    Heavy,
}

impl Category {
    pub const ALL: [Category; 3] = [Category::Light, Category::Medium, Category::Heavy];

    /// As Zoom spells it in `X-RateLimit-Category`.
    pub fn header_value(self) -> &'static str {
        match self {
            Category::Light => "Light",
            Category::Medium => "Medium",
            Category::Heavy => "Heavy",
        }
    }
}
