//! The login screen, shown when no credentials exist: the app's credentials (a Server-to-Server
//! OAuth app, or a legacy JWT app, which Zoom retired in 2023), checked as typed by the secrets
//! module's rules, then verified against Zoom and stored by the same steps as `regdesk login`:
//! in the first OS keyring that works or, when none does, in a file the user consents to here
//! (encrypted with a passphrase, or plain 0600 with a permanent warning). It also offers the
//! demo, which needs no account. Secret values are masked and never drawn.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use secrecy::SecretString;

use super::{Action, Screen, TextField, Ui};
use crate::profiles::AppKind;
use crate::secrets::StoreKind;
use crate::secrets::file::MIN_PASSPHRASE_LEN;
use crate::secrets::login::{Field, check_value};
use crate::session::login::LoginProblem;
use crate::tui::keymap::{self, Command, Scope};
use crate::tui::message::{Effect, LoginValues, Outcome, RequestId, RequestIds, StoreChoice};

/// The file stores offered when no OS keyring works, in the order shown.
const FILE_STORES: [StoreKind; 2] = [StoreKind::EncryptedFile, StoreKind::PlainFile];

/// The store step: no OS keyring works, so the user may consent to a file.
struct StoreStep {
    /// Why no keyring could be used.
    why: String,
    /// Index into [`FILE_STORES`].
    choice: usize,
    /// The passphrase and its repetition (encrypted file only).
    passphrase: [TextField; 2],
    /// 0: the choice; 1, 2: the passphrase fields.
    focus: usize,
}

pub struct LoginScreen {
    profile: String,
    app: AppKind,
    /// One input per field of `app`.
    values: Vec<TextField>,
    /// The fields, then the app type row, then the demo.
    focus: usize,
    store: Option<StoreStep>,
    /// Why the last attempt failed, or why the screen is shown.
    problem: Option<String>,
    pending: Option<RequestId>,
    busy_with: &'static str,
}

impl LoginScreen {
    /// `reason`: why there are no usable credentials (shown above the form).
    pub fn new(profile: String, reason: Option<String>) -> Self {
        let app = AppKind::ServerToServer;
        LoginScreen {
            profile,
            app,
            values: Field::all_for(app)
                .iter()
                .map(|_| TextField::default())
                .collect(),
            focus: 0,
            store: None,
            problem: reason,
            pending: None,
            busy_with: "",
        }
    }

    fn fields(&self) -> &'static [Field] {
        Field::all_for(self.app)
    }

    fn app_row(&self) -> usize {
        self.fields().len()
    }

    fn demo_row(&self) -> usize {
        self.fields().len() + 1
    }

    fn switch_app(&mut self) {
        self.app = match self.app {
            AppKind::ServerToServer => AppKind::LegacyJwt,
            AppKind::LegacyJwt => AppKind::ServerToServer,
        };
        self.values = self.fields().iter().map(|_| TextField::default()).collect();
        self.focus = self.app_row();
        self.problem = None;
    }

    fn submit(&mut self, ids: &mut RequestIds, store: StoreChoice) -> Option<Action> {
        let mut checked = Vec::with_capacity(self.values.len());
        for (index, field) in self.fields().iter().enumerate() {
            match check_value(*field, self.values[index].value()) {
                Ok(value) => checked.push((*field, SecretString::from(value))),
                Err(problem) => {
                    // A typed token or secret in the wrong field must not stay on screen.
                    if crate::zoom::secret_mistake(self.values[index].value().trim()).is_some() {
                        self.values[index] = TextField::default();
                    }
                    self.problem = Some(problem);
                    self.store = None;
                    self.focus = index;
                    return None;
                }
            }
        }
        let request = ids.next_id();
        self.pending = Some(request);
        self.busy_with = match store {
            StoreChoice::FirstKeyring => "verifying with Zoom and storing in the OS keyring",
            StoreChoice::EncryptedFile(_) => {
                "verifying with Zoom and storing in the encrypted file"
            }
            StoreChoice::PlainFile => "verifying with Zoom and storing in the plain file",
        };
        self.problem = None;
        Some(Action::Run(vec![Effect::Login {
            request,
            values: LoginValues {
                profile: self.profile.clone(),
                app: self.app,
                values: checked,
                store,
            },
        }]))
    }

    fn demo(&mut self, ids: &mut RequestIds) -> Option<Action> {
        let request = ids.next_id();
        self.pending = Some(request);
        self.busy_with = "starting the demo";
        Some(Action::Run(vec![Effect::StartDemo { request }]))
    }

    fn handle_store_key(&mut self, key: &KeyEvent, ids: &mut RequestIds) -> Option<Action> {
        let command = keymap::command_for(self.scopes(), key);
        let step = self.store.as_mut()?;
        match command {
            Some(Command::Back) => {
                self.store = None;
                self.focus = 0;
                return None;
            }
            Some(Command::Down) => step.focus = next_store_focus(step, true),
            Some(Command::Up) => step.focus = next_store_focus(step, false),
            Some(Command::Select) if step.focus == 0 => {
                step.choice = (step.choice + 1) % FILE_STORES.len();
            }
            Some(Command::Confirm) => {
                let encrypted = FILE_STORES[step.choice] == StoreKind::EncryptedFile;
                if !encrypted {
                    return self.submit(ids, StoreChoice::PlainFile);
                }
                if step.focus < 2 {
                    step.focus += 1;
                    return None;
                }
                let [first, second] = &step.passphrase;
                if first.value().chars().count() < MIN_PASSPHRASE_LEN {
                    self.problem = Some(format!(
                        "use at least {MIN_PASSPHRASE_LEN} characters for the passphrase"
                    ));
                    step.passphrase = Default::default();
                    step.focus = 1;
                } else if first.value() != second.value() {
                    self.problem = Some("the two passphrases differ; type them again".to_owned());
                    step.passphrase = Default::default();
                    step.focus = 1;
                } else {
                    let passphrase = SecretString::from(first.value().to_owned());
                    return self.submit(ids, StoreChoice::EncryptedFile(passphrase));
                }
            }
            _ if step.focus > 0 && step.passphrase[step.focus - 1].handle_key(key) => {
                self.problem = None;
            }
            _ => {}
        }
        None
    }
}

/// The passphrase rows take focus only for the encrypted file.
fn next_store_focus(step: &StoreStep, forward: bool) -> usize {
    let rows = if FILE_STORES[step.choice] == StoreKind::EncryptedFile {
        3
    } else {
        1
    };
    if forward {
        (step.focus + 1) % rows
    } else {
        (step.focus + rows - 1) % rows
    }
}

/// The label of a form row, marked when it has the focus.
fn row_label(text: &str, focused: bool, ui: &Ui) -> Span<'static> {
    Span::styled(
        format!("{} {text:<14}", if focused { "›" } else { " " }),
        if focused {
            ui.theme.key
        } else {
            ui.theme.header
        },
    )
}

/// One input row: its label, the value as shown (masked for secrets) and the cursor.
fn input_line(label: &str, shown: String, focused: bool, ui: &Ui) -> Line<'static> {
    Line::from(vec![
        row_label(label, focused, ui),
        Span::raw(shown),
        Span::styled(if focused { "▏" } else { "" }, ui.theme.key),
    ])
}

/// A masked value: one bullet per character, never the characters.
fn masked(field: &TextField) -> String {
    "•".repeat(field.value().chars().count())
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
        match &self.store {
            Some(step) => step.focus > 0,
            None => self.focus < self.app_row(),
        }
    }

    fn handle_paste(&mut self, text: &str) {
        if let Some(step) = &mut self.store {
            if step.focus > 0 {
                step.passphrase[step.focus - 1].paste(text.trim_end_matches(['\r', '\n']));
            }
            return;
        }
        let Some(field) = self.fields().get(self.focus).copied() else {
            return;
        };
        // A pasted token never lands in a field (and so never on screen): say what it is.
        if crate::zoom::secret_mistake(text.trim()).is_some() {
            if let Err(problem) = check_value(field, text) {
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
        if self.store.is_some() {
            return self.handle_store_key(key, ids);
        }
        let (app_row, demo_row) = (self.app_row(), self.demo_row());
        let in_field = self.focus < app_row;
        match keymap::command_for(self.scopes(), key) {
            Some(Command::Down) => self.focus = (self.focus + 1) % (demo_row + 1),
            Some(Command::Up) => self.focus = (self.focus + demo_row) % (demo_row + 1),
            Some(Command::Demo) => return self.demo(ids),
            Some(Command::Select) if self.focus == app_row => self.switch_app(),
            Some(Command::Confirm) if self.focus == demo_row => return self.demo(ids),
            // The fields were just emptied by the switch: Enter goes to the first one.
            Some(Command::Confirm) if self.focus == app_row => self.focus = 0,
            Some(Command::Confirm) if self.focus + 1 < app_row => self.focus += 1,
            Some(Command::Confirm) => return self.submit(ids, StoreChoice::FirstKeyring),
            Some(Command::Back) => return Some(Action::Quit),
            _ if in_field && self.values[self.focus].handle_key(key) => {
                self.problem = None;
            }
            _ if in_field => {}
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
            Outcome::DemoFailed(why) if self.pending == Some(request) => {
                self.pending = None;
                self.problem = Some(format!("the demo could not start: {why}"));
                Ok(None)
            }
            Outcome::LoginFailed(problem) if self.pending == Some(request) => {
                self.pending = None;
                match *problem {
                    LoginProblem::NoKeyring { tried } => {
                        self.problem = None;
                        self.store = Some(StoreStep {
                            why: tried.join("; "),
                            choice: 0,
                            passphrase: Default::default(),
                            focus: 0,
                        });
                    }
                    // Refused: Zoom's diagnosis with its fix; NotStored: the credentials work, the
                    // store did not.
                    other => self.problem = Some(other.to_string()),
                }
                Ok(None)
            }
            other => Err(other),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let mut lines = match &self.store {
            Some(step) => self.store_lines(step, ui),
            None => self.form_lines(ui),
        };
        lines.push(Line::raw(""));
        if self.pending.is_some() {
            lines.push(Line::styled(
                format!("{} {}…", ui.spinner, self.busy_with),
                ui.theme.warn,
            ));
        } else if let Some(problem) = &self.problem {
            lines.push(Line::styled(
                crate::tui::drawn_text::safe(problem),
                ui.theme.error,
            ));
        }
        let keys = if self.store.is_some() {
            "↑↓ move · ←→ change the choice · Enter store · Esc back to the form"
        } else {
            "Tab/↓ next field · Enter verify and store · Esc quit"
        };
        lines.push(Line::styled(
            format!("Profile: {} · {keys}", self.profile),
            ui.theme.dim,
        ));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    }
}

impl LoginScreen {
    fn form_lines(&self, ui: &Ui) -> Vec<Line<'static>> {
        let mut lines = vec![
            Line::styled("No Zoom credentials yet.", ui.theme.title),
            Line::raw(match self.app {
                AppKind::ServerToServer => {
                    "Enter your Server-to-Server OAuth app's credentials (marketplace.zoom.us → \
                     Manage → your app → App Credentials). They are verified with Zoom, then kept \
                     in the OS keyring."
                }
                AppKind::LegacyJwt => {
                    "Enter your JWT app's API Key and API Secret. Zoom retired JWT apps on \
                     2023-09-08 and real Zoom rejects their tokens; prefer a Server-to-Server \
                     OAuth app."
                }
            }),
            Line::raw(""),
        ];
        for (index, field) in self.fields().iter().enumerate() {
            let value = &self.values[index];
            let shown = if field.is_secret() {
                masked(value)
            } else {
                value.value().to_owned()
            };
            lines.push(input_line(field.label(), shown, self.focus == index, ui));
        }
        let app_focused = self.focus == self.app_row();
        lines.push(Line::from(vec![
            row_label("App type", app_focused, ui),
            Span::styled(
                format!("‹ {} ›", self.app.label()),
                if app_focused {
                    ui.theme.cursor
                } else {
                    ui.theme.text
                },
            ),
            Span::styled(if app_focused { "  ←→ change" } else { "" }, ui.theme.dim),
        ]));
        lines.push(Line::raw(""));
        let demo_focused = self.focus == self.demo_row();
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
        lines
    }

    fn store_lines(&self, step: &StoreStep, ui: &Ui) -> Vec<Line<'static>> {
        let mut lines = vec![
            Line::styled(
                "The credentials work, but no OS keyring can keep them here.",
                ui.theme.title,
            ),
            Line::styled(step.why.clone(), ui.theme.dim),
            Line::raw(
                "You may keep them in a file in the config dir instead (choosing one is your \
                 consent), or press Esc, quit, and set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and \
                 ZOOM_CLIENT_SECRET in your environment.",
            ),
            Line::raw(""),
        ];
        for (index, kind) in FILE_STORES.iter().enumerate() {
            let chosen = index == step.choice;
            let text = match kind {
                StoreKind::EncryptedFile => {
                    "Encrypted file — protected by a passphrase you type now; commands ask for it"
                        .to_owned()
                }
                _ => format!(
                    "Plain file (0600, NOT encrypted) — every screen and command then shows: {}",
                    kind.warning_badge().unwrap_or_default()
                ),
            };
            lines.push(Line::styled(
                format!("{} {text}", if chosen { "●" } else { "○" }),
                if chosen && step.focus == 0 {
                    ui.theme.cursor
                } else {
                    ui.theme.text
                },
            ));
        }
        if FILE_STORES[step.choice] == StoreKind::EncryptedFile {
            lines.push(Line::raw(""));
            for (index, label) in ["Passphrase", "Same again"].iter().enumerate() {
                let shown = masked(&step.passphrase[index]);
                lines.push(input_line(label, shown, step.focus == index + 1, ui));
            }
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixtures::{app_with, render};
    use crate::tui::message::Msg;
    use crate::tui::message::StoreChoice;
    use crate::tui::testing::key;
    use crossterm::event::Event;
    use crossterm::event::KeyCode;

    fn press(app: &mut crate::tui::app::App, code: KeyCode) -> Vec<Effect> {
        app.update(Msg::Input(Event::Key(key(code))))
    }

    fn type_text(app: &mut crate::tui::app::App, text: &str) {
        for c in text.chars() {
            press(app, KeyCode::Char(c));
        }
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
        type_text(&mut app, "acct");
        press(&mut app, KeyCode::Enter);
        type_text(&mut app, "client-id");
        press(&mut app, KeyCode::Enter);
        type_text(&mut app, "s3cr3t");
        let screen = render(&app, 100, 20);
        assert!(!screen.contains("s3cr3t"), "{screen}");
        insta::assert_snapshot!(screen);
        let effects = press(&mut app, KeyCode::Enter);
        assert!(
            matches!(effects.as_slice(), [Effect::Login { values, .. }] if values.values.len() == 3),
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
        for _ in 0..4 {
            press(&mut app, KeyCode::Tab);
        }
        let effects = press(&mut app, KeyCode::Enter);
        assert!(
            matches!(effects.as_slice(), [Effect::StartDemo { .. }]),
            "{effects:?}"
        );
        assert!(render(&app, 100, 20).contains("starting the demo"));
    }

    #[test]
    fn the_legacy_jwt_app_asks_for_its_key_and_secret_and_says_it_is_retired() {
        let mut app = login();
        for _ in 0..3 {
            press(&mut app, KeyCode::Tab);
        }
        press(&mut app, KeyCode::Right);
        let screen = render(&app, 100, 20);
        assert!(
            screen.contains("‹ legacy JWT (retired by Zoom in 2023) ›"),
            "{screen}"
        );
        assert!(
            screen.contains("API Key") && screen.contains("API Secret"),
            "{screen}"
        );
        assert!(!screen.contains("Account ID"), "{screen}");
        press(&mut app, KeyCode::Enter);
        type_text(&mut app, "key");
        press(&mut app, KeyCode::Enter);
        type_text(&mut app, "jwt-secret");
        assert!(!render(&app, 100, 20).contains("jwt-secret"));
        let effects = press(&mut app, KeyCode::Enter);
        assert!(
            matches!(effects.as_slice(), [Effect::Login { values, .. }]
                if values.app == AppKind::LegacyJwt && values.values.len() == 2),
            "{effects:?}"
        );
    }

    #[test]
    fn without_a_keyring_the_file_stores_are_offered_and_the_passphrase_is_masked() {
        let mut app = login();
        for text in ["acct", "client-id", "s3cr3t-value"] {
            type_text(&mut app, text);
            if text != "s3cr3t-value" {
                press(&mut app, KeyCode::Enter);
            }
        }
        let effects = app.update(Msg::Input(Event::Key(key(KeyCode::Enter))));
        let request = match effects.as_slice() {
            [Effect::Login { request, values }] => {
                assert!(matches!(values.store, StoreChoice::FirstKeyring));
                *request
            }
            other => panic!("one login effect expected: {other:?}"),
        };
        crate::tui::fixtures::deliver(
            &mut app,
            request,
            Outcome::LoginFailed(Box::new(LoginProblem::NoKeyring {
                tried: vec!["Secret Service: no session bus".to_owned()],
            })),
        );
        press(&mut app, KeyCode::Down);
        type_text(&mut app, "short");
        press(&mut app, KeyCode::Enter);
        type_text(&mut app, "short");
        assert!(press(&mut app, KeyCode::Enter).is_empty());
        let screen = render(&app, 110, 24);
        assert!(screen.contains("at least 8 characters"), "{screen}");
        assert!(!screen.contains("short"), "{screen}");
        insta::assert_snapshot!(screen);
    }
}
