//! An import into several events at once: one file whose event column names each row's meeting
//! or webinar (an ID as Zoom shows it, a join or registration link, or the exact topic of one of
//! the account's events). [`prepare`] reads the file once, places every row in its event (a row
//! whose event cannot be found is invalid, naming its value), and plans each event as a
//! single-event import of its own rows (`job::prepare_source`: that event's fields and questions,
//! its registrants, its journal); [`execute`] runs the events side by side through one client, so
//! that they share one rate-limit governor and interleave within the plan's limits instead of
//! running one after another, then writes one report with an event column.
//!
//! Journals stay per event (each keyed by the file's content, as a single-event import's are), so
//! `--resume` is one command: every event with an unfinished journal of this file resumes it,
//! and the others are planned against Zoom's registrant list (whom they registered is settled
//! without a call).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::time::Duration;

use jiff::Timestamp;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::job::{self, Finished, ImportError, ImportRequest, Prepared, Source, StartMode};
use super::journal;
use super::mapping::{self, MappingError};
use super::outcome::{OutcomeCounts, Problem, RowOutcome};
use super::plan::{self, RowIdentity};
use super::read::{SourceRow, Table};
use super::report;
use super::run::{ImportEvent, PauseSwitch, Progress};
use super::validate;
use crate::registrant_fields::catalogue::{is_event_column_header, squash};
use crate::registrant_fields::person::RegistrationForm;
use crate::zoom::event_id::EventIdArg;
use crate::zoom::{
    ApiErrorKind, EventKind, EventRef, NotFoundWhat, Questions, ZoomClient, ZoomError,
};

/// The most events one file may name: each costs a few calls to plan and a pool of workers to
/// run (a file naming thousands is a mistake, not an event series).
pub const MAX_EVENTS: usize = 50;

/// One of the account's meetings or webinars, as listed: what a topic in the event column is
/// compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownEvent {
    pub event: EventRef,
    pub topic: String,
}

/// What to import: like [`ImportRequest`], with the event taken from each row.
#[derive(Debug, Clone)]
pub struct MultiRequest {
    pub file: PathBuf,
    /// `--event-column NAME`; else the header that says it names events ("Meeting ID", "Event"…).
    pub event_column: Option<String>,
    pub overrides: Vec<String>,
    pub mode: StartMode,
    pub journal_dir: PathBuf,
    /// Where to write the one report (default: in the journal folder).
    pub report: Option<PathBuf>,
    pub set_aside_unreadable: bool,
}

/// Everything known before sending, for every event of the file.
#[derive(Debug, Clone)]
pub struct MultiPrepared {
    pub request: MultiRequest,
    pub path: PathBuf,
    /// Data rows in the file.
    pub rows: usize,
    pub encoding: String,
    pub delimiter: String,
    /// The event column as a person names it (`"Meeting ID"`).
    pub event_column: String,
    /// Each event's own import, in the order the file first names them.
    pub events: Vec<Prepared>,
    /// Rows whose event could not be found, with the reason (invalid).
    pub unplaced: BTreeMap<usize, RowOutcome>,
    pub unplaced_rows: Vec<RowIdentity>,
    /// Every event's plan together.
    pub summary: MultiSummary,
}

/// The plans of all events in numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct MultiSummary {
    pub rows: usize,
    pub to_send: usize,
    pub batch_calls: usize,
    pub single_adds: usize,
    /// Outcomes known before sending, unplaced rows included.
    pub settled: OutcomeCounts,
    /// The least time the plan's limits allow for every event's calls together (they share the
    /// account's budget).
    pub minimum_send_time: Duration,
}

/// How an import into several events ended.
#[derive(Debug, Clone)]
pub struct MultiFinished {
    /// Each event's run; `None` for an event with nothing to send (its rows were all settled
    /// before sending, so no call and no journal were needed), or one in `not_run`.
    pub events: Vec<(EventRef, Option<Finished>)>,
    /// Events whose run could not go (another import held one), with why; their rows are not
    /// sent (or unknown), for `--resume`, while the other events ran.
    pub not_run: Vec<(EventRef, String)>,
    /// Every row's outcome, and its event when it has one.
    pub outcomes: BTreeMap<usize, (Option<EventRef>, RowOutcome)>,
    pub counts: OutcomeCounts,
    pub report: PathBuf,
    pub cancelled: bool,
    /// A problem every call would share stopped sending (the first event's that did).
    pub stopped: Option<String>,
    pub notes: Vec<String>,
}

impl MultiFinished {
    /// The journals written by this run, one per event that sent.
    pub fn journals(&self) -> impl Iterator<Item = (&EventRef, &PathBuf)> {
        self.events
            .iter()
            .filter_map(|(event, finished)| finished.as_ref().map(|done| (event, &done.journal)))
    }
}

/// The column naming each row's event: the one `named` (`--event-column`), else the first whose
/// header says so.
pub fn find_event_column(table: &Table, named: Option<&str>) -> Result<usize, ImportError> {
    let columns = || {
        table
            .headers
            .iter()
            .enumerate()
            .map(|(index, _)| table.column_label(index))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(named) = named {
        let wanted = named.trim();
        return table
            .headers
            .iter()
            .position(|header| header.trim() == wanted)
            .or_else(|| {
                table
                    .headers
                    .iter()
                    .position(|header| header.trim().eq_ignore_ascii_case(wanted))
            })
            .ok_or_else(|| {
                ImportError::Usage(format!(
                    "--event-column {named:?}: the file has no such column (its columns: {})",
                    columns()
                ))
            });
    }
    table
        .headers
        .iter()
        .position(|header| is_event_column_header(header))
        .ok_or_else(|| {
            ImportError::Usage(format!(
                "no meeting ID given, and the file has no column naming each row's meeting or webinar (a header such as \"Meeting ID\", \"Webinar ID\", \"Event\" or \"Veranstaltung\"; its columns: {}). Give the event (regdesk import MEETING_ID FILE) or name the column (--event-column NAME)",
                columns()
            ))
        })
}

/// Where a row goes, by its event cell.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Placement {
    Event(EventRef),
    /// An ID the listing does not have: asked of Zoom (as the kind given, else both).
    LookUp(EventIdArg),
    Unplaced(String),
}

/// Places one event cell: an ID (in any form) of a listed event, the exact topic of exactly one
/// listed event, or an ID to look up.
fn place(cell: &str, directory: &[KnownEvent]) -> Placement {
    let cell = cell.trim();
    if cell.is_empty() {
        return Placement::Unplaced(
            "is empty: each row needs its meeting or webinar (its ID, link or exact topic)"
                .to_owned(),
        );
    }
    let parsed = cell.parse::<EventIdArg>();
    if let Ok(arg) = &parsed
        && let Some(known) = directory.iter().find(|known| {
            known.event.id == arg.id && arg.kind.is_none_or(|kind| kind == known.event.kind)
        })
    {
        return Placement::Event(known.event);
    }
    let by_topic: Vec<&KnownEvent> = directory
        .iter()
        .filter(|known| known.topic.trim() == cell)
        .collect();
    match (by_topic.as_slice(), parsed) {
        ([one], _) => Placement::Event(one.event),
        ([], Ok(arg)) => Placement::LookUp(arg),
        ([], Err(error)) if cell.contains('/') => Placement::Unplaced(error.0),
        ([], Err(_)) => Placement::Unplaced(format!(
            "{cell:?} is neither a meeting or webinar ID nor the exact topic of one of the account's meetings or webinars"
        )),
        (several, _) => Placement::Unplaced(format!(
            "the topic {cell:?} is ambiguous: {} events have it ({}); give the ID instead",
            several.len(),
            several
                .iter()
                .map(|known| known.event.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Asks Zoom for an ID the listing did not have: as the kind its link names, else as a meeting
/// then as a webinar. `None` when Zoom has no such event.
async fn look_up(client: &ZoomClient, arg: EventIdArg) -> Result<Option<EventRef>, ZoomError> {
    let kinds: &[EventKind] = match arg.kind {
        Some(EventKind::Meeting) => &[EventKind::Meeting],
        Some(EventKind::Webinar) => &[EventKind::Webinar],
        None => &[EventKind::Meeting, EventKind::Webinar],
    };
    for kind in kinds {
        let event = EventRef {
            kind: *kind,
            id: arg.id,
        };
        match client.get_event(event, None).await {
            Ok(_) => return Ok(Some(event)),
            Err(error)
                if matches!(
                    error.api_kind(),
                    Some(
                        ApiErrorKind::NotFound {
                            what: NotFoundWhat::Event | NotFoundWhat::Unknown
                        } | ApiErrorKind::WebinarPlanMissing
                    )
                ) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(None)
}

/// `--map` arguments for one event: one that maps a column to a question only other events of
/// the file have leaves that column out for this event instead of failing the whole import.
fn overrides_for_event(
    table: &Table,
    event_titles: &[String],
    other_titles: &HashSet<String>,
    overrides: &[String],
    event_column: usize,
) -> Vec<String> {
    overrides
        .iter()
        .map(|argument| {
            let alone = std::slice::from_ref(argument);
            let refused = matches!(
                mapping::resolve_beside_event_column(
                    table,
                    event_titles,
                    alone,
                    Some(event_column)
                ),
                Err(MappingError::UnknownField { .. })
            );
            match argument.rsplit_once('=') {
                Some((column, field)) if refused && other_titles.contains(&squash(field)) => {
                    format!("{column}=ignore")
                }
                _ => argument.clone(),
            }
        })
        .collect()
}

/// Reads the file, places each row in its event, asks Zoom about every event and plans each;
/// sends nothing and writes nothing. `directory` is the account's meetings and webinars (for
/// topics, and IDs without a lookup).
pub async fn prepare(
    client: &ZoomClient,
    request: MultiRequest,
    directory: &[KnownEvent],
) -> Result<MultiPrepared, ImportError> {
    let mut source = job::load_source(&request.file)?;
    let column = find_event_column(&source.table, request.event_column.as_deref())?;
    let rows = std::mem::take(&mut source.table.rows);

    let placements: Vec<Placement> = rows
        .iter()
        .map(|row| place(row.cell(column), directory))
        .collect();
    // Each ID once, in the order the file first names it.
    let mut to_look_up: Vec<EventIdArg> = Vec::new();
    for placement in &placements {
        if let Placement::LookUp(arg) = placement
            && !to_look_up.contains(arg)
            && to_look_up.len() <= MAX_EVENTS
        {
            to_look_up.push(*arg);
        }
    }
    let mut looked_up: HashMap<(u64, Option<EventKind>), Option<EventRef>> = HashMap::new();
    for arg in to_look_up {
        let found = look_up(client, arg).await?;
        looked_up.insert((arg.id, arg.kind), found);
    }

    let mut by_event: Vec<(EventRef, Vec<SourceRow>)> = Vec::new();
    let mut unplaced_rows: Vec<SourceRow> = Vec::new();
    let mut unplaced: BTreeMap<usize, RowOutcome> = BTreeMap::new();
    let label = source.table.column_label(column);
    for (row, placement) in rows.into_iter().zip(placements) {
        let placed = match placement {
            Placement::Event(event) => Ok(event),
            Placement::LookUp(arg) => match looked_up.get(&(arg.id, arg.kind)) {
                Some(Some(event)) => Ok(*event),
                Some(None) => Err(format!(
                    "Zoom has no {} {} in this account (the ID may be mistyped, or the event deleted)",
                    arg.kind.map_or("meeting or webinar", EventKind::noun),
                    arg.id
                )),
                None => Err(format!(
                    "the file names more than {MAX_EVENTS} events; import it in parts"
                )),
            },
            Placement::Unplaced(reason) => Err(reason),
        };
        let slot = match placed {
            Ok(event) => match by_event.iter().position(|(known, _)| *known == event) {
                Some(slot) => Ok(slot),
                None if by_event.len() < MAX_EVENTS => {
                    by_event.push((event, Vec::new()));
                    Ok(by_event.len() - 1)
                }
                None => Err(format!(
                    "the file names more than {MAX_EVENTS} events; import it in parts"
                )),
            },
            Err(reason) => Err(reason),
        };
        match slot {
            Ok(slot) => by_event[slot].1.push(row),
            Err(message) => {
                unplaced.insert(
                    row.row,
                    RowOutcome::Invalid {
                        problems: vec![Problem {
                            field: "event".to_owned(),
                            column: Some(label.clone()),
                            message,
                        }],
                    },
                );
                unplaced_rows.push(row);
            }
        }
    }

    // Each event's questions first: a --map to a question only some events have must not fail
    // the others.
    let questions: Vec<Questions> = futures::future::try_join_all(
        by_event
            .iter()
            .map(|(event, _)| client.get_questions(*event)),
    )
    .await?;
    let titles: Vec<Vec<String>> = questions
        .iter()
        .map(|questions| RegistrationForm::from_questions(questions).question_titles())
        .collect();
    let all_titles: HashSet<String> = titles.iter().flatten().map(|title| squash(title)).collect();

    let mut preparing = Vec::with_capacity(by_event.len());
    for ((event, event_rows), event_titles) in by_event.into_iter().zip(&titles) {
        let mode = match request.mode {
            StartMode::Resume => {
                let key = job::event_key(client, event);
                let scanned = journal::scan_event(&request.journal_dir, &key)?;
                if scanned.open_of_file(&source.sha256).is_some()
                    || (!scanned.unreadable.is_empty() && request.set_aside_unreadable)
                {
                    StartMode::Resume
                } else {
                    StartMode::Fresh
                }
            }
            mode => mode,
        };
        let overrides = overrides_for_event(
            &source.table,
            event_titles,
            &all_titles,
            &request.overrides,
            column,
        );
        let event_table = Table {
            encoding: source.table.encoding,
            delimiter: source.table.delimiter,
            headers: source.table.headers.clone(),
            rows: event_rows,
        };
        let event_source = Source {
            path: source.path.clone(),
            sha256: source.sha256.clone(),
            rows: event_table.rows.len(),
            samples: job::column_samples(&event_table),
            table: event_table,
        };
        let event_request = ImportRequest {
            event,
            file: request.file.clone(),
            overrides,
            event_column: Some(column),
            mode,
            journal_dir: request.journal_dir.clone(),
            report: None,
            set_aside_unreadable: request.set_aside_unreadable,
        };
        preparing.push(job::prepare_source(client, event_request, event_source));
    }
    let events = futures::future::try_join_all(preparing).await?;

    let unplaced_identities = identities_of(&source.table, unplaced_rows, column);
    let mut summary = MultiSummary {
        rows: source.rows,
        to_send: 0,
        batch_calls: 0,
        single_adds: 0,
        settled: unplaced.values().collect(),
        minimum_send_time: Duration::ZERO,
    };
    for prepared in &events {
        let event_summary = &prepared.plan.summary;
        summary.to_send += event_summary.to_send;
        summary.batch_calls += event_summary.batch_calls;
        summary.single_adds += event_summary.single_adds;
        for outcome in prepared.plan.settled.values() {
            summary.settled.add(outcome);
        }
    }
    let rates = events.first().map(|prepared| prepared.rates);
    if let Some(rates) = rates {
        summary.minimum_send_time =
            plan::minimum_send_time(summary.batch_calls, summary.single_adds, rates);
    }
    Ok(MultiPrepared {
        path: source.path.clone(),
        rows: source.rows,
        encoding: source.table.encoding.to_string(),
        delimiter: source.table.delimiter.to_string(),
        event_column: label,
        events,
        unplaced,
        unplaced_rows: unplaced_identities,
        summary,
        request,
    })
}

/// Who the unplaced rows are (email and names, by the columns' headers), for the report.
fn identities_of(table: &Table, rows: Vec<SourceRow>, event_column: usize) -> Vec<RowIdentity> {
    if rows.is_empty() {
        return Vec::new();
    }
    let Ok(mapping) = mapping::resolve_beside_event_column(table, &[], &[], Some(event_column))
    else {
        return Vec::new();
    };
    let form = RegistrationForm::from_questions(&Questions::default());
    validate::checked_rows_of(table, rows, &mapping, &form)
        .map(|checked| RowIdentity {
            row: checked.row,
            email: checked.email,
            first_name: checked.first_name,
            last_name: checked.last_name,
        })
        .collect()
}

/// Whether an event's import must run: something to send, or a journal to resume, abandon or
/// set aside.
fn needs_run(prepared: &Prepared) -> bool {
    prepared.plan.summary.to_send > 0
        || prepared.resuming.is_some()
        || prepared.abandoning.is_some()
        || !prepared.setting_aside.is_empty()
}

/// Runs every event's import side by side through the one client (one governor, one budget),
/// reporting their progress added up on `events`; then writes the one report.
pub async fn execute(
    client: &ZoomClient,
    prepared: &MultiPrepared,
    events: mpsc::UnboundedSender<ImportEvent>,
    cancel: CancellationToken,
) -> Result<MultiFinished, ImportError> {
    execute_pausable(client, prepared, events, cancel, PauseSwitch::default()).await
}

/// [`execute`], holding every event's sending between calls while `pause` is on (the wizard
/// pauses while it asks whether to stop).
pub async fn execute_pausable(
    client: &ZoomClient,
    prepared: &MultiPrepared,
    events: mpsc::UnboundedSender<ImportEvent>,
    cancel: CancellationToken,
    pause: PauseSwitch,
) -> Result<MultiFinished, ImportError> {
    let running: Vec<usize> = (0..prepared.events.len())
        .filter(|index| needs_run(&prepared.events[*index]))
        .collect();
    let (merged, mut received) = mpsc::unbounded_channel::<(usize, ImportEvent)>();
    let mut runs = Vec::with_capacity(running.len());
    for (slot, index) in running.iter().enumerate() {
        let (event_sender, mut event_receiver) = mpsc::unbounded_channel();
        let merged = merged.clone();
        tokio::spawn(async move {
            while let Some(event) = event_receiver.recv().await {
                if merged.send((slot, event)).is_err() {
                    return;
                }
            }
        });
        runs.push(job::execute_pausable(
            client,
            &prepared.events[*index],
            event_sender,
            cancel.clone(),
            pause.clone(),
        ));
    }
    drop(merged);
    let totals = RunTotals::new(
        running
            .iter()
            .map(|index| prepared.events[*index].plan.summary.to_send)
            .collect(),
    );
    let adding_up = tokio::spawn(async move {
        let mut totals = totals;
        while let Some((slot, event)) = received.recv().await {
            if let Some(event) = totals.observe(slot, event) {
                // The observer may be gone; the journals record the runs.
                let _observer_gone = events.send(event);
            }
        }
    });
    let results = futures::future::join_all(runs).await;
    // Every run's sender is gone: the forwarders and the adder drain and end.
    let _adder_ended = adding_up.await;

    let mut finished_events: Vec<(EventRef, Option<Finished>)> = Vec::new();
    let mut failed: Vec<(usize, ImportError)> = Vec::new();
    let mut results = running
        .iter()
        .copied()
        .zip(results)
        .collect::<HashMap<_, _>>();
    for (index, event) in prepared.events.iter().enumerate() {
        match results.remove(&index) {
            Some(Ok(finished)) => finished_events.push((event.request.event, Some(finished))),
            // The other events ran: their outcomes are kept and reported; this one's rows are
            // left for --resume.
            Some(Err(error)) => {
                failed.push((index, error));
                finished_events.push((event.request.event, None));
            }
            None => finished_events.push((event.request.event, None)),
        }
    }

    let mut outcomes: BTreeMap<usize, (Option<EventRef>, RowOutcome)> = prepared
        .unplaced
        .iter()
        .map(|(row, outcome)| (*row, (None, outcome.clone())))
        .collect();
    let mut cancelled = false;
    let mut stopped = None;
    let mut notes = Vec::new();
    for ((event, finished), prepared_event) in finished_events.iter().zip(&prepared.events) {
        let event_outcomes = match finished {
            Some(finished) => {
                cancelled |= finished.cancelled;
                if stopped.is_none() {
                    stopped = finished
                        .stopped
                        .as_ref()
                        .map(|reason| format!("{event}: {reason}"));
                }
                notes.extend(finished.notes.iter().cloned());
                &finished.outcomes
            }
            None => &prepared_event.plan.settled,
        };
        for (row, outcome) in event_outcomes {
            outcomes.insert(*row, (Some(*event), outcome.clone()));
        }
    }
    let mut not_run = Vec::new();
    for (index, error) in &failed {
        let event = &prepared.events[*index];
        let reason = format!("{}: {error}", event.request.event);
        // Refused before its first call: not sent. Otherwise some may have been: --resume
        // settles each from the journal and Zoom's list.
        let unsent = if error.refused_before_sending() {
            RowOutcome::NotSent {
                reason: reason.clone(),
            }
        } else {
            RowOutcome::Unknown {
                error: reason.clone(),
            }
        };
        for row in event.plan.people.keys() {
            outcomes.insert(*row, (Some(event.request.event), unsent.clone()));
        }
        stopped.get_or_insert(reason);
        not_run.push((event.request.event, error.to_string()));
    }
    let counts: OutcomeCounts = outcomes.values().map(|(_, outcome)| outcome).collect();
    let report_path = prepared.request.report.clone().unwrap_or_else(|| {
        let sha = prepared
            .events
            .first()
            .map(|event| event.source.sha256.clone())
            .unwrap_or_default();
        prepared.request.journal_dir.join(format!(
            "multi-{}-{}.report.csv",
            sha.get(..12).unwrap_or(&sha),
            Timestamp::now().strftime("%Y%m%dT%H%M%SZ")
        ))
    });
    let mut identities: Vec<(RowIdentity, Option<EventRef>)> = prepared
        .unplaced_rows
        .iter()
        .map(|identity| (identity.clone(), None))
        .collect();
    for event in &prepared.events {
        identities.extend(
            event
                .plan
                .rows
                .iter()
                .map(|identity| (identity.clone(), Some(event.request.event))),
        );
    }
    identities.sort_by_key(|(identity, _)| identity.row);
    let row_outcomes: BTreeMap<usize, RowOutcome> = outcomes
        .iter()
        .map(|(row, (_, outcome))| (*row, outcome.clone()))
        .collect();
    report::write_report_with_events(&report_path, &identities, &row_outcomes).map_err(
        |source| ImportError::Report {
            path: report_path.clone(),
            source,
        },
    )?;
    Ok(MultiFinished {
        events: finished_events,
        outcomes,
        counts,
        report: report_path,
        cancelled,
        stopped,
        notes,
        not_run,
    })
}

/// Adds up the progress of runs going on side by side.
struct RunTotals {
    latest: Vec<Option<Progress>>,
    rows_total: usize,
    started: std::time::Instant,
}

impl RunTotals {
    fn new(rows_to_send: Vec<usize>) -> Self {
        RunTotals {
            rows_total: rows_to_send.iter().sum(),
            latest: vec![None; rows_to_send.len()],
            started: std::time::Instant::now(),
        }
    }

    /// What to tell the observer about one run's event: rows and stops as they are, progress
    /// added up over every run.
    fn observe(&mut self, slot: usize, event: ImportEvent) -> Option<ImportEvent> {
        match event {
            ImportEvent::Progress(progress) => {
                if let Some(latest) = self.latest.get_mut(slot) {
                    *latest = Some(progress);
                }
                Some(ImportEvent::Progress(self.total()))
            }
            event @ (ImportEvent::Row { .. } | ImportEvent::Stopped { .. }) => Some(event),
            ImportEvent::Started { .. } | ImportEvent::Finished { .. } => None,
        }
    }

    fn total(&self) -> Progress {
        let known = self.latest.iter().flatten();
        let mut total = Progress {
            rows_done: 0,
            rows_total: self.rows_total,
            calls_done: 0,
            calls_total: 0,
            registered: 0,
            failed: 0,
            elapsed: self.started.elapsed(),
            rows_per_second: 0.0,
            eta: None,
        };
        for progress in known {
            total.rows_done += progress.rows_done;
            total.calls_done += progress.calls_done;
            total.calls_total += progress.calls_total;
            total.registered += progress.registered;
            total.failed += progress.failed;
        }
        let seconds = total.elapsed.as_secs_f64();
        if seconds > 0.0 {
            total.rows_per_second = total.rows_done as f64 / seconds;
        }
        if total.rows_per_second > 0.0 {
            let remaining = total.rows_total.saturating_sub(total.rows_done);
            total.eta = Some(Duration::from_secs_f64(
                remaining as f64 / total.rows_per_second,
            ));
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directory() -> Vec<KnownEvent> {
        vec![
            KnownEvent {
                event: EventRef::meeting(84127650391),
                topic: "Product roadmap".to_owned(),
            },
            KnownEvent {
                event: EventRef::webinar(91284503317),
                topic: "State of Event Tech 2026".to_owned(),
            },
            KnownEvent {
                event: EventRef::meeting(85570312846),
                topic: "Office hours".to_owned(),
            },
            KnownEvent {
                event: EventRef::meeting(85570312847),
                topic: "Office hours".to_owned(),
            },
        ]
    }

    #[test]
    fn an_event_cell_is_placed_by_any_form_of_its_id_or_its_exact_topic() {
        let directory = directory();
        for cell in [
            "84127650391",
            "841 2765 0391",
            "841-2765-0391",
            "https://us02web.zoom.us/j/84127650391?pwd=abc",
            "https://zoom.us/meeting/register/84127650391",
            "Product roadmap",
            "  Product roadmap ",
        ] {
            assert_eq!(
                place(cell, &directory),
                Placement::Event(EventRef::meeting(84127650391)),
                "{cell}"
            );
        }
        assert_eq!(
            place("https://zoom.us/w/91284503317?tk=x", &directory),
            Placement::Event(EventRef::webinar(91284503317))
        );
        assert_eq!(
            place("State of Event Tech 2026", &directory),
            Placement::Event(EventRef::webinar(91284503317))
        );
    }

    #[test]
    fn an_unknown_ambiguous_or_empty_event_cell_is_a_reason_naming_the_value() {
        let directory = directory();
        let Placement::Unplaced(ambiguous) = place("Office hours", &directory) else {
            panic!("an ambiguous topic is not placed");
        };
        assert!(
            ambiguous.contains("\"Office hours\" is ambiguous"),
            "{ambiguous}"
        );
        assert!(ambiguous.contains("meeting 85570312846"), "{ambiguous}");
        let Placement::Unplaced(unknown) = place("product roadmap!", &directory) else {
            panic!("an unknown topic is not placed");
        };
        assert!(unknown.contains("\"product roadmap!\""), "{unknown}");
        assert!(matches!(place("  ", &directory), Placement::Unplaced(_)));
        assert_eq!(
            place("999 1234 5678", &directory),
            Placement::LookUp(EventIdArg {
                id: 99912345678,
                kind: None
            })
        );
    }

    #[test]
    fn the_event_column_is_found_by_its_header_or_by_name() {
        let table = |headers: &[&str]| Table {
            encoding: crate::import::read::TextEncoding::Utf8,
            delimiter: crate::import::read::Delimiter::Comma,
            headers: headers.iter().map(|header| (*header).to_owned()).collect(),
            rows: Vec::new(),
        };
        for header in [
            "Meeting ID",
            "Webinar ID",
            "Event",
            "event_id",
            "Veranstaltung",
        ] {
            assert_eq!(
                find_event_column(&table(&["Email", header]), None).ok(),
                Some(1),
                "{header}"
            );
        }
        assert_eq!(
            find_event_column(&table(&["Email", "Briefing"]), Some("briefing")).ok(),
            Some(1)
        );
        let missing = find_event_column(&table(&["Email", "Name"]), None);
        assert!(
            matches!(missing, Err(ImportError::Usage(message)) if message.contains("--event-column"))
        );
    }
}
