//! What every Zoom-talking command needs first: a session opened from the command line's options
//! (see [`crate::session::open()`] for where credentials, URLs and the plan come from), with the
//! CLI's passphrase prompt, its plain-file warning on stderr and its waits announced.

use super::GlobalArgs;
use super::prompt::passphrase_prompt;
use crate::session::{Session, SessionOptions};
use crate::zoom::{ClientEvent, EventKind, EventRef, ZoomClient};

impl GlobalArgs {
    /// The options a session is opened from.
    pub fn session_options(&self) -> SessionOptions {
        SessionOptions {
            profile: self.profile.clone(),
            api_url: self.api_url.clone(),
            oauth_url: self.oauth_url.clone(),
        }
    }
}

/// The client for a command.
pub async fn build_client(global: &GlobalArgs) -> anyhow::Result<ZoomClient> {
    Ok(start_session(global).await?.client)
}

/// The session for a command. A profile kept in a plain file announces itself on stderr every
/// time (its permanent warning badge).
pub async fn start_session(global: &GlobalArgs) -> anyhow::Result<Session> {
    let session = crate::session::open(&global.session_options(), &passphrase_prompt).await?;
    if let Some(badge) = session.store_warning {
        crate::eprintln_sanitised!("{badge}");
    }
    announce_waits(&session.client);
    Ok(session)
}
/// Prints each wait before a retry as one stderr line ("Zoom asked to wait 42 s (HTTP 503 on
/// list registrants); waiting…"), so that a command never sits silent for long.
fn announce_waits(client: &ZoomClient) {
    let mut events = client.subscribe();
    tokio::spawn(async move {
        use tokio::sync::broadcast::error::RecvError;
        loop {
            match events.recv().await {
                Ok(ClientEvent::Waiting(notice)) => crate::eprintln_sanitised!("{notice}"),
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return,
            }
        }
    });
}

/// The meeting or webinar a command's argument names: `--webinar` or the link's kind, else one
/// lookup at Zoom, cached for the run and said on stderr (unless `--quiet`).
pub async fn resolve_event(
    client: &ZoomClient,
    arg: super::EventIdArg,
    webinar: bool,
) -> anyhow::Result<EventRef> {
    let flag = super::event_id::WebinarFlag {
        name: "--webinar",
        given: webinar,
    };
    super::event_id::resolve(client, arg, flag, super::output::quiet()).await
}

/// The meeting or webinar a command names.
pub fn event_ref(id: u64, webinar: bool) -> EventRef {
    EventRef {
        kind: if webinar {
            EventKind::Webinar
        } else {
            EventKind::Meeting
        },
        id,
    }
}
