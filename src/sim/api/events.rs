//! `GET /meetings/{meetingId}` and `GET /webinars/{webinarId}` (a webinar may also be named by its
//! UUID): the details, with occurrences and the registration settings.

use std::sync::Arc;

use axum::extract::{Extension, Path, State};
use axum::response::Json;
use serde_json::Value;

use super::{Family, Missing, QueryParams, find_event, occurrence_param, params};
use crate::sim::errors::{ApiError, ApiResult};
use crate::sim::render;
use crate::sim::state::{Authorized, Shared, lock};
use crate::sim::world::EventKind;

pub(crate) async fn get_event<F: Family>(
    State(shared): State<Arc<Shared>>,
    Extension(auth): Extension<Authorized>,
    Path(raw_id): Path<String>,
    query: QueryParams,
) -> ApiResult<Json<Value>> {
    let kind = F::KIND;
    let params = params(query)?;
    let world = lock(&shared.world);
    let id = match raw_id.parse::<u64>() {
        Ok(id) => id,
        Err(_) if kind == EventKind::Webinar => world
            .events
            .values()
            .find(|e| e.kind == kind && e.uuid == raw_id)
            .map(|e| e.id)
            .ok_or_else(|| ApiError::event_not_found(kind, &raw_id))?,
        Err(_) => return Err(ApiError::invalid_event_id(kind)),
    };
    let event = find_event(&world, &auth, kind, id, Missing::NotFound)?;
    occurrence_param(event, &params)?;
    let show_previous = match params.get("show_previous_occurrences").map(String::as_str) {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(ApiError::invalid_field("show_previous_occurrences")),
    };
    let host = world
        .user_by_id(&event.host_id)
        .ok_or_else(|| ApiError::user_not_found(&event.host_id))?;
    Ok(Json(render::event_detail(
        event,
        host,
        &shared.base_url,
        shared.clock.now(),
        show_previous,
    )))
}
