//! The login screen, shown when no credentials exist: the Server-to-Server app's Account ID,
//! Client ID and (hidden) Client Secret, checked as typed by the secrets module's rules, then
//! verified against Zoom and stored in the OS keyring by the same steps as `regdesk login`.
//! It also offers the demo, which needs no account.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Action, Screen, TextField, Ui};
use crate::secrets::login::{Field, check_value};
use crate::tui::keymap::{self, Command, Scope};
use crate::tui::message::{Effect, LoginValues, Outcome, RequestId, RequestIds};

const FIELDS: [Field; 3] = [Field::AccountId, Field::ClientId, Field::ClientSecret];
/// The focus index of the "try the demo" choice, after the fields.
const DEMO: usize = FIELDS.len();

pub struct LoginScreen {
    profile: String,
    values: [TextField; 3],
    focus: usize,
    /// Why the last attempt failed, or why the screen is shown.
    problem: Option<String>,
    pending: Option<RequestId>,
    busy_with: &'static str,
}

impl LoginScreen {
    /// `reason`: why there are no usable credentials (shown above the form).
    pub fn new(profile: String, reason: Option<String>) -> Self {
        LoginScreen {
            profile,
            values: Default::default(),
            focus: 0,
            problem: reason,
            pending: None,
            busy_with: "",
        }
    }

    fn submit(&mut self, ids: &mut RequestIds) -> Option<Action> {
        let mut checked = Vec::with_capacity(FIELDS.len());
        for (index, field) in FIELDS.iter().enumerate() {
            match check_value(*field, self.values[index].value()) {
                Ok(value) => checked.push(value),
                Err(problem) => {
                    // A typed token or secret in the wrong field must not stay on screen.
                    if crate::zoom::secret_mistake(self.values[index].value().trim()).is_some() {
                        self.values[index] = TextField::default();
                    }
                    self.problem = Some(problem);
                    self.focus = index;
                    return None;
                }
            }
        }
        let request = ids.next_id();
        self.pending = Some(request);
        self.busy_with = "verifying with Zoom and storing in the OS keyring";
        self.problem = None;
        let secret = checked.pop().unwrap_or_default();
        let client_id = checked.pop().unwrap_or_default();
        let account_id = checked.pop().unwrap_or_default();
        Some(Action::Run(vec![Effect::Login {
            request,
            values: LoginValues {
                profile: self.profile.clone(),
                account_id,
                client_id,
                client_secret: secrecy::SecretString::from(secret),
            },
        }]))
    }

    fn demo(&mut self, ids: &mut RequestIds) -> Option<Action> {
        let request = ids.next_id();
        self.pending = Some(request);
        self.busy_with = "starting the demo";
        Some(Action::Run(vec![Effect::StartDemo { request }]))
    }
}

impl Screen for LoginScreen {
    fn title(&self) -> String {
        "Log in".to_owned()
    }

    fn scopes(&self) -> &'static [Scope] {
        &[Scope::Login]
    }

    fn start(&mut self, _ids: &mut RequestIds) -> Vec<Effect> {
        Vec::new()
    }

    fn is_typing(&self) -> bool {
        self.focus < DEMO
    }

    fn handle_paste(&mut self, text: &str) {
        let Some(field) = FIELDS.get(self.focus) else {
            return;
        };
        // A pasted token never lands in a field (and so never on screen): say what it is.
        if crate::zoom::secret_mistake(text.trim()).is_some() {
            if let Err(problem) = check_value(*field, text) {
                self.problem = Some(problem);
            }
            return;
        }
        self.values[self.focus].paste(text.trim());
    }

    fn handle_key(&mut self, key: &KeyEvent, ids: &mut RequestIds) -> Option<Action> {
        if self.pending.is_some() {
            return None;
        }
        match keymap::command_for(self.scopes(), key) {
            Some(Command::Down) => self.focus = (self.focus + 1) % (DEMO + 1),
            Some(Command::Up) => self.focus = (self.focus + DEMO) % (DEMO + 1),
            Some(Command::Demo) => return self.demo(ids),
            Some(Command::Confirm) if self.focus == DEMO => return self.demo(ids),
            Some(Command::Confirm) if self.focus + 1 < DEMO => self.focus += 1,
            Some(Command::Confirm) => return self.submit(ids),
            Some(Command::Back) => return Some(Action::Quit),
            _ if self.focus < DEMO && self.values[self.focus].handle_key(key) => {
                self.problem = None;
            }
            _ if self.focus < DEMO => {}
            Some(Command::Quit) => return Some(Action::Quit),
            _ => {}
        }
        None
    }

    fn accept(
        &mut self,
        request: RequestId,
        outcome: Outcome,
        _ids: &mut RequestIds,
    ) -> Result<Option<Action>, Outcome> {
        match outcome {
            Outcome::SessionFailed(problem) if self.pending == Some(request) => {
                self.pending = None;
                self.problem = Some(problem);
                Ok(None)
            }
            other => Err(other),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let mut lines = vec![
            Line::styled("No Zoom credentials yet.", ui.theme.title),
            Line::raw(
                "Enter your Server-to-Server OAuth app's credentials (marketplace.zoom.us → Manage → your app → App Credentials). \
                 They are verified with Zoom, then kept in the OS keyring.",
            ),
            Line::raw(""),
        ];
        for (index, field) in FIELDS.iter().enumerate() {
            let value = self.values[index].value();
            let shown = if field.is_secret() {
                "•".repeat(value.chars().count())
            } else {
                value.to_owned()
            };
            let focused = self.focus == index;
            lines.push(Line::from(vec![
                Span::styled(
                    format!("{} {:<14}", if focused { "›" } else { " " }, field.label()),
                    if focused {
                        ui.theme.key
                    } else {
                        ui.theme.header
                    },
                ),
                Span::raw(shown),
                Span::styled(if focused { "▏" } else { "" }, ui.theme.key),
            ]));
        }
        lines.push(Line::raw(""));
        let demo_focused = self.focus == DEMO;
        lines.push(Line::styled(
            format!(
                "{} Try the demo: a simulated Zoom account with sample meetings (Ctrl-O)",
                if demo_focused { "›" } else { " " }
            ),
            if demo_focused {
                ui.theme.cursor
            } else {
                ui.theme.text
            },
        ));
        lines.push(Line::raw(""));
        if self.pending.is_some() {
            lines.push(Line::styled(
                format!("{} {}…", ui.spinner, self.busy_with),
                ui.theme.warn,
            ));
        } else if let Some(problem) = &self.problem {
            lines.push(Line::styled(problem.clone(), ui.theme.error));
        }
        lines.push(Line::styled(
            format!(
                "Profile: {} · Tab/↓ next field · Enter verify and store · Esc quit",
                self.profile
            ),
            ui.theme.dim,
        ));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixtures::{app_with, render};
    use crate::tui::message::Msg;
    use crate::tui::testing::key;
    use crossterm::event::Event;
    use crossterm::event::KeyCode;

    fn press(app: &mut crate::tui::app::App, code: KeyCode) -> Vec<Effect> {
        app.update(Msg::Input(Event::Key(key(code))))
    }

    fn login() -> crate::tui::app::App {
        app_with(
            Box::new(LoginScreen::new("default".to_owned(), None)),
            false,
        )
        .0
    }

    #[test]
    fn empty_form_offers_the_demo() {
        insta::assert_snapshot!(render(&login(), 100, 20));
    }

    #[test]
    fn a_pasted_token_is_explained_never_shown_and_the_secret_is_masked() {
        let mut app = login();
        app.update(Msg::Input(Event::Paste(
            r#"{"access_token":"eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.c2ln","token_type":"bearer"}"#
                .to_owned(),
        )));
        let screen = render(&app, 100, 20);
        assert!(!screen.contains("access_token"), "{screen}");
        assert!(screen.contains("not the Account ID"), "{screen}");
        for c in "acct".chars() {
            press(&mut app, KeyCode::Char(c));
        }
        press(&mut app, KeyCode::Enter);
        for c in "client-id".chars() {
            press(&mut app, KeyCode::Char(c));
        }
        press(&mut app, KeyCode::Enter);
        for c in "s3cr3t".chars() {
            press(&mut app, KeyCode::Char(c));
        }
        let screen = render(&app, 100, 20);
        assert!(!screen.contains("s3cr3t"), "{screen}");
        insta::assert_snapshot!(screen);
        let effects = press(&mut app, KeyCode::Enter);
        assert!(
            matches!(effects.as_slice(), [Effect::Login { values, .. }] if values.account_id == "acct"),
            "{effects:?}"
        );
    }

    #[test]
    fn letters_type_and_q_does_not_quit_in_a_field() {
        let mut app = login();
        press(&mut app, KeyCode::Char('q'));
        assert!(!app.should_quit());
        assert!(render(&app, 100, 20).contains("Account ID    q"));
    }

    #[test]
    fn the_demo_choice_starts_the_demo() {
        let mut app = login();
        for _ in 0..3 {
            press(&mut app, KeyCode::Tab);
        }
        let effects = press(&mut app, KeyCode::Enter);
        assert!(
            matches!(effects.as_slice(), [Effect::StartDemo { .. }]),
            "{effects:?}"
        );
        assert!(render(&app, 100, 20).contains("starting the demo"));
    }
}
