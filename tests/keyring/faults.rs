//! Locked, denied and hanging keyrings: each becomes a clear message with a fix, in bounded
//! time, and selection moves on to the next store.

use std::sync::Arc;
use std::time::Duration;

use regdesk::secrets::keyring::KeyringStore;
use regdesk::secrets::select::{Candidate, select_first_usable};
use regdesk::secrets::{StoreError, StoreKind, Vault};

use crate::faulty_store::{Fault, FaultyStore, Gate};
use crate::samples::{sample_s2s, secret_of};

/// Far above any store timeout used here: only a real hang reaches it.
const TEST_BOUND: Duration = Duration::from_secs(60);
const SHORT_STORE_TIMEOUT: Duration = Duration::from_millis(300);

fn vault(kind: StoreKind, fault: Fault) -> (Vault, Arc<Gate>) {
    let (store, gate) = FaultyStore::new(fault);
    let vault =
        Vault::new(Arc::new(KeyringStore::new(kind, store))).with_timeout(SHORT_STORE_TIMEOUT);
    (vault, gate)
}

fn candidate(kind: StoreKind, fault: Fault, gates: &mut Vec<Arc<Gate>>) -> Candidate {
    let (store, gate) = FaultyStore::new(fault);
    gates.push(gate);
    Candidate {
        kind,
        open: Box::new(move || Ok(KeyringStore::new(kind, store))),
    }
}

#[tokio::test]
async fn a_working_keyring_round_trips_and_forgets_on_delete() {
    let (vault, _gate) = vault(StoreKind::SecretService, Fault::None);
    assert!(vault.load("work").await.expect("load").is_none());
    vault.save("work", &sample_s2s()).await.expect("save");
    let loaded = vault.load("work").await.expect("load").expect("present");
    assert_eq!(secret_of(&loaded), secret_of(&sample_s2s()));
    assert!(vault.delete("work").await.expect("delete"));
    assert!(!vault.delete("work").await.expect("second delete"));
    assert!(vault.load("work").await.expect("load").is_none());
}

#[tokio::test]
async fn a_locked_keyring_says_so_and_how_to_unlock() {
    let (vault, _gate) = vault(StoreKind::SecretService, Fault::Locked);
    let err = vault.save("work", &sample_s2s()).await.expect_err("locked");
    assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("Secret Service (login keyring) is locked"),
        "{message}"
    );
    assert!(message.contains("fix: unlock it"), "{message}");
}

#[tokio::test]
async fn a_denied_kernel_keyring_points_at_a_session_keyring() {
    let (vault, _gate) = vault(StoreKind::Keyutils, Fault::Denied);
    let err = vault.load("work").await.expect_err("denied");
    assert!(matches!(err, StoreError::Denied { .. }), "{err:?}");
    assert!(err.to_string().contains("keyctl session -"), "{err}");
}

#[tokio::test]
async fn a_hanging_keyring_times_out_with_a_message_instead_of_freezing() {
    let (vault, gate) = vault(StoreKind::SecretService, Fault::Hangs);
    let outcome = tokio::time::timeout(TEST_BOUND, vault.load("work")).await;
    gate.open();
    let err = outcome
        .expect("the vault must give up on its own, well before the test bound")
        .expect_err("a hanging store cannot succeed");
    assert!(matches!(err, StoreError::TimedOut { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("did not answer within"), "{message}");
    assert!(message.contains("reading"), "{message}");
}

#[tokio::test]
async fn selection_skips_locked_and_hanging_keyrings_and_says_why() {
    let mut gates = Vec::new();
    let candidates = vec![
        candidate(StoreKind::SecretService, Fault::Locked, &mut gates),
        candidate(StoreKind::MacosKeychain, Fault::Hangs, &mut gates),
        candidate(StoreKind::Keyutils, Fault::None, &mut gates),
    ];
    let selected = tokio::time::timeout(
        TEST_BOUND,
        select_first_usable(candidates, SHORT_STORE_TIMEOUT),
    )
    .await;
    gates.iter().for_each(|gate| gate.open());
    let (vault, probes) = selected.expect("selection finishes in bounded time");
    assert_eq!(vault.expect("keyutils works").kind(), StoreKind::Keyutils);
    let reasons: Vec<_> = probes
        .iter()
        .map(|probe| {
            (
                probe.kind,
                probe.outcome.as_ref().err().map(|e| e.to_string()),
            )
        })
        .collect();
    assert!(
        matches!(probes[0].outcome, Err(StoreError::Locked { .. })),
        "{reasons:?}"
    );
    assert!(
        matches!(probes[1].outcome, Err(StoreError::TimedOut { .. })),
        "{reasons:?}"
    );
    assert!(probes[2].outcome.is_ok(), "{reasons:?}");
}

#[tokio::test]
async fn selection_with_no_usable_keyring_returns_every_reason() {
    let mut gates = Vec::new();
    let candidates = vec![
        candidate(StoreKind::SecretService, Fault::Denied, &mut gates),
        candidate(StoreKind::Keyutils, Fault::Denied, &mut gates),
    ];
    let (vault, probes) = select_first_usable(candidates, SHORT_STORE_TIMEOUT).await;
    assert!(vault.is_none());
    assert_eq!(probes.len(), 2);
    assert!(probes.iter().all(|probe| probe.outcome.is_err()));
}
