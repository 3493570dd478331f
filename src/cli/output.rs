//! How the scriptable commands speak: tables for people, JSON and CSV for scripts (on stdout,
//! nothing else there), and errors on stderr with Zoom's diagnosis (what happened, why, fix).
//! The CLI's user-facing wording lives here and in the command modules' messages.
//!
//! Text from Zoom, a file or a person reaches the terminal only through `text::terminal`: the
//! table and CSV writers sanitise every cell, the error printer every message, and commands
//! print other such text with [`println_sanitised!`] / [`eprintln_sanitised!`]. JSON is left
//! exact (its escaping already keeps controls out of the terminal). CSV cells a spreadsheet would
//! run as formulas get a leading `'` (`text::spreadsheet`), on stdout as in export files
//! ([`crate::session::export`]).

use std::io::Write;

use serde::Serialize;

use super::ExitCode;
use crate::import::job::ImportError;
use crate::text::{spreadsheet, terminal};
use crate::zoom::ZoomError;

/// `println!` for text that holds anything from Zoom, a file or a person: the whole line passes
/// through `text::terminal::sanitise_lines` first.
#[macro_export]
macro_rules! println_sanitised {
    ($($arg:tt)*) => {
        println!("{}", $crate::text::terminal::sanitise_lines(&format!($($arg)*)))
    };
}

/// `eprintln!` for text that holds anything from Zoom, a file or a person: the whole line passes
/// through `text::terminal::sanitise_lines` first.
#[macro_export]
macro_rules! eprintln_sanitised {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::text::terminal::sanitise_lines(&format!($($arg)*)))
    };
}

/// Whether `--quiet` was given: notes on stderr ([`note!`]) are left out.
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Sets `--quiet` for the run.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, std::sync::atomic::Ordering::Relaxed);
}

/// Whether `--quiet` was given.
pub fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// A note for people on stderr (counts, progress, what was chosen), sanitised; left out with
/// `--quiet`. Results go to stdout and errors are always printed.
#[macro_export]
macro_rules! note {
    ($($arg:tt)*) => {
        if !$crate::cli::output::quiet() {
            $crate::eprintln_sanitised!($($arg)*)
        }
    };
}

/// A mistake on the command line (exit code 2), with the flag or value it concerns.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A failure with its cause and remedy, printed as `error: WHAT`, `  why: WHY`, `  fix: FIX`.
#[derive(Debug, thiserror::Error)]
#[error("{what}")]
pub struct Explained {
    pub what: String,
    pub why: String,
    pub fix: String,
}

/// Returns a usage error (exit code 2).
pub fn usage<T>(message: impl Into<String>) -> anyhow::Result<T> {
    Err(UsageError(message.into()).into())
}

/// Prints an error to stderr as three lines (what happened, why, the fix; a Zoom error also
/// its code) and picks its exit code.
pub fn report_error(error: &anyhow::Error) -> ExitCode {
    if let Some(zoom) = find_in_chain::<ZoomError>(error) {
        print_zoom_error(zoom, None);
        return ExitCode::Failure;
    }
    let explanation = explain(error);
    eprintln_sanitised!("error: {}", explanation.what);
    eprintln_sanitised!("  why: {}", explanation.why);
    eprintln_sanitised!("  fix: {}", explanation.fix);
    if error.downcast_ref::<UsageError>().is_some() {
        ExitCode::Usage
    } else {
        ExitCode::Failure
    }
}

/// The first error of type `E` among an error and its causes.
fn find_in_chain<E: std::error::Error + 'static>(error: &anyhow::Error) -> Option<&E> {
    error.chain().find_map(|cause| cause.downcast_ref::<E>())
}

/// What happened, why and the fix, each one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub what: String,
    pub why: String,
    pub fix: String,
}

/// Why a file could not be used and what to do, by the operating system's reason.
fn file_reason(kind: std::io::ErrorKind) -> (&'static str, &'static str) {
    use std::io::ErrorKind;
    match kind {
        ErrorKind::NotFound => (
            "there is no file or folder by that name (a relative path starts in the current folder)",
            "check the path (`ls` it); quote a path with spaces",
        ),
        ErrorKind::PermissionDenied => (
            "your user may not read or write it (its permissions or its folder's)",
            "check the permissions with `ls -l`, or use a copy in a folder of yours",
        ),
        ErrorKind::AlreadyExists => (
            "something is already there by that name",
            "choose another name, or move the old one away",
        ),
        ErrorKind::IsADirectory | ErrorKind::NotADirectory => (
            "the path names a folder where a file is needed, or the other way round",
            "give the path of the file itself",
        ),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => (
            "the disk is full, or your quota is used up",
            "free some space, then run the command again",
        ),
        ErrorKind::ReadOnlyFilesystem => (
            "the file system is mounted read-only",
            "write somewhere else, e.g. under your home folder",
        ),
        ErrorKind::InvalidData => (
            "its contents are not what was expected (for example not valid text)",
            "open the file to check it, and save it again as UTF-8 CSV",
        ),
        _ => (
            "the operating system refused the file operation",
            "check the path, its permissions and the free space, then run the command again",
        ),
    }
}

/// Lines of a message that carries its own remedy (`…\nfix: …`), else `None`.
fn split_fix(text: &str) -> Option<(String, String, String)> {
    let mut lines = text.lines();
    let what = lines.next()?.to_owned();
    let mut why = Vec::new();
    let mut fix = None;
    for line in lines {
        match line.trim().strip_prefix("fix: ") {
            Some(remedy) => fix = Some(remedy.to_owned()),
            None => why.push(line.trim().to_owned()),
        }
    }
    Some((what, why.join(" "), fix?))
}

/// Turns any error of a command into the three lines every error gets.
pub fn explain(error: &anyhow::Error) -> Explanation {
    const GENERIC_FIX: &str = "run the command again with -v and read the debug log \
        (`regdesk doctor` shows where it is); `regdesk doctor` also checks the setup";
    if let Some(explained) = error.downcast_ref::<Explained>() {
        return Explanation {
            what: explained.what.clone(),
            why: explained.why.clone(),
            fix: explained.fix.clone(),
        };
    }
    // Turned away by another import: the message alone says what and the fix, not why waiting
    // is the fix.
    if let Some(refusal) = find_in_chain::<ImportError>(error).and_then(ImportError::refusal) {
        return Explanation {
            what: refusal.what,
            why: refusal.why,
            fix: refusal.fix,
        };
    }
    let text = error_text(error);
    if let Some(usage) = error.downcast_ref::<UsageError>() {
        // A usage message may carry its own `why: …` and `fix: …` lines; other lines after the
        // first are details of the why.
        let mut lines = usage.0.lines();
        let what = lines.next().unwrap_or_default().to_owned();
        let (mut why, mut details, mut fix) = (None, Vec::new(), None);
        for line in lines.map(str::trim) {
            if let Some(text) = line.strip_prefix("why: ") {
                why = Some(text.to_owned());
            } else if let Some(text) = line.strip_prefix("fix: ") {
                fix = Some(text.to_owned());
            } else if !line.is_empty() {
                details.push(line);
            }
        }
        let why = why.unwrap_or_else(|| {
            if details.is_empty() {
                "the command line asks for something regdesk cannot do as written; nothing was \
                 changed"
                    .to_owned()
            } else {
                details.join("; ")
            }
        });
        return Explanation {
            what,
            why,
            fix: fix.unwrap_or_else(|| {
                "correct the command line; `regdesk help COMMAND` describes every option and \
                 ends with examples"
                    .to_owned()
            }),
        };
    }
    if let Some(io) = find_in_chain::<std::io::Error>(error) {
        let (why, fix) = file_reason(io.kind());
        let reason = io.to_string();
        let what = text
            .strip_suffix(&reason)
            .map(|head| head.trim_end_matches([':', ' ']))
            .filter(|head| !head.is_empty())
            .unwrap_or(&text);
        return Explanation {
            what: one_line(what),
            why: format!("{why} ({reason})"),
            fix: fix.to_owned(),
        };
    }
    if let Some(crate::import::read::ReadError::Io { kind, message }) =
        find_in_chain::<crate::import::read::ReadError>(error)
    {
        let (why, fix) = file_reason(*kind);
        let what = text
            .split_once(": ")
            .map_or(text.as_str(), |(head, _)| head);
        return Explanation {
            what: format!("cannot read {}", one_line(what)),
            why: format!("{why} ({message})"),
            fix: fix.to_owned(),
        };
    }
    if let Some((what, why, fix)) = split_fix(&text) {
        return Explanation {
            what,
            why: if why.is_empty() {
                "see the fix".to_owned()
            } else {
                why
            },
            fix,
        };
    }
    // "cannot do X: because Y" → what and why.
    let single = one_line(&text);
    match single.split_once(": ") {
        Some((what, why)) => Explanation {
            what: what.to_owned(),
            why: why.to_owned(),
            fix: GENERIC_FIX.to_owned(),
        },
        None => Explanation {
            what: single,
            why: "regdesk has no more detail on this failure".to_owned(),
            fix: GENERIC_FIX.to_owned(),
        },
    }
}

/// A message's lines joined into one.
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// An error and its causes on one line, each cause once: many errors already name their cause
/// in their own message (`cannot read FILE: REASON`), which `{:#}` would repeat.
pub fn error_text(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let cause = cause.to_string();
        if text.contains(&cause) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&cause);
    }
    text
}

/// Prints a Zoom error's diagnosis to stderr, optionally saying whom it concerned.
pub fn print_zoom_error(error: &ZoomError, concerning: Option<&str>) {
    let diagnosis = error.diagnosis();
    match concerning {
        Some(who) => eprintln_sanitised!("error ({who}): {}", diagnosis.summary),
        None => eprintln_sanitised!("error: {}", diagnosis.summary),
    }
    eprintln_sanitised!("  why: {}", diagnosis.explanation);
    eprintln_sanitised!("  fix: {}", diagnosis.fix);
    eprintln_sanitised!("  ({error})");
}

/// Prints a value as pretty JSON on stdout, with the exact data: characters a terminal would
/// obey or hide (C1 controls, bidi and invisible characters, which JSON allows raw) are written
/// as `\uXXXX` escapes, which every JSON reader turns back into the same text.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    let json = serde_json::to_string_pretty(value)?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", escape_for_terminal(&json))?;
    Ok(())
}

/// Prints a value as one line of compact JSON on stdout (JSON Lines), escaped as [`print_json`]
/// escapes it.
pub fn print_json_line<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    let json = serde_json::to_string(value)?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", escape_for_terminal(&json))?;
    stdout.flush()?;
    Ok(())
}

/// JSON text with every character a terminal would obey or hide written as a `\uXXXX` escape.
/// Outside strings JSON holds only ASCII, so only string contents change, and not in meaning.
fn escape_for_terminal(json: &str) -> std::borrow::Cow<'_, str> {
    // The pretty printer's own line breaks stay; serde_json already escapes C0 inside strings.
    let hidden = |c: char| c != '\n' && (terminal::is_control(c) || terminal::is_invisible(c));
    if !json.contains(hidden) {
        return std::borrow::Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if hidden(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Aligned columns with a header row. Cells are sanitised for the terminal and padded by
/// display width, so CJK and emoji (two columns each) align.
pub fn render_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let clean_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| terminal::sanitise(cell).into_owned())
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = headers
        .iter()
        .map(|header| terminal::width(header))
        .collect();
    for row in &clean_rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(terminal::width(cell));
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| -> String {
        let mut out = String::new();
        for (index, (cell, width)) in cells.zip(&widths).enumerate() {
            if index + 1 == widths.len() {
                out.push_str(&terminal::sanitise(cell));
            } else {
                out.push_str(&terminal::pad(cell, width + 2));
            }
        }
        out.trim_end().to_owned()
    };
    let mut text = line(&mut headers.iter().copied());
    text.push('\n');
    for row in &clean_rows {
        text.push_str(&line(&mut row.iter().map(String::as_str)));
        text.push('\n');
    }
    text
}

/// Writes CSV (RFC 4180, header row first) for stdout, which may be a terminal: every cell is
/// sanitised for it (line breaks and tabs stay, quoted) and neutralised for spreadsheets. No
/// BOM: scripts read stdout. `--format json` keeps the exact data.
pub fn write_csv<W: Write>(
    writer: W,
    headers: &[String],
    rows: &[Vec<String>],
) -> anyhow::Result<()> {
    let for_terminal =
        |cell: &String| spreadsheet::neutralise(&terminal::sanitise_lines(cell)).into_owned();
    let mut csv = csv::Writer::from_writer(writer);
    csv.write_record(headers.iter().map(for_terminal))?;
    for row in rows {
        csv.write_record(row.iter().map(for_terminal))?;
    }
    csv.flush()?;
    Ok(())
}

/// A timestamp for tables, in the event's own zone with its offset (UTC when it has none):
/// `2026-11-30 15:00 +01:00 Europe/Stockholm`, `2026-11-30 14:00 +00:00 UTC`.
pub fn short_time(timestamp: Option<jiff::Timestamp>, timezone: Option<&str>) -> String {
    timestamp
        .map(|timestamp| crate::zoom::ZonedStart::of(timestamp, timezone).to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_error_that_names_its_cause_is_printed_with_the_cause_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file (os error 2)");
        #[derive(Debug, thiserror::Error)]
        #[error("cannot read in.csv: {source}")]
        struct Named {
            #[source]
            source: std::io::Error,
        }
        let error = anyhow::Error::new(Named { source: io }).context("import stopped");
        assert_eq!(
            error_text(&error),
            "import stopped: cannot read in.csv: No such file (os error 2)"
        );
    }

    use super::*;

    /// One error of each kind a command can end with, as the commands raise them.
    fn every_kind_of_error() -> Vec<anyhow::Error> {
        use crate::profiles::ProfilesError;
        use crate::secrets::StoreKind;
        use crate::secrets::resolve::ResolveError;
        let missing =
            || std::io::Error::new(std::io::ErrorKind::NotFound, "No such file (os error 2)");
        vec![
            UsageError("--field \"x\": expected NAME=VALUE".into()).into(),
            UsageError(
                "nothing was sent; these fields need fixing:\n  Job title: is missing".into(),
            )
            .into(),
            Explained {
                what: "Zoom has no meeting or webinar 1".into(),
                why: "not found".into(),
                fix: "check the ID".into(),
            }
            .into(),
            ImportError::FileIo {
                path: "in.csv".into(),
                source: missing(),
            }
            .into(),
            anyhow::Error::new(missing()).context("cannot read in.csv"),
            anyhow::Error::new(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "Permission denied (os error 13)",
            ))
            .context("cannot write out.csv"),
            ResolveError::NotLoggedIn.into(),
            ResolveError::MissingEntry {
                profile: "acme".into(),
                store: StoreKind::Keyutils,
            }
            .into(),
            ResolveError::NeedsPassphrase {
                profile: "acme".into(),
            }
            .into(),
            ProfilesError::Parse {
                path: "profiles.toml".into(),
                message: "line 3: expected `=`".into(),
            }
            .into(),
            ProfilesError::Unknown {
                name: "acme".into(),
                known: "work".into(),
            }
            .into(),
            anyhow::anyhow!("a failure with nothing more to say"),
            ImportError::Busy {
                event: crate::zoom::EventRef::webinar(93_755_565_151),
                holder: "process 41 importing solo.csv since 2026-12-03 01:51:23 UTC".into(),
                lock: "imports/z1-webinar-93755565151.lock".into(),
            }
            .into(),
        ]
    }

    /// An import turned away by another one says why waiting is the fix, not "no more detail".
    #[test]
    fn an_import_turned_away_by_another_says_why_and_to_wait() {
        let busy: anyhow::Error = ImportError::Busy {
            event: crate::zoom::EventRef::webinar(93_755_565_151),
            holder: "process 41 importing solo.csv".into(),
            lock: "imports/z1-webinar-93755565151.lock".into(),
        }
        .into();
        let explanation = explain(&busy.context("importing people.csv"));
        assert!(
            explanation
                .what
                .contains("webinar 93755565151 is running right now"),
            "{explanation:?}"
        );
        assert!(
            explanation.why.contains("nobody is sent twice"),
            "{explanation:?}"
        );
        assert!(
            explanation.fix.starts_with("wait for it to finish"),
            "{explanation:?}"
        );
        assert!(
            explanation.fix.contains("z1-webinar-93755565151.lock"),
            "{explanation:?}"
        );
    }

    #[test]
    fn every_error_is_said_in_three_lines_what_why_fix_with_its_cause_once() {
        for error in every_kind_of_error() {
            let explanation = explain(&error);
            for (name, line) in [
                ("what", &explanation.what),
                ("why", &explanation.why),
                ("fix", &explanation.fix),
            ] {
                assert!(!line.trim().is_empty(), "{error:#}: empty {name}");
                assert!(
                    !line.contains('\n'),
                    "{error:#}: {name} spans lines: {line}"
                );
            }
            let all = format!(
                "{} {} {}",
                explanation.what, explanation.why, explanation.fix
            );
            assert!(all.matches("os error").count() <= 1, "{all}");
        }
    }

    #[test]
    fn a_missing_file_says_which_file_why_and_how_to_fix_it() {
        let error = anyhow::Error::new(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "No such file or directory (os error 2)",
        ))
        .context("cannot read attendees.csv");
        let explanation = explain(&error);
        assert_eq!(explanation.what, "cannot read attendees.csv");
        assert!(
            explanation
                .why
                .starts_with("there is no file or folder by that name")
        );
        assert!(explanation.fix.contains("check the path"));
    }

    #[test]
    fn tables_align_columns() {
        let table = render_table(
            &["ID", "NAME"],
            &[
                vec!["1".into(), "Ann".into()],
                vec!["1234".into(), "Bo".into()],
            ],
        );
        assert_eq!(table, "ID    NAME\n1     Ann\n1234  Bo\n");
    }

    #[test]
    fn tables_align_wide_characters_by_display_width_and_show_no_controls() {
        let table = render_table(
            &["ID", "NAME", "STATUS"],
            &[
                vec!["1".into(), "王秀英".into(), "approved".into()],
                vec!["2".into(), "Zoë".into(), "pending".into()],
                vec![
                    "3".into(),
                    "Eve\u{1b}]0;pwned\u{7}\u{202E}x".into(),
                    "denied".into(),
                ],
            ],
        );
        assert_eq!(
            table,
            "ID  NAME    STATUS\n1   王秀英  approved\n2   Zoë     pending\n3   Eve�x   denied\n"
        );
    }

    proptest::proptest! {
        #[test]
        fn every_row_of_a_table_puts_the_last_column_at_the_same_display_column(
            rows in proptest::collection::vec(
                proptest::collection::vec(
                    "(\\PC|[\u{1b}\u{7}\u{9b}\u{202e}\u{200b}\u{200d}\t\n]|王|👩\u{200d}💻){0,8}",
                    2,
                ),
                1..6,
            )
        ) {
            let rows: Vec<Vec<String>> = rows
                .into_iter()
                .map(|mut row| {
                    row.push("|".to_owned());
                    row
                })
                .collect();
            let table = render_table(&["A", "B", "END"], &rows);
            let columns: Vec<usize> = table
                .lines()
                .skip(1)
                .map(unicode_width::UnicodeWidthStr::width)
                .collect();
            proptest::prop_assert!(
                columns.windows(2).all(|pair| pair[0] == pair[1]),
                "{:?}\n{}",
                columns,
                table
            );
            let forbidden = ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{200b}', '\t'];
            proptest::prop_assert!(!table.contains(forbidden), "{}", table);
        }
    }

    #[test]
    fn json_escapes_what_a_terminal_would_obey_and_keeps_the_exact_value() {
        let value = serde_json::json!({"name": "a\u{9b}2J\u{202E}b\u{200B}\u{E0041}\u{1b}"});
        let json = serde_json::to_string_pretty(&value).unwrap();
        let escaped = escape_for_terminal(&json);
        assert!(
            escaped.contains(r"a\u009b2J\u202eb\u200b\udb40\udc41\u001b"),
            "{escaped}"
        );
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, value);
    }
}
