//! The in-process simulator with a desk pointed at it, and whether a real keyring is usable.

use std::time::Duration;

use crate::harness::Desk;

/// The simulator on 127.0.0.1:0 and a desk pointed at it.
pub async fn desk_with_simulator() -> (regdesk::sim::Simulator, Desk) {
    let sim = regdesk::sim::Simulator::start(regdesk::sim::SimConfig::default())
        .await
        .expect("simulator starts");
    let desk = Desk::new(sim.api_url(), sim.oauth_url());
    (sim, desk)
}

/// Whether a real OS keyring works in this process (as tests/run arranges); when not, the
/// caller skips with a notice, or fails under REGDESK_REQUIRE_SYSTEM_TESTS=1.
pub async fn keyring_usable() -> Result<(), String> {
    let (vault, probes) = regdesk::secrets::select_keyring(Duration::from_secs(20)).await;
    match vault {
        Some(_) => Ok(()),
        None => Err(format!("no OS keyring usable: {probes:?}")),
    }
}

/// The stdin lines of a Server-to-Server login with a simulator app's credentials.
pub fn app_lines(app: &regdesk::sim::SimApp) -> String {
    crate::harness::s2s_lines(&app.account_id, &app.client_id, &app.client_secret)
}
