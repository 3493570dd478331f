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

    /// What the export writes, exactly: whose registrants, which statuses, which fields.
    pub fn what_is_written(&self) -> String {
        let event = format!("{} {}", self.event.kind.noun(), self.event.id);
        let whose = match &self.occurrence {
            Some(occurrence) => format!(
                "The registrants of occurrence {occurrence} of {event} only (the one chosen with o)"
            ),
            None => format!("Every registrant of {event}"),
        };
        format!(
            "{whose}, in every status (pending, approved, denied), with every field and a column per custom question (UTF-8 with a BOM), as CSV, to:"
        )
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let width = area.width.saturating_sub(4).min(100);
        let inner = usize::from(width.saturating_sub(2).max(1));
        // Word wrapping may take a row more than the characters need.
        let text_rows = self.what_is_written().chars().count().div_ceil(inner) + 1;
        let path_rows = (self.path.value().chars().count() + 1).div_ceil(inner);
        let height = u16::try_from(text_rows + path_rows + 3)
            .unwrap_or(u16::MAX)
            .min(area.height);
        let popup = centered(area, width, height);
        frame.render_widget(Clear, popup);
        let mut lines = vec![
            Line::raw(self.what_is_written()),
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
            Paragraph::new(lines)
                .wrap(ratatui::widgets::Wrap { trim: false })
                .block(
                    Block::default()
                        .borders(Borders::ALL)
                        .border_style(ui.theme.focused_border)
                        .title(" Export "),
                ),
            popup,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The registrants screen exports the occurrence it shows (`o`): the dialog says so rather
    /// than promising every registrant of the event.
    #[test]
    fn the_dialog_says_which_registrants_it_writes() {
        let event = EventRef::meeting(89_516_034_472);
        let all = ExportPrompt::new(event, None, PathBuf::from("/tmp/a.csv"));
        assert!(
            all.what_is_written()
                .starts_with("Every registrant of meeting 89516034472, in every status"),
            "{}",
            all.what_is_written()
        );
        let one = ExportPrompt::new(
            event,
            Some("1797415200000".to_owned()),
            PathBuf::from("/tmp/a.csv"),
        );
        let said = one.what_is_written();
        assert!(
            said.contains("occurrence 1797415200000 of meeting 89516034472 only")
                && !said.starts_with("Every registrant"),
            "{said}"
        );
    }
}
