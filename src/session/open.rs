//! Opening a session for the credentials the user has.
//! Credentials: the `ZOOM_*` environment variables win (`ZOOM_ACCOUNT_ID`, `ZOOM_CLIENT_ID`,
//! `ZOOM_CLIENT_SECRET` for a Server-to-Server app; `ZOOM_API_KEY`, `ZOOM_API_SECRET` for a legacy
//! JWT app), else the selected profile's entry in its store (the named profile, else the default
//! one; see [`crate::secrets::resolve()`]). URLs: the ones given (`--api-url`/`--oauth-url`, or
//! `REGDESK_API_URL`/`REGDESK_OAUTH_URL`), else the profile's, else Zoom's. Plan: `REGDESK_PLAN`,
//! else the profile's, else pro.

use anyhow::Context;

use super::Session;
use crate::profiles::{Endpoints, effective_plan};
use crate::secrets::resolve::PassphrasePrompt;
use crate::secrets::{CredentialSource, DEFAULT_STORE_TIMEOUT, resolve};
use crate::zoom::{ClientConfig, ZoomClient};

/// What a session whose credentials come from `ZOOM_*` variables is called on screen.
pub const ENVIRONMENT_LABEL: &str = "environment credentials";

/// What a session is opened from, whichever front end asks.
#[derive(Debug, Clone, Default)]
pub struct SessionOptions {
    /// The profile to use; `None`: the default one.
    pub profile: Option<String>,
    /// The Zoom API base, overriding the profile's.
    pub api_url: Option<String>,
    /// The Zoom OAuth host, overriding the profile's.
    pub oauth_url: Option<String>,
}

/// The client and settings for the selected credentials. `passphrase` is asked for the
/// passphrase of an encrypted credentials file (the front end decides how).
pub async fn open(
    options: &SessionOptions,
    passphrase: PassphrasePrompt<'_>,
) -> anyhow::Result<Session> {
    let resolved = resolve(
        options.profile.as_deref(),
        DEFAULT_STORE_TIMEOUT,
        passphrase,
    )
    .await?;
    let store_warning = resolved.source.store().warning_badge();
    let profile = resolved.profile.map(|(_, profile)| profile);
    let endpoints = Endpoints::pick(
        options.api_url.as_deref(),
        options.oauth_url.as_deref(),
        profile.as_ref(),
    );
    let (plan, _) = effective_plan(profile.as_ref())?;
    let config = ClientConfig {
        plan,
        ..ClientConfig::new(endpoints.api_url, endpoints.oauth_url)
    };
    let client =
        ZoomClient::new(resolved.credentials, config).context("cannot set up the Zoom client")?;
    // The same words in the CLI and the TUI: the profile's own name, or where else the
    // credentials came from.
    let label = match &resolved.source {
        CredentialSource::Store { profile, .. } => profile.clone(),
        CredentialSource::Environment => ENVIRONMENT_LABEL.to_owned(),
    };
    let default_user = profile
        .as_ref()
        .and_then(|profile| profile.default_user.clone())
        .unwrap_or_else(|| "me".to_owned());
    Ok(Session {
        client,
        label,
        default_user,
        store_warning,
        disabled_features: Vec::new(),
        simulator: None,
    })
}
