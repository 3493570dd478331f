//! The request pipeline every API call goes through: pace by category, attach the bearer, send,
//! measure the clock, record the exchange (redacted), classify errors, and retry what is safe.
//!
//! Retry rules: 429 per-second limits pause the whole category (honouring `Retry-After`) and
//! retry for up to `rate_limit_patience`; 5xx and connection errors back off and retry; daily and per-registrant 429s are not
//! retried. A 124 gets one new token and one more try. A request that may have reached Zoom
//! without its answer coming back is never blindly re-sent: for POSTs the pipeline reports
//! [`ZoomError::OutcomeUnknown`] and the endpoint method reconciles by listing; for DELETEs a
//! "not found" on the retry means the first try worked.

use std::time::{Duration, Instant, SystemTime};

use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::Value;

use super::Inner;
use super::clock::ClockTracker;
use super::endpoint::{Category, Endpoint};
use super::error::{
    ApiError, ApiErrorKind, ErrorBody, ErrorContext, RateLimitError, RateLimitKind, ZoomError,
    classify, classify_rate_limit,
};
use super::events::ClientEvent;
use super::log::{LogEntry, RateLimitHeaders};

/// One API request, before it is sent.
#[derive(Debug, Clone)]
pub(crate) struct RequestSpec {
    pub endpoint: Endpoint,
    pub method: Method,
    /// The path after the API base, e.g. `/meetings/123/registrants`.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Value>,
}

impl RequestSpec {
    pub fn new(endpoint: Endpoint, method: Method, path: String) -> Self {
        RequestSpec {
            endpoint,
            method,
            path,
            query: Vec::new(),
            body: None,
        }
    }

    pub fn query(mut self, key: &str, value: impl Into<String>) -> Self {
        self.query.push((key.to_owned(), value.into()));
        self
    }

    pub fn query_opt(self, key: &str, value: Option<&str>) -> Self {
        match value {
            Some(value) if !value.is_empty() => self.query(key, value),
            _ => self,
        }
    }

    pub fn json(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }
}

/// A successful answer.
#[derive(Debug, Clone)]
pub(crate) struct ApiResponse {
    pub status: u16,
    /// The JSON body (`Null` when empty).
    pub body: Value,
    /// DELETE only: an earlier try's outcome was unknown and the retry found nothing to delete.
    pub already_gone: bool,
}

/// Plain words for a transport error, without URLs' secrets (there are none in our URLs).
pub(crate) fn describe_transport(error: &reqwest::Error) -> String {
    let what = if error.is_connect() {
        "connection refused or failed"
    } else if error.is_timeout() {
        "timed out"
    } else if error.is_body() || error.is_decode() {
        "the answer was cut off"
    } else {
        "the connection closed without an answer"
    };
    let mut detail = what.to_owned();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        detail = format!("{detail}: {cause}");
        source = cause.source();
    }
    detail
}

pub(crate) fn rate_limit_headers(headers: &HeaderMap) -> RateLimitHeaders {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(|value| value.trim().to_owned())
    };
    RateLimitHeaders {
        category: text("x-ratelimit-category"),
        limit_type: text("x-ratelimit-type"),
        limit: text("x-ratelimit-limit").and_then(|value| value.parse().ok()),
        remaining: text("x-ratelimit-remaining").and_then(|value| value.parse().ok()),
        retry_after: text("retry-after"),
    }
}

/// `Retry-After` as a wait from now and, for dates, the moment itself. Accepts seconds, ISO-8601
/// and HTTP dates; dates are read in Zoom's time (corrected by the measured clock offset).
pub(crate) fn retry_after(
    headers: &HeaderMap,
    clock: &ClockTracker,
) -> Option<(Duration, Option<jiff::Timestamp>)> {
    let value = headers.get("retry-after")?.to_str().ok()?.trim().to_owned();
    if let Ok(seconds) = value.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0)
            .then(|| (Duration::from_secs_f64(seconds.min(86_400.0)), None));
    }
    let at = value
        .parse::<jiff::Timestamp>()
        .ok()
        .or_else(|| super::clock::parse_http_date(&value))?;
    let wait =
        (at.as_millisecond() as f64 / 1000.0 - clock.server_now_secs()).clamp(0.0, 86_400.0 * 2.0);
    Some((Duration::from_secs_f64(wait), Some(at)))
}

/// The next 00:00 UTC, when Zoom's daily limits reset.
pub(crate) fn next_utc_midnight() -> jiff::Timestamp {
    let now = jiff::Timestamp::now();
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    today
        .tomorrow()
        .ok()
        .and_then(|day| day.to_zoned(jiff::tz::TimeZone::UTC).ok())
        .map(|zoned| zoned.timestamp())
        .unwrap_or(now)
}

impl Inner {
    /// A log entry for a request sent at `sent_at`, to be completed and committed.
    pub(crate) fn new_entry(
        &self,
        endpoint: Endpoint,
        method: &str,
        path: &str,
        query: &[(String, String)],
        sent_at: SystemTime,
        attempt: u32,
    ) -> LogEntry {
        LogEntry {
            id: self.log.next_id(),
            at: jiff::Timestamp::try_from(sent_at).unwrap_or(jiff::Timestamp::UNIX_EPOCH),
            endpoint,
            method: method.to_owned(),
            path: path.to_owned(),
            query: self.redactor.query(query),
            status: None,
            zoom_code: None,
            zoom_message: None,
            latency: Duration::ZERO,
            attempt,
            rate_limit: RateLimitHeaders::default(),
            request_detail: None,
            response_summary: None,
            failure: None,
            note: None,
            diagnosis: None,
        }
    }

    /// Scrubs every text of the entry once more, stores it and announces it.
    pub(crate) fn commit(&self, mut entry: LogEntry) {
        let scrub = |text: &mut Option<String>| {
            if let Some(value) = text.as_mut() {
                *value = self.redactor.scrub(value);
            }
        };
        entry.path = self.redactor.scrub(&entry.path);
        entry.query = self.redactor.scrub(&entry.query);
        scrub(&mut entry.zoom_message);
        scrub(&mut entry.request_detail);
        scrub(&mut entry.response_summary);
        scrub(&mut entry.failure);
        scrub(&mut entry.note);
        scrub(&mut entry.rate_limit.retry_after);
        if let Some(diagnosis) = entry.diagnosis.as_mut() {
            diagnosis.summary = self.redactor.scrub(&diagnosis.summary);
            diagnosis.explanation = self.redactor.scrub(&diagnosis.explanation);
            diagnosis.fix = self.redactor.scrub(&diagnosis.fix);
        }
        self.log.push(entry.clone());
        self.emit(ClientEvent::Request(Box::new(entry)));
    }

    /// After a failed try: once the attempts are used up, records the entry with the error
    /// `give_up` makes and returns it; otherwise records the wait, sleeps, and returns `Ok` for
    /// the caller to try again.
    pub(crate) async fn retry_or_give_up(
        &self,
        mut entry: LogEntry,
        failures: u32,
        wait: Duration,
        give_up: impl FnOnce() -> ZoomError,
    ) -> Result<(), ZoomError> {
        if failures >= self.config.retry.max_attempts {
            let error = give_up();
            entry.diagnosis = Some(error.diagnosis());
            self.commit(entry);
            return Err(error);
        }
        entry.note = Some(format!("retrying in {:.1} s", wait.as_secs_f64()));
        self.commit(entry);
        tokio::time::sleep(wait).await;
        Ok(())
    }

    pub(crate) fn observe_clock(&self, headers: &HeaderMap, sent_at: SystemTime) {
        let received = SystemTime::now();
        if let Some(date) = headers.get("date").and_then(|value| value.to_str().ok())
            && let Some(offset) = self.clock.observe(date, sent_at, received)
        {
            self.emit(ClientEvent::ClockOffset(offset));
        }
    }

    pub(crate) fn error_context(&self) -> ErrorContext {
        ErrorContext {
            auth_kind: Some(self.auth.kind()),
            clock_offset_secs: self.clock.current().map(|offset| offset.estimate_secs),
            granted_scopes: self.auth.granted_scopes(),
        }
    }

    /// Sends a request through the pipeline (see the module documentation for the rules).
    pub(crate) async fn execute(&self, spec: &RequestSpec) -> Result<ApiResponse, ZoomError> {
        let policy = self.config.retry;
        let category = spec.endpoint.category().unwrap_or(Category::Light);
        let url = format!("{}{}", self.api_base, spec.path);
        let is_post = spec.method == Method::POST;
        let is_delete = spec.method == Method::DELETE;
        let mut attempt = 0;
        let mut failures = 0;
        let mut token_renewed = false;
        let mut maybe_applied = false;
        let mut throttled_since: Option<Instant> = None;
        loop {
            attempt += 1;
            if let Err(block) = self.limits.acquire(category).await {
                return Err(ZoomError::RateLimited(RateLimitError {
                    endpoint: spec.endpoint,
                    category: Some(category),
                    kind: RateLimitKind::Daily,
                    reset_at: Some(block.reset_at),
                    message: "the daily limit was reached earlier; not sent".to_owned(),
                }));
            }
            let lease = self.bearer().await?;
            let sent_at = SystemTime::now();
            let started = Instant::now();
            let mut request = self
                .http
                .request(spec.method.clone(), &url)
                .bearer_auth(lease.bearer());
            if !spec.query.is_empty() {
                request = request.query(&spec.query);
            }
            if let Some(body) = &spec.body {
                request = request.json(body);
            }
            let exchange = match request.send().await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let headers = response.headers().clone();
                    response.bytes().await.map(|bytes| (status, headers, bytes))
                }
                Err(error) => Err(error),
            };
            let generation = lease.generation;
            drop(lease);
            let mut entry = self.new_entry(
                spec.endpoint,
                spec.method.as_str(),
                &spec.path,
                &spec.query,
                sent_at,
                attempt,
            );
            entry.latency = started.elapsed();
            entry.request_detail = spec
                .body
                .as_ref()
                .map(|body| self.redactor.request_detail(body));

            let (status, headers, bytes) = match exchange {
                Ok(parts) => parts,
                Err(error) => {
                    let failure = describe_transport(&error);
                    entry.failure = Some(failure.clone());
                    // A refused connection never carried the request; anything later may have.
                    let may_have_arrived = !error.is_connect();
                    if is_post && may_have_arrived {
                        entry.note = Some("outcome unknown: checking before any resend".to_owned());
                        self.commit(entry);
                        return Err(ZoomError::OutcomeUnknown {
                            endpoint: spec.endpoint,
                            detail: failure,
                        });
                    }
                    maybe_applied |= is_delete && may_have_arrived;
                    failures += 1;
                    self.retry_or_give_up(entry, failures, policy.backoff(failures), || {
                        ZoomError::Unreachable {
                            url: self.api_base.clone(),
                            detail: failure,
                        }
                    })
                    .await?;
                    continue;
                }
            };

            self.observe_clock(&headers, sent_at);
            entry.status = Some(status);
            entry.rate_limit = rate_limit_headers(&headers);
            if let Some(snapshot) = self.limits.observe(category, &entry.rate_limit) {
                self.emit(ClientEvent::RateLimit(category, snapshot));
            }
            let json: Value = if bytes.is_empty() {
                Value::Null
            } else {
                serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                    Value::String(String::from_utf8_lossy(&bytes).chars().take(200).collect())
                })
            };

            if (200..300).contains(&status) {
                if !json.is_null() {
                    entry.response_summary = Some(self.redactor.response_summary(&json));
                }
                self.commit(entry);
                return Ok(ApiResponse {
                    status,
                    body: json,
                    already_gone: false,
                });
            }

            let body: ErrorBody = serde_json::from_value(json.clone()).unwrap_or_default();
            let message = body.message.clone().unwrap_or_else(|| match &json {
                Value::String(text) => text.clone(),
                _ => String::new(),
            });
            entry.zoom_code = body.code;
            entry.zoom_message = Some(message.clone()).filter(|message| !message.is_empty());
            if !json.is_null() {
                entry.response_summary = Some(self.redactor.response_summary(&json));
            }

            if status == 429 {
                let kind = classify_rate_limit(entry.rate_limit.limit_type.as_deref(), &message);
                let after = retry_after(&headers, &self.clock);
                if kind == RateLimitKind::PerSecond {
                    let throttled_for = throttled_since.get_or_insert_with(Instant::now).elapsed();
                    // Zoom counts in a one-second window: without a Retry-After, one second
                    // clears it.
                    let wait = after.map_or(Duration::from_secs(1), |(wait, _)| wait);
                    let snapshot = self.limits.pause(category, wait);
                    self.emit(ClientEvent::RateLimit(category, snapshot));
                    if throttled_for + wait <= policy.rate_limit_patience {
                        entry.note = Some(format!(
                            "per-second limit: {category} requests paused {:.1} s, then retried",
                            wait.as_secs_f64()
                        ));
                        self.commit(entry);
                        continue;
                    }
                }
                let reset_at = after.and_then(|(_, at)| at).or_else(|| match kind {
                    RateLimitKind::PerSecond => None,
                    _ => Some(next_utc_midnight()),
                });
                // Per-second 429s were counted when they paused the category.
                let snapshot = match (kind, reset_at) {
                    (RateLimitKind::PerSecond, _) => None,
                    (RateLimitKind::Daily, Some(reset)) => {
                        Some(self.limits.block_daily(category, reset))
                    }
                    _ => Some(self.limits.count_throttle(category)),
                };
                if let Some(snapshot) = snapshot {
                    self.emit(ClientEvent::RateLimit(category, snapshot));
                }
                let error = ZoomError::RateLimited(RateLimitError {
                    endpoint: spec.endpoint,
                    category: Some(category),
                    kind,
                    reset_at,
                    message,
                });
                entry.diagnosis = Some(error.diagnosis());
                self.commit(entry);
                return Err(error);
            }

            let kind = classify(spec.endpoint, status, body.code, &message);
            let error = ZoomError::Api(Box::new(ApiError {
                endpoint: spec.endpoint,
                status,
                code: body.code,
                message,
                field_errors: body.errors,
                kind: kind.clone(),
                context: self.error_context(),
            }));

            let token_rejected = matches!(
                kind,
                ApiErrorKind::AccessTokenExpired | ApiErrorKind::AccessTokenInvalid
            );
            if token_rejected && !token_renewed {
                token_renewed = true;
                entry.note = Some("token rejected: getting a new one and retrying once".to_owned());
                entry.diagnosis = Some(error.diagnosis());
                self.commit(entry);
                self.invalidate_token(generation, &error.to_string()).await;
                continue;
            }

            if status >= 500 {
                if is_post {
                    entry.note = Some("outcome unknown: checking before any resend".to_owned());
                    self.commit(entry);
                    return Err(ZoomError::OutcomeUnknown {
                        endpoint: spec.endpoint,
                        detail: format!("HTTP {status}"),
                    });
                }
                maybe_applied |= is_delete;
                failures += 1;
                if failures < policy.max_attempts {
                    let wait = retry_after(&headers, &self.clock)
                        .map_or_else(|| policy.backoff(failures), |(wait, _)| wait);
                    entry.note = Some(format!("retrying in {:.1} s", wait.as_secs_f64()));
                    self.commit(entry);
                    tokio::time::sleep(wait).await;
                    continue;
                }
            }

            if maybe_applied && error.is_not_found() {
                entry.note = Some("already gone: the earlier try had worked".to_owned());
                self.commit(entry);
                return Ok(ApiResponse {
                    status,
                    body: Value::Null,
                    already_gone: true,
                });
            }
            entry.diagnosis = Some(error.diagnosis());
            self.commit(entry);
            return Err(error);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let clock = ClockTracker::default();
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", "2".parse().unwrap());
        assert_eq!(
            retry_after(&headers, &clock),
            Some((Duration::from_secs(2), None))
        );
        let later = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(3);
        headers.insert("retry-after", later.to_string().parse().unwrap());
        let (wait, at) = retry_after(&headers, &clock).unwrap();
        assert!(wait > Duration::from_secs(3 * 3600 - 60) && wait <= Duration::from_secs(3 * 3600));
        assert!(at.is_some());
        headers.insert("retry-after", "soon".parse().unwrap());
        assert_eq!(retry_after(&headers, &clock), None);
    }

    #[test]
    fn midnight_is_ahead_and_within_a_day() {
        let midnight = next_utc_midnight();
        let now = jiff::Timestamp::now();
        assert!(midnight > now);
        assert!(midnight.duration_since(now) <= jiff::SignedDuration::from_hours(24));
    }
}
