//! Attendance of a meeting or webinar that took place, for both front ends (`regdesk attendance`
//! and the TUI's attendance view): who registered but did not come (no-shows), who came without
//! registering (walk-ins) and who came, from Zoom's participant report (or, without a report
//! scope, the past-participants endpoint) and the approved registrants. [`gather`] asks Zoom,
//! [`match_attendance`] is the pure rule, [`csv_rows`] and [`write_csv`] lay a list out as a
//! spreadsheet-safe CSV file (no-shows with the export's columns, so `regdesk import` takes it).
//!
//! Matching: a participant row carrying a registrant ID belongs to that registration; otherwise
//! its email, case-insensitively; otherwise it is a walk-in (guests' emails are often hidden by
//! Zoom, so walk-ins are named by display name). Users of the account (hosts, panelists: Zoom
//! gives them an `id`) are counted apart, not as walk-ins. A person's stays are summed.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use super::export::{Bom, registrant_csv, write_export};
use crate::zoom::{
    ApiErrorKind, EventRef, InstanceRef, ListStatus, Participant, Registrant, ZoomClient, ZoomError,
};

/// One of the lists attendance is told as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttendanceList {
    /// Approved registrants who did not join.
    NoShows,
    /// People who joined without a registration.
    WalkIns,
    /// Registrants who joined, with their time.
    Attended,
}

/// Where the participants came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// `GET /report/…/participants` (with registrant IDs).
    ParticipantReport,
    /// `GET /past_…/participants` (the token had no report scope).
    PastParticipants,
}

/// How a participant was tied to a registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    RegistrantId,
    Email,
}

/// A registrant who joined: their stays summed.
#[derive(Debug, Clone, Serialize)]
pub struct Attendee {
    pub registrant: Registrant,
    pub matched_by: MatchedBy,
    pub stays: usize,
    pub seconds: i64,
    pub first_join: jiff::Timestamp,
    pub last_leave: jiff::Timestamp,
}

/// Someone who joined without a registration (or a user of the account).
#[derive(Debug, Clone, Serialize)]
pub struct WalkIn {
    pub name: String,
    /// Empty when Zoom hides it (guests).
    pub email: String,
    pub stays: usize,
    pub seconds: i64,
    pub first_join: jiff::Timestamp,
    pub last_leave: jiff::Timestamp,
}

/// The outcome of matching participants against approved registrants.
#[derive(Debug, Clone, Serialize)]
pub struct Attendance {
    pub attended: Vec<Attendee>,
    pub no_shows: Vec<Registrant>,
    pub walk_ins: Vec<WalkIn>,
    /// Users of the account who joined (hosts, panelists), not counted as walk-ins.
    pub account_users: Vec<WalkIn>,
}

/// Ties participant rows to registrations (registrant ID, then email ignoring case) and groups
/// each person's stays. Pure: the whole rule of who attended lives here.
pub fn match_attendance(registrants: &[Registrant], participants: &[Participant]) -> Attendance {
    let by_id: HashMap<&str, usize> = registrants
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let by_email: HashMap<String, usize> = registrants
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.email.trim().is_empty())
        .map(|(i, r)| (r.email.trim().to_lowercase(), i))
        .collect();
    let mut attended: BTreeMap<usize, Attendee> = BTreeMap::new();
    let mut walk_ins: BTreeMap<String, WalkIn> = BTreeMap::new();
    let mut account_users: BTreeMap<String, WalkIn> = BTreeMap::new();
    for row in participants {
        let email = row.user_email.trim().to_lowercase();
        let matched = match row.registrant_id.as_deref().and_then(|id| by_id.get(id)) {
            Some(&index) => Some((index, MatchedBy::RegistrantId)),
            None if !email.is_empty() => by_email.get(&email).map(|&i| (i, MatchedBy::Email)),
            None => None,
        };
        match matched {
            Some((index, how)) => {
                let entry = attended.entry(index).or_insert_with(|| Attendee {
                    registrant: registrants[index].clone(),
                    matched_by: how,
                    stays: 0,
                    seconds: 0,
                    first_join: row.join_time,
                    last_leave: row.leave_time,
                });
                if how == MatchedBy::RegistrantId {
                    entry.matched_by = how;
                }
                entry.stays += 1;
                entry.seconds += row.seconds();
                entry.first_join = entry.first_join.min(row.join_time);
                entry.last_leave = entry.last_leave.max(row.leave_time);
            }
            None => {
                let (list, key) = if row.id.trim().is_empty() {
                    let key = if email.is_empty() {
                        format!("name:{}", row.name.trim().to_lowercase())
                    } else {
                        format!("email:{email}")
                    };
                    (&mut walk_ins, key)
                } else {
                    (&mut account_users, row.id.clone())
                };
                let entry = list.entry(key).or_insert_with(|| WalkIn {
                    name: row.name.clone(),
                    email: row.user_email.clone(),
                    stays: 0,
                    seconds: 0,
                    first_join: row.join_time,
                    last_leave: row.leave_time,
                });
                entry.stays += 1;
                entry.seconds += row.seconds();
                entry.first_join = entry.first_join.min(row.join_time);
                entry.last_leave = entry.last_leave.max(row.leave_time);
            }
        }
    }
    let no_shows = registrants
        .iter()
        .enumerate()
        .filter(|(i, _)| !attended.contains_key(i))
        .map(|(_, r)| r.clone())
        .collect();
    let by_first_join = |mut people: Vec<WalkIn>| {
        people.sort_by_key(|p| p.first_join);
        people
    };
    Attendance {
        attended: attended.into_values().collect(),
        no_shows,
        walk_ins: by_first_join(walk_ins.into_values().collect()),
        account_users: by_first_join(account_users.into_values().collect()),
    }
}

/// What [`gather`] found: the lists, and where the participants came from.
#[derive(Debug, Clone)]
pub struct Gathered {
    pub attendance: Attendance,
    pub source: Source,
    /// Approved registrants counted.
    pub approved: usize,
}

/// The participants of `instance` (the report; without a report scope, the past-participants
/// endpoint, said by [`Gathered::source`]) matched against the approved registrants of the event
/// (or of one occurrence).
pub async fn gather(
    client: &ZoomClient,
    event: EventRef,
    instance: &InstanceRef,
    occurrence: Option<&str>,
) -> Result<Gathered, ZoomError> {
    let (participants, source) = participants(client, event, instance).await?;
    let registrants = client
        .list_registrants(event, ListStatus::Approved, occurrence)
        .await?;
    Ok(Gathered {
        attendance: match_attendance(&registrants, &participants),
        source,
        approved: registrants.len(),
    })
}

/// The participant report; without a report scope, the past-participants endpoint.
async fn participants(
    client: &ZoomClient,
    event: EventRef,
    instance: &InstanceRef,
) -> Result<(Vec<Participant>, Source), ZoomError> {
    match client.report_participants(event, instance).await {
        Ok(rows) => Ok((rows, Source::ParticipantReport)),
        Err(error) if lacks_scope(&error) => Ok((
            client.past_participants(event, instance).await?,
            Source::PastParticipants,
        )),
        Err(error) => Err(error),
    }
}

fn lacks_scope(error: &ZoomError) -> bool {
    matches!(error.api_kind(), Some(ApiErrorKind::MissingScopes { .. }))
}

/// What the fallback to the past-participants endpoint means, for the user.
pub fn fallback_note(event: EventRef) -> String {
    format!(
        "the token has no report scope (report:read:admin or report:read:list_{}_participants:admin); \
         using the past-participants endpoint, which may match by email only.",
        event.kind.noun()
    )
}

/// What an empty participant list means, when Zoom listed nobody for the instance: Zoom's API
/// returns no participants when only one person joined (zoom-attendance-facts.md §2.3), so that
/// person may be among the no-shows.
pub fn nobody_listed_note(attendance: &Attendance) -> Option<&'static str> {
    let nobody = attendance.attended.is_empty()
        && attendance.walk_ins.is_empty()
        && attendance.account_users.is_empty();
    nobody.then_some(
        "Zoom listed nobody for this time: either nobody joined, or one person did (Zoom's API \
         returns no participants when only one joined), who would then be among the no-shows.",
    )
}

/// Writes one list to `path` as CSV (0600, whole or not at all; cells a spreadsheet would run
/// are neutralised), returning how many rows it holds.
pub fn write_csv(
    path: &Path,
    attendance: &Attendance,
    list: AttendanceList,
    bom: Bom,
) -> std::io::Result<usize> {
    let (headers, rows) = csv_rows(attendance, list);
    crate::private_fs::write_atomic_private(path, |file| {
        write_export(file, &headers, &rows, bom).map_err(std::io::Error::other)
    })?;
    Ok(rows.len())
}

pub fn minutes(seconds: i64) -> String {
    ((seconds + 30) / 60).to_string()
}

/// CSV of the chosen list; no-shows with the export's columns (importable as they are).
pub fn csv_rows(attendance: &Attendance, list: AttendanceList) -> (Vec<String>, Vec<Vec<String>>) {
    let owned = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
    match list {
        AttendanceList::NoShows => registrant_csv(&attendance.no_shows, &[]),
        AttendanceList::WalkIns => (
            owned(&[
                "name",
                "email",
                "first_join",
                "last_leave",
                "minutes",
                "stays",
            ]),
            attendance
                .walk_ins
                .iter()
                .map(|w| {
                    vec![
                        w.name.clone(),
                        w.email.clone(),
                        w.first_join.to_string(),
                        w.last_leave.to_string(),
                        minutes(w.seconds),
                        w.stays.to_string(),
                    ]
                })
                .collect(),
        ),
        AttendanceList::Attended => (
            owned(&[
                "id",
                "email",
                "first_name",
                "last_name",
                "first_join",
                "last_leave",
                "minutes",
                "stays",
                "matched_by",
            ]),
            attendance
                .attended
                .iter()
                .map(|a| {
                    vec![
                        a.registrant.id.clone(),
                        a.registrant.email.clone(),
                        a.registrant.first_name.clone(),
                        a.registrant.fields.last_name.clone().unwrap_or_default(),
                        a.first_join.to_string(),
                        a.last_leave.to_string(),
                        minutes(a.seconds),
                        a.stays.to_string(),
                        match a.matched_by {
                            MatchedBy::RegistrantId => "registrant_id",
                            MatchedBy::Email => "email",
                        }
                        .to_owned(),
                    ]
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registrant(id: &str, email: &str) -> Registrant {
        serde_json::from_value(serde_json::json!({
            "id": id, "email": email, "first_name": id, "status": "approved"
        }))
        .unwrap()
    }

    fn row(
        id: &str,
        email: &str,
        registrant_id: Option<&str>,
        from: &str,
        to: &str,
    ) -> Participant {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": format!("{email}{id}"), "user_email": email,
            "registrant_id": registrant_id,
            "join_time": format!("2026-11-30T10:{from}:00Z"),
            "leave_time": format!("2026-11-30T10:{to}:00Z"),
        }))
        .unwrap()
    }

    #[test]
    fn registrants_are_matched_by_id_then_by_email_ignoring_case_and_stays_are_summed() {
        let registrants = [
            registrant("r1", "ann@example.com"),
            registrant("r2", "Bob@Example.com"),
            registrant("r3", "cy@example.com"),
        ];
        let rows = [
            row("", "ann@example.com", Some("r1"), "00", "20"),
            row("", "ann@example.com", Some("r1"), "25", "45"),
            row("", "BOB@example.COM", None, "05", "15"),
            row("", "", None, "10", "12"),
            row("u-host", "host@example.com", None, "00", "59"),
        ];
        let attendance = match_attendance(&registrants, &rows);
        let ann = &attendance.attended[0];
        assert_eq!(
            (
                ann.registrant.id.as_str(),
                ann.stays,
                ann.seconds,
                ann.matched_by
            ),
            ("r1", 2, 40 * 60, MatchedBy::RegistrantId)
        );
        assert_eq!(attendance.attended[1].matched_by, MatchedBy::Email);
        assert_eq!(
            attendance
                .no_shows
                .iter()
                .map(|r| r.id.as_str())
                .collect::<Vec<_>>(),
            ["r3"]
        );
        assert_eq!(attendance.walk_ins.len(), 1);
        assert_eq!(attendance.account_users.len(), 1);
    }
}
