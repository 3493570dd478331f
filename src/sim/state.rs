//! The simulator's state below its router and handlers: the settings and state every request
//! shares, the locking and the monotonic clock used with them, the fault draw, and the types the
//! router hands to handlers (the authenticated caller, the per-connection kill switch).

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::response::Response;
use tokio_util::sync::CancellationToken;

use super::clock::SimClock;
use super::config::{DailyCaps, Plan, SimConfig};
use super::faults::{Draw, FaultSpec};
use super::limits::RateLimiter;
use super::paging::PageTokens;
use super::stats::StatsRecorder;
use super::tokens::{Caller, TokenRegistry};
use super::world::World;

/// Settings that tests and the TUI may change while the simulator runs.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub plan: Plan,
    pub latency: Duration,
    pub latency_jitter: Duration,
    pub faults: FaultSpec,
    pub token_lifetime: Duration,
    pub invalidate_previous_tokens: bool,
    pub page_token_ttl: Duration,
    pub daily_caps: Option<DailyCaps>,
}

impl Settings {
    pub(crate) fn from_config(config: &SimConfig) -> Self {
        Self {
            plan: config.plan,
            latency: config.latency,
            latency_jitter: config.latency_jitter,
            faults: config.faults,
            token_lifetime: config.token_lifetime,
            invalidate_previous_tokens: config.invalidate_previous_tokens,
            page_token_ttl: config.page_token_ttl,
            daily_caps: config.daily_caps,
        }
    }

    pub(crate) fn caps(&self) -> DailyCaps {
        self.daily_caps.unwrap_or_else(|| self.plan.daily_caps())
    }
}

/// The simulator's state, shared by every request. Lock order, where two are held: `world`, then
/// `limits`.
pub(crate) struct Shared {
    pub world: Mutex<World>,
    pub tokens: Mutex<TokenRegistry>,
    pub limits: Mutex<RateLimiter>,
    pub pages: Mutex<PageTokens>,
    pub stats: Mutex<StatsRecorder>,
    pub settings: Mutex<Settings>,
    pub clock: SimClock,
    /// Numbers requests for the fault draw.
    pub sequence: AtomicU64,
    /// Requests left in an injected 429 burst.
    pub burst_remaining: AtomicU32,
    /// `http://127.0.0.1:PORT`: the OAuth host, and the base of the links the simulator hands out.
    pub base_url: String,
}

/// The simulator's monotonic clock (rate-limit windows, page-token lifetimes): tokio's, so that a
/// test on paused time (`#[tokio::test(start_paused = true)]`) drives the simulator and the client
/// alike; outside a paused runtime it is the system's monotonic clock.
pub(crate) fn monotonic_now() -> Instant {
    tokio::time::Instant::now().into_std()
}

/// Locks a mutex, carrying on after a panic elsewhere: the simulator's state stays usable (a
/// half-done change is what a crashed Zoom request could leave too).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    pub(crate) fn settings(&self) -> Settings {
        lock(&self.settings).clone()
    }
}

/// Closes the request's TCP connection without a response (a per-connection kill switch, put in
/// each request's extensions by the connection loop).
#[derive(Clone)]
pub(crate) struct ConnectionKill(CancellationToken);

impl ConnectionKill {
    pub(crate) fn new(switch: CancellationToken) -> Self {
        Self(switch)
    }
}

impl ConnectionKill {
    /// Fires the switch and never returns: the connection future is dropped with this request.
    pub(crate) async fn drop_connection(&self) -> Response {
        self.0.cancel();
        std::future::pending::<Response>().await
    }
}

/// How far a caller's scopes reach: the whole account (`:admin` scopes, JWT apps) or only the
/// app owner's own resources (user-level scopes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    Account,
    OwnerOnly,
}

/// The authenticated caller of an API request, as handlers receive it.
#[derive(Debug, Clone)]
pub(crate) struct Authorized {
    pub caller: Caller,
    pub reach: Reach,
}

/// Draws the fault for the next request and counts it.
pub(crate) fn draw_fault(shared: &Shared, faults: &FaultSpec, scale: f64) -> Draw {
    if faults.is_none() {
        return Draw {
            fault: None,
            detail: 0,
        };
    }
    let sequence = shared.sequence.fetch_add(1, Ordering::SeqCst);
    let draw = faults.draw(sequence, scale);
    if let Some(kind) = draw.fault {
        lock(&shared.stats).fault(kind);
    }
    draw
}
