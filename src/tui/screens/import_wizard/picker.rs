//! The columns step's pick list: where one column's values go, chosen by typing part of a field's
//! name, label or one of its synonyms in any language the catalogue knows ("firma" finds org),
//! with the column's own sample values shown above the list so the choice can be checked.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::targets::{target_argument, target_label, targets_for};
use crate::import::job::Prepared;
use crate::import::mapping::Target;
use crate::registrant_fields::catalogue::{
    HeaderGuess, HeaderTarget, StandardField, guess_header, squash,
};
use crate::tui::drawn_text::safe;
use crate::tui::screens::{ListCursor, TextField, Ui, fit};

/// The open pick list of one column.
pub(super) struct FieldPicker {
    /// The column's index in the file.
    pub column: usize,
    pub filter: TextField,
    pub cursor: ListCursor,
}

/// What a key did to the pick list.
pub(super) enum PickerKey {
    /// Still choosing.
    Open,
    Closed,
    Chosen(Option<Target>),
}

impl FieldPicker {
    pub fn new(column: usize, typed: &str) -> Self {
        FieldPicker {
            column,
            filter: TextField::with_value(typed),
            cursor: ListCursor::default(),
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent, prepared: &Prepared) -> PickerKey {
        let matches = matching_targets(prepared, self.filter.value());
        match key.code {
            KeyCode::Esc => PickerKey::Closed,
            KeyCode::Enter => match matches.into_iter().nth(self.cursor.selected) {
                Some(target) => PickerKey::Chosen(target),
                None => PickerKey::Open,
            },
            KeyCode::Up => {
                self.cursor.selected = self.cursor.selected.saturating_sub(1);
                PickerKey::Open
            }
            KeyCode::Down => {
                self.cursor.selected =
                    (self.cursor.selected + 1).min(matches.len().saturating_sub(1));
                PickerKey::Open
            }
            _ => {
                if self.filter.handle_key(key) {
                    self.cursor = ListCursor::default();
                }
                PickerKey::Open
            }
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui, prepared: &Prepared) {
        let header = prepared
            .mapping
            .columns
            .iter()
            .find(|column| column.index == self.column)
            .map_or_else(String::new, |column| column.label());
        let samples = prepared
            .source
            .samples
            .get(self.column)
            .filter(|samples| !samples.is_empty())
            .map_or_else(
                || "(empty in the first rows)".to_owned(),
                |samples| samples.join(" · "),
            );
        let width = area.width as usize;
        let mut lines = vec![
            Line::styled(
                fit(
                    &safe(&format!("Where do the values of {header} go?")),
                    width,
                ),
                ui.theme.header,
            ),
            Line::from(vec![
                Span::styled("Values: ", ui.theme.dim),
                Span::raw(fit(&safe(&samples), width.saturating_sub(8))),
            ]),
            Line::from(vec![
                Span::styled("Field: ", ui.theme.dim),
                Span::raw(safe(self.filter.value())),
                Span::styled("▏", ui.theme.key),
            ]),
        ];
        let matches = matching_targets(prepared, self.filter.value());
        let list_rows = (area.height as usize)
            .saturating_sub(lines.len() + 1)
            .max(1);
        let offset = self.cursor.offset_for(list_rows);
        if matches.is_empty() {
            lines.push(Line::styled(
                "No field or question by that name (Backspace to widen).",
                ui.theme.warn,
            ));
        }
        for (position, target) in matches.iter().enumerate().skip(offset).take(list_rows) {
            let selected = position == self.cursor.selected;
            let name = target_argument(target.as_ref());
            let label = match target {
                Some(Target::Field(field)) => field.label().to_owned(),
                other => target_label(other.as_ref()),
            };
            let text = if name == label {
                format!("{} {label}", if selected { "▸" } else { " " })
            } else {
                format!("{} {name:<24} {label}", if selected { "▸" } else { " " })
            };
            lines.push(Line::styled(
                fit(&safe(&text), width),
                if selected {
                    ui.theme.cursor
                } else {
                    ui.theme.text
                },
            ));
        }
        lines.push(Line::styled(
            "type to filter · ↑↓ choose · Enter: use it · Esc: keep as it was",
            ui.theme.dim,
        ));
        frame.render_widget(Paragraph::new(lines), area);
    }
}

/// The targets `typed` finds, best first: the field the catalogue finds by that word (a name,
/// label or synonym in any language it knows), then names and labels starting with it, then
/// containing it. Empty: every target in the ← → order.
pub(super) fn matching_targets(prepared: &Prepared, typed: &str) -> Vec<Option<Target>> {
    let all = targets_for(prepared);
    let wanted = squash(typed);
    if wanted.is_empty() {
        return all;
    }
    let found_by_catalogue = StandardField::find(typed).map(Target::Field).or_else(|| {
        matches!(
            guess_header(typed),
            Some(HeaderGuess {
                target: HeaderTarget::FullName,
                ..
            })
        )
        .then_some(Target::FullName)
    });
    let mut ranked: Vec<(u8, Option<Target>)> = all
        .into_iter()
        .filter_map(|target| {
            let words = [
                squash(&target_argument(target.as_ref())),
                squash(&target_label(target.as_ref())),
                if target.is_none() {
                    "ignore skip notimported".to_owned()
                } else {
                    String::new()
                },
            ];
            let rank = if target.is_some() && target == found_by_catalogue {
                0
            } else if words.iter().any(|word| word.starts_with(&wanted)) {
                1
            } else if words.iter().any(|word| word.contains(&wanted)) {
                2
            } else {
                return None;
            };
            Some((rank, target))
        })
        .collect();
    ranked.sort_by_key(|(rank, _)| *rank);
    ranked.into_iter().map(|(_, target)| target).collect()
}
