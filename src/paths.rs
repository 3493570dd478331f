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

/// A path a person typed, with `~` and `~/…` meaning their home directory (from
/// `directories`, which reads `HOME` on Unix), as in a shell; `~user` and a `~` elsewhere in the
/// path are kept as written, and so is everything when no home directory is known.
pub fn expand_home(typed: &str) -> PathBuf {
    let home = directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
    expand_home_in(typed, home.as_deref())
}

fn expand_home_in(typed: &str, home: Option<&std::path::Path>) -> PathBuf {
    match (typed.strip_prefix('~'), home) {
        (Some(""), Some(home)) => home.to_path_buf(),
        (Some(rest), Some(home)) if rest.starts_with('/') => {
            home.join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(typed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn a_tilde_alone_or_before_a_slash_means_the_home_folder() {
        let home = Path::new("/home/ann");
        assert_eq!(expand_home_in("~", Some(home)), home);
        assert_eq!(expand_home_in("~/a.csv", Some(home)), home.join("a.csv"));
        assert_eq!(expand_home_in("~//a.csv", Some(home)), home.join("a.csv"));
        assert_eq!(
            expand_home_in("~bob/a.csv", Some(home)),
            Path::new("~bob/a.csv")
        );
        assert_eq!(
            expand_home_in("/tmp/~x.csv", Some(home)),
            Path::new("/tmp/~x.csv")
        );
        assert_eq!(expand_home_in("~/a.csv", None), Path::new("~/a.csv"));
    }
}
