//! The API endpoints (under `/v2`), one module per resource. Handlers run after the guard has
//! authenticated the caller, counted the request and checked scopes; they apply Zoom's rules and
//! answer with Zoom's shapes and errors. Meetings and webinars share handlers, parameterised by a
//! [`Family`], with their documented differences inside.

pub(crate) mod attendance;
pub(crate) mod events;
pub(crate) mod questions;
pub(crate) mod registrants;
pub(crate) mod users;

use std::collections::HashMap;

use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use axum::http::StatusCode;

use super::endpoints::Endpoint;
use super::errors::{ApiError, ApiResult};
use super::state::{Authorized, Reach};
use super::world::{Event, EventKind, World};

/// Meetings or webinars, as a type: selects a handler's family at compile time.
pub(crate) trait Family: Send + Sync + 'static {
    const KIND: EventKind;
}

pub(crate) struct Meetings;
pub(crate) struct Webinars;

impl Family for Meetings {
    const KIND: EventKind = EventKind::Meeting;
}

impl Family for Webinars {
    const KIND: EventKind = EventKind::Webinar;
}

/// The query string as name → value (the last value wins).
pub(crate) type QueryParams = Result<Query<HashMap<String, String>>, QueryRejection>;

pub(crate) fn params(query: QueryParams) -> ApiResult<HashMap<String, String>> {
    query
        .map(|Query(params)| params)
        .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, 300, "Invalid query string."))
}

/// A `{meetingId}`/`{webinarId}` path segment: an int64 meeting number.
pub(crate) fn event_id(kind: EventKind, raw: &str) -> ApiResult<u64> {
    raw.parse().map_err(|_| ApiError::invalid_event_id(kind))
}

/// The endpoint-specific errors of a missing event.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Missing {
    /// "… is not found or has expired." (404): most endpoints.
    NotFound,
    /// "… does not exist: {id}." with this status: delete (400) and batch (404).
    DoesNotExist(StatusCode),
}

/// Finds the event and checks that the caller may act on it.
pub(crate) fn find_event<'w>(
    world: &'w World,
    auth: &Authorized,
    kind: EventKind,
    id: u64,
    missing: Missing,
) -> ApiResult<&'w Event> {
    let event = world.event(kind, id).ok_or_else(|| match missing {
        Missing::NotFound => ApiError::event_not_found(kind, &id.to_string()),
        Missing::DoesNotExist(status) => {
            ApiError::event_does_not_exist(kind, &id.to_string(), status)
        }
    })?;
    may_act_on(auth, &event.host_id)?;
    Ok(event)
}

/// A user-level scope reaches only the app owner's own meetings (Zoom: 3003).
pub(crate) fn may_act_on(auth: &Authorized, host_id: &str) -> ApiResult<()> {
    if auth.reach == Reach::OwnerOnly && auth.caller.owner_user_id != host_id {
        return Err(ApiError::not_the_host());
    }
    Ok(())
}

/// An `occurrence_id` query parameter must name one of the event's occurrences.
pub(crate) fn occurrence_param(
    event: &Event,
    params: &HashMap<String, String>,
) -> ApiResult<Option<String>> {
    match params.get("occurrence_id").map(String::as_str) {
        None | Some("") => Ok(None),
        Some(id) if event.occurrence(id).is_some() => Ok(Some(id.to_owned())),
        Some(_) => Err(ApiError::invalid_parameter("occurrence_id")),
    }
}

/// The event a registration endpoint works on: found, within the caller's reach, with
/// registration on.
pub(crate) fn registration_event<'w>(
    world: &'w World,
    auth: &Authorized,
    endpoint: Endpoint,
    kind: EventKind,
    id: u64,
    missing: Missing,
) -> ApiResult<&'w Event> {
    let event = find_event(world, auth, kind, id, missing)?;
    require_registration(event, endpoint)?;
    Ok(event)
}

/// Registration must be on (approval type 0 or 1); each endpoint words the refusal its own way
/// (the OpenAPI file's error tables).
pub(crate) fn require_registration(event: &Event, endpoint: Endpoint) -> ApiResult<()> {
    if event.registration_enabled() {
        return Ok(());
    }
    let id = event.id;
    Err(match (endpoint, event.kind) {
        (
            Endpoint::ListRegistrants(EventKind::Meeting)
            | Endpoint::UpdateStatus(EventKind::Meeting),
            _,
        ) => ApiError::new(
            StatusCode::BAD_REQUEST,
            300,
            format!("This meeting has not set registration as required: {id}."),
        ),
        (Endpoint::AddRegistrant(EventKind::Webinar), _) => ApiError::new(
            StatusCode::BAD_REQUEST,
            3000,
            format!("This webinar does not have registration as required: {id}."),
        ),
        (Endpoint::BatchRegistrants(EventKind::Webinar), _) => ApiError::new(
            StatusCode::BAD_REQUEST,
            3000,
            format!("Registration not enabled for this webinar: {id}"),
        ),
        (Endpoint::DeleteRegistrant(_), kind) => {
            ApiError::registration_not_enabled(kind, id, StatusCode::BAD_REQUEST)
        }
        (_, kind) => ApiError::registration_not_enabled(kind, id, StatusCode::NOT_FOUND),
    })
}
