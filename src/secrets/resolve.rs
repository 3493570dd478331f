//! Which credentials a command uses: the `ZOOM_*` environment variables win (as `GH_TOKEN` does
//! for gh), then the selected profile's entry in the store the profile names. The selected
//! profile is `--profile NAME`, else the default one. [`login_state`] answers, without touching
//! any store, whether there are credentials anywhere at all (the TUI opens its login screen when
//! there are none); [`resolve`] fetches them.

use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;

use super::env::{self, IncompleteEnv};
use super::file::{FileStore, Protection};
use super::select::open_keyring;
use super::{StoreError, StoreKind, Vault};
use crate::profiles::{Profile, Profiles, ProfilesError};
use crate::zoom::Credentials;

/// The environment variable from which a non-interactive run reads the passphrase of an
/// encrypted credentials file.
pub const PASSPHRASE_ENV: &str = "REGDESK_PASSPHRASE";

/// Asks for the passphrase of an encrypted credentials file (a prompt on a TTY, an environment
/// variable in scripts); `None` when none can be had.
pub type PassphrasePrompt<'a> = &'a (dyn Fn(&str) -> Option<SecretString> + Sync);

/// Where the credentials in use came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialSource {
    /// The `ZOOM_*` variables of this process.
    Environment,
    /// A profile's entry in a store.
    Store { profile: String, store: StoreKind },
}

impl CredentialSource {
    /// The store that holds the credentials.
    pub fn store(&self) -> StoreKind {
        match self {
            CredentialSource::Environment => StoreKind::Environment,
            CredentialSource::Store { store, .. } => *store,
        }
    }
}

/// Credentials ready for the API client, with where they came from.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub credentials: Credentials,
    pub source: CredentialSource,
    /// The selected profile and its settings (URLs, plan, default user); present also when the
    /// environment supplied the credentials, so that a profile's API URL still applies.
    pub profile: Option<(String, Profile)>,
}

/// What the app can tell without asking any store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginState {
    /// The `ZOOM_*` variables are set: no login needed.
    Environment,
    /// A profile is selected; its store should hold its credentials.
    Profile { name: String, store: StoreKind },
    /// No credentials anywhere: open the login screen (or tell the user to run `regdesk login`).
    NeedsLogin,
}

/// Why no credentials could be had.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error(
        "no Zoom credentials: run `regdesk login` (or set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and \
         ZOOM_CLIENT_SECRET)"
    )]
    NotLoggedIn,
    #[error(transparent)]
    Profiles(#[from] ProfilesError),
    #[error(transparent)]
    Env(#[from] IncompleteEnv),
    #[error(
        "profile {profile:?} has no credentials in the {store} any more{}\nfix: run `regdesk login --profile {profile}`",
        if *store == StoreKind::Keyutils { " (the kernel keyring forgets them at reboot or after about 3 days unused)" } else { "" }
    )]
    MissingEntry { profile: String, store: StoreKind },
    #[error(
        "profile {profile:?} keeps its credentials in the ZOOM_* environment variables, which are not set"
    )]
    EnvironmentNotSet { profile: String },
    #[error(
        "profile {profile:?} is in a passphrase-encrypted file: type the passphrase when asked, or set {PASSPHRASE_ENV} for scripts"
    )]
    NeedsPassphrase { profile: String },
    #[error("profile {profile:?}: {source}")]
    Store {
        profile: String,
        #[source]
        source: StoreError,
    },
}

impl ResolveError {
    /// Whether the fix is to log in (the TUI shows its login screen for these).
    pub fn needs_login(&self) -> bool {
        matches!(
            self,
            ResolveError::NotLoggedIn
                | ResolveError::MissingEntry { .. }
                | ResolveError::EnvironmentNotSet { .. }
        )
    }
}

/// Whether credentials exist anywhere, without calling a store (cheap; never blocks on a
/// keyring). `requested` is the `--profile` flag.
pub fn login_state(requested: Option<&str>) -> Result<LoginState, ResolveError> {
    if env::from_env()?.is_some() {
        return Ok(LoginState::Environment);
    }
    let profiles = Profiles::load()?;
    let Some(name) = profiles.selected_name(requested) else {
        return Ok(LoginState::NeedsLogin);
    };
    match profiles.profiles.get(&name) {
        Some(profile) => Ok(LoginState::Profile {
            name,
            store: profile.store,
        }),
        None if requested.is_some() => Err(profiles
            .get(&name)
            .err()
            .map_or(ResolveError::NotLoggedIn, ResolveError::Profiles)),
        None => Ok(LoginState::NeedsLogin),
    }
}

/// The credentials a command should use; see the module documentation for the order.
pub async fn resolve(
    requested: Option<&str>,
    timeout: Duration,
    passphrase: PassphrasePrompt<'_>,
) -> Result<Resolved, ResolveError> {
    let from_env = env::from_env()?;
    let profiles = Profiles::load()?;
    let selected = match profiles.selected_name(requested) {
        Some(name) => match profiles.get(&name) {
            Ok(profile) => Some((name, profile.clone())),
            // An unknown --profile is an error even when the environment has credentials: the
            // user asked for settings that do not exist.
            Err(err) if requested.is_some() => return Err(err.into()),
            Err(_) => None,
        },
        None => None,
    };
    if let Some(credentials) = from_env {
        return Ok(Resolved {
            credentials,
            source: CredentialSource::Environment,
            profile: selected,
        });
    }
    let Some((name, profile)) = selected else {
        return Err(ResolveError::NotLoggedIn);
    };
    let credentials = load_profile_credentials(&name, &profile, timeout, passphrase).await?;
    Ok(Resolved {
        credentials,
        source: CredentialSource::Store {
            profile: name.clone(),
            store: profile.store,
        },
        profile: Some((name, profile)),
    })
}

/// Reads one profile's credentials from its store.
pub async fn load_profile_credentials(
    name: &str,
    profile: &Profile,
    timeout: Duration,
    passphrase: PassphrasePrompt<'_>,
) -> Result<Credentials, ResolveError> {
    if profile.store == StoreKind::Environment {
        return env::from_env()?.ok_or_else(|| ResolveError::EnvironmentNotSet {
            profile: name.to_string(),
        });
    }
    let vault = open_profile_store(name, profile.store, timeout, passphrase).await?;
    match vault.load(name).await {
        Ok(Some(credentials)) => Ok(credentials),
        Ok(None) => Err(ResolveError::MissingEntry {
            profile: name.to_string(),
            store: profile.store,
        }),
        Err(source) => Err(ResolveError::Store {
            profile: name.to_string(),
            source,
        }),
    }
}

/// Connects to the store a profile names (asking for the passphrase of an encrypted file).
pub async fn open_profile_store(
    name: &str,
    store: StoreKind,
    timeout: Duration,
    passphrase: PassphrasePrompt<'_>,
) -> Result<Vault, ResolveError> {
    let store_error = |source| ResolveError::Store {
        profile: name.to_string(),
        source,
    };
    let file_store = |protection| -> Result<Vault, ResolveError> {
        let dir = FileStore::default_dir().map_err(ProfilesError::from)?;
        Ok(Vault::new(Arc::new(FileStore::new(dir, protection))).with_timeout(timeout))
    };
    match store {
        StoreKind::EncryptedFile => {
            let passphrase = passphrase(name).ok_or_else(|| ResolveError::NeedsPassphrase {
                profile: name.to_string(),
            })?;
            // Argon2 is deliberately slow; give it room beyond the keyring timeout.
            Ok(file_store(Protection::Passphrase(passphrase))?.with_timeout(timeout * 3))
        }
        StoreKind::PlainFile => file_store(Protection::Plain),
        StoreKind::Environment => Err(store_error(StoreError::Unavailable {
            store,
            detail: "the environment is not a store regdesk writes to".into(),
        })),
        keyring => open_keyring(keyring, timeout).await.map_err(store_error),
    }
}

/// Deletes a profile's secret from the store it names (an encrypted file needs no passphrase
/// for this); `false` when the store held none.
pub async fn delete_profile_secret(
    name: &str,
    store: StoreKind,
    timeout: Duration,
) -> Result<bool, ResolveError> {
    let store_error = |source| ResolveError::Store {
        profile: name.to_string(),
        source,
    };
    match store {
        StoreKind::Environment => Ok(false),
        StoreKind::EncryptedFile | StoreKind::PlainFile => {
            let dir = FileStore::default_dir().map_err(ProfilesError::from)?;
            let profile = name.to_string();
            super::run_blocking(store, "deleting", timeout, move || {
                super::file::delete_file(&dir, &profile, store)
            })
            .await
            .map_err(store_error)
        }
        keyring => {
            let vault = open_keyring(keyring, timeout).await.map_err(store_error)?;
            vault.delete(name).await.map_err(store_error)
        }
    }
}

/// The passphrase from [`PASSPHRASE_ENV`], for scripts.
pub fn passphrase_from_env(_profile: &str) -> Option<SecretString> {
    std::env::var(PASSPHRASE_ENV)
        .ok()
        .filter(|value| !value.is_empty())
        .map(SecretString::from)
}
