//! Spreadsheet safety: CSV cells a spreadsheet would run as a formula, made inert, and read back.
//!
//! Excel, LibreOffice and Google Sheets evaluate a cell that starts with `=`, `+`, `-` or `@`
//! (and, after trimming, one that starts with a tab or a carriage return), so a registrant named
//! `=HYPERLINK("http://x","y")` becomes a live link in the coordinator's spreadsheet (CSV
//! injection). OWASP's rule: such a cell gets a leading `'`, which spreadsheets treat as "text".
//!
//! [`restore`] undoes [`neutralise`] exactly, so that importing regdesk's own export gives back
//! the original values. For that, a value that already starts with quotes followed by a trigger
//! (`'=x`, `''+y`) gets one more quote too, and `restore` removes exactly one leading quote from
//! a value that is one or more quotes followed by a trigger. Every other value passes both ways
//! unchanged: `restore(neutralise(v)) == v` for every `v`.

use std::borrow::Cow;

/// The first characters that make a spreadsheet evaluate a cell.
pub const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The quote that makes a spreadsheet read a cell as text.
const TEXT_QUOTE: char = '\'';

/// Whether `value`, after any leading quotes, starts with a formula trigger.
fn quotes_then_trigger(value: &str) -> bool {
    value
        .trim_start_matches(TEXT_QUOTE)
        .starts_with(FORMULA_TRIGGERS)
}

/// `value` as a CSV cell a spreadsheet will not evaluate: a leading `'` when it (after any
/// quotes already there) starts with `=`, `+`, `-`, `@`, a tab or a carriage return.
pub fn neutralise(value: &str) -> Cow<'_, str> {
    if quotes_then_trigger(value) {
        Cow::Owned(format!("{TEXT_QUOTE}{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// A cell read from a CSV file as it was before [`neutralise`]: one leading `'` removed from a
/// value that is quotes followed by a formula trigger.
pub fn restore(value: &str) -> Cow<'_, str> {
    match value.strip_prefix(TEXT_QUOTE) {
        Some(rest) if quotes_then_trigger(rest) => Cow::Borrowed(rest),
        _ => Cow::Borrowed(value),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn formulas_get_a_quote_and_lose_it_on_the_way_back() {
        let cases = [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+44 20 7946 0958", "'+44 20 7946 0958"),
            ("-Aa1", "'-Aa1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("'=1", "''=1"),
            ("''@x", "'''@x"),
            ("'quoted'", "'quoted'"),
            ("Ann", "Ann"),
            ("a=b", "a=b"),
            ("", ""),
            ("'", "'"),
        ];
        for (value, cell) in cases {
            assert_eq!(neutralise(value), cell, "{value:?}");
            assert_eq!(restore(cell), value, "{cell:?}");
        }
    }

    /// Values built from the characters that matter here, and others.
    fn cell_value() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("'".to_owned()),
            Just("=".to_owned()),
            Just("+".to_owned()),
            Just("-".to_owned()),
            Just("@".to_owned()),
            Just("\t".to_owned()),
            Just("\r".to_owned()),
            Just("\"".to_owned()),
            Just(",".to_owned()),
            Just("\n".to_owned()),
            any::<String>(),
        ];
        proptest::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn restore_undoes_neutralise(value in cell_value()) {
            let cell = neutralise(&value);
            prop_assert_eq!(restore(&cell), value.as_str());
        }

        #[test]
        fn no_neutralised_cell_starts_with_a_trigger(value in cell_value()) {
            prop_assert!(!neutralise(&value).starts_with(FORMULA_TRIGGERS));
        }

        #[test]
        fn a_real_csv_written_neutralised_reads_back_restored(
            rows in proptest::collection::vec(proptest::collection::vec(cell_value(), 3), 1..5)
        ) {
            let mut writer = csv::Writer::from_writer(Vec::new());
            for row in &rows {
                writer
                    .write_record(row.iter().map(|value| neutralise(value).into_owned()))
                    .unwrap();
            }
            let bytes = writer.into_inner().unwrap();
            let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes.as_slice());
            let read: Vec<Vec<String>> = reader
                .records()
                .map(|record| record.unwrap().iter().map(|cell| restore(cell).into_owned()).collect())
                .collect();
            prop_assert_eq!(read, rows);
        }
    }
}
