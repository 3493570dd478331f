//! Credential stores against what users have: the real Secret Service (gnome-keyring on a
//! private D-Bus session) and real kernel keyutils, both started by tests/run; the opt-in files on
//! disk; and, below the `Vault`, a faulty keyring double for locked, denied and hanging stores.

// A test crate: an unmet `expect` is the test failing (clippy.toml allows it only inside
// `#[test]` functions, not in the helpers around them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "keyring/faults.rs"]
mod faults;
#[path = "keyring/faulty_store.rs"]
mod faulty_store;
#[path = "keyring/files.rs"]
mod files;
#[path = "keyring/samples.rs"]
mod samples;
#[path = "keyring/support.rs"]
mod support;
#[path = "keyring/system.rs"]
mod system;
