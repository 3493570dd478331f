//! `regdesk copy FROM TO`: register a meeting's or webinar's registrants into another one (a
//! move: then cancel or delete them in the source), through the import engine
//! (`crate::import::copy`). This module turns flags into a copy request, asks on the terminal
//! for the answers the target requires and the source lacks (without a terminal, names them and
//! the `--answer` flag instead), prints the plan (all of it for `--dry-run`), shows progress like
//! `regdesk import`, and picks the exit code.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget};
use serde::Serialize;

use super::context::build_client;
use super::event_id::{self, EventIdArg, EventIdParser, WebinarFlag};
use super::import::with_progress;
use super::import_json::{self, OutcomeJson, PlanJson};
use super::output::print_json;
use super::output::{print_zoom_error, usage};
use super::{ExitCode, GlobalArgs, PlanFormat, StatusFilter};
use crate::import::copy::{
    self, CopyError, CopyFinished, CopyRequest, Gathered, MissingAnswer, MoveAction, MoveSummary,
    PreparedCopy,
};
use crate::import::job::{self, ImportError, StartMode};
use crate::import::outcome::RowOutcome;
use crate::zoom::{EventRef, ListStatus};

/// Shown after `regdesk copy --help`.
pub const AFTER_HELP: &str = "\
The target's fields and questions are answered from the source: custom questions by title \
(ignoring case and punctuation), standard fields by field. A field or question the target \
requires and some people have no value for needs a default: --answer TITLE=VALUE (or \
FIELD=VALUE, e.g. --answer org=Acme); on a terminal regdesk asks once per question instead.

The copy runs through the import engine: a dry run first, everyone checked before sending, \
people already registered in the target settled without a call, a journal in the data dir so \
that after Ctrl-C, a crash or a kill --resume finishes it without sending anyone twice, and a \
report (CSV) of every person's outcome. The source's rows are kept with the journal (private).

--move cancel: after the copy, approved registrations of those the target accepted are \
cancelled in the source (pending ones are denied: Zoom's cancel only withdraws an approval); \
--move delete deletes them. Nobody the target did not accept is touched; an interrupted move \
finishes with --resume.

Example: regdesk copy 84127650391 91284503317 --to-webinar --status approved --dry-run

Exit codes: 0 everyone copied (or already there); 3 some people need attention (see the \
report) or part of a move failed (--resume retries it); 2 usage error (a missing answer, an \
unfinished copy without --resume); 1 the copy could not run; 130 cancelled (--resume).";

/// What a move does in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MoveArg {
    /// Cancel approved registrations (deny pending ones).
    Cancel,
    /// Delete the registrants.
    Delete,
}

#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct CopyArgs {
    /// The meeting or webinar whose registrants are copied: its ID as Zoom shows it
    /// (84127650391, "841 2765 0391", 841-2765-0391) or its join or registration link; which kind
    /// it is, is found out at Zoom unless --from-webinar is given or the link says it.
    #[arg(value_parser = EventIdParser)]
    pub from: EventIdArg,
    /// The meeting or webinar they are registered into (the same forms as FROM).
    #[arg(value_parser = EventIdParser)]
    pub to: EventIdArg,
    /// FROM is a webinar's ID (skips finding that out at Zoom).
    #[arg(long)]
    pub from_webinar: bool,
    /// TO is a webinar's ID (skips finding that out at Zoom).
    #[arg(long)]
    pub to_webinar: bool,
    /// Which of the source's registrants (repeatable or comma-separated; default approved).
    #[arg(
        long = "status",
        value_enum,
        value_delimiter = ',',
        value_name = "STATUS"
    )]
    pub statuses: Vec<StatusFilter>,
    /// Only the source registrants of this occurrence of a recurring meeting.
    #[arg(long, value_name = "ID")]
    pub occurrence: Option<String>,
    /// A value for a field or question of the target, for everyone the source gives none.
    #[arg(long = "answer", value_name = "TITLE=VALUE")]
    pub answers: Vec<String>,
    /// Check and print the plan; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Then cancel (or delete) in the source those the target accepted.
    #[arg(long = "move", value_enum, value_name = "HOW")]
    pub move_action: Option<MoveArg>,
    /// Finish an interrupted copy from this source into this target.
    #[arg(long, conflicts_with = "restart")]
    pub resume: bool,
    /// Abandon an unfinished copy from this source into this target and start over.
    #[arg(long)]
    pub restart: bool,
    /// Where to write the per-person report (CSV).
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,
    /// table for people; json: the plan of a dry run, or the summary of a run, as one JSON
    /// document on stdout (messages stay on stderr).
    #[arg(long, value_enum, default_value_t)]
    pub format: PlanFormat,
    /// Rename the target's unreadable import journals out of the way, keeping them, and check
    /// against Zoom's registrant list instead.
    #[arg(long)]
    pub set_aside_journal: bool,
}

/// The statuses a filter list names (approved when none).
fn list_statuses(filters: &[StatusFilter]) -> Vec<ListStatus> {
    if filters.is_empty() {
        return vec![ListStatus::Approved];
    }
    let mut statuses = Vec::new();
    for filter in filters {
        let named: &[ListStatus] = match filter {
            StatusFilter::Pending => &[ListStatus::Pending],
            StatusFilter::Approved => &[ListStatus::Approved],
            StatusFilter::Denied => &[ListStatus::Denied],
            StatusFilter::All => &ListStatus::ALL,
        };
        for status in named {
            if !statuses.contains(status) {
                statuses.push(*status);
            }
        }
    }
    statuses
}

/// Splits `--answer TITLE=VALUE` at its first `=`, as `regdesk add --field` does.
fn parse_answer(text: &str) -> anyhow::Result<(String, String)> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_owned(), value.trim().to_owned()))
        }
        _ => usage(format!(
            "--answer {text:?}: expected TITLE=VALUE (e.g. --answer \"Dietary needs=None\" or --answer org=Acme)"
        )),
    }
}

pub async fn run(args: CopyArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let mode = match (args.resume, args.restart) {
        (true, _) => StartMode::Resume,
        (_, true) => StartMode::Restart,
        _ => StartMode::Fresh,
    };
    if args.dry_run && mode == StartMode::Restart {
        return usage("--dry-run and --restart do not go together: a dry run changes nothing");
    }
    let answers = args
        .answers
        .iter()
        .map(|text| parse_answer(text))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let data_dir = crate::paths::data_dir()?;
    let client = build_client(global).await?;
    let quiet = super::output::quiet();
    let flag = |name, given| WebinarFlag { name, given };
    // Both looked up at once: a round trip each would be one too many.
    let (from, to) = futures::try_join!(
        event_id::resolve(
            &client,
            args.from,
            flag("--from-webinar", args.from_webinar),
            quiet,
        ),
        event_id::resolve(
            &client,
            args.to,
            flag("--to-webinar", args.to_webinar),
            quiet,
        ),
    )?;
    let request = CopyRequest {
        from,
        to,
        statuses: list_statuses(&args.statuses),
        occurrence: args.occurrence.clone(),
        answers,
        mode,
        journal_dir: job::imports_dir(&data_dir),
        report: args.report.clone(),
        set_aside_unreadable: args.set_aside_journal,
        move_action: args.move_action.map(|action| match action {
            MoveArg::Cancel => MoveAction::Cancel,
            MoveArg::Delete => MoveAction::Delete,
        }),
        only: None,
    };
    let interactive = std::io::stderr().is_terminal();
    let spinner = |message: String| {
        interactive.then(|| {
            let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            spinner.set_message(message);
            spinner.enable_steady_tick(Duration::from_millis(120));
            spinner
        })
    };
    let listing = spinner(format!(
        "listing {} and reading {}'s questions…",
        request.from, request.to
    ));
    let gathered = copy::gather(&client, request).await;
    if let Some(listing) = listing {
        listing.finish_and_clear();
    }
    let mut gathered = match gathered {
        Ok(gathered) => gathered,
        Err(error) => return fail(error),
    };
    if let Err(error) = ask_missing_answers(&mut gathered) {
        return fail(error);
    }
    let planning = spinner("planning…".to_owned());
    let prepared = copy::prepare(&client, gathered).await;
    if let Some(planning) = planning {
        planning.finish_and_clear();
    }
    let prepared = match prepared {
        Ok(prepared) => prepared,
        Err(error) => return fail(error),
    };
    let json = args.format == PlanFormat::Json;
    if json {
        // One JSON document on stdout: the plan of a dry run, else the run's summary.
        if args.dry_run {
            print_json(&CopyPlanJson {
                from: prepared.request.from,
                to: prepared.request.to,
                plan: import_json::plan(&prepared.prepared, true),
            })?;
        }
    } else {
        print_plan(&prepared, args.dry_run);
    }
    if args.dry_run {
        let attention = prepared.prepared.plan.summary.settled.needing_attention();
        return Ok(if attention > 0 {
            ExitCode::Partial
        } else {
            ExitCode::Ok
        });
    }

    let to_send = prepared.prepared.plan.summary.to_send;
    let finished = with_progress(interactive, to_send, |events, cancel| {
        copy::execute(&client, &prepared, events, cancel)
    })
    .await;
    match finished {
        Ok(done) if json => {
            print_json(&CopyOutcomeJson {
                from: prepared.request.from,
                to: prepared.request.to,
                outcome: import_json::single_outcome(&prepared.prepared, &done.finished),
                moved: done.moved.as_ref(),
            })?;
            Ok(close(&prepared, &done))
        }
        Ok(done) => {
            print_outcome(&prepared, &done);
            Ok(close(&prepared, &done))
        }
        Err(error) => fail(error),
    }
}

/// `copy --format json` of a dry run: the events and the engine's plan.
#[derive(Debug, Serialize)]
struct CopyPlanJson<'a> {
    from: EventRef,
    to: EventRef,
    plan: PlanJson<'a>,
}

/// `copy --format json` of a run: the events, the engine's summary and the move's closing step.
#[derive(Debug, Serialize)]
struct CopyOutcomeJson<'a> {
    from: EventRef,
    to: EventRef,
    #[serde(flatten)]
    outcome: OutcomeJson<'a>,
    /// `null` unless `--move` was given.
    moved: Option<&'a MoveSummary>,
}

/// Asks on the terminal, once per required field or question the source lacks, for the value
/// everyone without one gets (a choice's first answer is the default). Without a terminal, the
/// missing answers are an error naming each one and its `--answer` flag.
fn ask_missing_answers(gathered: &mut Gathered) -> Result<(), CopyError> {
    let missing = gathered.missing_answers()?;
    if missing.is_empty() {
        return Ok(());
    }
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(CopyError::MissingAnswers(missing));
    }
    eprintln!(
        "The target requires answers the source does not have; each one is used for everyone without an answer."
    );
    for each in &missing {
        match ask_one(each) {
            Some(value) => gathered.answer(each, value),
            None => return Err(CopyError::MissingAnswers(missing)),
        }
    }
    Ok(())
}

/// One prompt; `None` when the input ends (Ctrl-D) before an answer.
fn ask_one(missing: &MissingAnswer) -> Option<String> {
    let default = missing.choices.first();
    if !missing.choices.is_empty() {
        crate::eprintln_sanitised!("  choices: {}", missing.choices.join(", "));
    }
    let prompt = crate::text::terminal::sanitise_lines(&format!(
        "{} ({} people have none){}: ",
        missing.field,
        missing.people,
        default
            .map(|choice| format!(" [{choice}]"))
            .unwrap_or_default()
    ))
    .into_owned();
    loop {
        let line = tokio::task::block_in_place(|| super::prompt::terminal::read_visible(&prompt))
            .ok()??;
        let typed = line.trim();
        match (typed.is_empty(), default) {
            (false, _) => return Some(typed.to_owned()),
            (true, Some(choice)) => return Some(choice.clone()),
            (true, None) => eprintln!("  an answer is needed (Ctrl-D to stop)"),
        }
    }
}

fn fail(error: CopyError) -> anyhow::Result<ExitCode> {
    match error {
        error if error.is_usage() => usage(error.to_string()),
        CopyError::Zoom(error) | CopyError::Import(ImportError::Zoom(error)) => {
            print_zoom_error(&error, None);
            Ok(ExitCode::Failure)
        }
        other => Err(other.into()),
    }
}

/// The email of a row, for messages (the rows are the copy's, not a file the user has).
fn email_of(prepared: &PreparedCopy, row: usize) -> String {
    prepared
        .prepared
        .plan
        .rows
        .iter()
        .find(|identity| identity.row == row)
        .map_or_else(|| format!("row {row}"), |identity| identity.email.clone())
}

fn print_plan(copy: &PreparedCopy, dry_run: bool) {
    let prepared = &copy.prepared;
    let summary = &prepared.plan.summary;
    let request = &copy.request;
    let statuses: Vec<&str> = request.statuses.iter().map(|s| s.as_str()).collect();
    crate::println_sanitised!(
        "From:  {}{} ({} registrants{}: {} people)",
        request.from,
        copy.from_topic
            .as_deref()
            .map(|topic| format!(" \"{topic}\""))
            .unwrap_or_default(),
        statuses.join(", "),
        request
            .occurrence
            .as_deref()
            .map(|occurrence| format!(" of occurrence {occurrence}"))
            .unwrap_or_default(),
        prepared.source.rows
    );
    crate::println_sanitised!(
        "To:    {} \"{}\" ({}, {})",
        request.to,
        prepared.event.summary.topic,
        prepared.event.summary.event_type.describe(),
        prepared.event.settings.approval_type.describe()
    );
    if let Some(journal) = &prepared.resuming {
        println!(
            "Resuming the copy started {} ({} people sent then)",
            journal.begin.at.strftime("%Y-%m-%d %H:%M:%S UTC"),
            journal.sent_rows.len()
        );
    }
    if !copy.columns.is_empty() {
        println!("Fields:");
    }
    for column in &copy.columns {
        let people = prepared.source.rows;
        let mut used = match (&column.answer, column.from_source) {
            (None, _) => format!("from the source ({} of {people})", column.from_source),
            (Some(answer), 0) => format!("{answer:?} for everyone (--answer)"),
            (Some(answer), from_source) => format!(
                "from the source ({from_source} of {people}), {answer:?} for the others (--answer)"
            ),
        };
        if column.left_out > 0 {
            used.push_str(&format!(
                "; {} value(s) the target would refuse left out (it does not require this)",
                column.left_out
            ));
        }
        crate::println_sanitised!("  {} → {used}", column.field);
    }
    if let Some(action) = request.move_action {
        println!(
            "Move:  then {} in {} those {} accepts (nobody else)",
            match action {
                MoveAction::Cancel => "cancel (approved) or deny (pending)",
                MoveAction::Delete => "delete",
            },
            request.from,
            request.to
        );
    }
    println!("Plan:");
    println!(
        "  {} to register: {} batch call(s) of up to 30, {} single add(s)",
        summary.to_send, summary.batch_calls, summary.single_adds
    );
    println!("  settled without sending: {}", summary.settled);
    println!("  {}, plus network time", summary.pace());
    let mut printed = 0;
    for (row, outcome) in &prepared.plan.settled {
        let lines: Vec<String> = match outcome {
            RowOutcome::Invalid { problems } => problems
                .iter()
                .map(|problem| {
                    format!(
                        "{}: {}: {}",
                        email_of(copy, *row),
                        problem.field,
                        problem.message
                    )
                })
                .collect(),
            RowOutcome::Blocked { reason } => {
                vec![format!("{}: blocked: {reason}", email_of(copy, *row))]
            }
            _ => Vec::new(),
        };
        for line in lines {
            if printed == 0 {
                println!("Problems:");
            }
            if dry_run || printed < 200 {
                crate::println_sanitised!("  {line}");
            }
            printed += 1;
        }
    }
    if !dry_run && printed > 200 {
        println!("  … and {} more in the report", printed - 200);
    }
}

/// The summary of a run for people, on stdout.
fn print_outcome(copy: &PreparedCopy, done: &CopyFinished) {
    let finished = &done.finished;
    let ended = if finished.cancelled || finished.stopped.is_some() {
        "Stopped"
    } else {
        "Done"
    };
    crate::println_sanitised!("{ended}: {}", finished.counts);
    for (row, outcome) in &finished.outcomes {
        if matches!(
            outcome,
            RowOutcome::Failed { .. } | RowOutcome::Unknown { .. }
        ) {
            crate::println_sanitised!(
                "  {}: {}: {}",
                email_of(copy, *row),
                outcome.label(),
                outcome.detail()
            );
        }
    }
    if let Some(moved) = &done.moved {
        crate::println_sanitised!(
            "Moved out of {}: {} cancelled, {} denied (were pending), {} deleted, {} no longer there; {} not accepted by {} stay",
            copy.request.from,
            moved.cancelled,
            moved.denied,
            moved.deleted,
            moved.already_done,
            moved.not_accepted,
            copy.request.to
        );
        for failure in &moved.failures {
            crate::eprintln_sanitised!("error: {failure}");
        }
    }
    for note in &finished.notes {
        crate::println_sanitised!("Note: {note}");
    }
    crate::println_sanitised!("Report:  {}", finished.report.display());
    crate::println_sanitised!("Journal: {}", finished.journal.display());
}

/// What a finished run asks of the person, on stderr, and its exit code (both formats).
fn close(copy: &PreparedCopy, done: &CopyFinished) -> ExitCode {
    let finished = &done.finished;
    if let Some(reason) = &finished.stopped {
        crate::eprintln_sanitised!("error: the copy stopped: {reason}");
        eprintln!(
            "  fix it, then run the same command with --resume to send the remaining {} people",
            finished.counts.not_sent
        );
        return ExitCode::Failure;
    }
    if finished.cancelled {
        eprintln!(
            "Cancelled. Run the same command with --resume to finish ({} of {} people not done).",
            finished.counts.not_sent + finished.counts.unknown,
            copy.prepared.plan.rows.len()
        );
        return ExitCode::Cancelled;
    }
    let attention = finished.counts.needing_attention();
    let move_failed = done.moved.as_ref().is_some_and(|m| !m.failures.is_empty());
    if move_failed {
        eprintln!(
            "Part of the move failed; run the same command with --resume to try it again (nobody is copied twice)."
        );
    }
    if attention > 0 {
        eprintln!(
            "{attention} people need attention (see the report's outcome and detail columns)."
        );
    }
    if attention > 0 || move_failed {
        ExitCode::Partial
    } else {
        ExitCode::Ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_default_to_approved_and_all_names_each_once() {
        assert_eq!(list_statuses(&[]), [ListStatus::Approved]);
        assert_eq!(
            list_statuses(&[StatusFilter::Pending, StatusFilter::All]),
            [
                ListStatus::Pending,
                ListStatus::Approved,
                ListStatus::Denied
            ]
        );
    }

    #[test]
    fn an_answer_splits_at_its_first_equals_sign() {
        assert_eq!(
            parse_answer("Formula = =1+1").unwrap(),
            ("Formula".to_owned(), "=1+1".to_owned())
        );
        assert!(parse_answer("no value").is_err());
        assert!(parse_answer("=x").is_err());
    }
}
