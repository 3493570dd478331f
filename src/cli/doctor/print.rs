//! The doctor's report for people: one line per check, its fix below it, and a closing count.

use super::judge::{Check, Status};

/// Prints the report for people.
pub fn print_report(checks: &[Check]) {
    for check in checks {
        let mark = match check.status {
            Status::Ok => "✓",
            Status::Info => "ℹ",
            Status::Problem => "✗",
            Status::Skipped => "–",
        };
        let mut lines = check.detail.lines();
        crate::println_sanitised!(
            "{mark} {:<16} {}",
            check.name,
            lines.next().unwrap_or_default()
        );
        for line in lines {
            crate::println_sanitised!("  {:<16} {line}", "");
        }
        if let Some(fix) = &check.fix {
            crate::println_sanitised!("  {:<16} fix: {fix}", "");
        }
    }
    let problems = checks
        .iter()
        .filter(|check| check.status == Status::Problem)
        .count();
    if problems == 0 {
        println!("All is well.");
    } else {
        println!(
            "{problems} problem{} found.",
            if problems == 1 { "" } else { "s" }
        );
    }
}
