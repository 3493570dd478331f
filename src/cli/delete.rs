//! `regdesk delete`: delete registrants named by `--email` (looked up among all statuses) or
//! `--id`. A retry that finds the registrant gone after a lost answer counts as deleted.

use super::context::{build_client, event_ref};
use super::output::print_zoom_error;
use super::status::{CheckIds, describe, require_selector, resolve};
use super::{DeleteArgs, ExitCode, GlobalArgs};
use crate::zoom::DeleteOutcome;

pub async fn run(args: DeleteArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    require_selector(&args.who)?;
    let client = build_client(global).await?;
    let event = event_ref(args.meeting_id, args.webinar);
    let occurrence = args.occurrence.as_deref();
    let registrants = resolve(&client, event, &args.who, occurrence, CheckIds::No).await?;
    let mut deleted = 0;
    let mut failed = 0;
    for registrant in &registrants {
        let who = describe(registrant);
        match client
            .delete_registrant(event, &registrant.id, occurrence)
            .await
        {
            Ok(DeleteOutcome::Deleted) => {
                deleted += 1;
                crate::println_sanitised!("Deleted {who} from {event}");
            }
            Ok(DeleteOutcome::AlreadyGone) => {
                deleted += 1;
                crate::println_sanitised!(
                    "Deleted {who} from {event} (the first try had worked; its answer was lost)"
                );
            }
            Err(error) => {
                failed += 1;
                print_zoom_error(&error, Some(&who));
                if error.is_auth() {
                    break;
                }
            }
        }
    }
    Ok(match (deleted, failed) {
        (_, 0) => ExitCode::Ok,
        (0, _) => ExitCode::Failure,
        _ => ExitCode::Partial,
    })
}
