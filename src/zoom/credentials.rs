//! The credentials of a Zoom app, as the API client needs them. Secrets stay inside
//! [`SecretString`] so that they never reach a `Debug` print, a log or the request log.

use secrecy::SecretString;

/// A Zoom app's credentials.
#[derive(Clone)]
pub enum Credentials {
    /// A Server-to-Server OAuth app: the token comes from `POST {oauth_url}/oauth/token`.
    ServerToServer {
        account_id: String,
        client_id: String,
        client_secret: SecretString,
    },
    /// A legacy JWT app (retired by Zoom in 2023): regdesk signs short HS256 tokens itself.
    LegacyJwt {
        api_key: String,
        api_secret: SecretString,
    },
}

impl Credentials {
    /// A short, non-secret description, e.g. `Server-to-Server OAuth app (client ID abc…)`.
    pub fn describe(&self) -> String {
        match self {
            Credentials::ServerToServer { client_id, .. } => {
                format!("Server-to-Server OAuth app (client ID {client_id})")
            }
            Credentials::LegacyJwt { api_key, .. } => {
                format!("legacy JWT app (API key {api_key}; Zoom retired JWT apps in 2023)")
            }
        }
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credentials::ServerToServer {
                account_id,
                client_id,
                ..
            } => f
                .debug_struct("ServerToServer")
                .field("account_id", account_id)
                .field("client_id", client_id)
                .field("client_secret", &"[redacted]")
                .finish(),
            Credentials::LegacyJwt { api_key, .. } => f
                .debug_struct("LegacyJwt")
                .field("api_key", api_key)
                .field("api_secret", &"[redacted]")
                .finish(),
        }
    }
}
