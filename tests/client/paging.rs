//! Listings of more than one page (Zoom serves at most 300), and the restart after an expired
//! page token.

use std::collections::BTreeSet;
use std::time::Duration;

use regdesk::sim::{self, SimConfig, Simulator};
use regdesk::zoom::*;

use crate::support::*;

#[tokio::test(start_paused = true)]
async fn more_than_300_registrants_come_back_once_each() {
    let sim = start(sim::Plan::Unlimited).await;
    let id = sim
        .create_meeting(serde_json::json!({"topic": "Big", "type": 2, "approval_type": 0, "generated_registrants": 701}))
        .unwrap();
    let client = client_with(&sim, config(&sim, Plan::Unlimited));
    let listed = client
        .list_registrants(EventRef::meeting(id), ListStatus::Approved, None)
        .await
        .unwrap();
    assert_eq!(listed.len(), 701);
    let ids: BTreeSet<&str> = listed
        .iter()
        .map(|registrant| registrant.id.as_str())
        .collect();
    assert_eq!(ids.len(), 701, "no registrant twice");
    let truth: BTreeSet<String> = sim
        .registrants(sim::EventKind::Meeting, id)
        .into_iter()
        .map(|registrant| registrant.id)
        .collect();
    assert_eq!(ids, truth.iter().map(String::as_str).collect());
    let pages = client
        .request_log()
        .iter()
        .filter(|entry| entry.path.ends_with("/registrants"))
        .count();
    assert_eq!(pages, 3);
    assert!(
        client
            .request_log()
            .iter()
            .all(|entry| entry.path == "/oauth/token" || entry.query.contains("page_size=300"))
    );
}

#[tokio::test(start_paused = true)]
async fn an_expired_page_token_restarts_the_listing() {
    // The simulator takes 300 ms before it reads a request, so a 250 ms page token has expired
    // when the next page's request is read (the pages go back to back: Free's Medium rate
    // allows two in a window).
    let sim = Simulator::start(SimConfig {
        plan: sim::Plan::Free,
        latency: Duration::from_millis(300),
        page_token_ttl: Duration::from_millis(250),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let id = sim
        .create_meeting(serde_json::json!({"topic": "Pages", "type": 2, "approval_type": 0, "generated_registrants": 450}))
        .unwrap();
    let client = client_with(&sim, config(&sim, Plan::Free));
    let mut events = client.subscribe();
    let listing = tokio::spawn({
        let client = client.clone();
        async move {
            client
                .list_registrants(EventRef::meeting(id), ListStatus::Approved, None)
                .await
        }
    });
    // Once the first page token has expired, let the next ones live again.
    loop {
        match events.recv().await {
            Ok(ClientEvent::Request(entry)) if entry.zoom_code == Some(300) => break,
            Ok(_) => {}
            Err(error) => panic!("event stream ended: {error}"),
        }
    }
    sim.set_page_token_ttl(Duration::from_secs(900));
    let listed = listing.await.unwrap().unwrap();
    assert_eq!(listed.len(), 450);
    let unique: BTreeSet<&str> = listed
        .iter()
        .map(|registrant| registrant.id.as_str())
        .collect();
    assert_eq!(unique.len(), 450);
    let first_pages = client
        .request_log()
        .iter()
        .filter(|entry| {
            entry.path.ends_with("/registrants") && !entry.query.contains("next_page_token")
        })
        .count();
    let log: Vec<String> = client
        .request_log()
        .iter()
        .map(|entry| {
            format!(
                "{} {} {:?} {} {:?} {:?}",
                entry.at, entry.path, entry.status, entry.query, entry.zoom_code, entry.latency
            )
        })
        .collect();
    assert_eq!(first_pages, 2, "the listing started over once: {log:#?}");
}
