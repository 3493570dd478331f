//! The interactive terminal app: one loop owns the state, messages in, effects out; screens and
//! the live pane.
//!
//! Data flows one way: terminal input and client events become [`message::Msg`]s; the loop
//! ([`event_loop`]) gives each to [`app::App::update`], which changes state and returns
//! [`message::Effect`]s; the runner ([`effects`]) spawns them as tasks that talk to Zoom through
//! [`crate::zoom::ZoomClient`] and send one `Msg::Done` back; the loop redraws once the queue is
//! drained. Screens ([`screens`]) each own their state, drawing and keys; [`keymap`] lists every
//! binding; [`theme`] the styles; [`testing`] drives the real loop in tests.

pub mod app;
mod chrome;
pub mod clock;
pub mod drawn_text;
pub mod effects;
pub mod event_loop;
#[cfg(test)]
mod fixtures;
pub mod keymap;
pub mod message;
pub mod panes;
pub mod screens;
mod terminal;
pub mod testing;
pub mod theme;
pub mod ui_state;

use std::sync::{Arc, Mutex};

use futures::Stream;
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};

use self::app::{App, AppConfig, AppExit};
use self::clock::SystemClock;
use self::effects::{ClipboardSink, EffectRunner, LoginSettings};
use self::event_loop::FrameObserver;
use self::screens::login::LoginScreen;
use self::screens::meetings::MeetingsScreen;
use self::terminal::{TerminalGuard, TerminalOut};
use self::theme::Theme;
use crate::secrets::resolve::PassphrasePrompt;
use crate::secrets::{LoginState, ResolveError, login_state};
use crate::session::{Session, SessionOptions};

/// What the app opens with.
pub enum Opening {
    /// Credentials are there: the meetings screen.
    Session(Box<Session>),
    /// No usable credentials: the login screen (which offers the demo), saying why.
    Login {
        profile: String,
        reason: Option<String>,
    },
}

/// `regdesk [--demo]`: the TUI on the real terminal, until the user quits. `passphrase` asks for
/// an encrypted credentials file's passphrase before the terminal turns into the app.
pub async fn run(
    demo: bool,
    options: &SessionOptions,
    passphrase: PassphrasePrompt<'_>,
) -> anyhow::Result<AppExit> {
    let opening = if demo {
        Opening::Session(Box::new(Session::demo().await?))
    } else {
        open_profile(options, passphrase).await?
    };
    let config = AppConfig {
        theme: Theme::from_env(),
        clock: Arc::new(SystemClock),
        data_dir: crate::paths::data_dir()?,
        ui_state: match crate::paths::config_dir() {
            Ok(dir) => Some(ui_state::path_in(&dir)),
            Err(error) => {
                tracing::warn!("the layout will not be remembered: {error}");
                None
            }
        },
        #[cfg(debug_assertions)]
        injected_panic: if crate::crash::debug_panic_requested("tui") {
            Some(effects::InjectedPanic::LoadingRegistrants)
        } else if crate::crash::debug_panic_requested("tui-loop") {
            Some(effects::InjectedPanic::HandlingRegistrants)
        } else {
            None
        },
    };
    let login = LoginSettings {
        api_url: options.api_url.clone(),
        oauth_url: options.oauth_url.clone(),
        os_keyrings: true,
    };
    let guard = TerminalGuard::enter()?;
    let mut terminal = Terminal::new(CrosstermBackend::new(TerminalOut::stdout()))?;
    let clipboard: ClipboardSink = Arc::new(Mutex::new(TerminalOut::stdout()));
    let input = crossterm::event::EventStream::new();
    let mut no_observer = |_: &App, _: &ratatui::buffer::Buffer| {};
    let result = tokio::select! {
        result = drive(config, opening, &mut terminal, input, clipboard, login, &mut no_observer) => result,
        signal = termination() => signal.map(|()| AppExit::default()).map_err(anyhow::Error::from),
    };
    drop(terminal);
    drop(guard);
    // Said once the terminal is back, so that it stays on screen after the app.
    if let Ok(exit) = &result {
        for hint in &exit.unfinished_imports {
            eprintln!("regdesk: {}", crate::text::terminal::sanitise_lines(hint));
        }
    }
    result
}

/// The selected profile's session, or the login screen when there are no credentials.
async fn open_profile(
    options: &SessionOptions,
    passphrase: PassphrasePrompt<'_>,
) -> anyhow::Result<Opening> {
    let profile = options
        .profile
        .clone()
        .unwrap_or_else(|| "default".to_owned());
    match login_state(options.profile.as_deref()) {
        Ok(LoginState::NeedsLogin) => {
            return Ok(Opening::Login {
                profile,
                reason: None,
            });
        }
        Err(error) if error.needs_login() => {
            return Ok(Opening::Login {
                profile,
                reason: Some(error.to_string()),
            });
        }
        Err(error) => return Err(error.into()),
        Ok(_) => {}
    }
    match crate::session::open(options, passphrase).await {
        Ok(session) => Ok(Opening::Session(Box::new(session))),
        Err(error) => match error.downcast_ref::<ResolveError>() {
            Some(resolve) if resolve.needs_login() => Ok(Opening::Login {
                profile,
                reason: Some(resolve.to_string()),
            }),
            _ => Err(error),
        },
    }
}

/// SIGTERM or SIGHUP: leave like `q` does (the terminal guard restores the terminal).
async fn termination() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut terminate = signal(SignalKind::terminate())?;
        let mut hangup = signal(SignalKind::hangup())?;
        tokio::select! {
            _ = terminate.recv() => Ok(()),
            _ = hangup.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        std::future::pending().await
    }
}

/// Runs the app on any backend and input stream: the product on the real terminal, the tests on
/// a `TestBackend` with keys from a channel.
pub async fn drive<B, S>(
    config: AppConfig,
    opening: Opening,
    terminal: &mut Terminal<B>,
    input: S,
    clipboard: ClipboardSink,
    login: LoginSettings,
    observer: &mut FrameObserver<'_>,
) -> anyhow::Result<AppExit>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    S: Stream<Item = std::io::Result<crossterm::event::Event>> + Unpin,
{
    let (sender, mut queue) = tokio::sync::mpsc::unbounded_channel();
    let mut runner = EffectRunner::new(sender, clipboard, login);
    runner.set_data_dir(config.data_dir.clone());
    #[cfg(debug_assertions)]
    runner.inject_panic(config.injected_panic);
    let (mut app, initial) = match opening {
        Opening::Session(session) => {
            let mut app = App::new(config, Box::new(MeetingsScreen::new()));
            let info = runner.adopt(*session);
            let effects = app.on_session(info);
            (app, effects)
        }
        Opening::Login { profile, reason } => {
            let mut app = App::new(config, Box::new(LoginScreen::new(profile, reason)));
            let effects = app.start();
            (app, effects)
        }
    };
    event_loop::run(
        &mut app,
        initial,
        terminal,
        input,
        &mut runner,
        &mut queue,
        observer,
    )
    .await?;
    Ok(app.exit())
}
