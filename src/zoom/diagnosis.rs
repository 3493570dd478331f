//! Plain words for everything that can go wrong with Zoom: each error becomes a [`Diagnosis`]
//! (what happened, why, and how to fix it). The client's user-facing texts live here together,
//! one arm per pitfall of Zoom's API (expired JWTs from clock skew, tokens invalidated by another
//! process, missing scopes, registration off, daily and per-registrant limits…).

use serde::{Deserialize, Serialize};

use super::auth_kind::AuthKind;
use super::endpoint::Endpoint;
use super::error::{
    ApiError, ApiErrorKind, ErrorContext, NotFoundWhat, RateLimitError, RateLimitKind,
    TokenErrorKind, TokenRequestError, ZoomError,
};
use super::models::EventKind;

/// An error explained: a one-line summary, why it happens, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnosis {
    pub summary: String,
    pub explanation: String,
    pub fix: String,
}

impl Diagnosis {
    fn new(
        summary: impl Into<String>,
        explanation: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Diagnosis {
            summary: summary.into(),
            explanation: explanation.into(),
            fix: fix.into(),
        }
    }
}

impl std::fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}", self.summary)?;
        writeln!(f, "  why: {}", self.explanation)?;
        write!(f, "  fix: {}", self.fix)
    }
}

/// "2 min 3 s ahead of", "5 s behind", for clock offsets in seconds (positive: Zoom ahead).
pub fn describe_offset(offset_secs: f64) -> String {
    let rounded = offset_secs.round() as i64;
    let magnitude = rounded.unsigned_abs();
    let amount = if magnitude >= 60 {
        format!("{} min {} s", magnitude / 60, magnitude % 60)
    } else {
        format!("{magnitude} s")
    };
    match rounded.signum() {
        1 => format!("{amount} ahead of"),
        -1 => format!("{amount} behind"),
        _ => "in step with".to_owned(),
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "(none)".to_owned()
    } else {
        items.join(", ")
    }
}

impl ZoomError {
    /// What happened, why, and how to fix it, in plain words.
    pub fn diagnosis(&self) -> Diagnosis {
        match self {
            ZoomError::Api(error) => api_diagnosis(error),
            ZoomError::TokenRequest(error) => token_diagnosis(error),
            ZoomError::SecretLooksLikeToken { field, looks_like } => Diagnosis::new(
                format!("The {field} is {looks_like}, not the app's secret."),
                "Zoom's token endpoint needs the app's own secret (from the app's \"App credentials\" \
                 page). A pasted access token, a `Bearer …` header or the whole token JSON \
                 (`{\"access_token\": …}`) is not a secret and expires within an hour anyway.",
                format!(
                    "Copy the {field} again from the Zoom App Marketplace (Manage → your app → App \
                     credentials) and store it with `regdesk login` (or ZOOM_CLIENT_SECRET)."
                ),
            ),
            ZoomError::Unreachable { url, detail } => Diagnosis::new(
                format!("Cannot reach Zoom at {url}."),
                format!("No answer came back after several tries: {detail}."),
                "Check the network connection and the address (--api-url / --oauth-url, \
                 REGDESK_API_URL / REGDESK_OAUTH_URL). For the simulator, start `regdesk sim` and \
                 use the URLs it prints.",
            ),
            ZoomError::OutcomeUnknown { endpoint, detail } => Diagnosis::new(
                format!("regdesk cannot tell whether \"{endpoint}\" took effect."),
                format!(
                    "The request was sent but its answer was lost ({detail}), and checking the \
                     registrants did not settle it. Sending it again blindly could register \
                     someone twice or use up their 3 registrations a day."
                ),
                format!(
                    "Look at the registrants (`{}`) and repeat only what is missing.",
                    list_all_command(*endpoint)
                ),
            ),
            ZoomError::RateLimited(error) => rate_limit_diagnosis(error),
            ZoomError::UnexpectedResponse {
                endpoint,
                status,
                detail,
            } => Diagnosis::new(
                format!(
                    "Zoom's answer to \"{endpoint}\" was not what regdesk expected (HTTP {status})."
                ),
                format!("regdesk could not read it: {detail}."),
                "Retry; if it keeps happening, report it with the request log entry (it is redacted).",
            ),
            ZoomError::WaitTooLong {
                endpoint,
                asked,
                ceiling,
                cause,
            } => Diagnosis::new(
                format!(
                    "Zoom asked regdesk to wait {} before retrying \"{endpoint}\".",
                    super::error::describe_wait(*asked)
                ),
                format!(
                    "Zoom answered {cause} with a Retry-After longer than the {} s regdesk waits \
                     silently: Zoom is overloaded or a limit is in force.",
                    ceiling.as_secs()
                ),
                "Try again later; if it persists, check Zoom's status page (status.zoom.us).",
            ),
            ZoomError::InvalidRequest { field, problem } => Diagnosis::new(
                format!("{field}: {problem}"),
                "regdesk checked the request before sending it and nothing was sent.",
                format!("Correct {field} and try again."),
            ),
        }
    }
}

fn api_diagnosis(error: &ApiError) -> Diagnosis {
    let context = &error.context;
    let endpoint = error.endpoint;
    let noun = event_noun(endpoint);
    match &error.kind {
        ApiErrorKind::AccessTokenExpired => expired_token(context),
        ApiErrorKind::AccessTokenInvalid => invalid_token(context),
        ApiErrorKind::MissingScopes { missing } => {
            let accepted = endpoint.accepted_scopes();
            let named = if missing.is_empty() {
                accepted.clone()
            } else {
                missing.clone()
            };
            let granted = if context.auth_kind == Some(AuthKind::ServerToServer) {
                format!(" The token has: {}.", list(&context.granted_scopes))
            } else {
                String::new()
            };
            let first = named.first().cloned().unwrap_or_default();
            Diagnosis::new(
                format!("The app lacks a scope needed to {endpoint}."),
                format!(
                    "Zoom accepts any one of: {}.{granted} regdesk needs it for {}.",
                    list(&named),
                    endpoint.features()
                ),
                format!(
                    "In the Zoom App Marketplace open the app → Scopes, add {first} (apps created \
                     since 2024 use granular scopes like this; older apps use the classic ones), \
                     save and re-activate the app. New scopes apply to new tokens: run `regdesk \
                     doctor` to fetch one and check."
                ),
            )
        }
        ApiErrorKind::RegistrationNotEnabled => Diagnosis::new(
            format!("Registration is not enabled for this {noun}."),
            format!(
                "Zoom only takes registrants for a {noun} whose registration is \"Required\" \
                 (approval automatic or manual). Zoom said: {}",
                error.message
            ),
            format!(
                "In Zoom, edit the {noun}, tick Registration → Required and save. The host must \
                 be a licensed (paid) user: basic users cannot enable registration."
            ),
        ),
        ApiErrorKind::BodyNotJson => Diagnosis::new(
            "Zoom could not read the request body as JSON.",
            "Registrant fields must travel as a JSON body with Content-Type: application/json; \
             only occurrence IDs go in the query string. Tools that send the fields as query \
             parameters or form data get exactly this error (code 300).",
            "regdesk always sends JSON, so this points at something between regdesk and Zoom \
             (a proxy rewriting bodies) or a regdesk bug: report it with the request log entry.",
        ),
        ApiErrorKind::ValidationFailed => {
            let fields: Vec<String> = error
                .field_errors
                .iter()
                .map(|field| format!("{} ({})", field.field, field.message))
                .collect();
            Diagnosis::new(
                "Zoom rejected some fields.",
                format!(
                    "Zoom said: {}; fields: {}.",
                    error.message.trim_end_matches('.'),
                    list(&fields)
                ),
                "Correct the named fields (email format, two-letter country code, the exact \
                 choices of drop-down questions, at most 64 characters for names) and retry.",
            )
        }
        ApiErrorKind::HostCannotRegister => Diagnosis::new(
            format!("The {noun}'s host cannot register for it."),
            "Zoom refuses to register the host's own email address (code 3027).",
            "Register a different address; the host joins with the start link instead.",
        ),
        ApiErrorKind::CapacityReached => Diagnosis::new(
            format!("The {noun} is full."),
            format!(
                "Zoom says the {noun} reached its attendee capacity ({}). Meetings take at most \
                 4,999 registrants; webinars may have a lower registrant limit.",
                error.message
            ),
            format!(
                "Remove registrants who will not come, raise the {noun}'s registrant limit or \
                 capacity in Zoom, or register them for another session."
            ),
        ),
        ApiErrorKind::EventOver => Diagnosis::new(
            format!("The {noun} is over."),
            "Zoom does not take registrations after an event has ended (code 3038).",
            "Register people for a future occurrence or another event.",
        ),
        ApiErrorKind::WorkEmailRequired => Diagnosis::new(
            "Zoom wants a work email address for this registrant.",
            format!("Zoom said: {}", error.message),
            "Use the address the person was invited with.",
        ),
        ApiErrorKind::NotFound { what } => not_found(error, *what),
        ApiErrorKind::NotHost => Diagnosis::new(
            format!("The app's user is not this {noun}'s host."),
            "Zoom only lets the host (or an account-level app) manage registrants (code 3003).",
            "Use a Server-to-Server app of the host's account with the `:admin` scopes, or the \
             host's own credentials.",
        ),
        ApiErrorKind::PaidPlanRequired if is_attendance(endpoint) => Diagnosis::new(
            "Attendance needs a paid Zoom account (Pro or higher).",
            format!(
                "Zoom said: {} Zoom gives past participants, participant reports and webinar \
                 absentees only to paid accounts.",
                error.message
            ),
            "Upgrade the account to Pro or higher in Zoom's billing page; until then, who \
             attended shows only in Zoom's web portal.",
        ),
        ApiErrorKind::PaidPlanRequired => Diagnosis::new(
            "This needs a paid (licensed) Zoom user.",
            format!(
                "Zoom said: {} Registration is only available to licensed hosts.",
                error.message
            ),
            "Assign a license to the host in Zoom's admin portal, or use a licensed host.",
        ),
        ApiErrorKind::WebinarPlanMissing => Diagnosis::new(
            "The host has no webinar license.",
            format!("Zoom said: {}", error.message),
            "Assign the Webinar add-on to the host in Zoom's admin portal.",
        ),
        ApiErrorKind::WrongEventType => Diagnosis::new(
            format!("Batch registration does not work for this {noun}."),
            "Zoom's batch endpoint only takes scheduled, non-recurring events (meeting type 2, \
             webinar type 5).",
            "regdesk can register people one by one instead (`regdesk add`, or an import, which \
             switches to single adds for such events).",
        ),
        ApiErrorKind::SchedulingNotAllowed => Diagnosis::new(
            "This user may not host or schedule meetings.",
            format!("Zoom said: {}", error.message),
            "Pick another user (--user), or enable meeting hosting for this user in Zoom.",
        ),
        ApiErrorKind::AccessDenied => Diagnosis::new(
            format!("Zoom refused access to this {noun}."),
            format!(
                "Zoom said: {} The app's account may not own it, or a user-level app acts on \
                 another user's events.",
                error.message
            ),
            "Use credentials of the account that owns it (a Server-to-Server app with `:admin` \
             scopes can act for every user of its account).",
        ),
        ApiErrorKind::PageTokenInvalid => Diagnosis::new(
            "Zoom's page token expired in the middle of a listing.",
            "Zoom's next_page_token lives 15 minutes. regdesk restarts such a listing from the \
             start by itself; seeing this means it kept expiring.",
            "Retry the listing; if the account is very slow, list when it is less busy.",
        ),
        ApiErrorKind::BeyondRetention => Diagnosis::new(
            format!("Zoom no longer keeps this {noun}'s attendance."),
            "Zoom serves participants and reports of the last 12 months only (code 12702).",
            "Use an attendance export saved while it was recent, or a later occurrence.",
        ),
        ApiErrorKind::Other => Diagnosis::new(
            format!("Zoom refused to {endpoint}."),
            match error.code {
                Some(code) => format!(
                    "Zoom answered HTTP {} with code {code}: {}",
                    error.status, error.message
                ),
                None => format!("Zoom answered HTTP {}: {}", error.status, error.message),
            },
            "Zoom's message names what it did not accept: correct that value (an ID, an \
             occurrence, a field) and retry. The request log (the TUI's live pane) shows exactly \
             what was sent.",
        ),
    }
}

/// The endpoints that read who attended a past event (each has its own plan requirement).
fn is_attendance(endpoint: Endpoint) -> bool {
    matches!(
        endpoint,
        Endpoint::PastInstances(_)
            | Endpoint::PastParticipants(_)
            | Endpoint::ReportParticipants(_)
            | Endpoint::WebinarAbsentees
    )
}

fn event_noun(endpoint: Endpoint) -> &'static str {
    event_kind(endpoint).unwrap_or(EventKind::Meeting).noun()
}

fn event_kind(endpoint: Endpoint) -> Option<EventKind> {
    match endpoint {
        Endpoint::ListEvents(kind)
        | Endpoint::GetEvent(kind)
        | Endpoint::ListRegistrants(kind)
        | Endpoint::AddRegistrant(kind)
        | Endpoint::GetRegistrant(kind)
        | Endpoint::DeleteRegistrant(kind)
        | Endpoint::UpdateStatus(kind)
        | Endpoint::GetQuestions(kind)
        | Endpoint::UpdateQuestions(kind)
        | Endpoint::BatchRegister(kind)
        | Endpoint::PastInstances(kind)
        | Endpoint::PastParticipants(kind)
        | Endpoint::ReportParticipants(kind) => Some(kind),
        Endpoint::WebinarAbsentees => Some(EventKind::Webinar),
        Endpoint::Token | Endpoint::ListUsers => None,
    }
}

/// The command that lists every registrant of the endpoint's kind of event.
fn list_all_command(endpoint: Endpoint) -> &'static str {
    match event_kind(endpoint) {
        Some(EventKind::Webinar) => "regdesk registrants WEBINAR_ID --webinar --status all",
        _ => "regdesk registrants MEETING_ID --status all",
    }
}

fn expired_token(context: &ErrorContext) -> Diagnosis {
    match context.auth_kind {
        Some(AuthKind::LegacyJwt) => {
            let offset = context.clock_offset_secs.unwrap_or(0.0);
            Diagnosis::new(
                "Zoom says the JWT has expired: the clocks disagree.",
                format!(
                    "A JWT carries its own expiry (`exp`, UTC seconds) and Zoom checks it against \
                     its clock. Zoom's clock is {} this computer's (measured from its Date \
                     header). A clock that is off, or local time used as UTC, makes fresh tokens \
                     look expired.",
                    describe_offset(offset)
                ),
                "regdesk corrects its tokens for the offset it measures and has retried once; \
                 if this persists, sync this computer's clock (e.g. `timedatectl set-ntp true`). \
                 Zoom retired JWT apps in September 2023: move to a Server-to-Server OAuth app.",
            )
        }
        _ => Diagnosis::new(
            "Zoom says the access token has expired.",
            "Server-to-Server tokens live one hour and regdesk replaces them ahead of time, so an \
             early expiry means Zoom ended it: the app was deactivated, its secret regenerated, \
             or tokens were revoked.",
            "regdesk fetched a new token and retried once. If it persists, check the app is \
             activated in the Zoom App Marketplace and run `regdesk doctor`.",
        ),
    }
}

fn invalid_token(context: &ErrorContext) -> Diagnosis {
    match context.auth_kind {
        Some(AuthKind::LegacyJwt) => Diagnosis::new(
            "Zoom rejected the JWT.",
            "Either the API key/secret are wrong, Zoom no longer accepts JWT apps (retired \
             September 2023), or the clocks disagree so much that the token looks expired.",
            "Check ZOOM_API_KEY/ZOOM_API_SECRET, sync the clock, and move to a Server-to-Server \
             OAuth app.",
        ),
        _ => Diagnosis::new(
            "Zoom rejected the access token as invalid.",
            "Usually another process fetched a token with the same app: Zoom has invalidated \
             older tokens whenever a new one is issued, so two tools (or two regdesk runs) \
             sharing one app keep knocking each other's token out. It also happens when the \
             app is deactivated, its secret regenerated, or the token is sent wrongly (the \
             whole token JSON, or in the query string).",
            "regdesk fetched a new token and retried once. Give each tool its own \
             Server-to-Server app, or do not run them at the same time; then `regdesk doctor`.",
        ),
    }
}

fn not_found(error: &ApiError, what: NotFoundWhat) -> Diagnosis {
    let noun = event_noun(error.endpoint);
    match what {
        NotFoundWhat::Event => Diagnosis::new(
            format!("Zoom has no such {noun}, or it has expired."),
            format!(
                "Zoom said: {} The ID may belong to the other kind (a webinar, not a meeting, \
                 or the other way round), to another account, or to an event that has ended.",
                error.message
            ),
            "Check the ID with `regdesk meetings` (add --webinars for webinars; use --webinar \
             with commands for webinar IDs).",
        ),
        NotFoundWhat::Registrant => Diagnosis::new(
            "Zoom has no such registrant.",
            format!(
                "Zoom said: {} The registrant may have been deleted already.",
                error.message
            ),
            format!(
                "List the registrants with `{}` to find the right ID.",
                list_all_command(error.endpoint)
            ),
        ),
        NotFoundWhat::User => Diagnosis::new(
            "Zoom has no such user in this account.",
            format!(
                "Zoom said: {} Server-to-Server apps act for users of their own account only.",
                error.message
            ),
            "Use the ID or email of a user of the app's account (or `me`).",
        ),
        NotFoundWhat::Unknown => Diagnosis::new(
            "Zoom says it does not exist.",
            format!("Zoom answered HTTP {}: {}", error.status, error.message),
            "Check the IDs, and that --api-url points at Zoom's API with its version (…/v2).",
        ),
    }
}

fn token_diagnosis(error: &TokenRequestError) -> Diagnosis {
    let said = match (&error.error, &error.reason) {
        (Some(code), Some(reason)) => format!("Zoom said: {reason} ({code})."),
        (Some(code), None) => format!("Zoom said: {code}."),
        (None, Some(reason)) => format!("Zoom said: {reason}."),
        (None, None) => format!("Zoom answered HTTP {}.", error.status),
    };
    match error.kind {
        TokenErrorKind::InvalidClient => Diagnosis::new(
            "Zoom rejected the client ID or client secret.",
            format!(
                "{said} The pair is checked together; regenerating the secret in the \
                 Marketplace makes the old one stop working."
            ),
            "Copy the Client ID and Client secret again from the app's \"App credentials\" page \
             and run `regdesk login` (or set ZOOM_CLIENT_ID / ZOOM_CLIENT_SECRET).",
        ),
        TokenErrorKind::UnsupportedGrant => Diagnosis::new(
            "Zoom does not accept this grant for the app.",
            format!(
                "{said} Server-to-Server apps get tokens with grant_type=account_credentials \
                 sent as a form body; `client_credentials`, `authorization_code`, a JSON body, or \
                 credentials of a different app type (user OAuth, JWT) get this error."
            ),
            "Use the credentials of a Server-to-Server OAuth app (Marketplace → Develop → Build \
             app → Server-to-Server OAuth).",
        ),
        TokenErrorKind::InvalidAccount => Diagnosis::new(
            "Zoom rejected the account ID.",
            format!("{said} The account ID must be the one shown on the app's credentials page."),
            "Copy the Account ID again from the app's \"App credentials\" page.",
        ),
        TokenErrorKind::AppDisabled => Diagnosis::new(
            "The Zoom app is deactivated or disabled.",
            format!("{said} Tokens stop working when an app is deactivated."),
            "Activate the app in the Zoom App Marketplace (Manage → your app → Activation).",
        ),
        TokenErrorKind::Other => Diagnosis::new(
            "Zoom refused to issue an access token.",
            said,
            "Check the account ID, client ID and secret (`regdesk login`) and the --oauth-url; \
             then run `regdesk doctor`.",
        ),
    }
}

fn rate_limit_diagnosis(error: &RateLimitError) -> Diagnosis {
    let reset = error
        .reset_at
        .map(|at| at.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| "00:00 UTC".to_owned());
    let category = error
        .category
        .map(|category| format!("{category} "))
        .unwrap_or_default();
    match error.kind {
        RateLimitKind::PerSecond => Diagnosis::new(
            format!("Zoom kept refusing with its per-second {category}rate limit."),
            "regdesk paces requests to the plan's per-second limits and waited as Zoom asked, \
             but every retry was refused. The limits are per account: other apps of the same \
             account spend the same budget.",
            "Wait a minute and retry. If the account's plan is lower than regdesk assumes, set \
             it (REGDESK_PLAN=free|pro|business) so regdesk paces slower.",
        ),
        RateLimitKind::Daily => Diagnosis::new(
            format!("The account used up today's {category}requests."),
            format!(
                "Zoom limits some categories per day, per account (all apps together). Zoom said: {}",
                error.message
            ),
            format!("Requests resume at {reset}. Nothing was lost: retry then."),
        ),
        RateLimitKind::RegistrantAdds => Diagnosis::new(
            "This person was registered 3 times today already.",
            format!(
                "Zoom allows 3 registration requests per person, per event and per UTC day, and \
                 counts repeats of an existing registration too. Zoom said: {}",
                error.message
            ),
            format!(
                "The person is most likely registered already: check with `regdesk registrants \
                 ID --status all`. Otherwise retry after {reset}."
            ),
        ),
        RateLimitKind::RegistrantStatus => Diagnosis::new(
            "This registrant's status was changed 10 times today already.",
            format!(
                "Zoom allows 10 status changes per registrant, per event and per UTC day. Zoom said: {}",
                error.message
            ),
            format!("Retry after {reset}."),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zoom::error::{ApiError, ApiErrorKind, ErrorContext};

    fn paid_plan_refusal(endpoint: Endpoint) -> ZoomError {
        ZoomError::Api(Box::new(ApiError {
            endpoint,
            status: 400,
            code: Some(200),
            message: "Only available for paid account: 8f3kQ.".to_owned(),
            field_errors: Vec::new(),
            kind: ApiErrorKind::PaidPlanRequired,
            context: ErrorContext::default(),
        }))
    }

    #[test]
    fn a_free_account_refused_attendance_is_told_about_attendance_not_registration() {
        for endpoint in [
            Endpoint::PastParticipants(EventKind::Meeting),
            Endpoint::ReportParticipants(EventKind::Webinar),
            Endpoint::WebinarAbsentees,
        ] {
            let diagnosis = paid_plan_refusal(endpoint).diagnosis();
            let text = format!(
                "{} {} {}",
                diagnosis.summary, diagnosis.explanation, diagnosis.fix
            );
            assert!(text.contains("Attendance needs a paid"), "{text}");
            assert!(text.contains("Pro or higher"), "{text}");
            assert!(!text.contains("Registration"), "{text}");
        }
        let registration = paid_plan_refusal(Endpoint::AddRegistrant(EventKind::Meeting));
        assert!(
            registration
                .diagnosis()
                .explanation
                .contains("Registration is only available")
        );
    }

    #[test]
    fn offsets_read_naturally() {
        assert_eq!(describe_offset(120.4), "2 min 0 s ahead of");
        assert_eq!(describe_offset(-5.0), "5 s behind");
        assert_eq!(describe_offset(0.2), "in step with");
    }
}
