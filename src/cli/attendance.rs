//! `regdesk attendance`: after a meeting or webinar took place, who registered but did not come
//! (no-shows), who came without registering (walk-ins) and who came, from Zoom's participant
//! report (or, without a report scope, the past-participants endpoint) and the approved
//! registrants. Gather (Zoom), then a pure [`match_attendance`], then print: a table, JSON, or CSV
//! whose no-show list has the export's columns, so that `regdesk import` takes it as it is.
//!
//! Matching: a participant row carrying a registrant ID belongs to that registration; otherwise
//! its email, case-insensitively; otherwise it is a walk-in (guests' emails are often hidden by
//! Zoom, so walk-ins are named by display name). Users of the account (hosts, panelists: Zoom
//! gives them an `id`) are counted apart, not as walk-ins. A person's stays are summed.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::context::{build_client, event_ref};
use super::output::{print_json, render_table, short_time, write_csv};
use super::{ExitCode, GlobalArgs, OutputFormat};
use crate::registrant_fields::person::full_name;
use crate::session::export::{Bom, registrant_csv, write_export};
use crate::zoom::{
    ApiErrorKind, EventRef, InstanceRef, ListStatus, Participant, Registrant, ZoomClient, ZoomError,
};

/// What `regdesk attendance --help` says after the options.
pub const AFTER_HELP: &str = "No-shows are approved registrants with no stay in the instance; \
walk-ins joined without a registration of theirs (users of your account, such as the host, are \
not counted). Matching is by registrant ID, then by email, ignoring case. The report needs a Pro \
plan and the scope report:read:admin (or report:read:list_meeting_participants:admin / \
report:read:list_webinar_participants:admin); without it regdesk uses the past-participants \
endpoint (meeting:read:admin / webinar:read:admin) and says so. --format csv --show no-shows \
writes the columns of `regdesk export`, so the file can be imported into the next event: \
regdesk import NEXT_ID no-shows.csv --dry-run.";

#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct AttendanceArgs {
    /// The meeting's (or, with --webinar, the webinar's) ID.
    pub meeting_id: u64,
    /// The ID is a webinar's.
    #[arg(long)]
    pub webinar: bool,
    /// One past instance, by the UUID `--instances` lists (default: the latest).
    #[arg(long, value_name = "UUID", allow_hyphen_values = true)]
    pub instance: Option<String>,
    /// List the times the event took place (UUID and start) instead.
    #[arg(long, conflicts_with_all = ["instance", "show", "output"])]
    pub instances: bool,
    /// Count only the registrants of this occurrence of a recurring event.
    #[arg(long, value_name = "ID")]
    pub occurrence: Option<String>,
    /// Which list to print.
    #[arg(long, value_enum, default_value_t)]
    pub show: Show,
    /// table for people; csv (export's columns, ready for `regdesk import`) or json for scripts.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
    /// Write the list to this CSV file (UTF-8 with a BOM, 0600) instead of printing it.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With --output: leave out the byte order mark.
    #[arg(long, requires = "output")]
    pub no_bom: bool,
}

/// The list `regdesk attendance` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Show {
    /// Approved registrants who did not join.
    #[default]
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
                });
                entry.stays += 1;
                entry.seconds += row.seconds();
                entry.first_join = entry.first_join.min(row.join_time);
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

pub async fn run(args: AttendanceArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let client = build_client(global).await?;
    let event = event_ref(args.meeting_id, args.webinar);
    if args.instances {
        return print_instances(&client, event, args.format).await;
    }
    let instance = match &args.instance {
        Some(uuid) => InstanceRef::Uuid(uuid.clone()),
        None => InstanceRef::Latest,
    };
    let (participants, source) = participants(&client, event, &instance).await?;
    let registrants = client
        .list_registrants(event, ListStatus::Approved, args.occurrence.as_deref())
        .await?;
    let attendance = match_attendance(&registrants, &participants);
    let which = match &instance {
        InstanceRef::Latest => "its latest instance".to_owned(),
        InstanceRef::Uuid(uuid) => format!("instance {uuid}"),
    };
    crate::eprintln_sanitised!(
        "{event}, {which}: {} approved registrants, {} attended, {} no-shows; {} walk-ins; {} of your account's users.",
        registrants.len(),
        attendance.attended.len(),
        attendance.no_shows.len(),
        attendance.walk_ins.len(),
        attendance.account_users.len(),
    );
    if let Some(path) = &args.output {
        let (headers, rows) = csv_rows(&attendance, args.show);
        let bom = if args.no_bom { Bom::Omit } else { Bom::Write };
        crate::private_fs::write_atomic_private(path, |file| {
            write_export(file, &headers, &rows, bom).map_err(std::io::Error::other)
        })
        .map_err(|error| anyhow::anyhow!("cannot write {}: {error}", path.display()))?;
        crate::eprintln_sanitised!("Wrote {} rows to {}.", rows.len(), path.display());
        return Ok(ExitCode::Ok);
    }
    match args.format {
        OutputFormat::Json => print_json(&JsonAnswer {
            event,
            instance: args.instance.as_deref(),
            source,
            attendance: &attendance,
        })?,
        OutputFormat::Csv => {
            let (headers, rows) = csv_rows(&attendance, args.show);
            write_csv(std::io::stdout().lock(), &headers, &rows)?;
        }
        OutputFormat::Table => print_table(&attendance, args.show),
    }
    Ok(ExitCode::Ok)
}

/// The participant report; without a report scope, the past-participants endpoint (said on
/// stderr, with the scope that would give registrant IDs).
async fn participants(
    client: &ZoomClient,
    event: EventRef,
    instance: &InstanceRef,
) -> anyhow::Result<(Vec<Participant>, Source)> {
    match client.report_participants(event, instance).await {
        Ok(rows) => Ok((rows, Source::ParticipantReport)),
        Err(error) if lacks_scope(&error) => {
            eprintln!(
                "note: the token has no report scope (report:read:admin or report:read:list_{}_participants:admin); \
                 using the past-participants endpoint, which may match by email only.",
                event.kind.noun()
            );
            Ok((
                client.past_participants(event, instance).await?,
                Source::PastParticipants,
            ))
        }
        Err(error) => Err(error.into()),
    }
}

fn lacks_scope(error: &ZoomError) -> bool {
    matches!(error.api_kind(), Some(ApiErrorKind::MissingScopes { .. }))
}

async fn print_instances(
    client: &ZoomClient,
    event: EventRef,
    format: OutputFormat,
) -> anyhow::Result<ExitCode> {
    let instances = client.past_instances(event).await?;
    let rows: Vec<Vec<String>> = instances
        .iter()
        .map(|i| vec![i.uuid.clone(), i.start_time.to_string()])
        .collect();
    match format {
        OutputFormat::Json => print_json(&instances)?,
        OutputFormat::Csv => write_csv(
            std::io::stdout().lock(),
            &["uuid".to_owned(), "start_time".to_owned()],
            &rows,
        )?,
        OutputFormat::Table if instances.is_empty() => {
            eprintln!("{event} has not taken place (Zoom lists no past instances).");
        }
        OutputFormat::Table => {
            let shown: Vec<Vec<String>> = instances
                .iter()
                .map(|i| vec![i.uuid.clone(), short_time(Some(i.start_time), None)])
                .collect();
            print!("{}", render_table(&["UUID", "STARTED"], &shown));
        }
    }
    Ok(ExitCode::Ok)
}

#[derive(Serialize)]
struct JsonAnswer<'a> {
    #[serde(serialize_with = "event_text")]
    event: EventRef,
    /// The instance asked for; `null`: the latest.
    instance: Option<&'a str>,
    source: Source,
    #[serde(flatten)]
    attendance: &'a Attendance,
}

fn event_text<S: serde::Serializer>(event: &EventRef, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&event.to_string())
}

fn minutes(seconds: i64) -> String {
    ((seconds + 30) / 60).to_string()
}

/// CSV of the chosen list; no-shows with the export's columns (importable as they are).
fn csv_rows(attendance: &Attendance, show: Show) -> (Vec<String>, Vec<Vec<String>>) {
    let owned = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
    match show {
        Show::NoShows => registrant_csv(&attendance.no_shows, &[]),
        Show::WalkIns => (
            owned(&["name", "email", "first_join", "minutes", "stays"]),
            attendance
                .walk_ins
                .iter()
                .map(|w| {
                    vec![
                        w.name.clone(),
                        w.email.clone(),
                        w.first_join.to_string(),
                        minutes(w.seconds),
                        w.stays.to_string(),
                    ]
                })
                .collect(),
        ),
        Show::Attended => (
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

fn print_table(attendance: &Attendance, show: Show) {
    let name = |r: &Registrant| full_name(&r.first_name, r.fields.last_name.as_deref());
    match show {
        Show::NoShows => {
            let rows: Vec<Vec<String>> = attendance
                .no_shows
                .iter()
                .map(|r| {
                    vec![
                        r.email.clone(),
                        name(r),
                        short_time(r.create_time, None),
                        r.id.clone(),
                    ]
                })
                .collect();
            print!(
                "{}",
                render_table(&["EMAIL", "NAME", "REGISTERED", "ID"], &rows)
            );
        }
        Show::WalkIns => {
            let rows: Vec<Vec<String>> = attendance
                .walk_ins
                .iter()
                .map(|w| {
                    vec![
                        w.name.clone(),
                        if w.email.is_empty() {
                            "(hidden by Zoom)".to_owned()
                        } else {
                            w.email.clone()
                        },
                        short_time(Some(w.first_join), None),
                        minutes(w.seconds),
                        w.stays.to_string(),
                    ]
                })
                .collect();
            print!(
                "{}",
                render_table(&["NAME", "EMAIL", "JOINED", "MINUTES", "STAYS"], &rows)
            );
        }
        Show::Attended => {
            let rows: Vec<Vec<String>> = attendance
                .attended
                .iter()
                .map(|a| {
                    vec![
                        a.registrant.email.clone(),
                        name(&a.registrant),
                        minutes(a.seconds),
                        a.stays.to_string(),
                        match a.matched_by {
                            MatchedBy::RegistrantId => "registrant ID",
                            MatchedBy::Email => "email",
                        }
                        .to_owned(),
                    ]
                })
                .collect();
            print!(
                "{}",
                render_table(&["EMAIL", "NAME", "MINUTES", "STAYS", "MATCHED BY"], &rows)
            );
        }
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
