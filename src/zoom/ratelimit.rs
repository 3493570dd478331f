//! Pacing per rate-limit category, so that Zoom's per-second limits are not exceeded, and a
//! shared pause when a per-second 429 arrives anyway.
//!
//! Zoom (and the simulator) count requests in a sliding one-second window. Each category keeps a
//! log of its last `limit` send times ([`SlidingWindow`]): a request may go when fewer than
//! `limit` went within the last `1 s + margin` (the margin absorbs scheduling and network jitter
//! between the pacing decision and the request's arrival). So a window's worth goes at once and
//! the next worth one window later, which is exactly what the limit allows: a 46-call job at 10/s
//! ends after four windows (4.16 s with the default 40 ms margin) where even spacing needs 45
//! intervals (4.68 s), and the sustained rate is the same, 96% of the plan's ceiling. (A GCRA
//! bucket, as the `governor` crate keeps, cannot say this: with burst = limit a window could see
//! nearly twice the limit, with burst 1 it spaces every call.) A per-second 429 costs a
//! one-second pause of the category, so the margin must keep them rare, not merely possible;
//! after one, the category spreads its sends evenly for the rest of the client's life (another
//! app may share the account's budget, or Zoom refused a burst at one resource).

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use super::client_events::RateLimitSnapshot;
use super::endpoint::{Category, Plan};
use super::log::RateLimitHeaders;
use super::time_source::Clock;

/// The wall-clock time `wait` after `now`.
pub(crate) fn wall_in(now: jiff::Timestamp, wait: Duration) -> jiff::Timestamp {
    jiff::SignedDuration::try_from(wait)
        .ok()
        .and_then(|wait| now.checked_add(wait).ok())
        .unwrap_or(now)
}

/// At most `limit` sends within any `window`: the log of the last `limit` send times (each
/// reserved when a request asked, so concurrent requests queue in order). After a per-second
/// 429 the window also spreads its sends evenly, `window / limit` apart: Zoom counted more
/// than the plan's figure says (another app on the account), or refused a burst ("concurrent
/// requests to a single resource may fail with a 429", zoom-api.md §5).
struct SlidingWindow {
    limit: usize,
    window: Duration,
    sends: Mutex<VecDeque<Instant>>,
    spread: AtomicBool,
}

impl SlidingWindow {
    fn new(limit: u32, window: Duration) -> Self {
        let limit = (limit as usize).max(1);
        SlidingWindow {
            limit,
            window,
            sends: Mutex::new(VecDeque::with_capacity(limit)),
            spread: AtomicBool::new(false),
        }
    }

    /// From now on, sends go `window / limit` apart (see the type's documentation).
    fn spread_evenly(&self) {
        self.spread.store(true, Ordering::Relaxed);
    }

    /// Reserves the earliest send time at or after `now` that keeps every window within the
    /// limit. Reservations never go back in time, so the log stays in order and its front is
    /// the send `limit` places back.
    fn reserve(&self, now: Instant) -> Instant {
        let mut sends = lock(&self.sends);
        let mut at = now;
        if self.spread.load(Ordering::Relaxed)
            && let Some(last) = sends.back()
        {
            at = at.max(*last + self.window / self.limit as u32);
        }
        if sends.len() >= self.limit {
            let oldest = sends.pop_front().unwrap_or(now);
            at = at.max(oldest + self.window);
        }
        sends.push_back(at);
        at
    }

    /// Sends per second sustained at this pace.
    fn per_second(&self) -> f64 {
        self.limit as f64 / self.window.as_secs_f64()
    }
}

pub(crate) struct RateLimiters {
    categories: Vec<CategoryLimiter>,
    clock: Arc<dyn Clock>,
}

struct CategoryLimiter {
    /// `None` for a category without a per-second limit.
    pacer: Option<SlidingWindow>,
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
            let pacer = per_second.map(|limit| SlidingWindow::new(limit, window));
            let paced = pacer.as_ref().map(SlidingWindow::per_second);
            CategoryLimiter {
                pacer,
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

    /// Waits until a request of this category may go out: after any shared pause, within the
    /// sliding window. Fails at once while a daily limit is in force.
    pub async fn acquire(&self, category: Category) -> Result<(), DailyBlock> {
        let state = self.get(category);
        // The send time reserved in the window. A pause that begins while waiting for it voids
        // it, so that the calls held by a pause do not all go at once when it ends; the voided
        // slot stays counted (conservative by at most one window, once, after a rare 429).
        let mut slot: Option<Instant> = None;
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
                    slot = None;
                    continue;
                }
            }
            if let Some(pacer) = &state.pacer {
                let at = *slot.get_or_insert_with(|| pacer.reserve(self.clock.instant()));
                let now = self.clock.instant();
                if at > now {
                    self.clock.sleep(at - now).await;
                    continue;
                }
            }
            lock(&state.snapshot).sent += 1;
            return Ok(());
        }
    }

    /// A per-second 429: the whole category waits `wait`, then spreads its sends evenly.
    pub fn pause(&self, category: Category, wait: Duration) -> RateLimitSnapshot {
        let state = self.get(category);
        if let Some(pacer) = &state.pacer {
            pacer.spread_evenly();
        }
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

    /// When each of `count` concurrent requests of `category` was let through, after `started`.
    async fn let_through(
        limits: &RateLimiters,
        category: Category,
        count: usize,
        started: Instant,
    ) -> Vec<Duration> {
        let mut times: Vec<Duration> = futures::future::join_all((0..count).map(|_| async {
            limits
                .acquire(category)
                .await
                .map_err(|_| "blocked")
                .unwrap();
            started.elapsed()
        }))
        .await;
        times.sort();
        times
    }

    #[tokio::test(start_paused = true)]
    async fn a_windows_worth_goes_at_once_and_the_next_worth_one_window_later() {
        let limits = limiters(Plan::Free, Duration::from_millis(75));
        let started = Instant::now();
        // Free Light is 4/s; the window is 1 s + the 75 ms margin.
        let times = let_through(&limits, Category::Light, 8, started).await;
        let window = Duration::from_millis(1075);
        assert_eq!(times[..4], [Duration::ZERO; 4]);
        assert_eq!(times[4..], [window; 4]);
        let snapshot = &limits.snapshots()[0];
        assert_eq!(snapshot.sent, 8);
        let sustained = snapshot.paced_per_second.unwrap();
        assert!((sustained - 4.0 / 1.075).abs() < 1e-9, "{sustained}");
    }

    #[tokio::test(start_paused = true)]
    async fn no_window_of_one_second_and_the_margin_holds_more_than_the_limit() {
        let limits = Arc::new(limiters(Plan::Pro, Duration::from_millis(40)));
        let started = Instant::now();
        // 20 callers, each asking again after an uneven think time, as the import's workers do.
        let callers = (0..20u64).map(|caller| {
            let limits = limits.clone();
            tokio::spawn(async move {
                let mut times = Vec::new();
                for call in 0..6u64 {
                    tokio::time::sleep(Duration::from_millis((caller * 37 + call * 101) % 230))
                        .await;
                    limits
                        .acquire(Category::Heavy)
                        .await
                        .map_err(|_| "blocked")
                        .unwrap();
                    times.push(started.elapsed());
                }
                times
            })
        });
        let mut times: Vec<Duration> = futures::future::join_all(callers)
            .await
            .into_iter()
            .flat_map(|caller| caller.unwrap())
            .collect();
        times.sort();
        assert_eq!(times.len(), 120);
        // Pro Heavy is 10/s: the 11th send after any send is a full window later.
        for (first, eleventh) in times.iter().zip(&times[10..]) {
            assert!(
                *eleventh - *first >= Duration::from_millis(1040),
                "{first:?} and {eleventh:?} in one window"
            );
        }
        // And the window is used: 120 sends in 12 windows, the last starting 11 windows in.
        assert!(
            times[119] < Duration::from_millis(1040 * 11 + 230),
            "{:?}",
            times[119]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn calls_held_by_a_pause_go_after_it_spread_evenly() {
        let limits = Arc::new(limiters(Plan::Free, Duration::from_millis(75)));
        let started = Instant::now();
        let first = let_through(&limits, Category::Light, 4, started).await;
        assert_eq!(first, [Duration::ZERO; 4]);
        // Four more wait for the next window; a per-second 429 pauses the category meanwhile.
        let waiting = {
            let limits = limits.clone();
            tokio::spawn(async move { let_through(&limits, Category::Light, 8, started).await })
        };
        tokio::time::sleep(Duration::from_millis(500)).await;
        limits.pause(Category::Light, Duration::from_secs(2));
        let after = waiting.await.unwrap();
        // None goes before the pause ends. The slots they held (1.075 s and 2.15 s) stay
        // counted, so the first goes one window after the earlier of them; after a 429 the
        // category no longer bursts: one every 1.075 s / 4.
        assert!(after.iter().all(|at| *at >= Duration::from_millis(2500)));
        assert_eq!(after[0], Duration::from_millis(3225));
        // (Tokio's timer wakes on whole milliseconds.)
        let interval = Duration::from_millis(1075) / 4;
        for (earlier, later) in after.iter().zip(&after[1..]) {
            let gap = *later - *earlier;
            assert!(
                gap + Duration::from_millis(1) >= interval
                    && gap <= interval + Duration::from_millis(1),
                "{after:?}"
            );
        }
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
