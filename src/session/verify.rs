//! Whether credentials work: one verification for both front ends' login and for the doctor.
//!
//! The criterion: a Server-to-Server app works when Zoom's token endpoint issues a token (an app
//! without `meeting:read` still logs in; the features its scopes disable are named, see
//! [`super::features`]); a legacy JWT app works when an API call answers with anything but an
//! authentication error (its token is signed locally, so only Zoom's answer proves the secret).

use crate::profiles::Endpoints;
use crate::zoom::{AuthKind, ClientConfig, Credentials, Plan, ZoomClient, ZoomError};

/// A clock this far off Zoom's breaks legacy JWT tokens (Zoom checks their `exp` against its
/// own clock; zoom-api.md §2).
pub const JWT_CLOCK_TOLERANCE_SECS: i64 = 30;

/// "this computer's clock is 120 s behind Zoom's", for an offset of Zoom's clock minus ours.
pub fn clock_phrase(offset_secs: i64) -> String {
    let direction = match offset_secs.signum() {
        1 => "behind",
        -1 => "ahead of",
        _ => return "this computer's clock is in step with Zoom's".to_string(),
    };
    format!(
        "this computer's clock is {} s {direction} Zoom's",
        offset_secs.abs()
    )
}

/// A failure as the client diagnosed it: what happened and the fix.
#[derive(Debug, Clone)]
pub struct Diagnosed {
    pub problem: String,
    pub fix: Option<String>,
}

/// A check of the credentials that failed, as the API client diagnosed it.
#[derive(Debug, Clone)]
pub struct VerifyFailure {
    pub diagnosed: Diagnosed,
    pub clock_offset_secs: Option<i64>,
}

impl std::fmt::Display for VerifyFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.diagnosed.problem)?;
        if let Some(fix) = &self.diagnosed.fix {
            write!(f, "\nfix: {fix}")?;
        }
        Ok(())
    }
}

/// Credentials that work, with what Zoom said about them.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The scopes granted to the token (empty for legacy JWT apps, which have none).
    pub scopes: Vec<String>,
    /// Zoom's clock minus ours, in whole seconds, when a response carried a `Date` header.
    pub clock_offset_secs: Option<i64>,
}

/// The API client for `credentials` at `endpoints`, pacing requests for `plan`.
pub fn client_for(
    credentials: &Credentials,
    endpoints: &Endpoints,
    plan: Plan,
) -> Result<ZoomClient, VerifyFailure> {
    let config = ClientConfig {
        plan,
        ..ClientConfig::new(endpoints.api_url.clone(), endpoints.oauth_url.clone())
    };
    ZoomClient::new(credentials.clone(), config).map_err(|err| failed(&None, &err))
}

fn offset_of(client: &ZoomClient) -> Option<i64> {
    client
        .clock_offset()
        .map(|offset| offset.estimate_secs.round() as i64)
}

fn failed(clock_offset_secs: &Option<i64>, err: &ZoomError) -> VerifyFailure {
    let diagnosis = err.diagnosis();
    VerifyFailure {
        diagnosed: Diagnosed {
            problem: format!("{}\n{}", diagnosis.summary, diagnosis.explanation),
            fix: Some(diagnosis.fix),
        },
        clock_offset_secs: *clock_offset_secs,
    }
}

/// Checks that the credentials get a token. A Server-to-Server app asks Zoom's token endpoint
/// (an app without `meeting:read` still logs in; its missing scopes are shown, not refused). A
/// legacy JWT is signed locally, so only an API call proves its key and secret: any answer
/// other than an authentication error does.
pub async fn verify_token(client: &ZoomClient) -> Result<Verified, VerifyFailure> {
    match client.auth_kind() {
        AuthKind::ServerToServer => match client.fetch_token().await {
            Ok(token) => Ok(Verified {
                scopes: token.scopes,
                clock_offset_secs: offset_of(client),
            }),
            Err(err) => Err(failed(&offset_of(client), &err)),
        },
        AuthKind::LegacyJwt => match client.verify().await {
            Ok(_) => Ok(Verified {
                scopes: Vec::new(),
                clock_offset_secs: offset_of(client),
            }),
            Err(err) if !err.is_auth() && err.api_kind().is_some() => Ok(Verified {
                scopes: Vec::new(),
                clock_offset_secs: offset_of(client),
            }),
            Err(err) => Err(failed(&offset_of(client), &err)),
        },
    }
}

/// The one check of typed credentials, for both front ends' login: builds a client and gets a
/// token (see [`verify_token`]).
pub async fn verify(
    credentials: &Credentials,
    endpoints: &Endpoints,
) -> Result<Verified, VerifyFailure> {
    let client = client_for(credentials, endpoints, Plan::default())?;
    verify_token(&client).await
}

/// One authenticated API call (the first page of `me`'s meetings): the API answers and takes
/// the token; returns the clock offset it measured.
pub async fn check_api(client: &ZoomClient) -> Result<Option<i64>, VerifyFailure> {
    match client.verify().await {
        Ok(verification) => Ok(verification
            .clock_offset
            .map(|offset| offset.estimate_secs.round() as i64)
            .or_else(|| offset_of(client))),
        Err(err) => Err(failed(&offset_of(client), &err)),
    }
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    use super::*;

    /// A server on 127.0.0.1 that answers every request with `status` and Zoom's error `code`
    /// (what a legacy JWT meets when its signature is fine but the account says no, or when the
    /// signature is wrong).
    async fn answering(status: u16, code: u32, message: &str) -> Endpoints {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let body = serde_json::json!({ "code": code, "message": message }).to_string();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let body = body.clone();
                tokio::spawn(async move {
                    let mut request = Vec::new();
                    let mut buffer = [0_u8; 4096];
                    while !request.windows(4).any(|window| window == b"\r\n\r\n") {
                        match socket.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(read) => request.extend_from_slice(&buffer[..read]),
                        }
                    }
                    let reply = format!(
                        "HTTP/1.1 {status} Answer\r\ncontent-type: application/json\r\n\
                         content-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    socket.write_all(reply.as_bytes()).await.ok();
                });
            }
        });
        Endpoints {
            api_url: format!("{url}/v2"),
            oauth_url: url,
        }
    }

    fn legacy_jwt() -> Credentials {
        Credentials::LegacyJwt {
            api_key: "key-1234567890".to_owned(),
            api_secret: SecretString::from("secret-1234567890abcdef"),
        }
    }

    #[tokio::test]
    async fn a_legacy_jwt_answered_with_an_error_other_than_authentication_is_verified() {
        let endpoints = answering(404, 1001, "User does not exist: me.").await;
        let verified = verify(&legacy_jwt(), &endpoints).await;
        assert!(verified.is_ok(), "{verified:?}");
        assert!(verified.unwrap().scopes.is_empty());
    }

    #[tokio::test]
    async fn a_legacy_jwt_whose_token_zoom_rejects_is_not_verified() {
        let endpoints = answering(401, 124, "Invalid access token.").await;
        let refused = verify(&legacy_jwt(), &endpoints).await;
        assert!(refused.is_err(), "{refused:?}");
    }
}
