//! `regdesk sim` as a process: it prints one JSON ready line, serves a token request, and refuses
//! what it cannot honour (a non-loopback address, a bad fault spec) with usage errors.

use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

use super::common::{client, send};

const BINARY: &str = env!("CARGO_BIN_EXE_regdesk");

#[tokio::test]
async fn regdesk_sim_prints_a_ready_line_and_serves_tokens() {
    let mut child = Command::new(BINARY)
        .args([
            "sim",
            "--addr",
            "127.0.0.1:0",
            "--plan",
            "free",
            "--faults",
            "seed=3",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let line = tokio::time::timeout(Duration::from_secs(60), lines.next_line())
        .await
        .expect("ready within a minute")
        .expect("readable")
        .expect("a line");
    let ready: Value = serde_json::from_str(&line).expect("the ready line is JSON");
    for key in [
        "api_url",
        "oauth_url",
        "account_id",
        "client_id",
        "client_secret",
        "jwt_api_key",
        "jwt_api_secret",
    ] {
        assert!(
            ready[key].as_str().is_some_and(|v| !v.is_empty()),
            "{key} in {line}"
        );
    }
    let oauth_url = ready["oauth_url"].as_str().unwrap();
    assert!(oauth_url.starts_with("http://127.0.0.1:"));
    assert_eq!(
        ready["api_url"].as_str().unwrap(),
        format!("{oauth_url}/v2")
    );

    let http = client();
    let token = send(
        http.post(format!("{oauth_url}/oauth/token"))
            .basic_auth(
                ready["client_id"].as_str().unwrap(),
                ready["client_secret"].as_str(),
            )
            .form(&[
                ("grant_type", "account_credentials"),
                ("account_id", ready["account_id"].as_str().unwrap()),
            ]),
    )
    .await;
    assert_eq!(token.status, 200, "{}", token.text);
    let meetings = send(
        http.get(format!(
            "{}/users/me/meetings",
            ready["api_url"].as_str().unwrap()
        ))
        .bearer_auth(token.body["access_token"].as_str().unwrap()),
    )
    .await;
    assert_eq!(meetings.status, 200);
    assert_eq!(
        meetings.header("x-ratelimit-limit"),
        Some("2000"),
        "--plan free: Medium's daily cap"
    );

    child.kill().await.expect("killed");
}

#[tokio::test]
async fn regdesk_sim_refuses_non_loopback_addresses_and_bad_fault_specs() {
    for (args, needle) in [
        (&["sim", "--addr", "0.0.0.0:0"][..], "loopback"),
        (&["sim", "--faults", "5xx=2"][..], "5xx"),
        (&["sim", "--faults", "jitter=0.1"][..], "jitter"),
    ] {
        let output = tokio::time::timeout(
            Duration::from_secs(60),
            Command::new(BINARY)
                .args(args)
                .stdin(Stdio::null())
                .kill_on_drop(true)
                .output(),
        )
        .await
        .expect("exits")
        .expect("runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "nothing on stdout for {args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
}
