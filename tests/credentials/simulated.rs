//! The in-process simulator with a desk pointed at it, and the real OS keyrings around it.

use std::time::Duration;

use regdesk::secrets::StoreKind;
use regdesk::secrets::select::{Candidate, open_keyring, platform_candidates, select_first_usable};

use crate::harness::Desk;
use crate::support::skip_or_fail;

/// Far above how long a keyring call takes on a busy box; reached only by a hang.
const STORE_TIMEOUT: Duration = Duration::from_secs(20);

/// The simulator on 127.0.0.1:0 and a desk pointed at it.
pub async fn desk_with_simulator() -> (regdesk::sim::Simulator, Desk) {
    let sim = regdesk::sim::Simulator::start(regdesk::sim::SimConfig::default())
        .await
        .expect("simulator starts");
    let desk = Desk::new(sim.api_url(), sim.oauth_url());
    (sim, desk)
}

/// The simulator and a desk, for a test that needs the real OS keyring `kind` (any keyring of
/// this platform when `None`) as tests/run provides it. `None` when that keyring does not work
/// here: the test has been skipped with a notice (or failed, under
/// REGDESK_REQUIRE_SYSTEM_TESTS=1).
pub async fn desk_with_keyring(
    test: &str,
    kind: Option<StoreKind>,
) -> Option<(regdesk::sim::Simulator, Desk)> {
    let candidates = match kind {
        Some(kind) => vec![Candidate::platform(kind)],
        None => platform_candidates(),
    };
    let (vault, probes) = select_first_usable(candidates, STORE_TIMEOUT).await;
    if vault.is_none() {
        skip_or_fail(test, &format!("no usable OS keyring: {probes:?}"));
        return None;
    }
    Some(desk_with_simulator().await)
}

/// The OS keyring `kind`, connected from the test process (which shares tests/run's keyrings
/// with the regdesk processes it starts).
pub async fn keyring(kind: StoreKind) -> regdesk::secrets::Vault {
    open_keyring(kind, STORE_TIMEOUT).await.expect("keyring")
}

/// Asserts that the OS keyring `kind` holds nothing for `profile` any more.
pub async fn assert_forgotten(kind: StoreKind, profile: &str) {
    let held = keyring(kind).await.load(profile).await.expect("load");
    assert!(held.is_none(), "the {kind} still holds {profile:?}");
}

/// The stdin lines of a Server-to-Server login with a simulator app's credentials.
pub fn app_lines(app: &regdesk::sim::SimApp) -> String {
    crate::harness::s2s_lines(&app.account_id, &app.client_id, &app.client_secret)
}
