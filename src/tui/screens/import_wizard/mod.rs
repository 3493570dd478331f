//! The import wizard (`i` on the registrants screen): file → columns → check (the dry run) → run
//! → report, on top of the same engine as `regdesk import` (`crate::import::job`). The
//! screen is a state machine over [`Step`]; reading and planning ([`Effect::PrepareImport`]) and
//! sending ([`Effect::RunImport`]) happen in the effect runner, whose progress events come back as
//! outcomes under the run's request id, so typing and drawing never wait on the network. A
//! cancelled or interrupted run leaves the engine's journal; opening the same file again offers
//! to resume it.

mod columns;
mod file_prompt;
mod multi;
mod multi_render;
mod multi_work;
mod picker;
mod render;
mod targets;
mod work;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use tokio_util::sync::CancellationToken;

use self::columns::{chosen_overrides, next_choice, pick_key};
use self::file_prompt::{FileKey, FilePrompt};
pub use self::multi::MultiImportWizard;
pub use self::multi_work::{MultiImportChoice, no_event_column_message, prepare_multi, run_multi};
use self::picker::FieldPicker;
use self::render::{
    ColumnsView, FileStepView, render_check, render_columns, render_file_step, render_step_bar,
};
pub(crate) use self::render::{ReportWording, render_report, render_run};
pub(crate) use self::work::shell_word;
pub use self::work::{complete_path, prepare, run};
use super::{Action, Handback, ListCursor, Notice, Screen, Ui};
use crate::import::job::{Finished, Prepared, StartMode};
use crate::import::mapping::Target;
use crate::import::outcome::RowOutcome;
use crate::import::plan::RowIdentity;
use crate::import::run::{ImportEvent, PauseSwitch, Progress};
use crate::tui::keymap::{self, Command, Scope};
use crate::tui::message::{Effect, ImportProblem, Outcome, PathCompletion, RequestId, RequestIds};
use crate::zoom::EventRef;

/// The step names, in order, for the step bar.
const STEP_NAMES: [&str; 5] = ["File", "Columns", "Check", "Run", "Report"];

/// Every problem the check found, as `(row, text)` (row 0: the whole file), in row order.
fn problem_lines(prepared: &Prepared) -> Vec<(usize, String)> {
    let mut lines: Vec<(usize, String)> = prepared
        .file_problems
        .iter()
        .map(|problem| (0, problem.to_string()))
        .collect();
    for (row, outcome) in &prepared.plan.settled {
        match outcome {
            RowOutcome::Invalid { problems } => lines.extend(
                problems
                    .iter()
                    .filter(|problem| !prepared.file_problems.contains(problem))
                    .map(|problem| (*row, problem.to_string())),
            ),
            RowOutcome::Blocked { reason } => lines.push((*row, format!("blocked: {reason}"))),
            RowOutcome::Duplicate { of_row } => {
                lines.push((*row, format!("duplicate of row {of_row}")));
            }
            _ => {}
        }
    }
    // The engine words its advice for the command line; here a column's field is chosen in the
    // columns step.
    for (_, text) in &mut lines {
        if let Some(at) = text.find("; map one with --map") {
            text.truncate(at);
            text.push_str("; choose a column for it in step 2 (Esc goes back)");
        }
    }
    lines
}

enum Step {
    File(FilePrompt),
    /// The file's earlier import did not finish: resume it or start over.
    Unfinished {
        file: PathBuf,
        started: jiff::Timestamp,
        sent_rows: usize,
        rows: usize,
        journal: PathBuf,
        reading: Option<RequestId>,
    },
    Columns {
        prepared: Box<Prepared>,
        cursor: ListCursor,
        /// The user's choices by column index (`None`: not imported).
        chosen: BTreeMap<usize, Option<Target>>,
        error: Option<String>,
        checking: Option<RequestId>,
        /// The pick list of the selected column, while open.
        picking: Option<FieldPicker>,
    },
    Check {
        prepared: Arc<Prepared>,
        problems: Vec<(usize, String)>,
        cursor: ListCursor,
        /// What the columns step chose (kept when going back to it).
        chosen: BTreeMap<usize, Option<Target>>,
    },
    Run {
        running: Box<Running>,
        prepared: Arc<Prepared>,
    },
    Report {
        prepared: Arc<Prepared>,
        result: Result<Box<Finished>, ImportProblem>,
        /// The rows that need attention, one line per problem.
        attention: Vec<AttentionRow>,
        cursor: ListCursor,
    },
}

/// One line of the report step's table: a row that needs attention and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AttentionRow {
    row: usize,
    /// The row's event, in an import into several events (`None`: one event, or not found).
    event: Option<String>,
    /// "Ann Archer <ann@example.org>", or what the row holds of it.
    who: String,
    /// The field or question the problem is about; empty when it is the whole row's.
    field: String,
    reason: String,
}

impl AttentionRow {
    /// The row with its event from `event_of_row` (row → event ID), for an import into several.
    pub(crate) fn in_event(self, event_of_row: &BTreeMap<usize, String>) -> AttentionRow {
        AttentionRow {
            event: event_of_row.get(&self.row).cloned(),
            ..self
        }
    }
}

/// The rows of a finished import that need attention, in row order: invalid ones (one line per
/// problem), blocked, failed and unknown ones. Rows merely not sent yet are counted apart (the
/// resume line), not listed: after a stop they would be most of the file.
pub(crate) fn attention_rows(prepared: &Prepared, finished: &Finished) -> Vec<AttentionRow> {
    attention_rows_of(&prepared.plan.rows, &finished.outcomes)
}

/// [`attention_rows`] from who each row is (`people`, in row order) and the rows' outcomes.
pub(crate) fn attention_rows_of(
    people: &[RowIdentity],
    outcomes: &BTreeMap<usize, RowOutcome>,
) -> Vec<AttentionRow> {
    let who = |row: usize| {
        people
            .binary_search_by_key(&row, |identity| identity.row)
            .ok()
            .and_then(|at| people.get(at))
            .map(|identity| {
                let name = format!("{} {}", identity.first_name, identity.last_name)
                    .trim()
                    .to_owned();
                match (name.is_empty(), identity.email.is_empty()) {
                    (true, _) => identity.email.clone(),
                    (false, true) => name,
                    (false, false) => format!("{name} <{}>", identity.email),
                }
            })
            .unwrap_or_default()
    };
    let mut lines = Vec::new();
    for (row, outcome) in outcomes {
        match outcome {
            RowOutcome::Invalid { problems } => {
                lines.extend(problems.iter().map(|problem| AttentionRow {
                    row: *row,
                    event: None,
                    who: who(*row),
                    field: match &problem.column {
                        Some(column) => format!("{} (column {column})", problem.field),
                        None => problem.field.clone(),
                    },
                    reason: problem.message.clone(),
                }));
            }
            RowOutcome::Blocked { .. } | RowOutcome::Failed { .. } | RowOutcome::Unknown { .. } => {
                lines.push(AttentionRow {
                    row: *row,
                    event: None,
                    who: who(*row),
                    field: String::new(),
                    reason: format!("{}: {}", outcome.label(), outcome.detail()),
                });
            }
            _ => {}
        }
    }
    lines
}

/// The sending step of an import (the wizard's, and copy to…'s, which runs through the same
/// engine): progress, and the stop question that pauses sending while it is open.
pub(crate) struct Running {
    /// Rows the plan sends (the gauge's total until the engine's first progress).
    to_send: usize,
    /// Rows the plan found registered already.
    settled_already: usize,
    pub(crate) request: RequestId,
    pub(crate) cancel: CancellationToken,
    /// On while the stop question is open: no new call starts.
    pub(crate) pause: PauseSwitch,
    progress: Option<Progress>,
    /// Rows this run found registered already (a lost answer reconciled by listing).
    already: usize,
    /// The stop question, while it is open.
    pub(crate) asking: Option<StopThen>,
    /// What happens once a stop the user confirmed has ended the run.
    pub(crate) stopping: Option<StopThen>,
    stopped: Option<String>,
    /// What runs: "import", "copy".
    noun: &'static str,
    /// How to finish it after a stop, for the stop question.
    resume: &'static str,
}

/// After stopping an import: show its report (Esc, `c`), or quit the app (`q`, Ctrl-C).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StopThen {
    Report,
    Quit,
}

impl Running {
    /// A run of `prepared` started under `request`; `noun` names it ("copy") and `resume` says
    /// how to finish it after a stop ("open this file again to resume").
    pub(crate) fn new(
        prepared: &Prepared,
        request: RequestId,
        noun: &'static str,
        resume: &'static str,
    ) -> Self {
        Running::for_plan(
            prepared.plan.summary.to_send,
            prepared.plan.summary.settled.already_registered,
            request,
            noun,
            resume,
        )
    }

    /// A run that sends `to_send` rows, `settled_already` of the file being registered already
    /// (an import into several events: their plans added up).
    pub(crate) fn for_plan(
        to_send: usize,
        settled_already: usize,
        request: RequestId,
        noun: &'static str,
        resume: &'static str,
    ) -> Self {
        Running {
            to_send,
            settled_already,
            request,
            cancel: CancellationToken::new(),
            pause: PauseSwitch::default(),
            progress: None,
            already: 0,
            asking: None,
            stopping: None,
            stopped: None,
            noun,
            resume,
        }
    }

    /// While rows are sent: Esc or `c` asks whether to stop, `q` or Ctrl-C whether to stop and
    /// quit. Sending pauses while the question is open; "no" resumes it. True when the user
    /// pressed Ctrl-C again while a stop is under way: quit at once (the journal keeps every
    /// send, and the next run settles the calls cut off).
    pub(crate) fn handle_key(&mut self, command: Command, force_quit: bool) -> bool {
        if self.cancel.is_cancelled() {
            return force_quit;
        }
        if let Some(then) = self.asking {
            match command {
                // Ctrl-C at the question means yes.
                Command::Confirm | Command::Quit => {
                    self.asking = None;
                    self.stopping = Some(if command == Command::Quit {
                        StopThen::Quit
                    } else {
                        then
                    });
                    self.cancel.cancel();
                }
                Command::Back => {
                    self.asking = None;
                    self.pause.resume();
                }
                _ => {}
            }
            return false;
        }
        let then = match command {
            Command::Back | Command::Cancel => StopThen::Report,
            Command::Quit => StopThen::Quit,
            _ => return false,
        };
        self.pause.pause();
        self.asking = Some(then);
        false
    }

    /// An event of the engine's run.
    pub(crate) fn on_event(&mut self, event: ImportEvent) {
        match event {
            ImportEvent::Progress(progress) => self.progress = Some(progress),
            ImportEvent::Row {
                outcome: RowOutcome::AlreadyRegistered { .. },
                ..
            } => self.already += 1,
            ImportEvent::Stopped { reason } => self.stopped = Some(reason),
            ImportEvent::Started { .. }
            | ImportEvent::Row { .. }
            | ImportEvent::Finished { .. } => {}
        }
    }
}

pub struct ImportWizard {
    event: EventRef,
    topic: String,
    /// The file of this import (kept from the file step).
    file: PathBuf,
    mode: StartMode,
    step: Step,
}

impl ImportWizard {
    pub fn new(event: EventRef, topic: String) -> Self {
        ImportWizard {
            event,
            topic,
            file: PathBuf::new(),
            mode: StartMode::Fresh,
            step: Step::File(FilePrompt::default()),
        }
    }

    fn number(&self) -> usize {
        match self.step {
            Step::File(_) | Step::Unfinished { .. } => 0,
            Step::Columns { .. } => 1,
            Step::Check { .. } => 2,
            Step::Run { .. } => 3,
            Step::Report { .. } => 4,
        }
    }

    /// Closes the wizard; the list below reloads if rows were sent ([`Screen::handback`]).
    fn close(&mut self) -> Action {
        Action::Back
    }

    fn prepare_effect(
        &mut self,
        ids: &mut RequestIds,
        overrides: Vec<String>,
    ) -> (RequestId, Effect) {
        let request = ids.next_id();
        let effect = Effect::PrepareImport {
            request,
            event: self.event,
            file: self.file.clone(),
            overrides,
            mode: self.mode,
        };
        (request, effect)
    }

    fn handle_file_key(
        &mut self,
        command: Option<Command>,
        key: &KeyEvent,
        ids: &mut RequestIds,
    ) -> Option<Action> {
        let Step::File(prompt) = &mut self.step else {
            return None;
        };
        match prompt.handle_key(
            command,
            key,
            ids,
            "Type the path of a CSV, TSV or semicolon file (Tab completes).",
        ) {
            FileKey::Back => Some(self.close()),
            FileKey::Run(effects) => Some(Action::Run(effects)),
            FileKey::Done => None,
            FileKey::Submit(file) => {
                self.file = file;
                self.mode = StartMode::Fresh;
                let (request, effect) = self.prepare_effect(ids, Vec::new());
                if let Step::File(prompt) = &mut self.step {
                    prompt.reading_started(request);
                }
                Some(Action::Run(vec![effect]))
            }
        }
    }

    /// A completion Tab asked for (see [`FilePrompt::on_completed`]).
    fn on_completed(
        &mut self,
        request: RequestId,
        completion: PathCompletion,
    ) -> Result<Option<Action>, Outcome> {
        let Step::File(prompt) = &mut self.step else {
            return Err(Outcome::PathCompleted(completion));
        };
        prompt
            .on_completed(request, completion)
            .map(|()| None)
            .map_err(Outcome::PathCompleted)
    }

    /// The columns step's pick list: open, it takes every key; closed, Tab or a letter bound to
    /// nothing opens it for the selected column (the letter typed). `None`: not a picker key.
    fn handle_picking_key(
        &mut self,
        key: &KeyEvent,
        command: Option<Command>,
    ) -> Option<Option<Action>> {
        let Step::Columns {
            prepared,
            cursor,
            chosen,
            error,
            checking: None,
            picking,
        } = &mut self.step
        else {
            return None;
        };
        pick_key(prepared, cursor, chosen, error, picking, key, command).then_some(None)
    }

    fn handle_columns_key(&mut self, command: Command, ids: &mut RequestIds) -> Option<Action> {
        let Step::Columns {
            prepared,
            cursor,
            chosen,
            error,
            checking,
            ..
        } = &mut self.step
        else {
            return None;
        };
        if checking.is_some() {
            return (command == Command::Back).then(|| self.close());
        }
        if cursor.apply(command, prepared.mapping.columns.len()) {
            return None;
        }
        match command {
            Command::Back => {
                self.step = file_step(&self.file);
                None
            }
            Command::NextChoice | Command::PrevChoice => {
                next_choice(prepared, cursor, chosen, error, command);
                None
            }
            Command::Confirm => {
                let Some(overrides) = chosen_overrides(prepared, chosen) else {
                    let step = std::mem::replace(&mut self.step, file_step(&self.file));
                    if let Step::Columns {
                        prepared, chosen, ..
                    } = step
                    {
                        self.step = check_step(Arc::from(prepared), chosen);
                    }
                    return None;
                };
                let (request, effect) = self.prepare_effect(ids, overrides);
                if let Step::Columns {
                    checking, error, ..
                } = &mut self.step
                {
                    *checking = Some(request);
                    *error = None;
                }
                Some(Action::Run(vec![effect]))
            }
            _ => None,
        }
    }

    fn handle_check_key(&mut self, command: Command, ids: &mut RequestIds) -> Option<Action> {
        let Step::Check {
            prepared,
            problems,
            cursor,
            ..
        } = &mut self.step
        else {
            return None;
        };
        if cursor.apply(command, problems.len()) {
            return None;
        }
        match command {
            Command::Back if prepared.resuming.is_some() => Some(self.close()),
            Command::Back => {
                let step = std::mem::replace(&mut self.step, file_step(&self.file));
                if let Step::Check {
                    prepared, chosen, ..
                } = step
                {
                    let prepared = Arc::try_unwrap(prepared)
                        .map(Box::new)
                        .unwrap_or_else(|shared| Box::new((*shared).clone()));
                    self.step = Step::Columns {
                        prepared,
                        cursor: ListCursor::default(),
                        chosen,
                        error: None,
                        checking: None,
                        picking: None,
                    };
                }
                None
            }
            Command::Confirm => {
                if prepared.plan.summary.to_send == 0 {
                    return Some(Action::Notify(Notice::info(
                        "Nobody to register: every row is settled (see the problems).",
                    )));
                }
                let request = ids.next_id();
                let running = Running::new(
                    prepared,
                    request,
                    "import",
                    "open this file again to resume",
                );
                let effect = Effect::RunImport {
                    request,
                    prepared: Arc::clone(prepared),
                    cancel: running.cancel.clone(),
                    pause: running.pause.clone(),
                };
                self.step = Step::Run {
                    running: Box::new(running),
                    prepared: Arc::clone(prepared),
                };
                Some(Action::Run(vec![effect]))
            }
            _ => None,
        }
    }

    /// While rows are sent ([`Running::handle_key`]); Ctrl-C during a stop quits at once.
    fn handle_run_key(&mut self, command: Command, force_quit: bool) -> Option<Action> {
        let Step::Run { running, prepared } = &mut self.step else {
            return None;
        };
        running
            .handle_key(command, force_quit)
            .then(|| Action::ImportEnded {
                journal: prepared.source.path.clone(),
                resume_hint: Some(cut_off_hint(prepared)),
                then_quit: true,
            })
    }

    /// The report step: ↑↓ scroll the rows that need attention, `y` copies the report's path,
    /// Enter, Esc or `q` close the wizard.
    fn handle_report_key(&mut self, command: Command) -> Option<Action> {
        let Step::Report {
            result,
            attention,
            cursor,
            ..
        } = &mut self.step
        else {
            return None;
        };
        if cursor.apply(command, attention.len()) {
            return None;
        }
        match command {
            Command::Copy => {
                let finished = result.as_ref().ok()?;
                Some(Action::Copy {
                    text: finished.report.display().to_string(),
                    what: "the report's path".to_owned(),
                })
            }
            Command::Confirm | Command::Back | Command::Quit => Some(self.close()),
            _ => None,
        }
    }

    /// The run ended: the report, and the app told whether the import is unfinished (and to quit
    /// when the user stopped it to quit).
    fn on_finished(
        &mut self,
        prepared: Arc<Prepared>,
        result: Result<Box<Finished>, ImportProblem>,
    ) -> Option<Action> {
        let then_quit = matches!(&self.step, Step::Run { running, .. } if running.stopping == Some(StopThen::Quit));
        let ended = result.as_ref().ok().map(|finished| Action::ImportEnded {
            journal: finished.journal.clone(),
            resume_hint: (!finished.complete).then(|| resume_hint(&prepared, finished)),
            then_quit,
        });
        let attention = result
            .as_ref()
            .map(|finished| attention_rows(&prepared, finished))
            .unwrap_or_default();
        self.step = Step::Report {
            prepared,
            result,
            attention,
            cursor: ListCursor::default(),
        };
        match ended {
            Some(action) => Some(action),
            None if then_quit => Some(Action::Quit),
            None => None,
        }
    }

    fn handle_unfinished_key(&mut self, command: Command, ids: &mut RequestIds) -> Option<Action> {
        let Step::Unfinished { reading, .. } = &self.step else {
            return None;
        };
        if reading.is_some() {
            return (command == Command::Back).then(|| self.close());
        }
        let mode = match command {
            Command::Back => {
                self.step = file_step(&self.file);
                return None;
            }
            Command::Confirm => StartMode::Resume,
            Command::Restart => StartMode::Restart,
            _ => return None,
        };
        self.mode = mode;
        let (request, effect) = self.prepare_effect(ids, Vec::new());
        if let Step::Unfinished { reading, .. } = &mut self.step {
            *reading = Some(request);
        }
        Some(Action::Run(vec![effect]))
    }

    /// A prepared import arrived: a resumed one goes straight to the check (its mapping is the
    /// journal's), a new one to the columns.
    fn prepared(&mut self, prepared: Box<Prepared>, chosen: BTreeMap<usize, Option<Target>>) {
        self.step = if prepared.resuming.is_some() || !chosen.is_empty() {
            check_step(Arc::from(prepared), chosen)
        } else {
            Step::Columns {
                prepared,
                cursor: ListCursor::default(),
                chosen,
                error: None,
                checking: None,
                picking: None,
            }
        };
    }

    fn on_prepared(&mut self, result: Result<Box<Prepared>, ImportProblem>) {
        let chosen = match &mut self.step {
            Step::Columns { chosen, .. } => std::mem::take(chosen),
            _ => BTreeMap::new(),
        };
        match result {
            Ok(prepared) => self.prepared(prepared, chosen),
            Err(ImportProblem::Unfinished {
                started,
                sent_rows,
                rows,
                journal,
            }) => {
                self.step = Step::Unfinished {
                    file: self.file.clone(),
                    started,
                    sent_rows,
                    rows,
                    journal,
                    reading: None,
                };
            }
            Err(problem @ ImportProblem::Mapping(_))
                if matches!(self.step, Step::Columns { .. }) =>
            {
                if let Step::Columns {
                    chosen: kept,
                    error,
                    checking,
                    ..
                } = &mut self.step
                {
                    *kept = chosen;
                    *error = Some(problem.describe());
                    *checking = None;
                }
            }
            Err(problem) => {
                self.step = Step::File(FilePrompt::failed(
                    &self.file.display().to_string(),
                    problem.describe(),
                ));
            }
        }
    }

    fn waits_for_prepare(&self, request: RequestId) -> bool {
        let pending = match &self.step {
            Step::File(FilePrompt { reading, .. }) | Step::Unfinished { reading, .. } => *reading,
            Step::Columns { checking, .. } => *checking,
            _ => None,
        };
        pending == Some(request)
    }

    fn on_event(&mut self, event: ImportEvent) {
        if let Step::Run { running, .. } = &mut self.step {
            running.on_event(event);
        }
    }
}

/// How to finish an import that stopped early: the wizard, or the command line.
fn resume_hint(prepared: &Prepared, finished: &Finished) -> String {
    let event = prepared.request.event;
    format!(
        "the import of {} into {event} stopped with {} of {} rows not done (report: {}). To finish it, open the same file in the import wizard (i on the {}'s registrants), or run: {}",
        prepared.source.path.display(),
        finished.counts.not_sent + finished.counts.unknown,
        prepared.plan.rows.len(),
        finished.report.display(),
        event.kind.noun(),
        resume_command(prepared)
    )
}

/// How to finish an import the user quit while it was stopping (its report is not written).
fn cut_off_hint(prepared: &Prepared) -> String {
    let event = prepared.request.event;
    format!(
        "the import of {} into {event} was cut off while it stopped; its journal keeps every send. To finish it, open the same file in the import wizard, or run: {}",
        prepared.source.path.display(),
        resume_command(prepared)
    )
}

/// `regdesk import ID FILE [--webinar] --resume`, the file quoted for a shell when it needs it.
fn resume_command(prepared: &Prepared) -> String {
    let event = prepared.request.event;
    format!(
        "regdesk import {} {}{} --resume",
        event.id,
        work::shell_quoted(&prepared.source.path),
        if event.kind == crate::zoom::EventKind::Webinar {
            " --webinar"
        } else {
            ""
        }
    )
}

fn file_step(file: &Path) -> Step {
    Step::File(FilePrompt::with_path(&file.display().to_string()))
}

fn check_step(prepared: Arc<Prepared>, chosen: BTreeMap<usize, Option<Target>>) -> Step {
    Step::Check {
        problems: problem_lines(&prepared),
        prepared,
        cursor: ListCursor::default(),
        chosen,
    }
}

impl Screen for ImportWizard {
    /// Once rows were sent (the run or report step), the registrants below are listed again.
    fn handback(&mut self, _now: jiff::Timestamp) -> Option<Handback> {
        matches!(self.step, Step::Run { .. } | Step::Report { .. })
            .then_some(Handback::Reload { event: self.event })
    }

    fn title(&self) -> String {
        format!("Import · {}", self.topic)
    }

    fn holds_quit(&self) -> bool {
        matches!(self.step, Step::Run { .. })
    }

    fn scopes(&self) -> &'static [Scope] {
        match &self.step {
            Step::Run { running, .. } if running.asking.is_some() => &[Scope::Dialog],
            Step::Run { .. } => &[Scope::ImportRun],
            _ => &[Scope::Import, Scope::List],
        }
    }

    fn start(&mut self, _ids: &mut RequestIds) -> Vec<Effect> {
        Vec::new()
    }

    fn is_typing(&self) -> bool {
        matches!(
            self.step,
            Step::File(_)
                | Step::Columns {
                    picking: Some(_),
                    ..
                }
        )
    }

    fn handle_paste(&mut self, text: &str) {
        if let Step::File(prompt) = &mut self.step {
            prompt.paste(text);
        }
    }

    fn handle_key(&mut self, key: &KeyEvent, ids: &mut RequestIds) -> Option<Action> {
        let command = keymap::command_for(self.scopes(), key);
        if matches!(self.step, Step::File(_)) {
            // Characters type into the path; only keys like Enter, Tab and Esc are commands.
            let command = command.filter(|_| !matches!(key.code, KeyCode::Char(_)));
            return self.handle_file_key(command, key, ids);
        }
        if let Some(action) = self.handle_picking_key(key, command) {
            return action;
        }
        let command = command?;
        match &self.step {
            Step::File(_) => None,
            Step::Unfinished { .. } => self.handle_unfinished_key(command, ids),
            Step::Columns { .. } => self.handle_columns_key(command, ids),
            Step::Check { .. } => self.handle_check_key(command, ids),
            // At the stop question, q is no answer; Ctrl-C is yes.
            Step::Run { running, .. }
                if running.asking.is_some()
                    && command == Command::Quit
                    && !keymap::is_force_quit(key) =>
            {
                None
            }
            Step::Run { .. } => self.handle_run_key(command, keymap::is_force_quit(key)),
            Step::Report { .. } => self.handle_report_key(command),
        }
    }

    fn accept(
        &mut self,
        request: RequestId,
        outcome: Outcome,
        _ids: &mut RequestIds,
    ) -> Result<Option<Action>, Outcome> {
        let running = match &self.step {
            Step::Run { running, prepared } if running.request == request => {
                Some(Arc::clone(prepared))
            }
            _ => None,
        };
        match (outcome, running) {
            (Outcome::PathCompleted(completion), None) => self.on_completed(request, completion),
            (Outcome::ImportPrepared(result), None) if self.waits_for_prepare(request) => {
                self.on_prepared(result);
                Ok(None)
            }
            (Outcome::ImportProgress(event), Some(_)) => {
                self.on_event(*event);
                Ok(None)
            }
            (Outcome::ImportFinished(result), Some(prepared)) => {
                Ok(self.on_finished(prepared, result))
            }
            (other, _) => Err(other),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let [bar, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        render_step_bar(frame, bar, ui, self.number());
        let noun = self.event.kind.noun();
        match &self.step {
            Step::File(FilePrompt {
                path,
                completions,
                error,
                reading,
                ..
            }) => {
                let reading = reading.map(|_| {
                    format!(
                        "Reading {} and asking Zoom about the {noun}…",
                        self.file.display()
                    )
                });
                render_file_step(
                    frame,
                    body,
                    ui,
                    &FileStepView {
                        path,
                        completions,
                        error: error.as_deref(),
                        reading: reading.as_deref(),
                    },
                );
            }
            Step::Unfinished {
                file,
                started,
                sent_rows,
                rows,
                journal,
                reading,
            } => {
                let mut lines = vec![
                    Line::styled(
                        format!(
                            "An import of {} into this {noun} did not finish.",
                            file.display()
                        ),
                        ui.theme.warn,
                    ),
                    Line::raw(format!(
                        "It started {} and sent {sent_rows} of {rows} rows. Its journal records every send, so resuming registers nobody twice.",
                        crate::tui::clock::full(*started, ui.zone)
                    )),
                    Line::styled(format!("Journal: {}", journal.display()), ui.theme.dim),
                    Line::raw(""),
                    Line::raw(
                        "Enter: resume it · s: start over (whom it registered counts as already registered) · Esc: another file",
                    ),
                ];
                if reading.is_some() {
                    lines.push(Line::raw(format!("{} Checking against Zoom…", ui.spinner)));
                }
                frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
            }
            Step::Columns {
                prepared,
                cursor,
                chosen,
                error,
                checking,
                picking,
            } => render_columns(
                frame,
                body,
                ui,
                &ColumnsView {
                    prepared,
                    cursor,
                    chosen,
                    error: error.as_deref(),
                    checking: checking.is_some(),
                    picking: picking.as_ref(),
                    against: prepared.request.event.kind.noun(),
                },
            ),
            Step::Check {
                prepared,
                problems,
                cursor,
                ..
            } => render_check(frame, body, ui, prepared, problems, cursor),
            Step::Run { running, .. } => render_run(frame, body, ui, running),
            Step::Report {
                prepared,
                result,
                attention,
                cursor,
            } => {
                let wording = ReportWording {
                    noun: "import",
                    resume: format!(
                        "open {} again (i) to resume; nobody is sent twice.",
                        prepared.source.path.display()
                    ),
                    copy_hint: "y: copy the report's path",
                    parts: Vec::new(),
                };
                let result = result.as_deref().map_err(ImportProblem::describe);
                render_report(
                    frame,
                    body,
                    ui,
                    &wording,
                    prepared.plan.rows.len(),
                    result,
                    attention,
                    cursor,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::App;
    use crate::tui::fixtures::{app_with, deliver, render};
    use crate::tui::message::Msg;
    use crate::tui::testing::key;

    fn wizard() -> App {
        let event = EventRef::meeting(81_234_567_890);
        let wizard = ImportWizard::new(event, "Practice".to_owned());
        app_with(Box::new(wizard), true).0
    }

    fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
        app.update(Msg::Input(crossterm::event::Event::Key(key(code))))
    }

    fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            press(app, KeyCode::Char(c));
        }
    }

    fn completion_asked(effects: &[Effect]) -> (RequestId, String) {
        match effects {
            [Effect::CompletePath { request, typed }] => (*request, typed.clone()),
            other => panic!("expected one path completion, got {other:?}"),
        }
    }

    /// Tab asks for the directory listing as work off the loop; the path changes when the
    /// answer comes back, and several candidates are listed.
    #[test]
    fn tab_completes_the_path_when_the_listing_comes_back() {
        let mut app = wizard();
        type_text(&mut app, "/data/pe");
        let (request, typed) = completion_asked(&press(&mut app, KeyCode::Tab));
        assert_eq!(typed, "/data/pe");
        assert!(render(&app, 100, 24).contains("/data/pe"));
        deliver(
            &mut app,
            request,
            Outcome::PathCompleted(PathCompletion {
                typed,
                completed: "/data/people-".to_owned(),
                candidates: vec!["people-a.csv".to_owned(), "people-b.csv".to_owned()],
            }),
        );
        let screen = render(&app, 100, 24);
        assert!(screen.contains("/data/people-"), "{screen}");
        assert!(screen.contains("people-b.csv"), "{screen}");
    }

    /// A listing that arrives after the user typed on would overwrite what they typed: dropped.
    #[test]
    fn a_completion_the_user_typed_past_is_dropped() {
        let mut app = wizard();
        type_text(&mut app, "/data/pe");
        let (request, typed) = completion_asked(&press(&mut app, KeyCode::Tab));
        type_text(&mut app, "x");
        deliver(
            &mut app,
            request,
            Outcome::PathCompleted(PathCompletion {
                typed,
                completed: "/data/people-".to_owned(),
                candidates: vec!["people-a.csv".to_owned(), "people-b.csv".to_owned()],
            }),
        );
        let screen = render(&app, 100, 24);
        assert!(screen.contains("/data/pex"), "{screen}");
        assert!(!screen.contains("people-"), "{screen}");
    }
}
