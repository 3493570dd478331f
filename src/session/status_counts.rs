//! How many registrants an event has in each status (approved, pending, denied), counted from
//! Zoom's `total_records` with one small request per status, and whether the rate-limit budget
//! leaves room for such counting: it is a nicety that must never crowd out what the user asked for.

use crate::zoom::{Category, EventRef, ListStatus, RateLimitSnapshot, ZoomClient, ZoomError};

/// Requests one count takes (one list call per status, all in the Medium category).
pub const CALLS_PER_COUNT: u64 = ListStatus::ALL.len() as u64;

/// Registrants of one event by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StatusCounts {
    pub approved: u64,
    pub pending: u64,
    pub denied: u64,
}

impl StatusCounts {
    pub fn total(&self) -> u64 {
        self.approved + self.pending + self.denied
    }

    /// Compact, for a table cell: `12✓ 3… 1✗` (approved, pending, denied; zeros left out, a
    /// marker per status so that colour is never needed); `0` when nobody registered.
    pub fn compact(&self) -> String {
        let parts: Vec<String> = [
            (self.approved, APPROVED_MARK),
            (self.pending, PENDING_MARK),
            (self.denied, DENIED_MARK),
        ]
        .iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, mark)| format!("{count}{mark}"))
        .collect();
        if parts.is_empty() {
            "0".to_owned()
        } else {
            parts.join(" ")
        }
    }
}

/// The marks of [`StatusCounts::compact`], for legends.
pub const APPROVED_MARK: char = '✓';
pub const PENDING_MARK: char = '…';
pub const DENIED_MARK: char = '✗';

/// What the marks mean, for the help overlay (one entry per line).
pub const LEGEND: [&str; 2] = [
    "Registrants: 12✓ approved · 3… pending · 1✗ denied (zeros left out)",
    "  counted for the rows shown while the rate budget allows; – no registration",
];

/// Why an event's registrants were not counted.
#[derive(Debug, Clone)]
pub enum NotCounted {
    /// The Medium category's budget is low: counting waits, so that the user's own requests
    /// (listing registrants, changing statuses) keep their room.
    BudgetLow,
    Failed(ZoomError),
}

/// Whether the Medium category (where registrant lists are) has room for one count beside the
/// user's own work: not while Zoom asked the category to pause or its daily limit is hit, and
/// not when a daily budget has fewer requests left than a count takes plus a reserve (a tenth of
/// it, at least one more count's worth). A per-second budget (the limit Zoom reports is the
/// plan's per-second one, or `QPS`) refills within a second and the client paces to it, so it
/// never stops counting; neither does a budget not known yet.
pub fn budget_allows_count(limits: &[RateLimitSnapshot], now: jiff::Timestamp) -> bool {
    let Some(medium) = limits
        .iter()
        .find(|limit| limit.category == Category::Medium)
    else {
        return true;
    };
    if medium.paused_until.is_some_and(|until| until > now)
        || medium.daily_reset_at.is_some_and(|until| until > now)
    {
        return false;
    }
    let per_second = medium.limit_type.as_deref() == Some("QPS")
        || (medium.server_limit.is_some()
            && medium.server_limit == medium.per_second_limit.map(u64::from));
    match (medium.remaining, medium.server_limit) {
        _ if per_second => true,
        (Some(remaining), Some(limit)) => {
            remaining >= CALLS_PER_COUNT + (limit / 10).max(CALLS_PER_COUNT)
        }
        (Some(remaining), None) => remaining >= 2 * CALLS_PER_COUNT,
        (None, _) => true,
    }
}

/// Counts `event`'s registrants by status, unless the budget is low (checked first, from the
/// client's own rate-limit state; nothing is sent then).
pub async fn count(
    client: &ZoomClient,
    event: EventRef,
    now: jiff::Timestamp,
) -> Result<StatusCounts, NotCounted> {
    if !budget_allows_count(&client.rate_limits(), now) {
        return Err(NotCounted::BudgetLow);
    }
    let (approved, pending, denied) = futures::try_join!(
        client.count_registrants(event, ListStatus::Approved),
        client.count_registrants(event, ListStatus::Pending),
        client.count_registrants(event, ListStatus::Denied),
    )
    .map_err(NotCounted::Failed)?;
    Ok(StatusCounts {
        approved,
        pending,
        denied,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn medium(remaining: Option<u64>, limit: Option<u64>) -> RateLimitSnapshot {
        RateLimitSnapshot {
            category: Category::Medium,
            per_second_limit: Some(20),
            paced_per_second: Some(19.0),
            server_limit: limit,
            remaining,
            limit_type: None,
            sent: 5,
            throttled: 0,
            paused_until: None,
            daily_reset_at: None,
            daily_limit: None,
        }
    }

    fn now() -> jiff::Timestamp {
        jiff::Timestamp::constant(1_795_435_200, 0)
    }

    #[test]
    fn counting_stops_when_the_medium_budget_runs_low_or_zoom_asked_to_wait() {
        assert!(budget_allows_count(&[], now()), "nothing known yet");
        assert!(budget_allows_count(&[medium(None, None)], now()));
        assert!(budget_allows_count(
            &[medium(Some(2000), Some(2000))],
            now()
        ));
        assert!(budget_allows_count(&[medium(Some(203), Some(2000))], now()));
        assert!(
            !budget_allows_count(&[medium(Some(202), Some(2000))], now()),
            "a daily budget keeps a tenth for the user"
        );
        assert!(
            budget_allows_count(&[medium(Some(1), Some(20))], now()),
            "a per-second budget refills within the second; the client paces to it"
        );
        assert!(!budget_allows_count(&[medium(Some(5), None)], now()));
        let paused = RateLimitSnapshot {
            paused_until: Some(now() + jiff::SignedDuration::from_secs(1)),
            ..medium(Some(20), Some(20))
        };
        assert!(!budget_allows_count(std::slice::from_ref(&paused), now()));
        let later = now() + jiff::SignedDuration::from_secs(2);
        assert!(budget_allows_count(&[paused], later), "the pause ended");
        let daily = RateLimitSnapshot {
            daily_reset_at: Some(now() + jiff::SignedDuration::from_hours(3)),
            ..medium(None, None)
        };
        assert!(!budget_allows_count(&[daily], now()));
    }

    #[test]
    fn counts_read_compactly_with_a_mark_per_status() {
        let counts = StatusCounts {
            approved: 12,
            pending: 3,
            denied: 1,
        };
        assert_eq!(counts.compact(), "12✓ 3… 1✗");
        let approved_only = StatusCounts {
            approved: 83,
            ..StatusCounts::default()
        };
        assert_eq!(approved_only.compact(), "83✓");
        assert_eq!(StatusCounts::default().compact(), "0");
        assert_eq!(counts.total(), 16);
        for mark in [APPROVED_MARK, PENDING_MARK, DENIED_MARK] {
            assert!(LEGEND[0].contains(mark), "the legend explains {mark}");
        }
    }
}
