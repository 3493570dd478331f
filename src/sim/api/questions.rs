//! `GET`/`PATCH …/registrants/questions`: the standard fields shown on the registration form
//! (and whether each is required) and the custom questions. A PATCH replaces the lists it carries.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, StatusCode, header::CONTENT_TYPE};
use axum::response::Json;
use serde_json::Value;

use super::{Family, Missing, event_id, registration_event};
use crate::sim::endpoints::Endpoint;
use crate::sim::errors::ApiResult;
use crate::sim::render;
use crate::sim::state::{Authorized, Shared, lock};
use crate::sim::validate::{json_object_body, question_update};

pub(crate) async fn get<F: Family>(
    State(shared): State<Arc<Shared>>,
    Extension(auth): Extension<Authorized>,
    Path(raw_id): Path<String>,
) -> ApiResult<Json<Value>> {
    let kind = F::KIND;
    let id = event_id(kind, &raw_id)?;
    let world = lock(&shared.world);
    let event = registration_event(
        &world,
        &auth,
        Endpoint::GetQuestions(kind),
        kind,
        id,
        Missing::NotFound,
    )?;
    Ok(Json(render::questions(event)))
}

pub(crate) async fn update<F: Family>(
    State(shared): State<Arc<Shared>>,
    Extension(auth): Extension<Authorized>,
    Path(raw_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<StatusCode> {
    let kind = F::KIND;
    let id = event_id(kind, &raw_id)?;
    let mut world = lock(&shared.world);
    registration_event(
        &world,
        &auth,
        Endpoint::UpdateQuestions(kind),
        kind,
        id,
        Missing::NotFound,
    )?;
    let body = json_object_body(
        headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()),
        &body,
    )?;
    let update = question_update(kind, &body)?;
    if let Some(event) = world.event_mut(kind, id) {
        if let Some(questions) = update.questions {
            event.questions = questions;
        }
        if let Some(custom_questions) = update.custom_questions {
            event.custom_questions = custom_questions;
        }
    }
    Ok(StatusCode::NO_CONTENT)
}
