//! What the simulator has seen, for tests and benches: requests per category and endpoint, the
//! most requests of a category that arrived within any one second, 429s by the limit that sent
//! them, injected faults, issued tokens and registrations sent again for someone registered.

use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::config::Category;
use super::faults::FaultKind;
use super::limits::LimitKind;

/// A snapshot of the counters (see [`super::Simulator::stats`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SimStats {
    /// API requests that arrived, per rate-limit category (before any limit or fault).
    pub requests_per_category: BTreeMap<Category, u64>,
    /// Requests per endpoint, keyed `METHOD /path` as in the OpenAPI file (and
    /// `POST /oauth/token` for the token endpoint).
    pub requests_per_endpoint: BTreeMap<String, u64>,
    /// The most API requests of a category that arrived within any sliding one-second window.
    pub max_requests_in_one_second: BTreeMap<Category, u32>,
    /// 429 responses sent, per limit.
    pub rate_limited: BTreeMap<LimitKind, u64>,
    /// Faults injected, per kind.
    pub faults: BTreeMap<FaultKind, u64>,
    /// S2S access tokens issued by the token endpoint.
    pub tokens_issued: u64,
    /// People sent to the add or batch endpoints (and answered there) while already registered
    /// for that event: what a client re-sending a registration blindly produces.
    pub repeat_registrations: u64,
}

#[derive(Debug, Default)]
pub(crate) struct StatsRecorder {
    stats: SimStats,
    arrivals: BTreeMap<Category, VecDeque<Instant>>,
}

impl StatsRecorder {
    pub(crate) fn arrival(&mut self, category: Category, endpoint: &str, now: Instant) {
        *self
            .stats
            .requests_per_category
            .entry(category)
            .or_default() += 1;
        *self
            .stats
            .requests_per_endpoint
            .entry(endpoint.to_owned())
            .or_default() += 1;
        let window = self.arrivals.entry(category).or_default();
        while window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
        {
            window.pop_front();
        }
        window.push_back(now);
        let seen = u32::try_from(window.len()).unwrap_or(u32::MAX);
        let max = self
            .stats
            .max_requests_in_one_second
            .entry(category)
            .or_default();
        *max = (*max).max(seen);
    }

    pub(crate) fn rate_limited(&mut self, kind: LimitKind) {
        *self.stats.rate_limited.entry(kind).or_default() += 1;
    }

    pub(crate) fn fault(&mut self, kind: FaultKind) {
        *self.stats.faults.entry(kind).or_default() += 1;
    }

    /// A request to the token endpoint (it has no rate-limit category).
    pub(crate) fn token_request(&mut self) {
        *self
            .stats
            .requests_per_endpoint
            .entry(String::from("POST /oauth/token"))
            .or_default() += 1;
    }

    pub(crate) fn repeat_registrations(&mut self, people: u64) {
        self.stats.repeat_registrations += people;
    }

    pub(crate) fn token_issued(&mut self) {
        self.stats.tokens_issued += 1;
    }

    pub(crate) fn snapshot(&self) -> SimStats {
        self.stats.clone()
    }
}
