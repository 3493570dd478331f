//! `regdesk login` at a real terminal (tmux): the secret prompt echoes nothing, a pasted token
//! JSON is explained and only that field is asked again, and a failed check stores nothing and
//! offers a retry without retyping.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::harness::Desk;
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

#[test]
fn the_secret_prompt_hides_input_explains_a_pasted_token_and_stores_nothing_on_failure() {
    let test =
        "the_secret_prompt_hides_input_explains_a_pasted_token_and_stores_nothing_on_failure";
    if Command::new("tmux").arg("-V").output().is_err() {
        return skip_or_fail(test, "tmux is not installed");
    }
    // Port 9 (discard) on loopback refuses: the check fails without any server.
    let desk = Desk::new("http://127.0.0.1:9/v2".into(), "http://127.0.0.1:9".into());
    let command = format!(
        "env REGDESK_CONFIG_DIR={} REGDESK_DATA_DIR={} HOME={} {} login --store plain-file \
         --api-url {} --oauth-url {}; echo EXITED=$?; sleep 600",
        quote(&desk.config.path().display().to_string()),
        quote(&desk.data.path().display().to_string()),
        quote(&desk.home.path().display().to_string()),
        quote(env!("CARGO_BIN_EXE_regdesk")),
        desk.api_url,
        desk.oauth_url,
    );
    let Some(tmux) = Tmux::start(&command) else {
        return skip_or_fail(test, "tmux could not start a session");
    };
    tmux.wait_for("Account ID:", 1);
    tmux.type_line("acct-1");
    tmux.wait_for("Client ID:", 1);
    tmux.type_line("client-1");
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
