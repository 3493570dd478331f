//! What flows through the app loop: [`Msg`] in (keys, ticks, client events, finished work),
//! [`Effect`] out (work for the effect runner), and the [`Outcome`] a finished effect reports,
//! tagged with the [`RequestId`] it was started under so that stale results can be dropped.

use std::path::PathBuf;
use std::sync::Arc;

use crossterm::event::Event;
use tokio_util::sync::CancellationToken;

use crate::import::copy::{CopyError, CopyFinished, Gathered, PreparedCopy};
use crate::import::job::{Finished, ImportError, Prepared, StartMode};
use crate::import::mapping::MappingError;
use crate::import::multi::{MultiFinished, MultiPrepared};
use crate::import::run::ImportEvent;
use crate::session::Session;
use crate::session::attendance::{self, Attendance, AttendanceList};
use crate::session::events::AccountEvents;
use crate::session::login::LoginProblem;
use crate::session::status_counts::{NotCounted, StatusCounts};
use crate::zoom::{
    AddOptions, AddOutcome, ClientEvent, DeleteOutcome, EventDetail, EventKind, EventRef,
    ListScope, ListStatus, NewRegistrant, Questions, Registrant, RegistrantRef, RegistrantStatus,
    StatusAction, StatusOutcome, ZoomError,
};

/// Names one piece of background work. Screens remember the id of the load they wait for and
/// ignore outcomes with any other id (a newer load replaced it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// Hands out request ids.
#[derive(Debug, Default)]
pub struct RequestIds {
    next: u64,
}

impl RequestIds {
    pub fn next_id(&mut self) -> RequestId {
        self.next += 1;
        RequestId(self.next)
    }
}

/// Everything the loop reacts to.
#[derive(Debug)]
pub enum Msg {
    /// A terminal event (keys, paste, resize).
    Input(Event),
    /// The countdown/spinner tick.
    Tick,
    /// Something the API client did (a request, a token change, the clock offset, limits).
    Client(ClientEvent),
    /// Background work finished.
    Done {
        request: RequestId,
        outcome: Outcome,
    },
    /// Credentials are ready (demo started or login verified): the app now has a client.
    SessionReady(Box<Session>),
    /// A background task panicked (a bug): its result will never come, so the loop stops.
    TaskPanicked(TaskPanicked),
}

/// A background task died of a panic; the loop ends with this error.
#[derive(Debug, Clone, thiserror::Error)]
#[error("regdesk stopped: the task {task} failed with an internal error (a bug): {message}")]
pub struct TaskPanicked {
    /// What the task was doing ("loading registrants").
    pub task: &'static str,
    /// The panic's message, redacted ([`crate::crash::redact`]).
    pub message: String,
}

/// A registrant as a change names it: enough to send the change and to say whom it concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub id: String,
    pub email: String,
    pub name: String,
    /// The status they had when the change was asked for (Zoom's status rules depend on it).
    pub status: RegistrantStatus,
}

impl Target {
    pub fn of(registrant: &Registrant) -> Self {
        let name = crate::registrant_fields::person::full_name(
            &registrant.first_name,
            registrant.fields.last_name.as_deref(),
        );
        Target {
            id: registrant.id.clone(),
            email: registrant.email.clone(),
            name,
            status: registrant.status.clone(),
        }
    }

    pub fn to_ref(&self) -> RegistrantRef {
        RegistrantRef {
            id: self.id.clone(),
            email: Some(self.email.clone()),
        }
    }
}

/// A change to registrants, awaiting confirmation or in flight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub event: EventRef,
    pub occurrence: Option<String>,
    pub kind: ChangeKind,
    /// Whom the change is sent for.
    pub targets: Vec<Target>,
    /// People chosen whom Zoom's status rules leave as they are (approving someone approved,
    /// cancelling someone pending): named in the confirmation, never sent.
    pub unchanged: Vec<Target>,
}

impl Change {
    /// `kind` for `chosen`, split by Zoom's status rules ([`crate::zoom::status_rules`]) into
    /// whom it changes (sent) and whom it leaves as they are (named, not sent). Deleting applies
    /// to everyone.
    pub fn of(
        event: EventRef,
        occurrence: Option<String>,
        kind: ChangeKind,
        chosen: Vec<Target>,
    ) -> Change {
        let (targets, unchanged) = chosen.into_iter().partition(|target| match kind {
            ChangeKind::Status(action) => {
                crate::zoom::status_rules::applies(event.kind, &target.status, action)
            }
            ChangeKind::Delete => true,
        });
        Change {
            event,
            occurrence,
            kind,
            targets,
            unchanged,
        }
    }

    /// Whether the change cannot be taken back by a single key: deleting anyone, denying or
    /// cancelling more than one person. Those need a typed answer, never Enter alone.
    pub fn is_irreversible(&self) -> bool {
        match self.kind {
            ChangeKind::Delete => true,
            ChangeKind::Status(StatusAction::Approve) => false,
            ChangeKind::Status(StatusAction::Deny | StatusAction::Cancel) => self.targets.len() > 1,
        }
    }

    /// The change that takes back what this one did, where Zoom has one: approving again the
    /// people a deny or cancel moved (`done`: those Zoom accepted).
    pub fn way_back(&self, done: &[Target]) -> Option<Change> {
        let ChangeKind::Status(action) = self.kind else {
            return None;
        };
        let back = crate::zoom::status_rules::way_back(action)?;
        let moved: Vec<Target> = done
            .iter()
            .map(|target| Target {
                status: crate::zoom::status_rules::outcome(self.event.kind, &target.status, action)
                    .map_or_else(|| target.status.clone(), |to| to.status()),
                ..target.clone()
            })
            .collect();
        let change = Change::of(
            self.event,
            self.occurrence.clone(),
            ChangeKind::Status(back),
            moved,
        );
        (!change.targets.is_empty()).then_some(change)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Status(StatusAction),
    Delete,
}

impl ChangeKind {
    /// "approve", "delete", for the confirmation question.
    pub fn verb(self) -> &'static str {
        match self {
            ChangeKind::Status(action) => action.as_str(),
            ChangeKind::Delete => "delete",
        }
    }

    /// "approved", "deleted", for the outcome.
    pub fn past(self) -> &'static str {
        match self {
            ChangeKind::Status(StatusAction::Approve) => "approved",
            ChangeKind::Status(StatusAction::Deny) => "denied",
            ChangeKind::Status(StatusAction::Cancel) => "cancelled",
            ChangeKind::Delete => "deleted",
        }
    }
}

/// Work for the effect runner. Every effect that talks to Zoom carries the id its outcome will
/// come back with.
#[derive(Debug, Clone)]
pub enum Effect {
    /// The meetings (or webinars) of every active user, merged (`me` when users cannot be listed).
    LoadEvents {
        request: RequestId,
        kind: EventKind,
        scope: ListScope,
    },
    /// One meeting or webinar's settings (registration state, occurrences).
    LoadEvent { request: RequestId, event: EventRef },
    /// How many registrants an event has in each status, if the rate budget allows
    /// ([`crate::session::status_counts`]).
    CountRegistrants { request: RequestId, event: EventRef },
    /// Every registrant (pending, approved, denied) of an event or one occurrence.
    LoadRegistrants {
        request: RequestId,
        event: EventRef,
        occurrence: Option<String>,
    },
    /// The registration questions (the add form builds itself from them).
    LoadQuestions { request: RequestId, event: EventRef },
    /// Registers one person (the add form).
    AddRegistrant {
        request: RequestId,
        event: EventRef,
        person: Box<NewRegistrant>,
        options: AddOptions,
    },
    /// Approve/deny/cancel (the client sends 30 per call) or delete (one call each).
    Apply { request: RequestId, change: Change },
    /// Writes every registrant to a CSV file.
    Export {
        request: RequestId,
        event: EventRef,
        occurrence: Option<String>,
        path: PathBuf,
    },
    /// Puts text on the terminal's clipboard with OSC 52.
    Copy { text: String },
    /// Writes what the app remembers between runs (the live pane hidden or shown).
    RememberUi {
        path: PathBuf,
        state: crate::tui::ui_state::UiState,
    },
    /// Reads a file and plans its import into an event, sending nothing (the wizard's preview).
    PrepareImport {
        request: RequestId,
        event: EventRef,
        file: PathBuf,
        /// `COLUMN=FIELD` mapping overrides.
        overrides: Vec<String>,
        mode: StartMode,
    },
    /// Runs a prepared import; its events come back as [`Outcome::ImportProgress`] under the same
    /// id, then one [`Outcome::ImportFinished`].
    RunImport {
        request: RequestId,
        prepared: Arc<Prepared>,
        cancel: CancellationToken,
        /// Holds sending between calls while the wizard asks whether to stop.
        pause: crate::import::run::PauseSwitch,
    },
    /// Reads a file whose event column names each row's meeting or webinar and plans the import
    /// of every event, sending nothing (the wizard opened from the meetings list). A fresh one
    /// whose file left unfinished journals comes back resuming them; the wizard asks.
    PrepareMultiImport {
        request: RequestId,
        file: PathBuf,
        /// `COLUMN=FIELD` mapping overrides, for every event.
        overrides: Vec<String>,
        mode: StartMode,
    },
    /// Runs every event of a prepared multi-event import under the one client; its events come
    /// back as [`Outcome::ImportProgress`] under the same id, then one
    /// [`Outcome::MultiImportFinished`].
    RunMultiImport {
        request: RequestId,
        prepared: Arc<MultiPrepared>,
        cancel: CancellationToken,
        pause: crate::import::run::PauseSwitch,
    },
    /// Lists the people a copy takes from `from` and reads `to`'s questions (copy to…), or finds
    /// the unfinished copy to resume.
    GatherCopy {
        request: RequestId,
        copy: CopyToEvent,
    },
    /// Lays out and plans a gathered copy with the import engine, sending nothing (its dry run).
    PrepareCopy {
        request: RequestId,
        gathered: Box<Gathered>,
    },
    /// Runs a prepared copy (and a move's closing step); its events come back as
    /// [`Outcome::ImportProgress`] under the same id, then one [`Outcome::CopyFinished`].
    RunCopy {
        request: RequestId,
        copy: Arc<PreparedCopy>,
        cancel: CancellationToken,
        pause: crate::import::run::PauseSwitch,
    },
    /// Who attended one instance of an event that took place (the latest unless a UUID is
    /// given), against its approved registrants.
    LoadAttendance {
        request: RequestId,
        event: EventRef,
        instance: crate::zoom::InstanceRef,
    },
    /// The times an event took place, with their UUIDs (the attendance view's `o`).
    LoadPastInstances { request: RequestId, event: EventRef },
    /// Writes one attendance list as CSV; a bare file name goes to the data dir's `exports/`.
    ExportAttendance {
        request: RequestId,
        attendance: Arc<Attendance>,
        list: AttendanceList,
        path: PathBuf,
    },
    /// Lists the directory entries that complete a typed path (the import wizard's Tab); reads
    /// the disk, so it runs off the loop.
    CompletePath { request: RequestId, typed: String },
    /// Starts the embedded simulator with demo data and opens a session on it.
    StartDemo { request: RequestId },
    /// Verifies typed credentials, stores them, and opens a session with them.
    Login {
        request: RequestId,
        values: LoginValues,
    },
}

impl Effect {
    /// The id this effect's outcome comes back with; none for work that reports nothing.
    pub fn request(&self) -> Option<RequestId> {
        match self {
            Effect::LoadEvents { request, .. }
            | Effect::LoadEvent { request, .. }
            | Effect::CountRegistrants { request, .. }
            | Effect::LoadRegistrants { request, .. }
            | Effect::LoadQuestions { request, .. }
            | Effect::AddRegistrant { request, .. }
            | Effect::Apply { request, .. }
            | Effect::Export { request, .. }
            | Effect::PrepareImport { request, .. }
            | Effect::RunImport { request, .. }
            | Effect::PrepareMultiImport { request, .. }
            | Effect::RunMultiImport { request, .. }
            | Effect::CompletePath { request, .. }
            | Effect::GatherCopy { request, .. }
            | Effect::PrepareCopy { request, .. }
            | Effect::RunCopy { request, .. }
            | Effect::LoadAttendance { request, .. }
            | Effect::LoadPastInstances { request, .. }
            | Effect::ExportAttendance { request, .. }
            | Effect::StartDemo { request }
            | Effect::Login { request, .. } => Some(*request),
            Effect::Copy { .. } | Effect::RememberUi { .. } => None,
        }
    }
}

/// What a copy to another event takes, before the effect runner adds where journals go.
#[derive(Debug, Clone)]
pub struct CopyToEvent {
    pub from: EventRef,
    /// The source's occurrence the people were picked in (a move acts in it too).
    pub occurrence: Option<String>,
    pub to: EventRef,
    pub statuses: Vec<ListStatus>,
    /// Only these people (lower-case emails).
    pub only: std::collections::BTreeSet<String>,
    pub mode: StartMode,
}

/// What the login screen collected; every value travels as a `SecretString` (never printed).
#[derive(Debug, Clone)]
pub struct LoginValues {
    pub profile: String,
    pub app: crate::profiles::AppKind,
    /// The checked value of each field of `app` (`secrets::login::Field::all_for`).
    pub values: Vec<(crate::secrets::login::Field, secrecy::SecretString)>,
    pub store: StoreChoice,
}

pub use crate::session::login::StoreChoice;

/// What finished background work reports.
#[derive(Debug)]
pub enum Outcome {
    Events(Result<AccountEvents, ZoomError>),
    Event(Result<Box<EventDetail>, ZoomError>),
    StatusCounts(Result<StatusCounts, NotCounted>),
    Registrants(Result<Vec<Registrant>, ZoomError>),
    Questions(Result<Questions, ZoomError>),
    Added(Result<Box<AddOutcome>, ZoomError>),
    Applied(Box<Applied>),
    Exported(Result<(PathBuf, usize), ExportProblem>),
    ImportPrepared(Result<Box<Prepared>, ImportProblem>),
    ImportProgress(Box<ImportEvent>),
    ImportFinished(Result<Box<Finished>, ImportProblem>),
    MultiImportPrepared(Result<Box<MultiPrepared>, ImportProblem>),
    MultiImportFinished(Result<Box<MultiFinished>, ImportProblem>),
    PathCompleted(PathCompletion),
    CopyGathered(Result<Box<Gathered>, CopyError>),
    CopyPrepared(Result<Box<PreparedCopy>, CopyError>),
    CopyFinished(Result<Box<CopyFinished>, CopyError>),
    Attendance(Result<Box<attendance::Gathered>, ZoomError>),
    PastInstances(Result<Vec<crate::zoom::PastInstance>, ZoomError>),
    /// The file written and its rows, or why not.
    AttendanceExported(Result<(PathBuf, usize), String>),
    /// The demo's in-process simulator could not start.
    DemoFailed(String),
    /// A login did not end with a stored profile: refused by Zoom, or verified but not stored
    /// (when no OS keyring can keep the secret, the login screen offers the file stores).
    LoginFailed(Box<LoginProblem>),
}

impl Outcome {
    /// Whether this is the last outcome of its request (an import's progress is followed by more).
    pub fn is_final(&self) -> bool {
        !matches!(self, Outcome::ImportProgress(_))
    }
}

/// The directory entries that complete a typed path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathCompletion {
    /// What the user had typed when Tab was pressed.
    pub typed: String,
    /// The typed text completed as far as every candidate agrees.
    pub completed: String,
    /// The candidates' names (directories end in `/`).
    pub candidates: Vec<String>,
}

/// A change and how it went.
#[derive(Debug)]
pub struct Applied {
    pub change: Change,
    pub result: AppliedResult,
}

/// How a change went.
#[derive(Debug)]
pub enum AppliedResult {
    Status(Result<StatusOutcome, ZoomError>),
    /// One result per target, in order.
    Deleted(Vec<Result<DeleteOutcome, ZoomError>>),
}

/// Why an import could not be prepared.
#[derive(Debug)]
pub enum ImportProblem {
    /// An earlier import of the same file into the same event did not finish.
    Unfinished {
        started: jiff::Timestamp,
        sent_rows: usize,
        rows: usize,
        journal: PathBuf,
    },
    /// The mapping chosen names no column or field (the error says which).
    Mapping(MappingError),
    /// Anything else: an unreadable file or journal, an event without registration, Zoom's answer.
    Failed(ImportError),
}

impl ImportProblem {
    /// The problem in words for the wizard; Zoom's errors as their diagnosis.
    pub fn describe(&self) -> String {
        match self {
            ImportProblem::Unfinished { journal, .. } => format!(
                "another import of this file is open ({})",
                journal.display()
            ),
            ImportProblem::Mapping(error) => error.to_string(),
            ImportProblem::Failed(ImportError::Zoom(error)) => error.diagnosis().to_string(),
            ImportProblem::Failed(other) => other.to_string(),
        }
    }
}

impl From<ImportError> for ImportProblem {
    fn from(error: ImportError) -> Self {
        match error {
            ImportError::Mapping(error) => ImportProblem::Mapping(error),
            other => ImportProblem::Failed(other),
        }
    }
}

/// Why an export did not write its file.
#[derive(Debug)]
pub enum ExportProblem {
    /// Zoom did not hand over the registrants.
    Zoom(ZoomError),
    /// The file could not be written (or anything else), with its causes.
    Other(anyhow::Error),
}

impl ExportProblem {
    /// The problem in words for the status line; Zoom's errors as their diagnosis's summary.
    pub fn describe(&self) -> String {
        match self {
            ExportProblem::Zoom(error) => error.diagnosis().summary,
            ExportProblem::Other(error) => format!("{error:#}"),
        }
    }
}

impl From<anyhow::Error> for ExportProblem {
    fn from(error: anyhow::Error) -> Self {
        match error.downcast::<ZoomError>() {
            Ok(zoom) => ExportProblem::Zoom(zoom),
            Err(other) => ExportProblem::Other(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixtures::unreachable;

    /// The wizard tells a bad mapping apart from other failures by its type (it keeps the
    /// columns step for one), and shows Zoom's errors as their diagnosis.
    #[test]
    fn import_problems_keep_their_kind_and_read_as_the_diagnosis() {
        let mapping = ImportProblem::from(ImportError::Mapping(MappingError::Syntax {
            argument: "Email".to_owned(),
        }));
        assert!(matches!(mapping, ImportProblem::Mapping(_)), "{mapping:?}");
        assert!(mapping.describe().contains("COLUMN=FIELD"));
        let zoom = ImportProblem::from(ImportError::Zoom(unreachable()));
        assert!(
            matches!(zoom, ImportProblem::Failed(ImportError::Zoom(_))),
            "{zoom:?}"
        );
        assert_eq!(zoom.describe(), unreachable().diagnosis().to_string());
    }

    /// A Zoom failure inside an export stays a Zoom error (the status line gives its summary);
    /// a file failure keeps its causes.
    #[test]
    fn export_problems_keep_zoom_errors_typed() {
        let zoom = ExportProblem::from(anyhow::Error::new(unreachable()));
        assert!(matches!(zoom, ExportProblem::Zoom(_)), "{zoom:?}");
        assert_eq!(zoom.describe(), unreachable().diagnosis().summary);
        let file = ExportProblem::from(
            anyhow::anyhow!("permission denied").context("cannot write /x/y.csv"),
        );
        assert_eq!(file.describe(), "cannot write /x/y.csv: permission denied");
    }
}
