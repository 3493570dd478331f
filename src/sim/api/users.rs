//! `GET /users` and a user's meetings and webinars (`GET /users/{userId}/meetings|webinars`):
//! `{userId}` is a user ID, an email, or `me` (the app's owner).

use std::sync::Arc;

use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::Json;
use serde_json::Value;

use super::{Family, QueryParams, params};
use crate::sim::endpoints::Endpoint;
use crate::sim::errors::{ApiError, ApiResult};
use crate::sim::paging::PageRequest;
use crate::sim::render;
use crate::sim::state::{Authorized, Reach, Shared, lock};
use crate::sim::world::{EventKind, User};

pub(crate) async fn list_users(
    State(shared): State<Arc<Shared>>,
    Extension(auth): Extension<Authorized>,
    query: QueryParams,
) -> ApiResult<Json<Value>> {
    let params = params(query)?;
    let status = params.get("status").map_or("active", String::as_str);
    if !matches!(status, "active" | "inactive" | "pending") {
        return Err(ApiError::invalid_field("status"));
    }
    let role = params.get("role_id").filter(|r| !r.is_empty());
    let world = lock(&shared.world);
    let matching: Vec<&User> = world
        .users
        .iter()
        .filter(|u| u.status == status)
        .filter(|u| role.is_none_or(|r| *r == u.role_id))
        .filter(|u| auth.reach == Reach::Account || u.id == auth.caller.owner_user_id)
        .collect();
    let request = page_request(&params);
    let ttl = shared.settings().page_token_ttl;
    let list = format!(
        "{}|{status}|{}",
        Endpoint::ListUsers.label(),
        role.map_or("", String::as_str)
    );
    let page = lock(&shared.pages).page(
        &list,
        &request,
        || matching.iter().map(|u| u.id.clone()).collect(),
        ttl,
        crate::sim::state::monotonic_now(),
    )?;
    let users = page
        .keys
        .iter()
        .filter_map(|id| world.user_by_id(id))
        .map(render::user)
        .collect();
    Ok(Json(render::list("users", users, &page)))
}

/// `GET /users/{userId}/meetings` and `…/webinars`.
pub(crate) async fn list_events<F: Family>(
    State(shared): State<Arc<Shared>>,
    Extension(auth): Extension<Authorized>,
    Path(user_key): Path<String>,
    query: QueryParams,
) -> ApiResult<Json<Value>> {
    let kind = F::KIND;
    let params = params(query)?;
    let world = lock(&shared.world);
    let user_key = if user_key == "me" {
        auth.caller.owner_user_id.clone()
    } else {
        user_key
    };
    let user = world
        .user_by_id_or_email(&user_key)
        .ok_or_else(|| ApiError::user_not_found(&user_key))?;
    if auth.reach == Reach::OwnerOnly && user.id != auth.caller.owner_user_id {
        return Err(ApiError::no_permission());
    }
    if kind == EventKind::Webinar && !user.webinar {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            200,
            format!(
                "Webinar plan is missing. You must subscribe to the webinar plan and enable webinars for this user in order to perform this action: {}.",
                user.id
            ),
        ));
    }
    let now = shared.clock.now();
    let filter = params.get("type").map_or("scheduled", String::as_str);
    let valid_filters: &[&str] = match kind {
        EventKind::Meeting => &[
            "scheduled",
            "live",
            "upcoming",
            "upcoming_meetings",
            "previous_meetings",
        ],
        EventKind::Webinar => &["scheduled", "upcoming"],
    };
    if !valid_filters.contains(&filter) {
        return Err(ApiError::invalid_field("type"));
    }
    let mut events: Vec<_> = world
        .events
        .values()
        .filter(|e| e.kind == kind && e.host_id == user.id)
        .filter(|e| match filter {
            "live" => e.start <= now && now < e.end(),
            "upcoming" | "upcoming_meetings" => !e.is_over(now),
            "previous_meetings" => e.is_over(now),
            _ => true,
        })
        .collect();
    events.sort_by_key(|e| (e.start, e.id));
    let request = page_request(&params);
    let list = format!(
        "{}|{}|{filter}",
        Endpoint::ListEvents(kind).label(),
        user.id
    );
    let ttl = shared.settings().page_token_ttl;
    let page = lock(&shared.pages).page(
        &list,
        &request,
        || events.iter().map(|e| e.id.to_string()).collect(),
        ttl,
        crate::sim::state::monotonic_now(),
    )?;
    let base = &shared.base_url;
    let items = page
        .keys
        .iter()
        .filter_map(|id| id.parse().ok().and_then(|id| world.event(kind, id)))
        .map(|event| render::event_list_item(event, base, now))
        .collect();
    let key = match kind {
        EventKind::Meeting => "meetings",
        EventKind::Webinar => "webinars",
    };
    Ok(Json(render::list(key, items, &page)))
}

pub(crate) fn page_request(params: &std::collections::HashMap<String, String>) -> PageRequest {
    PageRequest {
        page_size: params.get("page_size").cloned(),
        next_page_token: params.get("next_page_token").cloned(),
        page_number: params.get("page_number").cloned(),
    }
}
