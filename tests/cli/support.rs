//! Spawning `regdesk` against a simulator, and reading what it printed.

use std::process::Stdio;

use regdesk::sim::{SimConfig, Simulator};

pub const ROADMAP: u64 = 84127650391;
pub const WEEKLY_SYNC: u64 = 87743215908;
pub const STATE_OF_TECH: u64 = 91284503317;
/// A recurring meeting (type 8) of another host of the account.
pub const OFFICE_HOURS: u64 = 89516034472;
pub const OTHER_HOST_EMAIL: &str = "daniel.okafor@northwind-events.example";

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|error| {
            panic!(
                "stdout is not JSON ({error}): {}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }

    /// stdout read as CSV: the header row and the records.
    pub fn csv(&self) -> (csv::StringRecord, Vec<csv::StringRecord>) {
        let mut reader = csv::Reader::from_reader(self.stdout.as_bytes());
        let headers = reader.headers().expect("a header row").clone();
        let records = reader
            .records()
            .collect::<Result<_, _>>()
            .unwrap_or_else(|error| panic!("stdout is not CSV ({error}): {}", self.stdout));
        (headers, records)
    }

    pub fn ok(self) -> Self {
        assert_eq!(
            self.code, 0,
            "stdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }
}

pub async fn start() -> Simulator {
    Simulator::start(SimConfig::default())
        .await
        .expect("simulator starts")
}

/// Runs `regdesk ARGS` with the simulator's S2S app in the environment.
pub async fn regdesk(sim: &Simulator, args: &[&str]) -> Run {
    let app = sim.s2s_app();
    run_with_env(
        args,
        &[
            ("ZOOM_ACCOUNT_ID", app.account_id.as_str()),
            ("ZOOM_CLIENT_ID", app.client_id.as_str()),
            ("ZOOM_CLIENT_SECRET", app.client_secret.as_str()),
            ("REGDESK_API_URL", &sim.api_url()),
            ("REGDESK_OAUTH_URL", &sim.oauth_url()),
        ],
    )
    .await
}

/// Runs `regdesk ARGS` with only these variables of regdesk's own (others removed).
pub async fn run_with_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_regdesk"));
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, _) in std::env::vars() {
        if name.starts_with("ZOOM_") || name.starts_with("REGDESK_") {
            command.env_remove(name);
        }
    }
    // Keep the user's profiles and keyring out of it.
    let home = tempfile::tempdir().expect("temporary home");
    command
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env("XDG_DATA_HOME", home.path());
    command.env("REGDESK_PLAN", "pro");
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().await.expect("regdesk runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The subcommands `regdesk --help` lists (without `help`).
pub async fn commands_in_help() -> Vec<String> {
    let help = run_with_env(&["--help"], &[]).await.ok().stdout;
    help.lines()
        .skip_while(|line| *line != "Commands:")
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        // A command's line starts two spaces in; its description's wrapped lines further.
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}
