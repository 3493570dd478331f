//! `regdesk export`: every registrant (all statuses unless `--status`) with every field, one
//! column per custom question, to a CSV file. The file is written 0600 beside its destination
//! and renamed into place, so a failed export never leaves half a file. Its values are exact,
//! except that a cell a spreadsheet would run as a formula gets a leading `'` (which
//! `regdesk import` removes again), and it starts with a UTF-8 BOM unless `--no-bom`.

use super::context::{build_client, event_ref};
use super::{ExitCode, ExportArgs, GlobalArgs, StatusFilter};
use crate::session::export::{Bom, ExportRequest, export};
use crate::zoom::ListStatus;

/// What `regdesk export --help` says after the options.
pub const AFTER_HELP: &str = "The file is UTF-8 with a byte order mark, so that Excel shows accented names \
correctly (--no-bom leaves it out). A value that starts with = + - @, a tab or a carriage return \
gets a leading ' so that a spreadsheet shows it instead of running it as a formula; \
`regdesk import` of the file removes that ' again and reads the original values.";

pub async fn run(args: ExportArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let client = build_client(global).await?;
    let event = event_ref(args.meeting_id, args.webinar);
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
    crate::println_sanitised!(
        "Exported {} registrants of {event} to {}.",
        exported.registrants,
        args.file.display()
    );
    Ok(ExitCode::Ok)
}
