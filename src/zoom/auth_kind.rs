//! Which kind of Zoom app a set of credentials belongs to: a small type shared by the errors, their
//! diagnoses and the client's events, kept apart so none of those depends on another for it.

use serde::{Deserialize, Serialize};

/// Which kind of app the credentials belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuthKind {
    ServerToServer,
    LegacyJwt,
}
