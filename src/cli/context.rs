//! What every Zoom-talking command needs first: an API client for the credentials the user has.
//! Credentials: the `ZOOM_*` environment variables win (`ZOOM_ACCOUNT_ID`, `ZOOM_CLIENT_ID`,
//! `ZOOM_CLIENT_SECRET` for a Server-to-Server app; `ZOOM_API_KEY`, `ZOOM_API_SECRET` for a legacy
//! JWT app), else the selected profile's entry in its store (`--profile`, else the default one;
//! see [`crate::secrets::resolve`]). URLs: `--api-url`/`--oauth-url` (or `REGDESK_API_URL`/
//! `REGDESK_OAUTH_URL`), else the profile's, else Zoom's. Plan: `REGDESK_PLAN`, else the
//! profile's, else pro.

use anyhow::Context;

use super::GlobalArgs;
use super::login::passphrase_prompt;
use crate::profiles::{Endpoints, Profile, effective_plan};
use crate::secrets::{DEFAULT_STORE_TIMEOUT, resolve};
use crate::zoom::{ClientConfig, ClientEvent, EventKind, EventRef, ZoomClient};

/// What a command works with: the client, and the selected profile's settings.
pub struct Session {
    pub client: ZoomClient,
    /// The selected profile, also when the environment supplied the credentials.
    pub profile: Option<Profile>,
}

impl Session {
    /// Whose meetings to list when the command names nobody: the profile's `default-user`,
    /// else `me`.
    pub fn default_user(&self) -> &str {
        self.profile
            .as_ref()
            .and_then(|profile| profile.default_user.as_deref())
            .unwrap_or("me")
    }
}

/// The client for a command.
pub async fn build_client(global: &GlobalArgs) -> anyhow::Result<ZoomClient> {
    Ok(start_session(global).await?.client)
}

/// The client and profile for a command. A profile kept in a plain file announces itself on
/// stderr every time (its permanent warning badge).
pub async fn start_session(global: &GlobalArgs) -> anyhow::Result<Session> {
    let resolved = resolve(
        global.profile.as_deref(),
        DEFAULT_STORE_TIMEOUT,
        &passphrase_prompt,
    )
    .await?;
    if let Some(badge) = resolved.source.store().warning_badge() {
        crate::eprintln_sanitised!("{badge}");
    }
    let profile = resolved.profile.map(|(_, profile)| profile);
    let endpoints = Endpoints::pick(
        global.api_url.as_deref(),
        global.oauth_url.as_deref(),
        profile.as_ref(),
    );
    let (plan, _) = effective_plan(profile.as_ref())?;
    let config = ClientConfig {
        plan,
        ..ClientConfig::new(endpoints.api_url, endpoints.oauth_url)
    };
    let client =
        ZoomClient::new(resolved.credentials, config).context("cannot set up the Zoom client")?;
    announce_waits(&client);
    Ok(Session { client, profile })
}

/// Prints each wait before a retry as one stderr line ("Zoom asked to wait 42 s (HTTP 503 on
/// list registrants); waiting…"), so that a command never sits silent for long.
fn announce_waits(client: &ZoomClient) {
    let mut events = client.subscribe();
    tokio::spawn(async move {
        use tokio::sync::broadcast::error::RecvError;
        loop {
            match events.recv().await {
                Ok(ClientEvent::Waiting(notice)) => eprintln!("{notice}"),
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return,
            }
        }
    });
}

/// The meeting or webinar a command names.
pub fn event_ref(id: u64, webinar: bool) -> EventRef {
    EventRef {
        kind: if webinar {
            EventKind::Webinar
        } else {
            EventKind::Meeting
        },
        id,
    }
}
