//! `regdesk status`: approve, deny or cancel registrants named by `--email` (looked up among all
//! statuses, since Zoom lists only approved ones by default) or `--id`. Zoom takes 30 per call, so
//! 31 people are two calls. Emails that match no registrant stop the command before anything is
//! sent.

use super::context::{build_client, event_ref};
use super::output::{print_zoom_error, usage};
use super::{ExitCode, GlobalArgs, RegistrantSelector, StatusArgs, StatusVerb};
use crate::zoom::{EventRef, RegistrantRef, StatusAction, ZoomClient};

/// A usage error (before anything is sent) when neither `--email` nor `--id` is given.
pub fn require_selector(who: &RegistrantSelector) -> anyhow::Result<()> {
    if who
        .emails
        .iter()
        .chain(&who.ids)
        .all(|value| value.trim().is_empty())
    {
        return usage("name the registrants with --email E or --id ID (repeatable)");
    }
    Ok(())
}

/// The registrants a selector names: IDs as given, emails resolved by listing (all statuses).
pub async fn resolve(
    client: &ZoomClient,
    event: EventRef,
    who: &RegistrantSelector,
    occurrence: Option<&str>,
) -> anyhow::Result<Vec<RegistrantRef>> {
    require_selector(who)?;
    let emails: Vec<&str> = who
        .emails
        .iter()
        .map(|email| email.trim())
        .filter(|email| !email.is_empty())
        .collect();
    let ids: Vec<&str> = who
        .ids
        .iter()
        .map(|id| id.trim())
        .filter(|id| !id.is_empty())
        .collect();
    let mut refs: Vec<RegistrantRef> = ids.iter().map(|id| RegistrantRef::by_id(*id)).collect();
    if !emails.is_empty() {
        let found = client
            .find_registrants_by_email(event, &emails, occurrence)
            .await?;
        let missing: Vec<&str> = emails
            .iter()
            .copied()
            .filter(|email| !found.contains_key(&email.to_lowercase()))
            .collect();
        if !missing.is_empty() {
            anyhow::bail!(
                "no registrant of {event} has the email {} (checked pending, approved and denied); nothing was changed",
                missing.join(", ")
            );
        }
        for email in &emails {
            if let Some(registrant) = found.get(&email.to_lowercase()) {
                refs.push(registrant.to_ref());
            }
        }
    }
    let mut unique: Vec<RegistrantRef> = Vec::with_capacity(refs.len());
    for registrant in refs {
        if !unique.iter().any(|seen| seen.id == registrant.id) {
            unique.push(registrant);
        }
    }
    Ok(unique)
}

/// `email (id)`, or the ID alone, for messages.
pub fn describe(registrant: &RegistrantRef) -> String {
    match &registrant.email {
        Some(email) => format!("{email} ({})", registrant.id),
        None => registrant.id.clone(),
    }
}

pub async fn run(args: StatusArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    require_selector(&args.who)?;
    let client = build_client(global).await?;
    let event = event_ref(args.meeting_id, args.webinar);
    let registrants = resolve(&client, event, &args.who, args.occurrence.as_deref()).await?;
    let (action, done_word) = match args.action {
        StatusVerb::Approve => (StatusAction::Approve, "Approved"),
        StatusVerb::Deny => (StatusAction::Deny, "Denied"),
        StatusVerb::Cancel => (StatusAction::Cancel, "Cancelled"),
    };
    let outcome = client
        .update_status(event, action, &registrants, args.occurrence.as_deref())
        .await?;
    for registrant in &outcome.done {
        println!("{done_word} {}", describe(registrant));
    }
    for failure in &outcome.failed {
        let who: Vec<String> = failure.items.iter().map(describe).collect();
        print_zoom_error(&failure.error, Some(&who.join(", ")));
    }
    Ok(match (outcome.done.is_empty(), outcome.failed.is_empty()) {
        (_, true) => ExitCode::Ok,
        (true, false) => ExitCode::Failure,
        (false, false) => ExitCode::Partial,
    })
}
