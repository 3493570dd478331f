//! Meetings and webinars: which one (kind and ID), their types, approval and registration
//! settings, occurrences, and how listings ask for them.

use super::*;

/// Whether an ID names a meeting or a webinar. It decides the path prefix of every endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Meeting,
    Webinar,
}

impl EventKind {
    /// The path segment of this kind's endpoints: `meetings` or `webinars`.
    pub fn path_segment(self) -> &'static str {
        match self {
            EventKind::Meeting => "meetings",
            EventKind::Webinar => "webinars",
        }
    }

    /// `meeting` or `webinar`, for messages.
    pub fn noun(self) -> &'static str {
        match self {
            EventKind::Meeting => "meeting",
            EventKind::Webinar => "webinar",
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.noun())
    }
}

/// One meeting or webinar, by kind and numeric ID (Zoom's IDs exceed 32 bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EventRef {
    pub kind: EventKind,
    pub id: u64,
}

impl EventRef {
    pub fn meeting(id: u64) -> Self {
        EventRef {
            kind: EventKind::Meeting,
            id,
        }
    }

    pub fn webinar(id: u64) -> Self {
        EventRef {
            kind: EventKind::Webinar,
            id,
        }
    }

    /// `/meetings/{id}` or `/webinars/{id}`.
    pub fn path(&self) -> String {
        format!("/{}/{}", self.kind.path_segment(), self.id)
    }
}

impl fmt::Display for EventRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind.noun(), self.id)
    }
}

open_int_enum! {
    /// `settings.approval_type`: whether and how registration works.
    ApprovalType {
        /// Registrants are approved automatically.
        Automatic = 0,
        /// The host approves each registrant.
        Manual = 1,
        /// Registration is not required (Zoom's default).
        NoRegistration = 2,
    }
}

impl ApprovalType {
    /// Whether this setting means the event takes registrations.
    pub fn registration_enabled(self) -> bool {
        matches!(self, ApprovalType::Automatic | ApprovalType::Manual)
    }

    /// Plain words for listings.
    pub fn describe(self) -> String {
        match self {
            ApprovalType::Automatic => "auto-approve".to_owned(),
            ApprovalType::Manual => "manual approval".to_owned(),
            ApprovalType::NoRegistration => "off".to_owned(),
            ApprovalType::Other(code) => format!("unknown ({code})"),
        }
    }
}

open_int_enum! {
    /// `settings.registration_type` of recurring events with a fixed time.
    RegistrationType {
        /// Register once and attend any occurrence.
        OnceAttendAny = 1,
        /// Register for each occurrence separately.
        EachOccurrence = 2,
        /// Register once and choose one or more occurrences.
        OnceChooseOccurrences = 3,
    }
}

open_int_enum! {
    /// The `type` of a meeting or webinar.
    EventType {
        Instant = 1,
        Scheduled = 2,
        RecurringNoFixedTime = 3,
        RecurringFixedTime = 8,
        Webinar = 5,
        RecurringWebinarNoFixedTime = 6,
        RecurringWebinarFixedTime = 9,
    }
}

impl EventType {
    /// Plain words for listings.
    pub fn describe(self) -> String {
        match self {
            EventType::Instant => "instant".to_owned(),
            EventType::Scheduled | EventType::Webinar => "scheduled".to_owned(),
            EventType::RecurringNoFixedTime | EventType::RecurringWebinarNoFixedTime => {
                "recurring (no fixed time)".to_owned()
            }
            EventType::RecurringFixedTime | EventType::RecurringWebinarFixedTime => {
                "recurring".to_owned()
            }
            EventType::Other(code) => format!("type {code}"),
        }
    }
}

/// Which meetings or webinars to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ListScope {
    /// Every unexpired scheduled event, live ones and upcoming ones (Zoom's `scheduled`).
    #[default]
    All,
    /// Only upcoming ones.
    Upcoming,
}

impl ListScope {
    pub(crate) fn query_value(self) -> &'static str {
        match self {
            ListScope::All => "scheduled",
            ListScope::Upcoming => "upcoming",
        }
    }
}

/// A meeting or webinar as listings return it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventSummary {
    #[serde(deserialize_with = "lenient::u64")]
    pub id: u64,
    #[serde(default)]
    pub uuid: Option<String>,
    #[serde(default)]
    pub host_id: Option<String>,
    #[serde(default)]
    pub topic: String,
    #[serde(rename = "type", default = "EventType::unknown")]
    pub event_type: EventType,
    #[serde(default, with = "lenient::timestamp")]
    pub start_time: Option<jiff::Timestamp>,
    /// Minutes.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub duration: Option<u64>,
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default)]
    pub agenda: Option<String>,
    #[serde(default, with = "lenient::timestamp")]
    pub created_at: Option<jiff::Timestamp>,
    #[serde(default)]
    pub join_url: Option<String>,
}

impl EventType {
    fn unknown() -> Self {
        EventType::Other(0)
    }
}

/// One occurrence of a recurring meeting or webinar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Occurrence {
    /// Milliseconds since the epoch, as a string (Zoom's format).
    #[serde(deserialize_with = "lenient::string")]
    pub occurrence_id: String,
    #[serde(default, with = "lenient::timestamp")]
    pub start_time: Option<jiff::Timestamp>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub duration: Option<u64>,
    /// `available` or `deleted`.
    #[serde(default)]
    pub status: Option<String>,
}

/// The registration settings of a meeting or webinar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegistrationSettings {
    #[serde(default = "ApprovalType::zoom_default")]
    pub approval_type: ApprovalType,
    #[serde(default)]
    pub registration_type: Option<RegistrationType>,
    #[serde(default)]
    pub registrants_confirmation_email: Option<bool>,
    #[serde(default)]
    pub registrants_email_notification: Option<bool>,
    #[serde(default)]
    pub close_registration: Option<bool>,
    /// Webinars: the most registrants allowed (0 = no limit).
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub registrants_restrict_number: Option<u64>,
}

impl ApprovalType {
    fn zoom_default() -> Self {
        ApprovalType::NoRegistration
    }
}

impl Default for RegistrationSettings {
    fn default() -> Self {
        RegistrationSettings {
            approval_type: ApprovalType::NoRegistration,
            registration_type: None,
            registrants_confirmation_email: None,
            registrants_email_notification: None,
            close_registration: None,
            registrants_restrict_number: None,
        }
    }
}

/// A meeting or webinar with its registration settings and occurrences (get meeting/webinar).
/// The host's start URL and the passcodes are deliberately not kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventDetail {
    /// What listings show too.
    #[serde(flatten)]
    pub summary: EventSummary,
    #[serde(default)]
    pub host_email: Option<String>,
    /// `waiting` or `started` (meetings).
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub occurrences: Vec<Occurrence>,
    #[serde(default)]
    pub settings: RegistrationSettings,
}

impl EventDetail {
    /// Whether the event takes registrations at all.
    pub fn registration_enabled(&self) -> bool {
        self.settings.approval_type.registration_enabled()
    }
}

/// A start time as people read it, in the event's own time zone with its offset:
/// `Tue 9 Mar 2027 15:00 +01:00`. A missing or unknown zone shows the time in UTC (`+00:00`).
/// The one way the CLI and the TUI write when an occurrence starts.
pub fn start_in_zone(start: jiff::Timestamp, time_zone: Option<&str>) -> String {
    let zone = time_zone
        .and_then(|name| jiff::tz::TimeZone::get(name).ok())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    start
        .to_zoned(zone)
        .strftime("%a %-d %b %Y %H:%M %:z")
        .to_string()
}

/// A start time for tables, in the event's own zone: the local date and time with the zone's
/// offset, and the zone's name (`UTC` for a missing or unknown zone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZonedStart {
    /// `2026-11-30 15:00 +01:00`
    pub local: String,
    /// `Europe/Stockholm`, `UTC`
    pub zone: String,
}

impl ZonedStart {
    /// `start` in `time_zone`; the CLI's tables and the TUI's meetings screen write it so.
    pub fn of(start: jiff::Timestamp, time_zone: Option<&str>) -> ZonedStart {
        let zone = time_zone
            .and_then(|name| jiff::tz::TimeZone::get(name).ok())
            .unwrap_or(jiff::tz::TimeZone::UTC);
        let zoned = start.to_zoned(zone);
        let name = time_zone
            .filter(|_| zoned.time_zone() != &jiff::tz::TimeZone::UTC)
            .unwrap_or("UTC");
        ZonedStart {
            local: zoned.strftime("%Y-%m-%d %H:%M %:z").to_string(),
            zone: name.to_owned(),
        }
    }
}

impl fmt::Display for ZonedStart {
    /// `2026-11-30 15:00 +01:00 Europe/Stockholm`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.local, self.zone)
    }
}

impl Occurrence {
    /// When it starts ([`start_in_zone`]); its ID when Zoom sent no start time.
    pub fn describe(&self, time_zone: Option<&str>) -> String {
        match self.start_time {
            Some(start) => start_in_zone(start, time_zone),
            None => format!("occurrence {} (no start time)", self.occurrence_id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occurrence(id: &str, start: &str) -> Occurrence {
        Occurrence {
            occurrence_id: id.to_owned(),
            start_time: start.parse().ok(),
            duration: Some(60),
            status: Some("available".to_owned()),
        }
    }

    #[test]
    fn table_start_times_are_in_the_events_zone_with_offset_and_name() {
        let start: jiff::Timestamp = "2026-11-30T14:00:00Z".parse().expect("timestamp");
        let stockholm = ZonedStart::of(start, Some("Europe/Stockholm"));
        assert_eq!(stockholm.local, "2026-11-30 15:00 +01:00");
        assert_eq!(stockholm.zone, "Europe/Stockholm");
        assert_eq!(
            stockholm.to_string(),
            "2026-11-30 15:00 +01:00 Europe/Stockholm"
        );
        assert_eq!(
            ZonedStart::of(start, Some("Not/A_Zone")).to_string(),
            "2026-11-30 14:00 +00:00 UTC"
        );
        assert_eq!(ZonedStart::of(start, None).zone, "UTC");
    }

    #[test]
    fn occurrences_read_as_their_start_in_the_events_zone_with_its_offset() {
        let winter = occurrence("1804600800000", "2027-03-09T14:00:00Z");
        assert_eq!(
            winter.describe(Some("Europe/Berlin")),
            "Tue 9 Mar 2027 15:00 +01:00"
        );
        let summer = occurrence("1814000000000", "2027-06-29T14:00:00Z");
        assert_eq!(
            summer.describe(Some("America/New_York")),
            "Tue 29 Jun 2027 10:00 -04:00"
        );
        assert_eq!(
            winter.describe(Some("Not/A_Zone")),
            "Tue 9 Mar 2027 14:00 +00:00",
            "an unknown zone falls back to UTC, offset shown"
        );
        assert_eq!(winter.describe(None), "Tue 9 Mar 2027 14:00 +00:00");
        let no_start = Occurrence {
            start_time: None,
            ..winter
        };
        assert_eq!(
            no_start.describe(None),
            "occurrence 1804600800000 (no start time)"
        );
    }
}
