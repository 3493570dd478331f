//! The HTTP side: binding on loopback, serving each connection with hyper (so a fault can drop a
//! connection with no response), the routes, and the two middlewares every API request passes:
//! `observe` (latency, the `Date` header) and `guard` (statistics, faults, the access token, rate
//! limits, scopes — in that order, as at Zoom: an unknown token is not counted against an account).
//! The state those share, and the types handed to handlers, live below in `state`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::{AUTHORIZATION, DATE};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, delete, get, patch, post, put};
use hyper_util::rt::TokioIo;
use rand::Rng;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

use super::api::{self, Family, Meetings, Webinars};
use super::clock::http_date;
use super::endpoints::Endpoint;
use super::errors::{ApiError, server_error};
use super::faults::FaultKind;
use super::limits::{LimitKind, burst_rejection};
use super::oauth;
use super::state::{Authorized, ConnectionKill, Reach, Shared, draw_fault, lock, monotonic_now};
use super::tokens::Caller;
use super::world::EventKind;

/// Binds `addr` (loopback only).
pub(crate) async fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    if !addr.ip().is_loopback() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "{addr} is not a loopback address; the simulator only listens on 127.0.0.1 or ::1"
            ),
        ));
    }
    TcpListener::bind(addr).await
}

/// Accepts connections until `shutdown` fires.
pub(crate) async fn serve(listener: TcpListener, router: Router, shutdown: CancellationToken) {
    loop {
        let accepted = tokio::select! {
            () = shutdown.cancelled() => return,
            accepted = listener.accept() => accepted,
        };
        let Ok((stream, _peer)) = accepted else {
            // Accept errors (e.g. too many open files) are transient; keep serving.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let router = router.clone();
        let shutdown = shutdown.clone();
        tokio::spawn(async move {
            let kill = CancellationToken::new();
            let switch = ConnectionKill::new(kill.clone());
            let service = hyper::service::service_fn(
                move |mut request: hyper::Request<hyper::body::Incoming>| {
                    request.extensions_mut().insert(switch.clone());
                    router.clone().oneshot(request.map(axum::body::Body::new))
                },
            );
            let connection = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                _served = connection => {}
                () = kill.cancelled() => {}
                () = shutdown.cancelled() => {}
            }
        });
    }
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let api_routes = Router::new()
        .route(
            "/users",
            guarded(&shared, Endpoint::ListUsers, get(api::users::list_users)),
        )
        .route(
            "/users/{userId}/meetings",
            guarded(
                &shared,
                Endpoint::ListEvents(EventKind::Meeting),
                get(api::users::list_events::<Meetings>),
            ),
        )
        .route(
            "/users/{userId}/webinars",
            guarded(
                &shared,
                Endpoint::ListEvents(EventKind::Webinar),
                get(api::users::list_events::<Webinars>),
            ),
        )
        .merge(event_routes::<Meetings>(&shared, "/meetings/{eventId}"))
        .merge(event_routes::<Webinars>(&shared, "/webinars/{eventId}"))
        .merge(past_routes::<Meetings>(
            &shared,
            "/past_meetings",
            "/report/meetings",
        ))
        .merge(past_routes::<Webinars>(
            &shared,
            "/past_webinars",
            "/report/webinars",
        ))
        .route(
            "/past_webinars/{eventId}/absentees",
            guarded(
                &shared,
                Endpoint::WebinarAbsentees,
                get(api::attendance::absentees),
            ),
        );
    Router::new()
        .nest("/v2", api_routes)
        .route("/oauth/token", post(oauth::token))
        .fallback(|| async { ApiError::route_not_found() })
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), observe))
        .with_state(shared)
}

fn guarded(
    shared: &Arc<Shared>,
    endpoint: Endpoint,
    route: MethodRouter<Arc<Shared>>,
) -> MethodRouter<Arc<Shared>> {
    route.route_layer(middleware::from_fn_with_state(
        Guard {
            shared: Arc::clone(shared),
            endpoint,
        },
        guard,
    ))
}

/// The routes of one family (meetings or webinars) under `base`.
fn event_routes<F: Family>(shared: &Arc<Shared>, base: &str) -> Router<Arc<Shared>> {
    use api::{events, questions, registrants};
    let kind = F::KIND;
    let table: [(&str, Endpoint, MethodRouter<Arc<Shared>>); 9] = [
        ("", Endpoint::GetEvent(kind), get(events::get_event::<F>)),
        (
            "/registrants",
            Endpoint::ListRegistrants(kind),
            get(registrants::list::<F>),
        ),
        (
            "/registrants",
            Endpoint::AddRegistrant(kind),
            post(registrants::add::<F>),
        ),
        (
            "/registrants/status",
            Endpoint::UpdateStatus(kind),
            put(registrants::update_status::<F>),
        ),
        (
            "/registrants/questions",
            Endpoint::GetQuestions(kind),
            get(questions::get::<F>),
        ),
        (
            "/registrants/questions",
            Endpoint::UpdateQuestions(kind),
            patch(questions::update::<F>),
        ),
        (
            "/registrants/{registrantId}",
            Endpoint::GetRegistrant(kind),
            get(registrants::get_one::<F>),
        ),
        (
            "/registrants/{registrantId}",
            Endpoint::DeleteRegistrant(kind),
            delete(registrants::delete_one::<F>),
        ),
        (
            "/batch_registrants",
            Endpoint::BatchRegistrants(kind),
            post(registrants::batch::<F>),
        ),
    ];
    // One method router per path, each method behind its own endpoint's guard.
    let mut paths: Vec<(&str, MethodRouter<Arc<Shared>>)> = Vec::new();
    for (suffix, endpoint, route) in table {
        let route = guarded(shared, endpoint, route);
        match paths.iter().position(|(known, _)| *known == suffix) {
            Some(i) => {
                let (_, merged) = paths.remove(i);
                paths.push((suffix, merged.merge(route)));
            }
            None => paths.push((suffix, route)),
        }
    }
    paths
        .into_iter()
        .fold(Router::new(), |router, (suffix, route)| {
            router.route(&format!("{base}{suffix}"), route)
        })
}

/// The attendance routes of one family: past instances, past participants, participant report.
fn past_routes<F: Family>(shared: &Arc<Shared>, past: &str, report: &str) -> Router<Arc<Shared>> {
    use api::attendance;
    let kind = F::KIND;
    Router::new()
        .route(
            &format!("{past}/{{eventId}}/instances"),
            guarded(
                shared,
                Endpoint::PastInstances(kind),
                get(attendance::instances::<F>),
            ),
        )
        .route(
            &format!("{past}/{{eventId}}/participants"),
            guarded(
                shared,
                Endpoint::PastParticipants(kind),
                get(attendance::past_participants::<F>),
            ),
        )
        .route(
            &format!("{report}/{{eventId}}/participants"),
            guarded(
                shared,
                Endpoint::ReportParticipants(kind),
                get(attendance::report_participants::<F>),
            ),
        )
}

/// Every response: the configured latency first, the simulator's `Date` last.
async fn observe(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let settings = shared.settings();
    let mut delay = settings.latency;
    if !settings.latency_jitter.is_zero() {
        delay += settings.latency_jitter.mul_f64(rand::rng().random::<f64>());
    }
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let mut response = next.run(request).await;
    if let Ok(date) = HeaderValue::from_str(&http_date(shared.clock.now())) {
        response.headers_mut().insert(DATE, date);
    }
    response
}

#[derive(Clone)]
struct Guard {
    shared: Arc<Shared>,
    endpoint: Endpoint,
}

async fn guard(State(guard): State<Guard>, mut request: Request, next: Next) -> Response {
    let Guard { shared, endpoint } = guard;
    let category = endpoint.category();
    lock(&shared.stats).arrival(category, endpoint.label(), monotonic_now());
    let settings = shared.settings();
    let kill = request.extensions().get::<ConnectionKill>().cloned();

    // An injected burst of 429s outlasts the request that started it; requests inside the burst
    // draw no fault of their own.
    if shared
        .burst_remaining
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
    {
        lock(&shared.stats).rate_limited(LimitKind::FaultBurst);
        return burst_rejection(category, settings.plan).into_response();
    }
    let draw = draw_fault(&shared, &settings.faults, 1.0);
    match draw.fault {
        Some(FaultKind::ServerError) => return server_error(draw.detail),
        Some(FaultKind::DropBefore) => {
            if let Some(kill) = kill {
                return kill.drop_connection().await;
            }
        }
        Some(FaultKind::RateLimitBurst) => {
            shared
                .burst_remaining
                .store(1 + (draw.detail % 4) as u32, Ordering::SeqCst);
            lock(&shared.stats).rate_limited(LimitKind::FaultBurst);
            return burst_rejection(category, settings.plan).into_response();
        }
        _ => {}
    }

    let caller = match authenticate(&shared, &request) {
        Ok(caller) => caller,
        Err(error) => return error.into_response(),
    };
    let admitted = lock(&shared.limits).admit(
        category,
        settings.plan,
        settings.caps(),
        monotonic_now(),
        shared.clock.utc_day(),
    );
    let budget = match admitted {
        Ok(budget) => budget,
        Err((kind, error)) => {
            lock(&shared.stats).rate_limited(kind);
            return error.into_response();
        }
    };
    let reach = match reach(&caller, endpoint) {
        Ok(reach) => reach,
        Err(error) => return with_headers(error.into_response(), &budget.headers()),
    };
    let token = caller.token.clone();
    request
        .extensions_mut()
        .insert(Authorized { caller, reach });
    let response = with_headers(next.run(request).await, &budget.headers());

    match draw.fault {
        Some(FaultKind::DropAfter) => {
            if let Some(kill) = kill {
                return kill.drop_connection().await;
            }
        }
        Some(FaultKind::Slow) => tokio::time::sleep(slow_delay(draw.detail)).await,
        Some(FaultKind::Revoke) => lock(&shared.tokens).revoke(&token),
        _ => {}
    }
    response
}

/// 2 to 5 seconds: long enough to trip an impatient client's timeout.
fn slow_delay(detail: u64) -> Duration {
    Duration::from_millis(2_000 + detail % 3_001)
}

/// Adds the admitted request's rate-limit headers, keeping any the handler set itself (a
/// per-registrant 429 reports its own limit).
fn with_headers(mut response: Response, headers: &[(axum::http::HeaderName, String)]) -> Response {
    for (name, value) in headers {
        if let Ok(value) = HeaderValue::from_str(value) {
            response.headers_mut().entry(name.clone()).or_insert(value);
        }
    }
    response
}

/// Reads the bearer token (never from the query string, as Zoom since 2023-02) and judges it.
fn authenticate(shared: &Shared, request: &Request) -> Result<Caller, ApiError> {
    let in_query = request
        .uri()
        .query()
        .is_some_and(|query| form_urlencoded_keys(query).any(|key| key == "access_token"));
    if in_query {
        return Err(ApiError::token_in_query());
    }
    let header = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(ApiError::invalid_token)?;
    let (scheme, token) = header.split_once(' ').ok_or_else(ApiError::invalid_token)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(ApiError::invalid_token());
    }
    let world = lock(&shared.world);
    lock(&shared.tokens).authenticate(token, &world, shared.clock.unix_seconds())
}

fn form_urlencoded_keys(query: &str) -> impl Iterator<Item = &str> {
    query
        .split('&')
        .map(|pair| pair.split_once('=').map_or(pair, |(key, _)| key))
}

/// Which of the endpoint's scopes the caller has, and so how far it reaches; 4711 if none.
fn reach(caller: &Caller, endpoint: Endpoint) -> Result<Reach, ApiError> {
    let Some(scopes) = &caller.scopes else {
        return Ok(Reach::Account);
    };
    let accepted = endpoint.accepted_scopes();
    let granted: Vec<&String> = accepted.iter().filter(|s| scopes.contains(s)).collect();
    if granted.iter().any(|s| s.ends_with(":admin")) {
        Ok(Reach::Account)
    } else if granted.is_empty() {
        Err(ApiError::missing_scopes(&accepted))
    } else {
        Ok(Reach::OwnerOnly)
    }
}
