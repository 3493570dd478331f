//! Injected faults: connections closed with no response before or after the change is applied,
//! 5xx answers, slow answers, runs of 429s and revoked tokens — and the same faults for the same
//! seed and order of requests. Also the configured latency, which every answer waits out.

use std::time::{Duration, Instant};

use regdesk::sim::{EventKind, FaultKind, FaultSpec, LimitKind, SimConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::common::*;

fn faults(spec: &str) -> FaultSpec {
    FaultSpec::parse(spec).expect("a valid spec")
}

fn registered(h: &Harness, email: &str) -> usize {
    h.sim
        .registrants(EventKind::Meeting, MEETING_AUTO)
        .iter()
        .filter(|r| r.email == email)
        .count()
}

/// Sends the add request and returns the transport error the client saw.
async fn add_expecting_no_response(h: &Harness, email: &str) -> reqwest::Error {
    let request = h.request(
        reqwest::Method::POST,
        &format!("/meetings/{MEETING_AUTO}/registrants"),
    );
    match request.json(&auto_meeting_registrant(email)).send().await {
        Ok(response) => panic!("expected a dropped connection, got {}", response.status()),
        Err(error) => error,
    }
}

#[tokio::test]
async fn drop_before_closes_the_connection_and_applies_nothing() {
    let h = start().await;
    h.sim.set_faults(faults("drop-before=1,seed=1"));
    let error = add_expecting_no_response(&h, "before@x.example").await;
    assert!(error.status().is_none() && !error.is_timeout(), "{error:?}");
    h.sim.set_faults(FaultSpec::none());
    assert_eq!(registered(&h, "before@x.example"), 0);
    assert_eq!(h.sim.stats().faults.get(&FaultKind::DropBefore), Some(&1));
}

#[tokio::test]
async fn drop_after_closes_the_connection_after_applying_the_change() {
    let h = start().await;
    h.sim.set_faults(faults("drop-after=1,seed=1"));
    let error = add_expecting_no_response(&h, "after@x.example").await;
    assert!(error.status().is_none() && !error.is_timeout(), "{error:?}");
    h.sim.set_faults(FaultSpec::none());
    assert_eq!(registered(&h, "after@x.example"), 1);
    // A careful client re-adds and gets the same registration back.
    let retry = h
        .post(
            &format!("/meetings/{MEETING_AUTO}/registrants"),
            &auto_meeting_registrant("after@x.example"),
        )
        .await;
    assert_eq!(retry.status, 201);
    assert_eq!(registered(&h, "after@x.example"), 1);
}

#[tokio::test]
async fn a_dropped_connection_really_closes_without_a_byte() {
    let h = start().await;
    h.sim.set_faults(faults("drop-before=1,seed=3"));
    let mut stream = tokio::net::TcpStream::connect(h.sim.addr())
        .await
        .expect("connect");
    let request = format!(
        "GET /v2/meetings/{MEETING_AUTO} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\n\r\n",
        h.sim.addr(),
        h.token
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut received = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut received))
        .await
        .expect("closed in time");
    // A clean close (EOF) or a reset, and in both cases no response at all.
    assert!(
        read.is_ok()
            || read
                .as_ref()
                .is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionReset),
        "{read:?}"
    );
    assert!(
        received.is_empty(),
        "got {:?}",
        String::from_utf8_lossy(&received)
    );
}

#[tokio::test]
async fn server_errors_apply_nothing() {
    let h = start().await;
    h.sim.set_faults(faults("5xx=1,seed=9"));
    let mut statuses = Vec::new();
    for n in 0..6 {
        let reply = h
            .post(
                &format!("/meetings/{MEETING_AUTO}/registrants"),
                &auto_meeting_registrant(&format!("e{n}@x.example")),
            )
            .await;
        statuses.push(reply.status);
        assert!(reply.header("date").is_some());
    }
    assert!(
        statuses.iter().all(|s| [500, 502, 503].contains(s)),
        "{statuses:?}"
    );
    assert_eq!(
        h.sim.registrants(EventKind::Meeting, MEETING_AUTO).len(),
        92
    );
    assert_eq!(h.sim.stats().faults.get(&FaultKind::ServerError), Some(&6));
}

#[tokio::test]
async fn a_429_fault_starts_a_short_run_of_429s() {
    let h = start().await;
    let path = format!("/meetings/{MEETING_AUTO}");
    h.sim.set_faults(faults("429=1,seed=5"));
    let first = h.get(&path).await;
    first.assert_error(
        429,
        429,
        "You have reached the maximum per-second rate limit for this API. Try again later.",
    );
    assert_eq!(
        (
            first.header("x-ratelimit-type"),
            first.header("retry-after")
        ),
        (Some("QPS"), Some("1"))
    );
    assert_eq!(first.header("x-ratelimit-category"), Some("Light"));
    h.sim.set_faults(FaultSpec::none());
    let mut run = 1;
    loop {
        let reply = h.get(&path).await;
        if reply.status == 200 {
            break;
        }
        assert_eq!(reply.status, 429);
        run += 1;
        assert!(run <= 5, "a burst is 2 to 5 requests long");
    }
    assert!(run >= 2, "the run outlasts the request that started it");
    assert_eq!(
        h.sim.stats().rate_limited.get(&LimitKind::FaultBurst),
        Some(&(run as u64))
    );
}

#[tokio::test]
async fn a_revoke_fault_kills_the_presented_token_after_serving_it() {
    let h = start().await;
    let path = format!("/meetings/{MEETING_AUTO}");
    h.sim.set_faults(faults("revoke=1,seed=2"));
    assert_eq!(h.get(&path).await.status, 200);
    h.sim.set_faults(FaultSpec::none());
    h.get(&path)
        .await
        .assert_error(401, 124, "Invalid access token.");
    let fresh = token_for(&h.http, &h.sim, &h.sim.s2s_app()).await;
    assert_eq!(
        send(h.http.get(h.url(&path)).bearer_auth(fresh))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn a_slow_fault_answers_seconds_late() {
    let h = start().await;
    h.sim.set_faults(faults("slow=1,seed=4"));
    let started = Instant::now();
    let reply = h.get(&format!("/meetings/{MEETING_AUTO}")).await;
    assert_eq!(reply.status, 200);
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn latency_delays_every_answer_including_the_token_endpoints() {
    let h = start_with(SimConfig {
        latency: Duration::from_millis(300),
        ..SimConfig::default()
    })
    .await;
    let timed = |request: reqwest::RequestBuilder| async move {
        let started = Instant::now();
        let reply = send(request).await;
        (reply.status, started.elapsed())
    };
    let path = format!("/meetings/{MEETING_AUTO}");
    let (status, took) = timed(h.request(reqwest::Method::GET, &path)).await;
    assert_eq!(status, 200);
    assert!(took >= Duration::from_millis(300), "{took:?}");
    let (status, took) = timed(h.http.get(h.url(&path)).bearer_auth("bad")).await;
    assert_eq!(status, 401, "errors are late too");
    assert!(took >= Duration::from_millis(300), "{took:?}");
    let (status, took) = timed(token_request(&h.http, &h.sim, &h.sim.s2s_app())).await;
    assert_eq!(status, 200);
    assert!(took >= Duration::from_millis(300), "{took:?}");

    // Jitter adds up to its amount on top; the floor stays.
    h.sim
        .set_latency(Duration::from_millis(100), Duration::from_millis(200));
    let (status, took) = timed(h.request(reqwest::Method::GET, &path)).await;
    assert_eq!(status, 200);
    assert!(took >= Duration::from_millis(100), "{took:?}");
}

#[tokio::test]
async fn the_token_endpoint_fails_too_but_rarely() {
    let h = start().await;
    // Every API request would fail; the token endpoint takes a tenth of the rates.
    h.sim.set_faults(faults("5xx=0.5,drop-before=0.5,seed=9"));
    let app = h.sim.s2s_app();
    let (mut issued, mut server_errors, mut dropped) = (0, 0, 0);
    for _ in 0..60 {
        match token_request(&h.http, &h.sim, &app).send().await {
            Ok(response) if response.status() == 200 => issued += 1,
            Ok(response) => {
                assert!(response.status().is_server_error(), "{response:?}");
                server_errors += 1;
            }
            Err(error) => {
                assert!(!error.is_timeout(), "{error:?}");
                dropped += 1;
            }
        }
    }
    assert!(
        server_errors > 0 && dropped > 0,
        "{server_errors} 5xx, {dropped} dropped"
    );
    assert!(issued >= 45, "only {issued} of 60 token requests succeeded");
    let stats = h.sim.stats();
    // One token came with the harness before the faults were switched on.
    assert_eq!(stats.tokens_issued, issued + 1);
    assert_eq!(
        stats.faults.get(&FaultKind::ServerError),
        Some(&server_errors)
    );
    assert_eq!(stats.faults.get(&FaultKind::DropBefore), Some(&dropped));
}

/// What a client saw for each of a fixed sequence of requests.
async fn outcomes(seed: u64) -> Vec<String> {
    let h = start().await;
    h.sim.set_faults(faults(&format!(
        "5xx=0.15,drop-before=0.1,429=0.1,revoke=0.05,seed={seed}"
    )));
    let mut seen = Vec::new();
    for n in 0..40 {
        let path = if n % 2 == 0 {
            format!("/meetings/{MEETING_AUTO}")
        } else {
            "/users/me/meetings".to_owned()
        };
        let outcome = match h.request(reqwest::Method::GET, &path).send().await {
            Ok(response) => response.status().as_u16().to_string(),
            Err(_) => String::from("closed"),
        };
        seen.push(outcome);
    }
    seen
}

#[tokio::test]
async fn the_same_seed_gives_the_same_faults() {
    let first = outcomes(7).await;
    assert_eq!(first, outcomes(7).await);
    assert_ne!(first, outcomes(8).await);
    for kind in ["closed", "429", "401"] {
        assert!(
            first.iter().any(|o| o == kind),
            "{kind} never happened in {first:?}"
        );
    }
    assert!(
        first
            .iter()
            .any(|o| ["500", "502", "503"].contains(&o.as_str())),
        "{first:?}"
    );
}
