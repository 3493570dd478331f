//! The meetings or webinars a coordinator sees, the same in the CLI and the TUI: every active
//! user's of the account, soonest first, each with its host (the host's email where the users
//! could be listed); the session's own user's when the users cannot be listed (a user-level app
//! has no `user:read:list_users:admin`), or one user's when asked for.

use std::collections::HashMap;

use crate::import::multi::KnownEvent;
use crate::zoom::{
    ApiErrorKind, EventKind, EventRef, EventSummary, ListScope, ZoomClient, ZoomError,
};

/// Events and who hosts them.
#[derive(Debug, Clone, Default)]
pub struct AccountEvents {
    /// Soonest first; each event once.
    pub events: Vec<EventSummary>,
    /// Host user ID → the host's email, for the users that could be listed.
    hosts: HashMap<String, String>,
    /// The user named when one user's events were listed (shown as their host when Zoom's
    /// listing leaves `host_id` out).
    only_user: Option<String>,
}

impl AccountEvents {
    /// Events of several hosts, `hosts` naming each host user ID's email (as the account's user
    /// listing does).
    pub fn with_hosts(
        events: Vec<EventSummary>,
        hosts: impl IntoIterator<Item = (String, String)>,
    ) -> Self {
        AccountEvents {
            events,
            hosts: hosts.into_iter().collect(),
            only_user: None,
        }
    }

    /// The host of an event as people know them: an email where known, else the user ID.
    pub fn host_of(&self, event: &EventSummary) -> String {
        match &event.host_id {
            Some(id) => self.hosts.get(id).cloned().unwrap_or_else(|| id.clone()),
            None => self.only_user.clone().unwrap_or_default(),
        }
    }

    /// Whether the events have more than one host (then a listing shows who hosts each).
    pub fn has_several_hosts(&self) -> bool {
        let mut hosts = self.events.iter().map(|event| self.host_of(event));
        match hosts.next() {
            Some(first) => hosts.any(|host| host != first),
            None => false,
        }
    }
}

/// Every active user's events (or `user`'s alone when given, else the user a profile's
/// `default-user` names), as both front ends list them. `default_user` is `me` unless the
/// profile names someone.
pub async fn list(
    client: &ZoomClient,
    kind: EventKind,
    scope: ListScope,
    user: Option<&str>,
    default_user: &str,
) -> Result<AccountEvents, ZoomError> {
    let named_by_profile = (default_user != "me").then_some(default_user);
    if let Some(user) = user.or(named_by_profile) {
        let mut events = client.list_events(user, kind, scope).await?;
        events.sort_by_key(|event| (event.start_time, event.id));
        return Ok(AccountEvents {
            events,
            hosts: HashMap::new(),
            only_user: Some(user.to_owned()),
        });
    }
    let (users, hosts): (Vec<String>, HashMap<String, String>) = match client.list_users().await {
        Ok(users) => {
            let hosts = users
                .iter()
                .filter_map(|user| Some((user.id.clone()?, user.email.clone())))
                .collect();
            let ids = users
                .into_iter()
                .filter_map(|user| user.id.or(Some(user.email)))
                .collect();
            (ids, hosts)
        }
        Err(error) if error.is_auth() => (vec![default_user.to_owned()], HashMap::new()),
        Err(error) => return Err(error),
    };
    let lists = futures::future::join_all(
        users
            .iter()
            .map(|user| client.list_events(user, kind, scope)),
    )
    .await;
    let mut events = Vec::new();
    for list in lists {
        match list {
            Ok(list) => events.extend(list),
            // Users without the webinar add-on have no webinars; Zoom answers with an error.
            Err(error)
                if kind == EventKind::Webinar
                    && matches!(error.api_kind(), Some(ApiErrorKind::WebinarPlanMissing)) => {}
            Err(error) => return Err(error),
        }
    }
    events.sort_by_key(|event| (event.start_time, event.id));
    events.dedup_by_key(|event| event.id);
    let only_user = (users.len() == 1).then(|| default_user.to_owned());
    Ok(AccountEvents {
        events,
        hosts,
        only_user,
    })
}

/// The account's meetings and webinars (every host's), which the event column of a multi-event
/// import is matched against (`regdesk import FILE`, the wizard opened from the meetings list).
/// An account without the webinar add-on has no webinars.
pub async fn account_events(
    client: &ZoomClient,
    default_user: &str,
) -> Result<Vec<KnownEvent>, ZoomError> {
    let mut known = Vec::new();
    for kind in [EventKind::Meeting, EventKind::Webinar] {
        let listed = list(client, kind, ListScope::All, None, default_user).await;
        let listed = match listed {
            Ok(listed) => listed,
            Err(error)
                if kind == EventKind::Webinar
                    && matches!(error.api_kind(), Some(ApiErrorKind::WebinarPlanMissing)) =>
            {
                continue;
            }
            Err(error) => return Err(error),
        };
        known.extend(listed.events.into_iter().map(|event| KnownEvent {
            event: EventRef { kind, id: event.id },
            topic: event.topic,
        }));
    }
    Ok(known)
}
