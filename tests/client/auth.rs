//! Tokens against the simulator: refresh ahead of expiry without a failed call, single flight
//! when every new token invalidates the previous one, recovery from revocation, and the legacy
//! JWT clock case.

use std::time::{Duration, Instant};

use futures::future::join_all;
use regdesk::sim::{self, SimConfig, Simulator};
use regdesk::zoom::*;
use secrecy::SecretString;

use crate::support::*;

/// Calls until the client has fetched `tokens` tokens (or the deadline passes).
async fn run_until_tokens(client: &ZoomClient, tokens: u64, concurrency: usize) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while client.token_status().fetch_count < tokens {
        assert!(
            Instant::now() < deadline,
            "only {} tokens fetched",
            client.token_status().fetch_count
        );
        let calls = (0..concurrency).map(|_| client.get_questions(EventRef::meeting(ROADMAP)));
        for result in join_all(calls).await {
            result.unwrap();
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_token_expiring_mid_run_is_replaced_before_any_call_fails() {
    // Pro pacing keeps the event stream short enough for the receiver to hold all of it.
    let sim = start(sim::Plan::Pro).await;
    sim.set_token_lifetime(Duration::from_secs(3));
    let client = client_with(
        &sim,
        ClientConfig {
            token_refresh_margin: Duration::from_secs(1),
            ..config(&sim, Plan::Pro)
        },
    );
    let mut events = client.subscribe();
    run_until_tokens(&client, 3, 4).await;
    assert_eq!(
        rejected_tokens(&client),
        0,
        "no call may carry an expired token"
    );
    let events = drain(&mut events);
    let refreshed = events
        .iter()
        .filter(|event| matches!(event, ClientEvent::Token(token) if token.kind == TokenEventKind::Refreshed))
        .count();
    assert!(refreshed >= 2, "{refreshed} refreshes");
    let started: Vec<FetchReason> = events
        .iter()
        .filter_map(|event| match event {
            ClientEvent::TokenFetchStarted(reason) => Some(*reason),
            _ => None,
        })
        .collect();
    assert_eq!(started.first(), Some(&FetchReason::FirstUse), "{started:?}");
    // A busy machine may leave a gap in the calls long enough for a token to run out first.
    assert!(
        started[1..]
            .iter()
            .all(|reason| matches!(reason, FetchReason::AheadOfExpiry | FetchReason::Expired))
            && started.contains(&FetchReason::AheadOfExpiry),
        "refreshes are announced with their reason: {started:?}"
    );
    assert_eq!(started.len(), refreshed + 1, "one announcement per token");
}

#[tokio::test(start_paused = true)]
async fn refreshing_under_load_does_not_invalidate_requests_in_flight() {
    // Every new token invalidates the previous one, and calls are always in flight: the client
    // must let them finish before it replaces the token.
    let sim = Simulator::start(SimConfig {
        plan: sim::Plan::Unlimited,
        token_lifetime: Duration::from_secs(3),
        invalidate_previous_tokens: true,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    sim.set_latency(Duration::from_millis(20), Duration::from_millis(20));
    let client = client_with(
        &sim,
        ClientConfig {
            token_refresh_margin: Duration::from_secs(1),
            ..config(&sim, Plan::Unlimited)
        },
    );
    run_until_tokens(&client, 3, 12).await;
    assert_eq!(rejected_tokens(&client), 0);
}

#[tokio::test(start_paused = true)]
async fn fifty_concurrent_first_calls_share_one_token() {
    let sim = Simulator::start(SimConfig {
        plan: sim::Plan::Unlimited,
        invalidate_previous_tokens: true,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let client = client_with(&sim, config(&sim, Plan::Unlimited));
    let calls = (0..50).map(|_| client.get_questions(EventRef::meeting(ROADMAP)));
    for result in join_all(calls).await {
        result.unwrap();
    }
    assert_eq!(sim.stats().tokens_issued, 1);
    assert_eq!(rejected_tokens(&client), 0);
    assert_eq!(client.token_status().fetch_count, 1);
}

#[tokio::test(start_paused = true)]
async fn a_revoked_token_is_replaced_once() {
    let sim = start(sim::Plan::Pro).await;
    let client = client(&sim);
    client
        .get_questions(EventRef::meeting(ROADMAP))
        .await
        .unwrap();
    let mut events = client.subscribe();
    sim.revoke_all_tokens();
    client
        .get_questions(EventRef::meeting(ROADMAP))
        .await
        .unwrap();
    assert_eq!(rejected_tokens(&client), 1);
    assert_eq!(sim.stats().tokens_issued, 2);
    let events = drain(&mut events);
    let invalidated = events
        .iter()
        .any(|event| matches!(event, ClientEvent::Token(token) if token.kind == TokenEventKind::Invalidated));
    assert!(invalidated);
    assert!(
        events
            .iter()
            .any(|event| matches!(event, ClientEvent::TokenFetchStarted(FetchReason::Rejected))),
        "the new fetch names the 124 as its reason"
    );
    let entry = first_rejected_token(&client);
    assert!(
        entry
            .diagnosis
            .unwrap()
            .explanation
            .contains("another process")
    );
}

#[tokio::test(start_paused = true)]
async fn a_token_zoom_says_has_expired_is_replaced_once() {
    let sim = start(sim::Plan::Pro).await;
    let client = client(&sim);
    let event = EventRef::meeting(ROADMAP);
    client.get_questions(event).await.unwrap();
    // An hour passes on Zoom's side only: the cached token is now expired there.
    sim.set_clock_offset(3601);
    client.get_questions(event).await.unwrap();
    assert_eq!(rejected_tokens(&client), 1);
    assert_eq!(sim.stats().tokens_issued, 2);
    let entry = first_rejected_token(&client);
    assert_eq!(
        entry.zoom_message.as_deref(),
        Some("Access token is expired.")
    );
    let diagnosis = entry.diagnosis.unwrap();
    assert!(
        diagnosis.summary.contains("access token has expired"),
        "{diagnosis:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn fetch_token_and_verify_report_scopes_and_clock() {
    let sim = start(sim::Plan::Pro).await;
    let client = client(&sim);
    let status = client.fetch_token().await.unwrap();
    assert!(status.valid);
    assert!(
        status
            .scopes
            .iter()
            .any(|scope| scope == "meeting:write:registrant:admin")
    );
    let remaining = status.remaining.unwrap();
    assert!(remaining > Duration::from_secs(3500) && remaining <= Duration::from_secs(3600));
    let verification = client.verify().await.unwrap();
    assert_eq!(verification.token.fetch_count, 2);
    assert!(verification.clock_offset.unwrap().estimate_secs.abs() < 2.0);
    assert_log_clean(&client, &[&sim.s2s_app().client_secret]);
}

/// What a naive legacy-JWT client does: `exp` = the local clock + 60 s.
async fn naive_jwt_call(sim: &Simulator, app: &sim::SimJwtApp) -> reqwest::Response {
    let exp = jiff::Timestamp::now().as_second() + 60;
    let token = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &serde_json::json!({"iss": app.api_key, "exp": exp}),
        &jsonwebtoken::EncodingKey::from_secret(app.api_secret.as_bytes()),
    )
    .unwrap();
    reqwest::Client::new()
        .get(format!(
            "{}/meetings/{ROADMAP}/registrants/questions",
            sim.api_url()
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test(start_paused = true)]
async fn a_server_clock_two_minutes_ahead_breaks_naive_jwts_not_regdesk() {
    let sim = Simulator::start(SimConfig {
        clock_offset_secs: 120,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let app = sim.jwt_app();

    let naive = naive_jwt_call(&sim, &app).await;
    assert_eq!(naive.status().as_u16(), 401);
    let body: serde_json::Value = naive.json().await.unwrap();
    assert_eq!(body["code"], 124);

    let client = ZoomClient::new(
        Credentials::LegacyJwt {
            api_key: app.api_key.clone(),
            api_secret: SecretString::from(app.api_secret.clone()),
        },
        ClientConfig {
            jwt_lifetime: Duration::from_secs(60),
            ..config(&sim, Plan::Pro)
        },
    )
    .unwrap();
    let questions = client
        .get_questions(EventRef::meeting(ROADMAP))
        .await
        .unwrap();
    assert!(!questions.custom_questions.is_empty());
    let offset = client.clock_offset().unwrap();
    assert!((offset.estimate_secs - 120.0).abs() <= 1.5, "{offset:?}");
    // Once measured, every later token carries Zoom's time: no more 124s.
    let before = rejected_tokens(&client);
    for _ in 0..3 {
        client
            .list_registrants(EventRef::meeting(ROADMAP), ListStatus::Pending, None)
            .await
            .unwrap();
    }
    assert_eq!(rejected_tokens(&client), before);
    assert!(before <= 1);
    // The one rejection (if the first token went out before any Date header was seen) is
    // explained as the clock problem it is.
    for entry in client.request_log() {
        if entry.zoom_code == Some(124) {
            let diagnosis = entry.diagnosis.expect("a diagnosis");
            assert!(
                diagnosis.summary.contains("clocks disagree"),
                "{diagnosis:?}"
            );
            // Zoom's Date header counts whole seconds, so the measured offset is 120 s ± 1 s.
            assert!(
                ["1 min 59 s", "2 min 0 s", "2 min 1 s"]
                    .iter()
                    .any(|amount| diagnosis.explanation.contains(amount)),
                "{diagnosis:?}"
            );
        }
    }
    assert_eq!(client.token_status().auth_kind, AuthKind::LegacyJwt);
    assert_log_clean(&client, &[&app.api_secret]);
}
