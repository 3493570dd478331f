//! `regdesk login` at a real terminal (tmux): the secret prompt echoes nothing, a pasted token
//! JSON is explained and only that field is asked again, a failed check stores nothing and
//! offers a retry without retyping, and with no working keyring a file is used only after the
//! user chooses it.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::harness::{Desk, READ_ONLY_SESSION_KEYRING, keyctl_installed};
use crate::simulated::{app_lines, desk_with_simulator};
use crate::support::{skip_or_fail, unique_name};

/// Far above how long the screen takes to change on a busy box; reached only when it never does.
const SCREEN_BOUND: Duration = Duration::from_secs(60);

struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(command: &str) -> Option<Tmux> {
        let socket = unique_name("regdesk-login");
        let started = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "new-session",
                "-d",
                "-x",
                "160",
                "-y",
                "50",
                command,
            ])
            .status()
            .ok()?;
        started.success().then_some(Tmux { socket })
    }

    fn tmux(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-S", "-200"])
    }

    fn type_line(&self, text: &str) {
        self.tmux(&["send-keys", "-l", text]);
        self.tmux(&["send-keys", "Enter"]);
    }

    /// Pastes like a terminal does: bracketed, when the program asked for it.
    fn paste(&self, text: &str) {
        self.tmux(&["set-buffer", "--", text]);
        self.tmux(&["paste-buffer", "-p", "-d"]);
    }

    /// Waits for `prompt` (its first appearance), then types `text` and Enter.
    fn answer(&self, prompt: &str, text: &str) {
        self.wait_for(prompt, 1);
        self.type_line(text);
    }

    /// Waits until the screen shows `text` `times` times.
    fn wait_for(&self, text: &str, times: usize) -> String {
        let deadline = Instant::now() + SCREEN_BOUND;
        loop {
            let screen = self.screen();
            if screen.matches(text).count() >= times {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "never saw {text:?} x{times}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}

fn quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// The shell line tmux runs: `regdesk ARGS` in the desk's dirs with `env` added, started by
/// `wrapper` (see [`Desk::wrapped_command`]); it prints its exit code and stays on screen.
fn shell_line(desk: &Desk, env: &[(&str, &str)], wrapper: &[&str], args: &str) -> String {
    let mut line = format!(
        "env REGDESK_CONFIG_DIR={} REGDESK_DATA_DIR={} HOME={}",
        quote(&desk.config.path().display().to_string()),
        quote(&desk.data.path().display().to_string()),
        quote(&desk.home.path().display().to_string()),
    );
    for (key, value) in env {
        line.push_str(&format!(" {key}={}", quote(value)));
    }
    for arg in wrapper {
        line.push_str(&format!(" {}", quote(arg)));
    }
    format!(
        "{line} {} {args} --api-url {} --oauth-url {}; echo EXITED=$?; sleep 600",
        quote(env!("CARGO_BIN_EXE_regdesk")),
        desk.api_url,
        desk.oauth_url,
    )
}

fn tmux_installed() -> bool {
    Command::new("tmux").arg("-V").output().is_ok()
}

#[test]
fn the_secret_prompt_hides_input_explains_a_pasted_token_and_stores_nothing_on_failure() {
    let test =
        "the_secret_prompt_hides_input_explains_a_pasted_token_and_stores_nothing_on_failure";
    if !tmux_installed() {
        return skip_or_fail(test, "tmux is not installed");
    }
    // Port 9 (discard) on loopback refuses: the check fails without any server.
    let desk = Desk::new("http://127.0.0.1:9/v2".into(), "http://127.0.0.1:9".into());
    let command = shell_line(&desk, &[], &[], "login --store plain-file");
    let Some(tmux) = Tmux::start(&command) else {
        return skip_or_fail(test, "tmux could not start a session");
    };
    tmux.answer("Account ID:", "acct-1");
    tmux.answer("Client ID:", "client-1");
    tmux.wait_for("Client Secret (hidden):", 1);
    tmux.paste(
        "{\"access_token\": \"eyJhbGciOiJIUzUxMiJ9.eyJ2IjoxfQ.c2ln\",\n \"expires_in\": 3600}",
    );
    tmux.type_line("");
    let screen = tmux.wait_for("Client Secret (hidden):", 2);
    assert!(
        screen.contains("token response (the JSON from /oauth/token)"),
        "{screen}"
    );
    assert!(
        !screen.contains("eyJhbGci"),
        "the pasted token was echoed:\n{screen}"
    );

    tmux.type_line("typed-secret-value");
    let screen = tmux.wait_for("Retype [s]ecret only", 1);
    assert!(screen.contains("(18 characters)"), "{screen}");
    assert!(screen.contains("Nothing was stored."), "{screen}");
    assert!(
        screen.contains("Cannot reach Zoom at http://127.0.0.1:9/oauth/token"),
        "{screen}"
    );
    assert!(
        !screen.contains("typed-secret-value"),
        "the secret was echoed:\n{screen}"
    );
    assert_eq!(
        screen.matches("Account ID:").count(),
        1,
        "the account ID is not asked again before the user chooses:\n{screen}"
    );

    tmux.type_line("s");
    tmux.wait_for("Client Secret (hidden):", 3);
    tmux.type_line("another-secret");
    tmux.wait_for("Retype [s]ecret only", 2);
    tmux.type_line("q");
    let screen = tmux.wait_for("EXITED=", 1);
    assert!(screen.contains("EXITED=1"), "{screen}");
    assert_eq!(screen.matches("Account ID:").count(), 1, "{screen}");
    assert!(!screen.contains("another-secret"), "{screen}");
    assert!(
        !desk.config_file("profiles.toml").exists(),
        "nothing stored"
    );
    assert!(
        !desk.config.path().join("credentials").exists(),
        "no credentials file"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn with_no_working_keyring_the_prompt_asks_before_keeping_the_secret_in_a_file() {
    let test = "with_no_working_keyring_the_prompt_asks_before_keeping_the_secret_in_a_file";
    if !tmux_installed() {
        return skip_or_fail(test, "tmux is not installed");
    }
    if !keyctl_installed() {
        return skip_or_fail(test, "keyctl (package keyutils) is not installed");
    }
    let (sim, desk) = desk_with_simulator().await;
    let app = sim.s2s_app();
    let secret = app.client_secret.clone();
    // The terminal is driven from a blocking thread; the simulator keeps serving meanwhile.
    let driven = tokio::task::spawn_blocking(move || {
        let command = shell_line(
            &desk,
            &[("DBUS_SESSION_BUS_ADDRESS", &desk.absent_bus())],
            READ_ONLY_SESSION_KEYRING,
            "login",
        );
        let Some(tmux) = Tmux::start(&command) else {
            skip_or_fail(test, "tmux could not start a session");
            return None;
        };
        let screen = tmux.wait_for("or [q]uit? [q]", 1);
        assert!(
            screen.contains("No OS keyring can keep a secret here"),
            "{screen}"
        );
        assert!(
            !screen.contains("Account ID:"),
            "nothing is typed before the store is settled:\n{screen}"
        );
        tmux.type_line("e");
        tmux.answer(
            "New passphrase for the credentials file (hidden):",
            "a long passphrase",
        );
        tmux.answer("Same passphrase again (hidden):", "a long passphrase");
        tmux.answer("Account ID:", &app.account_id);
        tmux.answer("Client ID:", &app.client_id);
        tmux.answer("Client Secret (hidden):", &app.client_secret);
        let screen = tmux.wait_for("EXITED=", 1);
        assert!(screen.contains("EXITED=0"), "{screen}");
        assert!(
            screen.contains("✓ Saved in the passphrase-encrypted file"),
            "{screen}"
        );
        assert!(
            screen.contains("Commands ask for its passphrase"),
            "{screen}"
        );
        assert!(!screen.contains("a long passphrase"), "{screen}");
        assert!(!screen.contains(&app.client_secret), "{screen}");
        assert!(
            !screen.contains(&format!("({} characters)", "a long passphrase".len())),
            "a passphrase prompt told its length:\n{screen}"
        );
        Some(desk)
    })
    .await
    .expect("the terminal session ran");
    let Some(desk) = driven else {
        return;
    };
    let file = desk
        .config
        .path()
        .join("credentials")
        .join("default.enc.json");
    assert!(file.exists(), "the consented file was written");
    desk.assert_no_file_contains(&secret);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_passphrase_at_the_terminal_is_asked_again() {
    let test = "a_wrong_passphrase_at_the_terminal_is_asked_again";
    if !tmux_installed() {
        return skip_or_fail(test, "tmux is not installed");
    }
    let (sim, desk) = desk_with_simulator().await;
    let ran = desk
        .login_encrypted(&[], &app_lines(&sim.s2s_app()), "the right passphrase")
        .await;
    assert_eq!(ran.code, 0, "{ran:?}");
    tokio::task::spawn_blocking(move || {
        let Some(tmux) = Tmux::start(&shell_line(&desk, &[], &[], "doctor")) else {
            return skip_or_fail(test, "tmux could not start a session");
        };
        let prompt = "Passphrase for the credentials of profile \"default\":";
        tmux.answer(prompt, "a wrong passphrase");
        tmux.wait_for("✗ wrong passphrase (try 2 of 3)", 1);
        tmux.wait_for(prompt, 2);
        tmux.type_line("the right passphrase");
        let screen = tmux.wait_for("EXITED=", 1);
        assert!(screen.contains("All is well."), "{screen}");
        assert!(screen.contains("EXITED=0"), "{screen}");
        assert!(!screen.contains("the right passphrase"), "{screen}");
        assert!(
            !screen.contains("characters)"),
            "the passphrase prompt told its length:\n{screen}"
        );
    })
    .await
    .expect("the terminal session ran");
}
