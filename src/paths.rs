//! Where regdesk keeps its files: the config dir (profiles, opt-in credential files) and the data
//! dir (journals, reports, logs). `REGDESK_CONFIG_DIR` and `REGDESK_DATA_DIR` override the
//! platform directories so that tests and scripts can run hermetically.

use std::path::PathBuf;

use directories::ProjectDirs;

/// Overrides the platform config dir (profiles, opt-in credential files).
pub const CONFIG_DIR_ENV: &str = "REGDESK_CONFIG_DIR";
/// Overrides the platform data dir (import journals, reports, logs).
pub const DATA_DIR_ENV: &str = "REGDESK_DATA_DIR";

/// Neither an override nor a home directory: regdesk cannot know where its files belong.
#[derive(Debug, thiserror::Error)]
#[error(
    "cannot find a home directory for regdesk's {what} files; set {env} to a directory of your choice"
)]
pub struct NoHomeDir {
    what: &'static str,
    env: &'static str,
}

/// The directory of `profiles.toml` (and of credential files the user opted into), e.g.
/// `~/.config/regdesk` on Linux.
pub fn config_dir() -> Result<PathBuf, NoHomeDir> {
    resolve(CONFIG_DIR_ENV, "config", |dirs| {
        dirs.config_dir().to_path_buf()
    })
}

/// The directory of import journals, reports and logs, e.g. `~/.local/share/regdesk` on Linux.
pub fn data_dir() -> Result<PathBuf, NoHomeDir> {
    resolve(DATA_DIR_ENV, "data", |dirs| dirs.data_dir().to_path_buf())
}

fn resolve(
    env: &'static str,
    what: &'static str,
    pick: impl FnOnce(&ProjectDirs) -> PathBuf,
) -> Result<PathBuf, NoHomeDir> {
    if let Some(dir) = std::env::var_os(env).filter(|value| !value.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    ProjectDirs::from("", "", "regdesk")
        .map(|dirs| pick(&dirs))
        .ok_or(NoHomeDir { what, env })
}
