//! Made-up data for the screens' snapshot tests: events, registrants, a session's live state
//! and errors, with fixed times so that snapshots do not churn; and helpers that feed a screen
//! the outcomes of the loads it started.

use std::time::Duration;

use serde_json::json;

use super::app::App;
use super::effects::SessionInfo;
use super::message::{Effect, Msg, Outcome, RequestId};
use super::screens::Screen;
use super::testing::{render_app, snapshot_config};
use crate::session::events::AccountEvents;
use crate::zoom::{
    ApiError, ApiErrorKind, AuthKind, Category, ClientEvent, ClockOffset, Endpoint, ErrorContext,
    EventDetail, EventKind, EventSummary, LogEntry, RateLimitHeaders, RateLimitSnapshot,
    Registrant, TokenStatus, ZoomError,
};

pub fn event(id: u64, topic: &str, start: &str, event_type: i64) -> EventSummary {
    serde_json::from_value(json!({
        "id": id, "topic": topic, "type": event_type, "start_time": start,
        "duration": 60, "timezone": "UTC"
    }))
    .expect("event fixture")
}

/// An event hosted by `host_id`, in the time zone `zone`.
pub fn hosted_event(
    id: u64,
    topic: &str,
    start: &str,
    event_type: i64,
    host_id: &str,
    zone: &str,
) -> EventSummary {
    serde_json::from_value(json!({
        "id": id, "topic": topic, "type": event_type, "start_time": start,
        "duration": 60, "timezone": zone, "host_id": host_id
    }))
    .expect("event fixture")
}

/// Three meetings of two hosts in two time zones, soonest first, as the account's listing
/// returns them.
pub fn events() -> AccountEvents {
    AccountEvents::with_hosts(
        vec![
            hosted_event(
                89516034472,
                "Onboarding Office Hours",
                "2026-11-25T20:00:00Z",
                8,
                "Ue5hG3jYSfQa8kLr2tNx6B",
                "America/New_York",
            ),
            hosted_event(
                84127650391,
                "Quarterly Product Roadmap Briefing",
                "2026-11-26T17:00:00Z",
                2,
                "Kx2bT9qLRcOvP4mZ7nWd1A",
                "Europe/Stockholm",
            ),
            hosted_event(
                86350218847,
                "Customer Advisory Board — Spring Session",
                "2026-12-03T14:00:00Z",
                2,
                "Kx2bT9qLRcOvP4mZ7nWd1A",
                "Europe/Stockholm",
            ),
        ],
        [
            (
                "Kx2bT9qLRcOvP4mZ7nWd1A".to_owned(),
                "maya.lindqvist@northwind-events.example".to_owned(),
            ),
            (
                "Ue5hG3jYSfQa8kLr2tNx6B".to_owned(),
                "daniel.okafor@northwind-events.example".to_owned(),
            ),
        ],
    )
}

pub fn detail(id: u64, approval_type: i64, occurrences: &[(&str, &str)]) -> EventDetail {
    let occurrences: Vec<_> = occurrences
        .iter()
        .map(|(id, start)| json!({"occurrence_id": id, "start_time": start, "duration": 60}))
        .collect();
    serde_json::from_value(json!({
        "id": id, "topic": "Customer Advisory Board — Spring Session", "type": 2,
        "start_time": "2026-12-03T14:00:00Z", "occurrences": occurrences,
        "settings": {"approval_type": approval_type}
    }))
    .expect("detail fixture")
}

pub fn registrant(index: usize, status: &str) -> Registrant {
    const FIRST: [&str; 6] = ["Anna", "Bruno", "Chiara", "Dev", "Elif", "Farid"];
    const LAST: [&str; 5] = ["O'Brien", "Silva", "Rossi", "Patel", "Tanaka"];
    let first = FIRST[index % FIRST.len()];
    let last = LAST[index % LAST.len()];
    let email = format!(
        "{}.{}{index}@example.com",
        first.to_lowercase(),
        last.to_lowercase().replace('\'', "")
    );
    serde_json::from_value(json!({
        "id": format!("r{index:04}"),
        "email": email,
        "first_name": first,
        "last_name": last,
        "org": "Northwind Events",
        "job_title": "Coordinator",
        "city": "Lisbon",
        "country": "PT",
        "status": status,
        "create_time": format!("2026-11-{:02}T09:{:02}:00Z", 1 + index % 20, index % 60),
        "join_url": if status == "approved" { Some(format!("https://zoom.us/w/86350218847?tk=token{index}")) } else { None },
        "custom_questions": [{"title": "Dietary needs", "value": if index.is_multiple_of(2) { "vegetarian" } else { "none" }}]
    }))
    .expect("registrant fixture")
}

pub fn registrants(pending: usize, approved: usize, denied: usize) -> Vec<Registrant> {
    let mut all = Vec::new();
    for index in 0..pending + approved + denied {
        let status = if index < pending {
            "pending"
        } else if index < pending + approved {
            "approved"
        } else {
            "denied"
        };
        all.push(registrant(index, status));
    }
    all
}

/// An error Zoom answers for a meeting without registration.
pub fn registration_off() -> ZoomError {
    ZoomError::Api(Box::new(ApiError {
        endpoint: Endpoint::ListRegistrants(EventKind::Meeting),
        status: 400,
        code: Some(200),
        message: "Registration has not been enabled for this meeting: 87743215908.".to_owned(),
        field_errors: Vec::new(),
        kind: ApiErrorKind::RegistrationNotEnabled,
        context: ErrorContext::default(),
    }))
}

pub fn unreachable() -> ZoomError {
    ZoomError::Unreachable {
        url: "http://127.0.0.1:9/v2".to_owned(),
        detail: "connection refused".to_owned(),
    }
}

fn at(text: &str) -> jiff::Timestamp {
    text.parse().expect("timestamp fixture")
}

pub fn log_entry(
    id: u64,
    method: &str,
    path: &str,
    status: u16,
    error: Option<&ZoomError>,
) -> LogEntry {
    LogEntry {
        id,
        at: at("2026-11-23T11:59:58Z"),
        endpoint: Endpoint::ListRegistrants(EventKind::Meeting),
        method: method.to_owned(),
        path: path.to_owned(),
        query: "status=pending&page_size=300".to_owned(),
        status: Some(status),
        zoom_code: error.map(|_| 200),
        zoom_message: error.map(|error| error.to_string()),
        latency: Duration::from_millis(84),
        attempt: 1,
        rate_limit: RateLimitHeaders {
            category: Some("Medium".to_owned()),
            limit_type: Some("QPS".to_owned()),
            limit: Some(20),
            remaining: Some(17),
            retry_after: None,
        },
        request_detail: None,
        response_summary: Some("30 registrants".to_owned()),
        failure: None,
        note: None,
        diagnosis: error.map(ZoomError::diagnosis),
    }
}

/// A session whose token expires in 58:12 on the snapshot clock, after a few requests.
pub fn session_info() -> SessionInfo {
    let limit = |category, per_second: u32, remaining| RateLimitSnapshot {
        category,
        per_second_limit: Some(per_second),
        paced_per_second: Some(f64::from(per_second) * 0.9),
        server_limit: Some(u64::from(per_second)),
        remaining: Some(remaining),
        limit_type: Some("QPS".to_owned()),
        daily_limit: None,
        sent: 4,
        throttled: 0,
        paused_until: None,
        daily_reset_at: None,
    };
    SessionInfo {
        demo: false,
        disabled_features: Vec::new(),
        label: "demo".to_owned(),
        token: TokenStatus {
            auth_kind: AuthKind::ServerToServer,
            valid: true,
            expires_at: Some(at("2026-11-23T12:58:12Z")),
            remaining: None,
            refresh_in: None,
            scopes: vec![
                "meeting:read:list_registrants:admin".to_owned(),
                "meeting:update:registrant_status:admin".to_owned(),
            ],
            api_url: None,
            fetch_count: 1,
            last_error: None,
        },
        clock: Some(ClockOffset {
            estimate_secs: 1.2,
            uncertainty_secs: 0.1,
            samples: 4,
        }),
        limits: vec![
            limit(Category::Light, 30, 28),
            limit(Category::Medium, 20, 17),
        ],
        log: vec![
            log_entry(1, "GET", "/users", 200, None),
            log_entry(2, "GET", "/meetings/86350218847/registrants", 200, None),
            log_entry(
                3,
                "GET",
                "/meetings/87743215908/registrants",
                400,
                Some(&registration_off()),
            ),
        ],
    }
}

/// An app showing `screen`, started; returns it with the effects its start issued.
pub fn app_with(screen: Box<dyn Screen>, session: bool) -> (App, Vec<Effect>) {
    let mut app = App::new(snapshot_config(), screen);
    if session {
        app.show_session(session_info());
    }
    let effects = app.start();
    (app, effects)
}

/// The request id of the first effect `pick` recognises.
pub fn request_of(effects: &[Effect], pick: impl Fn(&Effect) -> Option<RequestId>) -> RequestId {
    effects
        .iter()
        .find_map(pick)
        .expect("the screen started that load")
}

pub fn deliver(app: &mut App, request: RequestId, outcome: Outcome) -> Vec<Effect> {
    app.update(Msg::Done { request, outcome })
}

pub fn client_event(app: &mut App, event: ClientEvent) {
    app.update(Msg::Client(event));
}

pub fn render(app: &App, width: u16, height: u16) -> String {
    render_app(app, width, height)
}

/// The text `draw` puts on a `width`×`height` test terminal (monochrome theme, UTC, the clock at
/// the epoch), read straight from the buffer: before the app's frame-wide scrub, so that the
/// drawing itself must keep hostile text out.
pub fn drawn_unscrubbed(
    width: u16,
    height: u16,
    draw: impl FnOnce(&mut ratatui::Frame, &super::screens::Ui),
) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height))
        .expect("a test terminal");
    let theme = super::theme::Theme::monochrome();
    let ui = super::screens::Ui {
        theme: &theme,
        now: jiff::Timestamp::UNIX_EPOCH,
        zone: &jiff::tz::TimeZone::UTC,
        spinner: "-",
    };
    terminal.draw(|frame| draw(frame, &ui)).expect("drawn");
    terminal
        .backend()
        .buffer()
        .content
        .iter()
        .map(|cell| cell.symbol())
        .collect()
}
