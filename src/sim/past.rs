//! Meetings and webinars that took place, as the data file describes them: its `past_instances`
//! (explicit rows, or attendance generated from the registrants for the demo), turned into the
//! world's [`PastInstance`]s (each with its own UUID, and who joined with join and leave times,
//! as docs/zoom-attendance-facts.md describes Zoom's). The endpoints that serve them live in
//! `api/attendance.rs`.

use std::collections::HashSet;

use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;

use super::data_error::DataError;
use super::world::{Event, Participant, PastInstance, RegistrantStatus, World, derived_token};

/// A past instance as the data file describes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PastInstanceData {
    /// Default: derived from the event and start (so some hold `/`, as Zoom's do).
    #[serde(default)]
    uuid: Option<String>,
    /// When it started, in minutes before "now".
    started_minutes_ago: i64,
    /// Minutes; default the event's duration.
    #[serde(default)]
    duration: Option<u32>,
    #[serde(default)]
    participants: Vec<ParticipantData>,
    /// Attendance drawn from the approved registrants (the demo's).
    #[serde(default)]
    generate: Option<GeneratedAttendance>,
}

/// One stay, by a registrant of the event or by someone else.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ParticipantData {
    /// The email of a registrant of the event: name and email come from the registration.
    #[serde(default)]
    registrant: Option<String>,
    /// A registrant who joined through a shared link rather than their own: Zoom cannot tie the
    /// stay to the registration (no `registrant_id`).
    #[serde(default)]
    via_shared_link: bool,
    /// Display name (default: the registrant's name).
    #[serde(default)]
    name: Option<String>,
    /// The email Zoom shows (default: the registrant's; otherwise none).
    #[serde(default)]
    email: Option<String>,
    /// A user of the account (ID or email): signed in, so `id` and email are shown.
    #[serde(default)]
    user: Option<String>,
    /// Minutes after the instance started.
    #[serde(default)]
    join_after: u32,
    /// Minutes stayed; default until the end.
    #[serde(default)]
    stay: Option<u32>,
}

/// How many approved registrants came, how many of those rejoined once, and how many others came.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct GeneratedAttendance {
    attend_percent: u8,
    #[serde(default)]
    rejoin_percent: u8,
    #[serde(default)]
    walk_ins: usize,
}

/// Display names of generated walk-ins (guests: Zoom shows no email for them).
const WALK_IN_NAMES: [&str; 8] = [
    "Jordan (iPhone)",
    "Conference Room B",
    "Priya S.",
    "guest",
    "Mateo Álvarez",
    "Zoom user",
    "Lin Wei",
    "Samira's iPad",
];

impl PastInstanceData {
    pub(crate) fn build(
        &self,
        event: &Event,
        world: &World,
        now: Timestamp,
        place: &str,
    ) -> Result<PastInstance, DataError> {
        let start = now
            .saturating_sub(SignedDuration::from_mins(self.started_minutes_ago))
            .unwrap_or(now);
        let start = Timestamp::from_second(start.as_second() - start.as_second().rem_euclid(60))
            .unwrap_or(start);
        let minutes = self.duration.unwrap_or(event.duration).max(1);
        let end = at_minute(start, minutes);
        if end > now {
            return Err(DataError::at(
                &format!("{place}.started_minutes_ago"),
                "the instance has not ended yet",
            ));
        }
        let uuid = self.uuid.clone().unwrap_or_else(|| {
            instance_uuid(&[&event.id.to_string(), &start.as_second().to_string()])
        });
        let mut participants = Vec::new();
        for (index, row) in self.participants.iter().enumerate() {
            let row_place = format!("{place}.participants[{index}]");
            participants.push(row.build(event, world, start, minutes, &row_place)?);
        }
        if let Some(generate) = &self.generate {
            // Registrants with rows of their own are not drawn again.
            let listed: HashSet<&str> = self
                .participants
                .iter()
                .filter_map(|row| row.registrant.as_deref())
                .collect();
            participants.extend(generate.build(event, start, minutes, &uuid, &listed));
        }
        participants.sort_by_key(|p| p.join);
        for (n, participant) in participants.iter_mut().enumerate() {
            participant.user_id = (16_778_240 + n as u64 * 1_024).to_string();
        }
        Ok(PastInstance {
            uuid,
            start,
            participants,
        })
    }
}

impl ParticipantData {
    fn build(
        &self,
        event: &Event,
        world: &World,
        start: Timestamp,
        minutes: u32,
        place: &str,
    ) -> Result<Participant, DataError> {
        if self.join_after >= minutes {
            return Err(DataError::at(
                &format!("{place}.join_after"),
                "joins after the instance ended",
            ));
        }
        let leave_after = self
            .stay
            .map_or(minutes, |stay| (self.join_after + stay.max(1)).min(minutes));
        let mut participant = Participant {
            user_id: String::new(),
            account_user_id: String::new(),
            name: self.name.clone().unwrap_or_default(),
            email: self.email.clone().unwrap_or_default(),
            registrant_id: None,
            join: at_minute(start, self.join_after),
            leave: at_minute(start, leave_after),
        };
        if let Some(email) = &self.registrant {
            let Some(index) = event.find_by_email(email) else {
                return Err(DataError::at(
                    &format!("{place}.registrant"),
                    format!("`{email}` did not register for the event"),
                ));
            };
            let registrant = &event.registrants[index];
            if participant.name.is_empty() {
                participant.name = format!(
                    "{} {}",
                    registrant.person.first_name, registrant.person.last_name
                )
                .trim()
                .to_owned();
            }
            if self.email.is_none() {
                participant.email = registrant.person.email.clone();
            }
            if !self.via_shared_link {
                participant.registrant_id = Some(registrant.id.clone());
            }
        }
        if let Some(key) = &self.user {
            let Some(user) = world.user_by_id_or_email(key) else {
                return Err(DataError::at(
                    &format!("{place}.user"),
                    format!("no user `{key}`"),
                ));
            };
            participant.account_user_id = user.id.clone();
            if self.email.is_none() && self.registrant.is_none() {
                participant.email = user.email.clone();
            }
            if participant.name.is_empty() {
                participant.name = format!("{} {}", user.first_name, user.last_name);
            }
        }
        if participant.name.is_empty() {
            return Err(DataError::at(
                place,
                "a participant needs a registrant, a user or a name",
            ));
        }
        Ok(participant)
    }
}

impl GeneratedAttendance {
    /// Approved registrants attend by a stable draw (the same data gives the same attendance).
    fn build(
        &self,
        event: &Event,
        start: Timestamp,
        minutes: u32,
        uuid: &str,
        listed: &HashSet<&str>,
    ) -> Vec<Participant> {
        let mut rows = Vec::new();
        let mut seen = HashSet::new();
        for registrant in event.registrants.iter().filter(|r| {
            r.status == RegistrantStatus::Approved
                && !listed
                    .iter()
                    .any(|email| email.eq_ignore_ascii_case(&r.person.email))
        }) {
            let draw = stable_percent(&[uuid, &registrant.id, "attends"]);
            if draw >= u32::from(self.attend_percent) || !seen.insert(registrant.id.clone()) {
                continue;
            }
            let late = stable_percent(&[uuid, &registrant.id, "late"]) % (minutes / 4).max(1);
            let name = format!(
                "{} {}",
                registrant.person.first_name, registrant.person.last_name
            )
            .trim()
            .to_owned();
            let stay = |from: u32, to: u32| Participant {
                user_id: String::new(),
                account_user_id: String::new(),
                name: name.clone(),
                email: registrant.person.email.clone(),
                registrant_id: Some(registrant.id.clone()),
                join: at_minute(start, from),
                leave: at_minute(start, to.min(minutes).max(from + 1)),
            };
            if stable_percent(&[uuid, &registrant.id, "rejoins"]) < u32::from(self.rejoin_percent) {
                let dropped = late + (minutes - late) / 3;
                rows.push(stay(late, dropped));
                rows.push(stay(dropped + 2, minutes));
            } else {
                rows.push(stay(late, minutes));
            }
        }
        for n in 0..self.walk_ins {
            let name = WALK_IN_NAMES[n % WALK_IN_NAMES.len()];
            let from = stable_percent(&[uuid, name, "walk-in"]) % (minutes / 2).max(1);
            rows.push(Participant {
                user_id: String::new(),
                account_user_id: String::new(),
                name: name.to_owned(),
                email: String::new(),
                registrant_id: None,
                join: at_minute(start, from),
                leave: at_minute(start, minutes),
            });
        }
        rows
    }
}

fn at_minute(start: Timestamp, minutes: u32) -> Timestamp {
    start
        .saturating_add(SignedDuration::from_mins(i64::from(minutes)))
        .unwrap_or(start)
}

/// 0..100, stable for the same parts.
fn stable_percent(parts: &[&str]) -> u32 {
    let token = derived_token(parts, 8);
    token.bytes().fold(0u32, |acc, b| {
        acc.wrapping_mul(31).wrapping_add(u32::from(b))
    }) % 100
}

/// A UUID in Zoom's form: standard base64 of 16 bytes with its `==` (so it may hold `/` or `+`).
fn instance_uuid(parts: &[&str]) -> String {
    let url_safe = derived_token(&[&["instance"], parts].concat(), 22);
    let standard: String = url_safe
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            other => other,
        })
        .collect();
    format!("{standard}==")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_uuids_look_like_zooms() {
        let uuid = instance_uuid(&["85746065432", "1700000000"]);
        assert_eq!(uuid.len(), 24);
        assert!(uuid.ends_with("=="));
        assert_eq!(uuid, instance_uuid(&["85746065432", "1700000000"]));
    }
}
