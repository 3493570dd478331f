//! The screens. Each module owns one screen's state, how it draws, how it reads keys
//! (`handle_key -> Option<Action>`), how it takes the outcome of the work it started, and its
//! tests. The app keeps a stack of them (`Esc` pops) and knows them only through [`Screen`].
//!
//! Adding a screen: a module here with a struct implementing [`Screen`]; another screen opens it
//! by returning [`Action::Push`].

pub mod add_form;
pub mod attendance;
pub mod confirm;
pub mod copy_to;
pub mod detail;
pub mod export_prompt;
pub mod help;
pub mod import_wizard;
pub mod login;
pub mod meetings;
pub mod registrants;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::keymap::{Command, Scope};
use super::message::{Change, Effect, Outcome, RequestId, RequestIds};
use super::theme::Theme;
use crate::zoom::{EventRef, Registrant};

/// What a screen asks of the app after a key or an outcome.
pub enum Action {
    /// Close this screen (or quit from the top one).
    Back,
    Quit,
    /// Open a screen on top of this one.
    Push(Box<dyn Screen>),
    /// Ask for confirmation, then apply the change.
    Confirm(Change),
    /// Ask where to write the CSV, then export.
    Export {
        event: EventRef,
        occurrence: Option<String>,
        default_name: String,
    },
    /// Copy to the clipboard, saying what was copied.
    Copy {
        text: String,
        what: String,
    },
    /// Start work (loads the screen issued itself with fresh request ids).
    Run(Vec<Effect>),
    /// A message for the status line.
    Notify(Notice),
    /// An import run ended. `resume_hint` (an unfinished import) says how to finish it: the app
    /// prints it when it ends, and exits 130; `then_quit` quits now (the user stopped the import
    /// with `q` or Ctrl-C).
    ImportEnded {
        journal: std::path::PathBuf,
        resume_hint: Option<String>,
        then_quit: bool,
    },
}

impl std::fmt::Debug for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Action::Back => f.write_str("Back"),
            Action::Quit => f.write_str("Quit"),
            Action::Push(screen) => write!(f, "Push({})", screen.title()),
            Action::Confirm(change) => write!(f, "Confirm({change:?})"),
            Action::Export { event, .. } => write!(f, "Export({event:?})"),
            Action::Copy { what, .. } => write!(f, "Copy({what})"),
            Action::Run(effects) => write!(f, "Run({effects:?})"),
            Action::Notify(notice) => write!(f, "Notify({notice:?})"),
            Action::ImportEnded {
                journal, then_quit, ..
            } => write!(f, "ImportEnded({}, quit: {then_quit})", journal.display()),
        }
    }
}

/// A status-line message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: Level,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Success,
    Error,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Notice {
            level: Level::Info,
            text: text.into(),
        }
    }

    pub fn success(text: impl Into<String>) -> Self {
        Notice {
            level: Level::Success,
            text: text.into(),
        }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Notice {
            level: Level::Error,
            text: text.into(),
        }
    }
}

/// The client's rate-limit state per category, as the live pane last heard it.
pub type Limits = std::collections::BTreeMap<crate::zoom::Category, crate::zoom::RateLimitSnapshot>;

/// What every render call may read besides the screen's own state.
pub struct Ui<'a> {
    pub theme: &'a Theme,
    pub now: jiff::Timestamp,
    /// The user's time zone: times are shown in it ([`crate::tui::clock`]).
    pub zone: &'a jiff::tz::TimeZone,
    /// The current frame of the loading spinner.
    pub spinner: &'static str,
}

/// One screen of the app.
pub trait Screen: Send {
    /// The title bar text, e.g. the meeting's topic.
    fn title(&self) -> String;
    /// The keymap scopes this screen reads keys in (the help overlay lists them).
    fn scopes(&self) -> &'static [Scope];
    /// The work to do when the screen opens and on `r`.
    fn start(&mut self, ids: &mut RequestIds) -> Vec<Effect>;
    fn handle_key(&mut self, key: &KeyEvent, ids: &mut RequestIds) -> Option<Action>;
    /// Bracketed paste: text for the focused input, if any.
    fn handle_paste(&mut self, _text: &str) {}
    /// Takes the outcome of work this screen started; hands back outcomes it did not start.
    fn accept(
        &mut self,
        request: RequestId,
        outcome: Outcome,
        ids: &mut RequestIds,
    ) -> Result<Option<Action>, Outcome>;
    /// The user's time zone, told once as the screen opens: times are shown in it (a screen
    /// that only draws times reads it from [`Ui`] instead).
    fn set_time_zone(&mut self, _zone: &jiff::tz::TimeZone) {}
    /// The area this screen is drawn in changed (the terminal was resized, the live pane grew):
    /// the work to do for what the area newly shows. Render only draws; it never records sizes.
    fn resize(&mut self, _area: Rect, _ids: &mut RequestIds) -> Vec<Effect> {
        Vec::new()
    }
    fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui);
    /// A text input has focus: letters type instead of firing bindings.
    fn is_typing(&self) -> bool {
        false
    }
    /// Registrants of `change.event` changed (a confirmed change finished).
    fn after_change(&mut self, _change: &Change, _ids: &mut RequestIds) -> Vec<Effect> {
        Vec::new()
    }
    /// Whether this screen should close after `change` (the registrant it shows is gone).
    fn closes_after(&self, _change: &Change) -> bool {
        false
    }
    /// What this screen tells the screen below it when it closes: the people it registered, or
    /// that registrants changed. `now` stamps registrations known only from Zoom's answers.
    fn handback(&mut self, _now: jiff::Timestamp) -> Option<Handback> {
        None
    }
    /// The screen above closed and handed this back: the work to do (none when the screen can
    /// show the change itself).
    fn take_handback(&mut self, _handback: Handback, _ids: &mut RequestIds) -> Vec<Effect> {
        Vec::new()
    }
    /// The screen above closed without handing anything back: the work to do now that this
    /// screen shows again (what it put off while covered).
    fn shown_again(&mut self, _ids: &mut RequestIds) -> Vec<Effect> {
        Vec::new()
    }
    /// Work runs that quitting would cut off (an import sending rows): Ctrl-C goes to the screen,
    /// which asks first and ends the work cleanly, instead of quitting at once.
    fn holds_quit(&self) -> bool {
        false
    }
    /// Whether `command` applies to what the screen shows now (the hint row leaves out keys
    /// that would do nothing, such as cancel on a pending person).
    fn offers(&self, _command: Command) -> bool {
        true
    }
    /// The loop's tick (every [`crate::tui::event_loop::TICK`]) reaches the top screen: the work
    /// that is due at `now` (a watched list's next look), paced by the client's rate-limit state.
    fn tick(
        &mut self,
        _now: jiff::Timestamp,
        _limits: &Limits,
        _ids: &mut RequestIds,
    ) -> Vec<Effect> {
        Vec::new()
    }
    /// A mouse click at (`column`, `row`) of the terminal, inside the screen's area.
    fn handle_click(&mut self, _column: u16, _row: u16, _ids: &mut RequestIds) -> Option<Action> {
        None
    }
}

/// The one way a closing screen refreshes the screen below it ([`Screen::handback`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Handback {
    /// These people were registered for `event` (built from Zoom's answers): a list of the
    /// event can show them without listing again.
    Registered {
        event: EventRef,
        registrants: Vec<Registrant>,
    },
    /// Registrants of `event` changed in ways only a new listing shows (an import).
    Reload { event: EventRef },
    /// Registrants of these events changed (an import into several events).
    ReloadMany { events: Vec<EventRef> },
}

/// The cursor of a list and the first row shown. The offset is remembered between frames (a
/// `Cell`, since drawing takes `&self`) so that the view scrolls only when the cursor leaves it.
#[derive(Debug, Default)]
pub struct ListCursor {
    pub selected: usize,
    offset: std::cell::Cell<usize>,
}

/// Rows a page key moves.
pub const PAGE_ROWS: usize = 10;

impl ListCursor {
    /// Applies a movement command to a list of `len` rows; false for other commands.
    pub fn apply(&mut self, command: Command, len: usize) -> bool {
        let last = len.saturating_sub(1);
        self.selected = match command {
            Command::Up => self.selected.saturating_sub(1),
            Command::Down => (self.selected + 1).min(last),
            Command::PageUp => self.selected.saturating_sub(PAGE_ROWS),
            Command::PageDown => (self.selected + PAGE_ROWS).min(last),
            Command::Top => 0,
            Command::Bottom => last,
            _ => return false,
        };
        true
    }

    /// Keeps the cursor inside a list that changed length.
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }

    /// Moves the first row shown so that the cursor is visible in `height` rows. Screens that
    /// know their size call it when keys, loads or resizes move the cursor, so that drawing only
    /// reads [`ListCursor::offset`].
    pub fn follow(&mut self, height: usize) {
        self.offset_for(height);
    }

    /// The first row shown, as [`ListCursor::follow`] left it (never below the cursor).
    pub fn offset(&self) -> usize {
        self.offset.get().min(self.selected)
    }

    /// The first row to show in `height` rows so that the cursor is visible.
    pub fn offset_for(&self, height: usize) -> usize {
        let mut offset = self.offset.get();
        if self.selected < offset {
            offset = self.selected;
        } else if height > 0 && self.selected >= offset + height {
            offset = self.selected + 1 - height;
        }
        self.offset.set(offset);
        offset
    }
}

/// A centered rectangle of at most `width`×`height` inside `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// `word` with its first letter in upper case.
pub fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `text` from outside sanitised for the terminal and cut to `width` terminal columns with an
/// ellipsis (CJK and emoji take two).
pub fn fit(text: &str, width: usize) -> String {
    crate::text::terminal::fit(text, width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasting_leaves_out_escape_sequences_bidi_and_invisible_characters() {
        let mut field = TextField::default();
        field.paste("Ann\u{202E}\u{200B}\u{1b}]0;title\u{7} Lee\n");
        assert_eq!(field.value(), "Ann Lee");
    }

    #[test]
    fn the_cursor_stays_in_the_list_and_the_view_follows_it() {
        let mut cursor = ListCursor::default();
        cursor.apply(Command::Up, 5);
        assert_eq!(cursor.selected, 0);
        cursor.apply(Command::Bottom, 5);
        assert_eq!(cursor.selected, 4);
        assert_eq!(cursor.offset_for(3), 2);
        cursor.apply(Command::Up, 5);
        assert_eq!(
            cursor.offset_for(3),
            2,
            "no scrolling while the cursor is visible"
        );
        cursor.clamp(2);
        assert_eq!(cursor.selected, 1);
        assert_eq!(fit("registrants", 6), "regis…");
    }
}

/// Data a screen loads in the background: the last good value stays on screen while a reload
/// runs; outcomes of any but the latest request are dropped.
#[derive(Debug)]
pub struct Loadable<T> {
    pub data: Option<T>,
    pub pending: Option<RequestId>,
    pub error: Option<crate::zoom::ZoomError>,
}

impl<T> Default for Loadable<T> {
    fn default() -> Self {
        Loadable {
            data: None,
            pending: None,
            error: None,
        }
    }
}

impl<T> Loadable<T> {
    pub fn begin(&mut self, ids: &mut RequestIds) -> RequestId {
        let id = ids.next_id();
        self.pending = Some(id);
        id
    }

    pub fn is_loading(&self) -> bool {
        self.pending.is_some()
    }

    /// Whether `request` is the load this waits for.
    pub fn waits_for(&self, request: RequestId) -> bool {
        self.pending == Some(request)
    }

    pub fn finish(&mut self, result: Result<T, crate::zoom::ZoomError>) {
        self.pending = None;
        match result {
            Ok(data) => {
                self.data = Some(data);
                self.error = None;
            }
            Err(error) => self.error = Some(error),
        }
    }
}

/// A list's filter: `/` opens it, letters type, Enter keeps it, Esc clears it.
#[derive(Debug, Default)]
pub struct FilterBar {
    field: TextField,
    typing: bool,
}

impl FilterBar {
    pub fn open(&mut self) {
        self.typing = true;
    }

    pub fn is_typing(&self) -> bool {
        self.typing
    }

    /// The text rows are matched against (trimmed, lower case).
    pub fn needle(&self) -> String {
        self.field.value().trim().to_lowercase()
    }

    pub fn value(&self) -> &str {
        self.field.value()
    }

    pub fn is_empty(&self) -> bool {
        self.field.value().is_empty()
    }

    pub fn clear(&mut self) {
        *self = FilterBar::default();
    }

    pub fn paste(&mut self, text: &str) {
        if self.typing {
            self.field.paste(text);
        }
    }

    /// A key while typing; true when the filter text changed.
    pub fn handle_key(&mut self, key: &KeyEvent) -> bool {
        match key.code {
            crossterm::event::KeyCode::Enter => {
                self.typing = false;
                false
            }
            crossterm::event::KeyCode::Esc => {
                self.clear();
                true
            }
            _ => self.field.handle_key(key),
        }
    }

    /// Rows the bar needs: one while typing or filtering, else none.
    pub fn rows(&self) -> u16 {
        u16::from(self.typing || !self.is_empty())
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        if area.height == 0 {
            return;
        }
        let mut spans = vec![
            ratatui::text::Span::styled("/", ui.theme.key),
            ratatui::text::Span::raw(super::drawn_text::safe(self.value())),
        ];
        if self.typing {
            spans.push(ratatui::text::Span::styled("▏", ui.theme.key));
            spans.push(ratatui::text::Span::styled(
                "  Enter keep · Esc clear",
                ui.theme.dim,
            ));
        }
        frame.render_widget(ratatui::text::Line::from(spans), area);
    }
}

/// A failed load explained: what could not be done, the diagnosis, and what keys help.
pub fn error_lines(
    what: &str,
    error: &crate::zoom::ZoomError,
    keys: &str,
    ui: &Ui,
) -> Vec<ratatui::text::Line<'static>> {
    use ratatui::text::Line;
    let diagnosis = error.diagnosis();
    let safe = super::drawn_text::safe;
    vec![
        Line::styled(
            safe(&format!("{what}: {}", diagnosis.summary)),
            ui.theme.error,
        ),
        Line::raw(safe(&format!("why: {}", diagnosis.explanation))),
        Line::raw(safe(&format!("fix: {}", diagnosis.fix))),
        Line::styled(keys.to_owned(), ui.theme.dim),
    ]
}

/// A text input with its cursor (filters, prompts, form fields); letters type into it.
#[derive(Debug, Default, Clone)]
pub struct TextField {
    pub input: tui_input::Input,
}

impl TextField {
    pub fn with_value(value: &str) -> Self {
        TextField {
            input: tui_input::Input::new(value.to_owned()),
        }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// Edits the value with a key; true when the key was an edit.
    pub fn handle_key(&mut self, key: &KeyEvent) -> bool {
        use tui_input::backend::crossterm::EventHandler;
        self.input
            .handle_event(&crossterm::event::Event::Key(*key))
            .is_some()
    }

    /// Types pasted text: line breaks, controls, escape sequences (whole), bidi and invisible
    /// characters are left out.
    pub fn paste(&mut self, text: &str) {
        let typed = crate::text::terminal::sanitise(text);
        for c in typed
            .chars()
            .filter(|c| *c != crate::text::terminal::REPLACEMENT)
        {
            self.input.handle(tui_input::InputRequest::InsertChar(c));
        }
    }
}
