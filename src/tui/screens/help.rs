//! The help overlay, generated from the keymap: the bindings of the screen underneath, then the
//! list keys, then the global ones. Any key closes it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{Ui, centered};
use crate::tui::keymap::{self, Scope};

/// The lines of the help for a screen reading keys in `scopes`.
pub fn help_lines(scopes: &[Scope], ui: &Ui) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut shown = Vec::new();
    for scope in scopes.iter().chain([Scope::Global].iter()) {
        if shown.contains(scope) {
            continue;
        }
        shown.push(*scope);
        lines.push(Line::styled(scope.title().to_owned(), ui.theme.title));
        for binding in keymap::bindings_of(*scope) {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {:<16}", keymap::keys_label(binding)),
                    ui.theme.key,
                ),
                Span::raw(binding.help),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(
        "In text inputs letters type; Esc leaves the input. Ctrl-C quits from anywhere.",
        ui.theme.dim,
    ));
    lines
}

pub fn render(frame: &mut Frame, area: Rect, scopes: &[Scope], ui: &Ui) {
    let lines = help_lines(scopes, ui);
    let popup = centered(area, 76, lines.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(ui.theme.focused_border)
                .title(" Keys · any key closes "),
        ),
        popup,
    );
}
