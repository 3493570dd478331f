//! `regdesk registrants`: the registrants of a meeting or webinar, by status (Zoom lists only
//! approved ones unless asked; `--status all` lists all three), as a table, JSON or CSV.

use super::context::{build_client, resolve_event};
use super::output::{print_json, render_table, short_time, write_csv};
use super::{ExitCode, GlobalArgs, OutputFormat, RegistrantsArgs, StatusFilter};
use crate::registrant_fields::person::full_name;
use crate::session::export::registrant_csv;
use crate::zoom::{EventRef, ListStatus, Registrant, ZoomClient, ZoomError};

/// The registrants a status filter selects.
pub async fn fetch(
    client: &ZoomClient,
    event: EventRef,
    status: StatusFilter,
    occurrence: Option<&str>,
) -> Result<Vec<Registrant>, ZoomError> {
    let single = match status {
        StatusFilter::All => return client.list_all_registrants(event, occurrence).await,
        StatusFilter::Pending => ListStatus::Pending,
        StatusFilter::Approved => ListStatus::Approved,
        StatusFilter::Denied => ListStatus::Denied,
    };
    client.list_registrants(event, single, occurrence).await
}

pub async fn run(args: RegistrantsArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let client = build_client(global).await?;
    let event = resolve_event(&client, args.meeting_id, args.webinar).await?;
    let registrants = fetch(&client, event, args.status, args.occurrence.as_deref()).await?;
    match args.format {
        OutputFormat::Json => print_json(&registrants)?,
        OutputFormat::Csv => {
            let (headers, rows) = registrant_csv(&registrants, &[]);
            write_csv(std::io::stdout().lock(), &headers, &rows)?;
        }
        OutputFormat::Table if registrants.is_empty() => {
            crate::note!("No {} of {event}.", describe(args.status));
        }
        OutputFormat::Table => {
            let rows: Vec<Vec<String>> = registrants
                .iter()
                .map(|registrant| {
                    let name = full_name(
                        &registrant.first_name,
                        registrant.fields.last_name.as_deref(),
                    );
                    vec![
                        registrant.id.clone(),
                        registrant.email.clone(),
                        name,
                        registrant.status.to_string(),
                        short_time(registrant.create_time, None),
                    ]
                })
                .collect();
            print!(
                "{}",
                render_table(&["ID", "EMAIL", "NAME", "STATUS", "REGISTERED"], &rows)
            );
            crate::note!("{} {}.", registrants.len(), describe(args.status));
        }
    }
    Ok(ExitCode::Ok)
}

fn describe(status: StatusFilter) -> &'static str {
    match status {
        StatusFilter::Pending => "pending registrants",
        StatusFilter::Approved => "approved registrants",
        StatusFilter::Denied => "denied registrants",
        StatusFilter::All => "registrants (all statuses)",
    }
}
