//! Logging in, for both front ends: check typed credentials ([`super::verify`]), open the store
//! the user chose, and record the profile there, with typed reasons when any step fails.
//!
//! The CLI opens the store before asking for the secret (a machine with no usable store should
//! not make anyone type a secret for nothing); the TUI's login screen verifies first and offers
//! the file stores only when no keyring works. Both go through [`open_store`] and
//! [`verify_then_store`], so the same credentials end in the same store with the same answer.

use std::sync::Arc;

use secrecy::SecretString;

use super::Session;
use super::features::{disabled_features, feature_access};
use super::verify::{VerifyFailure, client_for, verify_token};
use crate::profiles::{AppKind, Endpoints};
use crate::secrets::file::{FileStore, Protection};
use crate::secrets::login::{ProfileUrls, Recorded, record_login};
use crate::secrets::{DEFAULT_STORE_TIMEOUT, StoreProbe, Vault, select_keyring};
use crate::zoom::{Credentials, Plan};

/// Where a login keeps the secret.
#[derive(Debug, Clone)]
pub enum StoreChoice {
    /// The first OS keyring that works; none working ends in [`LoginProblem::NoKeyring`].
    FirstKeyring,
    /// The user consented to a file encrypted with this passphrase.
    EncryptedFile(SecretString),
    /// The user consented to an unencrypted 0600 file.
    PlainFile,
}

/// Why a login did not end with a stored, working profile.
#[derive(Debug, thiserror::Error)]
pub enum LoginProblem {
    /// Zoom refused the credentials or could not be reached; nothing was stored.
    #[error("{0}")]
    Refused(VerifyFailure),
    /// The credentials work, but no OS keyring can keep them: one line per keyring tried (empty
    /// when the OS keyrings are not in use for this session). The user may consent to a file.
    #[error("no OS keyring can keep a secret here{}", tried_suffix(.tried))]
    NoKeyring { tried: Vec<String> },
    /// The credentials work, but the chosen store (or profiles.toml) could not record them.
    #[error("the credentials work, but they could not be stored: {0:#}")]
    NotStored(anyhow::Error),
}

fn tried_suffix(tried: &[String]) -> String {
    if tried.is_empty() {
        String::new()
    } else {
        format!(" ({})", tried.join("; "))
    }
}

impl LoginProblem {
    /// The fix to show below the problem, when there is one.
    pub fn fix(&self) -> Option<&str> {
        match self {
            LoginProblem::Refused(failure) => failure.diagnosed.fix.as_deref(),
            LoginProblem::NoKeyring { .. } => Some(
                "keep them in a file in the config dir (encrypted with a passphrase, or plain \
                 0600), or set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET instead",
            ),
            LoginProblem::NotStored(_) => None,
        }
    }
}

/// What a keyring probe found, one line each, for the keyrings that failed.
pub fn failed_probes(probes: &[StoreProbe]) -> Vec<String> {
    probes
        .iter()
        .filter_map(|probe| probe.outcome.as_ref().err())
        .map(|error| error.to_string())
        .collect()
}

/// Opens the store `choice` names. `os_keyrings` false means the OS keyrings are not in use for
/// this session (tests keep them out to stay hermetic), so [`StoreChoice::FirstKeyring`] finds
/// none.
pub async fn open_store(choice: StoreChoice, os_keyrings: bool) -> Result<Vault, LoginProblem> {
    let file_store = |protection| -> Result<Vault, LoginProblem> {
        let dir =
            FileStore::default_dir().map_err(|error| LoginProblem::NotStored(error.into()))?;
        Ok(Vault::new(Arc::new(FileStore::new(dir, protection))))
    };
    match choice {
        StoreChoice::EncryptedFile(passphrase) => file_store(Protection::Passphrase(passphrase)),
        StoreChoice::PlainFile => file_store(Protection::Plain),
        StoreChoice::FirstKeyring if !os_keyrings => Err(LoginProblem::NoKeyring {
            tried: vec!["no OS keyring is in use for this session".to_owned()],
        }),
        StoreChoice::FirstKeyring => match select_keyring(DEFAULT_STORE_TIMEOUT).await {
            (Some(vault), _) => Ok(vault),
            (None, probes) => Err(LoginProblem::NoKeyring {
                tried: failed_probes(&probes),
            }),
        },
    }
}

/// What the user typed on a login screen, checked field by field.
#[derive(Clone)]
pub struct LoginRequest {
    pub profile: String,
    pub credentials: Credentials,
    pub app: AppKind,
    /// The URLs given on the command line (kept in the profile when set).
    pub urls: ProfileUrls,
}

/// Verifies `request`'s credentials (a token; see [`super::verify`]), then opens the store
/// `choice` names and records the profile there. Nothing is stored when verification fails.
/// The returned session is ready to use, with the features its scopes leave out.
pub async fn verify_then_store(
    request: LoginRequest,
    choice: StoreChoice,
    os_keyrings: bool,
) -> Result<(Session, Recorded), LoginProblem> {
    let endpoints = Endpoints::pick(
        request.urls.api_url.as_deref(),
        request.urls.oauth_url.as_deref(),
        None,
    );
    let client = client_for(&request.credentials, &endpoints, Plan::default())
        .map_err(LoginProblem::Refused)?;
    let verified = verify_token(&client).await.map_err(LoginProblem::Refused)?;
    let disabled_features = match request.app {
        AppKind::ServerToServer => disabled_features(&feature_access(&verified.scopes)),
        AppKind::LegacyJwt => Vec::new(),
    };
    let vault = open_store(choice, os_keyrings).await?;
    let recorded = record_login(&request.profile, &request.credentials, &vault, request.urls)
        .await
        .map_err(|error| LoginProblem::NotStored(error.into()))?;
    let session = Session {
        client,
        label: request.profile,
        default_user: "me".to_owned(),
        store_warning: recorded.store.warning_badge(),
        disabled_features,
        simulator: None,
    };
    Ok((session, recorded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn without_os_keyrings_the_first_keyring_choice_says_none_is_in_use_and_offers_files() {
        let Err(problem) = open_store(StoreChoice::FirstKeyring, false).await else {
            panic!("no keyring may be used");
        };
        assert!(matches!(problem, LoginProblem::NoKeyring { .. }));
        assert_eq!(
            problem.to_string(),
            "no OS keyring can keep a secret here (no OS keyring is in use for this session)"
        );
        assert!(problem.fix().is_some_and(|fix| fix.contains("encrypted")));
    }
}
