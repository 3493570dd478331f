//! Named profiles: the non-secret settings of each Zoom app the user logged in with (app kind,
//! which store holds its secret, account label, API/OAuth URLs, rate-limit plan, default user),
//! and which profile is the default. Kept in `profiles.toml` in the config dir
//! ([`crate::paths::config_dir`]).
//!
//! TOML rather than JSON: this is the one file users are invited to edit by hand (a regional API
//! URL, the plan, the default user), and TOML allows comments and forgives trailing commas. Secrets
//! never go here; they live in the store named by each profile.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::zoom::Plan;

/// The profile used when the user names none and no default is set yet.
pub const FALLBACK_PROFILE_NAME: &str = "default";
const FILE_NAME: &str = "profiles.toml";
const MAX_NAME_LEN: usize = 64;

/// Which kind of Zoom app a profile holds credentials for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AppKind {
    /// A Server-to-Server OAuth app (account ID, client ID, client secret).
    ServerToServer,
    /// A legacy JWT app (API key and secret); Zoom retired these in September 2023.
    LegacyJwt,
}

impl AppKind {
    /// How the kind reads in listings.
    pub fn label(self) -> &'static str {
        match self {
            AppKind::ServerToServer => "Server-to-Server OAuth",
            AppKind::LegacyJwt => "legacy JWT (retired by Zoom in 2023)",
        }
    }
}

/// Overrides the profile's rate-limit plan for one run (`free|pro|business|unlimited`).
pub const PLAN_ENV: &str = "REGDESK_PLAN";

/// Where the plan in use came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanSource {
    /// `REGDESK_PLAN`.
    Environment,
    /// The profile's `plan`.
    Profile,
    /// Nothing says: Pro is assumed (the most common paid plan).
    Assumed,
}

/// `REGDESK_PLAN` holds something that is not a plan.
#[derive(Debug, thiserror::Error)]
#[error("{PLAN_ENV}: {problem}")]
pub struct BadPlanEnv {
    problem: String,
}

/// The plan to pace requests by: `REGDESK_PLAN`, else the profile's, else Pro.
pub fn effective_plan(profile: Option<&Profile>) -> Result<(Plan, PlanSource), BadPlanEnv> {
    if let Some(value) = std::env::var(PLAN_ENV)
        .ok()
        .filter(|v| !v.trim().is_empty())
    {
        return value
            .parse::<Plan>()
            .map(|plan| (plan, PlanSource::Environment))
            .map_err(|problem| BadPlanEnv { problem });
    }
    Ok(match profile.and_then(|profile| profile.plan) {
        Some(plan) => (plan, PlanSource::Profile),
        None => (Plan::Pro, PlanSource::Assumed),
    })
}

/// The non-secret settings of one profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Profile {
    /// The kind of Zoom app.
    pub app: AppKind,
    /// Which store holds the app's credentials.
    pub store: StoreKind,
    /// A name for the Zoom account, for the user's eyes only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_label: Option<String>,
    /// The API base with its version (default `https://api.zoom.us/v2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_url: Option<String>,
    /// The OAuth host (default `https://zoom.us`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth_url: Option<String>,
    /// The account's rate-limit plan (default: pro).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
    /// Whose meetings to list when no `--user` is given (default `me`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_user: Option<String>,
}

impl Profile {
    /// A profile for a freshly logged-in app, with every optional setting left to its default.
    pub fn new(app: AppKind, store: StoreKind) -> Self {
        Profile {
            app,
            store,
            account_label: None,
            api_url: None,
            oauth_url: None,
            plan: None,
            default_user: None,
        }
    }
}

/// Zoom's API base with its version, when neither a flag, the environment nor the profile names one.
pub const DEFAULT_API_URL: &str = "https://api.zoom.us/v2";
/// Zoom's OAuth host (the token endpoint is `{oauth_url}/oauth/token`).
pub const DEFAULT_OAUTH_URL: &str = "https://zoom.us";

/// Where to reach Zoom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub api_url: String,
    pub oauth_url: String,
}

impl Endpoints {
    /// `--api-url`/`--oauth-url` (or `REGDESK_API_URL`/`REGDESK_OAUTH_URL`, which clap folds into
    /// the flags), else the profile's URLs, else Zoom's.
    pub fn pick(
        api_flag: Option<&str>,
        oauth_flag: Option<&str>,
        profile: Option<&Profile>,
    ) -> Self {
        let choose = |flag: Option<&str>, saved: Option<&String>, default: &str| {
            flag.map(str::to_string)
                .or_else(|| saved.cloned())
                .unwrap_or_else(|| default.to_string())
        };
        Endpoints {
            api_url: choose(
                api_flag,
                profile.and_then(|p| p.api_url.as_ref()),
                DEFAULT_API_URL,
            ),
            oauth_url: choose(
                oauth_flag,
                profile.and_then(|p| p.oauth_url.as_ref()),
                DEFAULT_OAUTH_URL,
            ),
        }
    }

    /// The server the credentials are checked with, for progress messages.
    pub fn describe(&self, app: AppKind) -> &str {
        match app {
            AppKind::ServerToServer => &self.oauth_url,
            AppKind::LegacyJwt => &self.api_url,
        }
    }
}

/// Everything in `profiles.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profiles {
    /// The profile used when no `--profile` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// Why the profiles file could not be read or written, or a profile name was refused.
#[derive(Debug, thiserror::Error)]
pub enum ProfilesError {
    #[error(transparent)]
    NoHomeDir(#[from] crate::paths::NoHomeDir),
    #[error("cannot read {path}: {error}")]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error(
        "{path} is not valid: {message}\nfix the file by hand, or move it away to start afresh"
    )]
    Parse { path: PathBuf, message: String },
    #[error("cannot write {path}: {error}")]
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error(
        "{name:?} is not a valid profile name: use 1 to {MAX_NAME_LEN} letters, digits, '.', '_' \
         or '-', not starting with '.'"
    )]
    InvalidName { name: String },
    #[error("there is no profile named {name:?}; known profiles: {known}")]
    Unknown { name: String, known: String },
}

/// Checks a profile name as given to `--profile`: it becomes a keyring entry name and a file name.
pub fn validate_name(name: &str) -> Result<(), ProfilesError> {
    let valid = !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if valid {
        Ok(())
    } else {
        Err(ProfilesError::InvalidName {
            name: name.to_string(),
        })
    }
}

impl Profiles {
    /// The path of the profiles file in the config dir.
    pub fn path() -> Result<PathBuf, ProfilesError> {
        Ok(crate::paths::config_dir()?.join(FILE_NAME))
    }

    /// Reads the profiles file of the config dir; a missing file means no profiles yet.
    pub fn load() -> Result<Self, ProfilesError> {
        Self::load_from(&Self::path()?)
    }

    pub fn load_from(path: &Path) -> Result<Self, ProfilesError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(error) => {
                return Err(ProfilesError::Read {
                    path: path.to_path_buf(),
                    error,
                });
            }
        };
        let profiles: Profiles = toml::from_str(&text).map_err(|err| ProfilesError::Parse {
            path: path.to_path_buf(),
            message: err.to_string(),
        })?;
        Ok(profiles)
    }

    /// Writes the profiles file of the config dir.
    pub fn save(&self) -> Result<(), ProfilesError> {
        self.save_to(&Self::path()?)
    }

    /// Writes atomically (a private temporary file renamed over the old one) so that an
    /// interrupted write never leaves a half file that loses every profile; 0600 in a 0700 folder.
    pub fn save_to(&self, path: &Path) -> Result<(), ProfilesError> {
        let write_error = |error| ProfilesError::Write {
            path: path.to_path_buf(),
            error,
        };
        let text = toml::to_string_pretty(self).map_err(|err| {
            write_error(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                err.to_string(),
            ))
        })?;
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            crate::private_fs::create_private_dir_all(dir).map_err(write_error)?;
        }
        crate::private_fs::write_atomic_private(path, |file| {
            file.write_all(HEADER.as_bytes())?;
            file.write_all(text.as_bytes())
        })
        .map_err(write_error)
    }

    /// The profile a command should use: the one named by `--profile`, else the default.
    /// `None` when the user named none and no default exists.
    pub fn selected_name(&self, requested: Option<&str>) -> Option<String> {
        requested
            .map(str::to_string)
            .or_else(|| self.default.clone())
    }

    /// The profile named `name`, or an error listing the known ones.
    pub fn get(&self, name: &str) -> Result<&Profile, ProfilesError> {
        self.profiles.get(name).ok_or_else(|| self.unknown(name))
    }

    /// Makes `name` the default profile; it must exist.
    pub fn set_default(&mut self, name: &str) -> Result<(), ProfilesError> {
        self.get(name)?;
        self.default = Some(name.to_string());
        Ok(())
    }

    /// Adds or replaces a profile; the first profile becomes the default.
    pub fn upsert(&mut self, name: &str, profile: Profile) {
        self.profiles.insert(name.to_string(), profile);
        let default_is_valid = self
            .default
            .as_deref()
            .is_some_and(|current| self.profiles.contains_key(current));
        if !default_is_valid {
            self.default = Some(name.to_string());
        }
    }

    /// Removes a profile; when it was the default, the default moves to the first remaining one.
    pub fn remove(&mut self, name: &str) -> Option<Profile> {
        let removed = self.profiles.remove(name);
        if self.default.as_deref() == Some(name) {
            self.default = self.profiles.keys().next().cloned();
        }
        removed
    }

    fn unknown(&self, name: &str) -> ProfilesError {
        let known = if self.profiles.is_empty() {
            "none (run `regdesk login` first)".to_string()
        } else {
            self.profiles.keys().cloned().collect::<Vec<_>>().join(", ")
        };
        ProfilesError::Unknown {
            name: name.to_string(),
            known,
        }
    }
}

const HEADER: &str = "\
# regdesk profiles: non-secret settings only. Secrets live in the store named by `store`.
# Optional keys per profile: account-label, api-url, oauth-url, plan (free|pro|business|unlimited),
# default-user. Written by `regdesk login` and `regdesk profiles --set-default`.

";

/// Where a secret is kept. Recorded in each profile (`store = "secret-service"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum StoreKind {
    /// The freedesktop Secret Service (GNOME Keyring, KWallet): the login keyring.
    SecretService,
    /// The Linux kernel key retention service (the user's persistent keyring).
    Keyutils,
    /// The macOS Keychain.
    MacosKeychain,
    /// The Windows Credential Manager.
    WindowsCredentialManager,
    /// The `ZOOM_ACCOUNT_ID`, `ZOOM_CLIENT_ID` and `ZOOM_CLIENT_SECRET` variables: nothing stored.
    Environment,
    /// A file in the config dir, encrypted with a passphrase (opt-in).
    EncryptedFile,
    /// A file in the config dir, readable only by the user (0600) but not encrypted (opt-in).
    PlainFile,
}

impl StoreKind {
    /// The store's name as the user knows it.
    pub fn label(self) -> &'static str {
        match self {
            StoreKind::SecretService => "Secret Service (login keyring)",
            StoreKind::Keyutils => "kernel keyring (keyutils)",
            StoreKind::MacosKeychain => "macOS Keychain",
            StoreKind::WindowsCredentialManager => "Windows Credential Manager",
            StoreKind::Environment => "ZOOM_* environment variables",
            StoreKind::EncryptedFile => "passphrase-encrypted file",
            StoreKind::PlainFile => "plain file (not encrypted)",
        }
    }

    /// How long a secret put in this store lasts.
    pub fn persistence(self) -> &'static str {
        match self {
            StoreKind::SecretService => "until deleted (`regdesk logout`)",
            StoreKind::Keyutils => {
                "until reboot, or until the persistent keyring expires (about 3 days unused)"
            }
            StoreKind::MacosKeychain | StoreKind::WindowsCredentialManager => {
                "until deleted (`regdesk logout`)"
            }
            StoreKind::Environment => "this process only",
            StoreKind::EncryptedFile | StoreKind::PlainFile => "until deleted (`regdesk logout`)",
        }
    }

    /// A warning that must stay visible wherever this store is in use (CLI output, TUI header).
    pub fn warning_badge(self) -> Option<&'static str> {
        match self {
            StoreKind::PlainFile => Some(
                "⚠ secret stored UNENCRYPTED in a file (0600) — `regdesk login` again to move it to a keyring",
            ),
            _ => None,
        }
    }

    /// Whether this store is one of the OS keyrings (as opposed to env or a file).
    pub fn is_keyring(self) -> bool {
        matches!(
            self,
            StoreKind::SecretService
                | StoreKind::Keyutils
                | StoreKind::MacosKeychain
                | StoreKind::WindowsCredentialManager
        )
    }
}

impl std::fmt::Display for StoreKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_would_break_a_file_name_or_keyring_entry_are_refused() {
        for bad in ["", ".hidden", "a/b", "with space", &"x".repeat(65)] {
            assert!(validate_name(bad).is_err(), "{bad:?} should be refused");
        }
        for good in ["default", "acme-events", "EU_2026.q1"] {
            assert!(validate_name(good).is_ok(), "{good:?} should be accepted");
        }
    }

    #[test]
    fn first_profile_becomes_default_and_removing_the_default_moves_it() {
        let mut profiles = Profiles::default();
        profiles.upsert(
            "work",
            Profile::new(AppKind::ServerToServer, StoreKind::SecretService),
        );
        profiles.upsert("old", Profile::new(AppKind::LegacyJwt, StoreKind::Keyutils));
        assert_eq!(profiles.default.as_deref(), Some("work"));
        profiles.remove("work");
        assert_eq!(profiles.default.as_deref(), Some("old"));
        profiles.remove("old");
        assert_eq!(profiles.default, None);
    }

    #[test]
    fn file_round_trips_and_keeps_hand_written_settings() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("profiles.toml");
        std::fs::write(
            &path,
            "default = \"eu\"\n# my EU account\n[profiles.eu]\napp = \"server-to-server\"\n\
             store = \"keyutils\"\napi-url = \"https://api-eu.zoom.us/v2\"\nplan = \"business\"\n",
        )
        .expect("write");
        let mut profiles = Profiles::load_from(&path).expect("load");
        let eu = profiles.get("eu").expect("eu").clone();
        assert_eq!(eu.api_url.as_deref(), Some("https://api-eu.zoom.us/v2"));
        assert_eq!(eu.plan, Some(Plan::Business));
        profiles.set_default("eu").expect("known");
        profiles.save_to(&path).expect("save");
        assert_eq!(Profiles::load_from(&path).expect("reload"), profiles);
    }

    #[test]
    fn a_typo_in_the_file_names_the_file_and_the_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("profiles.toml");
        std::fs::write(
            &path,
            "[profiles.eu]\napp = \"server-to-server\"\nstore = \"vault\"\n",
        )
        .expect("write");
        let message = Profiles::load_from(&path)
            .expect_err("bad store")
            .to_string();
        assert!(message.contains("profiles.toml"), "{message}");
        assert!(message.contains("line 3"), "{message}");
    }

    #[test]
    fn unknown_profile_error_lists_the_known_ones() {
        let mut profiles = Profiles::default();
        profiles.upsert(
            "work",
            Profile::new(AppKind::ServerToServer, StoreKind::SecretService),
        );
        let message = profiles
            .set_default("wrok")
            .expect_err("unknown")
            .to_string();
        assert!(
            message.contains("\"wrok\"") && message.contains("work"),
            "{message}"
        );
    }
}
