//! Attendance of meetings and webinars that took place (docs/zoom-attendance-facts.md): their
//! past instances, who joined one (the participant report, or the past-participants endpoint,
//! which needs no report scope), and a webinar's absentees. An instance is named by its event's
//! ID (Zoom then answers for the latest instance) or by its UUID, which goes into the path
//! percent-encoded, twice when it starts with `/` or holds `//`, as Zoom requires.
//!
//! Decoding is strict where the answer is useless otherwise: an instance without a UUID or start,
//! or a participant without join and leave times, fails the call with the endpoint named.

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::ZoomClient;
use super::endpoint::Endpoint;
use super::error::ZoomError;
use super::models::{EventKind, EventRef, Registrant, lenient};
use super::pipeline::RequestSpec;

/// Which time an event took place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstanceRef {
    /// The latest instance (the event's ID in the path).
    Latest,
    /// One instance, by its UUID.
    Uuid(String),
}

/// One time a meeting or webinar took place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastInstance {
    #[serde(deserialize_with = "non_empty")]
    pub uuid: String,
    pub start_time: jiff::Timestamp,
}

/// One stay of one person in a past instance; someone who dropped out and rejoined has a row
/// per stay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    /// The account user's ID when they signed in as one; empty for guests.
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: String,
    /// The display name they joined with.
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    /// Empty when Zoom hides a guest's email (its display rules).
    #[serde(default, deserialize_with = "lenient::string")]
    pub user_email: String,
    /// Present when they joined through their own registration link and it was asked for.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub registrant_id: Option<String>,
    pub join_time: jiff::Timestamp,
    pub leave_time: jiff::Timestamp,
    /// Seconds in this stay.
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub duration: Option<i64>,
}

impl Participant {
    /// Seconds in this stay: Zoom's `duration`, else leave minus join.
    pub fn seconds(&self) -> i64 {
        self.duration.unwrap_or_else(|| {
            self.leave_time
                .duration_since(self.join_time)
                .as_secs()
                .max(0)
        })
    }
}

#[derive(Deserialize)]
struct MeetingInstances {
    meetings: Vec<PastInstance>,
}

#[derive(Deserialize)]
struct WebinarInstances {
    webinars: Vec<PastInstance>,
}

fn non_empty<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    if text.trim().is_empty() {
        return Err(serde::de::Error::custom("is empty"));
    }
    Ok(text)
}

/// Percent-encodes every byte outside RFC 3986's unreserved set.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// An instance UUID as a path segment: percent-encoded, and encoded again when it starts with `/`
/// or holds `//` (Zoom: "you must double-encode the meeting UUID").
pub fn uuid_segment(uuid: &str) -> String {
    let once = percent_encode(uuid);
    if uuid.starts_with('/') || uuid.contains("//") {
        percent_encode(&once)
    } else {
        once
    }
}

fn instance_segment(event: EventRef, instance: &InstanceRef) -> Result<String, ZoomError> {
    match instance {
        InstanceRef::Latest => Ok(event.id.to_string()),
        InstanceRef::Uuid(uuid) if uuid.trim().is_empty() => Err(ZoomError::InvalidRequest {
            field: "instance".to_owned(),
            problem: "is empty: give a UUID from `regdesk attendance ID --instances`".to_owned(),
        }),
        InstanceRef::Uuid(uuid) => Ok(uuid_segment(uuid.trim())),
    }
}

/// `past_meetings` or `past_webinars`.
fn past_root(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Meeting => "past_meetings",
        EventKind::Webinar => "past_webinars",
    }
}

impl ZoomClient {
    /// The times the event took place, oldest first.
    pub async fn past_instances(&self, event: EventRef) -> Result<Vec<PastInstance>, ZoomError> {
        let spec = RequestSpec::new(
            Endpoint::PastInstances(event.kind),
            Method::GET,
            format!("/{}/{}/instances", past_root(event.kind), event.id),
        );
        let mut instances = match event.kind {
            EventKind::Meeting => self.inner.fetch::<MeetingInstances>(&spec).await?.meetings,
            EventKind::Webinar => self.inner.fetch::<WebinarInstances>(&spec).await?.webinars,
        };
        instances.sort_by_key(|instance| instance.start_time);
        Ok(instances)
    }

    /// Everyone who joined the instance, from the participant report (Heavy; `report:read:admin`
    /// or the granular report scope), with their registrant IDs where Zoom knows them.
    pub async fn report_participants(
        &self,
        event: EventRef,
        instance: &InstanceRef,
    ) -> Result<Vec<Participant>, ZoomError> {
        let spec = RequestSpec::new(
            Endpoint::ReportParticipants(event.kind),
            Method::GET,
            format!(
                "/report/{}/{}/participants",
                event.kind.path_segment(),
                instance_segment(event, instance)?
            ),
        )
        .query("include_fields", "registrant_id");
        self.inner.list_all(&spec, "participants").await
    }

    /// Everyone who joined the instance, from the past-participants endpoint (Medium; the
    /// meeting or webinar read scope). Zoom may leave registrant IDs out here.
    pub async fn past_participants(
        &self,
        event: EventRef,
        instance: &InstanceRef,
    ) -> Result<Vec<Participant>, ZoomError> {
        let spec = RequestSpec::new(
            Endpoint::PastParticipants(event.kind),
            Method::GET,
            format!(
                "/{}/{}/participants",
                past_root(event.kind),
                instance_segment(event, instance)?
            ),
        )
        .query("include_fields", "registrant_id");
        self.inner.list_all(&spec, "participants").await
    }

    /// A webinar's registrants who did not join the instance (Heavy), as Zoom counts them.
    pub async fn webinar_absentees(
        &self,
        webinar: u64,
        instance: &InstanceRef,
        occurrence: Option<&str>,
    ) -> Result<Vec<Registrant>, ZoomError> {
        let event = EventRef::webinar(webinar);
        let spec = RequestSpec::new(
            Endpoint::WebinarAbsentees,
            Method::GET,
            format!(
                "/past_webinars/{}/absentees",
                instance_segment(event, instance)?
            ),
        )
        .query_opt("occurrence_id", occurrence);
        self.inner.list_all(&spec, "registrants").await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_with_a_leading_slash_or_a_double_slash_are_encoded_twice() {
        assert_eq!(
            uuid_segment("/ajXp112QmuoKj4854875=="),
            "%252FajXp112QmuoKj4854875%253D%253D"
        );
        assert_eq!(uuid_segment("ab//cd=="), "ab%252F%252Fcd%253D%253D");
        assert_eq!(uuid_segment("ab/c+d=="), "ab%2Fc%2Bd%3D%3D");
    }

    #[test]
    fn a_participant_without_join_and_leave_times_does_not_decode() {
        let missing: Result<Participant, _> = serde_json::from_value(
            serde_json::json!({"name": "A", "join_time": "2026-11-30T10:00:00Z"}),
        );
        assert!(missing.is_err());
        let row: Participant = serde_json::from_value(serde_json::json!({
            "name": "A", "user_email": "", "join_time": "2026-11-30T10:00:00Z",
            "leave_time": "2026-11-30T10:30:00Z"
        }))
        .unwrap();
        assert_eq!((row.seconds(), row.registrant_id), (1800, None));
    }
}
