//! What every Zoom-talking command needs first: an API client built from the global flags and the
//! environment. Credentials come from `ZOOM_ACCOUNT_ID`, `ZOOM_CLIENT_ID`, `ZOOM_CLIENT_SECRET`
//! (a Server-to-Server app) or `ZOOM_API_KEY`, `ZOOM_API_SECRET` (a legacy JWT app); the URLs from
//! `--api-url`/`--oauth-url` (or `REGDESK_API_URL`/`REGDESK_OAUTH_URL`); the rate-limit plan from
//! `REGDESK_PLAN` (default pro).

use anyhow::{Context, bail};
use secrecy::SecretString;

use super::GlobalArgs;
use crate::zoom::{ClientConfig, Credentials, EventKind, EventRef, Plan, ZoomClient};

const S2S_VARS: [&str; 3] = ["ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"];
const JWT_VARS: [&str; 2] = ["ZOOM_API_KEY", "ZOOM_API_SECRET"];

fn env_value(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// The app credentials in the environment. A Server-to-Server app wins over a JWT app; a partial
/// set is an error naming what is missing.
pub fn credentials_from_env() -> anyhow::Result<Credentials> {
    let s2s: Vec<Option<String>> = S2S_VARS.iter().map(|name| env_value(name)).collect();
    let jwt: Vec<Option<String>> = JWT_VARS.iter().map(|name| env_value(name)).collect();
    if let [Some(account_id), Some(client_id), Some(client_secret)] = s2s.as_slice() {
        return Ok(Credentials::ServerToServer {
            account_id: account_id.clone(),
            client_id: client_id.clone(),
            client_secret: SecretString::from(client_secret.clone()),
        });
    }
    if let [Some(api_key), Some(api_secret)] = jwt.as_slice() {
        return Ok(Credentials::LegacyJwt {
            api_key: api_key.clone(),
            api_secret: SecretString::from(api_secret.clone()),
        });
    }
    let missing = |names: &[&str], values: &[Option<String>]| -> Vec<String> {
        names
            .iter()
            .zip(values)
            .filter(|(_, value)| value.is_none())
            .map(|(name, _)| (*name).to_owned())
            .collect()
    };
    if s2s.iter().any(Option::is_some) {
        bail!(
            "incomplete Server-to-Server credentials: {} not set",
            missing(&S2S_VARS, &s2s).join(", ")
        );
    }
    if jwt.iter().any(Option::is_some) {
        bail!(
            "incomplete JWT credentials: {} not set",
            missing(&JWT_VARS, &jwt).join(", ")
        );
    }
    bail!(
        "no Zoom credentials: set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET (a \
         Server-to-Server OAuth app), or ZOOM_API_KEY and ZOOM_API_SECRET (a legacy JWT app)"
    )
}

/// The account plan from `REGDESK_PLAN` (default pro).
pub fn plan_from_env() -> anyhow::Result<Plan> {
    match env_value("REGDESK_PLAN") {
        None => Ok(Plan::Pro),
        Some(text) => text
            .parse()
            .map_err(|problem: String| anyhow::anyhow!("REGDESK_PLAN: {problem}")),
    }
}

/// The client for a command.
pub fn build_client(global: &GlobalArgs) -> anyhow::Result<ZoomClient> {
    let credentials = credentials_from_env()?;
    let mut config = ClientConfig {
        plan: plan_from_env()?,
        ..ClientConfig::default()
    };
    if let Some(api_url) = &global.api_url {
        config.api_url.clone_from(api_url);
    }
    if let Some(oauth_url) = &global.oauth_url {
        config.oauth_url.clone_from(oauth_url);
    }
    ZoomClient::new(credentials, config).context("cannot set up the Zoom client")
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
