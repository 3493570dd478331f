//! Registrants: list (default `status=approved`, `next_page_token` paging), add (JSON body only,
//! validated against the OpenAPI schema and the event's questions; a known email returns the
//! existing registrant), get, delete, status changes (≤ 30 per call, key `registrants`) and batch
//! registration (≤ 30, scheduled meetings/webinars only, email and names only). The per-registrant
//! daily limits are charged here; the account-level ones in the guard.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, StatusCode, header::CONTENT_TYPE};
use axum::response::Json;
use jiff::Timestamp;
use serde_json::{Map, Value, json};

use super::users::page_request;
use super::{Family, Missing, QueryParams, event_id, occurrence_param, params, registration_event};
use crate::sim::config::Category;
use crate::sim::endpoints::Endpoint;
use crate::sim::errors::{ApiError, ApiResult, FieldError};
use crate::sim::limits::{RegistrantLimit, registrant_rejection};
use crate::sim::render;
use crate::sim::state::{Authorized, Shared, lock};
use crate::sim::validate::{self, MAX_PER_CALL, json_object_body};
use crate::sim::world::{Event, EventKind, Person, Registrant, RegistrantStatus, World};

/// A 429 of a per-registrant daily limit, counted in the statistics.
fn over_registrant_limit(
    shared: &Shared,
    what: RegistrantLimit,
    kind: EventKind,
    category: Category,
    who: &str,
    day: i64,
) -> ApiError {
    lock(&shared.stats).rate_limited(what.kind());
    registrant_rejection(what, kind, category, who, day)
}

fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok())
}

/// The event again, mutably, under the same lock it was checked with.
fn event_mut(world: &mut World, kind: EventKind, id: u64) -> ApiResult<&mut Event> {
    world
        .event_mut(kind, id)
        .ok_or_else(|| ApiError::event_not_found(kind, &id.to_string()))
}

pub(crate) async fn list<F: Family>(
    State(shared): State<Arc<Shared>>,
    Extension(auth): Extension<Authorized>,
    Path(raw_id): Path<String>,
    query: QueryParams,
) -> ApiResult<Json<Value>> {
    let kind = F::KIND;
    let params = params(query)?;
    let id = event_id(kind, &raw_id)?;
    let world = lock(&shared.world);
    let event = registration_event(
        &world,
        &auth,
        Endpoint::ListRegistrants(kind),
        kind,
        id,
        Missing::NotFound,
    )?;
    let status = match params.get("status").map(String::as_str) {
        None | Some("") => RegistrantStatus::Approved,
        Some(raw) => {
            RegistrantStatus::parse(raw).ok_or_else(|| ApiError::invalid_field("status"))?
        }
    };
    let occurrence = occurrence_param(event, &params)?;
    let list = format!(
        "{}|{id}|{}|{}",
        Endpoint::ListRegistrants(kind).label(),
        status.as_str(),
        occurrence.as_deref().unwrap_or("")
    );
    let ttl = shared.settings().page_token_ttl;
    let page = lock(&shared.pages).page(
        &list,
        &page_request(&params),
        || {
            let mut matching: Vec<&Registrant> = event
                .registrants
                .iter()
                .filter(|r| r.status == status)
                .filter(|r| match &occurrence {
                    Some(o) => r.occurrence_ids.is_empty() || r.occurrence_ids.contains(o),
                    None => true,
                })
                .collect();
            matching.sort_by(|a, b| (a.create_time, &a.id).cmp(&(b.create_time, &b.id)));
            matching.iter().map(|r| r.id.clone()).collect()
        },
        ttl,
        crate::sim::state::monotonic_now(),
    )?;
    // A registrant deleted since the first page is skipped, as it no longer exists.
    let items = page
        .keys
        .iter()
        .filter_map(|rid| event.find_registrant(rid))
        .map(|r| render::registrant(event, r, &shared.base_url, false))
        .collect();
    Ok(Json(render::list("registrants", items, &page)))
}

pub(crate) async fn add<F: Family>(
    State(shared): State<Arc<Shared>>,
    Extension(auth): Extension<Authorized>,
    Path(raw_id): Path<String>,
    query: QueryParams,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let kind = F::KIND;
    let endpoint = Endpoint::AddRegistrant(kind);
    let params = params(query)?;
    let id = event_id(kind, &raw_id)?;
    let (now, day) = (shared.clock.now(), shared.clock.utc_day());
    let mut world = lock(&shared.world);
    let event = registration_event(&world, &auth, endpoint, kind, id, Missing::NotFound)?;
    if event.is_over(now) {
        return Err(ApiError::event_is_over(kind));
    }
    let body = json_object_body(content_type(&headers), &body)?;
    // Every attempt with an email counts against the registrant's 3 a day, even one that then
    // fails validation (the stricter reading: Zoom does not document which attempts count).
    if let Some(email) = validate::email_of(&body) {
        lock(&shared.limits)
            .charge_adds(kind, id, &[email], day)
            .map_err(|who| {
                over_registrant_limit(
                    &shared,
                    RegistrantLimit::Add,
                    kind,
                    endpoint.category(),
                    &who,
                    day,
                )
            })?;
    }
    let new = validate::new_registrant(event, &body)?;
    refuse_host(&world, event, &new.person.email)?;
    let chosen = chosen_occurrences(event, params.get("occurrence_ids").map(String::as_str), now)?;
    let base = shared.base_url.clone();

    if let Some(index) = event.find_by_email(&new.person.email) {
        // Zoom returns the existing registration (forum 57798) rather than an error.
        lock(&shared.stats).repeat_registrations(1);
        let event = event_mut(&mut world, kind, id)?;
        let registration_type = event.registration_type;
        if let Some(existing) = event.registrants.get_mut(index) {
            merge_occurrences(existing, &chosen, registration_type);
        }
        let event = &*event;
        let existing = event
            .registrants
            .get(index)
            .ok_or_else(|| ApiError::event_not_found(kind, &raw_id))?;
        return Ok((
            StatusCode::CREATED,
            Json(render::added(event, existing, &base, now)),
        ));
    }
    if event.registrants.len() >= event.capacity() {
        return Err(ApiError::at_capacity(kind, StatusCode::BAD_REQUEST));
    }
    let status = initial_status(event, new.auto_approve);
    let registrant_id = world.new_registrant_id();
    let registrant = Registrant::new(id, registrant_id, new.person, status, now, chosen);
    let event = event_mut(&mut world, kind, id)?;
    event.registrants.push(registrant);
    let event = &*event;
    let added = event
        .registrants
        .last()
        .map(|r| render::added(event, r, &base, now))
        .unwrap_or_default();
    Ok((StatusCode::CREATED, Json(added)))
}

fn initial_status(event: &Event, auto_approve: bool) -> RegistrantStatus {
    match (event.approval_type, auto_approve) {
        (0, _) | (1, true) => RegistrantStatus::Approved,
        _ => RegistrantStatus::Pending,
    }
}

/// A webinar's host cannot register for it (3027).
fn refuse_host(world: &World, event: &Event, email: &str) -> ApiResult<()> {
    let is_host = world
        .user_by_id(&event.host_id)
        .is_some_and(|host| host.email.eq_ignore_ascii_case(email));
    if event.kind == EventKind::Webinar && is_host {
        Err(ApiError::host_cannot_register())
    } else {
        Ok(())
    }
}

/// The occurrences an add request registers for; empty = all of them.
fn chosen_occurrences(event: &Event, raw: Option<&str>, now: Timestamp) -> ApiResult<Vec<String>> {
    let given: Vec<&str> = raw
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let invalid = || ApiError::invalid_parameter("occurrence_ids");
    if !event.is_recurring() {
        return if given.is_empty() {
            Ok(Vec::new())
        } else {
            Err(invalid())
        };
    }
    if given.iter().any(|id| event.occurrence(id).is_none()) {
        return Err(invalid());
    }
    match event.registration_type {
        // Register once, attend any: the registration covers every occurrence.
        1 => Ok(Vec::new()),
        // One occurrence per registration ("Make sure the registration_type is 3 if updating
        // multiple occurrences"); none given means the next one.
        2 => match given.as_slice() {
            [] => Ok(event
                .occurrences
                .iter()
                .find(|o| o.start >= now)
                .map(|o| vec![o.id.clone()])
                .unwrap_or_default()),
            [one] => Ok(vec![(*one).to_owned()]),
            _ => Err(invalid()),
        },
        _ => Ok(given.into_iter().map(str::to_owned).collect()),
    }
}

fn merge_occurrences(existing: &mut Registrant, chosen: &[String], registration_type: u8) {
    if registration_type == 1 || existing.occurrence_ids.is_empty() {
        return;
    }
    if chosen.is_empty() {
        existing.occurrence_ids.clear();
        return;
    }
    for id in chosen {
        if !existing.occurrence_ids.contains(id) {
            existing.occurrence_ids.push(id.clone());
        }
    }
}

pub(crate) async fn get_one<F: Family>(
    State(shared): State<Arc<Shared>>,
    Extension(auth): Extension<Authorized>,
    Path((raw_id, registrant_id)): Path<(String, String)>,
    query: QueryParams,
) -> ApiResult<Json<Value>> {
    let kind = F::KIND;
    let params = params(query)?;
    let id = event_id(kind, &raw_id)?;
    let world = lock(&shared.world);
    let event = registration_event(
        &world,
        &auth,
        Endpoint::GetRegistrant(kind),
        kind,
        id,
        Missing::NotFound,
    )?;
    if kind == EventKind::Webinar {
        occurrence_param(event, &params)?;
    }
    let registrant = event
        .find_registrant(&registrant_id)
        .ok_or_else(|| ApiError::registrant_not_found(&registrant_id, StatusCode::NOT_FOUND))?;
    Ok(Json(render::registrant(
        event,
        registrant,
        &shared.base_url,
        true,
    )))
}

pub(crate) async fn delete_one<F: Family>(
    State(shared): State<Arc<Shared>>,
    Extension(auth): Extension<Authorized>,
    Path((raw_id, registrant_id)): Path<(String, String)>,
    query: QueryParams,
) -> ApiResult<StatusCode> {
    let kind = F::KIND;
    let params = params(query)?;
    let id = event_id(kind, &raw_id)?;
    let mut world = lock(&shared.world);
    let event = registration_event(
        &world,
        &auth,
        Endpoint::DeleteRegistrant(kind),
        kind,
        id,
        Missing::DoesNotExist(StatusCode::BAD_REQUEST),
    )?;
    let occurrence = occurrence_param(event, &params)?;
    let Some(index) = event.registrants.iter().position(|r| r.id == registrant_id) else {
        return Err(match kind {
            EventKind::Meeting => ApiError::invalid_registrant_id(),
            EventKind::Webinar => {
                ApiError::registrant_not_found(&registrant_id, StatusCode::BAD_REQUEST)
            }
        });
    };
    let event = event_mut(&mut world, kind, id)?;
    let all_occurrences: Vec<String> = event.occurrences.iter().map(|o| o.id.clone()).collect();
    let remove_whole = match (&occurrence, event.registrants.get_mut(index)) {
        (Some(occurrence), Some(registrant)) => {
            if registrant.occurrence_ids.is_empty() {
                registrant.occurrence_ids = all_occurrences;
            }
            registrant.occurrence_ids.retain(|o| o != occurrence);
            registrant.occurrence_ids.is_empty()
        }
        _ => true,
    };
    if remove_whole {
        event.registrants.remove(index);
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Approve,
    Deny,
    Cancel,
}

pub(crate) async fn update_status<F: Family>(
    State(shared): State<Arc<Shared>>,
    Extension(auth): Extension<Authorized>,
    Path(raw_id): Path<String>,
    query: QueryParams,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<StatusCode> {
    let kind = F::KIND;
    let endpoint = Endpoint::UpdateStatus(kind);
    let params = params(query)?;
    let id = event_id(kind, &raw_id)?;
    let day = shared.clock.utc_day();
    let mut world = lock(&shared.world);
    let event = registration_event(&world, &auth, endpoint, kind, id, Missing::NotFound)?;
    occurrence_param(event, &params)?;
    let body = json_object_body(content_type(&headers), &body)?;
    let action = match body.get("action") {
        None => {
            return Err(ApiError::validation(vec![FieldError::new(
                "action",
                "This field is required.",
            )]));
        }
        Some(Value::String(action)) if action == "approve" => Action::Approve,
        Some(Value::String(action)) if action == "deny" => Action::Deny,
        Some(Value::String(action)) if action == "cancel" => Action::Cancel,
        Some(_) => return Err(ApiError::invalid_field("action")),
    };
    let items = match body.get("registrants") {
        // Zoom answers 204 and changes nothing when the key is missing, e.g. the singular
        // `registrant` (zoom/api#21).
        None => return Ok(StatusCode::NO_CONTENT),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(ApiError::invalid_field("registrants")),
    };
    if items.len() > MAX_PER_CALL {
        return Err(too_many_registrants());
    }
    let mut targets: Vec<usize> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(item) = item.as_object() else {
            return Err(ApiError::invalid_field(&format!("registrants[{i}]")));
        };
        let id_of = item.get("id").map(|v| {
            v.as_str()
                .ok_or_else(|| ApiError::invalid_field(&format!("registrants[{i}].id")))
        });
        let email_of = item.get("email").map(|v| {
            v.as_str()
                .ok_or_else(|| ApiError::invalid_field(&format!("registrants[{i}].email")))
        });
        let found = match (id_of.transpose()?, email_of.transpose()?) {
            (Some(rid), _) => event.registrants.iter().position(|r| r.id == rid),
            (None, Some(email)) => event.find_by_email(email),
            (None, None) => return Err(ApiError::invalid_field(&format!("registrants[{i}]"))),
        };
        // Unknown registrants are skipped without a word, as Zoom does: check the list after.
        if let Some(index) = found
            && !targets.contains(&index)
        {
            targets.push(index);
        }
    }
    let charged: Vec<(String, String)> = targets
        .iter()
        .filter_map(|&i| event.registrants.get(i))
        .map(|r| (r.id.clone(), r.person.email.clone()))
        .collect();
    lock(&shared.limits)
        .charge_status(kind, id, &charged, day)
        .map_err(|who| {
            over_registrant_limit(
                &shared,
                RegistrantLimit::Status,
                kind,
                endpoint.category(),
                &who,
                day,
            )
        })?;
    if action == Action::Approve {
        let approved = event
            .registrants
            .iter()
            .filter(|r| r.status == RegistrantStatus::Approved)
            .count();
        let newly = targets
            .iter()
            .filter(|&&i| {
                event
                    .registrants
                    .get(i)
                    .is_some_and(|r| r.status != RegistrantStatus::Approved)
            })
            .count();
        if approved + newly > event.capacity() {
            return Err(ApiError::at_capacity(kind, StatusCode::BAD_REQUEST));
        }
    }
    let event = event_mut(&mut world, kind, id)?;
    for index in targets {
        let Some(registrant) = event.registrants.get_mut(index) else {
            continue;
        };
        // Zoom's rules (OpenAPI: cancel is for "previously approved" registrants; the web
        // portal lists cancelled people as denied and approves denied ones again).
        registrant.status = match (action, registrant.status) {
            (Action::Approve, _) => RegistrantStatus::Approved,
            (Action::Deny, _) => RegistrantStatus::Denied,
            (Action::Cancel, RegistrantStatus::Approved) => RegistrantStatus::Denied,
            (Action::Cancel, unchanged) => unchanged,
        };
    }
    Ok(StatusCode::NO_CONTENT)
}

fn too_many_registrants() -> ApiError {
    ApiError::validation(vec![FieldError::new(
        "registrants",
        format!("The number of registrants can not exceed {MAX_PER_CALL}."),
    )])
}

pub(crate) async fn batch<F: Family>(
    State(shared): State<Arc<Shared>>,
    Extension(auth): Extension<Authorized>,
    Path(raw_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let kind = F::KIND;
    let endpoint = Endpoint::BatchRegistrants(kind);
    let id = event_id(kind, &raw_id)?;
    let (now, day) = (shared.clock.now(), shared.clock.utc_day());
    let mut world = lock(&shared.world);
    let event = registration_event(
        &world,
        &auth,
        endpoint,
        kind,
        id,
        Missing::DoesNotExist(StatusCode::NOT_FOUND),
    )?;
    if event.event_type != kind.batch_type() {
        return Err(match kind {
            EventKind::Meeting => ApiError::new(
                StatusCode::BAD_REQUEST,
                303,
                "This API can only be used for scheduled meeting(meeting type: 2). Batch registration is not supported for other meeting types.",
            ),
            EventKind::Webinar => ApiError::new(
                StatusCode::BAD_REQUEST,
                300,
                "This API can only be used for scheduled webinars (type 5). Batch registration is not supported for other webinar types.",
            ),
        });
    }
    if event.is_over(now) {
        return Err(ApiError::event_is_over(kind));
    }
    let body = json_object_body(content_type(&headers), &body)?;
    let people = batch_people(kind, &body)?;
    let auto_approve = body
        .get("auto_approve")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let emails: Vec<&str> = people.iter().map(|p| p.email.as_str()).collect();
    lock(&shared.limits)
        .charge_adds(kind, id, &emails, day)
        .map_err(|who| {
            over_registrant_limit(
                &shared,
                RegistrantLimit::Batch,
                kind,
                endpoint.category(),
                &who,
                day,
            )
        })?;
    for email in &emails {
        refuse_host(&world, event, email)?;
    }
    let repeats = emails
        .iter()
        .filter(|e| event.find_by_email(e).is_some())
        .count();
    let mut new_emails: Vec<String> = emails
        .iter()
        .filter(|e| event.find_by_email(e).is_none())
        .map(|e| e.to_ascii_lowercase())
        .collect();
    new_emails.sort_unstable();
    new_emails.dedup();
    if event.registrants.len() + new_emails.len() > event.capacity() {
        return Err(ApiError::at_capacity(kind, StatusCode::NOT_FOUND));
    }
    lock(&shared.stats).repeat_registrations(repeats as u64);
    let status = initial_status(event, auto_approve);
    let mut created: HashMap<String, String> = new_emails
        .into_iter()
        .map(|email| (email, world.new_registrant_id()))
        .collect();
    let base = shared.base_url.clone();
    let event = event_mut(&mut world, kind, id)?;
    let mut answered = Vec::new();
    for person in people {
        let existing = event.find_by_email(&person.email);
        let new_id = created.remove(&person.email.to_ascii_lowercase());
        let index = match (existing, new_id) {
            (Some(index), _) => index,
            (None, Some(registrant_id)) => {
                let registrant =
                    Registrant::new(id, registrant_id, person, status, now, Vec::new());
                event.registrants.push(registrant);
                event.registrants.len() - 1
            }
            // Every new email got an ID above; nothing else can reach here.
            (None, None) => continue,
        };
        answered.push(index);
    }
    let event = &*event;
    let registrants: Vec<Value> = answered
        .into_iter()
        .filter_map(|i| event.registrants.get(i))
        .map(|r| {
            let mut item = json!({ "email": r.person.email, "registrant_id": r.id });
            if let Some(url) = render::registrant_join_url(event, r, &base) {
                item["join_url"] = json!(url);
            }
            if kind == EventKind::Meeting {
                item["participant_pin_code"] = json!(r.pin_code);
            }
            item
        })
        .collect();
    Ok((
        StatusCode::CREATED,
        Json(json!({ "registrants": registrants })),
    ))
}

/// The people of a batch body, validated: 1 to 30, each with an email and a first name.
fn batch_people(kind: EventKind, body: &Map<String, Value>) -> ApiResult<Vec<Person>> {
    let mut errors = Vec::new();
    if body.get("auto_approve").is_some_and(|v| !v.is_boolean()) {
        errors.push(FieldError::new("auto_approve", "Invalid field."));
    }
    if kind == EventKind::Meeting
        && body
            .get("registrants_confirmation_email")
            .is_some_and(|v| !v.is_boolean())
    {
        errors.push(FieldError::new(
            "registrants_confirmation_email",
            "Invalid field.",
        ));
    }
    let items = match body.get("registrants") {
        Some(Value::Array(items)) if !items.is_empty() => items,
        Some(Value::Array(_)) | None => {
            errors.push(FieldError::new("registrants", "This field is required."));
            return Err(ApiError::validation(errors));
        }
        Some(_) => {
            errors.push(FieldError::new("registrants", "Invalid field."));
            return Err(ApiError::validation(errors));
        }
    };
    if items.len() > MAX_PER_CALL {
        return Err(too_many_registrants());
    }
    let people: Vec<_> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| validate::batch_registrant(i, item, &mut errors))
        .collect();
    if errors.is_empty() {
        Ok(people)
    } else {
        Err(ApiError::validation(errors))
    }
}
