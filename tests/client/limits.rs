//! Pacing: at each plan, a concurrent load never puts more requests of a category into one
//! second than the plan allows (the simulator counts a strict sliding window), and per-second
//! 429s, injected at each plan or caused by a second process on the same account, are waited out.
//! On paused time: the simulator's windows and the client's pacing both follow tokio's clock.

use std::time::Duration;

use tokio::time::Instant;

use futures::future::join_all;
use regdesk::sim::{self, FaultSpec, LimitKind, Simulator};
use regdesk::zoom::*;

use crate::support::*;

/// Runs `light` get-questions, `medium` listings and `heavy` one-person batches, all at once.
async fn load(
    sim: &Simulator,
    client: &ZoomClient,
    light: usize,
    medium: usize,
    heavy: usize,
) -> Duration {
    let meeting = plain_meeting(sim, "Load");
    let event = EventRef::meeting(meeting);
    let started = Instant::now();
    let lights = (0..light).map(|_| async { client.get_questions(event).await.map(|_| ()) });
    let mediums = (0..medium).map(|_| async {
        client
            .list_registrants(event, ListStatus::Pending, None)
            .await
            .map(|_| ())
    });
    let heavies = (0..heavy).map(|index| async move {
        let person = [BatchRegistrant {
            email: format!("load{index}@example.com"),
            first_name: "L".into(),
            last_name: None,
        }];
        let outcome = client.batch_register(event, &person, None).await?;
        match outcome.failed.into_iter().next() {
            Some(failure) => Err(failure.error),
            None => Ok(()),
        }
    });
    let (lights, mediums, heavies) =
        tokio::join!(join_all(lights), join_all(mediums), join_all(heavies));
    for result in lights.into_iter().chain(mediums).chain(heavies) {
        result.unwrap();
    }
    started.elapsed()
}

#[tokio::test(start_paused = true)]
async fn each_plan_is_never_exceeded_under_concurrent_load() {
    // One plan after another, so that the runs do not compete for the CPU.
    for (plan, light, medium, heavy) in [
        (sim::Plan::Free, 10, 5, 3),
        (sim::Plan::Pro, 75, 50, 25),
        (sim::Plan::Business, 200, 150, 100),
    ] {
        let sim = start(plan).await;
        let client = client_with(&sim, config(&sim, client_plan(plan)));
        let elapsed = load(&sim, &client, light, medium, heavy).await;
        let stats = sim.stats();
        for category in sim::Category::ALL {
            let limit = plan.per_second(category).unwrap();
            let seen = stats
                .max_requests_in_one_second
                .get(&category)
                .copied()
                .unwrap_or(0);
            assert!(
                seen <= limit,
                "{plan:?} {category:?}: {seen} requests in one second, limit {limit}"
            );
            eprintln!("{plan:?} {category:?}: at most {seen} of {limit} in any second");
        }
        assert_eq!(
            stats.rate_limited.get(&LimitKind::PerSecond),
            None,
            "{plan:?}: {:?}",
            stats.rate_limited
        );
        eprintln!(
            "{plan:?}: {} requests in {elapsed:.2?}",
            light + medium + heavy
        );
    }
}

/// The per-second 429s one client received, each of which must have paused its category and
/// been retried.
fn assert_429s_paused(client: &ZoomClient) -> usize {
    let throttled: Vec<LogEntry> = client
        .request_log()
        .into_iter()
        .filter(|entry| entry.status == Some(429))
        .collect();
    for entry in &throttled {
        assert!(
            entry
                .note
                .as_deref()
                .is_some_and(|note| note.contains("paused")),
            "{entry:?}"
        );
    }
    throttled.len()
}

#[tokio::test(start_paused = true)]
async fn injected_429s_pause_and_recover_at_each_plan() {
    // Few calls: every 429 costs the category a one-second pause (Zoom's Retry-After).
    for (plan, calls) in [
        (sim::Plan::Free, 8),
        (sim::Plan::Pro, 12),
        (sim::Plan::Business, 12),
    ] {
        let sim = start(plan).await;
        sim.set_faults(FaultSpec::parse("429=0.1,seed=11").unwrap());
        let started = Instant::now();
        let client = client_with(&sim, config(&sim, client_plan(plan)));
        let event = EventRef::meeting(ROADMAP);
        for result in join_all((0..calls).map(|_| client.get_questions(event))).await {
            result.unwrap();
        }
        let stats = sim.stats();
        let injected = stats
            .rate_limited
            .get(&LimitKind::FaultBurst)
            .copied()
            .unwrap_or(0);
        eprintln!(
            "{plan:?}: {calls} calls through {injected} injected 429s in {:.2?}",
            started.elapsed()
        );
        assert!(injected > 0, "{plan:?}: {stats:?}");
        assert_eq!(
            stats.rate_limited.get(&LimitKind::PerSecond),
            None,
            "{plan:?}: resuming after a pause must not overshoot the plan"
        );
        assert_eq!(assert_429s_paused(&client) as u64, injected, "{plan:?}");
        let light = client
            .rate_limits()
            .into_iter()
            .find(|snapshot| snapshot.category == Category::Light)
            .unwrap();
        assert!(light.throttled > 0, "{plan:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn real_429s_from_a_second_process_on_the_account_are_waited_out() {
    // Two processes with the same app each pace themselves at the plan's Light rate: together
    // they send twice what the account may, and Zoom answers the excess with per-second 429s.
    let sim = start(sim::Plan::Pro).await;
    let (first, second) = (client(&sim), client(&sim));
    let event = EventRef::meeting(ROADMAP);
    let calls = (0..45).flat_map(|_| [first.get_questions(event), second.get_questions(event)]);
    for result in join_all(calls).await {
        result.unwrap();
    }
    let refused = sim
        .stats()
        .rate_limited
        .get(&LimitKind::PerSecond)
        .copied()
        .unwrap_or(0);
    assert!(refused > 0, "the account's limit was never reached");
    let seen = assert_429s_paused(&first) + assert_429s_paused(&second);
    assert_eq!(seen as u64, refused);
}

/// Every answer updates its category's budget for the live pane, also one without rate-limit
/// headers (an account without limits, a fault): the count of requests sent moves on each time,
/// and the last budget published is the current one.
#[tokio::test]
async fn every_answer_publishes_its_categorys_budget_even_without_rate_limit_headers() {
    let sim = start(sim::Plan::Unlimited).await;
    let client = client_with(&sim, config(&sim, client_plan(sim::Plan::Unlimited)));
    let event = EventRef::meeting(plain_meeting(&sim, "Budget"));
    let mut events = client.subscribe();
    for sent in 1..=3 {
        client.get_questions(event).await.unwrap();
        let published: Vec<RateLimitSnapshot> = drain(&mut events)
            .into_iter()
            .filter_map(|event| match event {
                ClientEvent::RateLimit(Category::Light, snapshot) => Some(snapshot),
                _ => None,
            })
            .collect();
        assert_eq!(
            published.last().map(|snapshot| snapshot.sent),
            Some(sent),
            "{published:?}"
        );
        assert_eq!(published.last(), client.rate_limits().first());
    }
}

#[tokio::test(start_paused = true)]
async fn requests_waiting_for_the_first_token_still_keep_to_the_window() {
    // Every answer takes 300 ms, the token's too. Three listings at once on Free (Medium: two a
    // window): if the first two took their pacing slots before the token came, they would reach
    // Zoom 600 ms in and the third, paced from those slots, 740 ms later: three in one second.
    let sim = Simulator::start(sim::SimConfig {
        plan: sim::Plan::Free,
        latency: Duration::from_millis(300),
        ..sim::SimConfig::default()
    })
    .await
    .unwrap();
    let meeting = plain_meeting(&sim, "Token first");
    let client = client_with(&sim, config(&sim, Plan::Free));
    let listings = (0..3)
        .map(|_| client.list_registrants(EventRef::meeting(meeting), ListStatus::Approved, None));
    for listed in join_all(listings).await {
        listed.unwrap();
    }
    let stats = sim.stats();
    assert_eq!(stats.rate_limited.get(&LimitKind::PerSecond), None);
    assert_eq!(
        stats.max_requests_in_one_second.get(&sim::Category::Medium),
        Some(&2)
    );
}
