//! The background half of the wizard opened from the meetings list (an import into several
//! events): reading the file and planning every event with `crate::import::multi`, and running
//! the plan while its events are handed on. Run by the effect runner. Also the runs' results as
//! the report step shows them.

use std::path::PathBuf;

use tokio_util::sync::CancellationToken;

use std::collections::BTreeMap;

use crate::import::job::{self, Finished, ImportError, StartMode};
use crate::import::multi::{self, MultiFinished, MultiPrepared, MultiRequest};
use crate::import::outcome::{OutcomeCounts, RowOutcome};
use crate::import::plan::RowIdentity;
use crate::import::read::Table;
use crate::import::run::PauseSwitch;
use crate::tui::message::{ImportProblem, Outcome};
use crate::zoom::ZoomClient;

/// What the wizard asks to plan: the file, the columns' `--map` arguments, how to start.
#[derive(Debug, Clone)]
pub struct MultiImportChoice {
    pub file: PathBuf,
    pub overrides: Vec<String>,
    pub mode: StartMode,
}

/// What the wizard says when the file has no event column: what, why, and the two ways on.
pub fn no_event_column_message(table: &Table) -> String {
    let columns: Vec<String> = (0..table.headers.len())
        .map(|index| table.column_label(index))
        .collect();
    format!(
        "This file has no column naming each row's meeting or webinar (its columns: {}), so the import cannot tell which event a row belongs to.\nOpen the import from a meeting's registrants screen, or add an event column such as `Meeting ID`.",
        columns.join(", ")
    )
}

/// Reads the file, lists the account's meetings and webinars and plans every event's import
/// (the effect runner's half of `Effect::PrepareMultiImport`). A fresh import is planned as the
/// CLI's `--resume` plans it: every event with an unfinished journal of this file resumes it, so
/// that the wizard can offer that (or start over with [`StartMode::Restart`]).
pub async fn prepare_multi(
    client: &ZoomClient,
    default_user: &str,
    choice: MultiImportChoice,
    journal_dir: PathBuf,
) -> Result<Box<MultiPrepared>, ImportProblem> {
    let MultiImportChoice {
        file,
        overrides,
        mode,
    } = choice;
    let source = job::load_source(&file)?;
    if multi::find_event_column(&source.table, None).is_err() {
        return Err(ImportProblem::Failed(ImportError::Usage(
            no_event_column_message(&source.table),
        )));
    }
    drop(source);
    let directory = crate::session::events::account_events(client, default_user)
        .await
        .map_err(|error| ImportProblem::Failed(ImportError::Zoom(error)))?;
    let request = MultiRequest {
        file,
        event_column: None,
        overrides,
        mode: match mode {
            StartMode::Fresh => StartMode::Resume,
            chosen => chosen,
        },
        journal_dir,
        report: None,
        set_aside_unreadable: false,
    };
    multi::prepare(client, request, &directory)
        .await
        .map(Box::new)
        .map_err(ImportProblem::from)
}

/// Runs every event of a prepared import, handing each engine event to `progress` as it
/// happens; returns the final outcome (the effect runner's half of `Effect::RunMultiImport`).
pub async fn run_multi(
    client: &ZoomClient,
    prepared: &MultiPrepared,
    cancel: CancellationToken,
    pause: PauseSwitch,
    progress: impl Fn(Outcome),
) -> Outcome {
    let finished = super::work::forwarding_progress(progress, |events| {
        multi::execute_pausable(client, prepared, events, cancel, pause)
    })
    .await;
    Outcome::MultiImportFinished(finished.map(Box::new).map_err(ImportProblem::from))
}

/// Who every row of the file is, in row order (placed or not).
pub(super) fn people_of(prepared: &MultiPrepared) -> Vec<RowIdentity> {
    let mut people: Vec<RowIdentity> = prepared.unplaced_rows.clone();
    for event in &prepared.events {
        people.extend(event.plan.rows.iter().cloned());
    }
    people.sort_by_key(|identity| identity.row);
    people
}

/// The events' runs as one, for the report step the single-event wizard draws: every row's
/// outcome, the one report, complete when every event that ran is.
pub(super) fn as_one_run(prepared: &MultiPrepared, finished: &MultiFinished) -> Finished {
    let outcomes: BTreeMap<usize, RowOutcome> = finished
        .outcomes
        .iter()
        .map(|(row, (_, outcome))| (*row, outcome.clone()))
        .collect();
    let complete = finished.not_run.is_empty()
        && finished
            .events
            .iter()
            .all(|(_, run)| run.as_ref().is_none_or(|run| run.complete));
    Finished {
        outcomes,
        counts: finished.counts,
        report: finished.report.clone(),
        // The events' journals are several (`MultiFinished::journals`); the file stands for them.
        journal: prepared.path.clone(),
        cancelled: finished.cancelled,
        stopped: finished.stopped.clone(),
        complete,
        notes: finished.notes.clone(),
    }
}

/// `regdesk import FILE --resume`, the file quoted for a shell when it needs it.
pub(super) fn resume_command(prepared: &MultiPrepared) -> String {
    format!(
        "regdesk import {} --resume",
        super::work::shell_quoted(&prepared.path)
    )
}

/// Each event's outcome counts, one line each ("meeting 812…: registered 2 · … · “Topic”"), for
/// the report step.
pub(super) fn counts_per_event(prepared: &MultiPrepared, finished: &MultiFinished) -> Vec<String> {
    prepared
        .events
        .iter()
        .map(|event| {
            let counts: OutcomeCounts = finished
                .outcomes
                .values()
                .filter(|(row_event, _)| *row_event == Some(event.request.event))
                .map(|(_, outcome)| outcome)
                .collect();
            // The counts first: on a narrow screen the topic is what is cut.
            format!(
                "  {}: registered {} · already {} · invalid {} · failed {}{} · “{}”",
                event.request.event,
                counts.registered,
                counts.already_registered,
                counts.invalid,
                counts.failed,
                match counts.not_sent + counts.unknown {
                    0 => String::new(),
                    left => format!(" · not done {left}"),
                },
                event.event.summary.topic
            )
        })
        .collect()
}
