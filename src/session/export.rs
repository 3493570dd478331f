//! Exporting registrants to a file, for both front ends (`regdesk export` and the TUI's export
//! prompt): every registrant (or those of one status) with every field and one column per custom
//! question, written 0600 beside its destination and renamed into place, so a failed export never
//! leaves half a file. Its values are exact, except that a cell a spreadsheet would run as a
//! formula gets a leading `'` (which `regdesk import` removes again), and it starts with a UTF-8
//! BOM unless told not to. What went wrong without stopping the export comes back as warnings for
//! the front end to show.

use std::io::Write;
use std::path::Path;

use crate::text::spreadsheet;
use crate::zoom::{EventRef, ListStatus, QuestionField, Registrant, ZoomClient};

/// The byte order mark that tells Excel a CSV file is UTF-8 (without it, accents are garbled).
pub const UTF8_BOM: &str = "\u{feff}";

/// Whether an export file starts with [`UTF8_BOM`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bom {
    Write,
    Omit,
}

/// What to export, and where.
#[derive(Debug, Clone, Copy)]
pub struct ExportRequest<'a> {
    pub event: EventRef,
    /// Only the registrants of this status; `None`: every status.
    pub status: Option<ListStatus>,
    pub occurrence: Option<&'a str>,
    pub path: &'a Path,
    pub bom: Bom,
    /// regdesk's own folder (its data dir): missing folders under it, and the ones on the way,
    /// are made private (0700). Elsewhere missing folders are created 0700 and existing ones, the
    /// user's, are left as they are.
    pub private_root: Option<&'a Path>,
}

/// An export that was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub registrants: usize,
    /// What went wrong without stopping the export, for the user to hear about.
    pub warnings: Vec<String>,
}

/// Fetches the registrants and the registration questions and writes the file. A Zoom error
/// reaches the caller as a [`crate::zoom::ZoomError`] inside the `anyhow::Error` (for its
/// diagnosis); so does an authentication error reading the questions. Any other failure to read
/// the questions only costs the unanswered custom columns, and is a warning.
pub async fn export(client: &ZoomClient, request: ExportRequest<'_>) -> anyhow::Result<Exported> {
    let event = request.event;
    let registrants = match request.status {
        None => {
            client
                .list_all_registrants(event, request.occurrence)
                .await?
        }
        Some(status) => {
            client
                .list_registrants(event, status, request.occurrence)
                .await?
        }
    };
    let mut warnings = Vec::new();
    // The questions give every custom question a column, answered or not.
    let titles: Vec<String> = match client.get_questions(event).await {
        Ok(questions) => questions
            .custom_questions
            .into_iter()
            .map(|question| question.title)
            .collect(),
        Err(error) if !error.is_auth() => {
            warnings.push(format!(
                "cannot read the registration questions ({}); exporting the custom questions the registrants answered",
                error.diagnosis().summary
            ));
            Vec::new()
        }
        Err(error) => return Err(error.into()),
    };
    let (headers, rows) = registrant_csv(&registrants, &titles);
    if let Some(parent) = request
        .path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        let created = match request.private_root {
            Some(root) if !root.as_os_str().is_empty() && parent.starts_with(root) => {
                crate::private_fs::create_private_dir_all(parent)
            }
            _ => crate::private_fs::create_missing_dirs(parent),
        };
        created.map_err(|error| anyhow::anyhow!("cannot create {}: {error}", parent.display()))?;
    }
    write_atomically(request.path, |file| {
        write_export(file, &headers, &rows, request.bom)
    })
    .map_err(|error| anyhow::anyhow!("cannot write {}: {error:#}", request.path.display()))?;
    Ok(Exported {
        registrants: registrants.len(),
        warnings,
    })
}

/// Writes `path` whole or not at all, 0600 (registrants are personal data), through a fresh
/// temporary file with an unpredictable name beside it (see [`crate::private_fs`]): readers never
/// see half a file, a failure leaves the old file untouched, and nothing planted beside it is
/// followed.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
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

/// Writes an export file: CSV with the exact values, except that cells a spreadsheet would run
/// as formulas get a leading `'` (an import restores them), after a UTF-8 BOM unless omitted.
pub fn write_export<W: Write>(
    mut writer: W,
    headers: &[String],
    rows: &[Vec<String>],
    bom: Bom,
) -> anyhow::Result<()> {
    if bom == Bom::Write {
        writer.write_all(UTF8_BOM.as_bytes())?;
    }
    let for_spreadsheet = |cell: &String| spreadsheet::neutralise(cell).into_owned();
    let mut csv = csv::Writer::from_writer(writer);
    csv.write_record(headers.iter().map(for_spreadsheet))?;
    for row in rows {
        csv.write_record(row.iter().map(for_spreadsheet))?;
    }
    csv.flush()?;
    Ok(())
}

/// Every column of a registrant export: fixed fields, then one column per custom question.
pub fn registrant_csv(
    registrants: &[Registrant],
    question_titles: &[String],
) -> (Vec<String>, Vec<Vec<String>>) {
    let mut titles: Vec<String> = question_titles.to_vec();
    for registrant in registrants {
        for answer in &registrant.custom_questions {
            if !titles
                .iter()
                .any(|title| title.eq_ignore_ascii_case(&answer.title))
            {
                titles.push(answer.title.clone());
            }
        }
    }
    let standard: Vec<QuestionField> = QuestionField::ALL
        .into_iter()
        .filter(|field| *field != QuestionField::LastName)
        .collect();
    let mut headers: Vec<String> = [
        "id",
        "email",
        "first_name",
        "last_name",
        "status",
        "create_time",
        "join_url",
    ]
    .iter()
    .map(|name| (*name).to_owned())
    .collect();
    headers.extend(standard.iter().map(|field| field.as_str().to_owned()));
    headers.extend(
        ["language", "participant_pin_code"]
            .iter()
            .map(|name| (*name).to_owned()),
    );
    headers.extend(titles.iter().cloned());
    let rows = registrants
        .iter()
        .map(|registrant| {
            let mut row = vec![
                registrant.id.clone(),
                registrant.email.clone(),
                registrant.first_name.clone(),
                registrant.fields.last_name.clone().unwrap_or_default(),
                registrant.status.to_string(),
                registrant
                    .create_time
                    .map(|at| at.to_string())
                    .unwrap_or_default(),
                registrant.join_url.clone().unwrap_or_default(),
            ];
            row.extend(
                standard
                    .iter()
                    .map(|field| registrant.fields.get(field).unwrap_or_default().to_owned()),
            );
            row.push(registrant.language.clone().unwrap_or_default());
            row.push(
                registrant
                    .participant_pin_code
                    .map(|pin| pin.to_string())
                    .unwrap_or_default(),
            );
            row.extend(titles.iter().map(|title| {
                registrant
                    .custom_answer(title)
                    .unwrap_or_default()
                    .to_owned()
            }));
            row
        })
        .collect();
    (headers, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_files_neutralise_formulas_after_a_bom_unless_omitted() {
        let headers = vec!["first_name".to_owned()];
        let rows = vec![vec!["=HYPERLINK(\"http://x\",\"y\")".to_owned()]];
        let mut with_bom = Vec::new();
        write_export(&mut with_bom, &headers, &rows, Bom::Write).unwrap();
        assert_eq!(
            String::from_utf8(with_bom).unwrap(),
            "\u{feff}first_name\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n"
        );
        let mut without = Vec::new();
        write_export(&mut without, &headers, &rows, Bom::Omit).unwrap();
        assert!(without.starts_with(b"first_name\n"));
    }

    proptest::proptest! {
        #[test]
        fn an_export_read_back_by_the_importer_gives_the_original_values(
            values in proptest::collection::vec(
                proptest::collection::vec("[=+@'\\-]{0,3}[a-zA-Zé王\" ,;=+@'\\-]{0,8}", 3),
                1..6,
            )
        ) {
            let headers: Vec<String> =
                ["email", "first_name", "last_name", "org"].map(str::to_owned).to_vec();
            let rows: Vec<Vec<String>> = values
                .into_iter()
                .enumerate()
                .map(|(index, cells)| {
                    let mut row = vec![format!("p{index}@example.org")];
                    // The importer trims cells, as spreadsheets' exports need.
                    row.extend(cells.into_iter().map(|cell| cell.trim().to_owned()));
                    row
                })
                .collect();
            let mut file = Vec::new();
            write_export(&mut file, &headers, &rows, Bom::Write).unwrap();
            let table = crate::import::read::read_table(&file).unwrap();
            proptest::prop_assert_eq!(&table.headers, &headers);
            let read: Vec<Vec<String>> = table.rows.into_iter().map(|row| row.cells().map(str::to_owned).collect()).collect();
            proptest::prop_assert_eq!(read, rows);
        }
    }

    #[test]
    fn exports_have_a_column_per_custom_question() {
        let registrant: Registrant = serde_json::from_value(serde_json::json!({
            "id": "r1", "email": "a@example.com", "first_name": "Ann", "status": "approved",
            "job_title": "Chef", "custom_questions": [{"title": "Diet", "value": "veg"}]
        }))
        .unwrap();
        let (headers, rows) = registrant_csv(&[registrant], &["Shoe size".to_owned()]);
        let column = |name: &str| headers.iter().position(|header| header == name).unwrap();
        assert_eq!(rows[0][column("job_title")], "Chef");
        assert_eq!(rows[0][column("Diet")], "veg");
        assert_eq!(rows[0][column("Shoe size")], "");
        assert_eq!(rows[0][column("status")], "approved");
    }
}
