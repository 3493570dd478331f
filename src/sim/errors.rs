//! Zoom's error responses: `{"code", "message"}` (plus `errors[]` for validation) with the HTTP
//! status Zoom pairs them with (zoom-api.md §6), and the OAuth-style `{"reason", "error"}` bodies
//! of the token endpoint. Message texts are Zoom's where the documents quote them.

use axum::Json;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;

use super::world::EventKind;

/// One entry of a 300 "Validation Failed." error's `errors[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub(crate) fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// An error answer of the API, ready to be sent.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: i64,
    pub message: String,
    pub errors: Vec<FieldError>,
    pub headers: Vec<(HeaderName, String)>,
}

pub(crate) type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: i64, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            errors: Vec::new(),
            headers: Vec::new(),
        }
    }

    pub(crate) fn with_header(mut self, name: HeaderName, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    // --- 124: the access token ---
    pub(crate) fn invalid_token() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, 124, "Invalid access token.")
    }
    pub(crate) fn expired_token() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, 124, "Access token is expired.")
    }
    pub(crate) fn token_in_query() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            124,
            "Invalid access token, this access token is not supported as query parameter string.",
        )
    }

    /// 4711: the token's scopes grant none of `accepted`.
    pub(crate) fn missing_scopes(accepted: &[String]) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            4711,
            format!(
                "Invalid access token, does not contain scopes:[{}].",
                accepted.join(", ")
            ),
        )
    }

    // --- 300: the request itself ---
    pub(crate) fn body_not_json() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            300,
            "Request Body should be a valid JSON object.",
        )
    }
    pub(crate) fn validation(errors: Vec<FieldError>) -> Self {
        Self {
            errors,
            ..Self::new(StatusCode::BAD_REQUEST, 300, "Validation Failed.")
        }
    }
    pub(crate) fn invalid_field(field: &str) -> Self {
        Self::validation(vec![FieldError::new(field, "Invalid field.")])
    }
    pub(crate) fn bad_page_token() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            300,
            "The next page token is invalid or expired.",
        )
    }
    pub(crate) fn invalid_parameter(name: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            300,
            format!("Invalid parameter: {name}"),
        )
    }

    // --- users ---
    pub(crate) fn user_not_found(user: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            1001,
            format!("User {user} not exist or not belong to this account."),
        )
    }
    /// A user-level scope used on another user's resources.
    pub(crate) fn no_permission() -> Self {
        Self::new(StatusCode::BAD_REQUEST, 200, "No permission.")
    }
    pub(crate) fn not_the_host() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            3003,
            "You are not the meeting host.",
        )
    }

    // --- meetings and webinars ---
    pub(crate) fn event_not_found(kind: EventKind, id: &str) -> Self {
        let message = match kind {
            EventKind::Meeting => format!("Meeting {id} is not found or has expired."),
            EventKind::Webinar => format!("Webinar {id} not found or has expired."),
        };
        Self::new(StatusCode::NOT_FOUND, 3001, message)
    }
    /// The wording of the delete and batch endpoints, with their HTTP status.
    pub(crate) fn event_does_not_exist(kind: EventKind, id: &str, status: StatusCode) -> Self {
        let message = match kind {
            EventKind::Meeting => format!("Meeting does not exist: {id}."),
            EventKind::Webinar => format!("Webinar does not exist: {id}."),
        };
        Self::new(status, 3001, message)
    }
    pub(crate) fn invalid_event_id(kind: EventKind) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            300,
            format!("Invalid {} ID.", kind.name()),
        )
    }
    pub(crate) fn registration_not_enabled(kind: EventKind, id: u64, status: StatusCode) -> Self {
        Self::new(
            status,
            404,
            format!(
                "Registration has not been enabled for this {}: {id}.",
                kind.name()
            ),
        )
    }
    pub(crate) fn event_is_over(kind: EventKind) -> Self {
        let message = match kind {
            EventKind::Meeting => {
                "Meeting is over, you can not register now. If you have any questions, please contact the Meeting host."
            }
            EventKind::Webinar => {
                "Webinar is over, you cannot register now. If you have any questions, contact the webinar host."
            }
        };
        Self::new(StatusCode::BAD_REQUEST, 3038, message)
    }
    pub(crate) fn host_cannot_register() -> Self {
        Self::new(StatusCode::BAD_REQUEST, 3027, "Host cannot register.")
    }
    /// 3043 (meetings) / 3035 (webinars): the 4,999-registrant ceiling.
    pub(crate) fn at_capacity(kind: EventKind, status: StatusCode) -> Self {
        match kind {
            EventKind::Meeting => Self::new(
                status,
                3043,
                "Meeting has reached maximum attendee capacity.",
            ),
            EventKind::Webinar => Self::new(
                status,
                3035,
                "Webinar has reached maximum attendee capacity.",
            ),
        }
    }
    pub(crate) fn registrant_not_found(id: &str, status: StatusCode) -> Self {
        Self::new(status, 3000, format!("Registrant {id} was not found."))
    }
    pub(crate) fn invalid_registrant_id() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            300,
            "The value that you entered for the Registrant ID field is invalid. Enter a valid value and try again.",
        )
    }

    pub(crate) fn route_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            404,
            "The requested resource does not exist.",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = if self.errors.is_empty() {
            json!({ "code": self.code, "message": self.message })
        } else {
            json!({ "code": self.code, "message": self.message, "errors": self.errors })
        };
        let mut response = (self.status, Json(body)).into_response();
        for (name, value) in self.headers {
            if let Ok(value) = HeaderValue::from_str(&value) {
                response.headers_mut().insert(name, value);
            }
        }
        response
    }
}

/// The token endpoint's OAuth-style errors: `{"reason": "...", "error": "..."}`.
#[derive(Debug, Clone)]
pub(crate) struct OAuthError {
    pub status: StatusCode,
    pub error: &'static str,
    pub reason: String,
}

impl OAuthError {
    pub(crate) fn new(status: StatusCode, error: &'static str, reason: impl Into<String>) -> Self {
        Self {
            status,
            error,
            reason: reason.into(),
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(json!({ "reason": self.reason, "error": self.error })),
        )
            .into_response()
    }
}

/// A 500, 502 or 503 as Zoom's front ends send them: JSON from the API, HTML from the gateway.
pub(crate) fn server_error(detail: u64) -> Response {
    match detail % 3 {
        0 => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, 500, "Internal Server Error").into_response(),
        1 => (
            StatusCode::BAD_GATEWAY,
            [(axum::http::header::CONTENT_TYPE, "text/html")],
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n",
        )
            .into_response(),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(axum::http::header::CONTENT_TYPE, "text/html")],
            "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n",
        )
            .into_response(),
    }
}
