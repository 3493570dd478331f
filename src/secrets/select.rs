//! Choosing where a new secret goes. The OS keyrings in order (on Linux: Secret Service, then
//! kernel keyutils), each only if a write/read/delete round trip works within the timeout; when
//! none does, the caller offers the `ZOOM_*` environment variables or, with explicit consent, a
//! file ([`super::file`]). Every probe result is kept so the user can see why a store was passed
//! over.

use std::sync::Arc;
use std::time::Duration;

use super::keyring::{KeyringStore, platform_keyrings};
use super::{StoreError, StoreKind, Vault, run_blocking};

/// What trying one store found.
#[derive(Debug)]
pub struct StoreProbe {
    pub kind: StoreKind,
    pub outcome: Result<(), StoreError>,
}

/// A keyring to try: its kind and how to connect to it (blocking).
pub struct Candidate {
    pub kind: StoreKind,
    pub open: Box<dyn FnOnce() -> Result<KeyringStore, StoreError> + Send>,
}

impl Candidate {
    /// The platform store of `kind`.
    pub fn platform(kind: StoreKind) -> Self {
        Candidate {
            kind,
            open: Box::new(move || KeyringStore::open(kind)),
        }
    }
}

/// The OS keyrings of this platform, in the order they are preferred.
pub fn platform_candidates() -> Vec<Candidate> {
    platform_keyrings()
        .iter()
        .map(|kind| Candidate::platform(*kind))
        .collect()
}

/// The first usable OS keyring of this platform, or why none is.
pub async fn select_keyring(timeout: Duration) -> (Option<Vault>, Vec<StoreProbe>) {
    select_first_usable(platform_candidates(), timeout).await
}

/// Probes every OS keyring of this platform (`doctor` shows where a login would keep a secret).
pub async fn probe_keyrings(timeout: Duration) -> Vec<StoreProbe> {
    let mut probes = Vec::new();
    for candidate in platform_candidates() {
        let kind = candidate.kind;
        let outcome = open_and_probe(candidate, timeout).await.map(|_| ());
        probes.push(StoreProbe { kind, outcome });
    }
    probes
}

/// Tries `candidates` in order and returns the first that round-trips a secret, with the probe
/// results of all that were tried.
pub async fn select_first_usable(
    candidates: Vec<Candidate>,
    timeout: Duration,
) -> (Option<Vault>, Vec<StoreProbe>) {
    let mut probes = Vec::new();
    for candidate in candidates {
        let kind = candidate.kind;
        match open_and_probe(candidate, timeout).await {
            Ok(vault) => {
                probes.push(StoreProbe {
                    kind,
                    outcome: Ok(()),
                });
                return (Some(vault), probes);
            }
            Err(err) => probes.push(StoreProbe {
                kind,
                outcome: Err(err),
            }),
        }
    }
    (None, probes)
}

/// Connects to the platform keyring of `kind` without probing it (to read an existing entry).
pub async fn open_keyring(kind: StoreKind, timeout: Duration) -> Result<Vault, StoreError> {
    let store = run_blocking(kind, "connecting", timeout, move || {
        KeyringStore::open(kind)
    })
    .await?;
    Ok(Vault::new(Arc::new(store)).with_timeout(timeout))
}

async fn open_and_probe(candidate: Candidate, timeout: Duration) -> Result<Vault, StoreError> {
    let Candidate { kind, open } = candidate;
    let store = run_blocking(kind, "checking", timeout, move || {
        let store = open()?;
        store.probe()?;
        Ok(store)
    })
    .await?;
    Ok(Vault::new(Arc::new(store)).with_timeout(timeout))
}
