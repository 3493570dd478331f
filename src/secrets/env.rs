//! Credentials from the environment: `ZOOM_ACCOUNT_ID`, `ZOOM_CLIENT_ID` and `ZOOM_CLIENT_SECRET`
//! (a Server-to-Server OAuth app), or `ZOOM_API_KEY` and `ZOOM_API_SECRET` (a legacy JWT app).
//! When set they win over every profile, as `GH_TOKEN` does for gh; they last as long as the
//! process that has them.

use secrecy::SecretString;

use crate::zoom::Credentials;

pub const ACCOUNT_ID: &str = "ZOOM_ACCOUNT_ID";
pub const CLIENT_ID: &str = "ZOOM_CLIENT_ID";
pub const CLIENT_SECRET: &str = "ZOOM_CLIENT_SECRET";
pub const API_KEY: &str = "ZOOM_API_KEY";
pub const API_SECRET: &str = "ZOOM_API_SECRET";
const S2S: [&str; 3] = [ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET];
const JWT: [&str; 2] = [API_KEY, API_SECRET];

/// The `ZOOM_*` variables do not describe one app: some of a group are set and others are not,
/// or both groups are set. Either is an error, not a reason to fall back silently to a profile
/// the user did not mean.
#[derive(Debug, thiserror::Error)]
pub enum IncompleteEnv {
    #[error(
        "{set} set but {missing} not: set all of {group}, or unset them to use the profile's \
         stored credentials"
    )]
    Partial {
        set: String,
        missing: String,
        group: String,
    },
    #[error(
        "both a Server-to-Server app (ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET) and a \
         legacy JWT app (ZOOM_API_KEY, ZOOM_API_SECRET) are set in the environment: unset one group"
    )]
    Ambiguous,
}

/// Reads the `ZOOM_*` variables of this process.
pub fn from_env() -> Result<Option<Credentials>, IncompleteEnv> {
    from_lookup(|name| std::env::var(name).ok())
}

/// Reads the variables through `lookup` (empty values count as unset).
pub fn from_lookup(
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<Option<Credentials>, IncompleteEnv> {
    let s2s = read_group(&S2S, &lookup)?;
    let jwt = read_group(&JWT, &lookup)?;
    match (s2s, jwt) {
        (Some(_), Some(_)) => Err(IncompleteEnv::Ambiguous),
        (Some([account_id, client_id, secret]), None) => Ok(Some(Credentials::ServerToServer {
            account_id,
            client_id,
            client_secret: SecretString::from(secret),
        })),
        (None, Some([api_key, api_secret])) => Ok(Some(Credentials::LegacyJwt {
            api_key,
            api_secret: SecretString::from(api_secret),
        })),
        (None, None) => Ok(None),
    }
}

/// All variables of `group` (trimmed), none of them, or an error naming what is missing.
fn read_group<const N: usize>(
    group: &[&str; N],
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<Option<[String; N]>, IncompleteEnv> {
    let values: [Option<String>; N] = group.map(|name| {
        lookup(name)
            .map(|value| value.trim().to_string())
            .filter(|value| !value.is_empty())
    });
    if values.iter().all(Option::is_none) {
        return Ok(None);
    }
    if values.iter().all(Option::is_some) {
        return Ok(Some(values.map(Option::unwrap_or_default)));
    }
    let names = |want_set: bool| {
        group
            .iter()
            .zip(&values)
            .filter(|(_, value)| value.is_some() == want_set)
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join(" and ")
    };
    Err(IncompleteEnv::Partial {
        set: names(true),
        missing: names(false),
        group: group.join(", "),
    })
}

/// Whether any `ZOOM_*` credential variable is set (complete or not).
pub fn any_set() -> bool {
    S2S.iter()
        .chain(JWT.iter())
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn all_three_make_credentials_none_make_nothing() {
        let full = from_lookup(lookup(&[
            (ACCOUNT_ID, "acc"),
            (CLIENT_ID, "cid"),
            (CLIENT_SECRET, "sec\n"),
        ]))
        .expect("complete");
        match full {
            Some(Credentials::ServerToServer {
                account_id,
                client_secret,
                ..
            }) => {
                assert_eq!(account_id, "acc");
                assert_eq!(client_secret.expose_secret(), "sec");
            }
            other => panic!("expected S2S credentials, got {other:?}"),
        }
        assert!(from_lookup(lookup(&[])).expect("empty").is_none());
    }

    #[test]
    fn a_jwt_pair_makes_legacy_credentials() {
        let jwt = from_lookup(lookup(&[(API_KEY, "key"), (API_SECRET, "secret")])).expect("pair");
        assert!(
            matches!(jwt, Some(Credentials::LegacyJwt { ref api_key, .. }) if api_key == "key"),
            "{jwt:?}"
        );
    }

    #[test]
    fn a_partial_environment_names_what_is_missing() {
        let err =
            from_lookup(lookup(&[(CLIENT_SECRET, "sec"), (ACCOUNT_ID, " ")])).expect_err("partial");
        let message = err.to_string();
        assert!(
            message
                .starts_with("ZOOM_CLIENT_SECRET set but ZOOM_ACCOUNT_ID and ZOOM_CLIENT_ID not"),
            "{message}"
        );
        assert!(!message.contains("sec\""), "{message}");
        let err = from_lookup(lookup(&[(API_SECRET, "s")])).expect_err("half a JWT pair");
        assert!(
            err.to_string()
                .starts_with("ZOOM_API_SECRET set but ZOOM_API_KEY not"),
            "{err}"
        );
    }

    #[test]
    fn two_complete_apps_are_ambiguous() {
        let err = from_lookup(lookup(&[
            (ACCOUNT_ID, "acc"),
            (CLIENT_ID, "cid"),
            (CLIENT_SECRET, "sec"),
            (API_KEY, "key"),
            (API_SECRET, "secret"),
        ]))
        .expect_err("two apps");
        assert!(matches!(err, IncompleteEnv::Ambiguous), "{err:?}");
    }
}
