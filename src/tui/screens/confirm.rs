//! The confirmation dialog in front of every change to registrants: it names the action, how
//! many people and who (the first few), and how many calls the client will make (30 per status
//! call; one per delete). `y` or Enter confirms, `n` or Esc cancels.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{Ui, capitalize, centered};
use crate::tui::keymap::{self, Command, Scope};
use crate::tui::message::{Change, ChangeKind};
use crate::zoom::CHUNK_SIZE;

/// People named in the dialog before "and N more".
const NAMED: usize = 5;

pub struct ConfirmDialog {
    pub change: Change,
}

/// What the user answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
}

impl ConfirmDialog {
    pub fn new(change: Change) -> Self {
        ConfirmDialog { change }
    }

    pub fn handle_key(&self, key: &KeyEvent) -> Option<Answer> {
        match keymap::command_for(&[Scope::Dialog], key)? {
            Command::Confirm => Some(Answer::Yes),
            Command::Back | Command::Quit => Some(Answer::No),
            _ => None,
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

    pub fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let change = &self.change;
        let people = change.targets.len();
        let mut lines = vec![Line::styled(
            format!(
                "{} {people} registrant{} of {} {}?",
                capitalize(change.kind.verb()),
                if people == 1 { "" } else { "s" },
                change.event.kind.noun(),
                change.event.id
            ),
            ui.theme.title,
        )];
        lines.push(Line::raw(""));
        for target in change.targets.iter().take(NAMED) {
            lines.push(Line::raw(crate::tui::drawn_text::safe(&format!(
                "  {} <{}>",
                target.name, target.email
            ))));
        }
        if people > NAMED {
            lines.push(Line::styled(
                format!("  … and {} more", people - NAMED),
                ui.theme.dim,
            ));
        }
        lines.push(Line::raw(""));
        let calls = self.calls();
        lines.push(Line::styled(
            format!(
                "{calls} request{} to Zoom{}",
                if calls == 1 { "" } else { "s" },
                if change.kind == ChangeKind::Delete {
                    " (deletion cannot be undone)"
                } else {
                    ""
                }
            ),
            ui.theme.dim,
        ));
        lines.push(Line::styled("y/Enter: yes · n/Esc: no", ui.theme.key));
        let height = lines.len() as u16 + 2;
        let popup = centered(area, 78, height);
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
