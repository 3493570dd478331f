//! A `keyring-core` store that misbehaves on purpose: locked, access denied, or hanging until
//! released. Real keyrings produce these faults only in situations a test cannot arrange (a
//! desktop unlock prompt nobody answers), so this double stands in for them below the `Vault`.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex};

use keyring_core::api::{CredentialApi, CredentialStoreApi};
use keyring_core::{Credential, Entry, Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    None,
    /// What the Secret Service says when its collection is locked.
    Locked,
    /// What keyutils says without a session keyring of the user's own.
    Denied,
    /// Never answers until [`Gate::open`].
    Hangs,
}

/// Holds hanging calls until the test opens it (so no thread outlives the test for long).
#[derive(Default)]
pub struct Gate {
    open: Mutex<bool>,
    changed: Condvar,
}

impl Gate {
    pub fn open(&self) {
        *self.open.lock().expect("gate lock") = true;
        self.changed.notify_all();
    }

    fn wait(&self) {
        let mut open = self.open.lock().expect("gate lock");
        while !*open {
            open = self.changed.wait(open).expect("gate wait");
        }
    }
}

pub struct FaultyStore {
    fault: Fault,
    gate: Arc<Gate>,
    values: Arc<Mutex<HashMap<String, Vec<u8>>>>,
}

impl FaultyStore {
    pub fn new(fault: Fault) -> (Arc<Self>, Arc<Gate>) {
        let gate = Arc::new(Gate::default());
        let store = Arc::new(FaultyStore {
            fault,
            gate: Arc::clone(&gate),
            values: Arc::default(),
        });
        (store, gate)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Platform(&'static str);

struct FaultyCred {
    user: String,
    fault: Fault,
    gate: Arc<Gate>,
    values: Arc<Mutex<HashMap<String, Vec<u8>>>>,
}

impl FaultyCred {
    fn check(&self) -> Result<()> {
        match self.fault {
            Fault::None => Ok(()),
            Fault::Locked => Err(Error::NoStorageAccess(Box::new(Platform(
                "SS Error: object locked",
            )))),
            Fault::Denied => Err(Error::NoStorageAccess(Box::new(Platform(
                "Access denied: the keyring wasn't available for modification by the user",
            )))),
            Fault::Hangs => {
                self.gate.wait();
                Err(Error::PlatformFailure(Box::new(Platform("released"))))
            }
        }
    }
}

impl CredentialApi for FaultyCred {
    fn set_secret(&self, secret: &[u8]) -> Result<()> {
        self.check()?;
        self.values
            .lock()
            .expect("values lock")
            .insert(self.user.clone(), secret.to_vec());
        Ok(())
    }

    fn get_secret(&self) -> Result<Vec<u8>> {
        self.check()?;
        self.values
            .lock()
            .expect("values lock")
            .get(&self.user)
            .cloned()
            .ok_or(Error::NoEntry)
    }

    fn delete_credential(&self) -> Result<()> {
        self.check()?;
        self.values
            .lock()
            .expect("values lock")
            .remove(&self.user)
            .map(|_| ())
            .ok_or(Error::NoEntry)
    }

    fn get_credential(&self) -> Result<Option<Arc<Credential>>> {
        Ok(None)
    }

    fn get_specifiers(&self) -> Option<(String, String)> {
        Some(("regdesk".into(), self.user.clone()))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn debug_fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FaultyCred({})", self.user)
    }
}

impl CredentialStoreApi for FaultyStore {
    fn vendor(&self) -> String {
        "regdesk test double".into()
    }

    fn id(&self) -> String {
        format!("faulty-{:?}", self.fault)
    }

    fn build(&self, _service: &str, user: &str, _: Option<&HashMap<&str, &str>>) -> Result<Entry> {
        Ok(Entry::new_with_credential(Arc::new(FaultyCred {
            user: user.to_string(),
            fault: self.fault,
            gate: Arc::clone(&self.gate),
            values: Arc::clone(&self.values),
        })))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn debug_fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FaultyStore({:?})", self.fault)
    }
}
