//! Copy to… (`c` on the registrants screen, on the selection or the current row; `c` in the
//! attendance view, on the no-shows): pick the target meeting or webinar, answer once each of its
//! required questions the source cannot, see the dry run's counts and choose copy or move, then
//! the copy runs through the import engine (`crate::import::copy`, as `regdesk copy` does) with
//! the import wizard's progress, stop question and report. A move then cancels (approved) or
//! denies (pending), or deletes, in the source only those the target accepted.
//!
//! A state machine over [`Step`]; listing, planning and sending happen in the effect runner.

mod picker;

use std::collections::BTreeSet;
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

pub use self::picker::{EventPicker, Picked, PickerKey};
use super::import_wizard::{
    AttentionRow, ReportWording, Running, StopThen, attention_rows, render_report, render_run,
};
use super::{Action, Handback, ListCursor, Notice, Screen, TextField, Ui};
use crate::import::copy::{
    CopyError, CopyFinished, Gathered, MissingAnswer, MoveAction, PreparedCopy,
};
use crate::import::job::StartMode;
use crate::tui::drawn_text::safe;
use crate::tui::keymap::{self, Command, Scope};
use crate::tui::message::{CopyToEvent, Effect, Outcome, RequestId, RequestIds};
use crate::zoom::{EventKind, EventRef, ListStatus};

/// What happens in the source after the copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    Copy,
    MoveCancel,
    MoveDelete,
}

impl Choice {
    const ALL: [Choice; 3] = [Choice::Copy, Choice::MoveCancel, Choice::MoveDelete];

    fn move_action(self) -> Option<MoveAction> {
        match self {
            Choice::Copy => None,
            Choice::MoveCancel => Some(MoveAction::Cancel),
            Choice::MoveDelete => Some(MoveAction::Delete),
        }
    }

    fn label(self) -> &'static str {
        match self {
            Choice::Copy => "copy (the source stays as it is)",
            Choice::MoveCancel => {
                "move: then cancel (approved) or deny (pending) in the source those the target accepted"
            }
            Choice::MoveDelete => "move: then delete from the source those the target accepted",
        }
    }
}

enum Step {
    Pick,
    /// Listing the source's people and reading the target's questions.
    Gathering {
        to: Picked,
        request: RequestId,
    },
    /// An earlier copy from the source into this target did not finish.
    Unfinished {
        to: Picked,
        message: String,
        request: Option<RequestId>,
    },
    /// One required answer at a time (`at` of `missing`).
    Questions {
        to: Picked,
        gathered: Box<Gathered>,
        missing: Vec<MissingAnswer>,
        at: usize,
        field: TextField,
        error: Option<String>,
    },
    Preparing {
        to: Picked,
        request: RequestId,
    },
    Confirm {
        to: Picked,
        copy: Arc<PreparedCopy>,
        choice: Choice,
    },
    Run {
        to: Picked,
        copy: Arc<PreparedCopy>,
        running: Box<Running>,
    },
    Report {
        to: Picked,
        copy: Arc<PreparedCopy>,
        result: Result<Box<CopyFinished>, String>,
        attention: Vec<AttentionRow>,
        cursor: ListCursor,
    },
    /// Listing, planning or the copy's start failed.
    Failed {
        to: Picked,
        message: String,
    },
}

pub struct CopyToScreen {
    from: EventRef,
    from_topic: String,
    /// The source's occurrence the people were picked in, with when it is in words.
    occurrence: Option<(String, String)>,
    /// Whom, in words: "3 selected people", "12 no-shows".
    who: String,
    /// Their emails, lower case.
    people: BTreeSet<String>,
    /// The statuses they have in the source (what the copy lists).
    statuses: Vec<ListStatus>,
    picker: EventPicker,
    step: Step,
}

impl CopyToScreen {
    /// Copies `people` (emails) of `from`, who have `statuses` there; `who` names them.
    pub fn new(
        from: EventRef,
        from_topic: String,
        who: String,
        people: impl IntoIterator<Item = String>,
        statuses: Vec<ListStatus>,
    ) -> Self {
        CopyToScreen {
            from,
            from_topic,
            occurrence: None,
            who,
            people: people
                .into_iter()
                .map(|email| email.trim().to_lowercase())
                .collect(),
            statuses,
            picker: EventPicker::new(from),
            step: Step::Pick,
        }
    }

    /// The people were picked in this occurrence of the source (`when` in words): the copy
    /// lists them there, and a move cancels or deletes them there only.
    pub fn in_occurrence(mut self, id: String, when: String) -> Self {
        self.occurrence = Some((id, when));
        self
    }

    fn gather(&mut self, to: Picked, mode: StartMode, ids: &mut RequestIds) -> Action {
        let request = ids.next_id();
        let effect = Effect::GatherCopy {
            request,
            copy: CopyToEvent {
                from: self.from,
                occurrence: self.occurrence.as_ref().map(|(id, _)| id.clone()),
                to: to.event,
                statuses: self.statuses.clone(),
                only: self.people.clone(),
                mode,
            },
        };
        self.step = match mode {
            StartMode::Fresh => Step::Gathering { to, request },
            _ => match std::mem::replace(&mut self.step, Step::Pick) {
                Step::Unfinished { to, message, .. } => Step::Unfinished {
                    to,
                    message,
                    request: Some(request),
                },
                _ => Step::Gathering { to, request },
            },
        };
        Action::Run(vec![effect])
    }

    /// The answers are complete: plan the copy (its dry run).
    fn prepare(&mut self, to: Picked, gathered: Box<Gathered>, ids: &mut RequestIds) -> Action {
        let request = ids.next_id();
        self.step = Step::Preparing { to, request };
        Action::Run(vec![Effect::PrepareCopy { request, gathered }])
    }

    fn on_gathered(
        &mut self,
        result: Result<Box<Gathered>, CopyError>,
        ids: &mut RequestIds,
    ) -> Option<Action> {
        let to = match std::mem::replace(&mut self.step, Step::Pick) {
            Step::Gathering { to, .. } | Step::Unfinished { to, .. } => to,
            other => {
                self.step = other;
                return None;
            }
        };
        let gathered = match result {
            Ok(gathered) => gathered,
            Err(CopyError::Unfinished(message)) => {
                self.step = Step::Unfinished {
                    to,
                    message,
                    request: None,
                };
                return None;
            }
            Err(error) => {
                self.step = Step::Failed {
                    to,
                    message: describe(&error),
                };
                return None;
            }
        };
        match gathered.missing_answers() {
            Ok(missing) => {
                let Some(first) = missing.first() else {
                    return Some(self.prepare(to, gathered, ids));
                };
                let field = default_field(first);
                self.step = Step::Questions {
                    to,
                    gathered,
                    missing,
                    at: 0,
                    field,
                    error: None,
                };
                None
            }
            Err(error) => {
                self.step = Step::Failed {
                    to,
                    message: describe(&error),
                };
                None
            }
        }
    }

    fn on_prepared(&mut self, result: Result<Box<PreparedCopy>, CopyError>) {
        let to = match std::mem::replace(&mut self.step, Step::Pick) {
            Step::Preparing { to, .. } => to,
            other => {
                self.step = other;
                return;
            }
        };
        self.step = match result {
            Ok(copy) => Step::Confirm {
                to,
                copy: Arc::from(copy),
                choice: Choice::Copy,
            },
            Err(error) => Step::Failed {
                to,
                message: describe(&error),
            },
        };
    }

    fn on_finished(&mut self, result: Result<Box<CopyFinished>, CopyError>) -> Option<Action> {
        let (to, copy, running) = match std::mem::replace(&mut self.step, Step::Pick) {
            Step::Run { to, copy, running } => (to, copy, running),
            other => {
                self.step = other;
                return None;
            }
        };
        let then_quit = running.stopping == Some(StopThen::Quit);
        let result = result.map_err(|error| describe(&error));
        let ended = result.as_ref().ok().map(|done| Action::ImportEnded {
            journal: done.finished.journal.clone(),
            resume_hint: (!done.finished.complete).then(|| resume_hint(&copy, &to)),
            then_quit,
        });
        let attention = result
            .as_ref()
            .map(|done| attention_rows(&copy.prepared, &done.finished))
            .unwrap_or_default();
        self.step = Step::Report {
            to,
            copy,
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

    fn handle_questions_key(
        &mut self,
        key: &KeyEvent,
        command: Option<Command>,
        ids: &mut RequestIds,
    ) -> Option<Action> {
        let Step::Questions {
            gathered,
            missing,
            at,
            field,
            error,
            ..
        } = &mut self.step
        else {
            return None;
        };
        match command {
            Some(Command::Back) => {
                self.step = Step::Pick;
                None
            }
            Some(Command::Confirm) => {
                let value = field.value().trim().to_owned();
                if value.is_empty() {
                    *error = Some("An answer is needed: it is what everyone without one gets (Esc: back to the events).".to_owned());
                    return None;
                }
                let asked = missing.get(*at)?;
                gathered.answer(asked, value);
                *at += 1;
                if let Some(next) = missing.get(*at) {
                    *field = default_field(next);
                    *error = None;
                    return None;
                }
                match std::mem::replace(&mut self.step, Step::Pick) {
                    Step::Questions { to, gathered, .. } => Some(self.prepare(to, gathered, ids)),
                    _ => None,
                }
            }
            _ => {
                if field.handle_key(key) {
                    *error = None;
                }
                None
            }
        }
    }

    fn handle_step_key(
        &mut self,
        command: Command,
        force_quit: bool,
        ids: &mut RequestIds,
    ) -> Option<Action> {
        match &mut self.step {
            Step::Pick | Step::Questions { .. } => None,
            Step::Gathering { .. } | Step::Preparing { .. } => {
                (command == Command::Back).then_some(Action::Back)
            }
            Step::Unfinished { to, request, .. } => {
                if request.is_some() {
                    return (command == Command::Back).then_some(Action::Back);
                }
                let to = to.clone();
                match command {
                    Command::Confirm => Some(self.gather(to, StartMode::Resume, ids)),
                    Command::Restart => Some(self.gather(to, StartMode::Restart, ids)),
                    Command::Back => {
                        self.step = Step::Pick;
                        None
                    }
                    _ => None,
                }
            }
            Step::Failed { .. } => {
                matches!(command, Command::Back | Command::Confirm).then(|| {
                    self.step = Step::Pick;
                })?;
                None
            }
            Step::Confirm { to, copy, choice } => match command {
                Command::NextChoice | Command::PrevChoice => {
                    let at = Choice::ALL
                        .iter()
                        .position(|each| each == choice)
                        .unwrap_or(0);
                    let next = if command == Command::NextChoice {
                        (at + 1) % Choice::ALL.len()
                    } else {
                        (at + Choice::ALL.len() - 1) % Choice::ALL.len()
                    };
                    *choice = Choice::ALL[next];
                    None
                }
                Command::Back => {
                    self.step = Step::Pick;
                    None
                }
                Command::Confirm => {
                    let summary = &copy.prepared.plan.summary;
                    if summary.to_send == 0 && *choice == Choice::Copy {
                        return Some(Action::Notify(Notice::info(
                            "Nobody to register: everyone is settled (already registered, or cannot be).",
                        )));
                    }
                    let mut planned = (**copy).clone();
                    planned.request.move_action = choice.move_action();
                    let planned = Arc::new(planned);
                    let request = ids.next_id();
                    let running = Running::new(
                        &planned.prepared,
                        request,
                        "copy",
                        "copy to the same event again (c) to resume",
                    );
                    let effect = Effect::RunCopy {
                        request,
                        copy: Arc::clone(&planned),
                        cancel: running.cancel.clone(),
                        pause: running.pause.clone(),
                    };
                    let to = to.clone();
                    self.step = Step::Run {
                        to,
                        copy: planned,
                        running: Box::new(running),
                    };
                    Some(Action::Run(vec![effect]))
                }
                _ => None,
            },
            Step::Run { copy, running, to } => {
                let quit_now = running.handle_key(command, force_quit);
                quit_now.then(|| Action::ImportEnded {
                    journal: copy.prepared.source.path.clone(),
                    resume_hint: Some(resume_hint(copy, to)),
                    then_quit: true,
                })
            }
            Step::Report {
                result,
                attention,
                cursor,
                ..
            } => {
                if cursor.apply(command, attention.len()) {
                    return None;
                }
                match command {
                    Command::Copy => {
                        let done = result.as_ref().ok()?;
                        Some(Action::Copy {
                            text: done.finished.report.display().to_string(),
                            what: "the report's path".to_owned(),
                        })
                    }
                    Command::Confirm | Command::Back | Command::Quit => Some(Action::Back),
                    _ => None,
                }
            }
        }
    }
}

/// The text field of a required answer: its first choice, if it is a choice.
fn default_field(missing: &MissingAnswer) -> TextField {
    TextField::with_value(missing.choices.first().map_or("", String::as_str))
}

/// A copy's error in words for the screen: Zoom's as their diagnosis (what, why, fix).
fn describe(error: &CopyError) -> String {
    match error {
        CopyError::Zoom(zoom) | CopyError::Import(crate::import::job::ImportError::Zoom(zoom)) => {
            zoom.diagnosis().to_string()
        }
        other => other.to_string(),
    }
}

/// How to finish a copy that stopped early: here, or on the command line.
fn resume_hint(copy: &PreparedCopy, to: &Picked) -> String {
    let request = &copy.request;
    let webinar = |event: EventRef, flag: &str| {
        if event.kind == EventKind::Webinar {
            format!(" {flag}")
        } else {
            String::new()
        }
    };
    format!(
        "the copy from {} into {} \"{}\" stopped before it finished. To finish it, copy to the same event again (c on the registrants), or run: regdesk copy {} {}{}{}{}{} --resume",
        request.from,
        request.to,
        to.topic,
        request.from.id,
        request.to.id,
        webinar(request.from, "--from-webinar"),
        webinar(request.to, "--to-webinar"),
        request
            .occurrence
            .as_deref()
            .map(|occurrence| {
                format!(
                    " --occurrence {}",
                    super::import_wizard::shell_word(occurrence)
                )
            })
            .unwrap_or_default(),
        match request.move_action {
            Some(MoveAction::Cancel) => " --move cancel",
            Some(MoveAction::Delete) => " --move delete",
            None => "",
        }
    )
}

impl Screen for CopyToScreen {
    fn title(&self) -> String {
        format!("Copy to… · {}", self.from_topic)
    }

    fn scopes(&self) -> &'static [Scope] {
        match &self.step {
            Step::Run { running, .. } if running.asking.is_some() => &[Scope::Dialog],
            Step::Run { .. } => &[Scope::ImportRun],
            _ => &[Scope::CopyTo, Scope::List],
        }
    }

    fn start(&mut self, ids: &mut RequestIds) -> Vec<Effect> {
        match self.step {
            Step::Pick => self.picker.start(ids),
            _ => Vec::new(),
        }
    }

    fn is_typing(&self) -> bool {
        matches!(self.step, Step::Pick | Step::Questions { .. })
    }

    fn holds_quit(&self) -> bool {
        matches!(self.step, Step::Run { .. })
    }

    fn offers(&self, command: Command) -> bool {
        match command {
            Command::NextChoice | Command::PrevChoice => matches!(self.step, Step::Confirm { .. }),
            Command::Restart => matches!(self.step, Step::Unfinished { request: None, .. }),
            Command::Copy => matches!(self.step, Step::Report { .. }),
            _ => true,
        }
    }

    fn handback(&mut self, _now: jiff::Timestamp) -> Option<Handback> {
        let moved = match &self.step {
            Step::Run { copy, .. } | Step::Report { copy, .. } => {
                copy.request.move_action.is_some()
            }
            _ => false,
        };
        moved.then_some(Handback::Reload { event: self.from })
    }

    fn handle_paste(&mut self, text: &str) {
        match &mut self.step {
            Step::Pick => self.picker.paste(text),
            Step::Questions { field, .. } => field.paste(text),
            _ => {}
        }
    }

    fn handle_key(&mut self, key: &KeyEvent, ids: &mut RequestIds) -> Option<Action> {
        let command = keymap::command_for(self.scopes(), key);
        match &self.step {
            Step::Pick | Step::Questions { .. } => {
                // Characters type; only keys like Enter, Esc and the arrows are commands.
                let command = command.filter(|_| !matches!(key.code, KeyCode::Char(_)));
                if matches!(self.step, Step::Questions { .. }) {
                    return self.handle_questions_key(key, command, ids);
                }
                if command == Some(Command::Back) {
                    return Some(Action::Back);
                }
                match self.picker.handle_key(key, command) {
                    PickerKey::Chosen(to) => Some(self.gather(to, StartMode::Fresh, ids)),
                    PickerKey::Nothing => None,
                }
            }
            // At the stop question, q is no answer; Ctrl-C is yes.
            Step::Run { running, .. }
                if running.asking.is_some()
                    && command == Some(Command::Quit)
                    && !keymap::is_force_quit(key) =>
            {
                None
            }
            _ => self.handle_step_key(command?, keymap::is_force_quit(key), ids),
        }
    }

    fn accept(
        &mut self,
        request: RequestId,
        outcome: Outcome,
        ids: &mut RequestIds,
    ) -> Result<Option<Action>, Outcome> {
        let waited = match &self.step {
            Step::Gathering {
                request: waited, ..
            }
            | Step::Preparing {
                request: waited, ..
            }
            | Step::Unfinished {
                request: Some(waited),
                ..
            } => Some(*waited),
            Step::Run { running, .. } => Some(running.request),
            _ => None,
        };
        if waited != Some(request) {
            return self.picker.accept(request, outcome).map(|()| None);
        }
        match outcome {
            Outcome::CopyGathered(result) => Ok(self.on_gathered(result, ids)),
            Outcome::CopyPrepared(result) => {
                self.on_prepared(result);
                Ok(None)
            }
            Outcome::ImportProgress(event) => {
                if let Step::Run { running, .. } = &mut self.step {
                    running.on_event(*event);
                }
                Ok(None)
            }
            Outcome::CopyFinished(result) => Ok(self.on_finished(result)),
            other => Err(other),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let [head, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        let target = match &self.step {
            Step::Pick => String::new(),
            Step::Gathering { to, .. }
            | Step::Unfinished { to, .. }
            | Step::Questions { to, .. }
            | Step::Preparing { to, .. }
            | Step::Confirm { to, .. }
            | Step::Run { to, .. }
            | Step::Report { to, .. }
            | Step::Failed { to, .. } => format!(" into {} \"{}\"", to.event, to.topic),
        };
        frame.render_widget(
            Line::styled(
                super::fit(
                    &format!(
                        "Copying {} of {}{}{target}",
                        self.who,
                        self.from,
                        self.occurrence
                            .as_ref()
                            .map(|(_, when)| format!(" ({when})"))
                            .unwrap_or_default()
                    ),
                    usize::from(area.width),
                ),
                ui.theme.header,
            ),
            head,
        );
        let paragraph =
            |lines: Vec<Line<'static>>| Paragraph::new(lines).wrap(Wrap { trim: false });
        match &self.step {
            Step::Pick => self.picker.render(frame, body, ui),
            Step::Gathering { to, .. } => frame.render_widget(
                paragraph(vec![Line::raw(safe(&format!(
                    "{} Listing {} and reading the questions of \"{}\"…",
                    ui.spinner, self.from, to.topic
                )))]),
                body,
            ),
            Step::Preparing { .. } => frame.render_widget(
                paragraph(vec![Line::raw(format!(
                    "{} Checking everyone against the target (a dry run: nothing is sent)…",
                    ui.spinner
                ))]),
                body,
            ),
            Step::Unfinished {
                message, request, ..
            } => {
                let mut lines = vec![
                    Line::styled(safe(message), ui.theme.warn),
                    Line::raw(""),
                    Line::raw(
                        "Enter: resume it (nobody is sent twice) · s: start over (whom it registered count as already registered) · Esc: another event",
                    ),
                ];
                if request.is_some() {
                    lines.push(Line::raw(format!("{} Checking against Zoom…", ui.spinner)));
                }
                frame.render_widget(paragraph(lines), body);
            }
            Step::Failed { message, .. } => {
                let mut lines = vec![Line::styled("The copy cannot start:", ui.theme.error)];
                lines.extend(
                    message
                        .lines()
                        .map(|line| Line::styled(safe(line), ui.theme.error)),
                );
                lines.push(Line::styled(
                    "Enter or Esc: back to the events",
                    ui.theme.dim,
                ));
                frame.render_widget(paragraph(lines), body);
            }
            Step::Questions {
                missing,
                at,
                field,
                error,
                ..
            } => {
                let mut lines = vec![Line::raw(
                    "The target requires answers the source does not have; each is asked once and given to everyone without one.",
                )];
                if let Some(asked) = missing.get(*at) {
                    lines.push(Line::styled(
                        safe(&format!(
                            "{} of {}: {} ({} of the people have none)",
                            at + 1,
                            missing.len(),
                            asked.field,
                            asked.people
                        )),
                        ui.theme.header,
                    ));
                    if !asked.choices.is_empty() {
                        lines.push(Line::styled(
                            safe(&format!("One of: {}", asked.choices.join(", "))),
                            ui.theme.dim,
                        ));
                    }
                }
                lines.push(Line::raw(format!("> {}", safe(field.value()))));
                if let Some(error) = error {
                    lines.push(Line::styled(error.clone(), ui.theme.error));
                }
                lines.push(Line::styled(
                    "Enter: next (the last one checks everyone; nothing is sent) · Esc: back to the events",
                    ui.theme.dim,
                ));
                frame.render_widget(paragraph(lines), body);
            }
            Step::Confirm { copy, choice, .. } => {
                frame.render_widget(paragraph(confirm_lines(copy, *choice, ui)), body);
            }
            Step::Run { running, .. } => render_run(frame, body, ui, running),
            Step::Report {
                copy,
                result,
                attention,
                cursor,
                to,
            } => {
                let moved: Vec<Line> = match result {
                    Ok(done) => done
                        .moved
                        .iter()
                        .flat_map(|moved| {
                            let mut lines = vec![Line::raw(safe(&format!(
                                "Moved out of {}: {} cancelled, {} denied (were pending), {} deleted, {} no longer there; {} not accepted by \"{}\" stay.",
                                copy.request.from,
                                moved.cancelled,
                                moved.denied,
                                moved.deleted,
                                moved.already_done,
                                moved.not_accepted,
                                to.topic
                            )))];
                            lines.extend(moved.failures.iter().map(|failure| {
                                Line::styled(safe(failure), ui.theme.error)
                            }));
                            lines
                        })
                        .collect(),
                    Err(_) => Vec::new(),
                };
                let [moved_area, report_area] = Layout::vertical([
                    Constraint::Length(u16::try_from(moved.len() * 2).unwrap_or(u16::MAX)),
                    Constraint::Min(1),
                ])
                .areas(body);
                frame.render_widget(paragraph(moved), moved_area);
                let wording = ReportWording {
                    noun: "copy",
                    resume: "copy to the same event again (c) to resume; nobody is sent twice."
                        .to_owned(),
                    copy_hint: "y: copy the report's path",
                    parts: Vec::new(),
                };
                let result = result
                    .as_ref()
                    .map(|done| &done.finished)
                    .map_err(String::clone);
                render_report(
                    frame,
                    report_area,
                    ui,
                    &wording,
                    copy.prepared.plan.rows.len(),
                    result,
                    attention,
                    cursor,
                );
            }
        }
    }
}

/// The confirmation: the dry run's counts and the copy-or-move choice.
fn confirm_lines(copy: &PreparedCopy, choice: Choice, ui: &Ui) -> Vec<Line<'static>> {
    let summary = &copy.prepared.plan.summary;
    let settled = &summary.settled;
    let cannot = settled.invalid + settled.blocked + settled.duplicate;
    let mut lines = vec![Line::styled(
        "Dry run: nothing has been sent yet.",
        ui.theme.header,
    )];
    if let Some(journal) = &copy.prepared.resuming {
        lines.push(Line::styled(
            format!(
                "Resuming the copy started {} ({} people sent then).",
                crate::tui::clock::full(journal.begin.at, ui.zone),
                journal.sent_rows.len()
            ),
            ui.theme.warn,
        ));
    }
    lines.push(Line::raw(format!(
        "Will register: {} · already registered: {} · cannot: {}{}",
        summary.to_send,
        settled.already_registered,
        cannot,
        if settled.registered > 0 {
            format!(" · registered earlier: {}", settled.registered)
        } else {
            String::new()
        }
    )));
    lines.push(Line::raw(super::capitalize(&format!(
        "{}, plus network time",
        summary.pace()
    ))));
    for column in &copy.columns {
        if let Some(answer) = &column.answer {
            lines.push(Line::styled(
                safe(&format!(
                    "{}: \"{answer}\" for everyone without an answer",
                    column.field
                )),
                ui.theme.dim,
            ));
        }
    }
    for (row, outcome) in copy.prepared.plan.settled.iter().take(5) {
        let email = copy
            .prepared
            .plan
            .rows
            .iter()
            .find(|identity| identity.row == *row)
            .map_or_else(String::new, |identity| identity.email.clone());
        let why = match outcome {
            crate::import::outcome::RowOutcome::Invalid { problems } => problems
                .iter()
                .map(|problem| format!("{}: {}", problem.field, problem.message))
                .collect::<Vec<_>>()
                .join("; "),
            crate::import::outcome::RowOutcome::Blocked { reason } => reason.to_string(),
            _ => continue,
        };
        lines.push(Line::styled(
            safe(&format!("cannot: {email}: {why}")),
            ui.theme.warn,
        ));
    }
    lines.push(Line::raw(""));
    for each in Choice::ALL {
        let chosen = each == choice;
        lines.push(Line::styled(
            format!("{} {}", if chosen { "(•)" } else { "( )" }, each.label()),
            if chosen {
                ui.theme.cursor
            } else {
                ui.theme.text
            },
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "Enter: {} {} · ← →: copy or move · Esc: another event",
            if choice == Choice::Copy {
                "register"
            } else {
                "register, then move"
            },
            if summary.to_send == 1 {
                "1 person".to_owned()
            } else {
                format!("{} people", summary.to_send)
            }
        ),
        ui.theme.dim,
    ));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::events::AccountEvents;
    use crate::tui::app::App;
    use crate::tui::fixtures::{app_with, deliver, event, events, render};
    use crate::tui::message::Msg;
    use crate::tui::testing::key;

    const ADVISORY_BOARD: u64 = 86_350_218_847;

    /// The picker for two people of the advisory board, with the account's meetings and one
    /// webinar listed.
    fn picker_app() -> App {
        let screen = CopyToScreen::new(
            EventRef::meeting(ADVISORY_BOARD),
            "Customer Advisory Board — Spring Session".to_owned(),
            "2 selected people".to_owned(),
            [
                "anna@example.com".to_owned(),
                "bruno@example.com".to_owned(),
            ],
            vec![ListStatus::Approved],
        );
        let (mut app, effects) = app_with(Box::new(screen), true);
        let requests: Vec<(RequestId, EventKind)> = effects
            .iter()
            .filter_map(|effect| match effect {
                Effect::LoadEvents { request, kind, .. } => Some((*request, *kind)),
                _ => None,
            })
            .collect();
        assert_eq!(requests.len(), 2, "meetings and webinars are listed");
        for (request, kind) in requests {
            let listed = match kind {
                EventKind::Meeting => events(),
                EventKind::Webinar => AccountEvents::with_hosts(
                    vec![event(
                        95_531_870_264,
                        "Partner Enablement: Selling Hybrid Events",
                        "2026-12-09T16:00:00Z",
                        5,
                    )],
                    [],
                ),
            };
            deliver(&mut app, request, Outcome::Events(Ok(listed)));
        }
        app
    }

    fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            app.update(Msg::Input(crossterm::event::Event::Key(key(
                KeyCode::Char(c),
            ))));
        }
    }

    /// The head line names whom, from where and into what: text from Zoom (an email, an
    /// occurrence, the target's topic) is drawn without its escape sequences by the screen
    /// itself (`fit` sanitises), not only by the frame-wide scrub.
    #[test]
    fn the_head_line_draws_zooms_text_without_its_escape_sequences() {
        let mut screen = CopyToScreen::new(
            EventRef::meeting(ADVISORY_BOARD),
            "Advisory".to_owned(),
            "ann@example.com\u{1b}]0;owned-title\u{7}".to_owned(),
            ["ann@example.com".to_owned()],
            vec![ListStatus::Approved],
        )
        .in_occurrence(
            "1764604800000".to_owned(),
            "occurrence \u{1b}]8;;https://evil.example\u{1b}\\1".to_owned(),
        );
        screen.step = Step::Failed {
            to: Picked {
                event: EventRef::webinar(95_531_870_264),
                topic: "Partner \u{1b}[2J\u{1b}]52;c;cGF5bG9hZA==\u{7}Summit".to_owned(),
            },
            message: "refused".to_owned(),
        };
        let drawn = crate::tui::fixtures::drawn_unscrubbed(200, 6, |frame, ui| {
            screen.render(frame, frame.area(), ui)
        });
        assert!(drawn.contains("Copying ann@example.com"), "{drawn}");
        assert!(drawn.contains("Summit"), "{drawn}");
        for payload in [
            "owned-title",
            "evil.example",
            "cGF5bG9hZA",
            "\u{1b}",
            "\u{7}",
        ] {
            assert!(!drawn.contains(payload), "{payload:?} drawn: {drawn}");
        }
    }

    #[test]
    fn the_picker_at_120x40_and_80x24_lists_every_event_but_the_source() {
        let app = picker_app();
        let mut screens = String::new();
        for (width, height) in [(120, 40), (80, 24)] {
            let screen = render(&app, width, height);
            assert!(
                !screen.contains("Advisory Board — Spring Session  "),
                "{screen}"
            );
            screens.push_str(&format!("── {width}×{height}\n{screen}\n"));
        }
        insta::assert_snapshot!(screens);
    }

    /// Typing narrows the list by topic or ID; Enter asks the runner to gather the copy into
    /// the event under the cursor, for the chosen people only.
    #[test]
    fn typing_narrows_the_picker_and_enter_gathers_the_copy_of_the_chosen_people() {
        let mut app = picker_app();
        type_text(&mut app, "partner");
        let screen = render(&app, 120, 40);
        assert!(screen.contains("1 listed"), "{screen}");
        assert!(screen.contains("95531870264"), "{screen}");
        let effects = app.update(Msg::Input(crossterm::event::Event::Key(key(
            KeyCode::Enter,
        ))));
        match effects.as_slice() {
            [Effect::GatherCopy { copy, .. }] => {
                assert_eq!(copy.to, EventRef::webinar(95_531_870_264));
                assert_eq!(copy.from, EventRef::meeting(ADVISORY_BOARD));
                assert_eq!(copy.only.len(), 2);
                assert_eq!(copy.mode, StartMode::Fresh);
            }
            other => panic!("expected the copy gathered, got {other:?}"),
        }
        type_text(&mut app, "x");
        assert!(render(&app, 120, 40).contains("Listing meeting 86350218847"));
    }
}
