//! Redaction, applied when a request is recorded (never later, when it is shown): secret-looking
//! JSON fields and query parameters are masked, JWT-shaped strings and `Bearer`/`Basic` credentials
//! are cut out, and every secret the client knows (client secret, API secret, tokens it fetched or
//! signed) is replaced wherever it appears. Emails and names stay: they are what the log is for.

use std::sync::Mutex;

use serde_json::Value;

/// What replaces a secret.
pub const MASK: &str = "[redacted]";

/// How many issued tokens to remember for scrubbing (older ones no longer work anyway, but a
/// stray copy must not leak either).
const REMEMBERED_SECRETS: usize = 64;

/// Secrets shorter than this are not scrubbed by value (they would mask ordinary words); they are
/// still masked by field name.
const MIN_SCRUB_LEN: usize = 6;

/// The shortest run after `Bearer`/`Basic` treated as a credential.
const MIN_CREDENTIAL_LEN: usize = 8;

/// The longest request detail kept in a log entry.
const MAX_DETAIL_CHARS: usize = 4000;

/// Knows the client's secrets and masks them in text headed for the request log.
#[derive(Debug, Default)]
pub struct Redactor {
    secrets: Mutex<Vec<String>>,
}

impl Redactor {
    /// Remembers a secret so that it is masked wherever it appears.
    pub fn remember(&self, secret: &str) {
        if secret.len() < MIN_SCRUB_LEN {
            return;
        }
        let mut secrets = self
            .secrets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if secrets.iter().any(|known| known == secret) {
            return;
        }
        // The client's own credentials come first and are never evicted.
        if secrets.len() >= REMEMBERED_SECRETS {
            let oldest_issued = 2.min(secrets.len() - 1);
            secrets.remove(oldest_issued);
        }
        secrets.push(secret.to_owned());
    }

    /// Masks known secrets, JWT-shaped strings and `Bearer`/`Basic` credentials in `text`.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_owned();
        {
            let secrets = self
                .secrets
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            for secret in secrets.iter() {
                if out.contains(secret.as_str()) {
                    out = out.replace(secret.as_str(), MASK);
                }
            }
        }
        let out = mask_auth_schemes(&out);
        mask_jwts(&out)
    }

    /// A redacted, bounded rendering of a JSON request body.
    pub fn request_detail(&self, body: &Value) -> String {
        let text = redact_json(body).to_string();
        truncate(&self.scrub(&text), MAX_DETAIL_CHARS)
    }

    /// A short redacted summary of a JSON response: scalars with their values, arrays with their
    /// lengths.
    pub fn response_summary(&self, body: &Value) -> String {
        let summary = match body {
            Value::Object(map) => map
                .iter()
                .map(|(key, value)| {
                    if is_secret_key(key) {
                        format!("{key}={MASK}")
                    } else {
                        match value {
                            Value::Array(items) => format!("{key}[{}]", items.len()),
                            Value::Object(_) => format!("{key}{{…}}"),
                            Value::String(text) if key == "next_page_token" => {
                                format!("{key}={}", if text.is_empty() { "\"\"" } else { "…" })
                            }
                            Value::String(text) => format!("{key}={}", truncate(text, 80)),
                            other => format!("{key}={other}"),
                        }
                    }
                })
                .collect::<Vec<_>>()
                .join(", "),
            Value::Array(items) => format!("[{} items]", items.len()),
            other => truncate(&other.to_string(), 200),
        };
        self.scrub(&summary)
    }

    /// A redacted query string (`key=value&…`).
    pub fn query(&self, pairs: &[(String, String)]) -> String {
        let text = pairs
            .iter()
            .map(|(key, value)| {
                if is_secret_key(key) {
                    format!("{key}={MASK}")
                } else if key == "next_page_token" {
                    format!("{key}=…")
                } else {
                    format!("{key}={value}")
                }
            })
            .collect::<Vec<_>>()
            .join("&");
        self.scrub(&text)
    }
}

/// Whether a field or parameter name suggests a secret.
pub fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    if key == "next_page_token" {
        return false;
    }
    [
        "token",
        "secret",
        "password",
        "passwd",
        "authorization",
        "api_key",
        "apikey",
        "jwt",
        "start_url",
        "zak",
        "credential",
        "signature",
    ]
    .iter()
    .any(|needle| key.contains(needle))
}

/// Masks secret-looking fields anywhere in a JSON value.
pub fn redact_json(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| {
                    let value = if is_secret_key(key) {
                        Value::String(MASK.to_owned())
                    } else {
                        redact_json(value)
                    };
                    (key.clone(), value)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact_json).collect()),
        other => other.clone(),
    }
}

fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(max_chars).collect();
        cut.push('…');
        cut
    }
}

fn is_base64url(byte: u8) -> bool {
    byte.is_ascii_alphanumeric()
        || byte == b'-'
        || byte == b'_'
        || byte == b'='
        || byte == b'+'
        || byte == b'/'
}

/// Replaces `eyJ…` runs (JWT headers, and whatever base64url/dot characters follow) with the mask.
fn mask_jwts(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut index = 0;
    let mut copied = 0;
    while let Some(found) = text[index..].find("eyJ") {
        let start = index + found;
        let mut end = start;
        while end < bytes.len() && (is_base64url(bytes[end]) || bytes[end] == b'.') {
            end += 1;
        }
        if end - start >= 10 {
            out.push_str(&text[copied..start]);
            out.push_str(MASK);
            copied = end;
        }
        index = end.max(start + 3);
    }
    out.push_str(&text[copied..]);
    out
}

/// Replaces the credential after `Bearer ` or `Basic ` (any case) with the mask.
fn mask_auth_schemes(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut search = 0;
    loop {
        let next = ["bearer", "basic"]
            .iter()
            .filter_map(|scheme| {
                lower[search..]
                    .find(scheme)
                    .map(|at| (search + at, scheme.len()))
            })
            .min_by_key(|(at, _)| *at);
        let Some((at, len)) = next else { break };
        // Drop the scheme word itself too: the log must not even say "Bearer".
        let mut end = at + len;
        let bytes = text.as_bytes();
        let mut credential_start = end;
        while credential_start < bytes.len() && bytes[credential_start] == b' ' {
            credential_start += 1;
        }
        let mut credential_end = credential_start;
        while credential_end < bytes.len()
            && (is_base64url(bytes[credential_end]) || bytes[credential_end] == b'.')
        {
            credential_end += 1;
        }
        // Only a credential-looking run counts: "a basic user" stays readable.
        if credential_end - credential_start >= MIN_CREDENTIAL_LEN {
            end = credential_end;
            out.push_str(&text[copied..at]);
            out.push_str(MASK);
            copied = end;
        }
        search = end;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_masked_by_value_field_and_shape() {
        let redactor = Redactor::default();
        redactor.remember("s3cr3t-client-secret");
        let body = serde_json::json!({
            "email": "ann@example.com",
            "client_secret": "x",
            "note": "my secret is s3cr3t-client-secret",
            "access_token": "abc",
            "start_url": "https://zoom.us/s/1?zak=eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiIxIn0.sig",
            "nested": [{"password": "pw"}],
        });
        let detail = redactor.request_detail(&body);
        assert!(detail.contains("ann@example.com"));
        for leaked in ["s3cr3t-client-secret", "\"abc\"", "eyJ", "\"pw\"", "\"x\""] {
            assert!(!detail.contains(leaked), "{leaked} leaked in {detail}");
        }
        let text = redactor
            .scrub("Authorization: Bearer eyJabc.def.ghi and basic Zm9vOmJhcg== for a basic user");
        assert!(text.ends_with("for a basic user"), "{text}");
        assert!(!text.to_ascii_lowercase().contains("bearer"), "{text}");
        assert!(!text.contains("Zm9vOmJhcg=="), "{text}");
    }

    #[test]
    fn summaries_count_arrays_and_hide_page_tokens() {
        let redactor = Redactor::default();
        let summary = redactor.response_summary(&serde_json::json!({
            "registrants": [1, 2, 3], "next_page_token": "QWERTY", "total_records": 3
        }));
        assert_eq!(
            summary,
            "next_page_token=…, registrants[3], total_records=3"
        );
    }
}
