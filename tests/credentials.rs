//! The credential commands end to end: the real `regdesk` binary against the in-process Zoom
//! simulator on 127.0.0.1 (stdin piped, as in scripts) and in a real terminal (tmux), with
//! hermetic HOME, config and data dirs, and the real OS keyrings that tests/run provides (or,
//! to see the store selection fall back, a missing bus, a silent bus and a read-only kernel
//! session keyring).

// A test crate: an unmet `expect` is the test failing (clippy.toml allows it only inside
// `#[test]` functions, not in the helpers around them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "credentials/harness.rs"]
mod harness;
#[path = "credentials/simulated.rs"]
mod simulated;
#[path = "keyring/support.rs"]
mod support;

#[path = "credentials/doctor.rs"]
mod doctor;
#[path = "credentials/login.rs"]
mod login;
#[path = "credentials/profiles.rs"]
mod profiles;
#[path = "credentials/refusals.rs"]
mod refusals;
#[cfg(unix)]
#[path = "credentials/stores.rs"]
mod stores;
#[path = "credentials/terminal.rs"]
mod terminal;
