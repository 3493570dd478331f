//! `regdesk registrants … --watch`: the people who register while it runs are printed as they
//! come, each once; Ctrl-C ends it with exit 0 and a summary; the interval has a floor from the
//! rate limits.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStderr, ChildStdout};

use crate::support::{ROADMAP, regdesk, run_with_env, start};

const DEADLINE: Duration = Duration::from_secs(30);

/// The next line that satisfies `wanted`, with the lines read before it.
async fn line_where<R: tokio::io::AsyncBufRead + Unpin>(
    lines: &mut Lines<R>,
    what: &str,
    seen: &mut Vec<String>,
    wanted: impl Fn(&str) -> bool,
) -> String {
    let found = tokio::time::timeout(DEADLINE, async {
        while let Some(line) = lines.next_line().await.expect("readable output") {
            seen.push(line.clone());
            if wanted(&line) {
                return Some(line);
            }
        }
        None
    })
    .await;
    match found {
        Ok(Some(line)) => line,
        Ok(None) => panic!("the output ended before {what}: {seen:#?}"),
        Err(_) => panic!("no {what} within {DEADLINE:?}: {seen:#?}"),
    }
}

fn spawn_watch(sim: &regdesk::sim::Simulator, home: &std::path::Path, args: &[&str]) -> Child {
    let app = sim.s2s_app();
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_regdesk"));
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for (name, _) in std::env::vars() {
        if name.starts_with("ZOOM_") || name.starts_with("REGDESK_") {
            command.env_remove(name);
        }
    }
    command
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("XDG_DATA_HOME", home)
        .env("REGDESK_PLAN", "pro")
        .env("ZOOM_ACCOUNT_ID", &app.account_id)
        .env("ZOOM_CLIENT_ID", &app.client_id)
        .env("ZOOM_CLIENT_SECRET", &app.client_secret)
        .env("REGDESK_API_URL", sim.api_url())
        .env("REGDESK_OAUTH_URL", sim.oauth_url());
    command.spawn().expect("regdesk starts")
}

async fn register(sim: &regdesk::sim::Simulator, email: &str, first: &str) {
    let id = ROADMAP.to_string();
    regdesk(
        sim,
        &[
            "add",
            &id,
            "--email",
            email,
            "--first-name",
            first,
            "--last-name",
            "Nakamura",
            "--field",
            "org=Acme",
            "--field",
            "How did you hear about this briefing?=LinkedIn",
        ],
    )
    .await
    .ok();
}

fn pipes(child: &mut Child) -> (Lines<BufReader<ChildStdout>>, Lines<BufReader<ChildStderr>>) {
    let stdout = child.stdout.take().expect("stdout");
    let stderr = child.stderr.take().expect("stderr");
    (
        BufReader::new(stdout).lines(),
        BufReader::new(stderr).lines(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registrant_added_mid_watch_is_printed_exactly_once_and_ctrl_c_exits_0() {
    let sim = start().await;
    let home = tempfile::tempdir().expect("temp home");
    let id = ROADMAP.to_string();
    let mut child = spawn_watch(
        &sim,
        home.path(),
        &[
            "registrants",
            &id,
            "--status",
            "all",
            "--watch",
            "--format",
            "json",
        ],
    );
    let (mut stdout, mut stderr) = pipes(&mut child);
    let (mut printed, mut said) = (Vec::new(), Vec::new());
    let start_line = line_where(
        &mut stderr,
        "the count and the interval",
        &mut said,
        |line| line.contains("Watching for new ones every"),
    )
    .await;
    assert!(
        start_line.contains("registrants (all statuses) of meeting 84127650391 now"),
        "{start_line}"
    );

    register(&sim, "kenji.nakamura@example.com", "Kenji").await;
    let first = line_where(&mut stdout, "the first newcomer", &mut printed, |line| {
        line.contains("kenji.nakamura@example.com")
    })
    .await;
    let person: serde_json::Value = serde_json::from_str(&first).expect("one JSON object a line");
    assert_eq!(person["email"], "kenji.nakamura@example.com");
    assert_eq!(person["first_name"], "Kenji");

    // A later look finds the second newcomer, and not the first one again.
    register(&sim, "aiko.nakamura@example.com", "Aiko").await;
    line_where(&mut stdout, "the second newcomer", &mut printed, |line| {
        line.contains("aiko.nakamura@example.com")
    })
    .await;

    // What Ctrl-C in a terminal sends.
    let pid = child.id().expect("running").to_string();
    let sent = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let status = tokio::time::timeout(DEADLINE, child.wait())
        .await
        .expect("it stops on Ctrl-C")
        .expect("its exit status");
    while let Some(line) = stdout.next_line().await.expect("stdout") {
        printed.push(line);
    }
    while let Some(line) = stderr.next_line().await.expect("stderr") {
        said.push(line);
    }
    assert_eq!(status.code(), Some(0), "{said:#?}");
    assert_eq!(
        printed.len(),
        2,
        "only the newcomers, each once: {printed:#?}"
    );
    let summary = said.last().cloned().unwrap_or_default();
    assert!(
        summary.contains("until Ctrl-C") && summary.contains("2 new registrants"),
        "{said:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interval_below_the_rate_limit_floor_is_refused_naming_the_flag_and_the_floor() {
    let sim = start().await;
    let id = ROADMAP.to_string();
    let pro = regdesk(&sim, &["registrants", &id, "--watch", "--interval", "1"]).await;
    assert_eq!(pro.code, 2, "{}", pro.stderr);
    assert!(
        pro.stderr
            .contains("--interval 1 is below the floor of 2 s between looks"),
        "{}",
        pro.stderr
    );
    let app = sim.s2s_app();
    let free = run_with_env(
        &[
            "registrants",
            &id,
            "--status",
            "all",
            "--watch",
            "--interval",
            "60",
        ],
        &[
            ("ZOOM_ACCOUNT_ID", app.account_id.as_str()),
            ("ZOOM_CLIENT_ID", app.client_id.as_str()),
            ("ZOOM_CLIENT_SECRET", app.client_secret.as_str()),
            ("REGDESK_API_URL", &sim.api_url()),
            ("REGDESK_OAUTH_URL", &sim.oauth_url()),
            ("REGDESK_PLAN", "free"),
        ],
    )
    .await;
    assert_eq!(free.code, 2, "{}", free.stderr);
    assert!(
        free.stderr.contains("floor of 260 s") && free.stderr.contains("half of the Medium"),
        "the Free plan's daily cap sets it: {}",
        free.stderr
    );
}
