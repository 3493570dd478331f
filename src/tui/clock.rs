//! The wall clock the app reads for countdowns and default file names, and the time zone it
//! shows times in (the user's own), both injected so that tests and snapshots render the same
//! text on every run.

use std::sync::Arc;

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// Where the app gets "now" and the user's time zone from.
pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
    /// The zone times are shown in.
    fn zone(&self) -> TimeZone {
        TimeZone::UTC
    }
}

/// The real clock, in the system's time zone (`TZ`, else `/etc/localtime`; UTC when neither
/// can be read).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }

    fn zone(&self) -> TimeZone {
        TimeZone::try_system().unwrap_or_else(|error| {
            tracing::warn!("times are shown in UTC: the system's time zone is unknown ({error})");
            TimeZone::UTC
        })
    }
}

/// A clock that stands still, in UTC (tests, snapshots).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}

/// A clock that stands still in the given zone (tests of what a user away from UTC sees).
#[derive(Debug, Clone)]
pub struct FixedZonedClock(pub Timestamp, pub TimeZone);

impl Clock for FixedZonedClock {
    fn now(&self) -> Timestamp {
        self.0
    }

    fn zone(&self) -> TimeZone {
        self.1.clone()
    }
}

/// The clock as the app holds it.
pub type SharedClock = Arc<dyn Clock>;

/// `at` as a time of day in `zone`: "14:03:07".
pub fn time_of_day(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned(zone.clone()).strftime("%H:%M:%S").to_string()
}

/// `at` to the minute in `zone`, for a table cell: "2026-11-03 14:03".
pub fn minute(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned(zone.clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

/// `at` in full in `zone`, the zone named: "2026-11-03 14:03:07 CET".
pub fn full(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned(zone.clone())
        .strftime("%Y-%m-%d %H:%M:%S %Z")
        .to_string()
}

/// The zone's short name at `at`, for a column's header: "CET", "UTC", "-03".
pub fn zone_name(zone: &TimeZone, at: Timestamp) -> String {
    at.to_zoned(zone.clone()).strftime("%Z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("a timestamp")
    }

    #[test]
    fn times_are_written_in_the_users_zone_and_name_it() {
        let berlin = TimeZone::get("Europe/Berlin").expect("the tz database");
        let late = at("2026-11-03T23:30:00Z");
        assert_eq!(time_of_day(late, &berlin), "00:30:00");
        assert_eq!(minute(late, &berlin), "2026-11-04 00:30");
        assert_eq!(full(late, &berlin), "2026-11-04 00:30:00 CET");
        assert_eq!(full(late, &TimeZone::UTC), "2026-11-03 23:30:00 UTC");
        assert_eq!(zone_name(&berlin, at("2026-07-01T12:00:00Z")), "CEST");
    }
}
