//! `regdesk status`: approve, deny or cancel registrants named by `--email` or `--id`, both looked
//! up among all statuses (Zoom lists only approved ones by default, and its status endpoint skips
//! unknown registrants without a word). Zoom takes 30 per call, so 31 people are two calls.
//! Anyone who matches no registrant stops the command before anything is sent. People the action
//! would not change under Zoom's status rules ([`crate::zoom::status_rules`]: cancelling someone
//! pending, approving someone approved) are named and not sent; the exit code says so. Denying or
//! cancelling more than one person asks first (`--yes` without a terminal); `--dry-run` shows who
//! would change and sends nothing.

use serde::Serialize;

use super::confirm::{Decision, ask};
use super::context::{build_client, resolve_event};
use super::output::{print_json, print_zoom_error, usage, write_csv};
use super::{ExitCode, GlobalArgs, OutputFormat, RegistrantSelector, StatusArgs, StatusVerb};
use crate::zoom::{
    EventRef, RegistrantRef, RegistrantStatus, StatusAction, ZoomClient, ZoomError, status_rules,
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

/// One registrant's outcome, for `--format json` and `csv` of `status` and `delete`.
#[derive(Debug, Serialize)]
pub struct Outcome {
    pub registrant_id: String,
    pub email: Option<String>,
    /// `approved`, `denied`, `cancelled`, `deleted`, `would_…` under `--dry-run`, or `failed`.
    pub result: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Outcome {
    pub fn new(registrant: &RegistrantRef, result: &str, error: Option<&ZoomError>) -> Self {
        Outcome {
            registrant_id: registrant.id.clone(),
            email: registrant.email.clone(),
            result: result.to_owned(),
            error: error.map(|error| error.diagnosis().summary.to_string()),
        }
    }
}

/// The report of `status` and `delete` under `--format json` or `csv`.
#[derive(Debug, Serialize)]
pub struct Report {
    pub event: EventRef,
    pub dry_run: bool,
    pub registrants: Vec<Outcome>,
}

/// Prints a report as JSON or CSV (a table's lines were printed as the work went).
pub fn print_report(report: &Report, format: OutputFormat) -> anyhow::Result<()> {
    match format {
        OutputFormat::Json => print_json(report),
        OutputFormat::Csv => write_csv(
            std::io::stdout().lock(),
            &["registrant_id", "email", "result", "error"].map(str::to_owned),
            &report
                .registrants
                .iter()
                .map(|outcome| {
                    vec![
                        outcome.registrant_id.clone(),
                        outcome.email.clone().unwrap_or_default(),
                        outcome.result.clone(),
                        outcome.error.clone().unwrap_or_default(),
                    ]
                })
                .collect::<Vec<_>>(),
        ),
        OutputFormat::Table => Ok(()),
    }
}

pub async fn run(args: StatusArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    require_selector(&args.who)?;
    let client = build_client(global).await?;
    let event = resolve_event(&client, args.meeting_id, args.webinar).await?;
    let occurrence = args.occurrence.as_deref();
    let people = resolve_people(&client, event, &args.who, occurrence, CheckIds::Yes).await?;
    let (action, verb, done_word) = match args.action {
        StatusVerb::Approve => (StatusAction::Approve, "approve", "approved"),
        StatusVerb::Deny => (StatusAction::Deny, "deny", "denied"),
        StatusVerb::Cancel => (StatusAction::Cancel, "cancel", "cancelled"),
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
        anyhow::bail!("nobody named can be {done_word} (Zoom's status rules); nothing was sent");
    }
    let table = args.format == OutputFormat::Table;
    if args.confirm.dry_run {
        let would = format!("would_{verb}");
        for registrant in &registrants {
            if table {
                crate::println_sanitised!("Would {verb} {}", describe(registrant));
            }
        }
        crate::note!("Dry run: nothing was sent to Zoom.");
        let report = Report {
            event,
            dry_run: true,
            registrants: registrants
                .iter()
                .map(|registrant| Outcome::new(registrant, &would, None))
                .collect(),
        };
        print_report(&report, args.format)?;
        return Ok(ExitCode::Ok);
    }
    // Denying or cancelling many people at once is hard to undo by hand.
    let destructive = matches!(args.action, StatusVerb::Deny | StatusVerb::Cancel);
    if destructive && registrants.len() > 1 {
        let what = format!("{verb} {} registrants of {event}", registrants.len());
        let question = format!(
            "{} {} registrants of {event}?",
            capitalised(verb),
            registrants.len()
        );
        if ask(args.confirm, &question, &what)? == Decision::Declined {
            eprintln!("Nothing was changed.");
            return Ok(ExitCode::Failure);
        }
    }
    let outcome = client
        .update_status(event, action, &registrants, occurrence)
        .await?;
    let mut outcomes = Vec::new();
    for registrant in &outcome.done {
        if table {
            crate::println_sanitised!("{} {}", capitalised(done_word), describe(registrant));
        }
        outcomes.push(Outcome::new(registrant, done_word, None));
    }
    for failure in &outcome.failed {
        let who: Vec<String> = failure.items.iter().map(describe).collect();
        print_zoom_error(&failure.error, Some(&who.join(", ")));
        outcomes.extend(
            failure
                .items
                .iter()
                .map(|registrant| Outcome::new(registrant, "failed", Some(&failure.error))),
        );
    }
    print_report(
        &Report {
            event,
            dry_run: false,
            registrants: outcomes,
        },
        args.format,
    )?;
    Ok(match (outcome.done.is_empty(), outcome.failed.is_empty()) {
        (_, true) if unchanged == 0 => ExitCode::Ok,
        (_, true) => ExitCode::Partial,
        (true, false) => ExitCode::Failure,
        (false, false) => ExitCode::Partial,
    })
}

/// `deny` → `Deny`.
pub fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
