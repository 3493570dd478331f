//! Zoom's rate limits (zoom-api.md §5): per-second limits per account and category counted in a
//! strict sliding one-second window, daily caps per category, and the per-registrant daily limits
//! (3 registrations, 10 status changes per registrant per meeting per UTC day). A rejection
//! becomes a 429 with Zoom's headers and body.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use axum::http::{HeaderName, StatusCode};

use super::clock::next_midnight_iso;
use super::config::{Category, DailyCaps, Plan};
use super::errors::ApiError;
use super::world::EventKind;

const WINDOW: Duration = Duration::from_secs(1);
pub(crate) const ADDS_PER_REGISTRANT_PER_DAY: u32 = 3;
pub(crate) const STATUS_CHANGES_PER_REGISTRANT_PER_DAY: u32 = 10;

pub(crate) const X_CATEGORY: HeaderName = HeaderName::from_static("x-ratelimit-category");
pub(crate) const X_TYPE: HeaderName = HeaderName::from_static("x-ratelimit-type");
pub(crate) const X_LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
pub(crate) const X_REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
pub(crate) const RETRY_AFTER: HeaderName = HeaderName::from_static("retry-after");

/// The rate-limit headers of an admitted request.
#[derive(Debug, Clone)]
pub(crate) struct Budget {
    pub category: Category,
    /// (limit, remaining): the daily budget where the plan has one, else the per-second one.
    pub limit_remaining: Option<(u64, u64)>,
}

impl Budget {
    pub(crate) fn headers(&self) -> Vec<(HeaderName, String)> {
        let mut headers = vec![(X_CATEGORY, self.category.header_value().to_owned())];
        if let Some((limit, remaining)) = self.limit_remaining {
            headers.push((X_LIMIT, limit.to_string()));
            headers.push((X_REMAINING, remaining.to_string()));
        }
        headers
    }
}

/// Which limit turned a request away: the key of the 429 counts in the statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LimitKind {
    /// The account's per-second limit of the category.
    PerSecond,
    /// The account's daily cap of the category.
    Daily,
    /// 3 registrations per registrant per meeting per day.
    RegistrantAdds,
    /// 10 status changes per registrant per meeting per day.
    RegistrantStatus,
    /// A run of 429s injected by `--faults 429=…`.
    FaultBurst,
}

#[derive(Debug, Default)]
pub(crate) struct RateLimiter {
    admitted: HashMap<Category, VecDeque<Instant>>,
    daily: HashMap<Category, (i64, u64)>,
    adds: HashMap<(EventKind, u64, String), (i64, u32)>,
    status_changes: HashMap<(EventKind, u64, String), (i64, u32)>,
}

impl RateLimiter {
    /// Admits one request of `category` or says which limit it breaks.
    pub(crate) fn admit(
        &mut self,
        category: Category,
        plan: Plan,
        caps: DailyCaps,
        now: Instant,
        utc_day: i64,
    ) -> Result<Budget, (LimitKind, ApiError)> {
        let daily = self.daily.entry(category).or_insert((utc_day, 0));
        if daily.0 != utc_day {
            *daily = (utc_day, 0);
        }
        let cap = caps.get(category);
        if let Some(cap) = cap
            && daily.1 >= cap
        {
            return Err((LimitKind::Daily, daily_rejection(category, cap, utc_day)));
        }
        let per_second = plan.per_second(category);
        let window = self.admitted.entry(category).or_default();
        while window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= WINDOW)
        {
            window.pop_front();
        }
        if let Some(limit) = per_second
            && window.len() >= limit as usize
        {
            let oldest = window.front().copied().unwrap_or(now);
            let wait = WINDOW.saturating_sub(now.duration_since(oldest));
            return Err((
                LimitKind::PerSecond,
                per_second_rejection(category, limit, wait),
            ));
        }
        window.push_back(now);
        daily.1 += 1;
        let limit_remaining = match (cap, per_second) {
            (Some(cap), _) => Some((cap, cap - daily.1)),
            (None, Some(limit)) => Some((u64::from(limit), u64::from(limit) - window.len() as u64)),
            (None, None) => None,
        };
        Ok(Budget {
            category,
            limit_remaining,
        })
    }

    /// Charges one registration attempt to each email (duplicates count twice) if none of them
    /// goes over 3 today; otherwise charges nothing and returns the first email over the limit.
    pub(crate) fn charge_adds(
        &mut self,
        kind: EventKind,
        event_id: u64,
        emails: &[&str],
        utc_day: i64,
    ) -> Result<(), String> {
        let keys: Vec<(String, String)> = emails
            .iter()
            .map(|e| (e.to_ascii_lowercase(), (*e).to_owned()))
            .collect();
        charge(
            &mut self.adds,
            kind,
            event_id,
            &keys,
            utc_day,
            ADDS_PER_REGISTRANT_PER_DAY,
        )
    }

    /// Charges one status change to each registrant `(id, email)`, all or nothing like
    /// `charge_adds`.
    pub(crate) fn charge_status(
        &mut self,
        kind: EventKind,
        event_id: u64,
        registrants: &[(String, String)],
        utc_day: i64,
    ) -> Result<(), String> {
        charge(
            &mut self.status_changes,
            kind,
            event_id,
            registrants,
            utc_day,
            STATUS_CHANGES_PER_REGISTRANT_PER_DAY,
        )
    }
}

/// `keys` are (counter key, name for the message).
fn charge(
    counters: &mut HashMap<(EventKind, u64, String), (i64, u32)>,
    kind: EventKind,
    event_id: u64,
    keys: &[(String, String)],
    utc_day: i64,
    limit: u32,
) -> Result<(), String> {
    let mut wanted: HashMap<&str, u32> = HashMap::new();
    for (key, name) in keys {
        let extra = wanted.entry(key.as_str()).or_insert(0);
        *extra += 1;
        let used = match counters.get(&(kind, event_id, key.clone())) {
            Some((day, used)) if *day == utc_day => *used,
            _ => 0,
        };
        if used + *extra > limit {
            return Err(name.clone());
        }
    }
    for (key, extra) in wanted {
        let counter = counters
            .entry((kind, event_id, key.to_owned()))
            .or_insert((utc_day, 0));
        if counter.0 != utc_day {
            *counter = (utc_day, 0);
        }
        counter.1 += extra;
    }
    Ok(())
}

fn per_second_rejection(category: Category, limit: u32, wait: Duration) -> ApiError {
    let retry_after = wait.as_secs_f64().ceil().max(1.0) as u64;
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        429,
        "You have reached the maximum per-second rate limit for this API. Try again later.",
    )
    .with_header(X_CATEGORY, category.header_value())
    .with_header(X_TYPE, "QPS")
    .with_header(X_LIMIT, limit.to_string())
    .with_header(X_REMAINING, "0")
    .with_header(RETRY_AFTER, retry_after.to_string())
}

/// The per-second 429 of an injected burst.
pub(crate) fn burst_rejection(category: Category, plan: Plan) -> ApiError {
    let limit = plan.per_second(category).unwrap_or(1);
    per_second_rejection(category, limit, WINDOW)
}

fn daily_rejection(category: Category, cap: u64, utc_day: i64) -> ApiError {
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        429,
        "You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.",
    )
    .with_header(X_CATEGORY, category.header_value())
    .with_header(X_TYPE, "Daily-limit")
    .with_header(X_LIMIT, cap.to_string())
    .with_header(X_REMAINING, "0")
    .with_header(RETRY_AFTER, next_midnight_iso(utc_day))
}

/// What the per-registrant limit was charged for, which sets the 429 message.
#[derive(Debug, Clone, Copy)]
pub(crate) enum RegistrantLimit {
    Add,
    Batch,
    Status,
}

impl RegistrantLimit {
    pub(crate) fn kind(self) -> LimitKind {
        match self {
            RegistrantLimit::Add | RegistrantLimit::Batch => LimitKind::RegistrantAdds,
            RegistrantLimit::Status => LimitKind::RegistrantStatus,
        }
    }
}

pub(crate) fn registrant_rejection(
    what: RegistrantLimit,
    kind: EventKind,
    category: Category,
    registrant: &str,
    utc_day: i64,
) -> ApiError {
    let adds = ADDS_PER_REGISTRANT_PER_DAY;
    let (limit, message) = match (what, kind) {
        (RegistrantLimit::Add, EventKind::Meeting) => (
            adds,
            format!(
                "You have exceeded the daily rate limit of \"{adds}\" for Add meeting registrant API requests for the registrant \"{registrant}\". You can resume these API requests at GMT 00:00:00."
            ),
        ),
        (RegistrantLimit::Add, EventKind::Webinar) => (
            adds,
            format!(
                "You have exceeded the daily rate limit of \"{adds}\" for Add webinar registrant API requests for the registrant \"{registrant}\". You can resume these API requests at GMT 00:00:00."
            ),
        ),
        (RegistrantLimit::Batch, EventKind::Meeting) => (
            adds,
            format!(
                "You have exceeded the daily rate limit of \"{adds}\" for meeting Perform batch registration API requests for the registrant \"{registrant}\". You can resume these API requests at GMT 00:00:00."
            ),
        ),
        (RegistrantLimit::Batch, EventKind::Webinar) => (
            adds,
            format!(
                "You have exceeded the daily rate limit ({adds}) of Webinar Batch Registration API requests permitted for ({registrant}) this particular registrant. You may resume these requests at GMT 00:00:00."
            ),
        ),
        (RegistrantLimit::Status, kind) => (
            STATUS_CHANGES_PER_REGISTRANT_PER_DAY,
            format!(
                "You have exceeded the daily rate limit of ({STATUS_CHANGES_PER_REGISTRANT_PER_DAY}) for {} Update registrant's status API requests for the registrant \"{registrant}\". You may resume these requests at GMT 00:00:00.",
                kind.name()
            ),
        ),
    };
    ApiError::new(StatusCode::TOO_MANY_REQUESTS, 429, message)
        .with_header(X_CATEGORY, category.header_value())
        .with_header(X_TYPE, "Daily-limit")
        .with_header(X_LIMIT, limit.to_string())
        .with_header(X_REMAINING, "0")
        .with_header(RETRY_AFTER, next_midnight_iso(utc_day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_per_second_window_slides() {
        let mut limiter = RateLimiter::default();
        let start = Instant::now();
        let caps = DailyCaps::default();
        for _ in 0..10 {
            assert!(
                limiter
                    .admit(Category::Heavy, Plan::Pro, caps, start, 0)
                    .is_ok()
            );
        }
        let late = start + Duration::from_millis(999);
        let (kind, error) = limiter
            .admit(Category::Heavy, Plan::Pro, caps, late, 0)
            .unwrap_err();
        assert_eq!(kind, LimitKind::PerSecond);
        assert_eq!(error.status, StatusCode::TOO_MANY_REQUESTS);
        // Other categories are counted apart.
        assert!(
            limiter
                .admit(Category::Light, Plan::Pro, caps, start, 0)
                .is_ok()
        );
        assert!(
            limiter
                .admit(Category::Heavy, Plan::Pro, caps, start + WINDOW, 0)
                .is_ok()
        );
    }

    #[test]
    fn paced_requests_pass_and_daily_caps_reset_at_midnight() {
        let mut limiter = RateLimiter::default();
        let start = Instant::now();
        let caps = DailyCaps {
            light: None,
            medium: Some(5),
            heavy: None,
        };
        for n in 0..5u64 {
            let at = start + Duration::from_millis(500 * n);
            assert!(
                limiter
                    .admit(Category::Medium, Plan::Free, caps, at, 7)
                    .is_ok(),
                "request {n}"
            );
        }
        let (kind, error) = limiter
            .admit(Category::Medium, Plan::Free, caps, start + WINDOW * 5, 7)
            .unwrap_err();
        assert_eq!(kind, LimitKind::Daily);
        assert!(
            error
                .headers
                .iter()
                .any(|(n, v)| *n == RETRY_AFTER && v.ends_with("T00:00:00Z"))
        );
        assert!(
            limiter
                .admit(Category::Medium, Plan::Free, caps, start + WINDOW * 6, 8)
                .is_ok()
        );
    }

    #[test]
    fn registrant_limits_are_all_or_nothing() {
        let mut limiter = RateLimiter::default();
        let (meeting, a, b) = (EventKind::Meeting, "a@x.example", "b@x.example");
        assert!(
            limiter
                .charge_adds(meeting, 1, &[a, "A@x.example"], 0)
                .is_ok()
        );
        assert_eq!(
            limiter.charge_adds(meeting, 1, &[b, a, a], 0),
            Err(a.to_owned())
        );
        assert!(limiter.charge_adds(meeting, 1, &[a], 0).is_ok());
        assert!(limiter.charge_adds(meeting, 1, &[b, b, b], 0).is_ok());
        assert!(limiter.charge_adds(meeting, 1, &[a], 0).is_err());
        assert!(limiter.charge_adds(meeting, 2, &[a], 0).is_ok());
        assert!(limiter.charge_adds(meeting, 1, &[a], 1).is_ok());
    }
}
