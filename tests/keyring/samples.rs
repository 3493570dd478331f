//! Sample credentials for the store tests.

use regdesk::zoom::Credentials;
use secrecy::{ExposeSecret, SecretString};

pub const SAMPLE_SECRET: &str = "s2s-secret-Zx81-never-on-disk";

pub fn sample_s2s() -> Credentials {
    Credentials::ServerToServer {
        account_id: "acct-123".into(),
        client_id: "client-456".into(),
        client_secret: SecretString::from(SAMPLE_SECRET),
    }
}

pub fn secret_of(credentials: &Credentials) -> String {
    match credentials {
        Credentials::ServerToServer { client_secret, .. } => client_secret.expose_secret().into(),
        Credentials::LegacyJwt { api_secret, .. } => api_secret.expose_secret().into(),
    }
}
