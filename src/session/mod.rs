//! What both front ends (the scriptable CLI and the TUI) do with credentials and registrants,
//! owned by neither: opening a session from plain options ([`open`](mod@open)), the demo session on an
//! in-process simulator ([`demo`]), checking credentials ([`verify`]) against one table of what
//! each scope enables ([`features`]), listing the account's events ([`events`]), counting an
//! event's registrants by status within the rate budget ([`status_counts`]), exporting
//! registrants to a file ([`export`]), and telling who attended an event that took place
//! ([`attendance`]).
//!
//! The front ends sit above this module and call down into it; it knows nothing of clap,
//! terminals or screens, so both give the same answers for the same account.

pub mod attendance;
pub mod demo;
pub mod events;
pub mod export;
pub mod features;
pub mod login;
pub mod open;
pub mod status_counts;
pub mod verify;

use crate::sim::Simulator;
use crate::zoom::ZoomClient;

pub use self::open::{SessionOptions, open};

/// An open session: the API client to talk through, and what the user should see about it.
pub struct Session {
    pub client: ZoomClient,
    /// What to call the session on screen: a profile name, `environment`, `demo`.
    pub label: String,
    /// Whose meetings to list when nobody is named: the profile's `default-user`, else `me`.
    pub default_user: String,
    /// The warning that must stay visible while this session's secret sits in its store (a plain
    /// file), if any.
    pub store_warning: Option<&'static str>,
    /// The features the app's scopes leave out, when a login has just verified the credentials
    /// ([`features::disabled_features`]); empty otherwise.
    pub disabled_features: Vec<String>,
    /// The embedded simulator of the demo, kept alive with the session.
    pub simulator: Option<Simulator>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("label", &self.label)
            .field("client", &self.client)
            .field("demo", &self.simulator.is_some())
            .finish_non_exhaustive()
    }
}
