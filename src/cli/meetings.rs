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
                if rows.iter().any(|row| {
                    row.registration
                        .as_ref()
                        .is_some_and(|registration| !registration.occurrences.is_empty())
                }) {
                    crate::note!(
                        "Occurrence IDs (for --occurrence and --occurrences): --format json."
                    );
                }
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
