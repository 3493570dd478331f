//! `regdesk import`: register everyone in a spreadsheet, resumably. The engine is
//! `crate::import`; this module turns flags into an import request, prints the plan (all of it
//! for `--dry-run`), draws an indicatif progress bar on stderr when stderr is a terminal, turns
//! Ctrl-C into a clean stop (a second Ctrl-C quits at once: the journal keeps that safe), and
//! picks the exit code. Without a meeting ID, the file's event column names each row's event
//! (`import_events.rs`); `--format json` prints the plan or the summary as JSON
//! (`import_json.rs`).

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::context::{build_client, resolve_event};
use super::import_json;
use super::output::{print_json, print_zoom_error, usage};
use super::{ExitCode, GlobalArgs, ImportArgs, PlanFormat};
use crate::import::job::{self, Finished, ImportError, ImportRequest, Prepared, StartMode};
use crate::import::mapping::{ColumnUse, Reason};
use crate::import::outcome::{OutcomeCounts, RowOutcome};
use crate::import::plan::PlanSummary;
use crate::import::run::ImportEvent;
use crate::zoom::EventRef;

/// What `regdesk import --help` says after the options: files, journal, exit codes, examples.
pub fn after_help() -> String {
    format!("{AFTER_HELP}\n\n{}", super::examples::IMPORT)
}

/// Files, the journal and exit codes, for `regdesk import --help`.
pub const AFTER_HELP: &str = "\
Files: CSV, TSV or semicolon-separated (sniffed), UTF-8 (with or without BOM), UTF-16 or \
Windows-1252. Columns are matched by header (Zoom's email,first_name,last_name; \"E-mail\", \
\"First Name\", exports of Eventbrite, Google Forms, Typeform…; a single \"Name\" column is split) \
and custom questions by title; --map COLUMN=FIELD overrides (FIELD: a field such as email, \
first_name, org, country; a question title; or ignore). FILE must be a regular file of at most \
256 MiB and 1000000 data rows (a Zoom event takes at most 4,999 registrants).

Every row is checked before anything is sent. The import is journaled in the data dir \
(REGDESK_DATA_DIR; private files), so after Ctrl-C, a crash or a kill, --resume finishes it \
without sending anyone twice; a last journal record cut short by a crash is repaired by itself. \
A journal damaged otherwise (or empty) stops imports into its event and is named: \
--set-aside-journal renames it (it is kept) and checks against Zoom's registrant list instead. \
One import per event runs at a time: another one, of any file, is refused while it runs. The \
report (CSV, --report PATH or beside the journal) gives every row's outcome.

Without MEETING_ID, a column of the file names each row's meeting or webinar: its ID in any form \
Zoom shows, a join or registration link, or the exact topic of one of the account's events (a \
header such as \"Meeting ID\", \"Webinar ID\" or \"Event\", or --event-column NAME). Each event is \
checked against its own fields and questions; the events are sent side by side within one \
rate-limit budget, with one plan and one report (with an event column); --resume finishes \
every event of the file.

Exit codes: 0 every row registered, already registered or a duplicate; 3 some rows need \
attention (invalid, blocked by a Zoom limit, failed, or unknown: see the report); 2 usage error; \
1 the import could not run or was stopped by a problem every call shares; 130 cancelled (resume \
with --resume).";

/// How many problem lines the plan prints before summarising the rest (the report has all).
const PROBLEM_LINES: usize = 200;

/// `--resume`, `--restart` or neither, as the engine's start mode (a dry run cannot restart).
pub(super) fn start_mode(args: &ImportArgs) -> anyhow::Result<StartMode> {
    let mode = match (args.resume, args.restart) {
        (true, _) => StartMode::Resume,
        (_, true) => StartMode::Restart,
        _ => StartMode::Fresh,
    };
    if args.dry_run && mode == StartMode::Restart {
        return usage("--dry-run and --restart do not go together: a dry run changes nothing");
    }
    Ok(mode)
}

/// `regdesk import MEETING_ID FILE`: one event (without a meeting ID, `import_events::run`).
pub async fn run(args: ImportArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let mode = start_mode(&args)?;
    let Some(meeting_id) = args.meeting_id else {
        return usage("a meeting ID is needed for an import into one event");
    };
    let json = args.format == PlanFormat::Json;
    let data_dir = crate::paths::data_dir()?;
    let client = build_client(global).await?;
    let event = resolve_event(&client, meeting_id, args.webinar).await?;
    let request = ImportRequest {
        event,
        file: args.file.clone(),
        overrides: args.maps.clone(),
        event_column: None,
        mode,
        journal_dir: job::imports_dir(&data_dir),
        report: args.report.clone(),
        set_aside_unreadable: args.set_aside_journal,
    };
    let interactive = std::io::stderr().is_terminal();
    let spinner = interactive.then(|| {
        let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        spinner.set_message(format!(
            "reading {} and {}…",
            args.file.display(),
            request.event
        ));
        spinner.enable_steady_tick(Duration::from_millis(120));
        spinner
    });
    let prepared = job::prepare(&client, request).await;
    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    let prepared = match prepared {
        Ok(prepared) => prepared,
        Err(error) => return fail(error),
    };
    if json {
        // One JSON document on stdout: the plan of a dry run, else the run's summary.
        if args.dry_run {
            print_json(&import_json::plan(&prepared, true))?;
        }
    } else {
        print_plan(&prepared, args.dry_run);
    }
    if args.dry_run {
        let attention = prepared.plan.summary.settled.needing_attention();
        return Ok(if attention > 0 {
            ExitCode::Partial
        } else {
            ExitCode::Ok
        });
    }

    let finished = with_progress(
        interactive,
        prepared.plan.summary.to_send,
        |events, cancel| job::execute(&client, &prepared, events, cancel),
    )
    .await;
    match finished {
        Ok(finished) if json => {
            print_json(&import_json::single_outcome(&prepared, &finished))?;
            Ok(close(&Closing {
                counts: &finished.counts,
                cancelled: finished.cancelled,
                stopped: finished.stopped.as_deref(),
                rows: prepared.plan.rows.len(),
            }))
        }
        Ok(finished) => Ok(print_outcome(&prepared, &finished)),
        Err(error) => fail(error),
    }
}

/// Runs `execute` with Ctrl-C turned into a clean stop and, on a terminal, a progress bar of the
/// `to_send` rows (import and copy send through the same engine).
pub(super) async fn with_progress<T, Run, Running>(
    interactive: bool,
    to_send: usize,
    execute: Run,
) -> T
where
    Run: FnOnce(mpsc::UnboundedSender<ImportEvent>, CancellationToken) -> Running,
    Running: std::future::Future<Output = T>,
{
    let cancel = CancellationToken::new();
    let interrupt = tokio::spawn(watch_interrupts(cancel.clone()));
    let (events, mut received) = mpsc::unbounded_channel();
    let bar = interactive.then(|| progress_bar(to_send as u64));
    let drawing = {
        let bar = bar.clone();
        tokio::spawn(async move {
            while let Some(event) = received.recv().await {
                if let Some(bar) = &bar {
                    show(bar, &event);
                }
            }
        })
    };
    let finished = execute(events, cancel).await;
    interrupt.abort();
    // The sender is gone with `execute`; the drawer drains and ends.
    if drawing.await.is_err() {
        eprintln!("warning: the progress display stopped early");
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    finished
}

/// First Ctrl-C: stop sending (units in flight finish or are left to `--resume`). Second: quit.
async fn watch_interrupts(cancel: CancellationToken) {
    if tokio::signal::ctrl_c().await.is_err() {
        return;
    }
    eprintln!(
        "\nStopping: no new calls; waiting for the ones in flight (Ctrl-C again quits at once, the journal keeps that safe)…"
    );
    cancel.cancel();
    if tokio::signal::ctrl_c().await.is_ok() {
        eprintln!("Quit. Run the same command with --resume to finish the import.");
        std::process::exit(130);
    }
}

fn progress_bar(rows: u64) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(rows), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{spinner} {elapsed_precise} [{bar:30}] {pos}/{len} rows · {msg} · ETA {eta}",
    )
    .map(|style| style.progress_chars("=> "))
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn show(bar: &ProgressBar, event: &ImportEvent) {
    match event {
        ImportEvent::Progress(progress) => {
            bar.set_position(progress.rows_done as u64);
            bar.set_message(format!(
                "{} registered, {} need attention, {:.0} rows/s",
                progress.registered, progress.failed, progress.rows_per_second
            ));
        }
        ImportEvent::Stopped { reason } => bar.println(crate::text::terminal::sanitise_lines(
            &format!("Stopped: {reason}"),
        )),
        ImportEvent::Started { .. } | ImportEvent::Row { .. } | ImportEvent::Finished { .. } => {}
    }
}

pub(super) fn fail(error: ImportError) -> anyhow::Result<ExitCode> {
    match error {
        ImportError::Usage(message) => usage(message),
        ImportError::Mapping(error) => usage(error.to_string()),
        error @ ImportError::UnreadableJournals { .. } => usage(error.to_string()),
        ImportError::Zoom(error) => {
            print_zoom_error(&error, None);
            Ok(ExitCode::Failure)
        }
        other => Err(other.into()),
    }
}

fn print_plan(prepared: &Prepared, dry_run: bool) {
    let table = &prepared.source.table;
    crate::println_sanitised!(
        "File:  {} ({}, {}, {} rows)",
        prepared.source.path.display(),
        table.encoding,
        table.delimiter,
        prepared.source.rows
    );
    print_header(prepared, dry_run);
    print_columns(prepared, |_| true);
    let summary = &prepared.plan.summary;
    println!("Plan:");
    print_plan_lines(summary, "  ");
    println!("  {}, plus network time", summary.pace());
    for problem in &prepared.file_problems {
        crate::println_sanitised!("Every row: {problem}");
    }
    let mut lines = ProblemLines::default();
    print_problems(std::iter::once((prepared, None)), dry_run, &mut lines);
    print_hidden_problems(&lines);
}

/// The event, and what is resumed or set aside.
pub(super) fn print_header(prepared: &Prepared, dry_run: bool) {
    crate::println_sanitised!(
        "Event: {} \"{}\" ({}, {})",
        prepared.request.event,
        prepared.event.summary.topic,
        prepared.event.summary.event_type.describe(),
        prepared.event.settings.approval_type.describe()
    );
    if let Some(journal) = &prepared.resuming {
        println!(
            "Resuming the import started {} ({} rows sent then)",
            journal.begin.at.strftime("%Y-%m-%d %H:%M:%S UTC"),
            journal.sent_rows.len()
        );
        if journal.torn_tail {
            println!(
                "Its journal's last record was cut short (a crash or a full disk while writing); {}",
                if dry_run {
                    "the import will remove it and settle that send by the registrant listing"
                } else {
                    "it is removed and that send is settled by the registrant listing"
                }
            );
        }
    }
    for path in &prepared.setting_aside {
        println!(
            "Unreadable journal {} {} (kept); the registrant listing stands in for it",
            path.display(),
            if dry_run {
                "would be set aside"
            } else {
                "is set aside"
            }
        );
    }
}

/// The columns `shown` picks and what each is used for.
pub(super) fn print_columns(prepared: &Prepared, shown: impl Fn(&ColumnUse) -> bool) {
    let table = &prepared.source.table;
    println!("Columns:");
    for column in prepared
        .mapping
        .columns
        .iter()
        .filter(|column| shown(column))
    {
        let used = match (&column.target, &column.reason) {
            (Some(target), Reason::Override) => format!("{target} (--map)"),
            (Some(target), Reason::Keyword) => format!("{target} (guessed from the header)"),
            (Some(target), Reason::BuyerColumn) => {
                format!("{target} (the buyer's; no attendee column has it)")
            }
            (Some(target), _) => target.to_string(),
            (None, Reason::SetAside { used_column }) => format!(
                "not used: {} is used for the same field",
                table.column_label(*used_column)
            ),
            (None, Reason::Ignored) => "not used (--map … =ignore)".to_owned(),
            (None, Reason::EventColumn) => "the event of each row".to_owned(),
            (None, Reason::SetByZoom { what }) => {
                format!("not imported: Zoom sets {what} for each registrant")
            }
            (None, _) => format!(
                "not used: no field or question of this event by that name (to use it: --map \"{}=FIELD\")",
                column.header
            ),
        };
        crate::println_sanitised!("  {} → {used}", column.label());
    }
}

/// The plan's counts, each line after `indent`.
pub(super) fn print_plan_lines(summary: &PlanSummary, indent: &str) {
    println!(
        "{indent}{} to register: {} batch call(s) of up to 30, {} single add(s){}",
        summary.to_send,
        summary.batch_calls,
        summary.single_adds,
        if summary.batchable_sent_singly > 0 {
            format!(
                " ({} sent singly to use the Light rate limit next to the Heavy one)",
                summary.batchable_sent_singly
            )
        } else {
            String::new()
        }
    );
    println!("{indent}settled without sending: {}", summary.settled);
}

/// How many problem lines were printed and held back, across events.
#[derive(Default)]
pub(super) struct ProblemLines {
    printed: usize,
    hidden: usize,
}

/// Every row problem of the plans (a dry run prints them all; a run, the first
/// [`PROBLEM_LINES`]), each after its row and, for an import into several events, its event.
pub(super) fn print_problems<'a>(
    plans: impl Iterator<Item = (&'a Prepared, Option<EventRef>)>,
    dry_run: bool,
    lines: &mut ProblemLines,
) {
    for (prepared, event) in plans {
        let at = |row: &usize| match event {
            Some(event) => format!("row {row} ({event})"),
            None => format!("row {row}"),
        };
        for (row, outcome) in &prepared.plan.settled {
            let text = match outcome {
                RowOutcome::Invalid { problems } => problems
                    .iter()
                    .filter(|problem| !prepared.file_problems.contains(problem))
                    .map(|problem| format!("{}: {problem}", at(row)))
                    .collect::<Vec<_>>(),
                RowOutcome::Blocked { reason } => vec![format!("{}: blocked: {reason}", at(row))],
                RowOutcome::Duplicate { of_row } if dry_run => {
                    vec![format!("{}: duplicate of row {of_row}", at(row))]
                }
                _ => Vec::new(),
            };
            print_problem_lines(text, dry_run, lines);
        }
    }
}

/// Prints problem lines under one heading, up to [`PROBLEM_LINES`] unless a dry run.
pub(super) fn print_problem_lines(text: Vec<String>, dry_run: bool, lines: &mut ProblemLines) {
    for line in text {
        if lines.printed < PROBLEM_LINES || dry_run {
            if lines.printed == 0 {
                println!("Problems (row as in the spreadsheet, header = row 1):");
            }
            crate::println_sanitised!("  {line}");
            lines.printed += 1;
        } else {
            lines.hidden += 1;
        }
    }
}

/// The count of problem lines held back, if any.
pub(super) fn print_hidden_problems(lines: &ProblemLines) {
    if lines.hidden > 0 {
        println!("  … and {} more in the report", lines.hidden);
    }
}

fn print_outcome(prepared: &Prepared, finished: &Finished) -> ExitCode {
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
            crate::println_sanitised!("  row {row}: {}: {}", outcome.label(), outcome.detail());
        }
    }
    for note in &finished.notes {
        crate::println_sanitised!("Note: {note}");
    }
    crate::println_sanitised!("Report:  {}", finished.report.display());
    crate::println_sanitised!("Journal: {}", finished.journal.display());
    close(&Closing {
        counts: &finished.counts,
        cancelled: finished.cancelled,
        stopped: finished.stopped.as_deref(),
        rows: prepared.plan.rows.len(),
    })
}

/// How a run ended, for the last lines on stderr and the exit code.
pub(super) struct Closing<'a> {
    pub(super) counts: &'a OutcomeCounts,
    pub(super) cancelled: bool,
    pub(super) stopped: Option<&'a str>,
    /// Data rows of the import.
    pub(super) rows: usize,
}

/// Says on stderr what is left to do and picks the exit code.
pub(super) fn close(closing: &Closing<'_>) -> ExitCode {
    let counts = closing.counts;
    if let Some(reason) = closing.stopped {
        crate::eprintln_sanitised!("error: the import stopped: {reason}");
        eprintln!(
            "  fix it, then run the same command with --resume to send the remaining {} row(s)",
            counts.not_sent
        );
        return ExitCode::Failure;
    }
    if closing.cancelled {
        eprintln!(
            "Cancelled. Run the same command with --resume to finish ({} of {} rows not done).",
            counts.not_sent + counts.unknown,
            closing.rows
        );
        return ExitCode::Cancelled;
    }
    let attention = counts.needing_attention();
    if attention > 0 {
        eprintln!(
            "{attention} row(s) need attention (see the report's outcome and detail columns). Fix them in the file and import it again: everyone registered now is skipped as already registered."
        );
        ExitCode::Partial
    } else {
        ExitCode::Ok
    }
}
