//! The app's state and its one update function. The loop feeds every [`Msg`] to
//! [`App::update`], which changes state and returns the [`Effect`]s to run; nothing else mutates
//! the state. The screen stack, the overlays (help, confirmation, export prompt), the live pane
//! and the status line live here; each screen's own state lives in its module.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use super::chrome::{self, KeysInUse};
use super::clock::SharedClock;
use super::drawn_text;
use super::effects::SessionInfo;
use super::keymap::{self, Command};
use super::message::{
    AppliedResult, Change, ChangeKind, Effect, Msg, Outcome, RequestId, RequestIds, Target,
};
use super::panes::live::{LivePane, Size};
use super::screens::confirm::{Answer, ConfirmDialog};
use super::screens::export_prompt::{ExportPrompt, PromptAnswer};
use super::screens::meetings::MeetingsScreen;
use super::screens::{Action, Notice, Screen, Ui, capitalize, help};
use super::theme::Theme;
use super::ui_state::UiState;

/// The spinner's frames, one per tick.
const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];
/// Below this size the live pane shrinks to one status line and tables drop columns.
pub const MIN_FULL_WIDTH: u16 = 80;
pub const MIN_FULL_HEIGHT: u16 = 24;
/// Rows of the live strip under the screen (border, three status lines, requests).
const LIVE_STRIP_ROWS: u16 = 8;
/// Rows one notch of the mouse wheel scrolls.
const WHEEL_ROWS: usize = 3;

/// What the app is built with: injected so that tests control time, colours and files.
#[derive(Clone)]
pub struct AppConfig {
    pub theme: Theme,
    pub clock: SharedClock,
    /// Where exports go by default (`<data dir>/exports`).
    pub data_dir: PathBuf,
    /// Where the layout is remembered between runs ([`super::ui_state`]); `None` remembers
    /// nothing (snapshot tests).
    pub ui_state: Option<PathBuf>,
    /// The test hook of debug builds: a background task that panics on purpose.
    #[cfg(debug_assertions)]
    pub injected_panic: Option<super::effects::InjectedPanic>,
}

/// How the app ended, for the process's exit code and last words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppExit {
    /// How to finish each import this session stopped before it finished.
    pub unfinished_imports: Vec<String>,
}

impl AppExit {
    /// An import was interrupted: the app exits 130 (as `regdesk import` cancelled does).
    pub fn interrupted(&self) -> bool {
        !self.unfinished_imports.is_empty()
    }
}

enum Overlay {
    /// The help overlay, scrolled this many rows down.
    Help(u16),
    Confirm(ConfirmDialog),
    Export(ExportPrompt),
}

/// Names one screen on the stack for as long as it is open: outcomes go back to the screen whose
/// work they finish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ScreenId(u64);

/// A screen on the stack with its id.
struct Layer {
    id: ScreenId,
    screen: Box<dyn Screen>,
}

pub struct App {
    config: AppConfig,
    stack: Vec<Layer>,
    /// The last screen id handed out.
    last_screen_id: u64,
    /// Which screen started each piece of work still running; outcomes of work whose screen
    /// closed are dropped.
    requesters: HashMap<RequestId, ScreenId>,
    overlay: Option<Overlay>,
    live: LivePane,
    ids: RequestIds,
    notice: Option<Notice>,
    session_label: Option<String>,
    /// Changes and exports the app itself waits for.
    in_flight: HashMap<RequestId, InFlight>,
    spinner_step: usize,
    quit: bool,
    /// Imports of this session stopped before they finished, by journal: how to finish each.
    unfinished_imports: BTreeMap<PathBuf, String>,
    /// The session is the in-memory demo (nothing of its imports outlives the app).
    demo: bool,
    /// The terminal's size, as the last resize message said (the loop sends one first).
    terminal_size: Option<Rect>,
    /// What `u` does right after a deny or cancel: approve those people again.
    undo: Option<Change>,
    /// The user's time zone, read from the clock once: every time on screen is in it.
    zone: jiff::tz::TimeZone,
}

enum InFlight {
    Change,
    Export,
}

impl App {
    /// An app showing `first` (the login screen, or a placeholder until the session arrives).
    pub fn new(config: AppConfig, first: Box<dyn Screen>) -> Self {
        let remembered = config
            .ui_state
            .as_deref()
            .map(UiState::load)
            .unwrap_or_default();
        let mut live = LivePane::new();
        if remembered.live_pane_hidden {
            live.toggle_collapsed();
        }
        let zone = config.clock.zone();
        let mut app = App {
            config,
            stack: Vec::new(),
            last_screen_id: 0,
            requesters: HashMap::new(),
            overlay: None,
            live,
            ids: RequestIds::default(),
            notice: None,
            session_label: None,
            in_flight: HashMap::new(),
            spinner_step: 0,
            quit: false,
            unfinished_imports: BTreeMap::new(),
            demo: false,
            terminal_size: None,
            undo: None,
            zone,
        };
        app.open(first);
        app
    }

    /// Puts `screen` on top of the stack under a new id, which it returns.
    fn open(&mut self, mut screen: Box<dyn Screen>) -> ScreenId {
        screen.set_time_zone(&self.zone);
        self.last_screen_id += 1;
        let id = ScreenId(self.last_screen_id);
        self.stack.push(Layer { id, screen });
        id
    }

    fn top(&self) -> Option<&dyn Screen> {
        self.stack.last().map(|layer| layer.screen.as_ref())
    }

    /// Remembers that `requester` started `effects`, so that their outcomes go back to it.
    fn started_by(&mut self, requester: ScreenId, effects: Vec<Effect>) -> Vec<Effect> {
        for request in effects.iter().filter_map(Effect::request) {
            self.requesters.insert(request, requester);
        }
        effects
    }

    /// The top screen's `start`, its work remembered as the top screen's.
    fn start_top(&mut self) -> Vec<Effect> {
        let Some(layer) = self.stack.last_mut() else {
            return Vec::new();
        };
        let (id, effects) = (layer.id, layer.screen.start(&mut self.ids));
        self.started_by(id, effects)
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// How the app ends: the imports left unfinished, to be named after the terminal is back.
    pub fn exit(&self) -> AppExit {
        AppExit {
            unfinished_imports: self.unfinished_imports.values().cloned().collect(),
        }
    }

    /// The work of the first screen.
    pub fn start(&mut self) -> Vec<Effect> {
        let mut effects = self.start_top();
        effects.extend(self.fit_top_screen());
        effects
    }

    /// Tells every screen on the stack the area it draws in (the terminal less the app's rows),
    /// so that it can fetch what the area newly shows and keep its scroll offsets right; a
    /// screen under another hears it too, and is ready when it shows again. Screens ignore an
    /// area they already know.
    fn fit_top_screen(&mut self) -> Vec<Effect> {
        let Some(size) = self.terminal_size else {
            return Vec::new();
        };
        let [_, body, _, _] = self.layout(size);
        let mut started = Vec::new();
        for layer in &mut self.stack {
            let effects = layer.screen.resize(body, &mut self.ids);
            started.push((layer.id, effects));
        }
        started
            .into_iter()
            .flat_map(|(id, effects)| self.started_by(id, effects))
            .collect()
    }

    /// A session began: the meetings screen replaces whatever was shown.
    /// When the login found features the app's scopes leave out, the status line names them.
    pub fn on_session(&mut self, info: SessionInfo) -> Vec<Effect> {
        self.notice = (!info.disabled_features.is_empty()).then(|| {
            Notice::info(format!(
                "Missing scopes disable: {}. `regdesk doctor` names the scopes to add.",
                info.disabled_features.join("; ")
            ))
        });
        self.show_session(info);
        self.overlay = None;
        self.stack.clear();
        self.requesters.clear();
        self.open(Box::new(MeetingsScreen::new()));
        self.start()
    }

    /// Shows a session's label and live state, keeping the screens.
    pub fn show_session(&mut self, info: SessionInfo) {
        self.live.reset(&info);
        self.demo = info.demo;
        self.session_label = Some(info.label);
    }

    /// Handles one message; then the top screen learns its area, which a resize, the live pane or
    /// a new screen may have changed.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let mut effects = self.handle(msg);
        effects.extend(self.fit_top_screen());
        effects
    }

    fn handle(&mut self, msg: Msg) -> Vec<Effect> {
        #[cfg(debug_assertions)]
        if self.config.injected_panic == Some(super::effects::InjectedPanic::HandlingRegistrants)
            && matches!(
                msg,
                Msg::Done {
                    outcome: Outcome::Registrants(_),
                    ..
                }
            )
        {
            panic!(
                "a panic in the app loop while handling registrants, on purpose (the debug test hook)"
            );
        }
        match msg {
            Msg::Input(Event::Key(key)) if key.kind == KeyEventKind::Press => self.on_key(&key),
            Msg::Input(Event::Paste(text)) => {
                match &mut self.overlay {
                    Some(Overlay::Export(prompt)) => prompt.path.paste(&text),
                    _ => {
                        if let Some(layer) = self.stack.last_mut() {
                            layer.screen.handle_paste(&text);
                        }
                    }
                }
                Vec::new()
            }
            Msg::Input(Event::Resize(width, height)) => {
                self.terminal_size = Some(Rect::new(0, 0, width, height));
                Vec::new()
            }
            Msg::Input(Event::Mouse(mouse)) => self.on_mouse(&mouse),
            Msg::Input(_) => Vec::new(),
            Msg::Tick => {
                self.spinner_step = self.spinner_step.wrapping_add(1);
                let now = self.config.clock.now();
                let Some(layer) = self.stack.last_mut() else {
                    return Vec::new();
                };
                let (id, effects) = (
                    layer.id,
                    layer.screen.tick(now, self.live.limits(), &mut self.ids),
                );
                self.started_by(id, effects)
            }
            Msg::Client(event) => {
                self.live.on_event(event, self.config.clock.now());
                Vec::new()
            }
            Msg::Done { request, outcome } => self.on_outcome(request, outcome),
            // The loop hands sessions to the runner and calls `on_session`, and stops on a panic.
            Msg::SessionReady(_) | Msg::TaskPanicked(_) => Vec::new(),
        }
    }

    fn on_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        if keymap::is_force_quit(key) {
            // An import asks before it stops, and the app quits once its journal and report are
            // written; a second Ctrl-C while it stops quits at once (the journal survives that).
            if let Some(layer) = self
                .stack
                .last_mut()
                .filter(|layer| layer.screen.holds_quit())
            {
                self.overlay = None;
                return match layer.screen.handle_key(key, &mut self.ids) {
                    Some(action) => self.perform(action),
                    None => Vec::new(),
                };
            }
            self.quit = true;
            return Vec::new();
        }
        if let Some(overlay) = &mut self.overlay {
            match overlay {
                Overlay::Help(scroll) => {
                    let page = self
                        .terminal_size
                        .map_or(10, |size| size.height.saturating_sub(6).max(1));
                    match help::scroll_key(key, *scroll, page) {
                        help::HelpKey::Scroll(to) => *scroll = to,
                        help::HelpKey::Close => self.overlay = None,
                        help::HelpKey::Ignored => {}
                    }
                }
                Overlay::Confirm(dialog) => match dialog.handle_key(key) {
                    Some(Answer::Yes) => {
                        let change = dialog.change.clone();
                        self.overlay = None;
                        return self.apply(change);
                    }
                    Some(Answer::No) => {
                        self.overlay = None;
                        self.notice = Some(Notice::info("Nothing changed."));
                    }
                    None => {}
                },
                Overlay::Export(prompt) => match prompt.handle_key(key) {
                    Some(PromptAnswer::Export(path)) => {
                        let (event, occurrence) = (prompt.event, prompt.occurrence.clone());
                        self.overlay = None;
                        let request = self.ids.next_id();
                        self.in_flight.insert(request, InFlight::Export);
                        self.notice =
                            Some(Notice::info(format!("Exporting to {}…", path.display())));
                        return vec![Effect::Export {
                            request,
                            event,
                            occurrence,
                            path,
                        }];
                    }
                    Some(PromptAnswer::Cancel) => self.overlay = None,
                    None => {}
                },
            }
            return Vec::new();
        }
        if self.live.is_focused() {
            self.live.handle_key(key);
            return Vec::new();
        }
        let typing = self.top().is_some_and(|screen| screen.is_typing());
        // Keys every screen shares; a screen that wants them differently binds them itself.
        // Help also opens from text inputs, by a key that does not type (F1).
        match keymap::command_for(&[], key) {
            Some(Command::ToggleLive) if !typing => {
                self.live.toggle();
                return Vec::new();
            }
            Some(Command::HideLive) if !typing => {
                self.live.toggle_collapsed();
                let Some(path) = self.config.ui_state.clone() else {
                    return Vec::new();
                };
                let state = UiState {
                    live_pane_hidden: self.live.is_collapsed(),
                };
                return vec![Effect::RememberUi { path, state }];
            }
            Some(Command::Help) if !typing || !keymap::types_text(key) => {
                self.overlay = Some(Overlay::Help(0));
                return Vec::new();
            }
            _ => {}
        }
        let scopes = self.top().map(|screen| screen.scopes()).unwrap_or(&[]);
        if !typing && keymap::command_for(scopes, key) == Some(Command::Undo) {
            return match self.undo.take() {
                Some(change) => self.apply(change),
                None => {
                    self.notice = Some(Notice::info(
                        "Nothing to undo: u approves again whoever the last deny or cancel moved.",
                    ));
                    Vec::new()
                }
            };
        }
        if !typing && keymap::command_for(&[], key) == Some(Command::Refresh) {
            return self.start_top();
        }
        let Some(layer) = self.stack.last_mut() else {
            return Vec::new();
        };
        let action = layer.screen.handle_key(key, &mut self.ids);
        match action {
            Some(action) => self.perform(action),
            None => Vec::new(),
        }
    }

    /// The wheel scrolls what is under the pointer (the enlarged live pane, else the screen's
    /// list) by [`WHEEL_ROWS`]; a click goes to the screen it lands on. Overlays take neither.
    fn on_mouse(&mut self, mouse: &MouseEvent) -> Vec<Effect> {
        if self.overlay.is_some() {
            return Vec::new();
        }
        let code = match mouse.kind {
            MouseEventKind::ScrollDown => KeyCode::Down,
            MouseEventKind::ScrollUp => KeyCode::Up,
            MouseEventKind::Down(MouseButton::Left) => {
                if self.live.is_focused() {
                    return Vec::new();
                }
                let Some(layer) = self.stack.last_mut() else {
                    return Vec::new();
                };
                let action = layer
                    .screen
                    .handle_click(mouse.column, mouse.row, &mut self.ids);
                return action.map_or_else(Vec::new, |action| self.perform(action));
            }
            _ => return Vec::new(),
        };
        let step = KeyEvent::from(code);
        let mut effects = Vec::new();
        for _ in 0..WHEEL_ROWS {
            if self.live.is_focused() {
                self.live.handle_key(&step);
                continue;
            }
            let Some(layer) = self.stack.last_mut() else {
                break;
            };
            if layer.screen.is_typing() {
                break;
            }
            if let Some(action) = layer.screen.handle_key(&step, &mut self.ids) {
                effects.extend(self.perform(action));
            }
        }
        effects
    }

    /// Does what the top screen asked.
    fn perform(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Back => {
                self.notice = None;
                if self.stack.len() <= 1 {
                    self.quit = true;
                    return Vec::new();
                }
                let handback = self
                    .stack
                    .pop()
                    .and_then(|mut closed| closed.screen.handback(self.config.clock.now()));
                match (handback, self.stack.last_mut()) {
                    (Some(handback), Some(below)) => {
                        let (id, effects) = (
                            below.id,
                            below.screen.take_handback(handback, &mut self.ids),
                        );
                        self.started_by(id, effects)
                    }
                    (None, Some(below)) => {
                        let (id, effects) = (below.id, below.screen.shown_again(&mut self.ids));
                        self.started_by(id, effects)
                    }
                    _ => Vec::new(),
                }
            }
            Action::Quit => {
                self.quit = true;
                Vec::new()
            }
            Action::Push(screen) => {
                self.notice = None;
                self.open(screen);
                self.start_top()
            }
            Action::Confirm(change) if change.targets.is_empty() => {
                self.notice = Some(nothing_to_change(&change));
                Vec::new()
            }
            Action::Confirm(change) => {
                self.overlay = Some(Overlay::Confirm(ConfirmDialog::new(change)));
                Vec::new()
            }
            Action::Export {
                event,
                occurrence,
                default_name,
            } => {
                let stamp = self.config.clock.now().strftime("%Y%m%d-%H%M%S");
                let path = self
                    .config
                    .data_dir
                    .join("exports")
                    .join(format!("{default_name}-{stamp}.csv"));
                self.overlay = Some(Overlay::Export(ExportPrompt::new(event, occurrence, path)));
                Vec::new()
            }
            Action::Copy { text, what } => {
                self.notice = Some(Notice::success(format!(
                    "Copied {what} to the clipboard (OSC 52; in tmux: set -g set-clipboard on)."
                )));
                vec![Effect::Copy { text }]
            }
            Action::Run(effects) => match self.stack.last().map(|layer| layer.id) {
                Some(top) => self.started_by(top, effects),
                None => Vec::new(),
            },
            Action::Notify(notice) => {
                self.notice = Some(notice);
                Vec::new()
            }
            Action::ImportEnded {
                journal,
                resume_hint,
                then_quit,
            } => {
                match resume_hint {
                    Some(_) if self.demo => {
                        self.unfinished_imports.insert(
                            journal,
                            "An import into the demo stopped before it finished; the demo keeps nothing once regdesk quits, so there is nothing to resume.".to_owned(),
                        );
                    }
                    Some(hint) => {
                        self.unfinished_imports.insert(journal, hint);
                    }
                    None => {
                        self.unfinished_imports.remove(&journal);
                    }
                }
                self.quit |= then_quit;
                Vec::new()
            }
        }
    }

    fn apply(&mut self, change: Change) -> Vec<Effect> {
        self.undo = None;
        let request = self.ids.next_id();
        self.in_flight.insert(request, InFlight::Change);
        self.notice = Some(Notice::info(format!(
            "Sending: {} {} registrant{}…",
            change.kind.verb(),
            change.targets.len(),
            if change.targets.len() == 1 { "" } else { "s" }
        )));
        vec![Effect::Apply { request, change }]
    }

    fn on_outcome(&mut self, request: RequestId, outcome: Outcome) -> Vec<Effect> {
        if self.in_flight.remove(&request).is_some() {
            return self.on_own_outcome(outcome);
        }
        // The screen that started this work takes it; work of a closed screen is dropped, and so
        // is work the screen no longer waits for (a newer load replaced it).
        let requester = if outcome.is_final() {
            self.requesters.remove(&request)
        } else {
            self.requesters.get(&request).copied()
        };
        let Some(index) = requester
            .and_then(|requester| self.stack.iter().position(|layer| layer.id == requester))
        else {
            tracing::debug!("dropped the outcome of {request:?}: its screen closed");
            return Vec::new();
        };
        let is_top = index + 1 == self.stack.len();
        let layer = &mut self.stack[index];
        let requester = layer.id;
        match layer.screen.accept(request, outcome, &mut self.ids) {
            Ok(Some(action)) if is_top => self.perform(action),
            Ok(Some(Action::Run(effects))) => self.started_by(requester, effects),
            Ok(_) => Vec::new(),
            Err(_) => {
                tracing::debug!("dropped a stale outcome of {request:?}");
                Vec::new()
            }
        }
    }

    fn on_own_outcome(&mut self, outcome: Outcome) -> Vec<Effect> {
        match outcome {
            Outcome::Applied(applied) => {
                let (change, result) = (applied.change, applied.result);
                self.undo = change.way_back(&done_targets(&change, &result));
                let mut notice = describe_applied(&change, &result);
                if let Some(undo) = &self.undo {
                    let people = undo.targets.len();
                    notice.text.push_str(&format!(
                        " u: approve {} again.",
                        if people == 1 { "them" } else { "them all" }
                    ));
                }
                self.notice = Some(notice);
                self.stack
                    .retain(|layer| !layer.screen.closes_after(&change));
                let mut started = Vec::new();
                for layer in &mut self.stack {
                    let effects = layer.screen.after_change(&change, &mut self.ids);
                    started.push((layer.id, effects));
                }
                started
                    .into_iter()
                    .flat_map(|(requester, effects)| self.started_by(requester, effects))
                    .collect()
            }
            Outcome::Exported(result) => {
                self.notice = Some(match result {
                    Ok((path, count)) => Notice::success(format!(
                        "Exported {count} registrants to {}",
                        path.display()
                    )),
                    Err(problem) => Notice::error(format!("Export failed: {}", problem.describe())),
                });
                Vec::new()
            }
            other => {
                tracing::debug!("unexpected outcome for the app: {other:?}");
                Vec::new()
            }
        }
    }

    /// The title row, the screen's area, the live pane and the status row of a terminal of
    /// `area`; render and update share it so that screens fetch for the area they are drawn in.
    fn layout(&self, area: Rect) -> [Rect; 4] {
        let small = area.width < MIN_FULL_WIDTH || area.height < MIN_FULL_HEIGHT;
        let live_rows = if self.live.is_focused() {
            area.height.saturating_sub(2) * 3 / 5
        } else if small || self.live.is_collapsed() || self.session_label.is_none() {
            u16::from(self.session_label.is_some())
        } else {
            LIVE_STRIP_ROWS
        };
        Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(live_rows),
            Constraint::Length(1),
        ])
        .areas(area)
    }

    pub fn render(&self, frame: &mut Frame) {
        let area = frame.area();
        let ui = Ui {
            theme: &self.config.theme,
            now: self.config.clock.now(),
            zone: &self.zone,
            spinner: SPINNER[self.spinner_step % SPINNER.len()],
        };
        let small = area.width < MIN_FULL_WIDTH || area.height < MIN_FULL_HEIGHT;
        let [title, body, live, status] = self.layout(area);
        let titles: Vec<String> = self
            .stack
            .iter()
            .map(|layer| drawn_text::safe(&layer.screen.title()))
            .collect();
        chrome::render_title(frame, title, &ui, &titles, self.session_label.as_deref());
        if let Some(screen) = self.top() {
            screen.render(frame, body, &ui);
        }
        if live.height > 0 {
            match (self.live.size(), small || self.live.is_collapsed()) {
                (Size::Large, _) => self.live.render_large(frame, live, &ui),
                (Size::Normal, true) => self.live.render_compact(frame, live, &ui),
                (Size::Normal, false) => self.live.render_strip(frame, live, &ui),
            }
        }
        let offers = |command: Command| match command {
            Command::Undo => self.undo.is_some(),
            command => self.top().is_none_or(|screen| screen.offers(command)),
        };
        let keys = KeysInUse {
            scopes: self.top().map(|screen| screen.scopes()).unwrap_or(&[]),
            typing: self.top().is_some_and(|screen| screen.is_typing()),
            top: self.stack.len() == 1,
            offers: &offers,
        };
        chrome::render_status(frame, status, &ui, self.notice.as_ref(), &keys);
        match &self.overlay {
            Some(Overlay::Help(scroll)) => {
                let scopes = self.top().map(|screen| screen.scopes()).unwrap_or(&[]);
                let typing = self.top().is_some_and(|screen| screen.is_typing());
                help::render(frame, area, scopes, typing, *scroll, &ui);
            }
            Some(Overlay::Confirm(dialog)) => dialog.render(frame, area, &ui),
            Some(Overlay::Export(prompt)) => prompt.render(frame, area, &ui),
            None => {}
        }
        drawn_text::scrub(frame.buffer_mut());
    }
}

/// The status line when a change applies to nobody chosen: who stays as they are and why.
fn nothing_to_change(change: &Change) -> Notice {
    let ChangeKind::Status(action) = change.kind else {
        return Notice::info("No registrant to change here.");
    };
    let Some(first) = change.unchanged.first() else {
        return Notice::info("No registrant to change here.");
    };
    let why = crate::zoom::status_rules::why_unchanged(&first.status, action);
    let who = if change.unchanged.len() == 1 {
        first.name.clone()
    } else {
        format!("{} people", change.unchanged.len())
    };
    Notice::info(format!(
        "Nothing to {}: {who} {} {why}. Nothing was sent.",
        action.as_str(),
        if change.unchanged.len() == 1 {
            "is"
        } else {
            "are"
        },
    ))
}

/// The targets Zoom accepted the change for.
fn done_targets(change: &Change, result: &AppliedResult) -> Vec<Target> {
    match result {
        AppliedResult::Status(Ok(outcome)) => change
            .targets
            .iter()
            .filter(|target| outcome.done.iter().any(|done| done.id == target.id))
            .cloned()
            .collect(),
        _ => Vec::new(),
    }
}

fn describe_applied(change: &Change, result: &AppliedResult) -> Notice {
    let notice = describe_sent(change, result);
    if change.unchanged.is_empty() {
        return notice;
    }
    let left = change.unchanged.len();
    let why = match change.kind {
        ChangeKind::Status(action) => format!(
            " ({})",
            crate::zoom::status_rules::why_unchanged(&change.unchanged[0].status, action)
        ),
        ChangeKind::Delete => String::new(),
    };
    Notice {
        text: format!("{} {left} left as they were{why}.", notice.text),
        ..notice
    }
}

fn describe_sent(change: &Change, result: &AppliedResult) -> Notice {
    let past = change.kind.past();
    match result {
        AppliedResult::Status(Ok(outcome)) if outcome.failed.is_empty() => {
            let calls = outcome.done.len().div_ceil(crate::zoom::CHUNK_SIZE);
            Notice::success(format!(
                "{} {} registrant{} ({calls} call{}).",
                capitalize(past),
                outcome.done.len(),
                if outcome.done.len() == 1 { "" } else { "s" },
                if calls == 1 { "" } else { "s" }
            ))
        }
        AppliedResult::Status(Ok(outcome)) => {
            let failed: usize = outcome
                .failed
                .iter()
                .map(|failure| failure.items.len())
                .sum();
            let why = outcome
                .failed
                .first()
                .map(|failure| failure.error.diagnosis().summary)
                .unwrap_or_default();
            Notice::error(format!(
                "{} {}, {failed} not: {why}",
                capitalize(past),
                outcome.done.len()
            ))
        }
        AppliedResult::Status(Err(error)) => {
            Notice::error(format!("Nothing {past}: {}", error.diagnosis().summary))
        }
        AppliedResult::Deleted(results) => {
            let done = results.iter().filter(|result| result.is_ok()).count();
            match results.iter().find_map(|result| result.as_ref().err()) {
                None => Notice::success(format!(
                    "Deleted {done} registrant{}.",
                    if done == 1 { "" } else { "s" }
                )),
                Some(error) => Notice::error(format!(
                    "Deleted {done} of {}: {}",
                    results.len(),
                    error.diagnosis().summary
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixtures::{self, app_with, deliver, render, request_of};
    use crate::tui::screens::detail::DetailScreen;
    use crate::tui::screens::login::LoginScreen;
    use crate::tui::screens::registrants::RegistrantsScreen;
    use crate::tui::testing::key;
    use crate::zoom::EventRef;
    use crossterm::event::KeyCode;

    fn press(app: &mut App, code: KeyCode) {
        app.update(Msg::Input(Event::Key(key(code))));
    }

    /// A screen that takes every outcome it is offered, as a screen that forgot to check ids
    /// would; counts them.
    struct TakesEverything {
        taken: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    }

    impl Screen for TakesEverything {
        fn title(&self) -> String {
            "Takes everything".to_owned()
        }
        fn scopes(&self) -> &'static [keymap::Scope] {
            &[]
        }
        fn start(&mut self, _ids: &mut RequestIds) -> Vec<Effect> {
            Vec::new()
        }
        fn handle_key(&mut self, _key: &KeyEvent, _ids: &mut RequestIds) -> Option<Action> {
            None
        }
        fn accept(
            &mut self,
            _request: RequestId,
            _outcome: Outcome,
            _ids: &mut RequestIds,
        ) -> Result<Option<Action>, Outcome> {
            self.taken.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(None)
        }
        fn render(&self, _frame: &mut Frame, _area: Rect, _ui: &Ui) {}
    }

    fn takes_everything() -> (
        Box<dyn Screen>,
        std::sync::Arc<std::sync::atomic::AtomicUsize>,
    ) {
        let taken = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let screen = TakesEverything {
            taken: std::sync::Arc::clone(&taken),
        };
        (Box::new(screen), taken)
    }

    /// The meetings list arrives while another screen is on top: it goes to the meetings screen,
    /// which asked for it, and shows when the user comes back.
    #[test]
    fn an_outcome_goes_to_the_screen_that_asked_even_under_another() {
        let (mut app, effects) = app_with(Box::new(MeetingsScreen::new()), true);
        let request = request_of(&effects, |effect| match effect {
            Effect::LoadEvents { request, .. } => Some(*request),
            _ => None,
        });
        let (on_top, taken) = takes_everything();
        app.perform(Action::Push(on_top));
        let started = deliver(&mut app, request, Outcome::Events(Ok(fixtures::events())));
        assert_eq!(taken.load(std::sync::atomic::Ordering::SeqCst), 0);
        assert!(
            started
                .iter()
                .any(|effect| matches!(effect, Effect::LoadEvent { .. })),
            "the meetings screen asks for the settings of its rows: {started:?}"
        );
        app.perform(Action::Back);
        let screen = render(&app, 120, 30);
        assert!(screen.contains("Quarterly Product Roadmap"), "{screen}");
    }

    /// Registrants arrive after their screen closed: nobody takes them.
    #[test]
    fn an_outcome_of_a_closed_screen_is_dropped() {
        let (below, taken) = takes_everything();
        let (mut app, _) = app_with(below, true);
        let event = EventRef::meeting(86_350_218_847);
        let started = app.perform(Action::Push(Box::new(RegistrantsScreen::new(
            event,
            "Board".to_owned(),
            None,
        ))));
        let request = request_of(&started, |effect| match effect {
            Effect::LoadRegistrants { request, .. } => Some(*request),
            _ => None,
        });
        app.perform(Action::Back);
        let effects = deliver(
            &mut app,
            request,
            Outcome::Registrants(Ok(fixtures::registrants(3, 1, 1))),
        );
        assert!(effects.is_empty(), "{effects:?}");
        assert_eq!(taken.load(std::sync::atomic::Ordering::SeqCst), 0);
    }

    /// Three screens deep: "regdesk" and where the user is stay readable at every width; the
    /// middle of the path goes first, then the session label, then the start of the path.
    #[test]
    fn a_plain_file_badge_shrinks_in_the_title_row_but_never_goes() {
        let (mut app, _) = app_with(Box::new(MeetingsScreen::new()), false);
        let mut info = crate::tui::fixtures::session_info();
        let badge = crate::secrets::StoreKind::PlainFile
            .warning_badge()
            .expect("the plain file has a badge");
        info.label = format!("acme {badge}");
        app.show_session(info);
        for (width, expected) in [
            (200, "regdesk `regdesk login` again"),
            (120, "secret stored UNENCRYPTED in a file (0600)"),
            (60, "acme ⚠ UNENCRYPTED secret"),
            (30, "⚠ UNENCRYPTED"),
        ] {
            let screen = render(&app, width, 24);
            let title = screen.lines().next().unwrap_or_default().trim_end();
            let wanted = expected.trim_start_matches("regdesk ");
            assert!(title.contains(wanted), "at {width}: {title}");
            assert!(title.contains("⚠"), "at {width}: {title}");
        }
    }

    #[test]
    fn title_row_keeps_regdesk_and_the_current_screen_eliding_the_middle() {
        let topic = "Customer Advisory Board — Spring Session";
        let event = EventRef::meeting(86_350_218_847);
        let (mut app, _) = app_with(Box::new(MeetingsScreen::new()), true);
        app.perform(Action::Push(Box::new(RegistrantsScreen::new(
            event,
            topic.to_owned(),
            None,
        ))));
        app.perform(Action::Push(Box::new(
            crate::tui::screens::add_form::AddFormScreen::new(event, topic.to_owned(), None, None),
        )));
        let mut rows = String::new();
        for width in [160, 120, 100, 80, 60, 30] {
            let screen = render(&app, width, 24);
            let title = screen.lines().next().unwrap_or_default().trim_end();
            assert!(title.starts_with(" regdesk "), "{title}");
            assert!(title.contains("Add registrants"), "{title}");
            rows.push_str(&format!("{width:>3}: {title}\n"));
        }
        insta::assert_snapshot!(rows);
    }

    /// Every screen and overlay, drawn at sizes down to one cell, and resized between frames.
    #[test]
    fn tiny_and_changing_sizes_never_panic() {
        let event = EventRef::meeting(86_350_218_847);
        let mut apps = Vec::new();
        let (mut registrants, effects) = app_with(
            Box::new(RegistrantsScreen::new(
                event,
                "Board".to_owned(),
                Some(fixtures::detail(
                    event.id,
                    1,
                    &[("1", "2026-12-01T10:00:00Z")],
                )),
            )),
            true,
        );
        let request = request_of(&effects, |effect| match effect {
            Effect::LoadRegistrants { request, .. } => Some(*request),
            _ => None,
        });
        deliver(
            &mut registrants,
            request,
            Outcome::Registrants(Ok(fixtures::registrants(50, 5, 1))),
        );
        apps.push(registrants);
        apps.push(app_with(Box::new(MeetingsScreen::new()), true).0);
        apps.push(
            app_with(
                Box::new(DetailScreen::new(
                    event,
                    None,
                    fixtures::registrant(1, "approved"),
                )),
                true,
            )
            .0,
        );
        apps.push(
            app_with(
                Box::new(LoginScreen::new("default".to_owned(), None)),
                false,
            )
            .0,
        );
        let sizes = [
            (1, 1),
            (10, 3),
            (30, 8),
            (79, 23),
            (80, 24),
            (200, 60),
            (40, 5),
        ];
        for app in &mut apps {
            for keys in [
                &[][..],
                &[KeyCode::Char('?')],
                &[KeyCode::Char('L'), KeyCode::Up],
                &[KeyCode::Char('o')],
                &[KeyCode::Char('*'), KeyCode::Char('A')],
                &[KeyCode::Char('e')],
            ] {
                for code in keys {
                    press(app, *code);
                }
                for (width, height) in sizes {
                    render(app, width, height);
                }
                press(app, KeyCode::Esc);
                press(app, KeyCode::Esc);
            }
        }
    }
}
