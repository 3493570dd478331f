//! Test support (used by `tests/tui.rs` and the screens' snapshot tests): drives the real app loop
//! with key events on a `TestBackend` against an in-process simulator on 127.0.0.1:0, and awaits
//! conditions on the rendered screen with a deadline instead of sleeping. Helpers here panic with
//! the last screen when a condition is not met: that is their job in a test.

use std::io;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use futures::channel::mpsc;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::app::{App, AppConfig, AppExit};
use super::clock::{FixedClock, SharedClock, SystemClock};
#[cfg(debug_assertions)]
use super::effects::InjectedPanic;
use super::effects::LoginSettings;
use super::theme::Theme;
use super::{Opening, drive};
use crate::session::Session;
use crate::sim::{SimConfig, Simulator};

/// How long a test waits for a condition before it fails. Generous: the test machine is busy.
pub const WAIT_DEADLINE: Duration = Duration::from_secs(20);

/// The text of a buffer, one line per row, trailing spaces removed.
pub fn buffer_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut lines = Vec::with_capacity(area.height as usize);
    for y in area.y..area.y + area.height {
        let mut line = String::new();
        for x in area.x..area.x + area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        lines.push(line.trim_end().to_owned());
    }
    lines.join("\n")
}

/// A fixed moment for snapshots: 2026-11-23 12:00:00 UTC.
pub fn snapshot_clock() -> SharedClock {
    Arc::new(FixedClock(jiff::Timestamp::constant(1_795_435_200, 0)))
}

/// The colourless theme and fixed clock snapshot tests render with.
pub fn snapshot_config() -> AppConfig {
    AppConfig {
        theme: Theme::monochrome(),
        clock: snapshot_clock(),
        data_dir: PathBuf::from("/data/regdesk"),
        ui_state: None,
        #[cfg(debug_assertions)]
        injected_panic: None,
    }
}

/// Draws an app once on a `width`×`height` test terminal and returns the text.
pub fn render_app(app: &App, width: u16, height: u16) -> String {
    let mut terminal = match Terminal::new(TestBackend::new(width, height)) {
        Ok(terminal) => terminal,
        Err(never) => match never {},
    };
    match terminal.draw(|frame| app.render(frame)) {
        Ok(frame) => buffer_text(frame.buffer),
        Err(never) => match never {},
    }
}

/// A key press.
pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// The app running against its own simulator.
pub struct Harness {
    pub simulator: Simulator,
    keys: mpsc::UnboundedSender<io::Result<Event>>,
    screen: watch::Receiver<String>,
    task: Option<JoinHandle<anyhow::Result<AppExit>>>,
    /// Everything written for OSC 52 copies.
    pub clipboard: Arc<Mutex<Vec<u8>>>,
}

/// How to start a [`Harness`].
pub struct HarnessOptions {
    pub width: u16,
    pub height: u16,
    pub simulator: SimConfig,
    pub data_dir: PathBuf,
    /// The config dir, where the app remembers its layout between runs; `None` (the default)
    /// remembers nothing.
    pub config_dir: Option<PathBuf>,
    /// Open on the login screen (as with no credentials) instead of a session on the simulator.
    pub login_screen: bool,
    /// Whether a login may use the OS keyrings (off: the screen offers the file stores).
    pub os_keyrings: bool,
    /// Open the demo (`regdesk --demo`: its own in-process simulator with the demo data) instead
    /// of a session on [`HarnessOptions::simulator`], which still starts (tests may ignore it).
    pub demo: bool,
    /// A background task that panics on purpose (debug builds only).
    #[cfg(debug_assertions)]
    pub injected_panic: Option<InjectedPanic>,
}

impl HarnessOptions {
    /// A 120×40 terminal and a quiet simulator (no latency, no faults).
    pub fn new(data_dir: PathBuf) -> Self {
        HarnessOptions {
            width: 120,
            height: 40,
            simulator: SimConfig::default(),
            data_dir,
            config_dir: None,
            login_screen: false,
            os_keyrings: true,
            demo: false,
            #[cfg(debug_assertions)]
            injected_panic: None,
        }
    }
}

impl Harness {
    /// Starts a simulator and the app on it, showing the meetings screen (or the login screen).
    pub async fn start(options: HarnessOptions) -> Harness {
        let simulator = match Simulator::start(options.simulator).await {
            Ok(simulator) => simulator,
            Err(error) => panic!("the simulator did not start: {error}"),
        };
        let opening = if options.demo {
            match Session::demo().await {
                Ok(session) => Opening::Session(Box::new(session)),
                Err(error) => panic!("the demo did not start: {error:#}"),
            }
        } else if options.login_screen {
            Opening::Login {
                profile: "default".to_owned(),
                reason: None,
            }
        } else {
            match Session::on_simulator(&simulator, "test") {
                Ok(session) => Opening::Session(Box::new(session)),
                Err(error) => panic!("no session on the simulator: {error:#}"),
            }
        };
        let config = AppConfig {
            theme: Theme::monochrome(),
            clock: Arc::new(SystemClock),
            data_dir: options.data_dir,
            ui_state: options.config_dir.as_deref().map(super::ui_state::path_in),
            #[cfg(debug_assertions)]
            injected_panic: options.injected_panic,
        };
        let (keys, input) = mpsc::unbounded();
        let (frames, screen) = watch::channel(String::new());
        let clipboard = Arc::new(Mutex::new(Vec::new()));
        let sink = clipboard.clone();
        let (width, height) = (options.width, options.height);
        // A login verifies against this simulator, never against Zoom.
        let login = LoginSettings {
            api_url: Some(simulator.api_url()),
            oauth_url: Some(simulator.oauth_url()),
            os_keyrings: options.os_keyrings,
        };
        let task = tokio::spawn(async move {
            let mut terminal = match Terminal::new(TestBackend::new(width, height)) {
                Ok(terminal) => terminal,
                Err(never) => match never {},
            };
            let mut observer = move |_: &App, buffer: &Buffer| {
                frames.send_replace(buffer_text(buffer));
            };
            drive(
                config,
                opening,
                &mut terminal,
                input,
                sink,
                login,
                &mut observer,
            )
            .await
        });
        Harness {
            simulator,
            keys,
            screen,
            task: Some(task),
            clipboard,
        }
    }

    pub fn key(&self, event: KeyEvent) {
        if self.keys.unbounded_send(Ok(Event::Key(event))).is_err() {
            panic!(
                "the app is no longer reading keys; last screen:\n{}",
                self.screen()
            );
        }
    }

    pub fn press(&self, code: KeyCode) {
        self.key(key(code));
    }

    /// Types each character as a key press.
    pub fn type_text(&self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    pub fn paste(&self, text: &str) {
        if self
            .keys
            .unbounded_send(Ok(Event::Paste(text.to_owned())))
            .is_err()
        {
            panic!("the app is no longer reading input");
        }
    }

    /// The last frame drawn.
    pub fn screen(&self) -> String {
        self.screen.borrow().clone()
    }

    /// Waits until the drawn screen satisfies `condition`; panics with the screen after
    /// [`WAIT_DEADLINE`].
    pub async fn wait_for(&mut self, what: &str, condition: impl Fn(&str) -> bool) -> String {
        let waited = tokio::time::timeout(WAIT_DEADLINE, async {
            loop {
                {
                    let screen = self.screen.borrow_and_update();
                    if condition(&screen) {
                        return screen.clone();
                    }
                }
                if self.screen.changed().await.is_err() {
                    return self.screen.borrow().clone();
                }
            }
        })
        .await;
        match waited {
            Ok(screen) if condition(&screen) => screen,
            Ok(screen) => panic!("the app stopped before {what}; last screen:\n{screen}"),
            Err(_) => panic!(
                "no {what} within {WAIT_DEADLINE:?}; last screen:\n{}",
                self.screen()
            ),
        }
    }

    /// Waits until `text` is on screen.
    pub async fn wait_for_text(&mut self, text: &str) -> String {
        let description = format!("{text:?} on screen");
        self.wait_for(&description, |screen| screen.contains(text))
            .await
    }

    /// Waits for the loop to end on its own (no key sent); returns how it ended, or an error
    /// when it is still running after [`WAIT_DEADLINE`].
    pub async fn ended(&mut self) -> anyhow::Result<AppExit> {
        let Some(task) = self.task.take() else {
            return Ok(AppExit::default());
        };
        match tokio::time::timeout(WAIT_DEADLINE, task).await {
            Ok(Ok(result)) => result,
            Ok(Err(join)) => Err(anyhow::anyhow!("the app task failed: {join}")),
            Err(_) => Err(anyhow::anyhow!(
                "the app was still running after {WAIT_DEADLINE:?}; last screen:\n{}",
                self.screen()
            )),
        }
    }

    /// Quits with Ctrl-C and waits for the loop to end; returns how it ended.
    pub async fn quit(mut self) -> anyhow::Result<AppExit> {
        self.key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        let Some(task) = self.task.take() else {
            return Ok(AppExit::default());
        };
        match tokio::time::timeout(WAIT_DEADLINE, task).await {
            Ok(Ok(result)) => result,
            Ok(Err(join)) => Err(anyhow::anyhow!("the app task failed: {join}")),
            Err(_) => Err(anyhow::anyhow!(
                "the app did not quit within {WAIT_DEADLINE:?}"
            )),
        }
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
