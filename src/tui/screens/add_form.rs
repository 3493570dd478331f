//! The rapid-entry add form of one meeting or webinar (`a` on the registrants screen). Its owner
//! is the add-form task, which builds the form from the registration questions
//! ([`Effect::LoadQuestions`], [`Effect::AddRegistrant`] and their outcomes already exist). Until
//! then this screen loads the questions and says plainly that adding is done with `regdesk add`.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{Action, Loadable, Screen, Ui};
use crate::tui::keymap::{self, Command, Scope};
use crate::tui::message::{Effect, Outcome, RequestId, RequestIds};
use crate::zoom::{EventRef, Questions};

pub struct AddFormScreen {
    event: EventRef,
    topic: String,
    occurrence: Option<String>,
    questions: Loadable<Questions>,
}

impl AddFormScreen {
    pub fn new(event: EventRef, topic: String, occurrence: Option<String>) -> Self {
        AddFormScreen {
            event,
            topic,
            occurrence,
            questions: Loadable::default(),
        }
    }
}

impl Screen for AddFormScreen {
    fn title(&self) -> String {
        format!("Add registrants · {}", self.topic)
    }

    fn scopes(&self) -> &'static [Scope] {
        &[]
    }

    fn start(&mut self, ids: &mut RequestIds) -> Vec<Effect> {
        vec![Effect::LoadQuestions {
            request: self.questions.begin(ids),
            event: self.event,
        }]
    }

    fn handle_key(&mut self, key: &KeyEvent, _ids: &mut RequestIds) -> Option<Action> {
        match keymap::command_for(self.scopes(), key)? {
            Command::Back | Command::Quit => Some(Action::Back),
            _ => None,
        }
    }

    fn accept(
        &mut self,
        request: RequestId,
        outcome: Outcome,
        _ids: &mut RequestIds,
    ) -> Result<Option<Action>, Outcome> {
        match outcome {
            Outcome::Questions(result) if self.questions.waits_for(request) => {
                self.questions.finish(result);
                Ok(None)
            }
            other => Err(other),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let required: Vec<String> = self
            .questions
            .data
            .iter()
            .flat_map(|questions| {
                questions
                    .questions
                    .iter()
                    .filter(|question| question.required)
                    .map(|question| question.field_name.label().to_owned())
                    .chain(
                        questions
                            .custom_questions
                            .iter()
                            .filter(|question| question.required)
                            .map(|question| question.title.clone()),
                    )
            })
            .collect();
        let mut lines = vec![
            Line::styled(
                "The rapid-entry form is not in this build yet.",
                ui.theme.warn,
            ),
            Line::raw(format!(
                "Add people with `regdesk add {} --email E --first-name F{}{}`.",
                self.event.id,
                if self.event.kind == crate::zoom::EventKind::Webinar {
                    " --webinar"
                } else {
                    ""
                },
                self.occurrence
                    .as_deref()
                    .map(|id| format!(" --occurrences {id}"))
                    .unwrap_or_default()
            )),
        ];
        if self.questions.is_loading() {
            lines.push(Line::raw(format!(
                "{} loading the registration questions",
                ui.spinner
            )));
        } else if !required.is_empty() {
            lines.push(Line::raw(format!(
                "Required: email, first name, {}",
                required.join(", ")
            )));
        }
        lines.push(Line::styled("Esc: back", ui.theme.dim));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
    }
}
