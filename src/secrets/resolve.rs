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

/// Asks for the passphrase of an encrypted credentials file: `(profile, attempt)`, attempt 0
/// first and the next ones after a wrong passphrase. A prompt on a TTY asks again; an environment
/// variable answers only attempt 0. `None` when no (further) passphrase can be had.
pub type PassphrasePrompt<'a> = &'a (dyn Fn(&str, u32) -> Option<SecretString> + Sync);

/// How many passphrases a user may type before a command gives up.
pub const PASSPHRASE_ATTEMPTS: u32 = 3;

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
    #[error("profile {profile:?}: {error}")]
    Store { profile: String, error: StoreError },
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
    profile_state(&Profiles::load()?, requested)
}

/// What `profiles` say about logging in, the environment aside: the requested or default
/// profile, or that there is none. An unknown `--profile` is an error; a default that names no
/// profile (a hand-edited file) means logging in.
pub fn profile_state(
    profiles: &Profiles,
    requested: Option<&str>,
) -> Result<LoginState, ResolveError> {
    let Some(name) = profiles.selected_name(requested) else {
        return Ok(LoginState::NeedsLogin);
    };
    match profiles.get(&name) {
        Ok(profile) => Ok(LoginState::Profile {
            store: profile.store,
            name,
        }),
        Err(err) if requested.is_some() => Err(err.into()),
        Err(_) => Ok(LoginState::NeedsLogin),
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
    let store_error = |error| ResolveError::Store {
        profile: name.to_string(),
        error,
    };
    let mut attempt = 0;
    loop {
        let vault =
            match open_profile_store(name, profile.store, timeout, passphrase, attempt).await {
                // No further passphrase to try: the last one was wrong.
                Err(ResolveError::NeedsPassphrase { .. }) if attempt > 0 => {
                    return Err(store_error(StoreError::WrongPassphrase));
                }
                opened => opened?,
            };
        match vault.load(name).await {
            Ok(Some(credentials)) => return Ok(credentials),
            Ok(None) => {
                return Err(ResolveError::MissingEntry {
                    profile: name.to_string(),
                    store: profile.store,
                });
            }
            Err(StoreError::WrongPassphrase) if attempt + 1 < PASSPHRASE_ATTEMPTS => attempt += 1,
            Err(error) => return Err(store_error(error)),
        }
    }
}

/// Connects to the store a profile names (asking for the passphrase of an encrypted file; `attempt`
/// counts the wrong ones before).
pub async fn open_profile_store(
    name: &str,
    store: StoreKind,
    timeout: Duration,
    passphrase: PassphrasePrompt<'_>,
    attempt: u32,
) -> Result<Vault, ResolveError> {
    let store_error = |error| ResolveError::Store {
        profile: name.to_string(),
        error,
    };
    let file_store = |protection| -> Result<Vault, ResolveError> {
        let dir = FileStore::default_dir().map_err(ProfilesError::from)?;
        Ok(Vault::new(Arc::new(FileStore::new(dir, protection))).with_timeout(timeout))
    };
    match store {
        StoreKind::EncryptedFile => {
            let passphrase =
                passphrase(name, attempt).ok_or_else(|| ResolveError::NeedsPassphrase {
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
    let store_error = |error| ResolveError::Store {
        profile: name.to_string(),
        error,
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

/// The passphrase from [`PASSPHRASE_ENV`], for scripts: asked once, since asking again would
/// only repeat the same wrong value.
pub fn passphrase_from_env(_profile: &str, attempt: u32) -> Option<SecretString> {
    if attempt > 0 {
        return None;
    }
    std::env::var(PASSPHRASE_ENV)
        .ok()
        .filter(|value| !value.is_empty())
        .map(SecretString::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profiles::AppKind;

    fn profiles_with(names: &[&str]) -> Profiles {
        let mut profiles = Profiles::default();
        for name in names {
            profiles.upsert(
                name,
                Profile::new(AppKind::ServerToServer, StoreKind::Keyutils),
            );
        }
        profiles
    }

    #[test]
    fn no_profile_means_the_login_screen() {
        assert_eq!(
            profile_state(&Profiles::default(), None).expect("state"),
            LoginState::NeedsLogin
        );
        let mut dangling = profiles_with(&["work"]);
        dangling.default = Some("gone".into());
        assert_eq!(
            profile_state(&dangling, None).expect("state"),
            LoginState::NeedsLogin
        );
    }

    #[test]
    fn the_requested_profile_wins_over_the_default() {
        let profiles = profiles_with(&["work", "events"]);
        assert_eq!(
            profile_state(&profiles, None).expect("state"),
            LoginState::Profile {
                name: "work".into(),
                store: StoreKind::Keyutils
            }
        );
        assert_eq!(
            profile_state(&profiles, Some("events")).expect("state"),
            LoginState::Profile {
                name: "events".into(),
                store: StoreKind::Keyutils
            }
        );
    }

    #[test]
    fn an_unknown_requested_profile_is_an_error_naming_the_known_ones() {
        let err = profile_state(&profiles_with(&["work"]), Some("wrok")).expect_err("unknown");
        assert!(!err.needs_login(), "{err}");
        assert!(err.to_string().contains("known profiles: work"), "{err}");
    }
}
