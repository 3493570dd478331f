//! Rate limits: a burst over the plan's per-second limit gets 429s with Zoom's headers while a
//! client pacing itself at the limit passes; the daily caps (reached cheaply through an override)
//! reset at 00:00 UTC of the simulator's clock; and the per-registrant limits (3 registrations,
//! 10 status changes a day).

use std::time::{Duration, Instant};

use futures::future::join_all;
use regdesk::sim::{Category, DailyCaps, EventKind, LimitKind, Plan, RegistrantStatus, SimConfig};
use serde_json::json;

use super::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_over_the_plan_gets_per_second_429s_with_headers() {
    let h = start_with(SimConfig {
        plan: Plan::Free,
        ..SimConfig::default()
    })
    .await;
    let path = format!("/meetings/{MEETING_AUTO}/registrants");
    let started = Instant::now();
    let replies = join_all((0..20).map(|_| h.get(&path))).await;
    let elapsed = started.elapsed();
    let ok = replies.iter().filter(|r| r.status == 200).count();
    // Free: Medium is 2 per second. However slow this box is, no more than that got through.
    assert!(
        ok as f64 <= 2.0 * (elapsed.as_secs_f64().ceil() + 1.0),
        "{ok} passed in {elapsed:?}"
    );
    let limited: Vec<_> = replies.iter().filter(|r| r.status == 429).collect();
    assert!(!limited.is_empty());
    let first = limited[0];
    first.assert_error(
        429,
        429,
        "You have reached the maximum per-second rate limit for this API. Try again later.",
    );
    assert_eq!(first.header("x-ratelimit-category"), Some("Medium"));
    assert_eq!(first.header("x-ratelimit-type"), Some("QPS"));
    assert_eq!(first.header("x-ratelimit-limit"), Some("2"));
    assert_eq!(first.header("x-ratelimit-remaining"), Some("0"));
    let retry: u64 = first
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert_eq!(retry, 1, "the window frees a slot within a second");
    let stats = h.sim.stats();
    assert_eq!(
        stats.rate_limited.get(&LimitKind::PerSecond).copied(),
        Some(limited.len() as u64)
    );
    assert_eq!(
        stats.requests_per_category.get(&Category::Medium).copied(),
        Some(20)
    );
    assert!(stats.max_requests_in_one_second[&Category::Medium] > 2);
}

#[tokio::test]
async fn a_client_pacing_itself_at_the_plan_rate_passes() {
    let h = start_with(SimConfig {
        plan: Plan::Free,
        ..SimConfig::default()
    })
    .await;
    let path = format!("/meetings/{MEETING_AUTO}");
    // Free: Light is 4 per second; one request every 260 ms never puts 5 in one second.
    for n in 0..10 {
        let reply = h.get(&path).await;
        assert_eq!(reply.status, 200, "request {n}: {}", reply.text);
        assert_eq!(reply.header("x-ratelimit-category"), Some("Light"));
        assert_eq!(
            reply.header("x-ratelimit-limit"),
            Some("6000"),
            "Free's Light daily cap"
        );
        assert_eq!(
            reply.header("x-ratelimit-remaining"),
            Some((5999 - n).to_string().as_str())
        );
        tokio::time::sleep(Duration::from_millis(260)).await;
    }
    let stats = h.sim.stats();
    assert!(stats.rate_limited.is_empty());
    assert!(stats.max_requests_in_one_second[&Category::Light] <= 4);
}

#[tokio::test]
async fn the_daily_cap_answers_with_midnight_and_resets_then() {
    let caps = DailyCaps {
        light: Some(3),
        ..Plan::Free.daily_caps()
    };
    let h = start_with(SimConfig {
        plan: Plan::Free,
        daily_caps: Some(caps),
        ..SimConfig::default()
    })
    .await;
    let path = format!("/meetings/{MEETING_AUTO}");
    for _ in 0..3 {
        assert_eq!(h.get(&path).await.status, 200);
    }
    let refused = h.get(&path).await;
    refused.assert_error(
        429,
        429,
        "You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.",
    );
    assert_eq!(refused.header("x-ratelimit-type"), Some("Daily-limit"));
    assert_eq!(refused.header("x-ratelimit-limit"), Some("3"));
    assert_eq!(refused.header("x-ratelimit-remaining"), Some("0"));
    let midnight =
        jiff::Timestamp::from_second(h.sim.now().as_second() + seconds_to_midnight(&h.sim))
            .unwrap();
    assert_eq!(
        refused.header("retry-after"),
        Some(midnight.to_string().as_str())
    );
    assert_eq!(h.sim.stats().rate_limited.get(&LimitKind::Daily), Some(&1));

    h.sim.set_clock_offset(seconds_to_midnight(&h.sim) + 5);
    // A new UTC day on the simulator's clock (the token is re-fetched: an hour-long token may
    // not outlive the jump).
    let fresh = token_for(&h.http, &h.sim, &h.sim.s2s_app()).await;
    let next_day = send(h.http.get(h.url(&path)).bearer_auth(fresh)).await;
    assert_eq!(next_day.status, 200, "{}", next_day.text);
}

#[tokio::test]
async fn pro_accounts_have_a_daily_cap_on_heavy_requests_only() {
    let caps = DailyCaps {
        heavy: Some(2),
        ..Plan::Pro.daily_caps()
    };
    assert_eq!((caps.light, caps.medium), (None, None));
    let h = start_with(SimConfig {
        daily_caps: Some(caps),
        ..SimConfig::default()
    })
    .await;
    // Batch registration is the Heavy endpoint.
    let batch = format!("/meetings/{MEETING_AUTO}/batch_registrants");
    let person = |n: u32| json!({"registrants": [{"email": format!("heavy{n}@x.example"), "first_name": "H"}]});
    for n in 0..2 {
        let added = h.post(&batch, &person(n)).await;
        assert_eq!(added.status, 201, "{}", added.text);
        assert_eq!(added.header("x-ratelimit-category"), Some("Heavy"));
        assert_eq!(
            added.header("x-ratelimit-remaining"),
            Some((1 - n).to_string().as_str())
        );
    }
    let refused = h.post(&batch, &person(2)).await;
    assert_eq!(
        (refused.status, refused.code()),
        (429, 429),
        "{}",
        refused.text
    );
    assert_eq!(refused.header("x-ratelimit-category"), Some("Heavy"));
    assert_eq!(refused.header("x-ratelimit-type"), Some("Daily-limit"));
    assert!(
        refused
            .header("retry-after")
            .unwrap()
            .ends_with("T00:00:00Z")
    );
    assert!(
        h.sim
            .registrants(EventKind::Meeting, MEETING_AUTO)
            .iter()
            .all(|r| r.email != "heavy2@x.example")
    );
    // Light and Medium are not capped on Pro.
    let single = h
        .post(
            &format!("/meetings/{MEETING_AUTO}/registrants"),
            &auto_meeting_registrant("light@x.example"),
        )
        .await;
    assert_eq!(single.status, 201, "{}", single.text);
    assert_eq!(
        h.get(&format!("/meetings/{MEETING_AUTO}/registrants"))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn three_registrations_per_registrant_per_meeting_per_day() {
    let h = start().await;
    let path = format!("/meetings/{MEETING_AUTO}/registrants");
    let body = auto_meeting_registrant("thrice@x.example");
    for _ in 0..3 {
        assert_eq!(h.post(&path, &body).await.status, 201);
    }
    let fourth = h.post(&path, &body).await;
    fourth.assert_error(
        429,
        429,
        "You have exceeded the daily rate limit of \"3\" for Add meeting registrant API requests for the registrant \"thrice@x.example\". You can resume these API requests at GMT 00:00:00.",
    );
    assert_eq!(
        (
            fourth.header("x-ratelimit-limit"),
            fourth.header("x-ratelimit-type")
        ),
        (Some("3"), Some("Daily-limit"))
    );
    assert!(
        fourth
            .header("retry-after")
            .unwrap()
            .ends_with("T00:00:00Z")
    );
    // The batch endpoint shares the count; another meeting has its own.
    let batch = h
        .post(
            &format!("/meetings/{MEETING_AUTO}/batch_registrants"),
            &json!({"registrants": [{"email": "thrice@x.example", "first_name": "T"}]}),
        )
        .await;
    assert_eq!((batch.status, batch.code()), (429, 429), "{}", batch.text);
    let elsewhere = h
        .post(
            &format!("/meetings/{MEETING_RECURRING}/registrants"),
            &json!({"email": "thrice@x.example", "first_name": "T"}),
        )
        .await;
    assert_eq!(elsewhere.status, 201, "{}", elsewhere.text);
    assert_eq!(
        h.sim.stats().rate_limited.get(&LimitKind::RegistrantAdds),
        Some(&2)
    );
    let registered = h.sim.registrants(EventKind::Meeting, MEETING_AUTO);
    assert_eq!(
        registered
            .iter()
            .filter(|r| r.email == "thrice@x.example")
            .count(),
        1
    );

    h.sim.set_clock_offset(seconds_to_midnight(&h.sim) + 5);
    let fresh = token_for(&h.http, &h.sim, &h.sim.s2s_app()).await;
    let tomorrow = send(h.http.post(h.url(&path)).bearer_auth(fresh).json(&body)).await;
    assert_eq!(tomorrow.status, 201, "{}", tomorrow.text);
}

#[tokio::test]
async fn ten_status_changes_per_registrant_per_day() {
    let h = start().await;
    let someone = h
        .sim
        .registrants(EventKind::Meeting, MEETING_MANUAL)
        .into_iter()
        .find(|r| r.status == RegistrantStatus::Pending)
        .unwrap();
    let path = format!("/meetings/{MEETING_MANUAL}/registrants/status");
    for n in 0..10 {
        let action = if n % 2 == 0 { "approve" } else { "deny" };
        let reply = h
            .put(
                &path,
                &json!({"action": action, "registrants": [{"id": someone.id}]}),
            )
            .await;
        assert_eq!(reply.status, 204, "change {n}: {}", reply.text);
    }
    let eleventh = h
        .put(
            &path,
            &json!({"action": "approve", "registrants": [{"id": someone.id}]}),
        )
        .await;
    eleventh.assert_error(
        429,
        429,
        &format!(
            "You have exceeded the daily rate limit of (10) for meeting Update registrant's status API requests for the registrant \"{}\". You may resume these requests at GMT 00:00:00.",
            someone.email
        ),
    );
    assert_eq!(eleventh.header("x-ratelimit-limit"), Some("10"));
    let status = h
        .sim
        .registrants(EventKind::Meeting, MEETING_MANUAL)
        .into_iter()
        .find(|r| r.id == someone.id)
        .unwrap()
        .status;
    assert_eq!(
        status,
        RegistrantStatus::Denied,
        "the refused change was not applied"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_unlimited_plan_has_no_account_limits() {
    let h = start_with(SimConfig {
        plan: Plan::Unlimited,
        ..SimConfig::default()
    })
    .await;
    let path = format!("/meetings/{MEETING_AUTO}/registrants");
    let replies = join_all((0..60).map(|_| h.get(&path))).await;
    assert!(replies.iter().all(|r| r.status == 200));
    assert!(replies[0].header("x-ratelimit-limit").is_none());
    h.sim.set_plan(Plan::Free);
    let replies = join_all((0..10).map(|_| h.get(&path))).await;
    assert!(
        replies.iter().any(|r| r.status == 429),
        "set_plan takes effect at once"
    );
}
