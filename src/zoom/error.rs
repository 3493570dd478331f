//! The client's errors. Zoom's answers are classified once, here, into kinds a caller can match on
//! (expired token, missing scope, registration off, capacity, daily limit…); every error turns into
//! plain words with [`ZoomError::diagnosis`](super::diagnosis).

use serde::{Deserialize, Serialize};

use super::auth_kind::AuthKind;
use super::endpoint::{Category, Endpoint};

/// Everything that can go wrong talking to Zoom.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ZoomError {
    /// Zoom answered a request with an error.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The token endpoint refused the credentials.
    #[error("{0}")]
    TokenRequest(TokenRequestError),
    /// The configured secret is not a secret: it looks like a token or a token response.
    #[error("the {field} looks like {looks_like}, not like the app's secret")]
    SecretLooksLikeToken {
        field: &'static str,
        looks_like: &'static str,
    },
    /// No HTTP answer at all after the retries.
    #[error("cannot reach {url}: {detail}")]
    Unreachable { url: String, detail: String },
    /// A change was sent but the answer was lost, and checking did not settle whether it happened.
    #[error("{endpoint}: the outcome is unknown ({detail})")]
    OutcomeUnknown { endpoint: Endpoint, detail: String },
    /// A rate limit that waiting a moment does not fix, or per-second limits that persisted
    /// through every retry.
    #[error("{0}")]
    RateLimited(RateLimitError),
    /// Zoom answered with something regdesk cannot read.
    #[error("{endpoint}: unexpected answer (HTTP {status}): {detail}")]
    UnexpectedResponse {
        endpoint: Endpoint,
        status: u16,
        detail: String,
    },
    /// Zoom asked to wait longer before retrying than regdesk waits (`Retry-After` on a 5xx, a
    /// per-second 429 or the token endpoint).
    #[error(
        "{endpoint}: Zoom asked to retry after {} ({cause}); not waiting longer than {} s",
        describe_wait(*asked),
        ceiling.as_secs()
    )]
    WaitTooLong {
        endpoint: Endpoint,
        asked: std::time::Duration,
        ceiling: std::time::Duration,
        /// The answer that asked, e.g. `HTTP 503`.
        cause: String,
    },
    /// The request was refused before sending: bad input or configuration.
    #[error("{field}: {problem}")]
    InvalidRequest { field: String, problem: String },
}

/// "86400 s (a day)", "90 s (1 min 30 s)", "42 s".
pub fn describe_wait(wait: std::time::Duration) -> String {
    let seconds = wait.as_secs();
    let rough = match seconds {
        0..60 => None,
        60..3600 => Some(format!("{} min {} s", seconds / 60, seconds % 60)),
        3600..86_400 => Some(format!("{:.1} hours", seconds as f64 / 3600.0)),
        86_400..172_800 => Some("a day".to_owned()),
        _ => Some(format!("{:.1} days", seconds as f64 / 86_400.0)),
    };
    match rough {
        Some(rough) => format!("{seconds} s ({rough})"),
        None if wait.subsec_millis() > 0 && seconds < 10 => {
            format!("{:.1} s", wait.as_secs_f64())
        }
        None => format!("{seconds} s"),
    }
}

impl ZoomError {
    /// The API error kind, when Zoom answered with an error body.
    pub fn api_kind(&self) -> Option<&ApiErrorKind> {
        match self {
            ZoomError::Api(error) => Some(&error.kind),
            _ => None,
        }
    }

    /// Whether this says the thing asked for does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self.api_kind(), Some(ApiErrorKind::NotFound { .. }))
    }

    /// Whether this concerns credentials or tokens (a reason to stop everything, not one row).
    pub fn is_auth(&self) -> bool {
        matches!(
            self,
            ZoomError::TokenRequest(_) | ZoomError::SecretLooksLikeToken { .. }
        ) || matches!(
            self.api_kind(),
            Some(
                ApiErrorKind::AccessTokenExpired
                    | ApiErrorKind::AccessTokenInvalid
                    | ApiErrorKind::MissingScopes { .. }
            )
        )
    }
}

/// One field named in a Zoom validation error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    #[serde(default)]
    pub field: String,
    #[serde(default)]
    pub message: String,
}

/// An error answer from Zoom's API, classified.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub endpoint: Endpoint,
    pub status: u16,
    /// Zoom's `code` (not the HTTP status).
    pub code: Option<i64>,
    pub message: String,
    pub field_errors: Vec<FieldError>,
    pub kind: ApiErrorKind,
    /// What the client knew when the error came back, for the diagnosis.
    pub context: ErrorContext,
}

/// The client's state when an error came back: enough to explain it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ErrorContext {
    pub auth_kind: Option<AuthKind>,
    /// The measured offset of Zoom's clock to ours, in seconds (positive: Zoom is ahead).
    pub clock_offset_secs: Option<f64>,
    /// The scopes of the token used (S2S apps).
    pub granted_scopes: Vec<String>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: Zoom answered HTTP {}", self.endpoint, self.status)?;
        if let Some(code) = self.code {
            write!(f, ", code {code}")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        for field in &self.field_errors {
            write!(f, " [{}: {}]", field.field, field.message)?;
        }
        Ok(())
    }
}

/// What an API error means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiErrorKind {
    /// 124 "Access token is expired." — for JWT apps usually a clock problem.
    AccessTokenExpired,
    /// 124 "Invalid access token." — revoked, replaced by a newer one, or malformed.
    AccessTokenInvalid,
    /// 4700/4711: the token lacks every scope the endpoint accepts; `missing` as Zoom listed them.
    MissingScopes { missing: Vec<String> },
    /// The meeting or webinar does not take registrations.
    RegistrationNotEnabled,
    /// 300 "Request Body should be a valid JSON object."
    BodyNotJson,
    /// 300 "Validation Failed." with the fields in `field_errors`.
    ValidationFailed,
    /// 3027: the host cannot register for their own webinar.
    HostCannotRegister,
    /// 3035/3043 or the attendee limit: the event is full.
    CapacityReached,
    /// 3038: the event is over.
    EventOver,
    /// 3034/3051: Zoom wants a work email for invited registrants.
    WorkEmailRequired,
    /// Something does not exist: a meeting, webinar, registrant or user.
    NotFound { what: NotFoundWhat },
    /// 3003: the app's user is not the meeting's host.
    NotHost,
    /// 200 "Only available for paid users".
    PaidPlanRequired,
    /// 200 "Webinar plan is missing".
    WebinarPlanMissing,
    /// 303 / 300: batch registration needs a scheduled (non-recurring) event.
    WrongEventType,
    /// 3161: the user may not host or schedule meetings.
    SchedulingNotAllowed,
    /// 3000 "Cannot access meeting info." and 403s.
    AccessDenied,
    /// 300 "The next page token is invalid or expired." (the listing restarts by itself).
    PageTokenInvalid,
    /// 12702 "Can not access a meeting a year ago.": attendance older than Zoom keeps.
    BeyondRetention,
    /// Anything else.
    Other,
}

/// What was not found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotFoundWhat {
    Event,
    Registrant,
    User,
    Unknown,
}

/// The token endpoint's refusal (`{"reason": …, "error": …}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequestError {
    pub status: u16,
    /// OAuth `error`, e.g. `invalid_client`.
    pub error: Option<String>,
    /// Zoom's `reason`.
    pub reason: Option<String>,
    pub kind: TokenErrorKind,
}

impl std::fmt::Display for TokenRequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the token endpoint refused (HTTP {}", self.status)?;
        if let Some(error) = &self.error {
            write!(f, ", {error}")?;
        }
        f.write_str(")")?;
        if let Some(reason) = &self.reason {
            write!(f, ": {reason}")?;
        }
        Ok(())
    }
}

/// What a token refusal means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenErrorKind {
    /// Wrong client ID or secret.
    InvalidClient,
    /// The grant is not `account_credentials`, or the app is not a Server-to-Server app.
    UnsupportedGrant,
    /// The account ID is wrong, or the app does not belong to that account.
    InvalidAccount,
    /// The app is deactivated or disabled.
    AppDisabled,
    Other,
}

/// Which limit a 429 hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RateLimitKind {
    /// The per-second limit of a category (retried; an error only when retries ran out).
    PerSecond,
    /// The account's daily limit of a category.
    Daily,
    /// Zoom's 3 registration requests per registrant, event and UTC day.
    RegistrantAdds,
    /// Zoom's 10 status changes per registrant, event and UTC day.
    RegistrantStatus,
}

/// A rate-limit refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimitError {
    pub endpoint: Endpoint,
    pub category: Option<Category>,
    pub kind: RateLimitKind,
    /// When requests may resume (daily limits: Zoom's `Retry-After` date or the next 00:00 UTC).
    pub reset_at: Option<jiff::Timestamp>,
    pub message: String,
}

impl std::fmt::Display for RateLimitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: rate limited", self.endpoint)?;
        if let Some(category) = self.category {
            write!(f, " ({category})")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(reset) = self.reset_at {
            write!(
                f,
                " (resets at {})",
                reset.strftime("%Y-%m-%d %H:%M:%S UTC")
            )?;
        }
        Ok(())
    }
}

/// Zoom's error body: `{"code": …, "message": …, "errors": [...]}`.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct ErrorBody {
    #[serde(default, deserialize_with = "super::models::lenient::opt_int")]
    pub code: Option<i64>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub errors: Vec<FieldError>,
}

/// The OAuth error body of the token endpoint.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct OAuthErrorBody {
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub error_description: Option<String>,
}

/// Classifies an error answer by Zoom's code and message, falling back on the HTTP status.
pub(crate) fn classify(
    endpoint: Endpoint,
    status: u16,
    code: Option<i64>,
    message: &str,
) -> ApiErrorKind {
    let text = message.to_ascii_lowercase();
    let event_or_other = |what: NotFoundWhat| ApiErrorKind::NotFound { what };
    let registrant_endpoint = matches!(
        endpoint,
        Endpoint::GetRegistrant(_) | Endpoint::DeleteRegistrant(_)
    );
    if text.contains("does not contain scope") {
        return ApiErrorKind::MissingScopes {
            missing: parse_scope_list(message),
        };
    }
    if text.contains("registration has not been enabled")
        || text.contains("registration not enabled")
        || text.contains("not set registration")
        || text.contains("registration as required")
        || text.contains("not registration required")
    {
        return ApiErrorKind::RegistrationNotEnabled;
    }
    if text.contains("next page token") {
        return ApiErrorKind::PageTokenInvalid;
    }
    match code {
        Some(124) => {
            return if text.contains("expired") {
                ApiErrorKind::AccessTokenExpired
            } else {
                ApiErrorKind::AccessTokenInvalid
            };
        }
        Some(4700 | 4711) => {
            return ApiErrorKind::MissingScopes {
                missing: parse_scope_list(message),
            };
        }
        Some(300) => {
            if text.contains("valid json") {
                return ApiErrorKind::BodyNotJson;
            }
            if text.contains("validation failed") {
                return ApiErrorKind::ValidationFailed;
            }
            if text.contains("registrant id")
                || text.contains("registrant") && text.contains("invalid")
            {
                return event_or_other(NotFoundWhat::Registrant);
            }
            if text.contains("not found")
                || text.contains("has expired")
                || text.contains("invalid webinar id")
                || text.contains("invalid meeting id")
                || text.contains("is not valid")
            {
                return event_or_other(NotFoundWhat::Event);
            }
            if text.contains("scheduled meeting") || text.contains("scheduled webinar") {
                return ApiErrorKind::WrongEventType;
            }
        }
        Some(303) => return ApiErrorKind::WrongEventType,
        Some(200) => {
            if text.contains("webinar plan") {
                return ApiErrorKind::WebinarPlanMissing;
            }
            if text.contains("paid") {
                return ApiErrorKind::PaidPlanRequired;
            }
            return ApiErrorKind::AccessDenied;
        }
        Some(1001) => return event_or_other(NotFoundWhat::User),
        Some(1010) => return ApiErrorKind::AccessDenied,
        Some(3000) => {
            if text.contains("was not found")
                || text.contains("registrant") && text.contains("not found")
            {
                return event_or_other(NotFoundWhat::Registrant);
            }
            if text.contains("limit for the number of attendees") || text.contains("capacity") {
                return ApiErrorKind::CapacityReached;
            }
            if text.contains("cannot access") {
                return ApiErrorKind::AccessDenied;
            }
        }
        Some(3001) => return event_or_other(NotFoundWhat::Event),
        Some(3003) => return ApiErrorKind::NotHost,
        Some(3027) => return ApiErrorKind::HostCannotRegister,
        Some(3034 | 3051) => return ApiErrorKind::WorkEmailRequired,
        Some(3035 | 3043) => return ApiErrorKind::CapacityReached,
        Some(3038) => return ApiErrorKind::EventOver,
        Some(3161) => return ApiErrorKind::SchedulingNotAllowed,
        Some(12702) => return ApiErrorKind::BeyondRetention,
        _ => {}
    }
    if text.contains("host cannot register") {
        return ApiErrorKind::HostCannotRegister;
    }
    if text.contains("maximum attendee capacity") {
        return ApiErrorKind::CapacityReached;
    }
    match status {
        401 => ApiErrorKind::AccessTokenInvalid,
        403 => ApiErrorKind::AccessDenied,
        404 if registrant_endpoint || text.contains("registrant") => {
            event_or_other(NotFoundWhat::Registrant)
        }
        404 if text.contains("user") => event_or_other(NotFoundWhat::User),
        404 if text.contains("meeting") || text.contains("webinar") => {
            event_or_other(NotFoundWhat::Event)
        }
        404 => event_or_other(NotFoundWhat::Unknown),
        _ => ApiErrorKind::Other,
    }
}

/// The scopes listed in a missing-scope message: `…does not contain scopes:[a, b].`
fn parse_scope_list(message: &str) -> Vec<String> {
    let Some(start) = message.find('[') else {
        return Vec::new();
    };
    let Some(end) = message[start..].find(']') else {
        return Vec::new();
    };
    message[start + 1..start + end]
        .split([',', ' '])
        .map(str::trim)
        .filter(|scope| !scope.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Classifies the token endpoint's refusal.
pub(crate) fn classify_token_error(status: u16, body: &OAuthErrorBody) -> TokenErrorKind {
    let error = body
        .error
        .as_deref()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let reason = body
        .reason
        .as_deref()
        .or(body.error_description.as_deref())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if error.contains("unsupported_grant") || reason.contains("unsupported grant") {
        TokenErrorKind::UnsupportedGrant
    } else if reason.contains("disabled") || reason.contains("deactivated") {
        TokenErrorKind::AppDisabled
    } else if error == "invalid_client" || reason.contains("client") || status == 401 {
        TokenErrorKind::InvalidClient
    } else if error == "invalid_request" && reason.contains("account")
        || error == "invalid_grant"
        || reason.contains("account")
    {
        TokenErrorKind::InvalidAccount
    } else {
        TokenErrorKind::Other
    }
}

/// Reads a 429's limit kind from Zoom's headers and message.
pub(crate) fn classify_rate_limit(limit_type: Option<&str>, message: &str) -> RateLimitKind {
    let text = message.to_ascii_lowercase();
    let mentions_registrant = text.contains("registrant");
    if text.contains("daily") && mentions_registrant {
        if text.contains("status") {
            RateLimitKind::RegistrantStatus
        } else {
            RateLimitKind::RegistrantAdds
        }
    } else if limit_type.is_some_and(|kind| kind.to_ascii_lowercase().contains("daily"))
        || text.contains("daily")
    {
        RateLimitKind::Daily
    } else {
        RateLimitKind::PerSecond
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zoom::models::EventKind;

    const ADD: Endpoint = Endpoint::AddRegistrant(EventKind::Meeting);

    #[test]
    fn zoom_messages_map_to_kinds() {
        assert_eq!(
            classify(ADD, 401, Some(124), "Access token is expired."),
            ApiErrorKind::AccessTokenExpired
        );
        assert_eq!(
            classify(ADD, 401, Some(124), "Invalid access token."),
            ApiErrorKind::AccessTokenInvalid
        );
        assert_eq!(
            classify(
                ADD,
                400,
                Some(4711),
                "Invalid access token, does not contain scopes:[meeting:write:registrant:admin, meeting:write:admin]."
            ),
            ApiErrorKind::MissingScopes {
                missing: vec![
                    "meeting:write:registrant:admin".into(),
                    "meeting:write:admin".into()
                ]
            }
        );
        assert_eq!(
            classify(
                ADD,
                400,
                Some(404),
                "Registration has not been enabled for this meeting: 123."
            ),
            ApiErrorKind::RegistrationNotEnabled
        );
        assert_eq!(
            classify(
                ADD,
                400,
                Some(300),
                "Request Body should be a valid JSON object."
            ),
            ApiErrorKind::BodyNotJson
        );
        assert_eq!(
            classify(ADD, 400, Some(3027), "Host cannot register."),
            ApiErrorKind::HostCannotRegister
        );
        assert_eq!(
            classify(
                ADD,
                400,
                Some(3043),
                "Meeting has reached maximum attendee capacity."
            ),
            ApiErrorKind::CapacityReached
        );
        assert_eq!(
            classify(
                ADD,
                404,
                Some(3001),
                "Meeting 1 is not found or has expired."
            ),
            ApiErrorKind::NotFound {
                what: NotFoundWhat::Event
            }
        );
        assert_eq!(
            classify(
                Endpoint::ListRegistrants(EventKind::Meeting),
                400,
                Some(300),
                "The next page token is invalid or expired."
            ),
            ApiErrorKind::PageTokenInvalid
        );
        assert_eq!(
            classify(
                Endpoint::DeleteRegistrant(EventKind::Webinar),
                400,
                Some(3000),
                "Registrant abc was not found."
            ),
            ApiErrorKind::NotFound {
                what: NotFoundWhat::Registrant
            }
        );
    }

    #[test]
    fn attendance_older_than_a_year_is_named_as_zoom_s_retention_limit() {
        let kind = classify(
            Endpoint::ReportParticipants(EventKind::Webinar),
            400,
            Some(12702),
            "Can not access a webinar a year ago.",
        );
        assert_eq!(kind, ApiErrorKind::BeyondRetention);
    }

    #[test]
    fn rate_limit_messages_map_to_kinds() {
        assert_eq!(
            classify_rate_limit(
                None,
                "You have exceeded the daily rate limit (3) of Webinar Batch Registration API requests permitted for (email) this particular registrant."
            ),
            RateLimitKind::RegistrantAdds
        );
        assert_eq!(
            classify_rate_limit(
                None,
                "You have exceeded the daily rate limit of (10) for webinar Update registrant's status API requests for the registrant"
            ),
            RateLimitKind::RegistrantStatus
        );
        assert_eq!(
            classify_rate_limit(Some("Daily-limit"), "whatever"),
            RateLimitKind::Daily
        );
        assert_eq!(
            classify_rate_limit(
                Some("QPS"),
                "You have reached the maximum per-second rate limit for this API. Try again later."
            ),
            RateLimitKind::PerSecond
        );
    }
}
