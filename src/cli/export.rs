//! `regdesk export`: every registrant (all statuses unless `--status`) with every field, one
//! column per custom question, to a CSV file. The file is written 0600 beside its destination
//! and renamed into place, so a failed export never leaves half a file. Its values are exact,
//! except that a cell a spreadsheet would run as a formula gets a leading `'` (which
//! `regdesk import` removes again), and it starts with a UTF-8 BOM unless `--no-bom`.

use std::path::Path;

use anyhow::Context;

use super::context::{build_client, event_ref};
use super::output::{Bom, registrant_csv, write_export};
use super::registrants::fetch;
use super::{ExitCode, ExportArgs, GlobalArgs};

/// What `regdesk export --help` says after the options.
pub const AFTER_HELP: &str = "The file is UTF-8 with a byte order mark, so that Excel shows accented names \
correctly (--no-bom leaves it out). A value that starts with = + - @, a tab or a carriage return \
gets a leading ' so that a spreadsheet shows it instead of running it as a formula; \
`regdesk import` of the file removes that ' again and reads the original values.";

pub async fn run(args: ExportArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let client = build_client(global).await?;
    let event = event_ref(args.meeting_id, args.webinar);
    let registrants = fetch(&client, event, args.status, args.occurrence.as_deref()).await?;
    // The questions give every custom question a column, answered or not.
    let titles: Vec<String> = match client.get_questions(event).await {
        Ok(questions) => questions
            .custom_questions
            .into_iter()
            .map(|question| question.title)
            .collect(),
        Err(error) if !error.is_auth() => {
            crate::eprintln_sanitised!(
                "warning: cannot read the registration questions ({}); exporting the custom questions the registrants answered",
                error.diagnosis().summary
            );
            Vec::new()
        }
        Err(error) => return Err(error.into()),
    };
    let (headers, rows) = registrant_csv(&registrants, &titles);

    let bom = if args.no_bom { Bom::Omit } else { Bom::Write };
    write_atomically(&args.file, |file| write_export(file, &headers, &rows, bom))
        .with_context(|| format!("cannot write {}", args.file.display()))?;
    crate::println_sanitised!(
        "Exported {} registrants of {event} to {}.",
        registrants.len(),
        args.file.display()
    );
    Ok(ExitCode::Ok)
}

/// Writes `path` whole or not at all, 0600 (registrants are personal data), through a fresh
/// temporary file with an unpredictable name beside it (see [`crate::private_fs`]): readers never
/// see half a file, a failure leaves the old file untouched, and nothing planted beside it is
/// followed. Missing folders are created 0700; existing ones, the user's, are left as they are.
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        crate::private_fs::create_missing_dirs(parent)?;
    }
    let mut failure = None;
    let written = crate::private_fs::write_atomic_private(path, |file| {
        write(file).map_err(|error| {
            let io = std::io::Error::other(format!("{error:#}"));
            failure = Some(error);
            io
        })
    });
    match (written, failure) {
        (Ok(()), _) => Ok(()),
        (Err(_), Some(error)) => Err(error),
        (Err(error), None) => Err(error.into()),
    }
}
