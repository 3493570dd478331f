//! Build information for `regdesk --version`: the commit and the dates of the commit and of the
//! build, when the source is a git checkout and git is installed; else the package version and
//! the build date. The build date
//! honours SOURCE_DATE_EPOCH (reproducible builds). Never fails the build.

use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

fn main() {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let built = build_date();
    let info = match (git(&["rev-parse", "--short=12", "HEAD"]), git_date()) {
        (Some(commit), Some(committed)) => {
            format!("{version} (commit {commit} of {committed}, built {built})")
        }
        _ => format!("{version} (built {built})"),
    };
    println!("cargo:rustc-env=REGDESK_BUILD_INFO={info}");
    // Rebuild the version when HEAD moves (a worktree's git dir is elsewhere); a source package
    // has no git dir, so nothing to watch.
    if let Some(git_dir) = git(&["rev-parse", "--absolute-git-dir"]) {
        for name in ["HEAD", "logs/HEAD"] {
            let path = std::path::Path::new(&git_dir).join(name);
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
}

/// The commit's date, `YYYY-MM-DD`.
fn git_date() -> Option<String> {
    git(&["log", "-1", "--format=%cs"])
}

/// A git command's trimmed output, or `None` when git or the repository is missing.
fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    Some(text.trim().to_owned())
}

/// Today (UTC), or SOURCE_DATE_EPOCH's day, as `YYYY-MM-DD`.
fn build_date() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|text| text.trim().parse::<i64>().ok())
        .or_else(|| {
            let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?;
            i64::try_from(now.as_secs()).ok()
        })
        .unwrap_or(0);
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}
