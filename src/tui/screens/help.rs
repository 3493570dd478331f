//! The help overlay, generated from the keymap: the bindings of the screen underneath, then the
//! list keys, then the global ones (only those that work while a text input has the keys). It
//! scrolls (↑↓ j k, PgUp PgDn, Home End) so that every key can be read at 80×24, and closes on
//! Esc, q, ? or F1 only: other keys do nothing, so a stray key neither closes it nor acts.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{Ui, centered};
use crate::tui::keymap::{self, Command, Scope};

/// The help for a screen reading keys in `scopes`: one section of lines per scope. While the
/// screen is `typing`, global keys that would type a letter there are left out.
pub fn help_sections(scopes: &[Scope], typing: bool, ui: &Ui) -> Vec<Vec<Line<'static>>> {
    let mut sections = Vec::new();
    let mut shown = Vec::new();
    for scope in scopes.iter().chain([Scope::Global].iter()) {
        if shown.contains(scope) {
            continue;
        }
        shown.push(*scope);
        let mut lines = vec![Line::styled(scope.title().to_owned(), ui.theme.title)];
        for binding in keymap::bindings_of(*scope) {
            let keys: Vec<keymap::Key> = binding
                .keys
                .iter()
                .copied()
                .filter(|key| !(typing && *scope == Scope::Global && key.types_text()))
                .collect();
            if keys.is_empty() {
                continue;
            }
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<14}", keymap::label_of(&keys)), ui.theme.key),
                Span::raw(binding.help),
            ]));
        }
        for legend in scope.legend() {
            lines.push(Line::styled(*legend, ui.theme.dim));
        }
        lines.push(Line::raw(""));
        sections.push(lines);
    }
    sections
}

const FOOTER: &str = "Letters type in text inputs; Esc leaves one. Ctrl-C quits from anywhere.";
const TYPING_FOOTER: &str = "Letters type here; F1 help and Ctrl-C quit work anywhere.";

/// What a key does to the open overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpKey {
    /// Scroll to this row.
    Scroll(u16),
    Close,
    /// Any other key: nothing happens.
    Ignored,
}

/// The overlay's answer to `key`, scrolled `scroll` rows, with pages of `page` rows. Scrolling
/// past the end is clamped when drawing.
pub fn scroll_key(key: &KeyEvent, scroll: u16, page: u16) -> HelpKey {
    if matches!(
        key.code,
        KeyCode::Char('q' | '?') | KeyCode::F(1) | KeyCode::Esc
    ) {
        return HelpKey::Close;
    }
    match keymap::command_for(&[Scope::List], key) {
        Some(Command::Up) => HelpKey::Scroll(scroll.saturating_sub(1)),
        Some(Command::Down) => HelpKey::Scroll(scroll.saturating_add(1)),
        Some(Command::PageUp) => HelpKey::Scroll(scroll.saturating_sub(page)),
        Some(Command::PageDown) => HelpKey::Scroll(scroll.saturating_add(page)),
        Some(Command::Top) => HelpKey::Scroll(0),
        Some(Command::Bottom) => HelpKey::Scroll(u16::MAX),
        _ => HelpKey::Ignored,
    }
}

/// The overlay: one column, or two side by side when the terminal is wide enough and one would
/// not fit the height; scrolled `scroll` rows (clamped to the last page).
pub fn render(frame: &mut Frame, area: Rect, scopes: &[Scope], typing: bool, scroll: u16, ui: &Ui) {
    let sections = help_sections(scopes, typing, ui);
    let total: usize = sections.iter().map(Vec::len).sum::<usize>() + 1;
    let two_columns = total + 2 > area.height as usize && area.width >= 130;
    let mut columns: Vec<Vec<Line<'static>>> = vec![Vec::new()];
    let half = total.div_ceil(2);
    for section in sections {
        let current = columns.len() - 1;
        if two_columns
            && current == 0
            && !columns[0].is_empty()
            && columns[0].len() + section.len() > half
        {
            columns.push(Vec::new());
        }
        let last = columns.len() - 1;
        columns[last].extend(section);
    }
    let longest = columns.iter().map(Vec::len).max().unwrap_or(0) as u16;
    let width = if columns.len() == 2 { 130 } else { 76 };
    let popup = centered(area, width, longest.saturating_add(3));
    // Rows for the keys: the popup less its border and the footer.
    let rows = popup.height.saturating_sub(3);
    let last_start = longest.saturating_sub(rows);
    let scroll = scroll.min(last_start);
    let title = if last_start == 0 {
        " Keys · Esc/q/? close ".to_owned()
    } else {
        format!(
            " Keys · ↑↓ PgUp PgDn scroll ({}–{} of {longest}) · Esc/q/? close ",
            scroll + 1,
            (scroll + rows).min(longest)
        )
    };
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(ui.theme.focused_border)
        .title(title);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [body, footer] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let areas = Layout::horizontal(vec![Constraint::Fill(1); columns.len()]).split(body);
    for (column, area) in columns.into_iter().zip(areas.iter()) {
        frame.render_widget(Paragraph::new(column).scroll((scroll, 0)), *area);
    }
    let footer_text = if typing { TYPING_FOOTER } else { FOOTER };
    frame.render_widget(Line::styled(footer_text, ui.theme.dim), footer);
}
