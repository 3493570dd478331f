//! The import wizard (`i` on the registrants screen): file → columns → check (the dry run) → run
//! → report, on top of the same engine as `regdesk import` (`crate::import::session`). The
//! screen is a state machine over [`Step`]; reading and planning ([`Effect::PrepareImport`]) and
//! sending ([`Effect::RunImport`]) happen in the effect runner, whose progress events come back as
//! outcomes under the run's request id, so typing and drawing never wait on the network. A
//! cancelled or interrupted run leaves the engine's journal; opening the same file again offers
//! to resume it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph, Wrap};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::{Action, ListCursor, Notice, Screen, TextField, Ui, fit};
use crate::import::fields::StandardField;
use crate::import::journal;
use crate::import::mapping::{Reason, Target};
use crate::import::outcome::{OutcomeCounts, RowOutcome};
use crate::import::run::{ImportEvent, Progress};
use crate::import::session::{self, Finished, ImportError, ImportRequest, Prepared, StartMode};
use crate::tui::keymap::{self, Command, Scope};
use crate::tui::message::{Effect, ImportProblem, Outcome, RequestId, RequestIds};
use crate::zoom::{EventRef, ZoomClient};

/// How many path completions are listed under the input.
const COMPLETIONS_SHOWN: usize = 6;
/// The step names, in order, for the step bar.
const STEP_NAMES: [&str; 5] = ["File", "Columns", "Check", "Run", "Report"];

/// Reads the file and plans the import (the effect runner's half of [`Effect::PrepareImport`]).
/// A fresh import of a file whose earlier import did not finish is answered with
/// [`ImportProblem::Unfinished`], so that the wizard can offer to resume it.
pub async fn prepare(
    client: &ZoomClient,
    request: ImportRequest,
) -> Result<Box<Prepared>, ImportProblem> {
    if request.mode == StartMode::Fresh {
        let source = session::load_source(&request.file).map_err(describe)?;
        let key = session::event_key(request.event);
        let open = journal::find_open(&request.journal_dir, &key, &source.sha256)
            .map_err(|error| ImportProblem::Other(error.to_string()))?;
        if let Some(open) = open {
            return Err(ImportProblem::Unfinished {
                started: open.begin.at,
                sent_rows: open.sent_rows.len(),
                rows: open.begin.rows,
                journal: open.path,
            });
        }
    }
    session::prepare(client, request)
        .await
        .map(Box::new)
        .map_err(describe)
}

/// Runs a prepared import, handing each engine event to `progress` as it happens; returns the
/// final outcome (the effect runner's half of [`Effect::RunImport`]).
pub async fn run(
    client: &ZoomClient,
    prepared: &Prepared,
    cancel: CancellationToken,
    progress: impl Fn(Outcome),
) -> Outcome {
    let (events, mut received) = mpsc::unbounded_channel();
    let forward = async {
        // Ends when `execute` returns and drops the sender, after the last event.
        while let Some(event) = received.recv().await {
            progress(Outcome::ImportProgress(Box::new(event)));
        }
    };
    let (finished, ()) = tokio::join!(session::execute(client, prepared, events, cancel), forward);
    Outcome::ImportFinished(
        finished
            .map(Box::new)
            .map_err(|error| match describe(error) {
                ImportProblem::Mapping(text) | ImportProblem::Other(text) => text,
                ImportProblem::Unfinished { journal, .. } => {
                    format!(
                        "another import of this file is open ({})",
                        journal.display()
                    )
                }
            }),
    )
}

fn describe(error: ImportError) -> ImportProblem {
    match error {
        ImportError::Mapping(error) => ImportProblem::Mapping(error.to_string()),
        ImportError::Zoom(error) => ImportProblem::Other(error.diagnosis().to_string()),
        other => ImportProblem::Other(other.to_string()),
    }
}

/// `~` and `~/…` become the home directory.
fn expand_home(path: &str) -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    match (path.strip_prefix('~'), home) {
        (Some(""), Some(home)) => home,
        (Some(rest), Some(home)) if rest.starts_with('/') => home.join(&rest[1..]),
        _ => PathBuf::from(path),
    }
}

/// The directory entries that complete `typed`: the completed text (the longest common prefix,
/// with a `/` after a lone directory) and the candidates' names.
fn complete_path(typed: &str) -> (String, Vec<String>) {
    let (dir_part, prefix) = match typed.rfind('/') {
        Some(at) => (&typed[..=at], &typed[at + 1..]),
        None => ("", typed),
    };
    let dir = if dir_part.is_empty() {
        PathBuf::from(".")
    } else {
        expand_home(dir_part)
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (typed.to_owned(), Vec::new());
    };
    let mut names: Vec<(String, bool)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let hidden = name.starts_with('.') && !prefix.starts_with('.');
            (name.starts_with(prefix) && !hidden).then(|| {
                let is_dir = entry.path().is_dir();
                (name, is_dir)
            })
        })
        .collect();
    names.sort();
    let Some((first, _)) = names.first() else {
        return (typed.to_owned(), Vec::new());
    };
    let mut common = first.clone();
    for (name, _) in &names[1..] {
        let shared = common
            .chars()
            .zip(name.chars())
            .take_while(|(a, b)| a == b)
            .count();
        common = common.chars().take(shared).collect();
    }
    let lone_dir = names.len() == 1 && names[0].1;
    let completed = format!("{dir_part}{common}{}", if lone_dir { "/" } else { "" });
    let shown = names
        .into_iter()
        .map(|(name, is_dir)| if is_dir { format!("{name}/") } else { name })
        .collect();
    (completed, shown)
}

/// Where a column's values can go, in the order ← → cycles through them.
fn targets_for(prepared: &Prepared) -> Vec<Option<Target>> {
    let mut targets = vec![None];
    targets.extend(
        StandardField::ALL
            .iter()
            .map(|field| Some(Target::Field(*field))),
    );
    targets.push(Some(Target::FullName));
    targets.extend(
        prepared
            .form
            .question_titles()
            .into_iter()
            .map(|title| Some(Target::Question(title))),
    );
    targets
}

fn target_label(target: Option<&Target>) -> String {
    match target {
        None => "(not imported)".to_owned(),
        Some(Target::FullName) => "full name → first_name + last_name".to_owned(),
        Some(target) => target.to_string(),
    }
}

/// The `--map` spelling of a target.
fn target_argument(target: Option<&Target>) -> String {
    match target {
        None => "ignore".to_owned(),
        Some(Target::Field(field)) => field.api_name().to_owned(),
        Some(Target::FullName) => "name".to_owned(),
        Some(Target::Question(title)) => title.clone(),
    }
}

fn reason_label(reason: &Reason) -> &'static str {
    match reason {
        Reason::Override => "your choice",
        Reason::Alias => "header",
        Reason::BuyerColumn => "buyer's column",
        Reason::Keyword => "guessed from the header",
        Reason::QuestionTitle => "question title",
        Reason::SetAside { .. } => "another column has this field",
        Reason::Ignored => "your choice",
        Reason::Unrecognised => "unknown header",
    }
}

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

/// "row 7", or "all rows" for a problem of the whole file.
fn row_label(row: usize) -> String {
    if row == 0 {
        "all rows".to_owned()
    } else {
        format!("row {row}")
    }
}

fn seconds(duration: std::time::Duration) -> String {
    let total = duration.as_secs();
    if total >= 3600 {
        format!("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60)
    } else {
        format!("{}:{:02}", total / 60, total % 60)
    }
}

enum Step {
    File {
        path: TextField,
        completions: Vec<String>,
        error: Option<String>,
        reading: Option<RequestId>,
    },
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
    },
    Check {
        prepared: Arc<Prepared>,
        problems: Vec<(usize, String)>,
        cursor: ListCursor,
        /// What the columns step chose (kept when going back to it).
        chosen: BTreeMap<usize, Option<Target>>,
    },
    Run(Box<Running>),
    Report {
        prepared: Arc<Prepared>,
        result: Result<Box<Finished>, String>,
    },
}

struct Running {
    prepared: Arc<Prepared>,
    request: RequestId,
    cancel: CancellationToken,
    progress: Option<Progress>,
    /// Rows this run found registered already (a lost answer reconciled by listing).
    already: usize,
    confirming_stop: bool,
    stopped: Option<String>,
}

pub struct ImportWizard {
    event: EventRef,
    topic: String,
    /// The registrants screen's reload, handed back when the wizard closes.
    reload: Option<Effect>,
    /// The file of this import (kept from the file step).
    file: PathBuf,
    mode: StartMode,
    step: Step,
}

impl ImportWizard {
    pub fn new(event: EventRef, topic: String, reload: Effect) -> Self {
        ImportWizard {
            event,
            topic,
            reload: Some(reload),
            file: PathBuf::new(),
            mode: StartMode::Fresh,
            step: Step::File {
                path: TextField::default(),
                completions: Vec::new(),
                error: None,
                reading: None,
            },
        }
    }

    fn number(&self) -> usize {
        match self.step {
            Step::File { .. } | Step::Unfinished { .. } => 0,
            Step::Columns { .. } => 1,
            Step::Check { .. } => 2,
            Step::Run(_) => 3,
            Step::Report { .. } => 4,
        }
    }

    fn close(&mut self) -> Action {
        Action::BackAndRun(self.reload.take().into_iter().collect())
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
        let Step::File {
            path,
            completions,
            error,
            reading,
        } = &mut self.step
        else {
            return None;
        };
        match command {
            Some(Command::Back) => return Some(self.close()),
            Some(Command::Complete) => {
                let (completed, candidates) = complete_path(path.value());
                *path = TextField::with_value(&completed);
                *completions = if candidates.len() > 1 {
                    candidates
                } else {
                    Vec::new()
                };
            }
            Some(Command::Confirm) => {
                let typed = path.value().trim().to_owned();
                if typed.is_empty() {
                    *error = Some(
                        "Type the path of a CSV, TSV or semicolon file (Tab completes).".to_owned(),
                    );
                    return None;
                }
                self.file = expand_home(&typed);
                self.mode = StartMode::Fresh;
                let (request, effect) = self.prepare_effect(ids, Vec::new());
                if let Step::File { reading, error, .. } = &mut self.step {
                    *reading = Some(request);
                    *error = None;
                }
                return Some(Action::Run(vec![effect]));
            }
            _ => {
                if reading.is_none() && path.handle_key(key) {
                    completions.clear();
                    *error = None;
                }
            }
        }
        None
    }

    fn handle_columns_key(&mut self, command: Command, ids: &mut RequestIds) -> Option<Action> {
        let Step::Columns {
            prepared,
            cursor,
            chosen,
            error,
            checking,
        } = &mut self.step
        else {
            return None;
        };
        if checking.is_some() {
            return (command == Command::Back).then(|| self.close());
        }
        let columns = &prepared.mapping.columns;
        if cursor.apply(command, columns.len()) {
            return None;
        }
        match command {
            Command::Back => {
                self.step = file_step(&self.file);
                None
            }
            Command::NextChoice | Command::PrevChoice => {
                let column = columns.get(cursor.selected)?;
                if column.header.is_empty() {
                    *error = Some(format!(
                        "{} has no header, so it cannot be mapped; give it one in the file.",
                        column.label()
                    ));
                    return None;
                }
                let targets = targets_for(prepared);
                let current = chosen.get(&column.index).unwrap_or(&column.target);
                let at = targets
                    .iter()
                    .position(|target| target == current)
                    .unwrap_or(0);
                let next = if command == Command::NextChoice {
                    (at + 1) % targets.len()
                } else {
                    (at + targets.len() - 1) % targets.len()
                };
                chosen.insert(column.index, targets[next].clone());
                *error = None;
                None
            }
            Command::Confirm => {
                let changed: Vec<String> = chosen
                    .iter()
                    .filter_map(|(index, target)| {
                        let column = columns.iter().find(|column| column.index == *index)?;
                        (&column.target != target).then(|| {
                            format!("{}={}", column.header, target_argument(target.as_ref()))
                        })
                    })
                    .collect();
                if changed.is_empty() {
                    let step = std::mem::replace(&mut self.step, file_step(&self.file));
                    if let Step::Columns {
                        prepared, chosen, ..
                    } = step
                    {
                        self.step = check_step(Arc::from(prepared), chosen);
                    }
                    return None;
                }
                // Every choice is sent (not only the changed ones): the engine resolves the
                // whole mapping again from the file, as `--map` does.
                let overrides = chosen
                    .iter()
                    .filter_map(|(index, target)| {
                        let column = columns.iter().find(|column| column.index == *index)?;
                        Some(format!(
                            "{}={}",
                            column.header,
                            target_argument(target.as_ref())
                        ))
                    })
                    .collect();
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
                let cancel = CancellationToken::new();
                let effect = Effect::RunImport {
                    request,
                    prepared: Arc::clone(prepared),
                    cancel: cancel.clone(),
                };
                self.step = Step::Run(Box::new(Running {
                    prepared: Arc::clone(prepared),
                    request,
                    cancel,
                    progress: None,
                    already: 0,
                    confirming_stop: false,
                    stopped: None,
                }));
                Some(Action::Run(vec![effect]))
            }
            _ => None,
        }
    }

    fn handle_run_key(&mut self, command: Command) -> Option<Action> {
        let Step::Run(running) = &mut self.step else {
            return None;
        };
        if running.cancel.is_cancelled() {
            return None;
        }
        if running.confirming_stop {
            match command {
                Command::Confirm => {
                    running.confirming_stop = false;
                    running.cancel.cancel();
                }
                Command::Back => running.confirming_stop = false,
                _ => {}
            }
            return None;
        }
        if matches!(command, Command::Back | Command::Cancel | Command::Quit) {
            running.confirming_stop = true;
        }
        None
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
            Err(ImportProblem::Mapping(text)) if matches!(self.step, Step::Columns { .. }) => {
                if let Step::Columns {
                    chosen: kept,
                    error,
                    checking,
                    ..
                } = &mut self.step
                {
                    *kept = chosen;
                    *error = Some(text);
                    *checking = None;
                }
            }
            Err(ImportProblem::Mapping(text) | ImportProblem::Other(text)) => {
                let mut step = file_step(&self.file);
                if let Step::File { error, .. } = &mut step {
                    *error = Some(text);
                }
                self.step = step;
            }
        }
    }

    fn waits_for_prepare(&self, request: RequestId) -> bool {
        let pending = match &self.step {
            Step::File { reading, .. } | Step::Unfinished { reading, .. } => *reading,
            Step::Columns { checking, .. } => *checking,
            _ => None,
        };
        pending == Some(request)
    }

    fn on_event(&mut self, event: ImportEvent) {
        let Step::Run(running) = &mut self.step else {
            return;
        };
        match event {
            ImportEvent::Progress(progress) => running.progress = Some(progress),
            ImportEvent::Row {
                outcome: RowOutcome::AlreadyRegistered { .. },
                ..
            } => running.already += 1,
            ImportEvent::Stopped { reason } => running.stopped = Some(reason),
            ImportEvent::Started { .. }
            | ImportEvent::Row { .. }
            | ImportEvent::Finished { .. } => {}
        }
    }
}

fn file_step(file: &Path) -> Step {
    Step::File {
        path: TextField::with_value(&file.display().to_string()),
        completions: Vec::new(),
        error: None,
        reading: None,
    }
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
    fn title(&self) -> String {
        format!("Import · {}", self.topic)
    }

    fn scopes(&self) -> &'static [Scope] {
        match &self.step {
            Step::Run(running) if running.confirming_stop => &[Scope::Dialog],
            _ => &[Scope::Import, Scope::List],
        }
    }

    fn start(&mut self, _ids: &mut RequestIds) -> Vec<Effect> {
        Vec::new()
    }

    fn is_typing(&self) -> bool {
        matches!(self.step, Step::File { .. })
    }

    fn handle_paste(&mut self, text: &str) {
        if let Step::File {
            path, completions, ..
        } = &mut self.step
        {
            // File managers paste paths quoted or as file:// URLs.
            let text = text.trim().trim_matches(|c| c == '\'' || c == '"');
            path.paste(text.strip_prefix("file://").unwrap_or(text));
            completions.clear();
        }
    }

    fn handle_key(&mut self, key: &KeyEvent, ids: &mut RequestIds) -> Option<Action> {
        let command = keymap::command_for(self.scopes(), key);
        if matches!(self.step, Step::File { .. }) {
            // Characters type into the path; only keys like Enter, Tab and Esc are commands.
            let command = command.filter(|_| !matches!(key.code, KeyCode::Char(_)));
            return self.handle_file_key(command, key, ids);
        }
        let command = command?;
        match &self.step {
            Step::File { .. } => None,
            Step::Unfinished { .. } => self.handle_unfinished_key(command, ids),
            Step::Columns { .. } => self.handle_columns_key(command, ids),
            Step::Check { .. } => self.handle_check_key(command, ids),
            Step::Run(_) => self.handle_run_key(command),
            Step::Report { .. } => {
                matches!(command, Command::Confirm | Command::Back | Command::Quit)
                    .then(|| self.close())
            }
        }
    }

    fn accept(
        &mut self,
        request: RequestId,
        outcome: Outcome,
        _ids: &mut RequestIds,
    ) -> Result<Option<Action>, Outcome> {
        let running = match &self.step {
            Step::Run(running) if running.request == request => Some(Arc::clone(&running.prepared)),
            _ => None,
        };
        match (outcome, running) {
            (Outcome::ImportPrepared(result), None) if self.waits_for_prepare(request) => {
                self.on_prepared(result);
                Ok(None)
            }
            (Outcome::ImportProgress(event), Some(_)) => {
                self.on_event(*event);
                Ok(None)
            }
            (Outcome::ImportFinished(result), Some(prepared)) => {
                self.step = Step::Report { prepared, result };
                Ok(None)
            }
            (other, _) => Err(other),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let [bar, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        let current = self.number();
        let mut spans = Vec::new();
        for (index, name) in STEP_NAMES.iter().enumerate() {
            if index > 0 {
                spans.push(Span::styled(" › ", ui.theme.dim));
            }
            let style = if index == current {
                ui.theme.active_tab
            } else {
                ui.theme.dim
            };
            spans.push(Span::styled(format!("{} {name}", index + 1), style));
        }
        frame.render_widget(Line::from(spans), bar);
        let noun = self.event.kind.noun();
        match &self.step {
            Step::File {
                path,
                completions,
                error,
                reading,
            } => {
                let mut lines = vec![
                    Line::raw(
                        "File to import (CSV, TSV or semicolon-separated; UTF-8, UTF-16 or Windows-1252):",
                    ),
                    Line::styled(format!("> {}", path.value()), ui.theme.text),
                ];
                if let Some(error) = error {
                    lines.extend(
                        error
                            .lines()
                            .map(|line| Line::styled(line.to_owned(), ui.theme.error)),
                    );
                }
                if reading.is_some() {
                    lines.push(Line::raw(format!(
                        "{} Reading {} and asking Zoom about the {noun}…",
                        ui.spinner,
                        self.file.display()
                    )));
                }
                if !completions.is_empty() {
                    let mut shown: Vec<String> = completions
                        .iter()
                        .take(COMPLETIONS_SHOWN)
                        .cloned()
                        .collect();
                    if completions.len() > COMPLETIONS_SHOWN {
                        shown.push(format!("… {} more", completions.len() - COMPLETIONS_SHOWN));
                    }
                    lines.push(Line::styled(shown.join("  "), ui.theme.dim));
                }
                lines.push(Line::styled(
                    "Enter: read and check it (nothing is sent) · Tab: complete · ~ is your home folder",
                    ui.theme.dim,
                ));
                frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
                let x = body.x + 2 + path.input.visual_cursor() as u16;
                if x < body.x + body.width && body.height > 1 {
                    frame.set_cursor_position((x, body.y + 1));
                }
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
                        started.strftime("%Y-%m-%d %H:%M:%S UTC")
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
            Step::Columns { .. } => render_columns(frame, body, ui, &self.step),
            Step::Check {
                prepared,
                problems,
                cursor,
                ..
            } => render_check(frame, body, ui, prepared, problems, cursor),
            Step::Run(running) => render_run(frame, body, ui, running),
            Step::Report { prepared, result } => render_report(frame, body, ui, prepared, result),
        }
    }
}

fn file_line(prepared: &Prepared) -> String {
    let table = &prepared.source.table;
    format!(
        "{} · {}, {}, {} rows",
        prepared.source.path.display(),
        table.encoding,
        table.delimiter,
        table.rows.len()
    )
}

fn render_columns(frame: &mut Frame, area: Rect, ui: &Ui, step: &Step) {
    let Step::Columns {
        prepared,
        cursor,
        chosen,
        error,
        checking,
    } = step
    else {
        return;
    };
    let [head, list, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(vec![
            Line::raw(file_line(prepared)),
            Line::styled(
                "Column → where its values go (← → change the selected column)",
                ui.theme.header,
            ),
        ]),
        head,
    );
    let width = list.width as usize;
    let label_width = (width / 3).clamp(8, 30);
    let height = list.height as usize;
    let offset = cursor.offset_for(height);
    let lines: Vec<Line> = prepared
        .mapping
        .columns
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(position, column)| {
            let (target, why) = match chosen.get(&column.index) {
                Some(target) if target != &column.target => (target.as_ref(), "your choice"),
                _ => (column.target.as_ref(), reason_label(&column.reason)),
            };
            let selected = position == cursor.selected;
            let marker = if selected { "▸ " } else { "  " };
            let text = format!(
                "{marker}{:<label_width$} → {}",
                fit(&column.label(), label_width),
                target_label(target)
            );
            let used = text.chars().count();
            let mut spans = vec![Span::styled(
                fit(&text, width),
                if selected {
                    ui.theme.cursor
                } else {
                    ui.theme.text
                },
            )];
            if used + 3 < width {
                spans.push(Span::styled(
                    fit(&format!("  ({why})"), width - used),
                    ui.theme.dim,
                ));
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    let mut foot_lines = Vec::new();
    if let Some(error) = error {
        foot_lines.push(Line::styled(error.to_owned(), ui.theme.error));
    }
    foot_lines.push(if checking.is_some() {
        Line::raw(format!(
            "{} Checking every row against the {}…",
            ui.spinner,
            prepared.request.event.kind.noun()
        ))
    } else {
        Line::styled(
            "Enter: check every row (a dry run: nothing is sent) · Esc: another file",
            ui.theme.dim,
        )
    });
    frame.render_widget(Paragraph::new(foot_lines).wrap(Wrap { trim: false }), foot);
}

fn rate(limit: Option<u32>) -> String {
    limit.map_or("unlimited".to_owned(), |n| format!("{n}/s"))
}

fn render_check(
    frame: &mut Frame,
    area: Rect,
    ui: &Ui,
    prepared: &Prepared,
    problems: &[(usize, String)],
    cursor: &ListCursor,
) {
    let summary = &prepared.plan.summary;
    let settled = &summary.settled;
    let mut head = vec![Line::raw(file_line(prepared))];
    if let Some(journal) = &prepared.resuming {
        head.push(Line::styled(
            format!(
                "Resuming the import started {} ({} rows sent then; its columns are kept).",
                journal.begin.at.strftime("%Y-%m-%d %H:%M:%S UTC"),
                journal.sent_rows.len()
            ),
            ui.theme.warn,
        ));
    }
    head.extend([
        Line::styled("Dry run: nothing has been sent yet.", ui.theme.header),
        Line::raw(format!(
            "New: {} → {} batch call(s) of up to 30, {} single add(s)",
            summary.to_send, summary.batch_calls, summary.single_adds
        )),
        Line::raw(format!(
            "Already registered: {} · duplicates in the file: {} · invalid: {} · blocked: {}{}",
            settled.already_registered,
            settled.duplicate,
            settled.invalid,
            settled.blocked,
            if settled.registered > 0 {
                format!(" · registered earlier: {}", settled.registered)
            } else {
                String::new()
            }
        )),
        Line::raw(format!(
            "At least {} s at the plan's limits (Heavy {} for batches, Light {} for single adds), plus network time",
            summary.minimum_send_time.as_secs(),
            rate(summary.rates.heavy_per_second),
            rate(summary.rates.light_per_second)
        )),
        Line::styled(
            if problems.is_empty() {
                "No problems found.".to_owned()
            } else {
                format!(
                    "Problems: {} (row as in the spreadsheet, header = row 1; ↑↓ scroll)",
                    problems.len()
                )
            },
            ui.theme.header,
        ),
    ]);
    let head_rows = head.len() as u16;
    // The selected problem in full when its line is cut.
    let selected = problems
        .get(cursor.selected)
        .map(|(row, text)| format!("{}: {text}", row_label(*row)))
        .filter(|text| text.chars().count() + 2 > area.width as usize);
    let [head_area, list, detail, foot] = Layout::vertical([
        Constraint::Length(head_rows),
        Constraint::Min(1),
        Constraint::Length(if selected.is_some() { 2 } else { 0 }),
        Constraint::Length(1),
    ])
    .areas(area);
    if let Some(text) = selected {
        frame.render_widget(
            Paragraph::new(text)
                .style(ui.theme.dim)
                .wrap(Wrap { trim: false }),
            detail,
        );
    }
    frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: false }), head_area);
    let width = list.width as usize;
    let height = list.height as usize;
    let offset = cursor.offset_for(height);
    let lines: Vec<Line> = problems
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(position, (row, text))| {
            let whole_file = *row == 0;
            let row = row_label(*row);
            let style = if position == cursor.selected {
                ui.theme.cursor
            } else if whole_file {
                ui.theme.error
            } else {
                ui.theme.text
            };
            Line::styled(fit(&format!("{row:>8}  {text}"), width), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    let foot_text = if summary.to_send == 0 {
        "Nobody to register · Esc: back".to_owned()
    } else {
        format!(
            "Enter: register {} {} · Esc: back",
            summary.to_send,
            if summary.to_send == 1 {
                "person"
            } else {
                "people"
            }
        )
    };
    frame.render_widget(Line::styled(foot_text, ui.theme.dim), foot);
}

fn render_run(frame: &mut Frame, area: Rect, ui: &Ui, running: &Running) {
    let summary = &running.prepared.plan.summary;
    let (done, total) = running.progress.map_or((0, summary.to_send), |progress| {
        (progress.rows_done, progress.rows_total)
    });
    let [gauge_area, text] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let ratio = if total == 0 {
        1.0
    } else {
        (done as f64 / total as f64).clamp(0.0, 1.0)
    };
    frame.render_widget(
        Gauge::default()
            .gauge_style(ui.theme.ok)
            .ratio(ratio)
            .label(format!("{done}/{total} rows")),
        gauge_area,
    );
    let registered = running.progress.map_or(0, |progress| progress.registered);
    let failed = running.progress.map_or(0, |progress| progress.failed);
    let mut lines = vec![
        Line::raw(format!(
            "Registered {registered} · already registered {} · failed {failed} · remaining {}",
            summary.settled.already_registered + running.already,
            total.saturating_sub(done)
        )),
        Line::raw(match running.progress {
            Some(progress) => format!(
                "{:.1} rows/s · elapsed {} · ETA {}",
                progress.rows_per_second,
                seconds(progress.elapsed),
                progress.eta.map_or("—".to_owned(), seconds)
            ),
            None => format!("{} Starting…", ui.spinner),
        }),
    ];
    if let Some(reason) = &running.stopped {
        lines.push(Line::styled(format!("Stopped: {reason}"), ui.theme.error));
    }
    if running.cancel.is_cancelled() {
        lines.push(Line::styled(
            format!(
                "{} Stopping: no new calls; waiting for the ones in flight…",
                ui.spinner
            ),
            ui.theme.warn,
        ));
    } else if running.confirming_stop {
        lines.push(Line::styled(
            "Stop the import? Rows not sent stay in the journal: open this file again to resume. y/Enter: stop · n/Esc: keep going",
            ui.theme.warn,
        ));
    } else {
        lines.push(Line::styled(
            "Esc or c: stop (resumable) · the requests show in the live pane (L enlarges it)",
            ui.theme.dim,
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text);
}

fn render_report(
    frame: &mut Frame,
    area: Rect,
    ui: &Ui,
    prepared: &Prepared,
    result: &Result<Box<Finished>, String>,
) {
    let mut lines = Vec::new();
    match result {
        Err(problem) => {
            lines.push(Line::styled("The import could not run:", ui.theme.error));
            lines.extend(
                problem
                    .lines()
                    .map(|line| Line::styled(line.to_owned(), ui.theme.error)),
            );
        }
        Ok(finished) => {
            let counts: &OutcomeCounts = &finished.counts;
            lines.push(
                match (&finished.stopped, finished.cancelled, finished.complete) {
                    (Some(reason), _, _) => {
                        Line::styled(format!("The import stopped: {reason}"), ui.theme.error)
                    }
                    (None, true, _) => Line::styled("Stopped by you.", ui.theme.warn),
                    (None, false, true) if counts.needing_attention() == 0 => {
                        Line::styled("Import finished.", ui.theme.ok)
                    }
                    (None, false, _) => {
                        Line::styled("Import finished; some rows need attention.", ui.theme.warn)
                    }
                },
            );
            lines.push(Line::raw(format!(
                "Registered {} · already registered {} · duplicates {} · invalid {} · blocked {} · failed {}",
                counts.registered,
                counts.already_registered,
                counts.duplicate,
                counts.invalid,
                counts.blocked,
                counts.failed
            )));
            if !finished.complete {
                lines.push(Line::styled(
                    format!(
                        "{} of {} rows are not done: open {} again (i) to resume; nobody is sent twice.",
                        counts.not_sent + counts.unknown,
                        prepared.plan.rows.len(),
                        prepared.source.path.display()
                    ),
                    ui.theme.warn,
                ));
            }
            for (row, outcome) in finished
                .outcomes
                .iter()
                .filter(|(_, outcome)| matches!(outcome, RowOutcome::Failed { .. }))
                .take(5)
            {
                lines.push(Line::styled(
                    format!("row {row}: {}: {}", outcome.label(), outcome.detail()),
                    ui.theme.error,
                ));
            }
            lines.push(Line::raw(format!("Report:  {}", finished.report.display())));
            lines.push(Line::styled(
                format!("Journal: {}", finished.journal.display()),
                ui.theme.dim,
            ));
        }
    }
    lines.push(Line::styled(
        "Enter: back to the registrants (reloaded)",
        ui.theme.dim,
    ));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_completes_directory_entries_and_lists_the_candidates() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("exports")).expect("dir");
        std::fs::write(dir.path().join("people-march.csv"), "").expect("file");
        std::fs::write(dir.path().join("people-april.csv"), "").expect("file");
        let base = format!("{}/", dir.path().display());

        let (completed, candidates) = complete_path(&format!("{base}ex"));
        assert_eq!(
            completed,
            format!("{base}exports/"),
            "a lone directory gets its /"
        );
        assert!(candidates.is_empty() || candidates == ["exports/"]);

        let (completed, candidates) = complete_path(&format!("{base}pe"));
        assert_eq!(completed, format!("{base}people-"), "the common prefix");
        assert_eq!(candidates, ["people-april.csv", "people-march.csv"]);

        let (completed, candidates) = complete_path(&format!("{base}zz"));
        assert_eq!(completed, format!("{base}zz"), "nothing matches: unchanged");
        assert!(candidates.is_empty());
    }

    #[test]
    fn a_tilde_means_the_home_folder() {
        let Some(home) = std::env::var_os("HOME").map(PathBuf::from) else {
            eprintln!("skipped: HOME is not set");
            return;
        };
        assert_eq!(expand_home("~"), home);
        assert_eq!(expand_home("~/a.csv"), home.join("a.csv"));
        assert_eq!(expand_home("/tmp/~x.csv"), PathBuf::from("/tmp/~x.csv"));
    }
}
