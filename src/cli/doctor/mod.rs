//! `regdesk doctor [--profile NAME]`: checks, in the order a problem would show up, the credential
//! store and how long it keeps the secret, that credentials are present, that a token can be had,
//! the clock offset to Zoom, the granted scopes against regdesk's features, the rate-limit plan,
//! and that the API answers. Each problem comes with its fix; the exit code is 0 only when all
//! is well.
//!
//! Gathering (IO: stores, the network) is separate from judging ([`judge`], pure), so that every
//! verdict and fix text is tested without a server; the end-to-end tests run it against the
//! simulator.

mod gather;
mod judge;
mod print;

pub use judge::{Check, Findings, LogFacts, Status, StoreFacts, exit_code, judge};
pub use print::print_report;

use super::{DoctorArgs, GlobalArgs, OutputFormat};

/// `regdesk doctor`: gathers, judges, prints; exit code 0 only when all is well.
pub async fn run(args: DoctorArgs, global: &GlobalArgs) -> anyhow::Result<super::ExitCode> {
    let findings = gather::gather(global).await;
    let checks = judge(&findings);
    match args.format {
        OutputFormat::Table => print_report(&checks),
        OutputFormat::Json => super::output::print_json(&checks)?,
        OutputFormat::Csv => super::output::write_csv(
            std::io::stdout().lock(),
            &["check", "status", "detail", "fix"].map(str::to_owned),
            &checks
                .iter()
                .map(|check| {
                    vec![
                        check.name.to_owned(),
                        check.status.word().to_owned(),
                        check.detail.clone(),
                        check.fix.clone().unwrap_or_default(),
                    ]
                })
                .collect::<Vec<_>>(),
        )?,
    }
    Ok(exit_code(&checks))
}
