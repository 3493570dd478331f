//! Every key binding, as data: one table lists which key does what where. Screens ask it which
//! [`Command`] a key means in their [`Scope`]; the help overlay and the hint line are generated
//! from the same table, so they cannot drift from what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the user asked for, before a screen decides what it means for its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Quit,
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    NextTab,
    PrevTab,
    Filter,
    Add,
    Import,
    Select,
    SelectAll,
    Approve,
    Deny,
    Cancel,
    Delete,
    Export,
    Copy,
    Refresh,
    ToggleLive,
    Help,
    ToggleUpcoming,
    Sort,
    Occurrence,
    Confirm,
    Demo,
    /// Send what a form holds.
    Submit,
    /// Complete the typed path (import wizard).
    Complete,
    /// The next / previous choice of the selected item (the import wizard's column targets).
    NextChoice,
    PrevChoice,
    /// Start an import over instead of resuming it.
    Restart,
    /// Take back the last change where Zoom allows it (approve again who was just denied).
    Undo,
    /// The next / previous row that matches the search, across the status tabs.
    NextMatch,
    PrevMatch,
    /// Hide or show the live pane (remembered for the next start).
    HideLive,
    /// Start or stop looking again at the interval the rate limits allow (registrants).
    Watch,
    /// Acknowledge the people new since the last look: they are no longer highlighted.
    MarkSeen,
    /// Show or hide the charts (registrations per day, the pending queue).
    Charts,
    /// Copy (or move) people into another meeting or webinar.
    CopyTo,
    /// Who attended an event that took place.
    Attendance,
}

/// Where a binding applies. `Global` bindings apply on every screen unless a screen's own
/// binding for the same key comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Global,
    /// Any list: meetings, registrants, the request log, pickers.
    List,
    Meetings,
    Registrants,
    Detail,
    Dialog,
    Login,
    AddForm,
    /// The add form's list of people sent, when it has the keys.
    AddFormSent,
    Import,
    /// The import wizard while rows are being sent: only stopping makes sense.
    ImportRun,
    /// Copy to…: the event picker, the answers, the confirmation, the report.
    CopyTo,
    /// The attendance of an event that took place.
    Attendance,
}

impl Scope {
    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Everywhere",
            Scope::List => "Lists",
            Scope::Meetings => "Meetings and webinars",
            Scope::Registrants => "Registrants",
            Scope::Detail => "Registrant detail",
            Scope::Dialog => "Confirmations and prompts",
            Scope::Login => "Login",
            Scope::AddForm => "Add registrants",
            Scope::AddFormSent => "Add registrants: the people sent",
            Scope::Import => "Import wizard",
            Scope::ImportRun => "Import running",
            Scope::CopyTo => "Copy to another event",
            Scope::Attendance => "Attendance",
        }
    }

    /// What the screen's marks mean, shown under its keys in the help overlay.
    pub fn legend(self) -> &'static [&'static str] {
        match self {
            Scope::Meetings => &crate::session::status_counts::LEGEND,
            _ => &[],
        }
    }
}

/// A key as the table names it. Letters match whatever Shift state produced them (`A` arrives
/// with SHIFT on most terminals, without it on some); Ctrl and Alt must match exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn key(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

impl Key {
    pub fn matches(&self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        if alt || ctrl != self.ctrl {
            return false;
        }
        match (self.code, event.code) {
            (KeyCode::BackTab, KeyCode::BackTab) => true,
            (KeyCode::Tab, KeyCode::Tab) => !event.modifiers.contains(KeyModifiers::SHIFT),
            (wanted, got) => wanted == got,
        }
    }

    /// How the help overlay writes the key.
    pub fn label(&self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::Enter => "Enter".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::BackTab => "Shift-Tab".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            KeyCode::F(number) => format!("F{number}"),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{}", name.to_uppercase())
        } else {
            name
        }
    }
}

/// One line of the table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    pub command: Command,
    /// What the help overlay says.
    pub help: &'static str,
    /// The hint line's words for it, if the hint line shows it.
    pub hint: Option<&'static str>,
}

const fn bind(
    scope: Scope,
    keys: &'static [Key],
    command: Command,
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        scope,
        keys,
        command,
        help,
        hint,
    }
}

/// The whole keymap. Order matters twice: within a scope the first match wins, and the help
/// overlay lists bindings in this order.
pub const BINDINGS: &[Binding] = &[
    bind(
        Scope::Global,
        &[ctrl('c')],
        Command::Quit,
        "quit from anywhere",
        None,
    ),
    bind(
        Scope::Global,
        &[ch('q')],
        Command::Quit,
        "quit (from the top screen; elsewhere: back)",
        Some("quit"),
    ),
    bind(
        Scope::Global,
        &[key(KeyCode::Esc)],
        Command::Back,
        "back / close",
        Some("back"),
    ),
    bind(
        Scope::Global,
        &[ch('?'), key(KeyCode::F(1))],
        Command::Help,
        "this help (F1 also in text inputs)",
        Some("help"),
    ),
    bind(
        Scope::Global,
        &[ch('L')],
        Command::ToggleLive,
        "enlarge/shrink the live pane (↑↓ pick a request)",
        Some("live pane"),
    ),
    bind(
        Scope::Global,
        &[ch('H')],
        Command::HideLive,
        "hide/show the live pane (remembered next time)",
        None,
    ),
    bind(Scope::Global, &[ch('r')], Command::Refresh, "refresh", None),
    bind(
        Scope::List,
        &[key(KeyCode::Up), ch('k')],
        Command::Up,
        "move up",
        None,
    ),
    bind(
        Scope::List,
        &[key(KeyCode::Down), ch('j')],
        Command::Down,
        "move down",
        None,
    ),
    bind(
        Scope::List,
        &[key(KeyCode::PageUp), ctrl('u')],
        Command::PageUp,
        "page up",
        None,
    ),
    bind(
        Scope::List,
        &[key(KeyCode::PageDown), ctrl('d')],
        Command::PageDown,
        "page down",
        None,
    ),
    bind(
        Scope::List,
        &[key(KeyCode::Home), ch('g')],
        Command::Top,
        "first row",
        None,
    ),
    bind(
        Scope::List,
        &[key(KeyCode::End), ch('G')],
        Command::Bottom,
        "last row",
        None,
    ),
    bind(
        Scope::Meetings,
        &[key(KeyCode::Tab), key(KeyCode::BackTab)],
        Command::NextTab,
        "meetings ⇄ webinars",
        Some("meetings/webinars"),
    ),
    bind(
        Scope::Meetings,
        &[key(KeyCode::Enter)],
        Command::Open,
        "open its registrants",
        Some("open"),
    ),
    bind(
        Scope::Meetings,
        &[ch('/')],
        Command::Filter,
        "filter by topic or ID (Esc clears)",
        Some("filter"),
    ),
    bind(
        Scope::Meetings,
        &[ch('u')],
        Command::ToggleUpcoming,
        "upcoming only / all scheduled",
        Some("upcoming/all"),
    ),
    bind(
        Scope::Meetings,
        &[ch('t')],
        Command::Attendance,
        "attendance of one that took place: no-shows and walk-ins",
        Some("attendance"),
    ),
    bind(
        Scope::Meetings,
        &[ch('i')],
        Command::Import,
        "import a CSV whose event column (Meeting ID…) names each row's meeting or webinar",
        Some("import"),
    ),
    bind(
        Scope::Registrants,
        &[key(KeyCode::Tab)],
        Command::NextTab,
        "next status tab",
        Some("status"),
    ),
    bind(
        Scope::Registrants,
        &[key(KeyCode::BackTab)],
        Command::PrevTab,
        "previous status tab",
        None,
    ),
    bind(
        Scope::Registrants,
        &[key(KeyCode::Enter)],
        Command::Open,
        "registrant detail",
        None,
    ),
    bind(
        Scope::Registrants,
        &[ch('/')],
        Command::Filter,
        "search every column of every status tab (Enter keeps, Esc clears)",
        Some("search"),
    ),
    bind(
        Scope::Registrants,
        &[ch('n')],
        Command::NextMatch,
        "next match (on to the next tab with matches)",
        Some("next match"),
    ),
    bind(
        Scope::Registrants,
        &[ch('N')],
        Command::PrevMatch,
        "previous match",
        None,
    ),
    bind(
        Scope::Registrants,
        &[ch(' ')],
        Command::Select,
        "select / unselect",
        Some("select"),
    ),
    bind(
        Scope::Registrants,
        &[ch('*')],
        Command::SelectAll,
        "select all shown / none (selections stay across tabs)",
        None,
    ),
    bind(
        Scope::Registrants,
        &[ch('A')],
        Command::Approve,
        "approve selected (or current)",
        Some("approve"),
    ),
    bind(
        Scope::Registrants,
        &[ch('D')],
        Command::Deny,
        "deny selected (or current)",
        Some("deny"),
    ),
    bind(
        Scope::Registrants,
        &[ch('C')],
        Command::Cancel,
        "cancel the approval of selected (or current)",
        Some("cancel"),
    ),
    bind(
        Scope::Registrants,
        &[ch('x')],
        Command::Delete,
        "delete selected (or current)",
        Some("delete"),
    ),
    bind(
        Scope::Registrants,
        &[ch('u')],
        Command::Undo,
        "undo: approve again who was just denied or cancelled",
        Some("undo"),
    ),
    bind(
        Scope::Registrants,
        &[ch('a')],
        Command::Add,
        "add registrants (rapid entry)",
        Some("add"),
    ),
    bind(
        Scope::Registrants,
        &[ch('i')],
        Command::Import,
        "import a CSV",
        None,
    ),
    bind(
        Scope::Registrants,
        &[ch('c')],
        Command::CopyTo,
        "copy or move selected (or current) to another event",
        Some("copy to"),
    ),
    bind(
        Scope::Registrants,
        &[ch('e')],
        Command::Export,
        "export to CSV",
        None,
    ),
    bind(
        Scope::Registrants,
        &[ch('s')],
        Command::Sort,
        "sort: name, email, registered",
        None,
    ),
    bind(
        Scope::Registrants,
        &[ch('o')],
        Command::Occurrence,
        "pick an occurrence (recurring)",
        None,
    ),
    bind(
        Scope::Registrants,
        &[ch('y')],
        Command::Copy,
        "copy the join URL",
        None,
    ),
    bind(
        Scope::Registrants,
        &[ch('w')],
        Command::Watch,
        "watch live: look again as the rate limits allow (w stops)",
        Some("watch"),
    ),
    bind(
        Scope::Registrants,
        &[ch('W')],
        Command::MarkSeen,
        "watching: mark new (+) seen; so do opening one, leaving",
        None,
    ),
    bind(
        Scope::Registrants,
        &[ch('v')],
        Command::Charts,
        "charts: registrations per day, the pending queue",
        None,
    ),
    bind(
        Scope::Detail,
        &[ch('y')],
        Command::Copy,
        "copy the join URL (OSC 52)",
        Some("copy join URL"),
    ),
    bind(
        Scope::Detail,
        &[ch('A')],
        Command::Approve,
        "approve",
        Some("approve"),
    ),
    bind(
        Scope::Detail,
        &[ch('D')],
        Command::Deny,
        "deny",
        Some("deny"),
    ),
    bind(
        Scope::Detail,
        &[ch('C')],
        Command::Cancel,
        "cancel the approval",
        Some("cancel"),
    ),
    bind(
        Scope::Detail,
        &[ch('x')],
        Command::Delete,
        "delete",
        Some("delete"),
    ),
    bind(
        Scope::Detail,
        &[ch('u')],
        Command::Undo,
        "undo: approve again who was just denied or cancelled",
        Some("undo"),
    ),
    bind(
        Scope::Detail,
        &[key(KeyCode::Up), ch('k')],
        Command::Up,
        "scroll up",
        None,
    ),
    bind(
        Scope::Detail,
        &[key(KeyCode::Down), ch('j')],
        Command::Down,
        "scroll down",
        None,
    ),
    bind(
        Scope::Dialog,
        &[ch('y'), key(KeyCode::Enter)],
        Command::Confirm,
        "confirm (deleting needs y typed; denying or cancelling several, their count)",
        Some("yes"),
    ),
    bind(
        Scope::Dialog,
        &[ch('n'), key(KeyCode::Esc)],
        Command::Back,
        "cancel",
        Some("no"),
    ),
    bind(
        Scope::Login,
        &[key(KeyCode::Tab), key(KeyCode::Down)],
        Command::Down,
        "next field",
        Some("next field"),
    ),
    bind(
        Scope::Login,
        &[key(KeyCode::BackTab), key(KeyCode::Up)],
        Command::Up,
        "previous field",
        None,
    ),
    bind(
        Scope::Login,
        &[key(KeyCode::Enter)],
        Command::Confirm,
        "verify and store / choose",
        Some("verify and store"),
    ),
    bind(
        Scope::Login,
        &[key(KeyCode::Left), key(KeyCode::Right)],
        Command::Select,
        "change the app type or the store",
        None,
    ),
    bind(
        Scope::Login,
        &[ctrl('o')],
        Command::Demo,
        "try the demo instead",
        Some("demo"),
    ),
    bind(
        Scope::AddForm,
        &[key(KeyCode::Enter)],
        Command::Confirm,
        "next field; on the last one, register the person",
        Some("next field, register on the last"),
    ),
    bind(
        Scope::AddForm,
        &[ctrl('s')],
        Command::Submit,
        "register the person now (from any field)",
        Some("register now"),
    ),
    bind(
        Scope::AddForm,
        &[key(KeyCode::Tab), key(KeyCode::Down)],
        Command::Down,
        "next field",
        None,
    ),
    bind(
        Scope::AddForm,
        &[key(KeyCode::BackTab), key(KeyCode::Up)],
        Command::Up,
        "previous field",
        None,
    ),
    bind(
        Scope::AddForm,
        &[key(KeyCode::Right)],
        Command::NextTab,
        "choice questions: next matching answer (typing narrows the list)",
        None,
    ),
    bind(
        Scope::AddForm,
        &[key(KeyCode::Left)],
        Command::PrevTab,
        "choice questions: previous matching answer",
        None,
    ),
    bind(
        Scope::AddForm,
        &[ctrl('o')],
        Command::Open,
        "the people sent: pick a refused entry to reopen it",
        Some("sent list"),
    ),
    bind(
        Scope::AddForm,
        &[key(KeyCode::Esc)],
        Command::Back,
        "back to the registrants (after the requests in flight)",
        Some("back"),
    ),
    bind(
        Scope::AddFormSent,
        &[key(KeyCode::Enter)],
        Command::Confirm,
        "reopen the refused entry in the form, to correct and resend",
        Some("reopen"),
    ),
    bind(
        Scope::AddFormSent,
        &[ctrl('o'), key(KeyCode::Esc)],
        Command::Back,
        "back to the form",
        Some("form"),
    ),
    bind(
        Scope::Import,
        &[key(KeyCode::Enter)],
        Command::Confirm,
        "next step (read the file, check the rows, start, finish)",
        Some("next"),
    ),
    bind(
        Scope::Import,
        &[key(KeyCode::Tab)],
        Command::Complete,
        "complete the file path; columns: pick the selected column's field from a list (a letter opens it too, typed)",
        None,
    ),
    bind(
        Scope::Import,
        &[key(KeyCode::Right), ch('l'), ch(' ')],
        Command::NextChoice,
        "columns: next field for the selected column",
        None,
    ),
    bind(
        Scope::Import,
        &[key(KeyCode::Left), ch('h')],
        Command::PrevChoice,
        "columns: previous field",
        None,
    ),
    bind(
        Scope::ImportRun,
        &[key(KeyCode::Esc), ch('c')],
        Command::Cancel,
        "stop the import or copy (asks first, sending paused meanwhile; resumable)",
        Some("stop"),
    ),
    bind(
        Scope::ImportRun,
        &[ch('q'), ctrl('c')],
        Command::Quit,
        "stop the import and quit (asks first; the report is written, the app exits 130)",
        Some("stop and quit"),
    ),
    bind(
        Scope::Import,
        &[ch('y')],
        Command::Copy,
        "report: copy the report's path (OSC 52)",
        None,
    ),
    bind(
        Scope::Import,
        &[ch('s')],
        Command::Restart,
        "start over instead of resuming an unfinished import",
        None,
    ),
    bind(
        Scope::CopyTo,
        &[key(KeyCode::Enter)],
        Command::Confirm,
        "next step (pick the event, answer its questions, start, close the report)",
        Some("next"),
    ),
    bind(
        Scope::CopyTo,
        &[key(KeyCode::Right)],
        Command::NextChoice,
        "confirmation: copy, or move (then cancel or delete in the source whom the target accepted)",
        Some("copy/move"),
    ),
    bind(
        Scope::CopyTo,
        &[key(KeyCode::Left)],
        Command::PrevChoice,
        "confirmation: the previous choice",
        None,
    ),
    bind(
        Scope::CopyTo,
        &[ch('s')],
        Command::Restart,
        "start over instead of resuming an unfinished copy",
        None,
    ),
    bind(
        Scope::CopyTo,
        &[ch('y')],
        Command::Copy,
        "report: copy the report's path (OSC 52)",
        None,
    ),
    bind(
        Scope::Attendance,
        &[key(KeyCode::Tab), key(KeyCode::BackTab)],
        Command::NextTab,
        "registered but absent ⇄ attended without registering",
        Some("absent/walk-ins"),
    ),
    bind(
        Scope::Attendance,
        &[ch('e')],
        Command::Export,
        "export the list shown to CSV",
        Some("export"),
    ),
    bind(
        Scope::Attendance,
        &[ch('c')],
        Command::CopyTo,
        "copy the no-shows to another meeting or webinar",
        Some("copy no-shows to…"),
    ),
    bind(
        Scope::Attendance,
        &[ch('o')],
        Command::Occurrence,
        "pick which time it took place (past instances; the latest at first)",
        Some("other time"),
    ),
];

/// The command `event` means in `scopes` (searched in order), falling back to global bindings.
pub fn command_for(scopes: &[Scope], event: &KeyEvent) -> Option<Command> {
    scopes
        .iter()
        .chain(std::iter::once(&Scope::Global))
        .find_map(|scope| {
            BINDINGS
                .iter()
                .filter(|binding| binding.scope == *scope)
                .find(|binding| binding.keys.iter().any(|key| key.matches(event)))
                .map(|binding| binding.command)
        })
}

/// The bindings of one scope, for the help overlay and hint line.
pub fn bindings_of(scope: Scope) -> impl Iterator<Item = &'static Binding> {
    BINDINGS
        .iter()
        .filter(move |binding| binding.scope == scope)
}

/// Keys as the help shows them: "j/↓".
pub fn label_of(keys: &[Key]) -> String {
    keys.iter().map(Key::label).collect::<Vec<_>>().join("/")
}

impl Key {
    /// Whether this key types a character into a focused text input (see [`types_text`]).
    pub fn types_text(&self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.ctrl
    }
}

/// Whether `event` types a character into a focused text input (it then cannot be a command).
pub fn types_text(event: &KeyEvent) -> bool {
    matches!(event.code, KeyCode::Char(_))
        && !event
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

/// Ctrl-C: quits from anywhere, also from text inputs.
pub fn is_force_quit(event: &KeyEvent) -> bool {
    ctrl('c').matches(event)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn capital_letters_match_with_or_without_shift() {
        let scopes = [Scope::Registrants, Scope::List];
        for modifiers in [KeyModifiers::SHIFT, KeyModifiers::NONE] {
            assert_eq!(
                command_for(&scopes, &press(KeyCode::Char('A'), modifiers)),
                Some(Command::Approve)
            );
        }
        assert_eq!(
            command_for(&scopes, &press(KeyCode::Char('a'), KeyModifiers::NONE)),
            Some(Command::Add)
        );
    }

    #[test]
    fn screen_scopes_win_over_global_and_ctrl_must_match() {
        assert_eq!(
            command_for(
                &[Scope::Detail],
                &press(KeyCode::Char('y'), KeyModifiers::NONE)
            ),
            Some(Command::Copy)
        );
        assert_eq!(
            command_for(
                &[Scope::Meetings],
                &press(KeyCode::Char('c'), KeyModifiers::CONTROL)
            ),
            Some(Command::Quit)
        );
        assert_eq!(
            command_for(
                &[Scope::Meetings],
                &press(KeyCode::Char('c'), KeyModifiers::NONE)
            ),
            None
        );
    }

    /// README's key table names every key of the screens a user starts on (everywhere, lists,
    /// meetings, registrants): adding a binding without documenting it fails here.
    #[test]
    fn readme_key_table_names_every_key_of_the_main_screens() {
        let readme = include_str!("../../README.md");
        let table: Vec<&str> = readme
            .lines()
            .skip_while(|line| !line.starts_with("| keys |"))
            .take_while(|line| line.starts_with('|'))
            .collect();
        assert!(!table.is_empty(), "README has a key table");
        let named: Vec<String> = table
            .iter()
            .flat_map(|line| line.split('`').skip(1).step_by(2))
            .flat_map(|quoted| quoted.split_whitespace())
            .map(str::to_lowercase)
            .collect();
        let scopes = [
            Scope::Global,
            Scope::List,
            Scope::Meetings,
            Scope::Registrants,
        ];
        let mut missing = Vec::new();
        for binding in BINDINGS.iter().filter(|b| scopes.contains(&b.scope)) {
            for key in binding.keys {
                let label = key.label();
                // Letters are case-sensitive keys; named keys are not ("Ctrl-U" is "Ctrl-u").
                let found = if label.chars().count() == 1 {
                    table
                        .iter()
                        .flat_map(|line| line.split('`').skip(1).step_by(2))
                        .flat_map(|quoted| quoted.split_whitespace())
                        .any(|word| word == label)
                } else {
                    named.contains(&label.to_lowercase())
                };
                if !found {
                    missing.push(format!("{label} ({:?}: {})", binding.scope, binding.help));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys missing from README's table: {missing:#?}"
        );
    }

    #[test]
    fn core_keys_of_the_design_are_bound() {
        let core: &[(Scope, KeyCode, Command)] = &[
            (Scope::Meetings, KeyCode::Tab, Command::NextTab),
            (Scope::List, KeyCode::Char('j'), Command::Down),
            (Scope::List, KeyCode::Char('k'), Command::Up),
            (Scope::Meetings, KeyCode::Enter, Command::Open),
            (Scope::Global, KeyCode::Esc, Command::Back),
            (Scope::Registrants, KeyCode::Char('/'), Command::Filter),
            (Scope::Registrants, KeyCode::Char('a'), Command::Add),
            (Scope::Registrants, KeyCode::Char('i'), Command::Import),
            (Scope::Meetings, KeyCode::Char('i'), Command::Import),
            (Scope::Registrants, KeyCode::Char(' '), Command::Select),
            (Scope::Registrants, KeyCode::Char('D'), Command::Deny),
            (Scope::Registrants, KeyCode::Char('C'), Command::Cancel),
            (Scope::Registrants, KeyCode::Char('x'), Command::Delete),
            (Scope::Registrants, KeyCode::Char('e'), Command::Export),
            (Scope::Detail, KeyCode::Char('y'), Command::Copy),
            (Scope::Global, KeyCode::Char('r'), Command::Refresh),
            (Scope::Global, KeyCode::Char('L'), Command::ToggleLive),
            (Scope::Global, KeyCode::Char('?'), Command::Help),
            (Scope::Global, KeyCode::Char('q'), Command::Quit),
        ];
        for (scope, code, command) in core {
            assert_eq!(
                command_for(&[*scope], &press(*code, KeyModifiers::NONE)),
                Some(*command),
                "{code:?} in {scope:?}"
            );
        }
    }
}
