//! The wall clock the app reads for countdowns and default file names, injected so that tests and
//! snapshots render the same text on every run.

use std::sync::Arc;

/// Where the app gets "now" from.
pub trait Clock: Send + Sync {
    fn now(&self) -> jiff::Timestamp;
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> jiff::Timestamp {
        jiff::Timestamp::now()
    }
}

/// A clock that stands still (tests, snapshots).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub jiff::Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> jiff::Timestamp {
        self.0
    }
}

/// The clock as the app holds it.
pub type SharedClock = Arc<dyn Clock>;
