//! The confirmation dialog in front of every change to registrants: it names the action, what
//! happens to each group of the selection (Zoom's status rules: who moves where, who stays as they
//! are and why), who (the first few that fit) and how many calls the client will make (30 per
//! status call; one per delete). Changes Zoom can take back confirm with `y` or Enter; deleting
//! needs `y` typed, and denying or cancelling several people needs their count typed: Enter alone
//! never confirms those. `n` or Esc cancels. The dialog fits down to 50×15 with its answer line.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{Ui, capitalize, centered};
use crate::tui::keymap::{self, Command, Scope};
use crate::tui::message::{Change, ChangeKind};
use crate::zoom::{CHUNK_SIZE, status_rules};

/// People named in the dialog before "and N more", when the terminal has room.
const NAMED: usize = 5;
/// The dialog's widest.
const WIDTH: u16 = 78;

pub struct ConfirmDialog {
    pub change: Change,
    /// What was typed towards the count, for changes confirmed by typing it.
    typed: String,
    /// Set when a key that does not confirm this change was pressed (Enter on a delete): the
    /// answer line says what to type.
    nudged: bool,
}

/// What the user answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
}

/// The answer a change needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// `y` or Enter: Zoom can take the change back.
    YesOrEnter,
    /// `y` only: deleting one person.
    TypedYes,
    /// The number of people, then Enter: deleting, denying or cancelling several.
    TypedCount(usize),
}

impl ConfirmDialog {
    pub fn new(change: Change) -> Self {
        ConfirmDialog {
            change,
            typed: String::new(),
            nudged: false,
        }
    }

    fn needs(&self) -> Needs {
        let people = self.change.targets.len();
        if !self.change.is_irreversible() {
            Needs::YesOrEnter
        } else if people > 1 {
            Needs::TypedCount(people)
        } else {
            Needs::TypedYes
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Option<Answer> {
        let command = keymap::command_for(&[Scope::Dialog], key);
        if matches!(command, Some(Command::Back | Command::Quit)) {
            return Some(Answer::No);
        }
        match self.needs() {
            Needs::YesOrEnter => (command == Some(Command::Confirm)).then_some(Answer::Yes),
            Needs::TypedYes => match key.code {
                KeyCode::Char('y' | 'Y') => Some(Answer::Yes),
                _ => {
                    self.nudged = true;
                    None
                }
            },
            Needs::TypedCount(count) => match key.code {
                KeyCode::Char(digit) if digit.is_ascii_digit() && self.typed.len() < 7 => {
                    self.typed.push(digit);
                    None
                }
                KeyCode::Backspace => {
                    self.typed.pop();
                    None
                }
                KeyCode::Enter if self.typed == count.to_string() => Some(Answer::Yes),
                _ => {
                    self.nudged = true;
                    None
                }
            },
        }
    }

    /// Requests the change takes.
    pub fn calls(&self) -> usize {
        let people = self.change.targets.len();
        match self.change.kind {
            ChangeKind::Status(_) => people.div_ceil(CHUNK_SIZE),
            ChangeKind::Delete => people,
        }
    }

    /// What happens to each group: "3 pending → approved", "1 approved: already approved, left
    /// as is".
    fn group_lines(&self) -> Vec<String> {
        let change = &self.change;
        let mut lines = Vec::new();
        let mut groups: Vec<(String, usize)> = Vec::new();
        let count_into = |groups: &mut Vec<(String, usize)>, words: String| match groups
            .iter_mut()
            .find(|(seen, _)| *seen == words)
        {
            Some((_, count)) => *count += 1,
            None => groups.push((words, 1)),
        };
        for target in &change.targets {
            let words = match change.kind {
                ChangeKind::Status(action) => {
                    match status_rules::outcome(change.event.kind, &target.status, action) {
                        Some(to) => format!("{} → {}", target.status.as_str(), to.as_str()),
                        None => target.status.as_str().to_owned(),
                    }
                }
                ChangeKind::Delete => format!("{} → deleted", target.status.as_str()),
            };
            count_into(&mut groups, words);
        }
        for target in &change.unchanged {
            let words = match change.kind {
                ChangeKind::Status(action) => format!(
                    "left as is, {}",
                    status_rules::why_unchanged(&target.status, action)
                ),
                ChangeKind::Delete => "left as is".to_owned(),
            };
            count_into(&mut groups, words);
        }
        if groups.len() > 1 || !change.unchanged.is_empty() {
            for (words, count) in groups {
                lines.push(format!("  {count} {words}"));
            }
        }
        lines
    }

    fn answer_line(&self) -> String {
        let verb = self.change.kind.verb();
        match self.needs() {
            Needs::YesOrEnter => "y/Enter: yes · n/Esc: no".to_owned(),
            Needs::TypedYes if self.nudged => {
                format!("Enter alone does not {verb}: type y · Esc: no")
            }
            Needs::TypedYes => format!("type y to {verb} · n/Esc: no"),
            Needs::TypedCount(count) => {
                let typed = if self.typed.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", self.typed)
                };
                if self.nudged && self.typed != count.to_string() {
                    format!("type {count} then Enter to {verb}{typed} · Esc: no")
                } else {
                    format!("type {count}, Enter: {verb}{typed} · Esc: no")
                }
            }
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let change = &self.change;
        let people = change.targets.len();
        let width = WIDTH.min(area.width);
        let inner_width = usize::from(width.saturating_sub(2)).max(1);
        let title = Line::styled(
            format!(
                "{} {people} registrant{} of {} {}?",
                capitalize(change.kind.verb()),
                if people == 1 { "" } else { "s" },
                change.event.kind.noun(),
                change.event.id
            ),
            ui.theme.title,
        );
        let calls = self.calls();
        let calls_line = Line::styled(
            format!(
                "{calls} request{} to Zoom{}",
                if calls == 1 { "" } else { "s" },
                match (change.kind, status_rules_way_back(change)) {
                    (ChangeKind::Delete, _) => " (deletion cannot be undone)",
                    (_, true) => " (u afterwards approves them again)",
                    (_, false) => "",
                }
            ),
            ui.theme.dim,
        );
        let answer = Line::styled(self.answer_line(), ui.theme.key);
        let groups: Vec<Line<'static>> = self
            .group_lines()
            .into_iter()
            .map(|line| Line::raw(crate::tui::drawn_text::safe(&line)))
            .collect();
        let names: Vec<Line<'static>> = change
            .targets
            .iter()
            .map(|target| {
                Line::raw(crate::tui::drawn_text::safe(&format!(
                    "  {} <{}>",
                    target.name, target.email
                )))
            })
            .collect();
        // Rows a line takes once wrapped at the dialog's inner width.
        let rows_of = |line: &Line| line.width().max(1).div_ceil(inner_width);
        let fixed: usize = [&title, &calls_line, &answer]
            .into_iter()
            .map(rows_of)
            .sum::<usize>()
            + groups.iter().map(rows_of).sum::<usize>();
        let room = usize::from(area.height.saturating_sub(2)).saturating_sub(fixed);
        // Blank lines and names only where they fit; the answer line always shows.
        let spacers = if room > 2 { 2 } else { 0 };
        let name_room = room.saturating_sub(spacers);
        let named = if people <= name_room.min(NAMED) {
            people
        } else {
            NAMED.min(name_room.saturating_sub(1))
        };
        let mut lines = vec![title];
        lines.extend(groups);
        if spacers > 0 {
            lines.push(Line::raw(""));
        }
        lines.extend(names.into_iter().take(named));
        if named < people && name_room > 0 {
            lines.push(Line::styled(
                format!("  … and {} more", people - named),
                ui.theme.dim,
            ));
        }
        if spacers > 0 {
            lines.push(Line::raw(""));
        }
        lines.push(calls_line);
        lines.push(answer);
        let height = (lines.iter().map(rows_of).sum::<usize>() + 2) as u16;
        let popup = centered(area, width, height);
        frame.render_widget(Clear, popup);
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: false }).block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(ui.theme.focused_border)
                    .title(" Confirm "),
            ),
            popup,
        );
    }
}

/// Whether Zoom has a way back from `change` (the status line offers it afterwards).
fn status_rules_way_back(change: &Change) -> bool {
    match change.kind {
        ChangeKind::Status(action) => status_rules::way_back(action).is_some(),
        ChangeKind::Delete => false,
    }
}
