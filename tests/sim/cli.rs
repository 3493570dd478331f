//! `regdesk sim` as a process: it prints one JSON ready line, serves token requests, honours its
//! flags (plan, clock offset, latency, token lifetime, invalidation of older tokens), and refuses
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
            "--clock-offset",
            "120",
            "--latency-ms",
            "200",
            "--token-lifetime",
            "90",
            "--invalidate-previous-tokens",
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
    let fetch_token = || async {
        let reply = send(
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
        assert_eq!(reply.status, 200, "{}", reply.text);
        assert_eq!(reply.body["expires_in"], 90, "--token-lifetime");
        reply.body["access_token"].as_str().unwrap().to_owned()
    };
    let meetings_with = |token: String| {
        let request = http
            .get(format!(
                "{}/users/me/meetings",
                ready["api_url"].as_str().unwrap()
            ))
            .bearer_auth(token);
        send(request)
    };
    let first = fetch_token().await;
    let second = fetch_token().await;
    meetings_with(first)
        .await
        .assert_error(401, 124, "Invalid access token.");
    let started = std::time::Instant::now();
    let meetings = meetings_with(second).await;
    assert_eq!(meetings.status, 200);
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "--latency-ms"
    );
    let date = jiff::fmt::rfc2822::parse(meetings.header("date").expect("Date"))
        .expect("an HTTP-date")
        .timestamp();
    let ahead = date.as_second() - jiff::Timestamp::now().as_second();
    assert!((60..=180).contains(&ahead), "--clock-offset 120: {ahead} s");
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
