//! The import wizard opened without an event (`i` on the meetings list): one file whose event
//! column names each row's meeting or webinar, planned and run by `crate::import::multi` as
//! `regdesk import FILE` does. File → columns → check (one plan per event, and the rows whose event could
//! not be found) → run (all events under one client and rate-limit governor, paused and stopped
//! as the single-event wizard's run) → report (the one report, with its event column). Reopening
//! a file whose import was cut short offers to resume every event's journal. The columns are
//! mapped once for every event, as the CLI's `--map` maps them (the single-event wizard's columns
//! step, its pick list and rendering).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use super::columns::{chosen_overrides, next_choice, pick_key};
use super::file_prompt::{FileKey, FilePrompt};
use super::multi_render::{
    EventsProgress, PlanLine, plan_lines, render_multi_check, render_multi_run, render_unfinished,
};
use super::multi_work::{as_one_run, counts_per_event, people_of, resume_command};
use super::picker::FieldPicker;
use super::render::{
    ColumnsView, FileStepView, ReportWording, render_columns, render_file_step, render_report,
    render_step_bar,
};
use super::{AttentionRow, Running, StopThen, attention_rows_of};
use crate::import::job::{Finished, Prepared, SAMPLES_PER_COLUMN, StartMode};
use crate::import::mapping::Target;
use crate::import::multi::{MultiFinished, MultiPrepared};
use crate::tui::keymap::{self, Command, Scope};
use crate::tui::message::{Effect, ImportProblem, Outcome, PathCompletion, RequestId, RequestIds};
use crate::tui::screens::{Action, Handback, ListCursor, Notice, Screen, Ui};

enum MultiStep {
    File(FilePrompt),
    /// Some events' earlier import of this file did not finish: resume them or start over.
    Unfinished {
        prepared: Arc<MultiPrepared>,
        reading: Option<RequestId>,
    },
    /// The columns, mapped once for every event: shown as the first event's mapping, offering
    /// every event's questions (a question only some events have is left out for the others).
    Columns {
        prepared: Arc<MultiPrepared>,
        shown: Box<Prepared>,
        cursor: ListCursor,
        chosen: BTreeMap<usize, Option<Target>>,
        error: Option<String>,
        checking: Option<RequestId>,
        picking: Option<FieldPicker>,
    },
    Check {
        prepared: Arc<MultiPrepared>,
        lines: Vec<PlanLine>,
        cursor: ListCursor,
        /// What the columns step chose (kept when going back to it).
        chosen: BTreeMap<usize, Option<Target>>,
    },
    Run {
        running: Box<Running>,
        prepared: Arc<MultiPrepared>,
        progress: EventsProgress,
    },
    Report {
        prepared: Arc<MultiPrepared>,
        result: Result<Box<Finished>, String>,
        /// Each event's counts, one line each.
        per_event: Vec<String>,
        attention: Vec<AttentionRow>,
        cursor: ListCursor,
    },
}

/// The wizard for a file naming each row's event (see the module's documentation).
pub struct MultiImportWizard {
    file: PathBuf,
    mode: StartMode,
    step: MultiStep,
}

impl Default for MultiImportWizard {
    fn default() -> Self {
        Self::new()
    }
}

impl MultiImportWizard {
    pub fn new() -> Self {
        MultiImportWizard {
            file: PathBuf::new(),
            mode: StartMode::Fresh,
            step: file_step(""),
        }
    }

    fn number(&self) -> usize {
        match self.step {
            MultiStep::File(_) | MultiStep::Unfinished { .. } => 0,
            MultiStep::Columns { .. } => 1,
            MultiStep::Check { .. } => 2,
            MultiStep::Run { .. } => 3,
            MultiStep::Report { .. } => 4,
        }
    }

    fn prepare(&mut self, ids: &mut RequestIds, overrides: Vec<String>) -> (RequestId, Effect) {
        let request = ids.next_id();
        let effect = Effect::PrepareMultiImport {
            request,
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
        let MultiStep::File(prompt) = &mut self.step else {
            return None;
        };
        match prompt.handle_key(
            command,
            key,
            ids,
            "Type the path of a CSV, TSV or semicolon file whose event column names each row's meeting or webinar (Tab completes).",
        ) {
            FileKey::Back => Some(Action::Back),
            FileKey::Run(effects) => Some(Action::Run(effects)),
            FileKey::Done => None,
            FileKey::Submit(file) => {
                self.file = file;
                self.mode = StartMode::Fresh;
                let (request, effect) = self.prepare(ids, Vec::new());
                if let MultiStep::File(prompt) = &mut self.step {
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
        let MultiStep::File(prompt) = &mut self.step else {
            return Err(Outcome::PathCompleted(completion));
        };
        prompt
            .on_completed(request, completion)
            .map(|()| None)
            .map_err(Outcome::PathCompleted)
    }

    fn waits_for_prepare(&self, request: RequestId) -> bool {
        match &self.step {
            MultiStep::File(FilePrompt { reading, .. })
            | MultiStep::Unfinished { reading, .. }
            | MultiStep::Columns {
                checking: reading, ..
            } => *reading == Some(request),
            _ => false,
        }
    }

    /// The plans arrived: a fresh import that found unfinished journals asks first; a resumed
    /// one goes straight to the check (its mapping is the journals'), a new one to the columns
    /// (or, with the columns chosen, to the check).
    fn on_prepared(&mut self, result: Result<Box<MultiPrepared>, ImportProblem>) {
        let chosen = match &mut self.step {
            MultiStep::Columns { chosen, .. } => std::mem::take(chosen),
            _ => BTreeMap::new(),
        };
        match result {
            Ok(prepared) => {
                let prepared: Arc<MultiPrepared> = Arc::from(prepared);
                let resuming = prepared.events.iter().any(|event| event.resuming.is_some());
                self.step = if resuming && self.mode == StartMode::Fresh {
                    MultiStep::Unfinished {
                        prepared,
                        reading: None,
                    }
                } else if resuming || !chosen.is_empty() {
                    check_step(prepared, chosen)
                } else {
                    columns_step(prepared, chosen)
                };
            }
            Err(problem @ ImportProblem::Mapping(_))
                if matches!(self.step, MultiStep::Columns { .. }) =>
            {
                if let MultiStep::Columns {
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
                self.step = MultiStep::File(FilePrompt::failed(
                    &self.file.display().to_string(),
                    problem.describe(),
                ));
            }
        }
    }

    /// The columns step: the pick list, ↑↓, ← →; Enter checks every event again when a choice
    /// changed the mapping (else the plan stands).
    fn handle_columns_key(
        &mut self,
        key: &KeyEvent,
        command: Option<Command>,
        ids: &mut RequestIds,
    ) -> Option<Action> {
        let MultiStep::Columns {
            prepared,
            shown,
            cursor,
            chosen,
            error,
            checking,
            picking,
        } = &mut self.step
        else {
            return None;
        };
        if checking.is_some() {
            return (command == Some(Command::Back)).then_some(Action::Back);
        }
        if pick_key(shown, cursor, chosen, error, picking, key, command) {
            return None;
        }
        let command = command?;
        if cursor.apply(command, shown.mapping.columns.len()) {
            return None;
        }
        match command {
            Command::Back => {
                self.step = file_step(&self.file.display().to_string());
                None
            }
            Command::NextChoice | Command::PrevChoice => {
                next_choice(shown, cursor, chosen, error, command);
                None
            }
            Command::Confirm => match chosen_overrides(shown, chosen) {
                None => {
                    self.step = check_step(Arc::clone(prepared), std::mem::take(chosen));
                    None
                }
                Some(overrides) => {
                    let (request, effect) = self.prepare(ids, overrides);
                    if let MultiStep::Columns {
                        checking, error, ..
                    } = &mut self.step
                    {
                        *checking = Some(request);
                        *error = None;
                    }
                    Some(Action::Run(vec![effect]))
                }
            },
            _ => None,
        }
    }

    fn handle_unfinished_key(&mut self, command: Command, ids: &mut RequestIds) -> Option<Action> {
        let MultiStep::Unfinished { prepared, reading } = &mut self.step else {
            return None;
        };
        if reading.is_some() {
            return (command == Command::Back).then_some(Action::Back);
        }
        match command {
            Command::Back => {
                self.step = file_step(&self.file.display().to_string());
                None
            }
            Command::Confirm => {
                self.mode = StartMode::Resume;
                self.step = check_step(Arc::clone(prepared), BTreeMap::new());
                None
            }
            Command::Restart => {
                self.mode = StartMode::Restart;
                let (request, effect) = self.prepare(ids, Vec::new());
                if let MultiStep::Unfinished { reading, .. } = &mut self.step {
                    *reading = Some(request);
                }
                Some(Action::Run(vec![effect]))
            }
            _ => None,
        }
    }

    fn handle_check_key(&mut self, command: Command, ids: &mut RequestIds) -> Option<Action> {
        let MultiStep::Check {
            prepared,
            lines,
            cursor,
            chosen,
        } = &mut self.step
        else {
            return None;
        };
        if cursor.apply(command, lines.len()) {
            return None;
        }
        match command {
            // A resumed import keeps its journals' columns: back is another file.
            Command::Back if prepared.events.iter().any(|event| event.resuming.is_some()) => {
                self.step = file_step(&self.file.display().to_string());
                None
            }
            Command::Back => {
                self.step = columns_step(Arc::clone(prepared), std::mem::take(chosen));
                None
            }
            Command::Confirm => {
                let summary = &prepared.summary;
                let resuming = prepared.events.iter().any(|event| event.resuming.is_some());
                if summary.to_send == 0 && !resuming {
                    return Some(Action::Notify(Notice::info(
                        "Nobody to register: every row is settled (see the problems).",
                    )));
                }
                let request = ids.next_id();
                let running = Running::for_plan(
                    summary.to_send,
                    summary.settled.already_registered,
                    request,
                    "import",
                    "open this file again from the meetings list to resume",
                );
                let effect = Effect::RunMultiImport {
                    request,
                    prepared: Arc::clone(prepared),
                    cancel: running.cancel.clone(),
                    pause: running.pause.clone(),
                };
                self.step = MultiStep::Run {
                    progress: EventsProgress::new(prepared),
                    running: Box::new(running),
                    prepared: Arc::clone(prepared),
                };
                Some(Action::Run(vec![effect]))
            }
            _ => None,
        }
    }

    fn handle_run_key(&mut self, command: Command, force_quit: bool) -> Option<Action> {
        let MultiStep::Run {
            running, prepared, ..
        } = &mut self.step
        else {
            return None;
        };
        running
            .handle_key(command, force_quit)
            .then(|| Action::ImportEnded {
                journal: prepared.path.clone(),
                resume_hint: Some(format!(
                    "the import of {} into {} events was cut off while it stopped; its journals keep every send. To finish it, open the same file in the import wizard (i on the meetings list), or run: {}",
                    prepared.path.display(),
                    prepared.events.len(),
                    resume_command(prepared)
                )),
                then_quit: true,
            })
    }

    fn handle_report_key(&mut self, command: Command) -> Option<Action> {
        let MultiStep::Report {
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
            Command::Confirm | Command::Back | Command::Quit => Some(Action::Back),
            _ => None,
        }
    }

    /// The run ended: the report, and the app told whether the import is unfinished.
    fn on_finished(
        &mut self,
        prepared: Arc<MultiPrepared>,
        result: Result<Box<MultiFinished>, ImportProblem>,
    ) -> Option<Action> {
        let then_quit = matches!(&self.step, MultiStep::Run { running, .. } if running.stopping == Some(StopThen::Quit));
        let per_event = result
            .as_ref()
            .map(|finished| counts_per_event(&prepared, finished))
            .unwrap_or_default();
        let event_of_row: BTreeMap<usize, String> = result
            .as_ref()
            .map(|finished| {
                finished
                    .outcomes
                    .iter()
                    .filter_map(|(row, (event, _))| Some((*row, event.as_ref()?.id.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        let result = result
            .map(|finished| Box::new(as_one_run(&prepared, &finished)))
            .map_err(|problem| problem.describe());
        let ended = result.as_ref().ok().map(|finished| Action::ImportEnded {
            journal: prepared.path.clone(),
            resume_hint: (!finished.complete).then(|| {
                format!(
                    "the import of {} into {} events stopped with {} of {} rows not done (report: {}). To finish it, open the same file in the import wizard (i on the meetings list), or run: {}",
                    prepared.path.display(),
                    prepared.events.len(),
                    finished.counts.not_sent + finished.counts.unknown,
                    prepared.rows,
                    finished.report.display(),
                    resume_command(&prepared)
                )
            }),
            then_quit,
        });
        let attention = result
            .as_ref()
            .map(|finished| attention_rows_of(&people_of(&prepared), &finished.outcomes))
            .unwrap_or_default()
            .into_iter()
            .map(|row| row.in_event(&event_of_row))
            .collect();
        self.step = MultiStep::Report {
            prepared,
            result,
            per_event,
            attention,
            cursor: ListCursor::default(),
        };
        match ended {
            Some(action) => Some(action),
            None if then_quit => Some(Action::Quit),
            None => None,
        }
    }
}

fn file_step(typed: &str) -> MultiStep {
    MultiStep::File(FilePrompt::with_path(typed))
}

fn check_step(prepared: Arc<MultiPrepared>, chosen: BTreeMap<usize, Option<Target>>) -> MultiStep {
    MultiStep::Check {
        lines: plan_lines(&prepared),
        prepared,
        cursor: ListCursor::default(),
        chosen,
    }
}

fn columns_step(
    prepared: Arc<MultiPrepared>,
    chosen: BTreeMap<usize, Option<Target>>,
) -> MultiStep {
    // No row's event was found: nothing to map, the check says why.
    let Some(shown) = columns_for_every_event(&prepared) else {
        return check_step(prepared, chosen);
    };
    MultiStep::Columns {
        shown: Box::new(shown),
        prepared,
        cursor: ListCursor::default(),
        chosen,
        error: None,
        checking: None,
        picking: None,
    }
}

/// The columns as the step shows them for every event: the first event's plan, its form
/// offering every event's questions, and a column another event maps to one of its questions
/// shown with that question.
fn columns_for_every_event(prepared: &MultiPrepared) -> Option<Prepared> {
    let mut events = prepared.events.iter();
    let mut shown = events.next()?.clone();
    // The whole file's rows, and samples of every event's values.
    shown.source.rows = prepared.rows;
    for event in events {
        for (kept, more) in shown.source.samples.iter_mut().zip(&event.source.samples) {
            for value in more {
                if kept.len() < SAMPLES_PER_COLUMN && !kept.contains(value) {
                    kept.push(value.clone());
                }
            }
        }
        for question in &event.form.questions {
            if shown.form.question(&question.title).is_none() {
                shown.form.questions.push(question.clone());
            }
        }
        for column in &event.mapping.columns {
            if let Some(Target::Question(_)) = &column.target
                && let Some(slot) = shown
                    .mapping
                    .columns
                    .iter_mut()
                    .find(|known| known.index == column.index && known.target.is_none())
            {
                *slot = column.clone();
            }
        }
    }
    Some(shown)
}

impl Screen for MultiImportWizard {
    /// Once rows were sent (the run or report step), the events' counts are taken again.
    fn handback(&mut self, _now: jiff::Timestamp) -> Option<Handback> {
        match &self.step {
            MultiStep::Run { prepared, .. } | MultiStep::Report { prepared, .. } => {
                Some(Handback::ReloadMany {
                    events: prepared
                        .events
                        .iter()
                        .map(|event| event.request.event)
                        .collect(),
                })
            }
            _ => None,
        }
    }

    fn title(&self) -> String {
        "Import into several events".to_owned()
    }

    fn holds_quit(&self) -> bool {
        matches!(self.step, MultiStep::Run { .. })
    }

    fn scopes(&self) -> &'static [Scope] {
        match &self.step {
            MultiStep::Run { running, .. } if running.asking.is_some() => &[Scope::Dialog],
            MultiStep::Run { .. } => &[Scope::ImportRun],
            _ => &[Scope::Import, Scope::List],
        }
    }

    fn start(&mut self, _ids: &mut RequestIds) -> Vec<Effect> {
        Vec::new()
    }

    fn is_typing(&self) -> bool {
        matches!(
            self.step,
            MultiStep::File(_)
                | MultiStep::Columns {
                    picking: Some(_),
                    ..
                }
        )
    }

    fn handle_paste(&mut self, text: &str) {
        if let MultiStep::File(prompt) = &mut self.step {
            prompt.paste(text);
        }
    }

    fn handle_key(&mut self, key: &KeyEvent, ids: &mut RequestIds) -> Option<Action> {
        let command = keymap::command_for(self.scopes(), key);
        if matches!(self.step, MultiStep::File(_)) {
            // Characters type into the path; only keys like Enter, Tab and Esc are commands.
            let command = command.filter(|_| !matches!(key.code, KeyCode::Char(_)));
            return self.handle_file_key(command, key, ids);
        }
        if matches!(self.step, MultiStep::Columns { .. }) {
            return self.handle_columns_key(key, command, ids);
        }
        let command = command?;
        match &self.step {
            MultiStep::File(_) | MultiStep::Columns { .. } => None,
            MultiStep::Unfinished { .. } => self.handle_unfinished_key(command, ids),
            MultiStep::Check { .. } => self.handle_check_key(command, ids),
            // At the stop question, q is no answer; Ctrl-C is yes.
            MultiStep::Run { running, .. }
                if running.asking.is_some()
                    && command == Command::Quit
                    && !keymap::is_force_quit(key) =>
            {
                None
            }
            MultiStep::Run { .. } => self.handle_run_key(command, keymap::is_force_quit(key)),
            MultiStep::Report { .. } => self.handle_report_key(command),
        }
    }

    fn accept(
        &mut self,
        request: RequestId,
        outcome: Outcome,
        _ids: &mut RequestIds,
    ) -> Result<Option<Action>, Outcome> {
        let running = match &self.step {
            MultiStep::Run {
                running, prepared, ..
            } if running.request == request => Some(Arc::clone(prepared)),
            _ => None,
        };
        match (outcome, running) {
            (Outcome::PathCompleted(completion), None) => self.on_completed(request, completion),
            (Outcome::MultiImportPrepared(result), None) if self.waits_for_prepare(request) => {
                self.on_prepared(result);
                Ok(None)
            }
            (Outcome::ImportProgress(event), Some(_)) => {
                if let MultiStep::Run {
                    running, progress, ..
                } = &mut self.step
                {
                    progress.observe(&event);
                    running.on_event(*event);
                }
                Ok(None)
            }
            (Outcome::MultiImportFinished(result), Some(prepared)) => {
                Ok(self.on_finished(prepared, result))
            }
            (other, _) => Err(other),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let [bar, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        render_step_bar(frame, bar, ui, self.number());
        match &self.step {
            MultiStep::File(FilePrompt {
                path,
                completions,
                error,
                reading,
                ..
            }) => {
                let reading = reading.map(|_| {
                    format!(
                        "Reading {} and asking Zoom about the meetings and webinars it names…",
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
            MultiStep::Unfinished { prepared, reading } => {
                render_unfinished(frame, body, ui, prepared, reading.is_some());
            }
            MultiStep::Columns {
                shown,
                cursor,
                chosen,
                error,
                checking,
                picking,
                ..
            } => render_columns(
                frame,
                body,
                ui,
                &ColumnsView {
                    prepared: shown,
                    cursor,
                    chosen,
                    error: error.as_deref(),
                    checking: checking.is_some(),
                    picking: picking.as_ref(),
                    against: "meetings and webinars",
                },
            ),
            MultiStep::Check {
                prepared,
                lines,
                cursor,
                ..
            } => render_multi_check(frame, body, ui, prepared, lines, cursor),
            MultiStep::Run {
                running,
                prepared,
                progress,
            } => render_multi_run(frame, body, ui, running, prepared, progress),
            MultiStep::Report {
                prepared,
                result,
                per_event,
                attention,
                cursor,
            } => {
                let wording = ReportWording {
                    noun: "import",
                    resume: format!(
                        "open {} again (i on the meetings list) to resume; nobody is sent twice.",
                        prepared.path.display()
                    ),
                    copy_hint: "y: copy the report's path",
                    parts: per_event.clone(),
                };
                let result = result.as_deref().map_err(String::clone);
                render_report(
                    frame,
                    body,
                    ui,
                    &wording,
                    prepared.rows,
                    result,
                    attention,
                    cursor,
                );
            }
        }
    }
}
