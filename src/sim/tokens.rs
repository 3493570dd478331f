//! Access tokens. S2S tokens are JWT-shaped (HS512, claims like Zoom's) and signed with a key only
//! this simulator knows; each is also recorded, so it can be revoked or invalidated by a newer
//! token. Legacy JWT-app tokens (HS256, `{iss: api_key, exp}`) are minted by the client and judged
//! here against the simulator's clock, which reproduces the clock-skew 124 of the field.

use std::collections::{HashMap, HashSet};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde_json::{Value, json};
use sha2::{Digest, Sha256, Sha512};

use super::errors::ApiError;
use super::world::{AppCredentials, World};

/// Who is calling, as established from the access token.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    /// The app owner: what `me` means.
    pub owner_user_id: String,
    /// `None` for legacy JWT apps, which need no scopes.
    pub scopes: Option<Vec<String>>,
    pub token: TokenRef,
}

/// Enough to revoke the token a request came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TokenRef {
    ServerToServer { jti: String },
    Legacy { digest: [u8; 32] },
}

#[derive(Debug)]
struct IssuedToken {
    client_id: String,
    owner_user_id: String,
    scopes: Vec<String>,
    /// Revoked, or invalidated by a newer token of the same app.
    dead: bool,
}

/// What an S2S token is issued for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Grant<'a> {
    pub client_id: &'a str,
    pub account_id: &'a str,
    pub owner_user_id: &'a str,
    pub scopes: &'a [String],
}

/// A freshly issued S2S token and what the token endpoint reports about it.
pub(crate) struct Issued {
    pub access_token: String,
    pub scope: String,
}

pub(crate) struct TokenRegistry {
    signing_key: [u8; 64],
    key_id: String,
    issued: HashMap<String, IssuedToken>,
    revoked_legacy: HashSet<[u8; 32]>,
}

impl TokenRegistry {
    pub(crate) fn new() -> Self {
        let mut signing_key = [0u8; 64];
        rand::rng().fill_bytes(&mut signing_key);
        Self {
            signing_key,
            key_id: uuid_like(&mut rand::rng()),
            issued: HashMap::new(),
            revoked_legacy: HashSet::new(),
        }
    }

    /// Issues an S2S token for `client_id`, valid from `now` for `lifetime_secs` (seconds of the
    /// simulator's clock). With `invalidate_previous`, the app's older tokens stop working.
    pub(crate) fn issue(
        &mut self,
        grant: Grant<'_>,
        now: i64,
        lifetime_secs: i64,
        invalidate_previous: bool,
    ) -> Issued {
        let Grant {
            client_id,
            account_id,
            owner_user_id,
            scopes,
        } = grant;
        if invalidate_previous {
            for token in self
                .issued
                .values_mut()
                .filter(|t| t.client_id == client_id)
            {
                token.dead = true;
            }
        }
        let mut rng = rand::rng();
        let jti = uuid_like(&mut rng);
        let header = json!({ "alg": "HS512", "v": "2.0", "kid": self.key_id });
        let claims = json!({
            "ver": 9,
            "auid": hex(&Sha256::digest(format!("{account_id}:{owner_user_id}").as_bytes())[..16]),
            "code": random_alnum(&mut rng, 34),
            "iss": format!("zm:cid:{client_id}"),
            "gno": 0,
            "type": 3,
            "tid": 0,
            "aud": "https://oauth.zoom.us",
            "uid": owner_user_id,
            "nbf": now,
            "exp": now + lifetime_secs,
            "iat": now,
            "aid": account_id,
            "jti": jti,
        });
        let access_token = sign(&header, &claims, Algorithm::Hs512, &self.signing_key);
        self.issued.insert(
            jti,
            IssuedToken {
                client_id: client_id.to_owned(),
                owner_user_id: owner_user_id.to_owned(),
                scopes: scopes.to_vec(),
                dead: false,
            },
        );
        Issued {
            access_token,
            scope: scopes.join(" "),
        }
    }

    pub(crate) fn revoke(&mut self, token: &TokenRef) {
        match token {
            TokenRef::ServerToServer { jti } => {
                if let Some(issued) = self.issued.get_mut(jti) {
                    issued.dead = true;
                }
            }
            TokenRef::Legacy { digest } => {
                self.revoked_legacy.insert(*digest);
            }
        }
    }

    /// Revokes every S2S token issued so far (legacy JWTs are minted by clients and live until
    /// their `exp`, as they did at Zoom).
    pub(crate) fn revoke_all(&mut self) {
        for token in self.issued.values_mut() {
            token.dead = true;
        }
    }

    /// Judges a bearer token at `now` (the simulator's clock, in seconds).
    pub(crate) fn authenticate(
        &self,
        token: &str,
        world: &World,
        now: i64,
    ) -> Result<Caller, ApiError> {
        let (header, claims, signed, signature) =
            split(token).ok_or_else(ApiError::invalid_token)?;
        match header.get("alg").and_then(Value::as_str) {
            Some("HS512") => {
                if !verify(Algorithm::Hs512, &self.signing_key, signed, &signature) {
                    return Err(ApiError::invalid_token());
                }
                let jti = claims
                    .get("jti")
                    .and_then(Value::as_str)
                    .ok_or_else(ApiError::invalid_token)?;
                let issued = self.issued.get(jti).ok_or_else(ApiError::invalid_token)?;
                let exp = claims
                    .get("exp")
                    .and_then(Value::as_i64)
                    .ok_or_else(ApiError::invalid_token)?;
                if exp <= now {
                    return Err(ApiError::expired_token());
                }
                if issued.dead {
                    return Err(ApiError::invalid_token());
                }
                Ok(Caller {
                    owner_user_id: issued.owner_user_id.clone(),
                    scopes: Some(issued.scopes.clone()),
                    token: TokenRef::ServerToServer {
                        jti: jti.to_owned(),
                    },
                })
            }
            Some("HS256") => {
                let api_key = claims
                    .get("iss")
                    .and_then(Value::as_str)
                    .ok_or_else(ApiError::invalid_token)?;
                let app = world.jwt_app(api_key).ok_or_else(ApiError::invalid_token)?;
                let AppCredentials::Jwt { api_secret, .. } = &app.credentials else {
                    return Err(ApiError::invalid_token());
                };
                if !verify(Algorithm::Hs256, api_secret.as_bytes(), signed, &signature) {
                    return Err(ApiError::invalid_token());
                }
                // Zoom reads `exp` as seconds; a value in milliseconds lies far in the future and
                // passes, as it did at Zoom.
                let exp = claims
                    .get("exp")
                    .and_then(Value::as_f64)
                    .ok_or_else(ApiError::invalid_token)?;
                if exp <= now as f64 {
                    return Err(ApiError::expired_token());
                }
                let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
                if self.revoked_legacy.contains(&digest) {
                    return Err(ApiError::invalid_token());
                }
                Ok(Caller {
                    owner_user_id: app.owner_user_id.clone(),
                    scopes: None,
                    token: TokenRef::Legacy { digest },
                })
            }
            _ => Err(ApiError::invalid_token()),
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Algorithm {
    Hs256,
    Hs512,
}

fn mac(algorithm: Algorithm, key: &[u8], message: &[u8]) -> Vec<u8> {
    match algorithm {
        Algorithm::Hs256 => match Hmac::<Sha256>::new_from_slice(key) {
            Ok(mut mac) => {
                mac.update(message);
                mac.finalize().into_bytes().to_vec()
            }
            Err(_) => Vec::new(),
        },
        Algorithm::Hs512 => match Hmac::<Sha512>::new_from_slice(key) {
            Ok(mut mac) => {
                mac.update(message);
                mac.finalize().into_bytes().to_vec()
            }
            Err(_) => Vec::new(),
        },
    }
}

fn verify(algorithm: Algorithm, key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    match algorithm {
        Algorithm::Hs256 => Hmac::<Sha256>::new_from_slice(key).is_ok_and(|mut mac| {
            mac.update(message);
            mac.verify_slice(signature).is_ok()
        }),
        Algorithm::Hs512 => Hmac::<Sha512>::new_from_slice(key).is_ok_and(|mut mac| {
            mac.update(message);
            mac.verify_slice(signature).is_ok()
        }),
    }
}

fn sign(header: &Value, claims: &Value, algorithm: Algorithm, key: &[u8]) -> String {
    let signed = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature = URL_SAFE_NO_PAD.encode(mac(algorithm, key, signed.as_bytes()));
    format!("{signed}.{signature}")
}

/// The JSON header and claims, the signed part and the signature of a compact JWT.
fn split(token: &str) -> Option<(Value, Value, &[u8], Vec<u8>)> {
    let mut parts = token.split('.');
    let (header, claims, signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let decode_json = |part: &str| -> Option<Value> {
        let bytes = URL_SAFE_NO_PAD.decode(part).ok()?;
        match serde_json::from_slice(&bytes).ok()? {
            Value::Object(map) => Some(Value::Object(map)),
            _ => None,
        }
    };
    let signed_len = header.len() + 1 + claims.len();
    Some((
        decode_json(header)?,
        decode_json(claims)?,
        &token.as_bytes()[..signed_len],
        URL_SAFE_NO_PAD.decode(signature).ok()?,
    ))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn uuid_like(rng: &mut impl RngCore) -> String {
    let mut bytes = [0u8; 16];
    rng.fill_bytes(&mut bytes);
    let h = hex(&bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

pub(crate) fn random_alnum(rng: &mut impl RngCore, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..len)
        .map(|_| ALPHABET[(rng.next_u32() % 62) as usize] as char)
        .collect()
}

/// Signs a legacy JWT-app token (`{"iss": api_key, "exp": exp}`, HS256) the way Zoom's JWT apps
/// documented it.
#[cfg(test)]
fn legacy_jwt(api_key: &str, api_secret: &str, exp: i64) -> String {
    sign(
        &json!({ "alg": "HS256", "typ": "JWT" }),
        &json!({ "iss": api_key, "exp": exp }),
        Algorithm::Hs256,
        api_secret.as_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::world::{Account, App, User};

    fn world() -> World {
        let user = User {
            id: "owner".into(),
            email: "owner@example.com".into(),
            first_name: "O".into(),
            last_name: "W".into(),
            user_type: 2,
            status: "active".into(),
            role_id: "0".into(),
            dept: String::new(),
            timezone: "UTC".into(),
            language: "en-US".into(),
            pmi: 1,
            created_at: jiff::Timestamp::UNIX_EPOCH,
            last_login_time: jiff::Timestamp::UNIX_EPOCH,
            webinar: true,
        };
        let jwt = App {
            owner_user_id: "owner".into(),
            credentials: AppCredentials::Jwt {
                api_key: "key".into(),
                api_secret: "secret".into(),
            },
        };
        World::new(Account { id: "acct".into() }, vec![user], vec![jwt], 1)
    }

    fn grant(scopes: &[String]) -> Grant<'_> {
        Grant {
            client_id: "cid",
            account_id: "acct",
            owner_user_id: "owner",
            scopes,
        }
    }

    #[test]
    fn s2s_tokens_expire_by_the_simulator_clock_and_can_be_invalidated() {
        let world = world();
        let mut registry = TokenRegistry::new();
        let scopes = vec![String::from("meeting:read:admin")];
        let first = registry.issue(grant(&scopes), 1_000, 3600, true);
        assert!(
            registry
                .authenticate(&first.access_token, &world, 1_000)
                .is_ok()
        );
        assert_eq!(
            registry
                .authenticate(&first.access_token, &world, 4_600)
                .unwrap_err()
                .message,
            "Access token is expired."
        );
        let second = registry.issue(grant(&[]), 1_000, 3600, true);
        assert_eq!(
            registry
                .authenticate(&first.access_token, &world, 1_001)
                .unwrap_err()
                .message,
            "Invalid access token."
        );
        assert!(
            registry
                .authenticate(&second.access_token, &world, 1_001)
                .is_ok()
        );
    }

    #[test]
    fn a_token_signed_by_another_key_is_rejected() {
        let world = world();
        let mut ours = TokenRegistry::new();
        let mut theirs = TokenRegistry::new();
        let foreign = theirs.issue(grant(&[]), 1_000, 3600, false);
        ours.issue(grant(&[]), 1_000, 3600, false);
        assert_eq!(
            ours.authenticate(&foreign.access_token, &world, 1_001)
                .unwrap_err()
                .code,
            124
        );
        assert!(ours.authenticate("not.a.jwt", &world, 1_001).is_err());
        assert!(ours.authenticate("", &world, 1_001).is_err());
    }

    #[test]
    fn legacy_tokens_follow_exp_and_the_secret() {
        let world = world();
        let registry = TokenRegistry::new();
        assert!(
            registry
                .authenticate(&legacy_jwt("key", "secret", 2_000), &world, 1_999)
                .is_ok()
        );
        assert_eq!(
            registry
                .authenticate(&legacy_jwt("key", "secret", 2_000), &world, 2_000)
                .unwrap_err()
                .message,
            "Access token is expired."
        );
        assert!(
            registry
                .authenticate(&legacy_jwt("key", "wrong", 2_000), &world, 1_000)
                .is_err()
        );
        assert!(
            registry
                .authenticate(&legacy_jwt("other", "secret", 2_000), &world, 1_000)
                .is_err()
        );
    }
}
