//! Access tokens.
//!
//! Server-to-Server OAuth: one cached token per client, fetched single-flight (concurrent callers
//! wait for the one fetch under the cache lock: Zoom has invalidated the previous token whenever a
//! new one was issued, so parallel fetches knock each other out). Expiry is computed from
//! `expires_in` on the monotonic clock, never from the token's claims, and the token is replaced
//! `token_refresh_margin` early. Before a planned replacement the requests still in flight with
//! the old token are allowed to finish (the `in_flight` lock), so that no request ever carries a
//! token its own refresh invalidated. A 124 drops the token it was sent with, once.
//!
//! Legacy JWT: HS256 `{iss, exp}` signed locally with a short lifetime, `exp` in Zoom's time
//! (local UTC + the offset measured from `Date` headers); re-signed when the offset estimate
//! moves, and after a 124.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::{OwnedRwLockReadGuard, RwLock};

use super::Inner;
use super::auth_kind::AuthKind;
use super::client_events::{ClientEvent, FetchReason, TokenEvent, TokenEventKind, TokenStatus};
use super::credentials::Credentials;
use super::endpoint::Endpoint;
use super::error::{OAuthErrorBody, TokenRequestError, ZoomError, classify_token_error};
use super::redact::Redactor;
use super::retry::{Decision, GiveUp, Outcome, Repeat, RetryMachine};

/// Re-sign a JWT when the clock-offset estimate moved by more than this since signing.
const JWT_RESIGN_OFFSET_SECS: f64 = 2.0;
/// After a failed early refresh, keep using the old token and try again after this long.
const REFRESH_RETRY_AFTER: Duration = Duration::from_secs(5);
/// The longest token lifetime believed: `expires_in` beyond it (Zoom's are an hour) is read as
/// this, so that no server number can overflow the expiry arithmetic.
const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(86_400);
/// The lifetime assumed when the token answer has no `expires_in`.
const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(3600);

pub(crate) enum AuthState {
    ServerToServer(S2sAuth),
    LegacyJwt(JwtAuth),
}

pub(crate) struct S2sAuth {
    account_id: String,
    client_id: String,
    client_secret: SecretString,
    cache: tokio::sync::Mutex<Option<CachedToken>>,
    generation: AtomicU64,
    in_flight: Arc<RwLock<()>>,
    info: Mutex<TokenInfo>,
}

struct CachedToken {
    token: SecretString,
    generation: u64,
    expires_at: Instant,
    refresh_at: Instant,
}

pub(crate) struct JwtAuth {
    api_key: String,
    api_secret: SecretString,
    cache: Mutex<Option<SignedJwt>>,
    generation: AtomicU64,
    info: Mutex<TokenInfo>,
}

struct SignedJwt {
    token: SecretString,
    generation: u64,
    /// `exp`, in Zoom's Unix seconds.
    exp: i64,
    /// The offset estimate the token was signed with.
    offset_secs: f64,
}

#[derive(Default)]
struct TokenInfo {
    expires_at: Option<Instant>,
    expires_wall: Option<jiff::Timestamp>,
    refresh_at: Option<Instant>,
    scopes: Vec<String>,
    api_url: Option<String>,
    fetch_count: u64,
    last_error: Option<String>,
}

/// A token checked out for one request. For S2S it also holds a share of the `in_flight` lock,
/// so that a planned refresh waits for this request.
pub(crate) struct Lease {
    token: SecretString,
    pub generation: u64,
    _in_flight: Option<OwnedRwLockReadGuard<()>>,
}

impl Lease {
    pub fn bearer(&self) -> &str {
        self.token.expose_secret()
    }
}

#[derive(Serialize)]
struct JwtClaims<'a> {
    iss: &'a str,
    exp: i64,
}

#[derive(Deserialize)]
struct TokenResponse {
    #[serde(default)]
    access_token: Option<String>,
    /// Read leniently by [`token_lifetime`]: a server's absurd number must not fail the token.
    #[serde(default)]
    expires_in: Option<Value>,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    api_url: Option<String>,
}

struct FetchedToken {
    token: SecretString,
    expires_in: Duration,
    scopes: Vec<String>,
    api_url: Option<String>,
    requested_at: Instant,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn wall_after(now: jiff::Timestamp, wait: Duration) -> Option<jiff::Timestamp> {
    let wait = jiff::SignedDuration::try_from(wait).ok()?;
    now.checked_add(wait).ok()
}

/// A token lifetime from `expires_in` (seconds as a number or a string), bounded by
/// [`MAX_TOKEN_LIFETIME`]; one that is missing, negative or not a number is taken as Zoom's hour.
fn token_lifetime(expires_in: Option<&Value>) -> Duration {
    let seconds = match expires_in {
        Some(Value::Number(number)) => number.as_f64(),
        Some(Value::String(text)) => text.trim().parse::<f64>().ok(),
        _ => None,
    };
    match seconds {
        Some(seconds) if seconds.is_finite() && seconds >= 0.0 => {
            Duration::from_secs_f64(seconds.min(MAX_TOKEN_LIFETIME.as_secs_f64()))
        }
        _ => DEFAULT_TOKEN_LIFETIME,
    }
}

/// What a mistaken secret looks like, if it looks like one of the usual mistakes.
pub(crate) fn secret_mistake(secret: &str) -> Option<&'static str> {
    let secret = secret.trim();
    if secret.starts_with('{') || secret.contains("access_token") {
        Some("a token response (the JSON from /oauth/token)")
    } else if secret.to_ascii_lowercase().starts_with("bearer ") {
        Some("an Authorization header (`Bearer …`)")
    } else if secret.starts_with("eyJ") && secret.matches('.').count() == 2 {
        Some("an access token (a JWT)")
    } else {
        None
    }
}

impl AuthState {
    pub fn new(credentials: Credentials, redactor: &Redactor) -> Self {
        match credentials {
            Credentials::ServerToServer {
                account_id,
                client_id,
                client_secret,
            } => {
                redactor.remember(client_secret.expose_secret());
                let basic = base64::Engine::encode(
                    &base64::engine::general_purpose::STANDARD,
                    format!("{client_id}:{}", client_secret.expose_secret()),
                );
                redactor.remember(&basic);
                AuthState::ServerToServer(S2sAuth {
                    account_id,
                    client_id,
                    client_secret,
                    cache: tokio::sync::Mutex::new(None),
                    generation: AtomicU64::new(0),
                    in_flight: Arc::new(RwLock::new(())),
                    info: Mutex::new(TokenInfo::default()),
                })
            }
            Credentials::LegacyJwt {
                api_key,
                api_secret,
            } => {
                redactor.remember(api_secret.expose_secret());
                AuthState::LegacyJwt(JwtAuth {
                    api_key,
                    api_secret,
                    cache: Mutex::new(None),
                    generation: AtomicU64::new(0),
                    info: Mutex::new(TokenInfo::default()),
                })
            }
        }
    }

    pub fn kind(&self) -> AuthKind {
        match self {
            AuthState::ServerToServer(_) => AuthKind::ServerToServer,
            AuthState::LegacyJwt(_) => AuthKind::LegacyJwt,
        }
    }

    /// The account the credentials work on, without a secret: a Server-to-Server app's account
    /// ID, or a JWT app's API key (JWT apps are one per account).
    pub fn account_label(&self) -> String {
        match self {
            AuthState::ServerToServer(s2s) => format!("account {}", s2s.account_id),
            AuthState::LegacyJwt(jwt) => format!("JWT app {}", jwt.api_key),
        }
    }

    fn info(&self) -> &Mutex<TokenInfo> {
        match self {
            AuthState::ServerToServer(s2s) => &s2s.info,
            AuthState::LegacyJwt(jwt) => &jwt.info,
        }
    }

    /// The scopes of the current token (empty for JWT apps).
    pub fn granted_scopes(&self) -> Vec<String> {
        lock(self.info()).scopes.clone()
    }

    /// The token's state at `now` (monotonic).
    pub fn status(&self, now: Instant) -> TokenStatus {
        let info = lock(self.info());
        let remaining = info.expires_at.map(|at| at.saturating_duration_since(now));
        TokenStatus {
            auth_kind: self.kind(),
            valid: remaining.is_some_and(|left| !left.is_zero()),
            expires_at: info.expires_wall,
            remaining,
            refresh_in: info.refresh_at.map(|at| at.saturating_duration_since(now)),
            scopes: info.scopes.clone(),
            api_url: info.api_url.clone(),
            fetch_count: info.fetch_count,
            last_error: info.last_error.clone(),
        }
    }
}

impl Inner {
    /// A token for one request.
    pub(crate) async fn bearer(&self) -> Result<Lease, ZoomError> {
        match &self.auth {
            AuthState::ServerToServer(s2s) => loop {
                let (token, generation) = self.s2s_token(s2s, false).await?;
                let in_flight = s2s.in_flight.clone().read_owned().await;
                // A refresh may have replaced the token while this request waited for it to finish.
                if s2s.generation.load(Ordering::SeqCst) == generation {
                    return Ok(Lease {
                        token,
                        generation,
                        _in_flight: Some(in_flight),
                    });
                }
            },
            AuthState::LegacyJwt(jwt) => {
                let (token, generation) = self.jwt_token(jwt, false)?;
                Ok(Lease {
                    token,
                    generation,
                    _in_flight: None,
                })
            }
        }
    }

    /// Zoom rejected the token of `generation` (124): drop it so that the next request gets a new
    /// one. Callers that raced on the same rejection drop it only once.
    pub(crate) async fn invalidate_token(&self, generation: u64, reason: &str) {
        let dropped = match &self.auth {
            AuthState::ServerToServer(s2s) => {
                let mut cache = s2s.cache.lock().await;
                if cache
                    .as_ref()
                    .is_some_and(|token| token.generation == generation)
                {
                    *cache = None;
                    let mut info = lock(&s2s.info);
                    info.expires_at = None;
                    info.refresh_at = None;
                    true
                } else {
                    false
                }
            }
            AuthState::LegacyJwt(jwt) => {
                let mut cache = lock(&jwt.cache);
                if cache
                    .as_ref()
                    .is_some_and(|token| token.generation == generation)
                {
                    *cache = None;
                    true
                } else {
                    false
                }
            }
        };
        if dropped {
            self.emit(ClientEvent::Token(TokenEvent {
                kind: TokenEventKind::Invalidated,
                expires_at: None,
                scopes: self.auth.granted_scopes(),
                detail: Some(self.redactor.scrub(reason)),
            }));
        }
    }

    /// Gets a new token now (login, doctor) and returns the token's state.
    pub(crate) async fn renew_token(&self) -> Result<TokenStatus, ZoomError> {
        match &self.auth {
            AuthState::ServerToServer(s2s) => {
                self.s2s_token(s2s, true).await?;
            }
            AuthState::LegacyJwt(jwt) => {
                self.jwt_token(jwt, true)?;
            }
        }
        Ok(self.auth.status(self.time.instant()))
    }

    async fn s2s_token(
        &self,
        s2s: &S2sAuth,
        force: bool,
    ) -> Result<(SecretString, u64), ZoomError> {
        let mut cache = s2s.cache.lock().await;
        let now = self.time.instant();
        let still_valid = cache.as_ref().filter(|token| now < token.expires_at);
        if let Some(token) = still_valid.filter(|token| !force && now < token.refresh_at) {
            return Ok((token.token.clone(), token.generation));
        }
        // Replacing a token that still works: let the requests carrying it finish first (at most
        // half its remaining life), so that the new token cannot invalidate them mid-flight.
        let reason = if force {
            FetchReason::Requested
        } else if still_valid.is_some() {
            FetchReason::AheadOfExpiry
        } else if cache.is_some() {
            FetchReason::Expired
        } else if lock(&s2s.info).fetch_count > 0 {
            // Only a 124 empties the cache once a token was fetched.
            FetchReason::Rejected
        } else {
            FetchReason::FirstUse
        };
        self.emit(ClientEvent::TokenFetchStarted(reason));
        let drain = match still_valid {
            Some(token) => {
                let limit = token.expires_at.saturating_duration_since(now) / 2;
                tokio::time::timeout(limit, s2s.in_flight.clone().write_owned())
                    .await
                    .ok()
            }
            None => None,
        };
        let fetched = match self.request_s2s_token(s2s).await {
            Ok(fetched) => fetched,
            Err(error) => {
                let detail = self.redactor.scrub(&error.to_string());
                lock(&s2s.info).last_error = Some(detail.clone());
                self.emit(ClientEvent::Token(TokenEvent {
                    kind: TokenEventKind::Failed,
                    expires_at: None,
                    scopes: Vec::new(),
                    detail: Some(detail),
                }));
                if let Some(token) = cache
                    .as_mut()
                    .filter(|token| !force && now < token.expires_at)
                {
                    // The old token still works: use it and try again shortly.
                    token.refresh_at = self.time.instant() + REFRESH_RETRY_AFTER;
                    return Ok((token.token.clone(), token.generation));
                }
                return Err(error);
            }
        };
        let lifetime = fetched.expires_in;
        let margin = self.config.token_refresh_margin.min(lifetime / 2);
        let expires_at = fetched.requested_at + lifetime;
        let refresh_at = expires_at.checked_sub(margin).unwrap_or(expires_at);
        let generation = s2s.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let (kind, expires_wall) = {
            let mut info = lock(&s2s.info);
            let kind = if info.fetch_count == 0 {
                TokenEventKind::Fetched
            } else {
                TokenEventKind::Refreshed
            };
            info.fetch_count += 1;
            info.expires_at = Some(expires_at);
            info.refresh_at = Some(refresh_at);
            info.expires_wall = wall_after(
                self.time.timestamp(),
                expires_at.saturating_duration_since(self.time.instant()),
            );
            info.scopes.clone_from(&fetched.scopes);
            info.api_url.clone_from(&fetched.api_url);
            info.last_error = None;
            (kind, info.expires_wall)
        };
        *cache = Some(CachedToken {
            token: fetched.token.clone(),
            generation,
            expires_at,
            refresh_at,
        });
        drop(drain);
        self.emit(ClientEvent::Token(TokenEvent {
            kind,
            expires_at: expires_wall,
            scopes: fetched.scopes,
            detail: None,
        }));
        Ok((fetched.token, generation))
    }

    /// One token exchange with Zoom's OAuth endpoint, retried on 5xx, 429 and connection errors
    /// by the same state machine as API requests (honouring `Retry-After` up to the ceiling).
    async fn request_s2s_token(&self, s2s: &S2sAuth) -> Result<FetchedToken, ZoomError> {
        if let Some(looks_like) = secret_mistake(s2s.client_secret.expose_secret()) {
            return Err(ZoomError::SecretLooksLikeToken {
                field: "client secret",
                looks_like,
            });
        }
        let form = [
            ("grant_type", "account_credentials"),
            ("account_id", s2s.account_id.as_str()),
        ];
        let detail = format!(
            "grant_type=account_credentials&account_id={}",
            s2s.account_id
        );
        let limit = self.config.max_token_answer_bytes;
        let mut machine = RetryMachine::new(self.config.retry, Repeat::Safe);
        let started = self.time.instant();
        loop {
            let attempt = machine.start_try();
            let sent_at = self.time.wall();
            let sent = self.time.instant();
            let response = self
                .http
                .post(&self.token_url)
                .basic_auth(&s2s.client_id, Some(s2s.client_secret.expose_secret()))
                .form(&form)
                .send()
                .await;
            let exchange = match response {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let headers = response.headers().clone();
                    super::pipeline::read_capped(response, limit)
                        .await
                        .map(|bytes| (status, headers, bytes))
                        .map_err(|failure| (Some(status), failure))
                }
                Err(error) => Err((None, super::pipeline::ReadFailure::Transport(error))),
            };
            let mut entry = self.new_entry(
                Endpoint::Token,
                "POST",
                "/oauth/token",
                &[],
                sent_at,
                attempt,
            );
            entry.latency = self.time.instant().saturating_duration_since(sent);
            entry.request_detail = Some(detail.clone());
            let (status, headers, bytes) = match exchange {
                Ok(parts) => parts,
                Err((status, super::pipeline::ReadFailure::TooLarge)) => {
                    entry.status = status;
                    let detail = format!(
                        "the answer is larger than {}; regdesk stopped reading",
                        super::pipeline::describe_size(limit)
                    );
                    entry.failure = Some(detail.clone());
                    let error = self.unexpected(Endpoint::Token, status.unwrap_or(0), &detail);
                    entry.diagnosis = Some(error.diagnosis());
                    self.commit(entry);
                    return Err(error);
                }
                Err((status, super::pipeline::ReadFailure::Transport(error))) => {
                    entry.status = status;
                    let failure = super::pipeline::describe_transport(&error);
                    entry.failure = Some(failure.clone());
                    let outcome = if error.is_connect() {
                        Outcome::NotSent
                    } else {
                        Outcome::Lost
                    };
                    let elapsed = self.time.instant().saturating_duration_since(started);
                    match machine.decide(&outcome, elapsed) {
                        Decision::Resend { wait, reason } => {
                            self.wait_and_retry(entry, wait, reason, &failure).await;
                            continue;
                        }
                        _ => {
                            let error = ZoomError::Unreachable {
                                url: self.token_url.clone(),
                                detail: self.redactor.scrub(&failure),
                            };
                            entry.diagnosis = Some(error.diagnosis());
                            self.commit(entry);
                            return Err(error);
                        }
                    }
                }
            };
            self.observe_clock(&headers, sent_at);
            entry.status = Some(status);
            entry.rate_limit = super::pipeline::rate_limit_headers(&headers);
            let json: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            entry.response_summary = Some(self.redactor.response_summary(&json));
            if (200..300).contains(&status) {
                let parsed: Option<TokenResponse> = serde_json::from_value(json.clone()).ok();
                let Some(parsed) = parsed.filter(|parsed| {
                    parsed
                        .access_token
                        .as_ref()
                        .is_some_and(|token| !token.trim().is_empty())
                }) else {
                    // Never the raw text: a half-readable answer may hold a token not yet known.
                    let shown = if json.is_null() {
                        format!("not JSON ({} bytes)", bytes.len())
                    } else {
                        self.redactor.response_summary(&json)
                    };
                    let error = self.unexpected(
                        Endpoint::Token,
                        status,
                        &format!("the answer has no access_token: {shown}"),
                    );
                    entry.diagnosis = Some(error.diagnosis());
                    self.commit(entry);
                    return Err(error);
                };
                let token = parsed.access_token.unwrap_or_default();
                self.redactor.remember(&token);
                self.commit(entry);
                return Ok(FetchedToken {
                    token: SecretString::from(token),
                    expires_in: token_lifetime(parsed.expires_in.as_ref()),
                    scopes: parsed
                        .scope
                        .unwrap_or_default()
                        .split_whitespace()
                        .map(str::to_owned)
                        .collect(),
                    api_url: parsed.api_url,
                    requested_at: sent,
                });
            }
            let cause = format!("HTTP {status}");
            if status == 429 || status >= 500 {
                let retry_after =
                    super::pipeline::retry_after(&headers, &self.clock_offset, self.time.wall())
                        .map(|(wait, _)| wait);
                let elapsed = self.time.instant().saturating_duration_since(started);
                match machine.decide(
                    &Outcome::ServerTrouble {
                        status,
                        retry_after,
                    },
                    elapsed,
                ) {
                    Decision::Resend { wait, reason } => {
                        self.wait_and_retry(entry, wait, reason, &cause).await;
                        continue;
                    }
                    Decision::GiveUp(GiveUp::WaitTooLong { asked, ceiling }) => {
                        let error = ZoomError::WaitTooLong {
                            endpoint: Endpoint::Token,
                            asked,
                            ceiling,
                            cause,
                        };
                        entry.diagnosis = Some(error.diagnosis());
                        self.commit(entry);
                        return Err(error);
                    }
                    _ => {}
                }
            }
            let body: OAuthErrorBody = serde_json::from_slice(&bytes).unwrap_or_default();
            let scrub = |text: Option<String>| text.map(|text| self.redactor.scrub(&text));
            let body = OAuthErrorBody {
                error: scrub(body.error),
                reason: scrub(body.reason),
                error_description: scrub(body.error_description),
            };
            entry.zoom_message = body.reason.clone().or(body.error_description.clone());
            let error = ZoomError::TokenRequest(TokenRequestError {
                status,
                kind: classify_token_error(status, &body),
                error: body.error,
                reason: body.reason.or(body.error_description),
            });
            entry.diagnosis = Some(error.diagnosis());
            self.commit(entry);
            return Err(error);
        }
    }

    fn jwt_token(&self, jwt: &JwtAuth, force: bool) -> Result<(SecretString, u64), ZoomError> {
        if let Some(looks_like) = secret_mistake(jwt.api_secret.expose_secret()) {
            return Err(ZoomError::SecretLooksLikeToken {
                field: "API secret",
                looks_like,
            });
        }
        let lifetime = self.config.jwt_lifetime.max(Duration::from_secs(10));
        let mut cache = lock(&jwt.cache);
        let server_now = self.clock_offset.server_now_secs(self.time.wall());
        let offset = self
            .clock_offset
            .current()
            .map_or(0.0, |offset| offset.estimate_secs);
        if let Some(signed) = cache.as_ref() {
            let left = signed.exp as f64 - server_now;
            if !force
                && left > lifetime.as_secs_f64() / 3.0
                && (signed.offset_secs - offset).abs() <= JWT_RESIGN_OFFSET_SECS
            {
                return Ok((signed.token.clone(), signed.generation));
            }
        }
        let exp = server_now.floor() as i64 + lifetime.as_secs() as i64;
        let claims = JwtClaims {
            iss: &jwt.api_key,
            exp,
        };
        let token = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
            &claims,
            &jsonwebtoken::EncodingKey::from_secret(jwt.api_secret.expose_secret().as_bytes()),
        )
        .map_err(|error| ZoomError::InvalidRequest {
            field: "API secret".to_owned(),
            problem: format!("cannot sign a JWT with it: {error}"),
        })?;
        self.redactor.remember(&token);
        let generation = jwt.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let token = SecretString::from(token);
        *cache = Some(SignedJwt {
            token: token.clone(),
            generation,
            exp,
            offset_secs: offset,
        });
        drop(cache);
        // The token's expiry on the local clocks: Zoom's `exp` minus the offset.
        let local_left = Duration::from_secs_f64((exp as f64 - server_now).max(0.0));
        let expires_wall = wall_after(self.time.timestamp(), local_left);
        {
            let now = self.time.instant();
            let mut info = lock(&jwt.info);
            info.fetch_count += 1;
            info.expires_at = Some(now + local_left);
            info.refresh_at = Some(now + local_left.mul_f64(2.0 / 3.0));
            info.expires_wall = expires_wall;
            info.last_error = None;
        }
        self.emit(ClientEvent::Token(TokenEvent {
            kind: TokenEventKind::Generated,
            expires_at: expires_wall,
            scopes: Vec::new(),
            detail: (offset.abs() >= 1.0).then(|| {
                format!(
                    "exp set in Zoom's time: its clock is {} ours",
                    super::diagnosis::describe_offset(offset)
                )
            }),
        }));
        Ok((token, generation))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absurd_token_lifetimes_are_bounded() {
        let lifetime = |value: Value| token_lifetime(Some(&value));
        assert_eq!(lifetime(serde_json::json!(u64::MAX)), MAX_TOKEN_LIFETIME);
        assert_eq!(lifetime(serde_json::json!(1e300)), MAX_TOKEN_LIFETIME);
        assert_eq!(lifetime(serde_json::json!(3599)), Duration::from_secs(3599));
        assert_eq!(
            lifetime(serde_json::json!("3599")),
            Duration::from_secs(3599)
        );
        assert_eq!(lifetime(serde_json::json!(-5)), DEFAULT_TOKEN_LIFETIME);
        assert_eq!(lifetime(serde_json::json!("soon")), DEFAULT_TOKEN_LIFETIME);
        assert_eq!(token_lifetime(None), DEFAULT_TOKEN_LIFETIME);
        // The expiry arithmetic the cache does, with the largest lifetime believed.
        assert!(
            Instant::now()
                .checked_add(lifetime(serde_json::json!(u64::MAX)))
                .is_some()
        );
    }

    #[test]
    fn pasted_tokens_are_recognised() {
        assert!(secret_mistake(r#"{"access_token":"eyJ…","token_type":"bearer"}"#).is_some());
        assert!(secret_mistake("Bearer abc").is_some());
        assert!(secret_mistake("eyJhbGciOiJIUzUxMiJ9.eyJ2ZXIiOjd9.c2ln").is_some());
        assert!(secret_mistake("a8Xk2mQ9pL3vR7tY1wE5uI0oP4sD6fG").is_none());
        let error = ZoomError::SecretLooksLikeToken {
            field: "client secret",
            looks_like: "x",
        };
        assert!(error.diagnosis().fix.contains("App credentials"));
    }
}
