//! Faults: 5xx answers and connections dropped before and after the change is applied. The
//! client must end with exactly the intended registrants, each once, and never re-send a POST
//! whose outcome it has not checked.

use futures::StreamExt;
use regdesk::sim::{self, FaultSpec};
use regdesk::zoom::*;

use crate::support::*;

#[tokio::test(start_paused = true)]
async fn adds_batches_status_changes_and_deletes_survive_faults() {
    let sim = start(sim::Plan::Unlimited).await;
    let meeting = plain_meeting(&sim, "Faulty");
    let event = EventRef::meeting(meeting);
    let client = client_with(&sim, config(&sim, Plan::Unlimited));
    client.fetch_token().await.unwrap();
    sim.set_faults(FaultSpec::parse("5xx=0.08,drop-before=0.08,drop-after=0.08,seed=5").unwrap());

    let singles: Vec<NewRegistrant> = (0..40)
        .map(|index| NewRegistrant::new(format!("single{index}@example.com"), "S"))
        .collect();
    let options = AddOptions::default();
    let results: Vec<Result<AddOutcome, ZoomError>> = futures::stream::iter(singles.iter())
        .map(|person| client.add_registrant(event, person, &options))
        .buffer_unordered(4)
        .collect()
        .await;
    let mut reconciled = 0;
    for result in results {
        reconciled += usize::from(result.unwrap().resolution == AddResolution::Reconciled);
    }

    let batch: Vec<BatchRegistrant> = (0..75)
        .map(|index| BatchRegistrant {
            email: format!("batch{index}@example.com"),
            first_name: "B".into(),
            last_name: None,
        })
        .collect();
    let outcome = client.batch_register(event, &batch, None).await.unwrap();
    assert!(outcome.is_complete(), "{:?}", outcome.failed);
    assert_eq!(outcome.done.len(), 75);

    let mut expected: Vec<String> = singles
        .iter()
        .map(|person| person.email.clone())
        .chain(batch.iter().map(|person| person.email.clone()))
        .collect();
    expected.sort();
    assert_eq!(
        ground_truth(&sim, sim::EventKind::Meeting, meeting),
        expected,
        "exactly the intended registrants, once each"
    );
    let stats = sim.stats();
    assert_eq!(
        stats.repeat_registrations, 0,
        "a registration whose answer was lost was sent again without checking"
    );
    let injected = |kind| stats.faults.get(&kind).copied().unwrap_or(0);
    assert!(
        injected(sim::FaultKind::DropAfter) > 0
            && injected(sim::FaultKind::DropBefore) > 0
            && injected(sim::FaultKind::ServerError) > 0,
        "{:?}",
        stats.faults
    );
    eprintln!(
        "faults injected: {:?}; adds reconciled by listing: {reconciled}",
        stats.faults
    );

    // Status changes and deletes under the same faults.
    let registered = client.list_all_registrants(event, None).await.unwrap();
    let targets: Vec<RegistrantRef> = registered.iter().take(35).map(Registrant::to_ref).collect();
    let denied = client
        .update_status(event, StatusAction::Deny, &targets, None)
        .await
        .unwrap();
    assert!(denied.is_complete(), "{:?}", denied.failed);
    for target in targets.iter().take(10) {
        client
            .delete_registrant(event, &target.id, None)
            .await
            .unwrap();
    }
    sim.set_faults(FaultSpec::none());
    let truth = sim.registrants(sim::EventKind::Meeting, meeting);
    assert_eq!(truth.len(), 115 - 10);
    let denied_now = truth
        .iter()
        .filter(|registrant| registrant.status == sim::RegistrantStatus::Denied)
        .count();
    assert_eq!(denied_now, 25);
    assert_log_clean(&client, &[&sim.s2s_app().client_secret]);
}
