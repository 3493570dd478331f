//! The demo session: the Zoom simulator started in process with the demo data, and a session on
//! it (the TUI's `--demo` and its "try the demo" button); also a session on any running simulator.

use super::Session;
use crate::sim::{SimConfig, Simulator};
use crate::zoom::{ClientConfig, Credentials, ZoomClient};

impl Session {
    /// A session on an already running simulator (tests run theirs on 127.0.0.1:0).
    pub fn on_simulator(simulator: &Simulator, label: &str) -> anyhow::Result<Session> {
        let app = simulator.s2s_app();
        let credentials = Credentials::ServerToServer {
            account_id: app.account_id,
            client_id: app.client_id,
            client_secret: secrecy::SecretString::from(app.client_secret),
        };
        let client = ZoomClient::new(
            credentials,
            ClientConfig::new(simulator.api_url(), simulator.oauth_url()),
        )?;
        Ok(Session {
            client,
            label: label.to_owned(),
            default_user: "me".to_owned(),
            store_warning: None,
            disabled_features: Vec::new(),
            simulator: None,
        })
    }

    /// The simulator in process with the demo data and about 100 ms of latency with jitter, and
    /// a session on it.
    pub async fn demo() -> anyhow::Result<Session> {
        let simulator = Simulator::start(SimConfig::demo()).await?;
        let mut session = Session::on_simulator(&simulator, "demo")?;
        session.simulator = Some(simulator);
        Ok(session)
    }
}
