//! One registrant: every field Zoom keeps, the custom questions' answers and the join URL, which
//! `y` copies to the clipboard with OSC 52 (inside tmux this needs `set -g set-clipboard on`).
//! The status changes of the list work here too, on this registrant.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Action, Notice, Screen, Ui};
use crate::tui::drawn_text::safe;
use crate::tui::keymap::{self, Command, Scope};
use crate::tui::message::{Change, ChangeKind, Effect, Outcome, RequestId, RequestIds, Target};
use crate::zoom::{EventRef, QuestionField, Registrant, RegistrantStatus, StatusAction};

pub struct DetailScreen {
    event: EventRef,
    occurrence: Option<String>,
    registrant: Registrant,
    scroll: u16,
}

impl DetailScreen {
    pub fn new(event: EventRef, occurrence: Option<String>, registrant: Registrant) -> Self {
        DetailScreen {
            event,
            occurrence,
            registrant,
            scroll: 0,
        }
    }

    fn change(&self, kind: ChangeKind) -> Action {
        Action::Confirm(Change::of(
            self.event,
            self.occurrence.clone(),
            kind,
            vec![Target::of(&self.registrant)],
        ))
    }

    fn lines(&self, ui: &Ui) -> Vec<Line<'static>> {
        let registrant = &self.registrant;
        let label = |text: &str| Span::styled(format!("{text:<26}"), ui.theme.header);
        let mut lines = Vec::new();
        let mut field = |name: &str, value: String| {
            lines.push(Line::from(vec![label(name), Span::raw(safe(&value))]));
        };
        field("Name", Target::of(registrant).name);
        field("Email", registrant.email.clone());
        field("Status", registrant.status.as_str().to_owned());
        field("Registrant ID", registrant.id.clone());
        field(
            "Registered",
            registrant
                .create_time
                .map(|time| crate::tui::clock::full(time, ui.zone))
                .unwrap_or_else(|| "unknown".to_owned()),
        );
        field(
            "Join URL",
            registrant
                .join_url
                .clone()
                .unwrap_or_else(|| "none (Zoom gives one once approved)".to_owned()),
        );
        if let Some(pin) = registrant.participant_pin_code {
            field("Participant PIN", pin.to_string());
        }
        if let Some(language) = &registrant.language {
            field("Language", language.clone());
        }
        for standard in QuestionField::ALL {
            if standard == QuestionField::LastName {
                continue;
            }
            let value = registrant
                .fields
                .get(&standard)
                .filter(|value| !value.trim().is_empty())
                .unwrap_or("—")
                .to_owned();
            let label = crate::registrant_fields::catalogue::StandardField::from_zoom(&standard)
                .map_or(standard.as_str(), |known| known.label());
            field(label, value);
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled("Custom questions", ui.theme.title));
        if registrant.custom_questions.is_empty() {
            lines.push(Line::styled("none answered", ui.theme.dim));
        }
        for answer in &registrant.custom_questions {
            lines.push(Line::from(vec![
                Span::styled(format!("{}: ", safe(&answer.title)), ui.theme.header),
                Span::raw(safe(&answer.value)),
            ]));
        }
        lines
    }
}

impl Screen for DetailScreen {
    fn title(&self) -> String {
        format!(
            "{} <{}>",
            Target::of(&self.registrant).name,
            self.registrant.email
        )
    }

    fn scopes(&self) -> &'static [Scope] {
        &[Scope::Detail]
    }

    fn offers(&self, command: Command) -> bool {
        let status = &self.registrant.status;
        let kind = self.event.kind;
        match command {
            Command::Approve => {
                crate::zoom::status_rules::applies(kind, status, StatusAction::Approve)
            }
            Command::Deny => crate::zoom::status_rules::applies(kind, status, StatusAction::Deny),
            Command::Cancel => {
                crate::zoom::status_rules::applies(kind, status, StatusAction::Cancel)
            }
            Command::Copy => self.registrant.join_url.is_some(),
            _ => true,
        }
    }

    fn start(&mut self, _ids: &mut RequestIds) -> Vec<Effect> {
        Vec::new()
    }

    fn handle_key(&mut self, key: &KeyEvent, _ids: &mut RequestIds) -> Option<Action> {
        match keymap::command_for(self.scopes(), key)? {
            Command::Up => self.scroll = self.scroll.saturating_sub(1),
            Command::Down => self.scroll = self.scroll.saturating_add(1),
            Command::Copy => {
                return Some(match &self.registrant.join_url {
                    Some(url) => Action::Copy {
                        text: url.clone(),
                        what: "the join URL".to_owned(),
                    },
                    None => Action::Notify(Notice::info(
                        "No join URL yet: Zoom gives one once the registrant is approved.",
                    )),
                });
            }
            Command::Approve => {
                return Some(self.change(ChangeKind::Status(StatusAction::Approve)));
            }
            Command::Deny => return Some(self.change(ChangeKind::Status(StatusAction::Deny))),
            Command::Cancel => return Some(self.change(ChangeKind::Status(StatusAction::Cancel))),
            Command::Delete => return Some(self.change(ChangeKind::Delete)),
            Command::Back | Command::Quit => return Some(Action::Back),
            _ => {}
        }
        None
    }

    fn accept(
        &mut self,
        _request: RequestId,
        outcome: Outcome,
        _ids: &mut RequestIds,
    ) -> Result<Option<Action>, Outcome> {
        Err(outcome)
    }

    fn after_change(&mut self, change: &Change, _ids: &mut RequestIds) -> Vec<Effect> {
        let concerns_me = change.event == self.event
            && change
                .targets
                .iter()
                .any(|target| target.id == self.registrant.id);
        if let (true, ChangeKind::Status(action)) = (concerns_me, change.kind) {
            // Zoom's transitions: cancelling an approval leaves the registrant denied.
            self.registrant.status = match (action, &self.registrant.status) {
                (StatusAction::Approve, _) => RegistrantStatus::Approved,
                (StatusAction::Deny, _) => RegistrantStatus::Denied,
                (StatusAction::Cancel, RegistrantStatus::Approved) => RegistrantStatus::Denied,
                (StatusAction::Cancel, unchanged) => unchanged.clone(),
            };
        }
        Vec::new()
    }

    fn closes_after(&self, change: &Change) -> bool {
        change.kind == ChangeKind::Delete
            && change
                .targets
                .iter()
                .any(|target| target.id == self.registrant.id)
    }

    fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let lines = self.lines(ui);
        let max_scroll = (lines.len() as u16).saturating_sub(area.height);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll.min(max_scroll), 0)),
            area,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixtures::{self, app_with, render};
    use crate::tui::message::Msg;
    use crate::tui::testing::key;
    use crossterm::event::{Event, KeyCode};

    const EVENT: EventRef = EventRef {
        kind: crate::zoom::EventKind::Meeting,
        id: 86_350_218_847,
    };

    fn app(status: &str) -> crate::tui::app::App {
        app_with(
            Box::new(DetailScreen::new(
                EVENT,
                None,
                fixtures::registrant(2, status),
            )),
            false,
        )
        .0
    }

    #[test]
    fn every_field_custom_answers_and_the_join_url() {
        insta::assert_snapshot!(render(&app("approved"), 100, 30));
    }

    #[test]
    fn a_hostile_name_is_drawn_without_its_escape_sequences_bidi_or_invisible_characters() {
        let mut registrant = fixtures::registrant(2, "approved");
        registrant.first_name =
            "\u{1b}]0;pwned\u{7}\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{202E}Eve\u{200B}".to_owned();
        registrant.fields.org = Some("\u{2067}Acme\u{2069}\u{9b}31m Ltd".to_owned());
        registrant.custom_questions[0].title = "Diet\u{1b}[5m".to_owned();
        registrant.custom_questions[0].value = "王秀英 👩\u{200D}💻\u{FEFF}".to_owned();
        let app = app_with(Box::new(DetailScreen::new(EVENT, None, registrant)), false).0;
        let screen = render(&app, 100, 30);
        assert!(
            !screen.contains([
                '\u{1b}', '\u{7}', '\u{9b}', '\u{202E}', '\u{200B}', '\u{2067}', '\u{FEFF}'
            ]),
            "{screen:?}"
        );
        assert!(
            !screen.contains("pwned") && !screen.contains("cHduZWQ"),
            "{screen}"
        );
        assert!(
            screen.contains(" ���Eve Rossi <"),
            "one mark per sequence: {screen}"
        );
        // A wide character's second cell reads as a space in the buffer's text.
        assert!(screen.contains("王 秀 英  👩\u{200D}💻"), "{screen}");
        insta::assert_snapshot!(screen);
    }

    #[test]
    fn narrow() {
        insta::assert_snapshot!(render(&app("pending"), 60, 16));
    }

    #[test]
    fn y_copies_the_join_url_and_says_so() {
        let mut app = app("approved");
        let effects = app.update(Msg::Input(Event::Key(key(KeyCode::Char('y')))));
        assert!(
            matches!(effects.as_slice(), [Effect::Copy { text }] if text == "https://zoom.us/w/86350218847?tk=token2"),
            "{effects:?}"
        );
        assert!(render(&app, 100, 30).contains("Copied the join URL to the clipboard"));
        let mut pending = self::app("pending");
        let effects = pending.update(Msg::Input(Event::Key(key(KeyCode::Char('y')))));
        assert!(effects.is_empty());
        assert!(render(&pending, 100, 30).contains("No join URL yet"));
    }
}
