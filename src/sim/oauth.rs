//! `POST /oauth/token`: Server-to-Server OAuth's `account_credentials` grant. Basic auth with the
//! app's client ID and secret, parameters in an `application/x-www-form-urlencoded` body or in the
//! query string (Zoom's docs allow both, zoom-api.md §1). The mistakes of zoom-api.md §8.5 get
//! Zoom's answers: a wrong grant type or a JSON body is an "unsupported grant type".

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{RawQuery, Request, State};
use axum::http::header::{AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;

use super::errors::OAuthError;
use super::errors::server_error;
use super::faults::FaultKind;
use super::state::{ConnectionKill, Shared, draw_fault, lock};
use super::tokens::Grant;
use super::world::AppCredentials;

/// The token endpoint's share of the API's fault rates: faults there are rare.
const TOKEN_FAULT_SCALE: f64 = 0.1;

pub(crate) async fn token(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
    request: Request,
) -> Response {
    let kill = request.extensions().get::<ConnectionKill>().cloned();
    lock(&shared.stats).token_request();
    let draw = draw_fault(&shared, &shared.settings().faults, TOKEN_FAULT_SCALE);
    match draw.fault {
        Some(FaultKind::ServerError) => return server_error(draw.detail),
        Some(FaultKind::DropBefore) => {
            if let Some(kill) = &kill {
                return kill.drop_connection().await;
            }
        }
        _ => {}
    }
    let headers = request.headers().clone();
    let body = match axum::body::to_bytes(request.into_body(), 64 * 1024).await {
        Ok(body) => body,
        Err(_) => {
            return OAuthError::new(StatusCode::BAD_REQUEST, "invalid_request", "Bad Request")
                .into_response();
        }
    };
    let response = match issue(&shared, &headers, query.as_deref(), &body) {
        Ok(response) => response,
        Err(error) => error.into_response(),
    };
    if draw.fault == Some(FaultKind::DropAfter)
        && let Some(kill) = &kill
    {
        return kill.drop_connection().await;
    }
    response
}

fn issue(
    shared: &Shared,
    headers: &HeaderMap,
    query: Option<&str>,
    body: &Bytes,
) -> Result<Response, OAuthError> {
    let invalid_client = || {
        OAuthError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Invalid client_id or client_secret",
        )
    };
    let unsupported = || {
        OAuthError::new(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "unsupported grant type",
        )
    };
    let (client_id, client_secret) = basic_credentials(headers).ok_or_else(invalid_client)?;

    let world = lock(&shared.world);
    let app = match (world.s2s_app(&client_id), world.jwt_app(&client_id)) {
        (Some(app), _) => app,
        // A JWT app's key and secret are not OAuth credentials: Zoom's "unsupported grant type"
        // for credentials of a non-S2S app.
        (None, Some(app)) => match &app.credentials {
            AppCredentials::Jwt { api_secret, .. } if *api_secret == client_secret => {
                return Err(unsupported());
            }
            _ => return Err(invalid_client()),
        },
        (None, None) => return Err(invalid_client()),
    };
    let AppCredentials::ServerToServer {
        client_secret: secret,
        scopes,
        ..
    } = &app.credentials
    else {
        return Err(invalid_client());
    };
    if *secret != client_secret {
        return Err(invalid_client());
    }

    let media = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::trim);
    if media.is_some_and(|m| m.eq_ignore_ascii_case("application/json")) {
        return Err(unsupported());
    }
    let form: Vec<(String, String)> = match media {
        Some(m) if m.eq_ignore_ascii_case("application/x-www-form-urlencoded") => parse_form(body),
        _ => Vec::new(),
    };
    let in_query = query.map(|q| parse_form(q.as_bytes())).unwrap_or_default();
    // Zoom's docs take the parameters "either as query parameters or in the request body". When
    // both carry one and they disagree, the stricter answer wins: a 400 naming the parameter,
    // rather than guessing which copy Zoom would read.
    fn find<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
    let field = |name: &str| -> Result<Option<&str>, OAuthError> {
        match (find(&form, name), find(&in_query, name)) {
            (Some(body), Some(query)) if body != query => Err(OAuthError::new(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                format!("{name} differs between the query string and the body"),
            )),
            (Some(value), _) | (None, Some(value)) => Ok(Some(value)),
            (None, None) => Ok(None),
        }
    };
    let Some(grant_type) = field("grant_type")? else {
        return Err(OAuthError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing grant_type",
        ));
    };
    if grant_type != "account_credentials" {
        return Err(unsupported());
    }
    match field("account_id")? {
        None | Some("") => {
            return Err(OAuthError::new(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "Missing account_id",
            ));
        }
        Some(account) if account != world.account.id => {
            return Err(OAuthError::new(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "Invalid account_id",
            ));
        }
        Some(_) => {}
    }

    let settings = shared.settings();
    let lifetime = i64::try_from(settings.token_lifetime.as_secs()).unwrap_or(i64::MAX);
    let grant = Grant {
        client_id: &client_id,
        account_id: &world.account.id,
        owner_user_id: &app.owner_user_id,
        scopes,
    };
    let issued = lock(&shared.tokens).issue(
        grant,
        shared.clock.unix_seconds(),
        lifetime,
        settings.invalidate_previous_tokens,
    );
    lock(&shared.stats).token_issued();
    let body = json!({
        "access_token": issued.access_token,
        "token_type": "bearer",
        "expires_in": lifetime,
        "scope": issued.scope,
        // Like Zoom's, the API host without the version: clients append /v2.
        "api_url": shared.base_url,
    });
    Ok(([(CACHE_CONTROL, "no-store")], Json(body)).into_response())
}

fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

/// `application/x-www-form-urlencoded` pairs, percent- and plus-decoded.
fn parse_form(body: &[u8]) -> Vec<(String, String)> {
    body.split(|b| *b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let mut parts = pair.splitn(2, |b| *b == b'=');
            let key = parts.next().unwrap_or_default();
            let value = parts.next().unwrap_or_default();
            (percent_decode(key), percent_decode(value))
        })
        .collect()
}

fn percent_decode(input: &[u8]) -> String {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < input.len() => {
                let hex = std::str::from_utf8(&input[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_forms() {
        assert_eq!(
            parse_form(b"grant_type=account_credentials&account_id=a%2Bb+c&x"),
            vec![
                ("grant_type".to_owned(), "account_credentials".to_owned()),
                ("account_id".to_owned(), "a+b c".to_owned()),
                ("x".to_owned(), String::new()),
            ]
        );
        assert_eq!(percent_decode(b"100%"), "100%");
        assert_eq!(percent_decode(b"%4"), "%4");
        assert_eq!(percent_decode(b"%41"), "A");
    }
}
