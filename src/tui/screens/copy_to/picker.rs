//! Copy to…'s event picker: the account's meetings and webinars (every scheduled one, past ones
//! included, both listed at once), narrowed by typing a topic or ID, with the source left out.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::drawn_text::safe;
use crate::tui::keymap::Command;
use crate::tui::message::{Effect, Outcome, RequestId, RequestIds};
use crate::tui::screens::{ListCursor, Loadable, TextField, Ui, error_lines, fit};
use crate::zoom::{EventKind, EventRef, EventSummary, ListScope, start_in_zone};

/// The event chosen as the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picked {
    pub event: EventRef,
    pub topic: String,
}

/// The events of one listing, named by their kind.
fn listed(kind: EventKind, list: &Loadable<Vec<EventSummary>>) -> Vec<(EventRef, &EventSummary)> {
    list.data
        .iter()
        .flatten()
        .map(|summary| {
            (
                EventRef {
                    kind,
                    id: summary.id,
                },
                summary,
            )
        })
        .collect()
}

/// What a key did to the picker.
pub enum PickerKey {
    Nothing,
    Chosen(Picked),
}

pub struct EventPicker {
    /// The source, which is never offered.
    exclude: EventRef,
    meetings: Loadable<Vec<EventSummary>>,
    webinars: Loadable<Vec<EventSummary>>,
    filter: TextField,
    cursor: ListCursor,
}

impl EventPicker {
    pub fn new(exclude: EventRef) -> Self {
        EventPicker {
            exclude,
            meetings: Loadable::default(),
            webinars: Loadable::default(),
            filter: TextField::default(),
            cursor: ListCursor::default(),
        }
    }

    /// Lists the meetings and the webinars (every scheduled one: a past event can be a target
    /// while Zoom still takes registrations for it).
    pub fn start(&mut self, ids: &mut RequestIds) -> Vec<Effect> {
        let meetings = self.meetings.begin(ids);
        let webinars = self.webinars.begin(ids);
        vec![
            Effect::LoadEvents {
                request: meetings,
                kind: EventKind::Meeting,
                scope: ListScope::All,
            },
            Effect::LoadEvents {
                request: webinars,
                kind: EventKind::Webinar,
                scope: ListScope::All,
            },
        ]
    }

    /// Takes a listing it asked for; hands back other outcomes.
    pub fn accept(&mut self, request: RequestId, outcome: Outcome) -> Result<(), Outcome> {
        let list = if self.meetings.waits_for(request) {
            &mut self.meetings
        } else if self.webinars.waits_for(request) {
            &mut self.webinars
        } else {
            return Err(outcome);
        };
        match outcome {
            Outcome::Events(result) => {
                list.finish(result.map(|listed| listed.events));
                let len = self.rows().len();
                self.cursor.clamp(len);
                Ok(())
            }
            other => Err(other),
        }
    }

    /// The events offered, meetings then webinars, narrowed by the typed text (topic or ID).
    pub fn rows(&self) -> Vec<(EventRef, &EventSummary)> {
        let needle = self.filter.value().trim().to_lowercase();
        let digits: String = needle.chars().filter(char::is_ascii_digit).collect();
        let mut rows = listed(EventKind::Meeting, &self.meetings);
        rows.extend(listed(EventKind::Webinar, &self.webinars));
        rows.retain(|(event, summary)| {
            *event != self.exclude
                && (needle.is_empty()
                    || summary.topic.to_lowercase().contains(&needle)
                    || (!digits.is_empty() && summary.id.to_string().contains(&digits)))
        });
        rows
    }

    /// A key: movement moves, Enter picks, anything else types into the filter.
    pub fn handle_key(&mut self, key: &KeyEvent, command: Option<Command>) -> PickerKey {
        let len = self.rows().len();
        if let Some(command) = command
            && self.cursor.apply(command, len)
        {
            return PickerKey::Nothing;
        }
        if command == Some(Command::Confirm) {
            return match self.rows().get(self.cursor.selected) {
                Some((event, summary)) => PickerKey::Chosen(Picked {
                    event: *event,
                    topic: summary.topic.clone(),
                }),
                None => PickerKey::Nothing,
            };
        }
        if self.filter.handle_key(key) {
            self.cursor = ListCursor::default();
        }
        PickerKey::Nothing
    }

    pub fn paste(&mut self, text: &str) {
        self.filter.paste(text);
        self.cursor = ListCursor::default();
    }

    /// Draws the filter line, the list and what is loading or failed, in `area`.
    pub fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let mut notes: Vec<Line> = Vec::new();
        for (what, list) in [("meetings", &self.meetings), ("webinars", &self.webinars)] {
            if list.is_loading() {
                notes.push(Line::raw(format!("{} Listing the {what}…", ui.spinner)));
            }
            if let Some(error) = &list.error {
                notes.extend(error_lines(
                    &format!("The {what} could not be listed"),
                    error,
                    "",
                    ui,
                ));
            }
        }
        notes.retain(|line| line.width() > 0);
        let [head, list_area, notes_area] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Min(1),
            Constraint::Length(u16::try_from(notes.len()).unwrap_or(u16::MAX)),
        ])
        .areas(area);
        let rows = self.rows();
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(vec![
                    Span::styled("Into which meeting or webinar? ", ui.theme.header),
                    Span::raw(format!("> {}", safe(self.filter.value()))),
                    Span::styled("▏", ui.theme.key),
                ]),
                Line::styled(
                    fit(
                        &format!(
                            "{} listed · type a topic or ID to narrow · ↑↓ choose · Enter: next · Esc: back",
                            rows.len()
                        ),
                        usize::from(area.width),
                    ),
                    ui.theme.dim,
                ),
            ]),
            head,
        );
        let width = usize::from(list_area.width);
        let height = usize::from(list_area.height);
        let offset = self.cursor.offset_for(height);
        let when_width = 27;
        let topic_width = width.saturating_sub(2 + 8 + 12 + when_width + 3).max(8);
        let lines: Vec<Line> = rows
            .iter()
            .enumerate()
            .skip(offset)
            .take(height)
            .map(|(position, (event, summary))| {
                let selected = position == self.cursor.selected;
                let when = summary
                    .start_time
                    .map(|start| start_in_zone(start, summary.timezone.as_deref()))
                    .unwrap_or_else(|| "no fixed time".to_owned());
                let text = format!(
                    "{}{:<8}{:<12} {} {}",
                    if selected { "▸ " } else { "  " },
                    event.kind.noun(),
                    event.id,
                    crate::text::terminal::pad(&fit(&summary.topic, topic_width), topic_width),
                    when
                );
                Line::styled(
                    fit(&safe(&text), width),
                    if selected {
                        ui.theme.cursor
                    } else {
                        ui.theme.text
                    },
                )
            })
            .collect();
        let lines = if lines.is_empty() && !self.meetings.is_loading() {
            vec![Line::styled("No meeting or webinar matches.", ui.theme.dim)]
        } else {
            lines
        };
        frame.render_widget(Paragraph::new(lines), list_area);
        frame.render_widget(Paragraph::new(notes), notes_area);
    }
}
