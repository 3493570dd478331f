//! The simulator's wall clock: the host's UTC time shifted by a settable offset, so tests and demos
//! can reproduce "my server is two minutes behind Zoom" without touching the host clock. Token
//! expiry, the `Date` header and the UTC day of the daily rate limits all read this clock.

use std::sync::atomic::{AtomicI64, Ordering};

use jiff::{SignedDuration, Timestamp};

const SECONDS_PER_DAY: i64 = 86_400;

#[derive(Debug, Default)]
pub(crate) struct SimClock {
    offset_secs: AtomicI64,
}

impl SimClock {
    pub(crate) fn new(offset_secs: i64) -> Self {
        Self {
            offset_secs: AtomicI64::new(offset_secs),
        }
    }

    pub(crate) fn set_offset(&self, offset_secs: i64) {
        self.offset_secs.store(offset_secs, Ordering::SeqCst);
    }

    pub(crate) fn offset(&self) -> i64 {
        self.offset_secs.load(Ordering::SeqCst)
    }

    /// The simulator's "now", to the second (Zoom's timestamps carry no fractions).
    pub(crate) fn now(&self) -> Timestamp {
        let host = host_now();
        let shifted = host.saturating_add(SignedDuration::from_secs(self.offset()));
        match shifted {
            Ok(ts) => truncate_to_second(ts),
            Err(_) => truncate_to_second(host),
        }
    }

    pub(crate) fn unix_seconds(&self) -> i64 {
        self.now().as_second()
    }

    /// The number of the current UTC day: daily counters are keyed by it, so they reset at
    /// 00:00 UTC of this clock.
    pub(crate) fn utc_day(&self) -> i64 {
        self.unix_seconds().div_euclid(SECONDS_PER_DAY)
    }
}

/// The host's UTC time, moved by however far tokio's clock is from the system's monotonic clock:
/// nothing in a normal run; on a paused test runtime (`#[tokio::test(start_paused = true)]`), the
/// time the test has advanced, so that token expiry and `Date` follow the test's time.
fn host_now() -> Timestamp {
    let tokio_now = tokio::time::Instant::now().into_std();
    let system_now = std::time::Instant::now();
    let skew = match tokio_now.checked_duration_since(system_now) {
        Some(ahead) => SignedDuration::try_from(ahead).unwrap_or(SignedDuration::ZERO),
        None => SignedDuration::try_from(system_now.duration_since(tokio_now))
            .map(|behind| -behind)
            .unwrap_or(SignedDuration::ZERO),
    };
    let now = Timestamp::now();
    now.checked_add(skew).unwrap_or(now)
}

pub(crate) fn truncate_to_second(ts: Timestamp) -> Timestamp {
    Timestamp::from_second(ts.as_second()).unwrap_or(ts)
}

/// 00:00:00 UTC of the day after `utc_day`, as Zoom writes it in a daily `Retry-After`.
pub(crate) fn next_midnight_iso(utc_day: i64) -> String {
    match Timestamp::from_second((utc_day + 1) * SECONDS_PER_DAY) {
        Ok(ts) => iso(ts),
        Err(_) => String::from("9999-12-31T00:00:00Z"),
    }
}

/// Zoom's timestamp format: RFC 3339 in UTC with a `Z` and no fractional seconds.
pub(crate) fn iso(ts: Timestamp) -> String {
    truncate_to_second(ts).to_string()
}

/// An RFC 9110 HTTP-date (`Sun, 06 Nov 1994 08:49:37 GMT`) for the `Date` header.
pub(crate) fn http_date(ts: Timestamp) -> String {
    jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_rfc9110_string(&ts)
        .unwrap_or_else(|_| String::from("Thu, 01 Jan 1970 00:00:00 GMT"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_shifts_now_and_the_utc_day() {
        let clock = SimClock::new(0);
        let before = clock.unix_seconds();
        clock.set_offset(2 * SECONDS_PER_DAY);
        let after = clock.unix_seconds();
        assert!(after - before >= 2 * SECONDS_PER_DAY - 1);
        assert!(clock.utc_day() >= before.div_euclid(SECONDS_PER_DAY) + 2);
    }

    #[test]
    fn formats_match_zoom_and_http() {
        let ts = Timestamp::from_second(784_111_777).unwrap_or(Timestamp::UNIX_EPOCH);
        assert_eq!(http_date(ts), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(iso(ts), "1994-11-06T08:49:37Z");
        assert_eq!(
            next_midnight_iso(784_111_777 / SECONDS_PER_DAY),
            "1994-11-07T00:00:00Z"
        );
    }
}
