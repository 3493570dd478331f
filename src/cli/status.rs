//! `regdesk status`: approve, deny or cancel registrants named by `--email` or `--id`, both looked
//! up among all statuses (Zoom lists only approved ones by default, and its status endpoint skips
//! unknown registrants without a word). Zoom takes 30 per call, so 31 people are two calls.
//! Anyone who matches no registrant stops the command before anything is sent. People the action
//! would not change under Zoom's status rules ([`crate::zoom::status_rules`]: cancelling someone
//! pending, approving someone approved) are named and not sent; the exit code says so.

use super::context::{build_client, event_ref};
use super::output::{print_zoom_error, usage};
use super::{ExitCode, GlobalArgs, RegistrantSelector, StatusArgs, StatusVerb};
use crate::zoom::{
    EventRef, RegistrantRef, RegistrantStatus, StatusAction, ZoomClient, status_rules,
};

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

/// Whether the IDs a selector gives are checked against the listing before anything is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckIds {
    /// Zoom's status endpoint skips unknown IDs without a word, so they are looked up first.
    Yes,
    /// The endpoint reports an unknown ID itself (delete).
    No,
}

/// The registrants a selector names, emails resolved (and IDs checked, if asked) by listing
/// every status. Unknown ones stop the command before anything is sent.
pub async fn resolve(
    client: &ZoomClient,
    event: EventRef,
    who: &RegistrantSelector,
    occurrence: Option<&str>,
    check_ids: CheckIds,
) -> anyhow::Result<Vec<RegistrantRef>> {
    let people = resolve_people(client, event, who, occurrence, check_ids).await?;
    Ok(people.into_iter().map(|(person, _)| person).collect())
}

/// As [`resolve`], with each person's status as listed (none for IDs not looked up).
pub async fn resolve_people(
    client: &ZoomClient,
    event: EventRef,
    who: &RegistrantSelector,
    occurrence: Option<&str>,
    check_ids: CheckIds,
) -> anyhow::Result<Vec<(RegistrantRef, Option<RegistrantStatus>)>> {
    require_selector(who)?;
    let given = |values: &[String]| -> Vec<String> {
        values
            .iter()
            .map(|value| value.trim())
            .filter(|value| !value.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let (emails, ids) = (given(&who.emails), given(&who.ids));
    let mut refs: Vec<(RegistrantRef, Option<RegistrantStatus>)> = Vec::new();
    if emails.is_empty() && check_ids == CheckIds::No {
        refs.extend(ids.iter().map(|id| (RegistrantRef::by_id(id), None)));
    } else {
        let everyone = client.list_all_registrants(event, occurrence).await?;
        let mut unknown: Vec<String> = Vec::new();
        for id in &ids {
            match everyone.iter().find(|registrant| &registrant.id == id) {
                Some(registrant) => {
                    refs.push((registrant.to_ref(), Some(registrant.status.clone())))
                }
                None if check_ids == CheckIds::Yes => unknown.push(format!("the ID {id}")),
                None => refs.push((RegistrantRef::by_id(id), None)),
            }
        }
        for email in &emails {
            match everyone
                .iter()
                .find(|registrant| registrant.email.eq_ignore_ascii_case(email))
            {
                Some(registrant) => {
                    refs.push((registrant.to_ref(), Some(registrant.status.clone())))
                }
                None => unknown.push(format!("the email {email}")),
            }
        }
        if !unknown.is_empty() {
            anyhow::bail!(
                "no registrant of {event} has {} (checked pending, approved and denied); nothing was changed",
                unknown.join(", ")
            );
        }
    }
    let mut unique: Vec<(RegistrantRef, Option<RegistrantStatus>)> = Vec::with_capacity(refs.len());
    for registrant in refs {
        if !unique.iter().any(|(seen, _)| seen.id == registrant.0.id) {
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
    let occurrence = args.occurrence.as_deref();
    let people = resolve_people(&client, event, &args.who, occurrence, CheckIds::Yes).await?;
    let (action, done_word) = match args.action {
        StatusVerb::Approve => (StatusAction::Approve, "Approved"),
        StatusVerb::Deny => (StatusAction::Deny, "Denied"),
        StatusVerb::Cancel => (StatusAction::Cancel, "Cancelled"),
    };
    let mut registrants = Vec::with_capacity(people.len());
    let mut unchanged = 0;
    for (registrant, status) in people {
        match status {
            Some(status) if !status_rules::applies(event.kind, &status, action) => {
                unchanged += 1;
                crate::eprintln_sanitised!(
                    "Not sent for {}: {}",
                    describe(&registrant),
                    status_rules::why_unchanged(&status, action)
                );
            }
            _ => registrants.push(registrant),
        }
    }
    if registrants.is_empty() {
        anyhow::bail!(
            "nobody named can be {} (Zoom's status rules); nothing was sent",
            done_word.to_lowercase()
        );
    }
    let outcome = client
        .update_status(event, action, &registrants, occurrence)
        .await?;
    for registrant in &outcome.done {
        crate::println_sanitised!("{done_word} {}", describe(registrant));
    }
    for failure in &outcome.failed {
        let who: Vec<String> = failure.items.iter().map(describe).collect();
        print_zoom_error(&failure.error, Some(&who.join(", ")));
    }
    Ok(match (outcome.done.is_empty(), outcome.failed.is_empty()) {
        (_, true) if unchanged == 0 => ExitCode::Ok,
        (_, true) => ExitCode::Partial,
        (true, false) => ExitCode::Failure,
        (false, false) => ExitCode::Partial,
    })
}
