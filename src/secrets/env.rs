//! Credentials from the environment: `ZOOM_ACCOUNT_ID`, `ZOOM_CLIENT_ID` and
//! `ZOOM_CLIENT_SECRET` (a Server-to-Server OAuth app). When set they win over every profile, as
//! `GH_TOKEN` does for gh; they last as long as the process that has them.

use secrecy::SecretString;

use crate::zoom::Credentials;

pub const ACCOUNT_ID: &str = "ZOOM_ACCOUNT_ID";
pub const CLIENT_ID: &str = "ZOOM_CLIENT_ID";
pub const CLIENT_SECRET: &str = "ZOOM_CLIENT_SECRET";
const ALL: [&str; 3] = [ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET];

/// Some `ZOOM_*` variables are set and others are not: a half-configured environment is an
/// error, not a reason to fall back silently to a profile the user did not mean.
#[derive(Debug, thiserror::Error)]
#[error(
    "{set} set but {missing} not: set all three of ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and \
     ZOOM_CLIENT_SECRET, or unset them to use the profile's stored credentials"
)]
pub struct IncompleteEnv {
    set: String,
    missing: String,
}

/// Reads the `ZOOM_*` variables of this process.
pub fn from_env() -> Result<Option<Credentials>, IncompleteEnv> {
    from_lookup(|name| std::env::var(name).ok())
}

/// Reads the variables through `lookup` (empty values count as unset).
pub fn from_lookup(
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<Option<Credentials>, IncompleteEnv> {
    let values: Vec<Option<String>> = ALL
        .iter()
        .map(|name| lookup(name).filter(|value| !value.trim().is_empty()))
        .collect();
    match values.as_slice() {
        [Some(account_id), Some(client_id), Some(secret)] => {
            Ok(Some(Credentials::ServerToServer {
                account_id: account_id.trim().to_string(),
                client_id: client_id.trim().to_string(),
                client_secret: SecretString::from(secret.trim()),
            }))
        }
        [None, None, None] => Ok(None),
        _ => {
            let names = |want_set: bool| {
                ALL.iter()
                    .zip(&values)
                    .filter(|(_, value)| value.is_some() == want_set)
                    .map(|(name, _)| *name)
                    .collect::<Vec<_>>()
                    .join(" and ")
            };
            Err(IncompleteEnv {
                set: names(true),
                missing: names(false),
            })
        }
    }
}

/// Whether any `ZOOM_*` credential variable is set (complete or not).
pub fn any_set() -> bool {
    ALL.iter()
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(
            matches!(full, Some(Credentials::ServerToServer { ref account_id, .. }) if account_id == "acc")
        );
        assert!(from_lookup(lookup(&[])).expect("empty").is_none());
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
    }
}
