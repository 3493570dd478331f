//! The parts of logging in that do not depend on how the user types: what each credential field
//! is called, the check of a typed value (a pasted token JSON or access token is explained, not
//! accepted), and recording verified credentials (the secret into its store, the profile into
//! `profiles.toml`, an old copy in another store removed). `regdesk login` and the TUI's login
//! screen both use these; verification itself is the API client's job.

use secrecy::SecretString;

use super::resolve::delete_profile_secret;
use super::{DEFAULT_STORE_TIMEOUT, StoreError, StoreKind, Vault};
use crate::profiles::{AppKind, Profile, Profiles, ProfilesError};
use crate::zoom::Credentials;

/// One value the user types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    AccountId,
    ClientId,
    ClientSecret,
    ApiKey,
    ApiSecret,
}

impl Field {
    /// The name Zoom's App Marketplace shows for the value.
    pub fn label(self) -> &'static str {
        match self {
            Field::AccountId => "Account ID",
            Field::ClientId => "Client ID",
            Field::ClientSecret => "Client Secret",
            Field::ApiKey => "API Key",
            Field::ApiSecret => "API Secret",
        }
    }

    /// Secret values are typed without echo and never shown.
    pub fn is_secret(self) -> bool {
        matches!(self, Field::ClientSecret | Field::ApiSecret)
    }

    /// The values an app of `app` kind needs, in the order the Marketplace lists them.
    pub fn all_for(app: AppKind) -> &'static [Field] {
        match app {
            AppKind::ServerToServer => &[Field::AccountId, Field::ClientId, Field::ClientSecret],
            AppKind::LegacyJwt => &[Field::ApiKey, Field::ApiSecret],
        }
    }
}

/// Checks one typed value; returns it trimmed, or a plain-words explanation of what is wrong
/// (which never quotes the value: it may be a secret or a token).
pub fn check_value(field: Field, raw: &str) -> Result<String, String> {
    let value = raw.trim();
    let what = field.label();
    if value.is_empty() {
        return Err(format!("the {what} is empty"));
    }
    if let Some(looks_like) = crate::zoom::secret_mistake(value) {
        return Err(format!(
            "this is {looks_like}, not the {what}. regdesk needs the app's own credentials from \
             marketplace.zoom.us → Manage → your app → App Credentials, and fetches and renews \
             tokens by itself (a token lasts only an hour)"
        ));
    }
    if value.chars().any(char::is_whitespace) {
        return Err(format!(
            "the {what} has spaces or line breaks inside; copy it again with the copy button next to it"
        ));
    }
    Ok(value.to_string())
}

/// Builds credentials from checked values; `value(field)` returns what was typed for `field`.
pub fn credentials_from(app: AppKind, value: impl Fn(Field) -> String) -> Credentials {
    match app {
        AppKind::ServerToServer => Credentials::ServerToServer {
            account_id: value(Field::AccountId),
            client_id: value(Field::ClientId),
            client_secret: SecretString::from(value(Field::ClientSecret)),
        },
        AppKind::LegacyJwt => Credentials::LegacyJwt {
            api_key: value(Field::ApiKey),
            api_secret: SecretString::from(value(Field::ApiSecret)),
        },
    }
}

/// The app kind of some credentials.
pub fn app_kind(credentials: &Credentials) -> AppKind {
    match credentials {
        Credentials::ServerToServer { .. } => AppKind::ServerToServer,
        Credentials::LegacyJwt { .. } => AppKind::LegacyJwt,
    }
}

/// Settings the user gave on the command line for the profile (kept in `profiles.toml`).
#[derive(Debug, Clone, Default)]
pub struct ProfileUrls {
    pub api_url: Option<String>,
    pub oauth_url: Option<String>,
}

/// What recording a login did.
#[derive(Debug)]
pub struct Recorded {
    /// The store that now holds the secret.
    pub store: StoreKind,
    /// Whether the profile is the default one.
    pub is_default: bool,
    /// The profile's previous store, when it was another one, and whether its copy was removed.
    pub old_copy: Option<(StoreKind, Result<bool, String>)>,
}

/// Why verified credentials could not be recorded.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("could not save the credentials: {0}")]
    Store(StoreError),
    #[error("nothing was stored: {0}")]
    ProfilesUnreadable(ProfilesError),
    #[error(
        "the credentials were saved in the {store}, but the profile could not be recorded: {error}"
    )]
    Profiles {
        store: StoreKind,
        error: ProfilesError,
    },
}

/// Saves verified `credentials` of profile `name` in `vault`, then records the profile (the first
/// one becomes the default), then removes the copy a previous login left in another store.
/// Call it only after the credentials were verified: nothing is stored for credentials that fail.
pub async fn record_login(
    name: &str,
    credentials: &Credentials,
    vault: &Vault,
    urls: ProfileUrls,
) -> Result<Recorded, RecordError> {
    let mut profiles = Profiles::load().map_err(RecordError::ProfilesUnreadable)?;
    let existing = profiles.profiles.get(name).cloned();
    vault
        .save(name, credentials)
        .await
        .map_err(RecordError::Store)?;
    let store = vault.kind();
    let app = app_kind(credentials);
    let mut profile = existing.clone().unwrap_or_else(|| Profile::new(app, store));
    profile.app = app;
    profile.store = store;
    if let Some(api_url) = urls.api_url {
        profile.api_url = Some(api_url);
    }
    if let Some(oauth_url) = urls.oauth_url {
        profile.oauth_url = Some(oauth_url);
    }
    profiles.upsert(name, profile);
    profiles
        .save()
        .map_err(|error| RecordError::Profiles { store, error })?;
    let old_copy = match existing.map(|old| old.store).filter(|old| *old != store) {
        Some(old) => {
            let removed = delete_profile_secret(name, old, DEFAULT_STORE_TIMEOUT)
                .await
                .map_err(|err| err.to_string());
            Some((old, removed))
        }
        None => None,
    };
    Ok(Recorded {
        store,
        is_default: profiles.default.as_deref() == Some(name),
        old_copy,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_token_response_is_explained_not_accepted() {
        let pasted = r#"{"access_token":"eyJhbGciOiJIUzUxMiJ9.eyJ2ZXIiOjl9.c2ln","token_type":"bearer","expires_in":3600}"#;
        let why = check_value(Field::ClientSecret, pasted).expect_err("JSON refused");
        assert!(
            why.contains("token response (the JSON from /oauth/token)"),
            "{why}"
        );
        assert!(why.contains("App Credentials"), "{why}");
        assert!(
            !why.contains("eyJhbGci"),
            "the explanation must not echo the token: {why}"
        );
    }

    #[test]
    fn a_pasted_access_token_is_explained_not_accepted() {
        for pasted in [
            "eyJhbGciOiJIUzUxMiJ9.eyJ2ZXIiOjl9.c2lnbmF0dXJl",
            "Bearer eyJhbGciOiJIUzUxMiJ9.eyJ2ZXIiOjl9.c2lnbmF0dXJl",
        ] {
            let why = check_value(Field::ClientSecret, pasted).expect_err("token refused");
            assert!(why.contains("not the Client Secret"), "{why}");
        }
    }

    #[test]
    fn values_are_trimmed_and_inner_spaces_refused() {
        assert_eq!(
            check_value(Field::AccountId, "  AbC-123_x \n").as_deref(),
            Ok("AbC-123_x")
        );
        let why = check_value(Field::ClientId, "abc def").expect_err("space inside");
        assert!(why.contains("Client ID has spaces"), "{why}");
        assert!(check_value(Field::ClientSecret, "   ").is_err());
    }
}
