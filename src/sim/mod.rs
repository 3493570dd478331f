//! The Zoom simulator: an axum server on loopback that behaves like Zoom's registrant API where
//! users get hurt — S2S OAuth and legacy JWT tokens, users, meetings, webinars, registrants,
//! questions, Zoom's errors, rate limits with their headers, clock offset and injected faults.
//!
//! It is written from Zoom's documents (`zoom-api.md` and Zoom's OpenAPI file), never from the
//! client in `src/zoom`: the two share no code, so a bug in one cannot hide in the other. Where
//! Zoom's behaviour is unconfirmed, the simulator takes the stricter reading.
//!
//! Data flow: a request passes `server::observe` (latency, `Date`), then for the API
//! `server::guard` (statistics, faults, token, rate limits, scopes), then a handler in `api/`,
//! which applies Zoom's rules to the [`world::World`] behind a mutex and answers through `render`.
//!
//! ```no_run
//! # async fn demo() -> Result<(), regdesk::sim::SimError> {
//! use regdesk::sim::{Plan, SimConfig, Simulator};
//! let sim = Simulator::start(SimConfig { plan: Plan::Pro, ..SimConfig::default() }).await?;
//! println!("{}", sim.ready_line());
//! sim.shutdown().await;
//! # Ok(())
//! # }
//! ```

mod api;
mod clock;
mod config;
mod data;
mod data_error;
mod endpoints;
mod errors;
mod faults;
mod limits;
mod oauth;
mod paging;
mod past;
mod render;
mod server;
mod state;
mod stats;
mod tokens;
mod validate;
mod world;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicU64};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub use config::{Category, DailyCaps, Plan, SimConfig};
pub use data_error::DataError;
pub use faults::{FaultKind, FaultSpec, FaultSpecError};
pub use limits::LimitKind;
pub use stats::SimStats;
pub use world::{EventKind, RegistrantStatus};

use clock::SimClock;
use limits::RateLimiter;
use paging::PageTokens;
use state::{Settings, Shared, lock};
use stats::StatsRecorder;
use tokens::TokenRegistry;
use world::{App, AppCredentials};

/// A Server-to-Server OAuth app's credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimApp {
    pub account_id: String,
    pub client_id: String,
    pub client_secret: String,
}

/// A legacy JWT app's credentials (tokens are `{iss: api_key, exp}` signed HS256 with the secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimJwtApp {
    pub api_key: String,
    pub api_secret: String,
}

/// Ground truth about one registrant, whatever its status (for tests).
#[derive(Debug, Clone, PartialEq)]
pub struct SimRegistrant {
    pub id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub status: RegistrantStatus,
    /// The occurrences registered for; empty = all (or not a recurring event).
    pub occurrence_ids: Vec<String>,
    /// The registrant as `GET …/registrants/{registrantId}` returns it.
    pub json: Value,
}

/// Why a simulator could not start, or an in-process request was refused.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("cannot listen: {0}")]
    Bind(#[source] std::io::Error),
    #[error("bad simulator data: {0}")]
    Data(#[from] DataError),
}

/// A running simulator. Dropping it stops the server; [`Simulator::shutdown`] also waits for it.
pub struct Simulator {
    shared: Arc<Shared>,
    addr: SocketAddr,
    s2s: SimApp,
    jwt: SimJwtApp,
    shutdown: CancellationToken,
    task: Option<JoinHandle<()>>,
}

impl Simulator {
    /// Binds `config.addr` (loopback only), loads the data and serves on the caller's tokio
    /// runtime until shut down.
    pub async fn start(config: SimConfig) -> Result<Self, SimError> {
        let loaded;
        let data = match &config.data {
            None => data::embedded_demo()?,
            Some(path) => {
                loaded = data::load_file(path)?;
                &loaded
            }
        };
        let credentials = data.credentials();
        let (Some((client_id, client_secret)), Some((api_key, api_secret))) =
            (credentials.s2s, credentials.jwt)
        else {
            return Err(DataError::missing_apps().into());
        };
        let clock = SimClock::new(config.clock_offset_secs);
        let world = data.build(clock.now())?;
        let listener = server::bind(config.addr).await.map_err(SimError::Bind)?;
        let addr = listener.local_addr().map_err(SimError::Bind)?;
        let s2s = SimApp {
            account_id: world.account.id.clone(),
            client_id,
            client_secret,
        };
        let shared = Arc::new(Shared {
            world: Mutex::new(world),
            tokens: Mutex::new(TokenRegistry::new()),
            limits: Mutex::new(RateLimiter::default()),
            pages: Mutex::new(PageTokens::default()),
            stats: Mutex::new(StatsRecorder::default()),
            settings: Mutex::new(Settings::from_config(&config)),
            clock,
            sequence: AtomicU64::new(0),
            burst_remaining: AtomicU32::new(0),
            base_url: format!("http://{addr}"),
        });
        let shutdown = CancellationToken::new();
        let task = tokio::spawn(server::serve(
            listener,
            server::router(Arc::clone(&shared)),
            shutdown.clone(),
        ));
        Ok(Self {
            shared,
            addr,
            s2s,
            jwt: SimJwtApp {
                api_key,
                api_secret,
            },
            shutdown,
            task: Some(task),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The API base with its version, e.g. `http://127.0.0.1:PORT/v2`.
    pub fn api_url(&self) -> String {
        format!("{}/v2", self.shared.base_url)
    }

    /// The OAuth host; the token endpoint is `{oauth_url}/oauth/token`.
    pub fn oauth_url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// The line `regdesk sim` prints when ready.
    pub fn ready_line(&self) -> Value {
        json!({
            "api_url": self.api_url(),
            "oauth_url": self.oauth_url(),
            "account_id": self.s2s.account_id,
            "client_id": self.s2s.client_id,
            "client_secret": self.s2s.client_secret,
            "jwt_api_key": self.jwt.api_key,
            "jwt_api_secret": self.jwt.api_secret,
        })
    }

    /// The demo's full-scope S2S app (the one in the ready line).
    pub fn s2s_app(&self) -> SimApp {
        self.s2s.clone()
    }

    /// The demo's legacy JWT app.
    pub fn jwt_app(&self) -> SimJwtApp {
        self.jwt.clone()
    }

    /// Creates an S2S app, owned by the account owner, with exactly these scopes.
    pub fn create_s2s_app(&self, scopes: &[&str]) -> SimApp {
        let mut world = lock(&self.shared.world);
        let client_id = world.new_token(22);
        let client_secret = world.new_token(32);
        let owner_user_id = world
            .users
            .first()
            .map(|u| u.id.clone())
            .unwrap_or_default();
        world.apps.push(App {
            owner_user_id,
            credentials: AppCredentials::ServerToServer {
                client_id: client_id.clone(),
                client_secret: client_secret.clone(),
                scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
            },
        });
        SimApp {
            account_id: world.account.id.clone(),
            client_id,
            client_secret,
        }
    }

    /// Shifts the simulator's clock: token expiry, `Date`, and the UTC day of daily limits.
    pub fn set_clock_offset(&self, secs: i64) {
        self.shared.clock.set_offset(secs);
    }

    pub fn clock_offset(&self) -> i64 {
        self.shared.clock.offset()
    }

    /// The simulator's current time (with the offset).
    pub fn now(&self) -> jiff::Timestamp {
        self.shared.clock.now()
    }

    /// Every S2S token issued so far stops working (code 124).
    pub fn revoke_all_tokens(&self) {
        lock(&self.shared.tokens).revoke_all();
    }

    pub fn set_faults(&self, faults: FaultSpec) {
        lock(&self.shared.settings).faults = faults;
    }

    pub fn set_plan(&self, plan: Plan) {
        lock(&self.shared.settings).plan = plan;
    }

    /// Overrides the plan's daily caps (`None`: the plan's own).
    pub fn set_daily_caps(&self, caps: Option<DailyCaps>) {
        lock(&self.shared.settings).daily_caps = caps;
    }

    pub fn set_token_lifetime(&self, lifetime: Duration) {
        lock(&self.shared.settings).token_lifetime = lifetime;
    }

    pub fn set_invalidate_previous_tokens(&self, invalidate: bool) {
        lock(&self.shared.settings).invalidate_previous_tokens = invalidate;
    }

    pub fn set_page_token_ttl(&self, ttl: Duration) {
        lock(&self.shared.settings).page_token_ttl = ttl;
    }

    pub fn set_latency(&self, latency: Duration, jitter: Duration) {
        let mut settings = lock(&self.shared.settings);
        settings.latency = latency;
        settings.latency_jitter = jitter;
    }

    pub fn stats(&self) -> SimStats {
        lock(&self.shared.stats).snapshot()
    }

    /// All registrants of a meeting or webinar in any status (empty if there is no such event).
    pub fn registrants(&self, kind: EventKind, id: u64) -> Vec<SimRegistrant> {
        let world = lock(&self.shared.world);
        let Some(event) = world.event(kind, id) else {
            return Vec::new();
        };
        event
            .registrants
            .iter()
            .map(|r| SimRegistrant {
                id: r.id.clone(),
                email: r.person.email.clone(),
                first_name: r.person.first_name.clone(),
                last_name: r.person.last_name.clone(),
                status: r.status,
                occurrence_ids: r.occurrence_ids.clone(),
                json: render::registrant(event, r, &self.shared.base_url, true),
            })
            .collect()
    }

    /// Creates a meeting from a spec shaped like a `meetings[]` entry of `assets/demo.json`
    /// (every field optional: `type`, `approval_type`, `registration_type`, `occurrences`,
    /// `host`, `questions`, `custom_questions`, `registrants`, `generated_registrants`, …).
    pub fn create_meeting(&self, spec: Value) -> Result<u64, SimError> {
        self.create_event(EventKind::Meeting, spec)
    }

    /// Creates a webinar; see [`Simulator::create_meeting`].
    pub fn create_webinar(&self, spec: Value) -> Result<u64, SimError> {
        self.create_event(EventKind::Webinar, spec)
    }

    fn create_event(&self, kind: EventKind, spec: Value) -> Result<u64, SimError> {
        let spec = data::parse_event(spec)?;
        let mut world = lock(&self.shared.world);
        let event = spec.build(kind, &mut world, self.shared.clock.now(), kind.name())?;
        let id = event.id;
        world.events.insert((kind, id), event);
        Ok(id)
    }

    /// Stops serving and waits for the server task to end.
    pub async fn shutdown(mut self) {
        self.shutdown.cancel();
        if let Some(task) = self.task.take()
            && let Err(error) = task.await
            && error.is_panic()
        {
            // The accept loop panicked: surface it to the caller rather than lose it.
            std::panic::resume_unwind(error.into_panic());
        }
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}
