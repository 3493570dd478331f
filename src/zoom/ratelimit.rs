//! Pacing per rate-limit category, so that Zoom's per-second limits are not exceeded, and a
//! shared pause when a per-second 429 arrives anyway.
//!
//! Zoom (and the simulator) count requests in a sliding one-second window. A GCRA bucket with
//! burst = limit would let `limit` requests through at once and then one every `1/limit` s, so a
//! window could see nearly twice the limit. With burst 1 and an emission interval `T`, any window
//! of length `W` holds at most `floor(W/T) + 1` requests; requiring that to stay ≤ `limit` for
//! `W = 1 s + margin` (the margin absorbs scheduling and network jitter between the pacing
//! decision and the request's arrival) gives `T = (1 s + margin) / limit`. With the default 40 ms
//! margin regdesk sustains 96% of the plan's ceiling (a per-second 429 costs a one-second pause
//! of the category, so the margin must keep them rare, not merely possible).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::clock::Clock as _;
use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
use tokio::time::Instant;

use super::client_events::RateLimitSnapshot;
use super::endpoint::{Category, Plan};
use super::log::RateLimitHeaders;
use super::time_source::{Clock, PacingClock};

/// The wall-clock time `wait` after `now`.
pub(crate) fn wall_in(now: jiff::Timestamp, wait: Duration) -> jiff::Timestamp {
    jiff::SignedDuration::try_from(wait)
        .ok()
        .and_then(|wait| now.checked_add(wait).ok())
        .unwrap_or(now)
}

type Pacer = RateLimiter<NotKeyed, InMemoryState, PacingClock, NoOpMiddleware<std::time::Instant>>;

pub(crate) struct RateLimiters {
    categories: Vec<CategoryLimiter>,
    clock: Arc<dyn Clock>,
}

struct CategoryLimiter {
    limiter: Option<Pacer>,
    /// Until when the whole category waits after a per-second 429.
    paused_until: Mutex<Option<Instant>>,
    /// Until when a daily limit blocks the category.
    daily_blocked_until: Mutex<Option<jiff::Timestamp>>,
    snapshot: Mutex<RateLimitSnapshot>,
}

/// A daily limit that is still in force: requests fail at once instead of being sent.
pub(crate) struct DailyBlock {
    pub reset_at: jiff::Timestamp,
}

impl RateLimiters {
    pub fn new(plan: Plan, margin: Duration, clock: Arc<dyn Clock>) -> Self {
        let categories = [
            Category::Light,
            Category::Medium,
            Category::Heavy,
            Category::ResourceIntensive,
        ]
        .into_iter()
        .map(|category| {
            let per_second = plan.per_second(category);
            let window = if category == Category::ResourceIntensive {
                // Minute-based limits: pace these at one per 3 seconds (≤ 20 a minute).
                Duration::from_secs(3)
            } else {
                Duration::from_secs(1) + margin
            };
            let interval = per_second.map(|limit| window / limit.max(1));
            let limiter = interval
                .and_then(Quota::with_period)
                .map(|quota| RateLimiter::direct_with_clock(quota, PacingClock(clock.clone())));
            let paced = interval.map(|interval| 1.0 / interval.as_secs_f64());
            CategoryLimiter {
                limiter,
                paused_until: Mutex::new(None),
                daily_blocked_until: Mutex::new(None),
                snapshot: Mutex::new(RateLimitSnapshot {
                    category,
                    per_second_limit: per_second,
                    paced_per_second: paced,
                    server_limit: None,
                    remaining: None,
                    limit_type: None,
                    daily_limit: plan.daily_limit(category),
                    sent: 0,
                    throttled: 0,
                    paused_until: None,
                    daily_reset_at: None,
                }),
            }
        })
        .collect();
        RateLimiters { categories, clock }
    }

    fn get(&self, category: Category) -> &CategoryLimiter {
        let index = match category {
            Category::Light => 0,
            Category::Medium => 1,
            Category::Heavy => 2,
            Category::ResourceIntensive => 3,
        };
        &self.categories[index]
    }

    /// Waits until a request of this category may go out: after any shared pause, at the paced
    /// rate. Fails at once while a daily limit is in force.
    pub async fn acquire(&self, category: Category) -> Result<(), DailyBlock> {
        let state = self.get(category);
        loop {
            if let Some(reset_at) = *lock(&state.daily_blocked_until)
                && reset_at > self.clock.timestamp()
            {
                return Err(DailyBlock { reset_at });
            }
            let paused = *lock(&state.paused_until);
            if let Some(until) = paused {
                let now = self.clock.instant();
                if until > now {
                    self.clock.sleep(until - now).await;
                    continue;
                }
            }
            if let Some(limiter) = &state.limiter
                && let Err(not_until) = limiter.check()
            {
                let wait = not_until.wait_time_from(limiter.clock().now());
                self.clock.sleep(wait).await;
                continue;
            }
            lock(&state.snapshot).sent += 1;
            return Ok(());
        }
    }

    /// A per-second 429: the whole category waits `wait`.
    pub fn pause(&self, category: Category, wait: Duration) -> RateLimitSnapshot {
        let state = self.get(category);
        let now = self.clock.instant();
        let until = now.checked_add(wait).unwrap_or(now);
        {
            let mut paused = lock(&state.paused_until);
            if paused.is_none_or(|current| current < until) {
                *paused = Some(until);
            }
        }
        let mut snapshot = lock(&state.snapshot);
        snapshot.throttled += 1;
        snapshot.paused_until = Some(wall_in(self.clock.timestamp(), wait));
        snapshot.clone()
    }

    /// A daily 429: the category is blocked until `reset_at`.
    pub fn block_daily(&self, category: Category, reset_at: jiff::Timestamp) -> RateLimitSnapshot {
        let state = self.get(category);
        *lock(&state.daily_blocked_until) = Some(reset_at);
        let mut snapshot = lock(&state.snapshot);
        snapshot.throttled += 1;
        snapshot.daily_reset_at = Some(reset_at);
        snapshot.clone()
    }

    /// A 429 that concerns one registrant only: counted, nothing paused.
    pub fn count_throttle(&self, category: Category) -> RateLimitSnapshot {
        let mut snapshot = lock(&self.get(category).snapshot);
        snapshot.throttled += 1;
        snapshot.clone()
    }

    /// Records the rate-limit headers of a response (whatever they say, even nothing: the
    /// request was still sent and counted) and hands the category's new snapshot to `publish`
    /// while it is still the latest, so that snapshots of concurrent answers are published in
    /// the order they were taken and the last one published is the current one.
    pub fn observe(
        &self,
        category: Category,
        headers: &RateLimitHeaders,
        publish: impl FnOnce(RateLimitSnapshot),
    ) {
        let mut snapshot = lock(&self.get(category).snapshot);
        if headers.limit.is_some() {
            snapshot.server_limit = headers.limit;
        }
        if headers.remaining.is_some() {
            snapshot.remaining = headers.remaining;
        }
        if headers.limit_type.is_some() {
            snapshot.limit_type.clone_from(&headers.limit_type);
        }
        publish(snapshot.clone());
    }

    pub fn snapshots(&self) -> Vec<RateLimitSnapshot> {
        let now = self.clock.timestamp();
        self.categories
            .iter()
            .map(|state| {
                let mut snapshot = lock(&state.snapshot).clone();
                if snapshot.paused_until.is_some_and(|until| until <= now) {
                    snapshot.paused_until = None;
                }
                if snapshot.daily_reset_at.is_some_and(|until| until <= now) {
                    snapshot.daily_reset_at = None;
                }
                snapshot
            })
            .collect()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::zoom::time_source::TokioClock;

    fn limiters(plan: Plan, margin: Duration) -> RateLimiters {
        RateLimiters::new(plan, margin, Arc::new(TokioClock::new()))
    }

    #[tokio::test(start_paused = true)]
    async fn pacing_spreads_requests_instead_of_bursting() {
        let limits = limiters(Plan::Free, Duration::from_millis(75));
        let started = Instant::now();
        for _ in 0..6 {
            limits
                .acquire(Category::Light)
                .await
                .map_err(|_| "blocked")
                .unwrap();
        }
        // Free Light is 4/s, paced one per 1.075 s / 4: six requests span at least five intervals,
        // so no one-second window can hold more than four.
        let interval = Duration::from_millis(1075) / 4;
        assert!(started.elapsed() >= interval * 5 - Duration::from_millis(2));
        assert!(started.elapsed() < interval * 6, "paced, not stalled");
        let snapshot = &limits.snapshots()[0];
        assert_eq!(snapshot.sent, 6);
        assert!(snapshot.paced_per_second.unwrap() > 3.5);
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_holds_the_whole_category_and_only_it() {
        let limits = limiters(Plan::Unlimited, Duration::ZERO);
        limits.pause(Category::Medium, Duration::from_secs(30));
        let held =
            tokio::time::timeout(Duration::from_millis(100), limits.acquire(Category::Medium))
                .await;
        assert!(held.is_err(), "a paused category must wait");
        limits
            .acquire(Category::Light)
            .await
            .map_err(|_| "blocked")
            .unwrap();
        assert!(limits.snapshots()[1].paused_until.is_some());
    }

    #[tokio::test(start_paused = true)]
    async fn a_daily_block_fails_fast_until_reset() {
        let limits = limiters(Plan::Pro, Duration::ZERO);
        let reset = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1);
        limits.block_daily(Category::Heavy, reset);
        assert!(limits.acquire(Category::Heavy).await.is_err());
        assert!(limits.acquire(Category::Light).await.is_ok());
    }
}
