//! Attendance of events that took place (docs/zoom-attendance-facts.md): the past instances of a
//! meeting or webinar, who joined one (the past-participants endpoints and the participant
//! reports), and a webinar's absentees. An instance is named by the event's ID (its latest
//! instance) or by its UUID, which must be double-encoded when it starts with `/` or holds `//`;
//! participants page with `next_page_token`; a free account and instances over a year old are
//! refused with Zoom's codes.

use std::sync::Arc;

use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::Json;
use jiff::{SignedDuration, Timestamp};
use serde_json::{Map, Value, json};

use super::users::page_request;
use super::{Family, Missing, QueryParams, event_id, find_event, may_act_on, params};
use crate::sim::clock::iso;
use crate::sim::config::Plan;
use crate::sim::endpoints::Endpoint;
use crate::sim::errors::{ApiError, ApiResult};
use crate::sim::render;
use crate::sim::state::{Authorized, Shared, lock, monotonic_now};
use crate::sim::world::{Event, EventKind, RegistrantStatus, World};
use crate::sim::world::{Participant, PastInstance};

/// Zoom keeps participant data of the last year (error 12702 beyond it).
const RETENTION: SignedDuration = SignedDuration::from_hours(365 * 24);

/// `GET /past_meetings|past_webinars/{id}/instances`: `{"meetings"|"webinars": [{uuid, start_time}]}`.
pub(crate) async fn instances<F: Family>(
    State(shared): State<Arc<Shared>>,
    Extension(auth): Extension<Authorized>,
    Path(raw_id): Path<String>,
) -> ApiResult<Json<Value>> {
    let kind = F::KIND;
    let id = event_id(kind, &raw_id)?;
    let world = lock(&shared.world);
    let event = find_event(&world, &auth, kind, id, Missing::NotFound)?;
    let list: Vec<Value> = event
        .instances
        .iter()
        .map(|instance| json!({ "uuid": instance.uuid, "start_time": iso(instance.start) }))
        .collect();
    let key = match kind {
        EventKind::Meeting => "meetings",
        EventKind::Webinar => "webinars",
    };
    Ok(Json(json!({ key: list })))
}

/// `GET /past_meetings|past_webinars/{id or UUID}/participants`.
pub(crate) async fn past_participants<F: Family>(
    state: State<Arc<Shared>>,
    auth: Extension<Authorized>,
    path: Path<String>,
    query: QueryParams,
) -> ApiResult<Json<Value>> {
    participants(
        state,
        auth,
        path,
        query,
        Endpoint::PastParticipants(F::KIND),
    )
    .await
}

/// `GET /report/meetings|webinars/{id or UUID}/participants`.
pub(crate) async fn report_participants<F: Family>(
    state: State<Arc<Shared>>,
    auth: Extension<Authorized>,
    path: Path<String>,
    query: QueryParams,
) -> ApiResult<Json<Value>> {
    participants(
        state,
        auth,
        path,
        query,
        Endpoint::ReportParticipants(F::KIND),
    )
    .await
}

async fn participants(
    State(shared): State<Arc<Shared>>,
    Extension(auth): Extension<Authorized>,
    Path(raw): Path<String>,
    query: QueryParams,
    endpoint: Endpoint,
) -> ApiResult<Json<Value>> {
    let params = params(query)?;
    let world = lock(&shared.world);
    refuse_free_plan(shared.settings().plan, &world, endpoint)?;
    let (event, instance) = find_instance(&world, &auth, endpoint, &raw)?;
    check_retention(instance, shared.clock.now(), endpoint)?;
    let with_registrant_id = params
        .get("include_fields")
        .is_some_and(|fields| fields.split(',').any(|f| f.trim() == "registrant_id"));
    let list = format!("{}|{}", endpoint.label(), instance.uuid);
    let ttl = shared.settings().page_token_ttl;
    let page = lock(&shared.pages).page(
        &list,
        &page_request(&params),
        // "The API doesn't return results if there's only one participant in a meeting."
        || match instance.participants.len() {
            0 | 1 => Vec::new(),
            n => (0..n).map(|i| i.to_string()).collect(),
        },
        ttl,
        monotonic_now(),
    )?;
    let items = page
        .keys
        .iter()
        .filter_map(|key| key.parse::<usize>().ok())
        .filter_map(|index| instance.participants.get(index))
        .map(|participant| render_participant(event, participant, endpoint, with_registrant_id))
        .collect();
    Ok(Json(render::list("participants", items, &page)))
}

/// `GET /past_webinars/{id or UUID}/absentees`: approved registrants who did not join.
pub(crate) async fn absentees(
    State(shared): State<Arc<Shared>>,
    Extension(auth): Extension<Authorized>,
    Path(raw): Path<String>,
    query: QueryParams,
) -> ApiResult<Json<Value>> {
    let endpoint = Endpoint::WebinarAbsentees;
    let params = params(query)?;
    let world = lock(&shared.world);
    let (event, instance) = find_instance(&world, &auth, endpoint, &raw)?;
    if !event.registration_enabled() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            3000,
            format!(
                "This Webinar has not registration required: {}",
                instance.uuid
            ),
        ));
    }
    let occurrence = match params.get("occurrence_id").map(String::as_str) {
        None | Some("") => None,
        Some(id) if event.occurrence(id).is_some() => Some(id.to_owned()),
        Some(id) => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                300,
                format!(
                    "The request could not be completed because you have provided an invalid occurrence ID: {id}"
                ),
            ));
        }
    };
    let list = format!(
        "{}|{}|{}",
        endpoint.label(),
        instance.uuid,
        occurrence.as_deref().unwrap_or("")
    );
    let ttl = shared.settings().page_token_ttl;
    let page = lock(&shared.pages).page(
        &list,
        &page_request(&params),
        || {
            event
                .registrants
                .iter()
                .filter(|r| r.status == RegistrantStatus::Approved)
                .filter(|r| match &occurrence {
                    Some(o) => r.occurrence_ids.is_empty() || r.occurrence_ids.contains(o),
                    None => true,
                })
                .filter(|r| !instance.attended(&r.id, &r.person.email))
                .map(|r| r.id.clone())
                .collect()
        },
        ttl,
        monotonic_now(),
    )?;
    let items = page
        .keys
        .iter()
        .filter_map(|id| event.find_registrant(id))
        .map(|r| render::registrant(event, r, &shared.base_url, false))
        .collect();
    Ok(Json(render::list("registrants", items, &page)))
}

fn render_participant(
    event: &Event,
    participant: &Participant,
    endpoint: Endpoint,
    with_registrant_id: bool,
) -> Value {
    let mut value = Map::new();
    value.insert("id".into(), json!(participant.account_user_id));
    value.insert("user_id".into(), json!(participant.user_id));
    value.insert("name".into(), json!(participant.name));
    value.insert("user_email".into(), json!(participant.email));
    if let (true, Some(registrant_id)) = (with_registrant_id, &participant.registrant_id) {
        value.insert("registrant_id".into(), json!(registrant_id));
    }
    value.insert("join_time".into(), json!(iso(participant.join)));
    value.insert("leave_time".into(), json!(iso(participant.leave)));
    value.insert("duration".into(), json!(participant.duration_seconds()));
    value.insert("failover".into(), json!(false));
    value.insert("status".into(), json!("in_meeting"));
    if matches!(endpoint, Endpoint::ReportParticipants(_)) {
        value.insert("customer_key".into(), json!(""));
        value.insert(
            "participant_user_id".into(),
            json!(participant.account_user_id),
        );
        if event.kind == EventKind::Meeting {
            value.insert("bo_mtg_id".into(), json!(""));
        }
    }
    Value::Object(value)
}

/// Past-instance data needs a paid plan (Pro or higher).
fn refuse_free_plan(plan: Plan, world: &World, endpoint: Endpoint) -> ApiResult<()> {
    if plan != Plan::Free {
        return Ok(());
    }
    let account = &world.account.id;
    let message = match endpoint {
        Endpoint::ReportParticipants(_) => {
            format!("Only available for Paid or ZMP account: {account}.")
        }
        _ => format!("Only available for paid account: {account}"),
    };
    Err(ApiError::new(StatusCode::BAD_REQUEST, 200, message))
}

fn check_retention(instance: &PastInstance, now: Timestamp, endpoint: Endpoint) -> ApiResult<()> {
    let oldest = now.saturating_sub(RETENTION).unwrap_or(now);
    if instance.start >= oldest {
        return Ok(());
    }
    let noun = match endpoint {
        Endpoint::ReportParticipants(EventKind::Webinar) => "a webinar",
        _ => "a meeting",
    };
    Err(ApiError::new(
        StatusCode::BAD_REQUEST,
        12702,
        format!("Can not access {noun} a year ago."),
    ))
}

/// The event and instance a `{meetingId}`/`{webinarId}` path segment names: an event ID (its
/// latest instance) or an instance UUID. The router has percent-decoded the segment once; a UUID
/// that starts with `/` or holds `//` must have been encoded twice, so it arrives still encoded.
fn find_instance<'w>(
    world: &'w World,
    auth: &Authorized,
    endpoint: Endpoint,
    raw: &str,
) -> ApiResult<(&'w Event, &'w PastInstance)> {
    let kind = match endpoint {
        Endpoint::PastParticipants(kind) | Endpoint::ReportParticipants(kind) => kind,
        _ => EventKind::Webinar,
    };
    let not_found = || instance_not_found(endpoint, raw);
    let found = if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) {
        let id: u64 = raw.parse().map_err(|_| not_found())?;
        let event = world.event(kind, id).ok_or_else(not_found)?;
        let latest = event.instances.last().ok_or_else(not_found)?;
        (event, latest)
    } else {
        let uuid = if raw.contains('%') {
            percent_decode(raw).ok_or_else(not_found)?
        } else if raw.starts_with('/') || raw.contains("//") {
            // Encoded once only: Zoom's gateway would see other path segments.
            return Err(not_found());
        } else {
            raw.to_owned()
        };
        world
            .events
            .values()
            .filter(|event| event.kind == kind)
            .find_map(|event| {
                event
                    .instances
                    .iter()
                    .find(|instance| instance.uuid == uuid)
                    .map(|instance| (event, instance))
            })
            .ok_or_else(not_found)?
    };
    may_act_on(auth, &found.0.host_id)?;
    Ok(found)
}

/// Each endpoint's 404 for an unknown (or not yet ended) instance, in the OpenAPI file's words.
fn instance_not_found(endpoint: Endpoint, raw: &str) -> ApiError {
    let message = match endpoint {
        Endpoint::ReportParticipants(EventKind::Meeting) => {
            format!("Meeting {raw} not found or has expired.")
        }
        Endpoint::ReportParticipants(EventKind::Webinar) => {
            format!("Webinar \"{raw}\" not found or has expired")
        }
        Endpoint::PastParticipants(EventKind::Webinar) => "Webinar does not exist.".to_owned(),
        _ => "Meeting ID is invalid or not end.".to_owned(),
    };
    ApiError::new(StatusCode::NOT_FOUND, 3001, message)
}

/// `%XX` sequences to bytes; `None` if one is malformed or the result is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_undoes_one_layer() {
        assert_eq!(
            percent_decode("%2Fab%2F%2Fc%3D%3D").as_deref(),
            Some("/ab//c==")
        );
        assert_eq!(percent_decode("%252F").as_deref(), Some("%2F"));
        assert_eq!(percent_decode("%2"), None);
    }
}
