//! `regdesk import --format json`: the plan (what a dry run prints) and the summary of a run as
//! JSON on stdout, the same shape for one event and for a file naming several. Values keep their
//! exact text (`print_json` escapes what a terminal would obey); messages and errors stay on
//! stderr.

use std::path::Path;

use serde::Serialize;

use crate::import::job::{Finished, Prepared};
use crate::import::mapping::Reason;
use crate::import::multi::{MultiFinished, MultiPrepared};
use crate::import::outcome::{OutcomeCounts, Problem, RowOutcome};
use crate::import::plan::PlanSummary;
use crate::zoom::EventRef;

/// The plan of every event of an import.
#[derive(Debug, Serialize)]
pub struct PlanJson<'a> {
    pub dry_run: bool,
    pub file: FileJson<'a>,
    /// The column naming each row's event (an import into several events), else null.
    pub event_column: Option<&'a str>,
    pub events: Vec<EventPlanJson<'a>>,
    /// Rows whose event could not be found (invalid, with the reason).
    pub unplaced: Vec<RowJson<'a>>,
    pub totals: TotalsJson,
}

#[derive(Debug, Serialize)]
pub struct FileJson<'a> {
    pub path: &'a Path,
    pub encoding: String,
    pub delimiter: String,
    /// Data rows.
    pub rows: usize,
}

/// One event's plan.
#[derive(Debug, Serialize)]
pub struct EventPlanJson<'a> {
    pub event: EventRef,
    pub topic: &'a str,
    pub event_type: String,
    pub approval: String,
    /// The file's rows for this event.
    pub rows: usize,
    /// An unfinished import of this file into the event is resumed.
    pub resuming: bool,
    pub columns: Vec<ColumnJson<'a>>,
    /// What every row of the event lacks (a required field or question no column has).
    pub missing: &'a [Problem],
    pub plan: &'a PlanSummary,
    pub minimum_send_time_seconds: f64,
    /// Rows settled without sending: already registered, duplicates, invalid, blocked.
    pub settled: Vec<RowJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ColumnJson<'a> {
    /// The header in quotes, or the column's letter.
    pub column: String,
    pub header: &'a str,
    /// The field or question it feeds, or null when not used.
    pub target: Option<String>,
    pub reason: &'a Reason,
}

/// One row's outcome, with its event when known.
#[derive(Debug, Serialize)]
pub struct RowJson<'a> {
    pub row: usize,
    pub event: Option<EventRef>,
    #[serde(flatten)]
    pub outcome: &'a RowOutcome,
}

/// Every event together.
#[derive(Debug, Serialize)]
pub struct TotalsJson {
    pub rows: usize,
    pub to_send: usize,
    pub batch_calls: usize,
    pub single_adds: usize,
    pub settled: OutcomeCounts,
    /// The least time the plan's rate limits allow for every call (network time comes on top).
    pub minimum_send_time_seconds: f64,
}

/// How a run ended.
#[derive(Debug, Serialize)]
pub struct OutcomeJson<'a> {
    /// `done`, `stopped` (a problem every call shares; fix it, then --resume) or `cancelled`.
    pub ended: &'static str,
    pub stopped: Option<&'a str>,
    pub counts: OutcomeCounts,
    pub report: &'a Path,
    pub journals: Vec<JournalJson<'a>>,
    pub notes: &'a [String],
    /// The rows that need attention (invalid, blocked, failed, unknown, not sent).
    pub rows: Vec<RowJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct JournalJson<'a> {
    pub event: EventRef,
    pub journal: &'a Path,
}

fn event_plan(prepared: &Prepared) -> EventPlanJson<'_> {
    let event = prepared.request.event;
    let multi = prepared.request.event_column.is_some();
    EventPlanJson {
        event,
        topic: &prepared.event.summary.topic,
        event_type: prepared.event.summary.event_type.describe(),
        approval: prepared.event.settings.approval_type.describe(),
        rows: prepared.source.rows,
        resuming: prepared.resuming.is_some(),
        columns: prepared
            .mapping
            .columns
            .iter()
            .map(|column| ColumnJson {
                column: column.label(),
                header: &column.header,
                target: column.target.as_ref().map(ToString::to_string),
                reason: &column.reason,
            })
            .collect(),
        missing: &prepared.file_problems,
        plan: &prepared.plan.summary,
        minimum_send_time_seconds: prepared.plan.summary.minimum_send_time.as_secs_f64(),
        settled: prepared
            .plan
            .settled
            .iter()
            .map(|(row, outcome)| RowJson {
                row: *row,
                event: multi.then_some(event),
                outcome,
            })
            .collect(),
    }
}

/// The plan of a single-event import.
pub fn plan(prepared: &Prepared, dry_run: bool) -> PlanJson<'_> {
    let summary = &prepared.plan.summary;
    PlanJson {
        dry_run,
        file: FileJson {
            path: &prepared.source.path,
            encoding: prepared.source.table.encoding.to_string(),
            delimiter: prepared.source.table.delimiter.to_string(),
            rows: prepared.source.rows,
        },
        event_column: None,
        events: vec![event_plan(prepared)],
        unplaced: Vec::new(),
        totals: TotalsJson {
            rows: summary.rows,
            to_send: summary.to_send,
            batch_calls: summary.batch_calls,
            single_adds: summary.single_adds,
            settled: summary.settled,
            minimum_send_time_seconds: summary.minimum_send_time.as_secs_f64(),
        },
    }
}

/// The plan of an import into several events.
pub fn multi_plan(prepared: &MultiPrepared, dry_run: bool) -> PlanJson<'_> {
    let summary = &prepared.summary;
    PlanJson {
        dry_run,
        file: FileJson {
            path: &prepared.path,
            encoding: prepared.encoding.clone(),
            delimiter: prepared.delimiter.clone(),
            rows: prepared.rows,
        },
        event_column: Some(&prepared.event_column),
        events: prepared.events.iter().map(event_plan).collect(),
        unplaced: prepared
            .unplaced
            .iter()
            .map(|(row, outcome)| RowJson {
                row: *row,
                event: None,
                outcome,
            })
            .collect(),
        totals: TotalsJson {
            rows: summary.rows,
            to_send: summary.to_send,
            batch_calls: summary.batch_calls,
            single_adds: summary.single_adds,
            settled: summary.settled,
            minimum_send_time_seconds: summary.minimum_send_time.as_secs_f64(),
        },
    }
}

fn ended(cancelled: bool, stopped: Option<&str>) -> &'static str {
    match (stopped, cancelled) {
        (Some(_), _) => "stopped",
        (None, true) => "cancelled",
        (None, false) => "done",
    }
}

/// The summary of a single-event run.
pub fn single_outcome<'a>(prepared: &'a Prepared, finished: &'a Finished) -> OutcomeJson<'a> {
    let event = prepared.request.event;
    OutcomeJson {
        ended: ended(finished.cancelled, finished.stopped.as_deref()),
        stopped: finished.stopped.as_deref(),
        counts: finished.counts,
        report: &finished.report,
        journals: vec![JournalJson {
            event,
            journal: &finished.journal,
        }],
        notes: &finished.notes,
        rows: finished
            .outcomes
            .iter()
            .filter(|(_, outcome)| outcome.needs_attention())
            .map(|(row, outcome)| RowJson {
                row: *row,
                event: Some(event),
                outcome,
            })
            .collect(),
    }
}

/// The summary of a run into several events.
pub fn multi_outcome(finished: &MultiFinished) -> OutcomeJson<'_> {
    OutcomeJson {
        ended: ended(finished.cancelled, finished.stopped.as_deref()),
        stopped: finished.stopped.as_deref(),
        counts: finished.counts,
        report: &finished.report,
        journals: finished
            .journals()
            .map(|(event, journal)| JournalJson {
                event: *event,
                journal,
            })
            .collect(),
        notes: &finished.notes,
        rows: finished
            .outcomes
            .iter()
            .filter(|(_, (_, outcome))| outcome.needs_attention())
            .map(|(row, (event, outcome))| RowJson {
                row: *row,
                event: *event,
                outcome,
            })
            .collect(),
    }
}
