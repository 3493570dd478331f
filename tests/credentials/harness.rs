//! Runs the regdesk binary in throwaway HOME, config and data dirs, feeding stdin and capturing
//! its output; and searches those dirs for strings that must never be written.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use tempfile::TempDir;

/// Far above how long a command takes on a busy 2-core box; reached only by a hang.
const COMMAND_BOUND: Duration = Duration::from_secs(120);

/// Runs a command in a kernel session keyring of its own that it may not write to: the
/// container situation in which keyutils refuses every secret.
pub const READ_ONLY_SESSION_KEYRING: &[&str] = &[
    "keyctl",
    "session",
    "-",
    "sh",
    "-c",
    "keyctl setperm @s 0x01010000 >/dev/null && exec \"$@\"",
    "sh",
];

/// Whether `keyctl` (package keyutils) is installed.
pub fn keyctl_installed() -> bool {
    Command::new("keyctl")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}

pub struct Desk {
    pub home: TempDir,
    pub config: TempDir,
    pub data: TempDir,
    pub api_url: String,
    pub oauth_url: String,
}

pub struct Ran {
    pub code: i32,
    /// The process's command line as the OS showed it to other users while it ran.
    pub cmdline: String,
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// Asserts that stdout shows every one of `expected`.
    pub fn assert_stdout_shows(&self, expected: &[&str]) {
        for text in expected {
            assert!(self.stdout.contains(text), "missing {text:?}: {self:?}");
        }
    }

    /// Asserts that stderr shows every one of `expected`.
    pub fn assert_stderr_shows(&self, expected: &[&str]) {
        for text in expected {
            assert!(self.stderr.contains(text), "missing {text:?}: {self:?}");
        }
    }
}

impl std::fmt::Debug for Ran {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

impl Desk {
    pub fn new(api_url: String, oauth_url: String) -> Self {
        let dir = || tempfile::tempdir().expect("temp dir");
        Desk {
            home: dir(),
            config: dir(),
            data: dir(),
            api_url,
            oauth_url,
        }
    }

    pub fn command(&self, args: &[&str]) -> Command {
        self.wrapped_command(&[], args)
    }

    /// `regdesk ARGS` started by `wrapper` (a program and its arguments, to which the regdesk
    /// command line is appended), e.g. `keyctl session -` to change the kernel keyring first.
    pub fn wrapped_command(&self, wrapper: &[&str], args: &[&str]) -> Command {
        let binary = env!("CARGO_BIN_EXE_regdesk");
        let mut command = match wrapper.split_first() {
            Some((program, wrapper_args)) => {
                let mut command = Command::new(program);
                command.args(wrapper_args).arg(binary);
                command
            }
            None => Command::new(binary),
        };
        command
            .args(args)
            .args(["--api-url", &self.api_url, "--oauth-url", &self.oauth_url])
            .env("HOME", self.home.path())
            .env("REGDESK_CONFIG_DIR", self.config.path())
            .env("REGDESK_DATA_DIR", self.data.path())
            .env_remove("ZOOM_ACCOUNT_ID")
            .env_remove("ZOOM_CLIENT_ID")
            .env_remove("ZOOM_CLIENT_SECRET")
            .env_remove("REGDESK_API_URL")
            .env_remove("REGDESK_OAUTH_URL")
            .env_remove("REGDESK_PASSPHRASE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    /// Runs `regdesk ARGS` with `stdin` piped in (not a terminal).
    pub async fn run(&self, args: &[&str], stdin: &str) -> Ran {
        self.run_command(self.command(args), stdin).await
    }

    /// `regdesk login --store encrypted-file ARGS` with the passphrase in `REGDESK_PASSPHRASE`.
    pub async fn login_encrypted(&self, args: &[&str], stdin: &str, passphrase: &str) -> Ran {
        let mut all = vec!["login", "--store", "encrypted-file"];
        all.extend_from_slice(args);
        let mut command = self.command(&all);
        command.env("REGDESK_PASSPHRASE", passphrase);
        self.run_command(command, stdin).await
    }

    pub async fn run_command(&self, mut command: Command, stdin: &str) -> Ran {
        let stdin = stdin.to_string();
        let task = tokio::task::spawn_blocking(move || -> std::io::Result<(Output, String)> {
            let mut child = command.spawn()?;
            let cmdline = command_line_of(&mut child);
            if let Some(mut input) = child.stdin.take() {
                // The child may exit before reading everything (e.g. refusing a value early).
                input.write_all(stdin.as_bytes()).ok();
            }
            Ok((child.wait_with_output()?, cmdline))
        });
        let (output, cmdline) = tokio::time::timeout(COMMAND_BOUND, task)
            .await
            .expect("regdesk finished")
            .expect("join")
            .expect("spawn regdesk");
        Ran {
            code: output.status.code().unwrap_or(-1),
            cmdline,
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Every file under HOME, the config dir and the data dir whose bytes contain `needle`.
    pub fn files_containing(&self, needle: &str) -> Vec<PathBuf> {
        let mut hits = Vec::new();
        for root in [self.home.path(), self.config.path(), self.data.path()] {
            search(root, needle.as_bytes(), &mut hits);
        }
        hits
    }

    /// Asserts that no file under HOME, the config dir or the data dir contains `needle`.
    pub fn assert_no_file_contains(&self, needle: &str) {
        let hits = self.files_containing(needle);
        assert!(hits.is_empty(), "{needle:?} was written to {hits:?}");
    }

    /// A session bus address where nothing listens: no Secret Service, a clean and quick failure.
    pub fn absent_bus(&self) -> String {
        format!(
            "unix:path={}",
            self.home.path().join("no-bus-here").display()
        )
    }

    pub fn config_file(&self, name: &str) -> PathBuf {
        self.config.path().join(name)
    }
}

/// The command line of a running process as every user can read it (`/proc/PID/cmdline`). Right
/// after spawning it is empty until the exec completes; a child that waits for stdin is still
/// running when we look, one that exited at once (a usage error) has none to show.
fn command_line_of(child: &mut std::process::Child) -> String {
    let deadline = std::time::Instant::now() + COMMAND_BOUND;
    loop {
        let text = std::fs::read(format!("/proc/{}/cmdline", child.id()))
            .map(|bytes| String::from_utf8_lossy(&bytes).replace('\0', " "))
            .unwrap_or_default();
        let exited = !matches!(child.try_wait(), Ok(None));
        if !text.is_empty() || exited || std::time::Instant::now() > deadline {
            return text;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn search(dir: &Path, needle: &[u8], hits: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            search(&path, needle, hits);
        } else if std::fs::read(&path)
            .is_ok_and(|bytes| bytes.windows(needle.len()).any(|window| window == needle))
        {
            hits.push(path);
        }
    }
}

/// Lines for a Server-to-Server login on stdin.
pub fn s2s_lines(account_id: &str, client_id: &str, client_secret: &str) -> String {
    format!("{account_id}\n{client_id}\n{client_secret}\n")
}
