//! `regdesk meetings`: the account's meetings or webinars (every host's, as the app lists them;
//! `--user`/`--host` for one host's) with their host and registration state. Listing does not
//! say whether registration is on, so each event is fetched too (concurrently; the client paces
//! them).

use futures::StreamExt;
use serde::Serialize;

use super::context::{event_ref, start_session};
use super::output::{print_json, print_zoom_error, render_table, short_time, write_csv};
use super::{ExitCode, GlobalArgs, MeetingsArgs, OutputFormat};
use crate::zoom::{
    ApprovalType, EventDetail, EventKind, EventSummary, ListScope, Occurrence, RegistrationType,
    ZoomError,
};

/// Events fetched at once; the client's governor keeps them within the plan's limits.
const CONCURRENT_GETS: usize = 8;

#[derive(Serialize)]
struct EventRow<'a> {
    id: u64,
    kind: EventKind,
    topic: &'a str,
    /// The host's email (or user ID when the account's users cannot be listed).
    host: String,
    #[serde(rename = "type")]
    event_type: i64,
    start_time: Option<jiff::Timestamp>,
    duration: Option<u64>,
    timezone: Option<&'a str>,
    join_url: Option<&'a str>,
    registration: Option<Registration>,
}

#[derive(Serialize)]
struct Registration {
    enabled: bool,
    approval_type: ApprovalType,
    approval: String,
    registration_type: Option<RegistrationType>,
    /// A recurring event's occurrences: their IDs are what `--occurrence(s)` take.
    occurrences: Vec<Occurrence>,
}

fn registration(detail: &EventDetail) -> Registration {
    Registration {
        enabled: detail.registration_enabled(),
        approval_type: detail.settings.approval_type,
        approval: detail.settings.approval_type.describe(),
        registration_type: detail.settings.registration_type,
        occurrences: detail.occurrences.clone(),
    }
}

/// The occurrences of the recurring events among `rows`, each with when it starts in its
/// event's zone and the ID `--occurrence` and `--occurrences` take; "" when none recurs.
fn occurrences_table(rows: &[EventRow]) -> String {
    let table: Vec<Vec<String>> = rows
        .iter()
        .filter_map(|row| Some((row, row.registration.as_ref()?)))
        .flat_map(|(row, registration)| {
            registration.occurrences.iter().map(move |occurrence| {
                vec![
                    row.id.to_string(),
                    occurrence.describe(row.timezone),
                    occurrence.occurrence_id.clone(),
                ]
            })
        })
        .collect();
    if table.is_empty() {
        return String::new();
    }
    format!(
        "\nOccurrences (their IDs for --occurrence and --occurrences):\n{}",
        render_table(&["EVENT", "STARTS", "OCCURRENCE ID"], &table)
    )
}

pub async fn run(args: MeetingsArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let session = start_session(global).await?;
    let client = &session.client;
    let kind = if args.webinars {
        EventKind::Webinar
    } else {
        EventKind::Meeting
    };
    let listed = crate::session::events::list(
        client,
        kind,
        ListScope::All,
        args.user.as_deref(),
        &session.default_user,
    )
    .await?;
    let events: &[EventSummary] = &listed.events;
    let details: Vec<Result<EventDetail, ZoomError>> = futures::stream::iter(
        events
            .iter()
            .map(|event| client.get_event(event_ref(event.id, args.webinars), None)),
    )
    .buffered(CONCURRENT_GETS)
    .collect()
    .await;

    let failures: Vec<(&EventSummary, &ZoomError)> = events
        .iter()
        .zip(&details)
        .filter_map(|(event, detail)| detail.as_ref().err().map(|error| (event, error)))
        .collect();
    if !failures.is_empty() && failures.len() == events.len() {
        // Every lookup failed: the cause is shared (scopes, auth), not per event.
        return Err(failures[0].1.clone().into());
    }
    for (event, error) in &failures {
        print_zoom_error(error, Some(&format!("{} {}", kind.noun(), event.id)));
    }

    let rows: Vec<EventRow> = events
        .iter()
        .zip(&details)
        .map(|(event, detail)| EventRow {
            id: event.id,
            kind,
            topic: &event.topic,
            host: listed.host_of(event),
            event_type: event.event_type.code(),
            start_time: event.start_time,
            duration: event.duration,
            timezone: event.timezone.as_deref(),
            join_url: event.join_url.as_deref(),
            registration: detail.as_ref().ok().map(registration),
        })
        .collect();
    let registration_text = |row: &EventRow| match &row.registration {
        Some(registration) if registration.occurrences.is_empty() => registration.approval.clone(),
        Some(registration) => format!(
            "{}, {} occurrences",
            registration.approval,
            registration.occurrences.len()
        ),
        None => "unknown (see error)".to_owned(),
    };
    match args.format {
        OutputFormat::Json => print_json(&rows)?,
        OutputFormat::Table => {
            if rows.is_empty() {
                match &args.user {
                    Some(user) => {
                        crate::note!("{user} has no scheduled {}s.", kind.noun())
                    }
                    None => crate::note!("The account has no scheduled {}s.", kind.noun()),
                }
            } else {
                let table: Vec<Vec<String>> = rows
                    .iter()
                    .zip(events)
                    .map(|(row, event)| {
                        vec![
                            row.id.to_string(),
                            short_time(row.start_time, row.timezone),
                            event.event_type.describe(),
                            registration_text(row),
                            row.host.clone(),
                            row.topic.to_owned(),
                        ]
                    })
                    .collect();
                print!(
                    "{}",
                    render_table(
                        &["ID", "START", "TYPE", "REGISTRATION", "HOST", "TOPIC"],
                        &table
                    )
                );
                print!("{}", occurrences_table(&rows));
            }
        }
        OutputFormat::Csv => {
            let headers: Vec<String> = [
                "id",
                "topic",
                "type",
                "start_time",
                "duration",
                "timezone",
                "registration",
                "join_url",
                "host",
            ]
            .iter()
            .map(|header| (*header).to_owned())
            .collect();
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|row| {
                    vec![
                        row.id.to_string(),
                        row.topic.to_owned(),
                        row.event_type.to_string(),
                        row.start_time.map(|at| at.to_string()).unwrap_or_default(),
                        row.duration
                            .map(|minutes| minutes.to_string())
                            .unwrap_or_default(),
                        row.timezone.unwrap_or_default().to_owned(),
                        registration_text(row),
                        row.join_url.unwrap_or_default().to_owned(),
                        row.host.clone(),
                    ]
                })
                .collect();
            write_csv(std::io::stdout().lock(), &headers, &table)?;
        }
    }
    Ok(if failures.is_empty() {
        ExitCode::Ok
    } else {
        ExitCode::Partial
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recurring_events_list_their_occurrences_as_dates_with_the_ids_the_flags_take() {
        let occurrence = |id: &str, start: &str| Occurrence {
            occurrence_id: id.to_owned(),
            start_time: start.parse().ok(),
            duration: Some(60),
            status: Some("available".to_owned()),
        };
        let row = |id: u64, occurrences: Vec<Occurrence>| EventRow {
            id,
            kind: EventKind::Meeting,
            topic: "Office hours",
            host: "host@example.com".to_owned(),
            event_type: 8,
            start_time: None,
            duration: Some(60),
            timezone: Some("America/New_York"),
            join_url: None,
            registration: Some(Registration {
                enabled: true,
                approval_type: ApprovalType::Automatic,
                approval: "auto-approve".to_owned(),
                registration_type: Some(RegistrationType::OnceChooseOccurrences),
                occurrences,
            }),
        };
        let rows = [
            row(
                84_127_650_391,
                vec![occurrence("1804600800000", "2027-03-09T14:00:00Z")],
            ),
            row(84_127_650_392, Vec::new()),
        ];
        let table = occurrences_table(&rows);
        assert!(
            table.contains("84127650391  Tue 9 Mar 2027 09:00 -05:00  1804600800000"),
            "{table}"
        );
        assert!(!table.contains("84127650392"), "{table}");
        assert_eq!(occurrences_table(&rows[1..]), "");
    }
}
