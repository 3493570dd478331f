//! One import from start to end, for the CLI and the TUI's wizard alike: [`prepare`] reads the
//! file, asks Zoom about the event (settings, questions, registrants — concurrently), maps,
//! validates and plans, sending nothing (this is the dry run and the wizard's preview);
//! [`execute`] journals, sends, and writes the report. Journals and reports live in
//! `<data dir>/imports`, private (0600 in a 0700 folder).
//!
//! One import per Zoom account and event runs at a time, across processes and files: [`execute`]
//! holds `<event key>.lock` while it runs and refuses to start when another import holds it, or
//! when another import wrote to the event's journals since this one was planned (its plan could
//! send someone that import registered). A journal that cannot be read stops every import into
//! its event, naming it, until `--set-aside-journal` ([`ImportRequest::set_aside_unreadable`])
//! renames it out of the way; the registrant listing then stands in for it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Timestamp;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::journal::{
    self, Begin, JOURNAL_VERSION, JournalError, JournalState, JournalWriter, Record,
};
use super::mapping::{self, Mapping, MappingError};
use super::outcome::{OutcomeCounts, Problem, RowOutcome};
use super::plan::{self, Existing, ImportPlan, MAX_REGISTRANTS, PlanInput, Rates};
use super::read::{self, ReadError, Table};
use super::report;
use super::run::{self, ImportEvent, PauseSwitch, RunContext, RunError};
use super::validate;
use crate::registrant_fields::person::RegistrationForm;
use crate::zoom::{
    Category, EventDetail, EventKind, EventRef, EventType, Questions, Registrant, ZoomClient,
    ZoomError,
};

/// Where import journals and default reports go.
pub fn imports_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("imports")
}

/// How an import starts when the same file was imported into the same event before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartMode {
    /// A new import; refused while an unfinished one of the same file exists.
    Fresh,
    /// Finish the unfinished import of this file (`--resume`).
    Resume,
    /// Abandon the unfinished import and start over (`--restart`); whom it registered count as
    /// already registered.
    Restart,
}

/// What to import where.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    pub event: EventRef,
    pub file: PathBuf,
    /// `--map COLUMN=FIELD` arguments.
    pub overrides: Vec<String>,
    /// The column naming each row's event, in an import into several events (it feeds no field).
    pub event_column: Option<usize>,
    pub mode: StartMode,
    /// Journals and default reports.
    pub journal_dir: PathBuf,
    /// Where to write the report (default: beside the journal).
    pub report: Option<PathBuf>,
    /// Rename this event's unreadable journals out of the way (never deleting them) instead of
    /// refusing to import (`--set-aside-journal`).
    pub set_aside_unreadable: bool,
}

/// A read file.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub sha256: String,
    /// The header, encoding and delimiter, and the rows until [`prepare`] has checked them: it
    /// drops each row once checked (the plan keeps what the run and the report need), so that a
    /// big file's cells and its checked rows are never all in memory at once.
    pub table: Table,
    /// Data rows in the file.
    pub rows: usize,
    /// A few values of each column, by column index (the wizard shows them when a column's field
    /// is chosen): kept apart because [`prepare`] drops the rows.
    pub samples: Vec<Vec<String>>,
}

/// Distinct non-empty values kept per column for [`Source::samples`].
pub const SAMPLES_PER_COLUMN: usize = 5;
/// Rows looked at for samples (a column empty in its first rows shows none).
const SAMPLE_ROWS: usize = 200;
/// Characters kept of a sample value.
const SAMPLE_CHARS: usize = 40;

/// Up to [`SAMPLES_PER_COLUMN`] distinct non-empty values of each column, from the first rows.
pub(crate) fn column_samples(table: &Table) -> Vec<Vec<String>> {
    let mut samples = vec![Vec::new(); table.headers.len()];
    for row in table.rows.iter().take(SAMPLE_ROWS) {
        for (values, cell) in samples.iter_mut().zip(row.cells()) {
            let cell = cell.trim();
            if cell.is_empty() || values.len() >= SAMPLES_PER_COLUMN {
                continue;
            }
            let value: String = cell.chars().take(SAMPLE_CHARS).collect();
            if !values.contains(&value) {
                values.push(value);
            }
        }
    }
    samples
}

/// Everything known before sending: the dry run's content.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub request: ImportRequest,
    pub source: Source,
    pub event: EventDetail,
    pub form: RegistrationForm,
    pub mapping: Mapping,
    /// Missing columns the whole file suffers from (also on every row).
    pub file_problems: Vec<Problem>,
    pub plan: ImportPlan,
    /// The unfinished journal being resumed.
    pub resuming: Option<JournalState>,
    /// The unfinished journal `--restart` abandons when the import runs.
    pub abandoning: Option<PathBuf>,
    /// Unreadable journals of the event that `--set-aside-journal` renames when the import runs.
    pub setting_aside: Vec<PathBuf>,
    pub rates: Rates,
    /// The Zoom API URL and account (see `ZoomClient::account_identity`).
    pub zoom: String,
    /// The event's journals (name and length) when the plan was made: if they change before the
    /// import runs, another import ran meanwhile and the plan is stale.
    journals_seen: Vec<(PathBuf, u64)>,
}

/// How an executed import ended.
#[derive(Debug, Clone)]
pub struct Finished {
    /// Every row's outcome.
    pub outcomes: BTreeMap<usize, RowOutcome>,
    pub counts: OutcomeCounts,
    pub report: PathBuf,
    pub journal: PathBuf,
    pub cancelled: bool,
    /// A problem every call would share stopped sending.
    pub stopped: Option<String>,
    /// Nothing left for `--resume` (no row unsent or with an unknown outcome, and the closing
    /// step of [`execute_with`], if any, done).
    pub complete: bool,
    /// What was repaired or set aside on the way (a journal's torn last record, an unreadable
    /// journal renamed), for the user to read.
    pub notes: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The command line must change (exit code 2).
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Mapping(#[from] MappingError),
    #[error("cannot read {path}: {source}")]
    FileIo {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    File {
        path: PathBuf,
        #[source]
        source: ReadError,
    },
    #[error("{0}")]
    Event(String),
    #[error(transparent)]
    Zoom(#[from] ZoomError),
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error("{}", unreadable_message(.event, .errors))]
    UnreadableJournals {
        event: EventRef,
        errors: Vec<JournalError>,
    },
    #[error("{}", self.refusal().map(|r| format!("{}; {}", r.what, r.fix)).unwrap_or_default())]
    Busy {
        event: EventRef,
        holder: String,
        lock: PathBuf,
    },
    #[error("{}", self.refusal().map(|r| format!("{}; {}", r.what, r.fix)).unwrap_or_default())]
    Stale { event: EventRef },
    #[error("cannot set aside the import journal {path}: {source}")]
    SetAside {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write the report {path}: {source}")]
    Report {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Why another import turned this one away, in the three parts every error is said in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub what: String,
    pub why: String,
    pub fix: String,
}

impl ImportError {
    /// Another import holds the event, or changed it while this one was planned: what, why and
    /// the fix (the message is the what and the fix; the CLI's error printer says all three).
    pub fn refusal(&self) -> Option<Refusal> {
        match self {
            ImportError::Busy {
                event,
                holder,
                lock,
            } => Some(Refusal {
                what: format!(
                    "another regdesk import into {event} is running right now ({holder})"
                ),
                why: "one import at a time writes an event's journal, so that nobody is sent \
                      twice; nothing was sent"
                    .to_owned(),
                fix: format!(
                    "wait for it to finish, then run this command again (lock file {})",
                    lock.display()
                ),
            }),
            ImportError::Stale { event } => Some(Refusal {
                what: format!(
                    "another import into {event} ran while this one was being planned (its journals changed)"
                ),
                why: "this plan may send people that import has registered since; nothing was sent"
                    .to_owned(),
                fix: "run the command again to plan against what it registered".to_owned(),
            }),
            _ => None,
        }
    }

    /// Whether the import was turned away before it sent anything (another import holds the
    /// event, or changed it while this one was planned; its journals could not be read or set
    /// aside): its rows are simply not sent.
    pub fn refused_before_sending(&self) -> bool {
        matches!(
            self,
            ImportError::Busy { .. }
                | ImportError::Stale { .. }
                | ImportError::SetAside { .. }
                | ImportError::UnreadableJournals { .. }
        )
    }
}

impl ImportError {
    /// Whether the user must change the command line (exit 2) rather than the world (exit 1).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            ImportError::Usage(_)
                | ImportError::Mapping(_)
                | ImportError::UnreadableJournals { .. }
        )
    }
}

/// The way out of unreadable journals, named one by one.
fn unreadable_message(event: &EventRef, errors: &[JournalError]) -> String {
    let mut message = format!(
        "regdesk cannot tell from the import journals of {event} whom it already sent, so it imports nothing into {event}:"
    );
    for error in errors {
        message.push_str(&format!("\n  {error}"));
    }
    message.push_str(&format!(
        "\nRun the same `regdesk import` command with --set-aside-journal: {} renamed to <name>.set-aside-<time> (kept, not deleted), and the import is checked against {event}'s registrant list instead, so nobody already registered is sent again.",
        if errors.len() == 1 { "the journal is" } else { "the journals are" }
    ));
    message
}

impl From<RunError> for ImportError {
    fn from(error: RunError) -> Self {
        match error {
            RunError::Journal(error) => ImportError::Journal(error),
        }
    }
}

/// Reads and splits a file (a regular file within the reader's limits, streamed).
pub fn load_source(path: &Path) -> Result<Source, ImportError> {
    let read = read::read_file(path).map_err(|source| match source {
        ReadError::Io { kind, message } => ImportError::FileIo {
            path: path.to_path_buf(),
            source: std::io::Error::new(kind, message),
        },
        source => ImportError::File {
            path: path.to_path_buf(),
            source,
        },
    })?;
    Ok(Source {
        path: path.to_path_buf(),
        sha256: read.sha256,
        rows: read.table.rows.len(),
        samples: column_samples(&read.table),
        table: read.table,
    })
}

/// The journal name prefix of an event of the client's Zoom account: `z1a2b3c4d5e6f-meeting-123`.
pub fn event_key(client: &ZoomClient, event: EventRef) -> String {
    journal::event_key(&client.account_identity(), event.kind.noun(), event.id)
}

/// The name and length of each journal of the event, any state.
fn journal_fingerprint(dir: &Path, key: &str) -> Result<Vec<(PathBuf, u64)>, ImportError> {
    let paths = journal::journals_of_event(dir, key).map_err(|source| JournalError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    Ok(paths
        .into_iter()
        .map(|path| {
            let length = std::fs::metadata(&path).map_or(0, |metadata| metadata.len());
            (path, length)
        })
        .collect())
}

/// Reads the file, asks Zoom about the event and plans; sends nothing and writes nothing.
pub async fn prepare(client: &ZoomClient, request: ImportRequest) -> Result<Prepared, ImportError> {
    let source = load_source(&request.file)?;
    prepare_source(client, request, source).await
}

/// What Zoom says of an import's event before planning: its settings, its questions and its
/// registrants, with the event's journals as they were before Zoom was asked.
#[derive(Debug, Clone)]
pub struct EventReading {
    event: EventRef,
    journals_seen: Vec<(PathBuf, u64)>,
    details: EventDetail,
    questions: Questions,
    registrants: Vec<Registrant>,
}

impl EventReading {
    /// The event's questions, as Zoom answered them.
    pub fn questions(&self) -> &Questions {
        &self.questions
    }

    /// A reading of an event Zoom describes as `details`, with `questions` and nobody
    /// registered, and no journals.
    #[cfg(test)]
    pub(crate) fn of(event: EventRef, details: EventDetail, questions: Questions) -> Self {
        EventReading {
            event,
            journals_seen: Vec::new(),
            details,
            questions,
            registrants: Vec::new(),
        }
    }
}

/// Asks Zoom what planning an import into `event` needs (three reads at once). A copy does this
/// while it lists the source, so the target's reads cost no round trip of their own.
pub async fn read_event(
    client: &ZoomClient,
    journal_dir: &Path,
    event: EventRef,
) -> Result<EventReading, ImportError> {
    // Before anything is asked of Zoom: a journal written after this point makes the plan stale.
    let journals_seen = journal_fingerprint(journal_dir, &event_key(client, event))?;
    let (details, questions, registrants) = futures::try_join!(
        client.get_event(event, None),
        client.get_questions(event),
        client.list_all_registrants(event, None),
    )?;
    Ok(EventReading {
        event,
        journals_seen,
        details,
        questions,
        registrants,
    })
}

/// Plans an import of rows already read (`request.file` names where they are kept: the journal
/// records it and `--resume` reads it again); sends nothing and writes nothing.
pub async fn prepare_source(
    client: &ZoomClient,
    request: ImportRequest,
    source: Source,
) -> Result<Prepared, ImportError> {
    prepare_source_reading(client, request, source, None).await
}

/// [`prepare_source`] with the event's [`read_event`] already done (`reading`), or done here
/// once the journals allow the import (`None`).
pub async fn prepare_source_reading(
    client: &ZoomClient,
    request: ImportRequest,
    mut source: Source,
    reading: Option<EventReading>,
) -> Result<Prepared, ImportError> {
    if let Some(reading) = &reading
        && reading.event != request.event
    {
        return Err(ImportError::Usage(format!(
            "internal: the reading of {} cannot plan an import into {}",
            reading.event, request.event
        )));
    }
    let key = event_key(client, request.event);
    // Before anything is asked of Zoom (unless the reading did that, and kept its own).
    let journals_seen = match &reading {
        Some(reading) => reading.journals_seen.clone(),
        None => journal_fingerprint(&request.journal_dir, &key)?,
    };
    let scanned = journal::scan_event(&request.journal_dir, &key)?;
    if !scanned.unreadable.is_empty() && !request.set_aside_unreadable {
        return Err(ImportError::UnreadableJournals {
            event: request.event,
            errors: scanned.unreadable,
        });
    }
    let setting_aside: Vec<PathBuf> = scanned
        .unreadable
        .iter()
        .map(|error| error.path().to_path_buf())
        .collect();
    let open = scanned.open_of_file(&source.sha256).cloned();
    let (resuming, abandoning) = match (request.mode, open) {
        (StartMode::Fresh, Some(open)) => {
            return Err(ImportError::Usage(unfinished_message(&request, &open)));
        }
        // The unfinished journal may be among those set aside: the listing stands in for it.
        (StartMode::Resume, None) if !setting_aside.is_empty() => (None, None),
        (StartMode::Resume, None) => {
            return Err(ImportError::Usage(format!(
                "there is no unfinished import of {} into {} to resume; run it without --resume",
                request.file.display(),
                request.event
            )));
        }
        (StartMode::Resume, Some(open)) => (Some(open), None),
        (StartMode::Restart, open) => (None, open.map(|open| open.path)),
        (StartMode::Fresh, None) => (None, None),
    };

    let reading = match reading {
        Some(reading) => reading,
        None => read_event(client, &request.journal_dir, request.event).await?,
    };
    let EventReading {
        details: event,
        questions,
        registrants,
        ..
    } = reading;
    if !event.registration_enabled() {
        return Err(ImportError::Event(format!(
            "{} \"{}\" does not take registrations (its approval type is {}); turn on \"Registration: Required\" in Zoom first",
            request.event,
            event.summary.topic,
            event.settings.approval_type.describe()
        )));
    }
    let form = RegistrationForm::from_questions(&questions);
    let mapping = match &resuming {
        Some(journal) => {
            let kept = journal.begin.mapping.clone();
            if !request.overrides.is_empty() {
                let asked = mapping::resolve_beside_event_column(
                    &source.table,
                    &form.question_titles(),
                    &request.overrides,
                    request.event_column,
                )?;
                if asked != kept {
                    return Err(ImportError::Usage(
                        "--map cannot change the column mapping of an import being resumed; resume without --map, or use --restart to start over with the new mapping".to_owned(),
                    ));
                }
            }
            kept
        }
        None => mapping::resolve_beside_event_column(
            &source.table,
            &form.question_titles(),
            &request.overrides,
            request.event_column,
        )?,
    };
    let file_problems = validate::file_problems(&mapping, &form);
    // Checked one row at a time as the plan takes them: a million checked rows at once would
    // hold every person twice.
    let rows = std::mem::take(&mut source.table.rows);
    let checked = validate::checked_rows_of(&source.table, rows, &mapping, &form);
    let today = Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date();
    let requests_today = scanned.requests_on(today);
    let existing = existing_by_email(registrants);
    let rates = Rates {
        heavy_per_second: client.config().plan.per_second(Category::Heavy),
        light_per_second: client.config().plan.per_second(Category::Light),
    };
    let plan = plan::plan(PlanInput {
        rows: checked,
        existing: &existing,
        journal: resuming.as_ref(),
        requests_today: &requests_today,
        capacity: capacity(&event),
        batch_allowed: batch_allowed(request.event.kind, event.summary.event_type),
        rates,
    });
    Ok(Prepared {
        request,
        source,
        event,
        form,
        mapping,
        file_problems,
        plan,
        resuming,
        abandoning,
        setting_aside,
        rates,
        zoom: client.account_identity(),
        journals_seen,
    })
}

fn unfinished_message(request: &ImportRequest, open: &JournalState) -> String {
    let sent = open.sent_rows.len();
    format!(
        "an unfinished import of {} into {} exists (started {}, {sent} of {} rows sent; journal {}). Run the same command with --resume to finish it, or with --restart to start over (whom it registered then count as already registered)",
        request.file.display(),
        request.event,
        open.begin.at.strftime("%Y-%m-%d %H:%M:%S UTC"),
        open.begin.rows,
        open.path.display()
    )
}

/// What a closing step of an import ([`execute_with`]) found, and whether it is done: a step
/// that is not done leaves the journal unfinished, so that `--resume` runs it again.
#[derive(Debug, Clone)]
pub struct ClosingStep<T> {
    pub value: T,
    pub done: bool,
}

/// Journals, sends and reports a prepared import.
pub async fn execute(
    client: &ZoomClient,
    prepared: &Prepared,
    events: mpsc::UnboundedSender<ImportEvent>,
    cancel: CancellationToken,
) -> Result<Finished, ImportError> {
    execute_pausable(client, prepared, events, cancel, PauseSwitch::default()).await
}

/// [`execute`], holding sending between calls while `pause` is on (the wizard pauses while it
/// asks whether to stop).
pub async fn execute_pausable(
    client: &ZoomClient,
    prepared: &Prepared,
    events: mpsc::UnboundedSender<ImportEvent>,
    cancel: CancellationToken,
    pause: PauseSwitch,
) -> Result<Finished, ImportError> {
    let no_step = |_: BTreeMap<usize, RowOutcome>| async {
        ClosingStep {
            value: (),
            done: true,
        }
    };
    let (finished, _) = execute_with(client, prepared, events, cancel, pause, no_step).await?;
    Ok(finished)
}

/// Journals, sends and reports a prepared import (holding sending between calls while `pause`
/// is on), then, once every row is settled (nothing unsent, no unknown outcome), runs `closing`
/// on every row's outcome before the journal is marked finished, still holding the event's lock.
/// If the step is not done (or the process dies during it), the import stays unfinished and
/// `--resume` settles the rows from the journal and runs the step again; so the step must be
/// safe to repeat. Returns the step's value when it ran.
pub async fn execute_with<T, Step, StepFuture>(
    client: &ZoomClient,
    prepared: &Prepared,
    events: mpsc::UnboundedSender<ImportEvent>,
    cancel: CancellationToken,
    pause: PauseSwitch,
    closing: Step,
) -> Result<(Finished, Option<ClosingStep<T>>), ImportError>
where
    Step: FnOnce(BTreeMap<usize, RowOutcome>) -> StepFuture,
    StepFuture: std::future::Future<Output = ClosingStep<T>>,
{
    let request = &prepared.request;
    let key = event_key(client, request.event);
    // One run per Zoom account and event at a time, across processes and files (a fresh import
    // creates a new journal, so the journal's own lock cannot cover the start).
    let _event_lock = lock_event(request, &key)?;
    if journal_fingerprint(&request.journal_dir, &key)? != prepared.journals_seen {
        return Err(ImportError::Stale {
            event: request.event,
        });
    }
    let mut notes = Vec::new();
    for path in &prepared.setting_aside {
        let moved =
            journal::set_aside(path, Timestamp::now()).map_err(|source| ImportError::SetAside {
                path: path.clone(),
                source,
            })?;
        notes.push(format!(
            "Set aside the unreadable journal {} as {}; whom it registered count as already registered.",
            path.display(),
            moved.display()
        ));
    }
    let repair_note = |writer: &JournalWriter| {
        writer.repaired().map(|repaired| {
            format!(
                "Repaired the journal {}: its last record was cut short (a crash or a full disk while writing); the {} byte(s) of it were removed. Its send is settled by the registrant listing.",
                repaired.path.display(),
                repaired.removed_bytes
            )
        })
    };
    if let Some(old) = &prepared.abandoning {
        let writer = JournalWriter::append(old)?;
        notes.extend(repair_note(&writer));
        writer
            .write(Record::Abandoned {
                at: Timestamp::now(),
            })
            .await?;
    }
    let (writer, first_unit) = match &prepared.resuming {
        Some(state) => {
            let writer = JournalWriter::append(&state.path)?;
            notes.extend(repair_note(&writer));
            writer
                .write(Record::Resumed {
                    at: Timestamp::now(),
                })
                .await?;
            (writer, state.next_unit)
        }
        None => {
            let now = Timestamp::now();
            let path =
                journal::new_journal_path(&request.journal_dir, &key, &prepared.source.sha256, now);
            let begin = Begin {
                version: JOURNAL_VERSION,
                at: now,
                event: key.clone(),
                zoom: prepared.zoom.clone(),
                file: request.file.clone(),
                file_sha256: prepared.source.sha256.clone(),
                rows: prepared.source.rows,
                mapping: prepared.mapping.clone(),
            };
            (JournalWriter::create(&path, begin)?, 1)
        }
    };
    let writer = Arc::new(writer);
    let context = RunContext {
        client: client.clone(),
        event: request.event,
        rates: prepared.rates,
        first_unit,
        batch_options: run::batch_options(&prepared.event),
    };
    let result = run::run_pausable(
        context,
        &prepared.plan,
        Arc::clone(&writer),
        events,
        cancel,
        pause,
    )
    .await?;

    let mut outcomes = prepared.plan.settled.clone();
    outcomes.extend(result.outcomes);
    let counts: OutcomeCounts = outcomes.values().collect();
    let journal_path = writer.path().to_path_buf();
    let report_path = request
        .report
        .clone()
        .unwrap_or_else(|| journal_path.with_extension("report.csv"));
    report::write_report(&report_path, &prepared.plan.rows, &outcomes).map_err(|source| {
        ImportError::Report {
            path: report_path.clone(),
            source,
        }
    })?;
    let settled = counts.unknown == 0 && counts.not_sent == 0;
    let step = if settled {
        Some(closing(outcomes.clone()).await)
    } else {
        None
    };
    let complete = settled && step.as_ref().is_none_or(|step| step.done);
    if complete {
        writer
            .write(Record::Finished {
                at: Timestamp::now(),
                report: Some(report_path.clone()),
            })
            .await?;
    }
    let finished = Finished {
        outcomes,
        counts,
        report: report_path,
        journal: journal_path,
        cancelled: result.cancelled,
        stopped: result.stopped,
        complete,
        notes,
    };
    Ok((finished, step))
}

/// An exclusive lock on `<dir>/<event key>.lock`, held while the import runs; the file says who
/// holds it, for the message of the import it turns away.
fn lock_event(request: &ImportRequest, key: &str) -> Result<std::fs::File, ImportError> {
    let dir = &request.journal_dir;
    let path = dir.join(format!("{key}.lock"));
    let io_error = |source| {
        ImportError::Journal(JournalError::Io {
            path: path.clone(),
            source,
        })
    };
    crate::private_fs::create_private_dir_all(dir).map_err(io_error)?;
    let mut file = crate::private_fs::open_or_create_private(&path).map_err(io_error)?;
    match file.try_lock() {
        Ok(()) => {
            use std::io::Write;
            let holder = format!(
                "process {} importing {} since {}\n",
                std::process::id(),
                request.file.display(),
                Timestamp::now().strftime("%Y-%m-%d %H:%M:%S UTC")
            );
            file.set_len(0)
                .and_then(|()| file.write_all(holder.as_bytes()))
                .map_err(io_error)?;
            Ok(file)
        }
        Err(std::fs::TryLockError::WouldBlock) => {
            let holder = std::fs::read_to_string(&path)
                .ok()
                .map(|text| text.trim().to_owned())
                .filter(|text| !text.is_empty())
                .unwrap_or_else(|| "another process".to_owned());
            Err(ImportError::Busy {
                event: request.event,
                holder,
                lock: path,
            })
        }
        Err(std::fs::TryLockError::Error(source)) => Err(io_error(source)),
    }
}

/// Registrants by lower-case email (a person listed twice keeps the first entry).
fn existing_by_email(registrants: Vec<Registrant>) -> HashMap<String, Existing> {
    let mut existing = HashMap::with_capacity(registrants.len());
    for registrant in registrants {
        existing
            .entry(registrant.email.trim().to_lowercase())
            .or_insert_with(|| Existing {
                registrant_id: registrant.id,
                status: registrant.status.as_str().to_owned(),
                join_url: registrant.join_url,
            });
    }
    existing
}

/// Batch registration works for scheduled meetings (type 2) and webinars (type 5) only.
fn batch_allowed(kind: EventKind, event_type: EventType) -> bool {
    matches!(
        (kind, event_type),
        (EventKind::Meeting, EventType::Scheduled) | (EventKind::Webinar, EventType::Webinar)
    )
}

/// Zoom's 4,999 registrants, or a webinar's own lower limit.
fn capacity(event: &EventDetail) -> usize {
    match event.settings.registrants_restrict_number {
        Some(limit) if limit > 0 => (limit as usize).min(MAX_REGISTRANTS),
        _ => MAX_REGISTRANTS,
    }
}
