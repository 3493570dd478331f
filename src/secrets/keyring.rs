//! The OS keyrings through `keyring-core`: Secret Service and kernel keyutils on Linux, the
//! Keychain on macOS, the Credential Manager on Windows. One entry per profile: service
//! `regdesk`, user = the profile name, value = the credentials record.
//!
//! The macOS and Windows arms are compiled only on those systems; they follow the store crates'
//! documented constructors but have not been built or run by this project's CI (Linux only).

use std::collections::HashMap;
use std::sync::Arc;

use keyring_core::{CredentialStore, Entry, Error as KeyringError};
use secrecy::ExposeSecret;
use secrecy::zeroize::Zeroizing;

use super::{SecretStore, StoreError, StoreKind, decode_record, encode_record};
use crate::zoom::Credentials;

/// The keyring "service" under which regdesk keeps its entries.
pub const SERVICE: &str = "regdesk";
/// The prefix of the entry written and removed again to prove a store can round-trip a secret.
const PROBE_USER: &str = "regdesk-store-probe";

/// A profile's credentials in one OS keyring.
pub struct KeyringStore {
    kind: StoreKind,
    store: Arc<CredentialStore>,
}

impl KeyringStore {
    /// Wraps any `keyring-core` store; `kind` says which store it stands for (tests pass a mock).
    pub fn new(kind: StoreKind, store: Arc<CredentialStore>) -> Self {
        KeyringStore { kind, store }
    }

    /// Connects to the platform store of `kind`. Blocking: run it through
    /// [`super::run_blocking`] (Secret Service talks D-Bus).
    pub fn open(kind: StoreKind) -> Result<Self, StoreError> {
        let store = open_platform_store(kind)?;
        Ok(KeyringStore::new(kind, store))
    }

    /// Writes, reads back and deletes a probe entry: a store that constructs but cannot keep a
    /// secret (a container's keyutils without a session keyring, a locked collection) fails here.
    pub fn probe(&self) -> Result<(), StoreError> {
        // Unique per call: concurrent regdesk processes probe the same shared keyring.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_nanos())
            .unwrap_or_default();
        let token = format!("{PROBE_USER}-{}-{nanos}", std::process::id());
        let entry = self.entry(&token)?;
        entry.set_password(&token).map_err(|err| self.error(err))?;
        let read = entry.get_password().map_err(|err| self.error(err));
        let deleted = entry.delete_credential().map_err(|err| self.error(err));
        match read {
            Ok(value) if value == token => deleted,
            Ok(_) => Err(StoreError::Failed {
                store: self.kind,
                detail: "a value written was read back different".into(),
            }),
            Err(err) => Err(err),
        }
    }

    fn entry(&self, profile: &str) -> Result<Entry, StoreError> {
        // The Secret Service shows item labels in keyring managers (Seahorse, KWalletManager);
        // other stores have no labels and refuse the modifier.
        let label = format!("regdesk: Zoom app credentials of profile {profile}");
        let modifiers: HashMap<&str, &str> = match self.kind {
            StoreKind::SecretService => HashMap::from([("label", label.as_str())]),
            _ => HashMap::new(),
        };
        self.store
            .build(SERVICE, profile, Some(&modifiers).filter(|m| !m.is_empty()))
            .map_err(|err| self.error(err))
    }

    fn error(&self, err: KeyringError) -> StoreError {
        map_error(self.kind, err)
    }
}

impl SecretStore for KeyringStore {
    fn kind(&self) -> StoreKind {
        self.kind
    }

    fn save(&self, profile: &str, credentials: &Credentials) -> Result<(), StoreError> {
        let record = encode_record(credentials);
        self.entry(profile)?
            .set_password(record.expose_secret())
            .map_err(|err| self.error(err))
    }

    fn load(&self, profile: &str) -> Result<Option<Credentials>, StoreError> {
        match self.entry(profile)?.get_password() {
            Ok(text) => {
                let text = Zeroizing::new(text);
                decode_record(&text)
                    .map(Some)
                    .map_err(|detail| StoreError::Corrupt {
                        store: self.kind,
                        detail,
                    })
            }
            Err(KeyringError::NoEntry) => Ok(None),
            Err(err) => Err(self.error(err)),
        }
    }

    fn delete(&self, profile: &str) -> Result<bool, StoreError> {
        match self.entry(profile)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(KeyringError::NoEntry) => Ok(false),
            Err(err) => Err(self.error(err)),
        }
    }
}

/// Turns a `keyring-core` error into one the user can act on. Error texts of the stores never
/// contain the secret (they describe the call, not the value).
pub fn map_error(store: StoreKind, err: KeyringError) -> StoreError {
    match err {
        KeyringError::NoStorageAccess(source) => {
            let detail = source.to_string();
            let lowered = detail.to_lowercase();
            if lowered.contains("prompt") || lowered.contains("lock") {
                StoreError::Locked { store, detail }
            } else {
                StoreError::Denied { store, detail }
            }
        }
        KeyringError::BadEncoding(_) => StoreError::Corrupt {
            store,
            detail: "the stored value is not text".into(),
        },
        KeyringError::BadDataFormat(_, source) => StoreError::Corrupt {
            store,
            detail: source.to_string(),
        },
        KeyringError::PlatformFailure(source) => StoreError::Failed {
            store,
            detail: source.to_string(),
        },
        KeyringError::NoDefaultStore | KeyringError::NotSupportedByStore(_) => {
            StoreError::Unavailable {
                store,
                detail: err.to_string(),
            }
        }
        other => StoreError::Failed {
            store,
            detail: other.to_string(),
        },
    }
}

fn open_platform_store(kind: StoreKind) -> Result<Arc<CredentialStore>, StoreError> {
    let unavailable = |detail: String| StoreError::Unavailable {
        store: kind,
        detail,
    };
    match kind {
        #[cfg(target_os = "linux")]
        StoreKind::SecretService => {
            let store = zbus_secret_service_keyring_store::Store::new()
                .map_err(|err| unavailable(secret_service_hint(err)))?;
            Ok(store)
        }
        #[cfg(target_os = "linux")]
        StoreKind::Keyutils => {
            let store = linux_keyutils_keyring_store::Store::new()
                .map_err(|err| unavailable(err.to_string()))?;
            Ok(store)
        }
        #[cfg(target_os = "macos")]
        StoreKind::MacosKeychain => {
            let store = apple_native_keyring_store::keychain::Store::new()
                .map_err(|err| unavailable(err.to_string()))?;
            Ok(store)
        }
        #[cfg(target_os = "windows")]
        StoreKind::WindowsCredentialManager => {
            let store = windows_native_keyring_store::Store::new()
                .map_err(|err| unavailable(err.to_string()))?;
            Ok(store)
        }
        other if other.is_keyring() => Err(unavailable(format!(
            "the {other} does not exist on this operating system"
        ))),
        other => Err(unavailable(format!("{other} is not an OS keyring"))),
    }
}

#[cfg(target_os = "linux")]
fn secret_service_hint(err: KeyringError) -> String {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        format!(
            "no D-Bus session (DBUS_SESSION_BUS_ADDRESS is unset), as on a server or in a \
             container ({err})"
        )
    } else {
        format!("no Secret Service answers on the session bus ({err})")
    }
}

/// The OS keyrings of this platform, in the order regdesk tries them.
pub fn platform_keyrings() -> &'static [StoreKind] {
    if cfg!(target_os = "linux") {
        &[StoreKind::SecretService, StoreKind::Keyutils]
    } else if cfg!(target_os = "macos") {
        &[StoreKind::MacosKeychain]
    } else if cfg!(target_os = "windows") {
        &[StoreKind::WindowsCredentialManager]
    } else {
        &[]
    }
}
