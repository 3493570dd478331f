//! Checking every row before anything is sent: required fields (the meeting's required standard
//! and custom questions included), email syntax, Zoom's lengths and enums (matched ignoring case,
//! sent in Zoom's spelling), countries as two-letter codes, choice answers; then duplicates inside
//! the file (same email ignoring case: the first valid row wins, the others say "duplicate of row
//! N"). Pure: no IO, so the TUI can run it on every keystroke of the mapping screen.

use std::collections::HashMap;

use super::mapping::{Mapping, Target};
use super::outcome::Problem;
use super::read::{SourceRow, Table};
use crate::registrant_fields::catalogue::StandardField;
use crate::registrant_fields::names::split_full_name;
use crate::registrant_fields::person::{
    FieldName, Person, PersonValues, REQUIRED_MISSING, RegistrationForm, build_person,
};

/// A row after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedRow {
    pub row: usize,
    /// The email as written (trimmed), for the report even when the row is invalid.
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Valid(Person),
    Invalid(Vec<Problem>),
    /// Same email as this earlier row, which is the one imported.
    Duplicate {
        of_row: usize,
    },
}

/// Problems that concern the whole file, not a row: a needed column is missing. Each also
/// appears on every row, so the report explains every row on its own.
pub fn file_problems(mapping: &Mapping, form: &RegistrationForm) -> Vec<Problem> {
    let mut problems = Vec::new();
    let has = |target: &Target| mapping.column_for(target).is_some();
    if !has(&Target::Field(StandardField::Email)) {
        problems.push(Problem {
            field: "email".to_owned(),
            column: None,
            message: "no column holds email addresses; map one with --map COLUMN=email".to_owned(),
        });
    }
    if !has(&Target::Field(StandardField::FirstName)) && !has(&Target::FullName) {
        problems.push(Problem {
            field: "first_name".to_owned(),
            column: None,
            message: "no column holds first names or full names; map one with --map COLUMN=first_name or --map COLUMN=name".to_owned(),
        });
    }
    for field in &form.required_fields {
        let covered_by_name = *field == StandardField::LastName && has(&Target::FullName);
        if !has(&Target::Field(*field)) && !covered_by_name {
            problems.push(Problem {
                field: field.api_name().to_owned(),
                column: None,
                message: format!(
                    "the meeting requires it but no column holds it; map one with --map COLUMN={}",
                    field.api_name()
                ),
            });
        }
    }
    for question in form.questions.iter().filter(|q| q.required) {
        if !has(&Target::Question(question.title.clone())) {
            problems.push(Problem {
                field: format!("question \"{}\"", question.title),
                column: None,
                message: format!(
                    "the meeting requires an answer but no column holds it; map one with --map \"COLUMN={}\"",
                    question.title
                ),
            });
        }
    }
    problems
}

/// Validates every row and marks duplicates.
pub fn check_rows(table: &Table, mapping: &Mapping, form: &RegistrationForm) -> Vec<CheckedRow> {
    checked_rows(table, mapping, form).collect()
}

/// Validates the rows one at a time, in file order, marking duplicates on the way: a row is a
/// duplicate when an earlier valid row has its email; rows after the imported one are duplicates
/// even if they are otherwise invalid (their person is taken care of), earlier invalid rows keep
/// their own problems. Only the emails seen so far are kept, so a million rows need not all be
/// held checked at once.
pub fn checked_rows<'a>(
    table: &'a Table,
    mapping: &'a Mapping,
    form: &'a RegistrationForm,
) -> impl Iterator<Item = CheckedRow> + 'a {
    let shared = file_problems(mapping, form);
    mark_duplicates_on_the_way(
        table
            .rows
            .iter()
            .map(move |row| check_row(table, row, mapping, form, &shared)),
    )
}

/// [`checked_rows`] of rows taken out of `table` (whose header names the columns): each row is
/// dropped as soon as it is checked, so the file's cells and the checked rows are never all held
/// at once.
pub fn checked_rows_of<'a>(
    table: &'a Table,
    rows: Vec<SourceRow>,
    mapping: &'a Mapping,
    form: &'a RegistrationForm,
) -> impl Iterator<Item = CheckedRow> + 'a {
    let shared = file_problems(mapping, form);
    mark_duplicates_on_the_way(
        rows.into_iter()
            .map(move |row| check_row(table, &row, mapping, form, &shared)),
    )
}

fn mark_duplicates_on_the_way(
    rows: impl Iterator<Item = CheckedRow>,
) -> impl Iterator<Item = CheckedRow> {
    let mut first_valid: HashMap<String, usize> = HashMap::new();
    rows.map(move |mut checked| {
        if let Verdict::Valid(person) = &checked.verdict {
            first_valid.entry(person.email_key()).or_insert(checked.row);
        }
        if let Some(&winner) = first_valid.get(&checked.email.to_lowercase())
            && winner < checked.row
        {
            checked.verdict = Verdict::Duplicate { of_row: winner };
        }
        checked
    })
}

fn check_row(
    table: &Table,
    row: &SourceRow,
    mapping: &Mapping,
    form: &RegistrationForm,
    shared: &[Problem],
) -> CheckedRow {
    let mut problems: Vec<Problem> = shared.to_vec();
    let value = |target: &Target| -> Option<(&str, String)> {
        mapping
            .column_for(target)
            .map(|index| (row.cell(index), table.column_label(index)))
    };
    if row.extra_cells > 0 {
        problems.push(Problem {
            field: "row".to_owned(),
            column: None,
            message: format!(
                "has {} more value(s) than the header has columns: a delimiter inside an unquoted value? The values may have shifted",
                row.extra_cells
            ),
        });
    }

    let cell = |field: StandardField| {
        value(&Target::Field(field))
            .map(|(v, _)| v.to_owned())
            .unwrap_or_default()
    };
    let split = value(&Target::FullName).and_then(|(full, _)| split_full_name(full));
    let mut values = PersonValues {
        email: cell(StandardField::Email),
        first_name: cell(StandardField::FirstName),
        last_name: cell(StandardField::LastName),
        fields: Vec::new(),
        answers: Vec::new(),
    };
    if values.first_name.is_empty()
        && let Some(split) = &split
    {
        values.first_name = split.first.clone();
    }
    if values.last_name.is_empty()
        && let Some(last) = split.as_ref().and_then(|s| s.last.clone())
    {
        values.last_name = last;
    }
    for (column, target) in mapping.used() {
        if let Target::Field(field) = target {
            values
                .fields
                .push((*field, row.cell(column.index).to_owned()));
        }
    }
    for question in &form.questions {
        if let Some((raw, _)) = value(&Target::Question(question.title.clone())) {
            values
                .answers
                .push((question.title.clone(), raw.to_owned()));
        }
    }

    let name_column = value(&Target::FullName).map(|(_, c)| c);
    // The column a problem points at; `None` when no column holds the field, which the file's
    // own problems already say (with how to map one).
    let column_of = |field: &FieldName| -> Option<String> {
        match field {
            FieldName::Standard(StandardField::FirstName | StandardField::LastName) => {
                let FieldName::Standard(standard) = field else {
                    return None;
                };
                value(&Target::Field(*standard))
                    .map(|(_, c)| c)
                    .or(name_column.clone())
            }
            FieldName::Standard(standard) => value(&Target::Field(*standard)).map(|(_, c)| c),
            FieldName::Question(title) => value(&Target::Question(title.clone())).map(|(_, c)| c),
        }
    };
    let verdict = match build_person(&values, form) {
        Ok(person) if problems.is_empty() => Verdict::Valid(person),
        Ok(_) => Verdict::Invalid(problems),
        Err(found) => {
            for found in found {
                let column = column_of(&found.field);
                let name = found.field.to_string();
                if column.is_none() && shared.iter().any(|problem| problem.field == name) {
                    continue;
                }
                let mut message = found.message;
                // A one-word full name is why a name column yields no last name: say so.
                if found.field == FieldName::Standard(StandardField::LastName)
                    && message == REQUIRED_MISSING
                    && split.is_some()
                    && let Some((full, _)) = value(&Target::FullName)
                {
                    message = format!(
                        "is missing (the meeting requires it; the name {:?} is one word)",
                        full.trim()
                    );
                }
                problems.push(Problem {
                    field: name,
                    column,
                    message,
                });
            }
            Verdict::Invalid(problems)
        }
    };
    CheckedRow {
        row: row.row,
        email: values.email.trim_start_matches("mailto:").trim().to_owned(),
        first_name: values.first_name,
        last_name: values.last_name,
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::mapping::resolve;
    use crate::import::read::read_table;
    use crate::registrant_fields::person::{AnswerKind, FormQuestion};
    use std::collections::BTreeSet;

    fn form() -> RegistrationForm {
        RegistrationForm {
            required_fields: BTreeSet::from([StandardField::Country]),
            questions: vec![
                FormQuestion {
                    title: "Track".to_owned(),
                    required: true,
                    answers: AnswerKind::OneOf(vec!["Beginner".to_owned(), "Advanced".to_owned()]),
                },
                FormQuestion {
                    title: "Dietary needs".to_owned(),
                    required: false,
                    answers: AnswerKind::FreeText,
                },
            ],
        }
    }

    fn check(text: &str, form: &RegistrationForm) -> Vec<CheckedRow> {
        let table = read_table(text.as_bytes()).unwrap();
        let mapping = resolve(&table, &form.question_titles(), &[]).unwrap();
        check_rows(&table, &mapping, form)
    }

    fn problems(row: &CheckedRow) -> Vec<(String, String)> {
        match &row.verdict {
            Verdict::Invalid(problems) => problems
                .iter()
                .map(|p| (p.field.clone(), p.message.clone()))
                .collect(),
            other => panic!("row {} is {other:?}", row.row),
        }
    }

    #[test]
    fn valid_rows_are_normalized_to_zooms_values() {
        let rows = check(
            "Email,First Name,Last Name,Country,Role in purchase process,Track,Dietary needs\n\
             ann@x.org,Ann,Lee,Germany,decision maker,advanced,none\n",
            &form(),
        );
        let Verdict::Valid(person) = &rows[0].verdict else {
            panic!("{:?}", rows[0].verdict);
        };
        assert_eq!(person.field(&StandardField::Country), Some("DE"));
        assert_eq!(
            person.field(&StandardField::RoleInPurchaseProcess),
            Some("Decision Maker")
        );
        assert_eq!(
            person.answers,
            vec![
                ("Track".to_owned(), "Advanced".to_owned()),
                ("Dietary needs".to_owned(), "none".to_owned())
            ]
        );
        assert!(!person.batchable());
    }

    #[test]
    fn each_problem_names_its_field_and_column() {
        let rows = check(
            "Email,First Name,Country,Track\n\
             not-an-email,,Atlantis,Expert\n",
            &form(),
        );
        let found = problems(&rows[0]);
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!(found[0].0, "email");
        assert!(found[0].1.contains("not an email address"));
        assert_eq!(found[1], ("first_name".to_owned(), "is missing".to_owned()));
        assert_eq!(found[2].0, "country");
        assert_eq!(found[3].0, "question \"Track\"");
        assert!(found[3].1.contains("\"Beginner\", \"Advanced\""));
        let Verdict::Invalid(list) = &rows[0].verdict else {
            unreachable!()
        };
        assert_eq!(list[0].column.as_deref(), Some("\"Email\""));
    }

    #[test]
    fn a_one_word_name_says_why_the_required_last_name_is_missing() {
        let form = RegistrationForm {
            required_fields: BTreeSet::from([StandardField::LastName]),
            questions: Vec::new(),
        };
        let rows = check(
            "Email,Name\nm@x.org,Madonna\nann@x.org,\"Lee, Ann\"\n",
            &form,
        );
        assert_eq!(
            problems(&rows[0]),
            vec![(
                "last_name".to_owned(),
                "is missing (the meeting requires it; the name \"Madonna\" is one word)".to_owned()
            )]
        );
        assert!(matches!(rows[1].verdict, Verdict::Valid(_)));
    }

    #[test]
    fn required_columns_missing_from_the_file_are_named_on_every_row() {
        let rows = check("Email,First Name\nann@x.org,Ann\nbo@x.org,Bo\n", &form());
        for row in &rows {
            let found = problems(row);
            assert!(
                found
                    .iter()
                    .any(|(f, m)| f == "country" && m.contains("--map"))
            );
            assert!(found.iter().any(|(f, _)| f == "question \"Track\""));
        }
    }

    #[test]
    fn duplicates_point_at_the_first_valid_row() {
        let plain = RegistrationForm::default();
        let rows = check(
            "email,first_name\n\
             ann@x.org,\n\
             ANN@x.org,Ann\n\
             ann@X.org,Annie\n\
             bo@x.org,Bo\n",
            &plain,
        );
        assert!(matches!(rows[0].verdict, Verdict::Invalid(_)));
        assert!(matches!(rows[1].verdict, Verdict::Valid(_)));
        assert_eq!(rows[2].verdict, Verdict::Duplicate { of_row: 3 });
        assert!(matches!(&rows[3].verdict, Verdict::Valid(p) if p.batchable()));
    }

    #[test]
    fn a_single_name_column_fills_first_and_last_name() {
        let rows = check(
            "Name,Email\nvan der Berg, Anna,anna@x.org\n\"van der Berg, Anna\",anna2@x.org\nCher,cher@x.org\n",
            &RegistrationForm::default(),
        );
        // Row 2 has an unquoted comma: the values shifted, and the row says so.
        assert!(problems(&rows[0]).iter().any(|(f, _)| f == "row"));
        let Verdict::Valid(anna) = &rows[1].verdict else {
            panic!("{:?}", rows[1].verdict)
        };
        assert_eq!(anna.first_name, "Anna");
        assert_eq!(anna.last_name.as_deref(), Some("van der Berg"));
        let Verdict::Valid(cher) = &rows[2].verdict else {
            panic!()
        };
        assert_eq!(cher.last_name, None);
    }

    #[test]
    fn lengths_follow_zoom() {
        let long = "x".repeat(65);
        let rows = check(
            &format!("email,first_name,last_name\nann@x.org,{long},{long}\n"),
            &RegistrationForm::default(),
        );
        let found = problems(&rows[0]);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|(_, m)| m.contains("64 characters")));
    }
}
