//! How the scriptable commands speak: tables for people, JSON and CSV for scripts (on stdout,
//! nothing else there), and errors on stderr with Zoom's diagnosis (what happened, why, fix).
//! The CLI's user-facing wording lives here and in the command modules' messages.

use std::io::Write;

use serde::Serialize;

use super::ExitCode;
use crate::zoom::{Registrant, StandardField, ZoomError};

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
        eprintln!("error: {usage}");
        return ExitCode::Usage;
    }
    match error.downcast_ref::<ZoomError>() {
        Some(zoom) => print_zoom_error(zoom, None),
        None => eprintln!("error: {error:#}"),
    }
    ExitCode::Failure
}

/// Prints a Zoom error's diagnosis to stderr, optionally saying whom it concerned.
pub fn print_zoom_error(error: &ZoomError, concerning: Option<&str>) {
    let diagnosis = error.diagnosis();
    match concerning {
        Some(who) => eprintln!("error ({who}): {}", diagnosis.summary),
        None => eprintln!("error: {}", diagnosis.summary),
    }
    eprintln!("  why: {}", diagnosis.explanation);
    eprintln!("  fix: {}", diagnosis.fix);
    eprintln!("  ({error})");
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut stdout, value)?;
    writeln!(stdout)?;
    Ok(())
}

/// Aligned columns with a header row.
pub fn render_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers
        .iter()
        .map(|header| header.chars().count())
        .collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| -> String {
        let mut out = String::new();
        for (index, (cell, width)) in cells.zip(&widths).enumerate() {
            if index + 1 == widths.len() {
                out.push_str(cell);
            } else {
                out.push_str(cell);
                out.extend(std::iter::repeat_n(' ', width - cell.chars().count() + 2));
            }
        }
        out.trim_end().to_owned()
    };
    let mut text = line(&mut headers.iter().copied());
    text.push('\n');
    for row in rows {
        text.push_str(&line(&mut row.iter().map(String::as_str)));
        text.push('\n');
    }
    text
}

/// Writes CSV (RFC 4180, header row first).
pub fn write_csv<W: Write>(
    writer: W,
    headers: &[String],
    rows: &[Vec<String>],
) -> anyhow::Result<()> {
    let mut csv = csv::Writer::from_writer(writer);
    csv.write_record(headers)?;
    for row in rows {
        csv.write_record(row)?;
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
    let standard: Vec<StandardField> = StandardField::ALL
        .into_iter()
        .filter(|field| *field != StandardField::LastName)
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
