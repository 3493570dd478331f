//! The export prompt: where to write the CSV. It proposes a file in regdesk's data dir
//! (`exports/`, named after the event and the time); the user may type any path. Enter exports,
//! Esc cancels.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{TextField, Ui, centered};
use crate::zoom::EventRef;

pub struct ExportPrompt {
    pub event: EventRef,
    pub occurrence: Option<String>,
    pub path: TextField,
    problem: Option<String>,
}

pub enum PromptAnswer {
    Export(PathBuf),
    Cancel,
}

impl ExportPrompt {
    pub fn new(event: EventRef, occurrence: Option<String>, suggested: PathBuf) -> Self {
        ExportPrompt {
            event,
            occurrence,
            path: TextField::with_value(&suggested.display().to_string()),
            problem: None,
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Option<PromptAnswer> {
        match key.code {
            KeyCode::Esc => Some(PromptAnswer::Cancel),
            KeyCode::Enter => {
                let typed = self.path.value().trim();
                if typed.is_empty() {
                    self.problem = Some("type a file path".to_owned());
                    return None;
                }
                Some(PromptAnswer::Export(crate::paths::expand_home(typed)))
            }
            _ => {
                self.problem = None;
                self.path.handle_key(key);
                None
            }
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let popup = centered(area, area.width.saturating_sub(4).min(100), 6);
        frame.render_widget(Clear, popup);
        let mut lines = vec![
            Line::raw(format!(
                "Every registrant of {} {} (all statuses) as CSV, to:",
                self.event.kind.noun(),
                self.event.id
            )),
            Line::from(vec![
                Span::raw(self.path.value().to_owned()),
                Span::styled("▏", ui.theme.key),
            ]),
        ];
        match &self.problem {
            Some(problem) => lines.push(Line::styled(problem.clone(), ui.theme.error)),
            None => lines.push(Line::styled("Enter: export · Esc: cancel", ui.theme.dim)),
        }
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(ui.theme.focused_border)
                    .title(" Export "),
            ),
            popup,
        );
    }
}
