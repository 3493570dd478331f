//! `regdesk delete`: delete registrants named by `--email` (looked up among all statuses) or
//! `--id`. A retry that finds the registrant gone after a lost answer counts as deleted. It asks
//! first on a terminal and needs `--yes` without one; `--dry-run` shows who would go.

use super::confirm::{Decision, ask};
use super::context::{build_client, resolve_event};
use super::output::print_zoom_error;
use super::status::{CheckIds, Outcome, Report, describe, print_report, require_selector, resolve};
use super::{DeleteArgs, ExitCode, GlobalArgs, OutputFormat};
use crate::zoom::DeleteOutcome;

pub async fn run(args: DeleteArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    require_selector(&args.who)?;
    let client = build_client(global).await?;
    let event = resolve_event(&client, args.meeting_id, args.webinar).await?;
    let occurrence = args.occurrence.as_deref();
    // A dry run checks the IDs too, so that it says exactly who would go.
    let check_ids = if args.confirm.dry_run {
        CheckIds::Yes
    } else {
        CheckIds::No
    };
    let registrants = resolve(&client, event, &args.who, occurrence, check_ids).await?;
    let table = args.format == OutputFormat::Table;
    if args.confirm.dry_run {
        if table {
            for registrant in &registrants {
                crate::println_sanitised!("Would delete {} from {event}", describe(registrant));
            }
        }
        crate::note!("Dry run: nothing was sent to Zoom.");
        let report = Report {
            event,
            dry_run: true,
            registrants: registrants
                .iter()
                .map(|registrant| Outcome::new(registrant, "would_delete", None))
                .collect(),
        };
        print_report(&report, args.format)?;
        return Ok(ExitCode::Ok);
    }
    let count = match registrants.as_slice() {
        [one] => describe(one),
        many => format!("{} registrants", many.len()),
    };
    let question = format!("Delete {count} from {event}? This cannot be undone.");
    if ask(
        args.confirm,
        &question,
        &format!("delete {count} from {event}"),
    )? == Decision::Declined
    {
        eprintln!("Nothing was deleted.");
        return Ok(ExitCode::Failure);
    }
    let mut deleted = 0;
    let mut failed = 0;
    let mut outcomes = Vec::with_capacity(registrants.len());
    for registrant in &registrants {
        let who = describe(registrant);
        match client
            .delete_registrant(event, &registrant.id, occurrence)
            .await
        {
            Ok(DeleteOutcome::Deleted) => {
                deleted += 1;
                if table {
                    crate::println_sanitised!("Deleted {who} from {event}");
                }
                outcomes.push(Outcome::new(registrant, "deleted", None));
            }
            Ok(DeleteOutcome::AlreadyGone) => {
                deleted += 1;
                if table {
                    crate::println_sanitised!(
                        "Deleted {who} from {event} (the first try had worked; its answer was lost)"
                    );
                }
                outcomes.push(Outcome::new(registrant, "deleted", None));
            }
            Err(error) => {
                failed += 1;
                print_zoom_error(&error, Some(&who));
                outcomes.push(Outcome::new(registrant, "failed", Some(&error)));
                if error.is_auth() {
                    break;
                }
            }
        }
    }
    print_report(
        &Report {
            event,
            dry_run: false,
            registrants: outcomes,
        },
        args.format,
    )?;
    Ok(match (deleted, failed) {
        (_, 0) => ExitCode::Ok,
        (0, _) => ExitCode::Failure,
        _ => ExitCode::Partial,
    })
}
