//! The request pipeline every API call goes through: pace by category, attach the bearer, send,
//! measure the clock, record the exchange (redacted), classify errors, and retry what is safe.
//!
//! Retry rules (decided by the pure state machine in `retry`): 429 per-second limits pause the
//! whole category (honouring `Retry-After`) and retry for up to `rate_limit_patience`; 5xx and
//! connection errors back off and retry; daily and per-registrant 429s are not retried. A 124
//! gets one new token and one more try. A request that may have reached Zoom without its answer
//! coming back is never blindly re-sent: for POSTs the pipeline reports
//! [`ZoomError::OutcomeUnknown`] and the endpoint method reconciles by listing; for DELETEs a
//! "not found" on the retry means the first try worked. A `Retry-After` longer than
//! `max_server_wait` is not waited for; waits of two seconds or more are announced
//! ([`ClientEvent::Waiting`]).
//!
//! Answers are read chunk by chunk up to `max_answer_bytes` and parsed with serde_json's default
//! nesting limit (128 levels); a 2xx answer that is not JSON is an error, never an empty success.
//! Every text taken from an answer into an error is redacted when the error is made.

use std::ops::ControlFlow;
use std::time::{Duration, SystemTime};

use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::Value;

use super::Inner;
use super::client_events::{ClientEvent, WaitNotice};
use super::clock_offset::ClockOffsetTracker;
use super::endpoint::{Category, Endpoint};
use super::error::{
    ApiError, ApiErrorKind, ErrorBody, ErrorContext, FieldError, RateLimitError, RateLimitKind,
    ZoomError, classify, classify_rate_limit,
};
use super::log::{LogEntry, RateLimitHeaders};
use super::retry::{Decision, GiveUp, Outcome, Repeat, RetryMachine, WaitReason};

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

/// Waits this long or longer are announced ([`ClientEvent::Waiting`]); shorter ones (the
/// routine one-second pause after a per-second 429, backoffs) show in the request log only.
pub(crate) const ANNOUNCED_WAIT: Duration = Duration::from_secs(2);

/// The longest `Retry-After` taken at its word; longer ones are read as this (they are refused
/// by the ceiling anyway), so that no server number can overflow the time arithmetic.
const RETRY_AFTER_CAP: Duration = Duration::from_secs(366 * 86_400);

/// `Retry-After` as a wait from `now` and, for dates, the moment itself. Accepts seconds, ISO-8601
/// and HTTP dates; dates are read in Zoom's time (corrected by the measured clock offset).
pub(crate) fn retry_after(
    headers: &HeaderMap,
    clock_offset: &ClockOffsetTracker,
    now: SystemTime,
) -> Option<(Duration, Option<jiff::Timestamp>)> {
    let value = headers.get("retry-after")?.to_str().ok()?.trim().to_owned();
    let cap = RETRY_AFTER_CAP.as_secs_f64();
    if let Ok(seconds) = value.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0)
            .then(|| (Duration::from_secs_f64(seconds.min(cap)), None));
    }
    let at = value
        .parse::<jiff::Timestamp>()
        .ok()
        .or_else(|| super::clock_offset::parse_http_date(&value))?;
    let wait =
        (at.as_millisecond() as f64 / 1000.0 - clock_offset.server_now_secs(now)).clamp(0.0, cap);
    Some((Duration::from_secs_f64(wait), Some(at)))
}

/// The next 00:00 UTC after `now`, when Zoom's daily limits reset.
pub(crate) fn next_utc_midnight(now: jiff::Timestamp) -> jiff::Timestamp {
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    today
        .tomorrow()
        .ok()
        .and_then(|day| day.to_zoned(jiff::tz::TimeZone::UTC).ok())
        .map(|zoned| zoned.timestamp())
        .unwrap_or(now)
}

/// One try's exchange: the status, headers and body, or the status (if one came) and why the
/// answer was not read.
pub(crate) type Exchange = Result<(u16, HeaderMap, Vec<u8>), (Option<u16>, ReadFailure)>;

/// Why an answer was not read to its end.
pub(crate) enum ReadFailure {
    /// The connection failed mid-answer.
    Transport(reqwest::Error),
    /// The answer is larger than the cap.
    TooLarge,
}

/// Reads an answer's body chunk by chunk, stopping at `limit` bytes.
pub(crate) async fn read_capped(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, ReadFailure> {
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Err(ReadFailure::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(ReadFailure::Transport)? {
        if body.len().saturating_add(chunk.len()) > limit {
            return Err(ReadFailure::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// "16 MiB", "64 KiB".
pub(crate) fn describe_size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{} KiB", bytes / 1024)
    }
}

/// The start of an unreadable answer, for an error message: control characters dropped, at most
/// 80 characters. The caller redacts it.
pub(crate) fn snippet(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out: String = text.chars().filter(|c| !c.is_control()).take(80).collect();
    if text.chars().filter(|c| !c.is_control()).nth(80).is_some() {
        out.push('…');
    }
    out
}

/// What one try came to: the state machine's input, and what the request returns if it ends here.
struct Verdict {
    outcome: Outcome,
    /// "HTTP 503", "connection refused or failed": what happened, in words.
    cause: String,
    /// The error this try amounts to, if the request stops here with an error.
    error: Option<ZoomError>,
    /// A 429's kind and when it resets.
    rate_limit: Option<(RateLimitKind, Option<jiff::Timestamp>)>,
    /// The answer of a 2xx.
    answer: Option<ApiResponse>,
}

/// One finished try: its log entry (still to be committed), its verdict, and the token
/// generation it was sent with (to drop that token if Zoom rejected it).
struct Tried {
    entry: LogEntry,
    verdict: Verdict,
    generation: u64,
}

/// Which resends a method allows: a POST's unknown outcome is reconciled, a DELETE's repeat may
/// find the resource already gone, the rest are safe to resend.
fn repeat_rule(method: &Method) -> Repeat {
    match *method {
        Method::POST => Repeat::Reconciled,
        Method::DELETE => Repeat::Delete,
        _ => Repeat::Safe,
    }
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

    /// Announces a wait of [`ANNOUNCED_WAIT`] or more before a request's next try.
    pub(crate) fn announce_wait(
        &self,
        endpoint: Endpoint,
        wait: Duration,
        reason: WaitReason,
        cause: &str,
    ) {
        if wait < ANNOUNCED_WAIT {
            return;
        }
        self.emit(ClientEvent::Waiting(WaitNotice {
            endpoint,
            wait,
            until: super::ratelimit::wall_in(self.time.timestamp(), wait),
            cause: self.redactor.scrub(cause),
            server_asked: reason == WaitReason::ServerAsked,
        }));
    }

    /// Records a retry's wait in the entry, commits it, announces the wait and waits.
    pub(crate) async fn wait_and_retry(
        &self,
        mut entry: LogEntry,
        wait: Duration,
        reason: WaitReason,
        cause: &str,
    ) {
        entry.note = Some(format!("retrying in {:.1} s", wait.as_secs_f64()));
        let endpoint = entry.endpoint;
        self.commit(entry);
        self.announce_wait(endpoint, wait, reason, cause);
        self.time.sleep(wait).await;
    }

    pub(crate) fn observe_clock(&self, headers: &HeaderMap, sent_at: SystemTime) {
        let received = self.time.wall();
        if let Some(date) = headers.get("date").and_then(|value| value.to_str().ok())
            && let Some(offset) = self.clock_offset.observe(date, sent_at, received)
        {
            self.emit(ClientEvent::ClockOffset(offset));
        }
    }

    pub(crate) fn error_context(&self) -> ErrorContext {
        ErrorContext {
            auth_kind: Some(self.auth.kind()),
            clock_offset_secs: self
                .clock_offset
                .current()
                .map(|offset| offset.estimate_secs),
            granted_scopes: self.auth.granted_scopes(),
        }
    }

    /// An unreadable answer's error, its snippet redacted.
    pub(crate) fn unexpected(&self, endpoint: Endpoint, status: u16, detail: &str) -> ZoomError {
        ZoomError::UnexpectedResponse {
            endpoint,
            status,
            detail: self.redactor.scrub(detail),
        }
    }

    /// Sends a request through the pipeline (see the module documentation for the rules).
    pub(crate) async fn execute(&self, spec: &RequestSpec) -> Result<ApiResponse, ZoomError> {
        let category = spec.endpoint.category().unwrap_or(Category::Light);
        let mut machine = RetryMachine::new(self.config.retry, repeat_rule(&spec.method));
        let started = self.time.instant();
        loop {
            let attempt = machine.start_try();
            // The token before the pacing slot: a slot taken while a token is fetched is spent
            // before the request leaves, which then reaches Zoom with the next window's.
            drop(self.bearer().await?);
            self.admit(spec.endpoint, category).await?;
            let tried = self.try_once(spec, category, attempt).await?;
            let elapsed = self.time.instant().saturating_duration_since(started);
            let decision = machine.decide(&tried.verdict.outcome, elapsed);
            if let ControlFlow::Break(result) =
                self.carry_out(spec, category, decision, tried).await
            {
                return result;
            }
        }
    }

    /// Waits for the category's pacing; a category blocked for the day is not sent at all.
    async fn admit(&self, endpoint: Endpoint, category: Category) -> Result<(), ZoomError> {
        self.limits.acquire(category).await.map_err(|block| {
            ZoomError::RateLimited(RateLimitError {
                endpoint,
                category: Some(category),
                kind: RateLimitKind::Daily,
                reset_at: Some(block.reset_at),
                message: "the daily limit was reached earlier; not sent".to_owned(),
            })
        })
    }

    /// Sends one try with a current token and judges its answer into a verdict and a log entry
    /// (not yet committed).
    async fn try_once(
        &self,
        spec: &RequestSpec,
        category: Category,
        attempt: u32,
    ) -> Result<Tried, ZoomError> {
        let lease = self.bearer().await?;
        let sent_at = self.time.wall();
        let sent = self.time.instant();
        let exchange = self.send(spec, lease.bearer()).await;
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
        entry.latency = self.time.instant().saturating_duration_since(sent);
        entry.request_detail = spec
            .body
            .as_ref()
            .map(|body| self.redactor.request_detail(body));
        let verdict = self.judge(spec, category, sent_at, &mut entry, exchange);
        Ok(Tried {
            entry,
            verdict,
            generation,
        })
    }

    /// The HTTP exchange of one try, its answer read up to the size cap.
    async fn send(&self, spec: &RequestSpec, bearer: &str) -> Exchange {
        let url = format!("{}{}", self.api_base, spec.path);
        let mut request = self
            .http
            .request(spec.method.clone(), &url)
            .bearer_auth(bearer);
        if !spec.query.is_empty() {
            request = request.query(&spec.query);
        }
        if let Some(body) = &spec.body {
            request = request.json(body);
        }
        match request.send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let headers = response.headers().clone();
                read_capped(response, self.config.max_answer_bytes)
                    .await
                    .map(|bytes| (status, headers, bytes))
                    .map_err(|failure| (Some(status), failure))
            }
            Err(error) => Err((None, ReadFailure::Transport(error))),
        }
    }

    /// Does what the retry machine decided about a try: commits its log entry, then either ends
    /// the request with its result (`Break`) or readies the next try (`Continue`).
    async fn carry_out(
        &self,
        spec: &RequestSpec,
        category: Category,
        decision: Decision,
        tried: Tried,
    ) -> ControlFlow<Result<ApiResponse, ZoomError>> {
        let Tried {
            mut entry,
            verdict,
            generation,
        } = tried;
        let Verdict {
            outcome: _,
            cause,
            error,
            rate_limit,
            answer,
        } = verdict;
        match decision {
            Decision::Accept => {
                self.commit(entry);
                ControlFlow::Break(
                    answer.ok_or_else(|| self.unexpected(spec.endpoint, 0, "no answer")),
                )
            }
            Decision::Resend { wait, reason } => {
                self.wait_and_retry(entry, wait, reason, &cause).await;
                ControlFlow::Continue(())
            }
            Decision::PauseCategory { wait, reason } => {
                let snapshot = self.limits.pause(category, wait);
                self.emit(ClientEvent::RateLimit(category, snapshot));
                entry.note = Some(format!(
                    "per-second limit: {category} requests paused {:.1} s, then retried",
                    wait.as_secs_f64()
                ));
                self.commit(entry);
                self.announce_wait(spec.endpoint, wait, reason, &cause);
                ControlFlow::Continue(())
            }
            Decision::RenewToken => {
                entry.note = Some("token rejected: getting a new one and retrying once".to_owned());
                let reason = error.as_ref().map(ZoomError::to_string).unwrap_or_default();
                entry.diagnosis = error.as_ref().map(ZoomError::diagnosis);
                self.commit(entry);
                self.invalidate_token(generation, &reason).await;
                ControlFlow::Continue(())
            }
            Decision::Reconcile => {
                entry.note = Some("outcome unknown: checking before any resend".to_owned());
                self.commit(entry);
                ControlFlow::Break(Err(ZoomError::OutcomeUnknown {
                    endpoint: spec.endpoint,
                    detail: self.redactor.scrub(&cause),
                }))
            }
            Decision::AlreadyGone => {
                entry.note = Some("already gone: the earlier try had worked".to_owned());
                let status = entry.status.unwrap_or(404);
                self.commit(entry);
                ControlFlow::Break(Ok(ApiResponse {
                    status,
                    body: Value::Null,
                    already_gone: true,
                }))
            }
            Decision::GiveUp(why) => {
                let error = self.give_up(spec.endpoint, category, why, &cause, rate_limit, error);
                entry.diagnosis = Some(error.diagnosis());
                self.commit(entry);
                ControlFlow::Break(Err(error))
            }
        }
    }

    /// The error a request stops with, doing the bookkeeping of its rate limit.
    fn give_up(
        &self,
        endpoint: Endpoint,
        category: Category,
        why: GiveUp,
        cause: &str,
        rate_limit: Option<(RateLimitKind, Option<jiff::Timestamp>)>,
        error: Option<ZoomError>,
    ) -> ZoomError {
        let snapshot = match rate_limit {
            Some((RateLimitKind::Daily, Some(reset))) => {
                Some(self.limits.block_daily(category, reset))
            }
            Some((RateLimitKind::PerSecond, _)) if why == GiveUp::PatienceExhausted => {
                // Zoom still wants the category to slow down, whatever this request does.
                Some(self.limits.pause(category, Duration::from_secs(1)))
            }
            Some(_) => Some(self.limits.count_throttle(category)),
            None => None,
        };
        if let Some(snapshot) = snapshot {
            self.emit(ClientEvent::RateLimit(category, snapshot));
        }
        match why {
            GiveUp::WaitTooLong { asked, ceiling } => ZoomError::WaitTooLong {
                endpoint,
                asked,
                ceiling,
                cause: self.redactor.scrub(cause),
            },
            GiveUp::Final | GiveUp::AttemptsExhausted | GiveUp::PatienceExhausted => {
                error.unwrap_or_else(|| self.unexpected(endpoint, 0, cause))
            }
        }
    }

    /// Reads one try's exchange into the state machine's outcome, filling in the log entry.
    fn judge(
        &self,
        spec: &RequestSpec,
        category: Category,
        sent_at: SystemTime,
        entry: &mut LogEntry,
        exchange: Exchange,
    ) -> Verdict {
        let endpoint = spec.endpoint;
        let (status, headers, bytes) = match exchange {
            Ok(parts) => parts,
            Err((status, ReadFailure::TooLarge)) => {
                entry.status = status;
                let limit = describe_size(self.config.max_answer_bytes);
                let detail = format!("the answer is larger than {limit}; regdesk stopped reading");
                entry.failure = Some(detail.clone());
                return Verdict {
                    outcome: Outcome::Unreadable,
                    cause: detail.clone(),
                    error: Some(self.unexpected(endpoint, status.unwrap_or(0), &detail)),
                    rate_limit: None,
                    answer: None,
                };
            }
            Err((status, ReadFailure::Transport(error))) => {
                entry.status = status;
                let failure = describe_transport(&error);
                entry.failure = Some(failure.clone());
                // A refused connection never carried the request; anything later may have.
                let outcome = if error.is_connect() {
                    Outcome::NotSent
                } else {
                    Outcome::Lost
                };
                return Verdict {
                    outcome,
                    error: Some(ZoomError::Unreachable {
                        url: self.api_base.clone(),
                        detail: self.redactor.scrub(&failure),
                    }),
                    cause: failure,
                    rate_limit: None,
                    answer: None,
                };
            }
        };

        self.observe_clock(&headers, sent_at);
        entry.status = Some(status);
        entry.rate_limit = rate_limit_headers(&headers);
        self.limits
            .observe(category, &entry.rate_limit, |snapshot| {
                self.emit(ClientEvent::RateLimit(category, snapshot));
            });
        let parsed: Result<Value, serde_json::Error> = if bytes.is_empty() {
            Ok(Value::Null)
        } else {
            serde_json::from_slice(&bytes)
        };
        let cause = format!("HTTP {status}");

        if (200..300).contains(&status) {
            return match parsed {
                Ok(json) => {
                    if !json.is_null() {
                        entry.response_summary = Some(self.redactor.response_summary(&json));
                    }
                    Verdict {
                        outcome: Outcome::Succeeded,
                        cause,
                        error: None,
                        rate_limit: None,
                        answer: Some(ApiResponse {
                            status,
                            body: json,
                            already_gone: false,
                        }),
                    }
                }
                Err(problem) => {
                    let detail = format!("not JSON ({problem}): {}", snippet(&bytes));
                    entry.failure = Some(detail.clone());
                    Verdict {
                        outcome: Outcome::Unreadable,
                        cause,
                        error: Some(self.unexpected(endpoint, status, &detail)),
                        rate_limit: None,
                        answer: None,
                    }
                }
            };
        }

        let json = parsed.unwrap_or_else(|_| Value::String(snippet(&bytes)));
        let body: ErrorBody = serde_json::from_value(json.clone()).unwrap_or_default();
        let message = body.message.clone().unwrap_or_else(|| match &json {
            Value::String(text) => text.clone(),
            _ => String::new(),
        });
        let message = self.redactor.scrub(&message);
        entry.zoom_code = body.code;
        entry.zoom_message = Some(message.clone()).filter(|message| !message.is_empty());
        if !json.is_null() {
            entry.response_summary = Some(self.redactor.response_summary(&json));
        }

        if status == 429 {
            let kind = classify_rate_limit(entry.rate_limit.limit_type.as_deref(), &message);
            let after = retry_after(&headers, &self.clock_offset, self.time.wall());
            let reset_at = after.and_then(|(_, at)| at).or_else(|| match kind {
                RateLimitKind::PerSecond => None,
                _ => Some(next_utc_midnight(self.time.timestamp())),
            });
            let cause = match kind {
                RateLimitKind::PerSecond => "HTTP 429 (per-second limit)".to_owned(),
                _ => "HTTP 429".to_owned(),
            };
            return Verdict {
                outcome: Outcome::RateLimited {
                    kind,
                    retry_after: after.map(|(wait, _)| wait),
                },
                cause,
                error: Some(ZoomError::RateLimited(RateLimitError {
                    endpoint,
                    category: Some(category),
                    kind,
                    reset_at: if kind == RateLimitKind::PerSecond {
                        None
                    } else {
                        reset_at
                    },
                    message,
                })),
                rate_limit: Some((kind, reset_at)),
                answer: None,
            };
        }

        let kind = classify(endpoint, status, body.code, &message);
        let error = ZoomError::Api(Box::new(ApiError {
            endpoint,
            status,
            code: body.code,
            message,
            field_errors: body
                .errors
                .into_iter()
                .map(|field| FieldError {
                    field: self.redactor.scrub(&field.field),
                    message: self.redactor.scrub(&field.message),
                })
                .collect(),
            kind: kind.clone(),
            context: self.error_context(),
        }));
        let outcome = if matches!(
            kind,
            ApiErrorKind::AccessTokenExpired | ApiErrorKind::AccessTokenInvalid
        ) {
            Outcome::TokenRejected
        } else if status >= 500 {
            Outcome::ServerTrouble {
                status,
                retry_after: retry_after(&headers, &self.clock_offset, self.time.wall())
                    .map(|(wait, _)| wait),
            }
        } else {
            Outcome::Refused {
                not_found: error.is_not_found(),
            }
        };
        Verdict {
            outcome,
            cause,
            error: Some(error),
            rate_limit: None,
            answer: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let clock = ClockOffsetTracker::default();
        let now = SystemTime::now();
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", "2".parse().unwrap());
        assert_eq!(
            retry_after(&headers, &clock, now),
            Some((Duration::from_secs(2), None))
        );
        let later = jiff::Timestamp::try_from(now).unwrap() + jiff::SignedDuration::from_hours(3);
        headers.insert("retry-after", later.to_string().parse().unwrap());
        let (wait, at) = retry_after(&headers, &clock, now).unwrap();
        assert!(wait > Duration::from_secs(3 * 3600 - 60) && wait <= Duration::from_secs(3 * 3600));
        assert!(at.is_some());
        headers.insert("retry-after", "soon".parse().unwrap());
        assert_eq!(retry_after(&headers, &clock, now), None);
    }

    #[test]
    fn absurd_retry_after_values_are_capped_not_overflowed() {
        let clock = ClockOffsetTracker::default();
        let now = SystemTime::now();
        let mut headers = HeaderMap::new();
        for absurd in ["1e300", "18446744073709551616", "9999999999999"] {
            headers.insert("retry-after", absurd.parse().unwrap());
            assert_eq!(
                retry_after(&headers, &clock, now),
                Some((RETRY_AFTER_CAP, None)),
                "{absurd}"
            );
        }
        headers.insert("retry-after", "9000-01-01T00:00:00Z".parse().unwrap());
        assert_eq!(
            retry_after(&headers, &clock, now).map(|(wait, _)| wait),
            Some(RETRY_AFTER_CAP)
        );
        headers.insert("retry-after", "-5".parse().unwrap());
        assert_eq!(retry_after(&headers, &clock, now), None);
    }

    #[test]
    fn serde_json_refuses_nesting_deeper_than_128_levels() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(serde_json::from_str::<Value>(&nested(127)).is_ok());
        let error = serde_json::from_str::<Value>(&nested(100_000)).unwrap_err();
        assert!(error.to_string().contains("recursion limit"), "{error}");
    }

    #[test]
    fn snippets_are_short_and_free_of_control_characters() {
        let text = format!("\u{1b}[31mred{}", "x".repeat(200));
        let cut = snippet(text.as_bytes());
        assert!(!cut.contains('\u{1b}'));
        assert_eq!(cut.chars().count(), 81);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn midnight_is_ahead_and_within_a_day() {
        let now = jiff::Timestamp::now();
        let midnight = next_utc_midnight(now);
        assert!(midnight > now);
        assert!(midnight.duration_since(now) <= jiff::SignedDuration::from_hours(24));
    }
}
