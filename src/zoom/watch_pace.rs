//! How often a live watch of a registrant list may look again, derived from the rate-limit budget
//! the client reports, so that watching never starves other work (an import, approvals, another
//! app of the account). Listing registrants is a Medium call; one look costs one call per status
//! listed per page of 300. A watch takes at most [`SHARE_OF_PACE`] of the Medium pace and
//! [`SHARE_OF_DAY`] of what is left of a daily Medium cap until 00:00 UTC. The TUI's auto-refresh
//! and `regdesk registrants --watch` both ask [`watch_floor`].

use std::time::Duration;

use super::client_events::RateLimitSnapshot;

/// The part of the paced per-second rate a watch may use.
pub const SHARE_OF_PACE: f64 = 0.1;
/// The part of the daily budget left that a watch may use until the next reset.
pub const SHARE_OF_DAY: f64 = 0.5;
/// Never look more often than this, whatever the plan allows (nobody registers faster).
pub const MIN_WATCH_INTERVAL: Duration = Duration::from_secs(2);
/// Registrants per page of a list call.
const PAGE: usize = 300;
const SECONDS_PER_DAY: i64 = 86_400;

/// The calls one look costs: each status listed takes a call per page of 300 (at least one).
pub fn calls_per_look(people_per_status: &[usize]) -> u32 {
    people_per_status
        .iter()
        .map(|people| people.div_ceil(PAGE).max(1) as u32)
        .sum::<u32>()
        .max(1)
}

/// What bounds a watch's interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaceBound {
    /// [`MIN_WATCH_INTERVAL`]: the plan would allow more.
    Minimum,
    /// A tenth of the Medium per-second pace.
    PerSecond,
    /// Half the daily Medium budget left until 00:00 UTC.
    Daily,
    /// The Medium category is paused or blocked by Zoom until a time.
    Blocked,
}

/// The shortest interval between looks, and why.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WatchPace {
    pub interval: Duration,
    pub bound: PaceBound,
    pub calls_per_look: u32,
}

impl WatchPace {
    /// "every 4 s", "every 2 min 10 s".
    pub fn describe(&self) -> String {
        format!("every {}", seconds_text(self.interval))
    }

    /// Why the interval is what it is, in a sentence (the CLI's `why:`).
    pub fn reason(&self, medium: &RateLimitSnapshot) -> String {
        let calls = match self.calls_per_look {
            1 => "a look costs 1 call".to_owned(),
            calls => format!("a look costs {calls} calls"),
        };
        match self.bound {
            PaceBound::Minimum => format!(
                "{} is the least regdesk waits between looks ({calls})",
                seconds_text(self.interval)
            ),
            PaceBound::PerSecond => format!(
                "a watch takes at most a tenth of the Medium rate limit{}, and {calls}",
                medium
                    .per_second_limit
                    .map(|limit| format!(" of {limit}/s"))
                    .unwrap_or_default()
            ),
            PaceBound::Daily => {
                format!("a watch takes at most half of the Medium requests left today, and {calls}")
            }
            PaceBound::Blocked => "Zoom paused Medium requests until then".to_owned(),
        }
    }

    /// The reason in a few words, for the TUI's head line.
    pub fn short_reason(&self, medium: &RateLimitSnapshot) -> String {
        match self.bound {
            PaceBound::Minimum => "least interval".to_owned(),
            PaceBound::PerSecond => format!(
                "1/10 of Medium{}",
                medium
                    .per_second_limit
                    .map(|limit| format!(" {limit}/s"))
                    .unwrap_or_default()
            ),
            PaceBound::Daily => "1/2 of Medium left today".to_owned(),
            PaceBound::Blocked => "Zoom paused Medium".to_owned(),
        }
    }
}

/// Whole seconds, or minutes and seconds from two minutes on.
pub fn seconds_text(duration: Duration) -> String {
    let seconds = duration.as_secs();
    if seconds >= 120 {
        match seconds % 60 {
            0 => format!("{} min", seconds / 60),
            rest => format!("{} min {rest} s", seconds / 60),
        }
    } else {
        format!("{seconds} s")
    }
}

/// The daily Medium budget left and the seconds it must last, if the category has a daily cap:
/// Zoom's `X-RateLimit-Remaining` until 00:00 UTC when its limit is a daily one (larger than the
/// per-second limit, or typed `Daily-limit`); else the plan's cap, spread over a whole day (what
/// was used today is not known yet).
fn daily_budget(medium: &RateLimitSnapshot, now: jiff::Timestamp) -> Option<(u64, i64)> {
    let daily_header = medium
        .limit_type
        .as_deref()
        .is_some_and(|kind| kind.eq_ignore_ascii_case("daily-limit"))
        || match (medium.server_limit, medium.per_second_limit) {
            (Some(limit), Some(per_second)) => limit > u64::from(per_second),
            _ => false,
        };
    if daily_header && let Some(remaining) = medium.remaining {
        return Some((remaining, seconds_to_midnight(now)));
    }
    medium.daily_limit.map(|cap| (cap, SECONDS_PER_DAY))
}

/// Seconds from `now` to the next 00:00 UTC (at least one).
fn seconds_to_midnight(now: jiff::Timestamp) -> i64 {
    let seconds = now.as_second();
    (SECONDS_PER_DAY - seconds.rem_euclid(SECONDS_PER_DAY)).max(1)
}

/// The shortest interval between looks of `calls` Medium calls each that the budget allows at
/// `now`, rounded up to whole seconds.
pub fn watch_floor(calls: u32, medium: &RateLimitSnapshot, now: jiff::Timestamp) -> WatchPace {
    let calls = calls.max(1);
    let mut pace = WatchPace {
        interval: MIN_WATCH_INTERVAL,
        bound: PaceBound::Minimum,
        calls_per_look: calls,
    };
    let mut raise = |seconds: f64, bound: PaceBound| {
        if !seconds.is_finite() {
            return;
        }
        let interval = Duration::from_secs(seconds.max(0.0).ceil() as u64);
        if interval > pace.interval {
            pace.interval = interval;
            pace.bound = bound;
        }
    };
    if let Some(rate) = medium.paced_per_second.filter(|rate| *rate > 0.0) {
        raise(
            f64::from(calls) / (rate * SHARE_OF_PACE),
            PaceBound::PerSecond,
        );
    }
    if let Some((left, lasting)) = daily_budget(medium, now) {
        let until_reset = lasting as f64;
        let usable = left as f64 * SHARE_OF_DAY;
        let seconds = if usable < f64::from(calls) {
            until_reset
        } else {
            f64::from(calls) * until_reset / usable
        };
        raise(seconds, PaceBound::Daily);
    }
    let blocked_until = [medium.paused_until, medium.daily_reset_at]
        .into_iter()
        .flatten()
        .max();
    if let Some(until) = blocked_until
        && until > now
    {
        raise(until.duration_since(now).as_secs_f64(), PaceBound::Blocked);
    }
    pace
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zoom::{Category, Plan};

    fn medium(plan: Plan) -> RateLimitSnapshot {
        let per_second = plan.per_second(Category::Medium);
        RateLimitSnapshot {
            category: Category::Medium,
            per_second_limit: per_second,
            paced_per_second: per_second.map(|limit| f64::from(limit) / 1.04),
            server_limit: None,
            remaining: None,
            limit_type: None,
            daily_limit: plan.daily_limit(Category::Medium),
            sent: 0,
            throttled: 0,
            paused_until: None,
            daily_reset_at: None,
        }
    }

    fn noon() -> jiff::Timestamp {
        jiff::Timestamp::constant(1_795_435_200, 0)
    }

    #[test]
    fn a_look_costs_a_call_per_page_of_each_status() {
        assert_eq!(calls_per_look(&[0, 0, 0]), 3);
        assert_eq!(calls_per_look(&[300, 301, 4999]), 1 + 2 + 17);
        assert_eq!(calls_per_look(&[]), 1);
    }

    /// Pro: Medium is 20/s, a tenth of its pace is ~1.9 calls/s: three calls a look every 2 s;
    /// a list of 4,999 (20 calls a look) waits 11 s.
    #[test]
    fn pro_watches_every_two_seconds_and_big_lists_less_often() {
        let pace = watch_floor(3, &medium(Plan::Pro), noon());
        assert_eq!(pace.interval, Duration::from_secs(2));
        let big = watch_floor(20, &medium(Plan::Pro), noon());
        assert_eq!(big.interval, Duration::from_secs(11));
        assert_eq!(big.bound, PaceBound::PerSecond);
    }

    /// Free: 2,000 Medium calls a day; half of them over a whole day is one look of three calls
    /// every 260 s; with 100 left and 12 hours to midnight, one every 43 minutes.
    #[test]
    fn free_plans_are_bound_by_the_daily_cap_and_what_is_left_of_it() {
        let pace = watch_floor(3, &medium(Plan::Free), noon());
        assert_eq!(pace.bound, PaceBound::Daily);
        assert_eq!(pace.interval, Duration::from_secs(260));
        let mut low = medium(Plan::Free);
        low.server_limit = Some(2000);
        low.remaining = Some(100);
        let pace = watch_floor(3, &low, noon());
        assert_eq!(pace.interval, Duration::from_secs(3 * 43_200 / 50));
        low.remaining = Some(1);
        assert_eq!(
            watch_floor(3, &low, noon()).interval,
            Duration::from_secs(43_200)
        );
    }

    /// A per-second `X-RateLimit-Remaining` (limit 20 on Pro) is not a daily budget.
    #[test]
    fn a_per_second_remaining_is_not_read_as_a_daily_budget() {
        let mut pro = medium(Plan::Pro);
        pro.server_limit = Some(20);
        pro.remaining = Some(0);
        assert_eq!(watch_floor(3, &pro, noon()).bound, PaceBound::Minimum);
    }

    #[test]
    fn a_pause_by_zoom_holds_the_watch_until_it_ends() {
        let mut paused = medium(Plan::Unlimited);
        paused.daily_reset_at = Some(noon() + jiff::SignedDuration::from_secs(90));
        let pace = watch_floor(3, &paused, noon());
        assert_eq!(pace.interval, Duration::from_secs(90));
        assert_eq!(pace.bound, PaceBound::Blocked);
        assert_eq!(
            watch_floor(3, &medium(Plan::Unlimited), noon()).interval,
            MIN_WATCH_INTERVAL
        );
    }

    #[test]
    fn intervals_read_in_seconds_or_minutes() {
        assert_eq!(seconds_text(Duration::from_secs(4)), "4 s");
        assert_eq!(seconds_text(Duration::from_secs(260)), "4 min 20 s");
        assert_eq!(seconds_text(Duration::from_secs(600)), "10 min");
    }
}
