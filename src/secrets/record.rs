//! The one text format in which every store keeps a profile's credentials: a small JSON object
//! naming the app kind. The encoded record is itself a secret and travels as a `SecretString`.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::zoom::Credentials;

#[derive(Serialize, Deserialize)]
#[serde(tag = "app", rename_all = "kebab-case", deny_unknown_fields)]
enum Record<'a> {
    ServerToServer {
        account_id: &'a str,
        client_id: &'a str,
        client_secret: &'a str,
    },
    LegacyJwt {
        api_key: &'a str,
        api_secret: &'a str,
    },
}

#[derive(Deserialize)]
#[serde(tag = "app", rename_all = "kebab-case", deny_unknown_fields)]
enum OwnedRecord {
    ServerToServer {
        account_id: String,
        client_id: String,
        client_secret: String,
    },
    LegacyJwt {
        api_key: String,
        api_secret: String,
    },
}

/// The credentials as the JSON text a store keeps.
pub fn encode_record(credentials: &Credentials) -> SecretString {
    let record = match credentials {
        Credentials::ServerToServer {
            account_id,
            client_id,
            client_secret,
        } => Record::ServerToServer {
            account_id,
            client_id,
            client_secret: client_secret.expose_secret(),
        },
        Credentials::LegacyJwt {
            api_key,
            api_secret,
        } => Record::LegacyJwt {
            api_key,
            api_secret: api_secret.expose_secret(),
        },
    };
    // Serializing string fields into a String cannot fail.
    let text = serde_json::to_string(&record).unwrap_or_default();
    SecretString::from(text)
}

/// Reads a record back; the error message never quotes the text (it holds a secret).
pub fn decode_record(text: &str) -> Result<Credentials, String> {
    let record: OwnedRecord = serde_json::from_str(text).map_err(|err| {
        format!(
            "not a regdesk credentials record (JSON error at line {}, column {})",
            err.line(),
            err.column()
        )
    })?;
    Ok(match record {
        OwnedRecord::ServerToServer {
            account_id,
            client_id,
            client_secret,
        } => Credentials::ServerToServer {
            account_id,
            client_id,
            client_secret: SecretString::from(client_secret),
        },
        OwnedRecord::LegacyJwt {
            api_key,
            api_secret,
        } => Credentials::LegacyJwt {
            api_key,
            api_secret: SecretString::from(api_secret),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_app_kinds_round_trip() {
        let s2s = Credentials::ServerToServer {
            account_id: "acc".into(),
            client_id: "cid".into(),
            client_secret: SecretString::from("s3cret\"with quote"),
        };
        let jwt = Credentials::LegacyJwt {
            api_key: "key".into(),
            api_secret: SecretString::from("jwt-secret"),
        };
        for credentials in [s2s, jwt] {
            let encoded = encode_record(&credentials);
            let decoded = decode_record(encoded.expose_secret()).expect("decodes");
            assert_eq!(
                encode_record(&decoded).expose_secret(),
                encoded.expose_secret()
            );
        }
    }

    #[test]
    fn a_foreign_value_is_refused_without_quoting_it() {
        let message = decode_record("hunter2-password").expect_err("not a record");
        assert!(!message.contains("hunter2"), "{message}");
    }
}
