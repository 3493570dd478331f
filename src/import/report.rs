//! The import report: a CSV with one line per input row (in file order) saying what became of
//! it: registered (registrant ID, join URL), already registered, duplicate, invalid (the reasons),
//! blocked, failed (the diagnosis), unknown or not sent. Written to a private temporary file and
//! renamed, so a report on disk is always whole and readable by its owner only. UTF-8 with a BOM, for Excel.
//! An import into several events adds an `event` column at the end (the first columns stay
//! those of a single event's report, so that a script reading them by position reads both).

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use super::outcome::RowOutcome;
use super::plan::RowIdentity;
use crate::text::spreadsheet::neutralise;
use crate::zoom::EventRef;

/// The report's columns, in order.
pub const REPORT_HEADER: [&str; 8] = [
    "row",
    "email",
    "first_name",
    "last_name",
    "outcome",
    "registrant_id",
    "join_url",
    "detail",
];

/// The column an import into several events adds after [`REPORT_HEADER`]: the row's event
/// (`meeting 84127650391`), empty when the row's event could not be found.
pub const EVENT_COLUMN: &str = "event";

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes the report; every row of `rows` appears once, in order. A row missing from `outcomes`
/// is reported as not sent (a defect elsewhere should not hide a row).
pub fn write_report(
    path: &Path,
    rows: &[RowIdentity],
    outcomes: &BTreeMap<usize, RowOutcome>,
) -> io::Result<()> {
    let rows: Vec<(&RowIdentity, Option<String>)> = rows.iter().map(|row| (row, None)).collect();
    write_rows(path, &rows, outcomes, false)
}

/// [`write_report`] of an import into several events: each row with its event, if it has one,
/// in the [`EVENT_COLUMN`].
pub fn write_report_with_events(
    path: &Path,
    rows: &[(RowIdentity, Option<EventRef>)],
    outcomes: &BTreeMap<usize, RowOutcome>,
) -> io::Result<()> {
    let rows: Vec<(&RowIdentity, Option<String>)> = rows
        .iter()
        .map(|(row, event)| {
            (
                row,
                Some(event.map(|event| event.to_string()).unwrap_or_default()),
            )
        })
        .collect();
    write_rows(path, &rows, outcomes, true)
}

fn write_rows(
    path: &Path,
    rows: &[(&RowIdentity, Option<String>)],
    outcomes: &BTreeMap<usize, RowOutcome>,
    with_events: bool,
) -> io::Result<()> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        crate::private_fs::create_missing_dirs(dir)?;
    }
    crate::private_fs::write_atomic_private(path, |file| {
        let mut file = io::BufWriter::new(file);
        // UTF-8 with a BOM: Excel, where coordinators open reports, reads a BOM-less CSV as the
        // system code page and garbles accented names.
        file.write_all(UTF8_BOM)?;
        let mut writer = csv::Writer::from_writer(file);
        if with_events {
            writer.write_record(REPORT_HEADER.iter().chain([&EVENT_COLUMN]))?;
        } else {
            writer.write_record(REPORT_HEADER)?;
        }
        let missing = RowOutcome::NotSent {
            reason: "the import ended before this row was reached".to_owned(),
        };
        // Values go back into a spreadsheet: one that starts like a formula gets a leading `'`
        // (CSV injection), which an import of the report removes again.
        for (identity, event) in rows {
            let outcome = outcomes.get(&identity.row).unwrap_or(&missing);
            let event = event.as_deref().map(neutralise);
            writer.write_record(
                [
                    identity.row.to_string().as_str(),
                    neutralise(&identity.email).as_ref(),
                    neutralise(&identity.first_name).as_ref(),
                    neutralise(&identity.last_name).as_ref(),
                    outcome.label(),
                    neutralise(outcome.registrant_id().unwrap_or("")).as_ref(),
                    neutralise(outcome.join_url().unwrap_or("")).as_ref(),
                    neutralise(&outcome.detail()).as_ref(),
                ]
                .into_iter()
                .chain(event.as_ref().map(AsRef::as_ref)),
            )?;
        }
        let mut inner = writer.into_inner().map_err(|err| err.into_error())?;
        inner.flush()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_reported_in_order_with_its_outcome() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reports").join("r.csv");
        let rows: Vec<RowIdentity> = [2, 3, 5]
            .iter()
            .map(|row| RowIdentity {
                row: *row,
                email: format!("p{row}@x.org"),
                first_name: "=cmd()".to_owned(),
                last_name: String::new(),
            })
            .collect();
        let outcomes = BTreeMap::from([
            (
                2,
                RowOutcome::Registered {
                    registrant_id: "r2".to_owned(),
                    join_url: Some("https://j/2".to_owned()),
                    reconciled: false,
                },
            ),
            (5, RowOutcome::Duplicate { of_row: 2 }),
        ]);
        write_report(&path, &rows, &outcomes).unwrap();
        assert!(std::fs::read(&path).unwrap().starts_with(UTF8_BOM));
        let mut reader = csv::Reader::from_path(&path).unwrap();
        assert_eq!(reader.headers().unwrap(), REPORT_HEADER.as_slice());
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), 3);
        assert_eq!(&records[0][4], "registered");
        assert_eq!(&records[0][5], "r2");
        assert_eq!(&records[0][2], "'=cmd()");
        assert_eq!(&records[1][4], "not_sent");
        assert_eq!(&records[2][7], "duplicate of row 2");
        let left: Vec<_> = std::fs::read_dir(dir.path().join("reports"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(left, ["r.csv"], "no temporary file is left behind");
    }
}
