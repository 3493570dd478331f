//! Measures the offset of Zoom's clock to the local one from the `Date` header of every response.
//!
//! `Date` has one-second resolution and is stamped somewhere between sending the request and
//! receiving the answer, so each response bounds the offset to an interval:
//! `(date − received, date + 1 − sent)`. Intersecting the intervals of successive responses
//! narrows the estimate; if they stop overlapping (a clock was stepped) the newest sample wins.
//! Legacy JWTs use the estimate to put Zoom's time in `exp`.

use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use super::client_events::ClockOffset;

/// Changes of the estimate smaller than this are not announced.
const ANNOUNCE_THRESHOLD_SECS: f64 = 0.25;

#[derive(Debug, Default)]
pub(crate) struct ClockOffsetTracker {
    state: Mutex<Option<Bounds>>,
}

#[derive(Debug, Clone, Copy)]
struct Bounds {
    low: f64,
    high: f64,
    samples: u64,
    announced: f64,
}

impl Bounds {
    fn offset(&self) -> ClockOffset {
        ClockOffset {
            estimate_secs: (self.low + self.high) / 2.0,
            uncertainty_secs: (self.high - self.low) / 2.0,
            samples: self.samples,
        }
    }
}

pub(crate) fn unix_secs(time: SystemTime) -> f64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(since) => since.as_secs_f64(),
        Err(before) => -before.duration().as_secs_f64(),
    }
}

/// Parses an HTTP `Date` header (`Sun, 06 Nov 1994 08:49:37 GMT`) into Unix seconds.
pub(crate) fn parse_http_date(value: &str) -> Option<jiff::Timestamp> {
    jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(value.trim())
        .ok()
}

impl ClockOffsetTracker {
    /// Takes one response's `Date` into account. Returns the new estimate when it moved enough to
    /// be worth announcing.
    pub fn observe(
        &self,
        date_header: &str,
        sent: SystemTime,
        received: SystemTime,
    ) -> Option<ClockOffset> {
        let date = parse_http_date(date_header)?.as_second() as f64;
        let low = date - unix_secs(received);
        let high = date + 1.0 - unix_secs(sent);
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let next = match *state {
            Some(bounds) if low.max(bounds.low) < high.min(bounds.high) => Bounds {
                low: low.max(bounds.low),
                high: high.min(bounds.high),
                samples: bounds.samples + 1,
                announced: bounds.announced,
            },
            Some(bounds) => Bounds {
                low,
                high,
                samples: 1,
                announced: bounds.announced,
            },
            None => Bounds {
                low,
                high,
                samples: 1,
                announced: f64::NAN,
            },
        };
        let estimate = next.offset();
        let announce = next.announced.is_nan()
            || (estimate.estimate_secs - next.announced).abs() >= ANNOUNCE_THRESHOLD_SECS;
        *state = Some(Bounds {
            announced: if announce {
                estimate.estimate_secs
            } else {
                next.announced
            },
            ..next
        });
        announce.then_some(estimate)
    }

    pub fn current(&self) -> Option<ClockOffset> {
        let state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        state.map(|bounds| bounds.offset())
    }

    /// Zoom's time at local wall-clock time `now`, in Unix seconds, as far as we can tell.
    pub fn server_now_secs(&self, now: SystemTime) -> f64 {
        unix_secs(now) + self.current().map_or(0.0, |offset| offset.estimate_secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: f64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs_f64(secs)
    }

    #[test]
    fn samples_narrow_the_estimate() {
        let tracker = ClockOffsetTracker::default();
        // Zoom is 120.3 s ahead. Local 1000.0–1000.1 → Zoom 1120.3–1120.4 → Date 1120.
        let date = "Thu, 01 Jan 1970 00:18:40 GMT"; // 1120
        let first = tracker.observe(date, at(1000.0), at(1000.1)).unwrap();
        assert!((first.estimate_secs - 120.45).abs() < 0.01, "{first:?}");
        assert!((first.uncertainty_secs - 0.55).abs() < 0.01);
        // Local 1000.75–1000.8 → Zoom 1121.05–1121.1 → Date 1121: low = 120.2, high = 121.25.
        tracker.observe("Thu, 01 Jan 1970 00:18:41 GMT", at(1000.75), at(1000.8));
        let narrowed = tracker.current().unwrap();
        assert!(narrowed.uncertainty_secs < first.uncertainty_secs);
        assert!((narrowed.estimate_secs - 120.3).abs() < 0.5, "{narrowed:?}");
        assert_eq!(narrowed.samples, 2);
    }

    #[test]
    fn a_stepped_clock_replaces_the_estimate() {
        let tracker = ClockOffsetTracker::default();
        tracker.observe("Thu, 01 Jan 1970 00:18:40 GMT", at(1000.0), at(1000.1));
        tracker.observe("Thu, 01 Jan 1970 00:16:50 GMT", at(1000.0), at(1000.1)); // 1010: +10 s
        let now = tracker.current().unwrap();
        assert!((now.estimate_secs - 10.45).abs() < 0.01, "{now:?}");
        assert_eq!(now.samples, 1);
    }
}
