//! The client's only source of time: the wall clock (for log stamps, `Date`-header offsets, JWT
//! `exp`, daily resets), the monotonic clock (token expiry, pacing, throttling) and sleeping. It is
//! injected through [`ClientConfig::clock`](super::ClientConfig), so tests run the client on
//! tokio's paused time (`#[tokio::test(start_paused = true)]` with a [`TokioClock`]) and never
//! wait in real time.

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, SystemTime};

/// A sleep in progress.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Where the client reads the time.
pub trait Clock: Send + Sync + Debug {
    /// The wall clock now.
    fn wall(&self) -> SystemTime;

    /// The monotonic clock now. Tokio's, so that a paused test runtime controls it.
    fn instant(&self) -> tokio::time::Instant {
        tokio::time::Instant::now()
    }

    /// Waits `wait` on the monotonic clock.
    fn sleep(&self, wait: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(wait))
    }

    /// The wall clock now, as a timestamp.
    fn timestamp(&self) -> jiff::Timestamp {
        jiff::Timestamp::try_from(self.wall()).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    }
}

/// The real clocks: the system's wall clock and tokio's monotonic clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn wall(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A wall clock that follows tokio's monotonic clock from the moment it was made: with a paused
/// test runtime, time (wall and monotonic alike) moves only when the runtime advances it.
#[derive(Debug, Clone, Copy)]
pub struct TokioClock {
    wall_at_start: SystemTime,
    instant_at_start: tokio::time::Instant,
}

impl TokioClock {
    pub fn new() -> Self {
        TokioClock {
            wall_at_start: SystemTime::now(),
            instant_at_start: tokio::time::Instant::now(),
        }
    }
}

impl Default for TokioClock {
    fn default() -> Self {
        TokioClock::new()
    }
}

impl Clock for TokioClock {
    fn wall(&self) -> SystemTime {
        let elapsed = tokio::time::Instant::now().saturating_duration_since(self.instant_at_start);
        self.wall_at_start
            .checked_add(elapsed)
            .unwrap_or(self.wall_at_start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_tokio_clock_moves_only_with_tokios_time() {
        let clock = TokioClock::new();
        let wall = clock.wall();
        let instant = clock.instant();
        clock.sleep(Duration::from_secs(3600)).await;
        assert_eq!(
            clock.wall().duration_since(wall).ok(),
            Some(Duration::from_secs(3600))
        );
        assert_eq!(clock.instant() - instant, Duration::from_secs(3600));
    }
}
