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

/// A mistake on the command line (exit code 2), with the flag or value it concerns.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Returns a usage error (exit code 2).
pub fn usage<T>(message: impl Into<String>) -> anyhow::Result<T> {
    Err(UsageError(message.into()).into())
}

/// Prints an error to stderr (with the diagnosis of a Zoom error) and picks its exit code.
pub fn report_error(error: &anyhow::Error) -> ExitCode {
    if let Some(usage) = error.downcast_ref::<UsageError>() {
        eprintln_sanitised!("error: {usage}");
        return ExitCode::Usage;
    }
    match error.downcast_ref::<ZoomError>() {
        Some(zoom) => print_zoom_error(zoom, None),
        None => eprintln_sanitised!("error: {}", error_text(error)),
    }
    ExitCode::Failure
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

/// A timestamp for tables: `2026-11-30 15:00 UTC`.
pub fn short_time(timestamp: Option<jiff::Timestamp>, timezone: Option<&str>) -> String {
    let Some(timestamp) = timestamp else {
        return String::new();
    };
    let zone = timezone
        .and_then(|name| jiff::tz::TimeZone::get(name).ok())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    let zoned = timestamp.to_zoned(zone);
    let name = timezone
        .filter(|_| zoned.time_zone() != &jiff::tz::TimeZone::UTC)
        .unwrap_or("UTC");
    format!("{} {name}", zoned.strftime("%Y-%m-%d %H:%M"))
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
