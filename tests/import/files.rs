//! Each fixture in tests/fixtures/import (written by its generate.py) reads, maps and validates
//! to the people it holds: encodings, delimiters, BOMs, quoted newlines, export formats.

use regdesk::import::job::load_source;
use regdesk::import::mapping::resolve;
use regdesk::import::read::{Delimiter, TextEncoding};
use regdesk::import::validate::{Verdict, check_rows};
use regdesk::registrant_fields::person::{AnswerKind, FormQuestion, RegistrationForm};

use super::support::fixture;

/// (row, email, first name, last name) of every valid row.
type Expected<'a> = &'a [(usize, &'a str, &'a str, Option<&'a str>)];

fn people_of(name: &str, form: &RegistrationForm) -> Vec<(usize, String, String, Option<String>)> {
    let source = load_source(&fixture(name)).unwrap();
    let mapping = resolve(&source.table, &form.question_titles(), &[]).unwrap();
    check_rows(&source.table, &mapping, form)
        .into_iter()
        .map(|row| match row.verdict {
            Verdict::Valid(person) => (row.row, person.email, person.first_name, person.last_name),
            other => panic!("{name} row {}: {other:?}", row.row),
        })
        .collect()
}

fn assert_people(name: &str, form: &RegistrationForm, expected: Expected<'_>) {
    let found = people_of(name, form);
    let expected: Vec<(usize, String, String, Option<String>)> = expected
        .iter()
        .map(|(row, email, first, last)| {
            (
                *row,
                (*email).to_owned(),
                (*first).to_owned(),
                last.map(str::to_owned),
            )
        })
        .collect();
    assert_eq!(found, expected, "{name}");
}

fn dialect(name: &str) -> (TextEncoding, Delimiter) {
    let source = load_source(&fixture(name)).unwrap();
    (source.table.encoding, source.table.delimiter)
}

#[test]
fn windows_1252_with_accented_names() {
    assert_eq!(
        dialect("excel-windows-1252.csv"),
        (TextEncoding::Windows1252, Delimiter::Comma)
    );
    assert_people(
        "excel-windows-1252.csv",
        &RegistrationForm::default(),
        &[
            (2, "zoe.muller@example.com", "Zoë", Some("Müller")),
            (3, "jose.nunez@example.com", "José", Some("Núñez")),
            (4, "francoise@example.com", "Françoise", Some("Lefèvre")),
        ],
    );
}

#[test]
fn utf16le_with_bom_tab_separated() {
    assert_eq!(
        dialect("excel-unicode-text-utf16le.txt"),
        (TextEncoding::Utf16Le { bom: true }, Delimiter::Tab)
    );
    assert_people(
        "excel-unicode-text-utf16le.txt",
        &RegistrationForm::default(),
        &[
            (2, "bjorn@example.com", "Björn", Some("Ångström")),
            (3, "chloe@example.com", "Chloé", Some("Durand")),
            (4, "li.wei@example.com", "伟", Some("李")),
        ],
    );
}

#[test]
fn utf16be_without_bom() {
    assert_eq!(
        dialect("utf16be-no-bom.csv"),
        (TextEncoding::Utf16Be { bom: false }, Delimiter::Comma)
    );
    assert_people(
        "utf16be-no-bom.csv",
        &RegistrationForm::default(),
        &[
            (2, "anna@example.com", "Anna", Some("Öberg")),
            (3, "omar@example.com", "Omar", Some("Haddad")),
        ],
    );
}

#[test]
fn semicolons_with_quoted_newlines_keep_spreadsheet_row_numbers() {
    assert_eq!(
        dialect("excel-semicolon-quoted-newlines.csv"),
        (TextEncoding::Utf8, Delimiter::Semicolon)
    );
    // Row 4 is blank; quoted line breaks do not start rows.
    assert_people(
        "excel-semicolon-quoted-newlines.csv",
        &RegistrationForm::default(),
        &[
            (2, "hans@example.de", "Hans", Some("Schmidt")),
            (3, "greta@example.de", "Greta", Some("Weiß")),
            (5, "udo@example.de", "Udo", Some("Becker")),
        ],
    );
    let source = load_source(&fixture("excel-semicolon-quoted-newlines.csv")).unwrap();
    assert_eq!(
        source.table.rows[1].cell(3),
        "Zeile eins\nZeile zwei\nZeile drei"
    );
}

#[test]
fn tsv_with_form_style_headers() {
    assert_eq!(dialect("people.tsv"), (TextEncoding::Utf8, Delimiter::Tab));
    assert_people(
        "people.tsv",
        &RegistrationForm::default(),
        &[
            (2, "kai@example.org", "Kai", Some("Yamamoto")),
            (3, "ines@example.org", "Inês", Some("Costa")),
        ],
    );
}

#[test]
fn utf8_with_bom() {
    assert_eq!(
        dialect("excel-utf8-bom.csv"),
        (TextEncoding::Utf8WithBom, Delimiter::Comma)
    );
    assert_people(
        "excel-utf8-bom.csv",
        &RegistrationForm::default(),
        &[
            (2, "sven@example.com", "Sven", Some("Ødegaard")),
            (3, "marta@example.com", "Marta", Some("Dąbrowska")),
        ],
    );
}

#[test]
fn eventbrite_export_uses_attendee_columns() {
    assert_people(
        "eventbrite-attendees.csv",
        &RegistrationForm::default(),
        &[
            (2, "paula@example.com", "Paula", Some("Purchaser")),
            (3, "tom@example.com", "Tom", Some("Guest")),
            (4, "rui@example.com", "Rui", Some("Santos")),
        ],
    );
}

#[test]
fn google_forms_export_maps_questions_by_title() {
    let form = RegistrationForm {
        questions: vec![FormQuestion {
            title: "Which session will you attend".to_owned(),
            required: true,
            answers: AnswerKind::OneOf(vec!["Morning".to_owned(), "Afternoon".to_owned()]),
        }],
        ..RegistrationForm::default()
    };
    assert_people(
        "google-forms-responses.csv",
        &form,
        &[
            (2, "amara@example.com", "Amara", Some("Okafor")),
            (3, "lukas@example.com", "Lukas", Some("Novak")),
        ],
    );
}

#[test]
fn single_name_column_is_split() {
    assert_people(
        "single-name-column.csv",
        &RegistrationForm::default(),
        &[
            (2, "ada@example.com", "Ada", Some("Lovelace")),
            (3, "grace@example.com", "Grace", Some("Hopper")),
            (4, "ludwig@example.com", "Ludwig", Some("van Beethoven")),
            (5, "mlk@example.com", "Martin Luther", Some("King Jr.")),
            (6, "cher@example.com", "Cher", None),
        ],
    );
}
