//! `regdesk import FILE` without a meeting ID: the file's event column names each row's meeting
//! or webinar. Lists the account's meetings and webinars (for topics), hands the file to
//! `crate::import::multi`, prints one plan (per event: rows, questions no column answers, counts)
//! and one outcome, and picks the exit code as a single-event import does.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget};

use super::context::start_session;
use super::import::{
    Closing, ProblemLines, close, fail, print_columns, print_header, print_hidden_problems,
    print_plan_lines, print_problem_lines, print_problems, with_progress,
};
use super::import_json;
use super::output::print_json;
use super::{ExitCode, GlobalArgs, ImportArgs, PlanFormat};
use crate::import::job;
use crate::import::mapping::Target;
use crate::import::multi::{self, MultiFinished, MultiPrepared, MultiRequest};
use crate::import::outcome::RowOutcome;

pub async fn run(args: ImportArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let mode = super::import::start_mode(&args)?;
    let json = args.format == PlanFormat::Json;
    let data_dir = crate::paths::data_dir()?;
    let session = start_session(global).await?;
    let client = &session.client;
    let interactive = std::io::stderr().is_terminal();
    let spinner = interactive.then(|| {
        let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        spinner.set_message(format!(
            "reading {} and the account's meetings and webinars…",
            args.file.display()
        ));
        spinner.enable_steady_tick(Duration::from_millis(120));
        spinner
    });
    let request = MultiRequest {
        file: args.file.clone(),
        event_column: args.event_column.clone(),
        overrides: args.maps.clone(),
        mode,
        journal_dir: job::imports_dir(&data_dir),
        report: args.report.clone(),
        set_aside_unreadable: args.set_aside_journal,
    };
    let prepared = match crate::session::events::account_events(client, &session.default_user).await
    {
        Ok(directory) => multi::prepare(client, request, &directory).await,
        Err(error) => Err(error.into()),
    };
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
            print_json(&import_json::multi_plan(&prepared, true))?;
        }
    } else {
        print_plan(&prepared, args.dry_run);
    }
    if args.dry_run {
        return Ok(if prepared.summary.settled.needing_attention() > 0 {
            ExitCode::Partial
        } else {
            ExitCode::Ok
        });
    }
    let finished = with_progress(interactive, prepared.summary.to_send, |events, cancel| {
        multi::execute(client, &prepared, events, cancel)
    })
    .await;
    let finished = match finished {
        Ok(finished) => finished,
        Err(error) => return fail(error),
    };
    if json {
        print_json(&import_json::multi_outcome(&finished))?;
    } else {
        print_outcome(&finished);
    }
    Ok(close(&Closing {
        counts: &finished.counts,
        cancelled: finished.cancelled,
        stopped: finished.stopped.as_deref(),
        rows: prepared.rows,
    }))
}

fn print_plan(prepared: &MultiPrepared, dry_run: bool) {
    crate::println_sanitised!(
        "File:  {} ({}, {}, {} rows)",
        prepared.path.display(),
        prepared.encoding,
        prepared.delimiter,
        prepared.rows
    );
    crate::println_sanitised!(
        "Events: from column {} ({} event(s){})",
        prepared.event_column,
        prepared.events.len(),
        match prepared.unplaced.len() {
            0 => String::new(),
            unplaced => format!("; {unplaced} row(s) name no event found"),
        }
    );
    if let Some(first) = prepared.events.first() {
        // The fields are the same for every event; questions differ, and are shown per event.
        print_columns(first, |column| !answers_a_question(prepared, column.index));
    }
    for event in &prepared.events {
        println!();
        print_header(event, dry_run);
        println!("  {} row(s) of the file", event.source.rows);
        for column in &event.mapping.columns {
            if let Some(Target::Question(title)) = &column.target {
                crate::println_sanitised!("  question \"{title}\" ← column {}", column.label());
            }
        }
        for problem in &event.file_problems {
            crate::println_sanitised!("  every row: {problem}");
        }
        print_plan_lines(&event.plan.summary, "  ");
    }
    println!();
    let summary = &prepared.summary;
    println!("Plan (every event together, one rate-limit budget):");
    println!(
        "  {} to register: {} batch call(s) of up to 30, {} single add(s)",
        summary.to_send, summary.batch_calls, summary.single_adds
    );
    println!("  settled without sending: {}", summary.settled);
    if let Some(first) = prepared.events.first() {
        let pace = crate::import::plan::PlanSummary {
            minimum_send_time: summary.minimum_send_time,
            ..first.plan.summary
        }
        .pace();
        println!("  {pace}, plus network time; the events are sent side by side");
    }
    let mut lines = ProblemLines::default();
    let unplaced: Vec<String> = prepared
        .unplaced
        .iter()
        .flat_map(|(row, outcome)| match outcome {
            RowOutcome::Invalid { problems } => problems
                .iter()
                .map(|problem| format!("row {row}: {problem}"))
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    print_problem_lines(unplaced, dry_run, &mut lines);
    print_problems(
        prepared
            .events
            .iter()
            .map(|event| (event, Some(event.request.event))),
        dry_run,
        &mut lines,
    );
    print_hidden_problems(&lines);
}

/// Whether a column answers a question of some event (those are shown per event).
fn answers_a_question(prepared: &MultiPrepared, column: usize) -> bool {
    prepared.events.iter().any(|event| {
        event
            .mapping
            .columns
            .get(column)
            .is_some_and(|used| matches!(used.target, Some(Target::Question(_))))
    })
}

fn print_outcome(finished: &MultiFinished) {
    let ended = if finished.cancelled || finished.stopped.is_some() {
        "Stopped"
    } else {
        "Done"
    };
    crate::println_sanitised!("{ended}: {}", finished.counts);
    for (event, run) in &finished.events {
        let counts: crate::import::outcome::OutcomeCounts = finished
            .outcomes
            .values()
            .filter(|(row_event, _)| row_event.as_ref() == Some(event))
            .map(|(_, outcome)| outcome)
            .collect();
        let not_run = finished
            .not_run
            .iter()
            .find(|(failed, _)| failed == event)
            .map(|(_, why)| format!(" (did not run: {why})"));
        let sent = match (run, not_run) {
            (_, Some(why)) => why,
            (Some(_), None) => String::new(),
            (None, None) => " (nothing to send)".to_owned(),
        };
        crate::println_sanitised!("  {event}: {counts}{sent}");
    }
    for (row, (event, outcome)) in &finished.outcomes {
        if matches!(
            outcome,
            RowOutcome::Failed { .. } | RowOutcome::Unknown { .. }
        ) {
            let event = event.map(|event| format!(" ({event})")).unwrap_or_default();
            crate::println_sanitised!(
                "  row {row}{event}: {}: {}",
                outcome.label(),
                outcome.detail()
            );
        }
    }
    for note in &finished.notes {
        crate::println_sanitised!("Note: {note}");
    }
    crate::println_sanitised!("Report:  {}", finished.report.display());
    for (event, journal) in finished.journals() {
        crate::println_sanitised!("Journal: {} ({event})", journal.display());
    }
}
