//! Credential stores: the OS keyring (Secret Service and kernel keyutils on Linux, the native
//! stores on macOS and Windows), the `ZOOM_*` environment variables, and a file the user opted
//! into; the selection among them, and the resolution every command uses.
//!
//! Data flow: `login` selects a store ([`select`]), saves the verified [`Credentials`] under the
//! profile's name and records the store's [`StoreKind`] in the profile; every later command
//! resolves ([`resolve`]) the environment first, then the profile's store. Store calls are
//! blocking (D-Bus, syscalls, file IO, a KDF), so they run through a [`Vault`], which moves them
//! off the async runtime and bounds them with a timeout: a locked or hanging keyring becomes a
//! [`StoreError`] with a fix, never a frozen screen.

pub mod env;
pub mod file;
pub mod keyring;
pub mod login;
mod record;
pub mod resolve;
pub mod select;

use std::sync::Arc;
use std::time::Duration;

pub use self::record::{decode_record, encode_record};
pub use self::resolve::{
    CredentialSource, LoginState, ResolveError, Resolved, login_state, profile_state, resolve,
};
pub use self::select::{StoreProbe, probe_keyrings, select_keyring};
pub use crate::profiles::StoreKind;
use crate::zoom::Credentials;

/// How long one store call may take before regdesk gives up on it. A Secret Service waiting on
/// an unlock prompt never answers; the user should hear about it within seconds.
pub const DEFAULT_STORE_TIMEOUT: Duration = Duration::from_secs(10);

/// A store call that did not succeed, worded for the user with what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the {store} is locked ({detail})\nfix: unlock it (log in to your desktop session, or run \
         `gnome-keyring-daemon --unlock` and type your login password), then try again"
    )]
    Locked { store: StoreKind, detail: String },
    #[error(
        "the {store} refused access ({detail})\nfix: {}",
        denied_fix(*store)
    )]
    Denied { store: StoreKind, detail: String },
    #[error(
        "the {store} did not answer within {} s ({operation}); it may be locked and waiting for \
         an unlock prompt nobody can see\nfix: unlock the keyring, or run `regdesk login --store \
         keyutils` to use the kernel keyring instead",
        after.as_secs()
    )]
    TimedOut {
        store: StoreKind,
        operation: &'static str,
        after: Duration,
    },
    #[error("the {store} is not available here: {detail}")]
    Unavailable { store: StoreKind, detail: String },
    #[error(
        "the entry in the {store} is not one regdesk wrote or is damaged ({detail})\nfix: run \
         `regdesk login` again to replace it"
    )]
    Corrupt { store: StoreKind, detail: String },
    #[error(
        "wrong passphrase for the encrypted credentials file (or the file was altered)\nfix: \
         type the passphrase again; if it is lost, `regdesk login` replaces the file"
    )]
    WrongPassphrase,
    #[error("{path}: {error}")]
    Io {
        path: std::path::PathBuf,
        error: std::io::Error,
    },
    #[error("the {store} failed: {detail}")]
    Failed { store: StoreKind, detail: String },
}

fn denied_fix(store: StoreKind) -> &'static str {
    match store {
        StoreKind::Keyutils => {
            "the kernel keyring needs a session keyring of your own: run regdesk inside \
             `keyctl session -`, or log in through PAM (ssh, a desktop) rather than a bare container shell"
        }
        _ => "allow regdesk in the keyring's access settings, then try again",
    }
}

impl StoreError {
    /// The store the error is about, when there is one.
    pub fn store(&self) -> Option<StoreKind> {
        match self {
            StoreError::Locked { store, .. }
            | StoreError::Denied { store, .. }
            | StoreError::TimedOut { store, .. }
            | StoreError::Unavailable { store, .. }
            | StoreError::Corrupt { store, .. }
            | StoreError::Failed { store, .. } => Some(*store),
            StoreError::WrongPassphrase | StoreError::Io { .. } => None,
        }
    }
}

/// A credential store with blocking calls. Implementations never log or print a secret.
pub trait SecretStore: Send + Sync {
    /// Which store this is.
    fn kind(&self) -> StoreKind;
    /// Saves (or replaces) the credentials of `profile`.
    fn save(&self, profile: &str, credentials: &Credentials) -> Result<(), StoreError>;
    /// The credentials of `profile`, or `None` when the store has none for it.
    fn load(&self, profile: &str) -> Result<Option<Credentials>, StoreError>;
    /// Deletes the credentials of `profile`; `false` when there were none.
    fn delete(&self, profile: &str) -> Result<bool, StoreError>;
}

/// A store whose calls run off the async runtime (`spawn_blocking`), each under a timeout.
///
/// A call that times out keeps its blocking thread until the store answers (a thread cannot be
/// killed safely); the caller gets [`StoreError::TimedOut`] at once. The CLI shuts its runtime
/// down with a short grace period so that such a thread cannot hold the process open.
#[derive(Clone)]
pub struct Vault {
    store: Arc<dyn SecretStore>,
    timeout: Duration,
}

impl Vault {
    pub fn new(store: Arc<dyn SecretStore>) -> Self {
        Vault {
            store,
            timeout: DEFAULT_STORE_TIMEOUT,
        }
    }

    /// The same store with another bound on each call.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn kind(&self) -> StoreKind {
        self.store.kind()
    }

    pub async fn save(&self, profile: &str, credentials: &Credentials) -> Result<(), StoreError> {
        let profile = profile.to_string();
        let credentials = credentials.clone();
        self.run("saving", move |store| store.save(&profile, &credentials))
            .await
    }

    pub async fn load(&self, profile: &str) -> Result<Option<Credentials>, StoreError> {
        let profile = profile.to_string();
        self.run("reading", move |store| store.load(&profile)).await
    }

    pub async fn delete(&self, profile: &str) -> Result<bool, StoreError> {
        let profile = profile.to_string();
        self.run("deleting", move |store| store.delete(&profile))
            .await
    }

    async fn run<T: Send + 'static>(
        &self,
        operation: &'static str,
        call: impl FnOnce(&dyn SecretStore) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let store = Arc::clone(&self.store);
        let kind = store.kind();
        run_blocking(kind, operation, self.timeout, move || call(store.as_ref())).await
    }
}

/// Runs one blocking store operation on tokio's blocking pool, bounded by `timeout`.
pub(crate) async fn run_blocking<T: Send + 'static>(
    store: StoreKind,
    operation: &'static str,
    timeout: Duration,
    call: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    let task = tokio::task::spawn_blocking(call);
    match tokio::time::timeout(timeout, task).await {
        Ok(Ok(result)) => result,
        Ok(Err(join_error)) => Err(StoreError::Failed {
            store,
            detail: format!("the store call crashed while {operation}: {join_error}"),
        }),
        Err(_elapsed) => Err(StoreError::TimedOut {
            store,
            operation,
            after: timeout,
        }),
    }
}
