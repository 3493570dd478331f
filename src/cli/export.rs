//! `regdesk export`: every registrant (all statuses unless `--status`) with every field, one
//! column per custom question, to a CSV file. The file is written 0600 beside its destination
//! and renamed into place, so a failed export never leaves half a file. Its values are exact,
//! except that a cell a spreadsheet would run as a formula gets a leading `'` (which
//! `regdesk import` removes again), and it starts with a UTF-8 BOM unless `--no-bom`.

use super::context::{build_client, resolve_event};
use super::output::print_json;
use super::{ExitCode, ExportArgs, GlobalArgs, OutputFormat, StatusFilter};
use crate::session::export::{Bom, ExportRequest, export};
use crate::zoom::ListStatus;

/// What `regdesk export --help` says after the options: what the file holds, then examples.
pub fn after_help() -> String {
    format!("{AFTER_HELP}\n\n{}", super::examples::EXPORT)
}

/// What the file holds, for `regdesk export --help`.
pub const AFTER_HELP: &str = "The file is UTF-8 with a byte order mark, so that Excel shows accented names \
correctly (--no-bom leaves it out). A value that starts with = + - @, a tab or a carriage return \
gets a leading ' so that a spreadsheet shows it instead of running it as a formula; \
`regdesk import` of the file removes that ' again and reads the original values.";

pub async fn run(args: ExportArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let client = build_client(global).await?;
    let event = resolve_event(&client, args.meeting_id, args.webinar).await?;
    let status = match args.status {
        StatusFilter::All => None,
        StatusFilter::Pending => Some(ListStatus::Pending),
        StatusFilter::Approved => Some(ListStatus::Approved),
        StatusFilter::Denied => Some(ListStatus::Denied),
    };
    let request = ExportRequest {
        event,
        status,
        occurrence: args.occurrence.as_deref(),
        path: &args.file,
        bom: if args.no_bom { Bom::Omit } else { Bom::Write },
        private_root: None,
    };
    let exported = export(&client, request).await?;
    for warning in &exported.warnings {
        crate::eprintln_sanitised!("warning: {warning}");
    }
    match args.format {
        OutputFormat::Json => print_json(&serde_json::json!({
            "event": event,
            "file": args.file,
            "registrants": exported.registrants,
            "warnings": exported.warnings,
        }))?,
        OutputFormat::Csv => super::output::write_csv(
            std::io::stdout().lock(),
            &["kind", "event_id", "file", "registrants"].map(str::to_owned),
            &[vec![
                event.kind.noun().to_owned(),
                event.id.to_string(),
                args.file.display().to_string(),
                exported.registrants.to_string(),
            ]],
        )?,
        OutputFormat::Table => crate::println_sanitised!(
            "Exported {} registrants of {event} to {}.",
            exported.registrants,
            args.file.display()
        ),
    }
    Ok(ExitCode::Ok)
}
