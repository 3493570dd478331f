//! A session: the API client the app talks through, what to call it on screen, and (for the demo)
//! the embedded simulator it talks to, which must live as long as the session.

use crate::sim::{SimConfig, Simulator};
use crate::zoom::{ClientConfig, Credentials, ZoomClient};

/// Credentials ready to use.
pub struct Session {
    pub client: ZoomClient,
    /// Shown in the title bar: `demo`, a profile name, `environment`.
    pub label: String,
    /// Whose meetings to list when the account's users cannot be listed.
    pub default_user: String,
    /// The embedded simulator of `--demo`, kept alive with the session.
    pub simulator: Option<Simulator>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("label", &self.label)
            .field("client", &self.client)
            .field("demo", &self.simulator.is_some())
            .finish_non_exhaustive()
    }
}

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
            simulator: None,
        })
    }

    /// `--demo`: the simulator in process with the demo data and about 100 ms of latency with
    /// jitter, and a session on it.
    pub async fn demo() -> anyhow::Result<Session> {
        let simulator = Simulator::start(SimConfig::demo()).await?;
        let mut session = Session::on_simulator(&simulator, "demo")?;
        session.simulator = Some(simulator);
        Ok(session)
    }
}
