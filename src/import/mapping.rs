//! Which column feeds which registrant field: header aliases (see `fields`), custom-question
//! columns matched to the meeting's questions by normalized title, and `--map COLUMN=FIELD`
//! overrides. When several columns claim one field the most telling header wins, then the column
//! whose values fit the field best (real email addresses beat "anonymous"), then the leftmost;
//! the others are reported as set aside, never silently dropped.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::read::{Table, column_letter};
use crate::registrant_fields::catalogue::{
    Confidence, HeaderTarget, StandardField, guess_header, is_valid_email, squash,
};

/// Where a column's values go.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// A standard registrant field.
    Field(StandardField),
    /// The whole name, split into first and last name.
    FullName,
    /// The answer to the custom question with this title (the meeting's spelling).
    Question(String),
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Field(field) => f.write_str(field.api_name()),
            Target::FullName => f.write_str("full name (split into first_name and last_name)"),
            Target::Question(title) => write!(f, "question \"{title}\""),
        }
    }
}

/// Why a column is used (or not) the way it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// `--map` said so.
    Override,
    /// The header is a known spelling of the field.
    Alias,
    /// The header is the buyer's copy of a field (order exports); no attendee column has it.
    BuyerColumn,
    /// The header contains a telling word ("What's your email address?").
    Keyword,
    /// The header is the title of one of the meeting's custom questions.
    QuestionTitle,
    /// Another column feeds the same field.
    SetAside { used_column: usize },
    /// `--map COLUMN=ignore`.
    Ignored,
    /// Nothing the header says matches a field or question.
    Unrecognised,
    /// Zoom sets what the column holds (an export's ID, status, registration time, join link
    /// or PIN): no import can send it.
    SetByZoom { what: String },
    /// The column names each row's meeting or webinar (an import into several events).
    EventColumn,
}

/// One column of the file and what the import does with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnUse {
    pub index: usize,
    pub header: String,
    /// `None` when the column is not used.
    pub target: Option<Target>,
    pub reason: Reason,
}

impl ColumnUse {
    /// The header in quotes, or the spreadsheet letter of a column without a header.
    pub fn label(&self) -> String {
        if self.header.is_empty() {
            format!("column {}", column_letter(self.index))
        } else {
            format!("\"{}\"", self.header)
        }
    }
}

/// The columns of a file and where each one goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub columns: Vec<ColumnUse>,
}

impl Mapping {
    /// The column feeding a target, if any.
    pub fn column_for(&self, target: &Target) -> Option<usize> {
        self.columns
            .iter()
            .find(|column| column.target.as_ref() == Some(target))
            .map(|column| column.index)
    }

    /// The used columns, in file order.
    pub fn used(&self) -> impl Iterator<Item = (&ColumnUse, &Target)> {
        self.columns
            .iter()
            .filter_map(|column| column.target.as_ref().map(|target| (column, target)))
    }
}

/// A `--map` argument that names no column or no field: a usage error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    #[error("--map {argument:?}: expected COLUMN=FIELD, e.g. --map \"E-mail Address=email\"")]
    Syntax { argument: String },
    #[error("--map {argument:?}: the file has no column {column:?} (its columns: {columns})")]
    UnknownColumn {
        argument: String,
        column: String,
        columns: String,
    },
    #[error(
        "--map {argument:?}: {field:?} is neither a registrant field ({fields}), a question of this meeting{questions}, nor `ignore`"
    )]
    UnknownField {
        argument: String,
        field: String,
        fields: String,
        questions: String,
    },
    #[error("--map maps column {column} twice")]
    ColumnTwice { column: String },
    #[error("--map sends both {first} and {second} to {target}; pick one")]
    TargetTwice {
        first: String,
        second: String,
        target: String,
    },
}

/// Works out the mapping of a file's columns for a meeting whose custom questions have these
/// titles, applying `--map` overrides (`COLUMN=FIELD`, FIELD = a field name or spelling, a
/// question title, or `ignore`).
pub fn resolve(
    table: &Table,
    question_titles: &[String],
    overrides: &[String],
) -> Result<Mapping, MappingError> {
    resolve_beside_event_column(table, question_titles, overrides, None)
}

/// [`resolve`] for a file whose column `event_column` names each row's event: that column feeds
/// no field, whatever its header or `--map` says.
pub fn resolve_beside_event_column(
    table: &Table,
    question_titles: &[String],
    overrides: &[String],
    event_column: Option<usize>,
) -> Result<Mapping, MappingError> {
    let forced = parse_overrides(table, question_titles, overrides)?;
    let mut columns: Vec<ColumnUse> = Vec::with_capacity(table.headers.len());
    let mut candidates: BTreeMap<Target, Vec<(Rank, usize)>> = BTreeMap::new();
    for (index, header) in table.headers.iter().enumerate() {
        if Some(index) == event_column {
            columns.push(ColumnUse {
                index,
                header: header.clone(),
                target: None,
                reason: Reason::EventColumn,
            });
            continue;
        }
        if let Some(target) = forced.get(&index) {
            let (target, reason) = match target {
                Some(target) => (Some(target.clone()), Reason::Override),
                None => (None, Reason::Ignored),
            };
            columns.push(ColumnUse {
                index,
                header: header.clone(),
                target,
                reason,
            });
            continue;
        }
        let guess = guess_column(header, question_titles);
        if let Some((target, reason, confidence)) = &guess {
            let rank = Rank {
                confidence: *confidence,
                fitness: fitness(table, index, target),
                leftmost: usize::MAX - index,
            };
            candidates
                .entry(target.clone())
                .or_default()
                .push((rank, index));
            columns.push(ColumnUse {
                index,
                header: header.clone(),
                target: Some(target.clone()),
                reason: reason.clone(),
            });
        } else {
            columns.push(ColumnUse {
                index,
                header: header.clone(),
                target: None,
                reason: match crate::registrant_fields::catalogue::set_by_zoom(header) {
                    Some(what) => Reason::SetByZoom {
                        what: what.to_owned(),
                    },
                    None => Reason::Unrecognised,
                },
            });
        }
    }
    for (target, mut claims) in candidates {
        let forced_column = forced
            .iter()
            .find(|(_, forced_target)| forced_target.as_ref() == Some(&target))
            .map(|(index, _)| *index);
        claims.sort_by_key(|(rank, _)| std::cmp::Reverse(*rank));
        let winner = forced_column.unwrap_or(claims[0].1);
        for (_, index) in claims {
            if index != winner {
                columns[index].target = None;
                columns[index].reason = Reason::SetAside {
                    used_column: winner,
                };
            }
        }
    }
    whole_name_when_the_other_half_is_missing(&mut columns);
    set_aside_full_name_when_split_columns_exist(&mut columns);
    Ok(Mapping { columns })
}

/// How strongly a column claims a target; compared field by field, higher wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    confidence: ClaimStrength,
    fitness: usize,
    leftmost: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ClaimStrength {
    Keyword,
    Buyer,
    Alias,
    QuestionTitle,
}

fn guess_column(
    header: &str,
    question_titles: &[String],
) -> Option<(Target, Reason, ClaimStrength)> {
    let guess = guess_header(header);
    let identity_alias = guess.filter(|guess| {
        guess.confidence == Confidence::Alias
            && matches!(
                guess.target,
                HeaderTarget::FullName
                    | HeaderTarget::Field(
                        StandardField::Email | StandardField::FirstName | StandardField::LastName
                    )
            )
    });
    // A meeting's own question titled like the header wins, except over the identity fields:
    // a question called "Email" is almost certainly a mistake in the meeting, not in the file.
    if identity_alias.is_none()
        && let Some(title) = find_question(header, question_titles)
    {
        return Some((
            Target::Question(title.to_owned()),
            Reason::QuestionTitle,
            ClaimStrength::QuestionTitle,
        ));
    }
    let guess = guess?;
    let target = match guess.target {
        HeaderTarget::Field(field) => Target::Field(field),
        HeaderTarget::FullName => Target::FullName,
    };
    let (reason, strength) = match guess.confidence {
        Confidence::Alias => (Reason::Alias, ClaimStrength::Alias),
        Confidence::Buyer => (Reason::BuyerColumn, ClaimStrength::Buyer),
        Confidence::Keyword => (Reason::Keyword, ClaimStrength::Keyword),
    };
    Some((target, reason, strength))
}

/// The meeting's spelling of the question whose title matches, ignoring case, spaces and
/// punctuation ("How did you hear about us" = "How did you hear about us?").
fn find_question<'a>(text: &str, question_titles: &'a [String]) -> Option<&'a str> {
    let wanted = squash(text);
    if wanted.is_empty() {
        return None;
    }
    question_titles
        .iter()
        .find(|title| squash(title) == wanted)
        .map(String::as_str)
}

/// How well a column's values fit a target: for email, how many are addresses; otherwise how many
/// are filled in. Breaks ties between equally telling headers.
fn fitness(table: &Table, index: usize, target: &Target) -> usize {
    let values = table
        .rows
        .iter()
        .map(|row| row.cell(index))
        .filter(|value| !value.is_empty());
    match target {
        Target::Field(StandardField::Email) => values.filter(|v| is_valid_email(v)).count(),
        _ => values.count(),
    }
}

/// With separate first- and last-name columns, a whole-name column is redundant.
/// "Nom" alone (no "Prénom"), "Nombre" or "Nome" alone (no surname column), and no column of
/// the whole name: the column holds the whole name, split as a full name is. Beside its other
/// half it stays that half.
fn whole_name_when_the_other_half_is_missing(columns: &mut [ColumnUse]) {
    let targets = |target: &Target| columns.iter().any(|c| c.target.as_ref() == Some(target));
    if targets(&Target::FullName) {
        return;
    }
    let first = targets(&Target::Field(StandardField::FirstName));
    let last = targets(&Target::Field(StandardField::LastName));
    if first == last {
        return;
    }
    for column in columns.iter_mut() {
        let half = column.target.as_ref().is_some_and(|target| {
            matches!(
                target,
                Target::Field(StandardField::FirstName | StandardField::LastName)
            )
        });
        if half
            && column.reason == Reason::Alias
            && crate::registrant_fields::catalogue::may_be_the_whole_name(&column.header)
        {
            column.target = Some(Target::FullName);
        }
    }
}

fn set_aside_full_name_when_split_columns_exist(columns: &mut [ColumnUse]) {
    let first_name = columns
        .iter()
        .find(|c| c.target == Some(Target::Field(StandardField::FirstName)))
        .map(|c| c.index);
    let Some(first_name) = first_name else {
        return;
    };
    for column in columns.iter_mut() {
        if column.target == Some(Target::FullName) && column.reason != Reason::Override {
            column.target = None;
            column.reason = Reason::SetAside {
                used_column: first_name,
            };
        }
    }
}

/// `--map` arguments resolved to column → target (`None` = ignore).
fn parse_overrides(
    table: &Table,
    question_titles: &[String],
    overrides: &[String],
) -> Result<BTreeMap<usize, Option<Target>>, MappingError> {
    let mut forced: BTreeMap<usize, Option<Target>> = BTreeMap::new();
    for argument in overrides {
        if !argument.contains('=') {
            return Err(MappingError::Syntax {
                argument: argument.clone(),
            });
        }
        // A header may itself contain '=': use the first split whose left side names a column.
        let split = argument
            .match_indices('=')
            .map(|(at, _)| (&argument[..at], &argument[at + 1..]))
            .find_map(|(column, field)| find_column(table, column).map(|index| (index, field)));
        let Some((index, field)) = split else {
            let column = argument.split('=').next().unwrap_or_default().to_owned();
            return Err(MappingError::UnknownColumn {
                argument: argument.clone(),
                column,
                columns: list_columns(table),
            });
        };
        let target = parse_field(field, question_titles).ok_or_else(|| {
            let questions = if question_titles.is_empty() {
                " (it has none)".to_owned()
            } else {
                format!(
                    " ({})",
                    question_titles
                        .iter()
                        .map(|t| format!("{t:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            MappingError::UnknownField {
                argument: argument.clone(),
                field: field.trim().to_owned(),
                fields: field_names(),
                questions,
            }
        })?;
        if forced.insert(index, target.clone()).is_some() {
            return Err(MappingError::ColumnTwice {
                column: table.column_label(index),
            });
        }
        if let Some(target) = target
            && let Some((&other, _)) = forced
                .iter()
                .find(|(i, t)| **i != index && t.as_ref() == Some(&target))
        {
            return Err(MappingError::TargetTwice {
                first: table.column_label(other),
                second: table.column_label(index),
                target: target.to_string(),
            });
        }
    }
    Ok(forced)
}

fn find_column(table: &Table, name: &str) -> Option<usize> {
    let name = name.trim();
    table
        .headers
        .iter()
        .position(|header| header == name)
        .or_else(|| {
            table
                .headers
                .iter()
                .position(|header| header.eq_ignore_ascii_case(name))
        })
        .or_else(|| {
            let wanted = squash(name);
            (!wanted.is_empty())
                .then(|| table.headers.iter().position(|h| squash(h) == wanted))
                .flatten()
        })
}

/// A `--map` FIELD: `ignore`, an API field name, a question title, or a known spelling of a field.
/// Question titles come before spellings so that a question called "Company" can be chosen.
fn parse_field(field: &str, question_titles: &[String]) -> Option<Option<Target>> {
    let field = field.trim();
    if field.eq_ignore_ascii_case("ignore") {
        return Some(None);
    }
    let lowered = field.to_ascii_lowercase();
    if let Some(standard) = StandardField::from_api_name(&lowered) {
        return Some(Some(Target::Field(standard)));
    }
    if matches!(lowered.as_str(), "name" | "full_name" | "fullname") {
        return Some(Some(Target::FullName));
    }
    if let Some(title) = find_question(field, question_titles) {
        return Some(Some(Target::Question(title.to_owned())));
    }
    guess_header(field)
        .filter(|guess| guess.confidence == Confidence::Alias)
        .map(|guess| {
            Some(match guess.target {
                HeaderTarget::Field(standard) => Target::Field(standard),
                HeaderTarget::FullName => Target::FullName,
            })
        })
}

fn list_columns(table: &Table) -> String {
    (0..table.headers.len())
        .map(|index| table.column_label(index))
        .collect::<Vec<_>>()
        .join(", ")
}

fn field_names() -> String {
    let mut names: Vec<&str> = StandardField::ALL.iter().map(|f| f.api_name()).collect();
    names.push("name");
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::read::read_table;

    fn table(text: &str) -> Table {
        read_table(text.as_bytes()).unwrap()
    }

    fn targets(mapping: &Mapping) -> Vec<Option<Target>> {
        mapping.columns.iter().map(|c| c.target.clone()).collect()
    }

    fn field(standard: StandardField) -> Option<Target> {
        Some(Target::Field(standard))
    }

    #[test]
    fn zooms_own_format_maps_directly() {
        let mapping = resolve(
            &table("email,first_name,last_name\na@x.org,Ann,Lee\n"),
            &[],
            &[],
        )
        .unwrap();
        assert_eq!(
            targets(&mapping),
            vec![
                field(StandardField::Email),
                field(StandardField::FirstName),
                field(StandardField::LastName)
            ]
        );
    }

    /// A file `regdesk export` wrote imports back: its fields and questions map, and the columns
    /// Zoom sets (ID, status, registration time, join link, PIN) say so instead of "unknown".
    #[test]
    fn an_exports_zoom_set_columns_are_named_as_such_and_its_fields_map() {
        let mapping = resolve(
            &table(
                "id,email,first_name,last_name,status,create_time,join_url,org,language,participant_pin_code,Dietary needs,Shoe size\n\
                 r1,a@x.org,Ann,Lee,approved,2026-11-01T09:00:00Z,https://zoom.us/w/1,Acme,en-US,123,none,42\n",
            ),
            &["Dietary needs".to_owned()],
            &[],
        )
        .unwrap();
        let reasons: Vec<(&str, &Reason)> = mapping
            .columns
            .iter()
            .map(|column| (column.header.as_str(), &column.reason))
            .collect();
        for (header, what) in [
            ("id", "the registrant's ID"),
            ("status", "the approval status"),
            ("create_time", "the registration time"),
            ("join_url", "the join link"),
            ("participant_pin_code", "the participant PIN"),
        ] {
            assert!(
                reasons.contains(&(
                    header,
                    &Reason::SetByZoom {
                        what: what.to_owned()
                    }
                )),
                "{header}: {reasons:?}"
            );
        }
        assert!(reasons.contains(&("Shoe size", &Reason::Unrecognised)));
        for (header, target) in [
            ("email", field(StandardField::Email)),
            ("org", field(StandardField::Org)),
            ("language", field(StandardField::Language)),
            (
                "Dietary needs",
                Some(Target::Question("Dietary needs".to_owned())),
            ),
        ] {
            let column = mapping
                .columns
                .iter()
                .find(|column| column.header == header)
                .unwrap();
            assert_eq!(column.target, target, "{header}");
        }
    }

    /// "Nom" beside "Prénom" is the family name; alone it is the whole name, split (so the
    /// required first name is there). "Nombre" and "Nome" alike, for the given name.
    #[test]
    fn a_name_header_that_names_half_beside_its_other_half_names_the_whole_alone() {
        let target_of = |text: &str, header: &str| {
            let mapping = resolve(&table(text), &[], &[]).unwrap();
            mapping
                .columns
                .iter()
                .find(|column| column.header == header)
                .and_then(|column| column.target.clone())
        };
        assert_eq!(
            target_of("Nom,Prénom,Courriel\nDupont,Ann,a@x.org\n", "Nom"),
            field(StandardField::LastName)
        );
        assert_eq!(
            target_of("Nom,Courriel\nAnn Dupont,a@x.org\n", "Nom"),
            Some(Target::FullName)
        );
        assert_eq!(
            target_of("Nombre,Apellidos,Email\nAna,García,a@x.org\n", "Nombre"),
            field(StandardField::FirstName)
        );
        assert_eq!(
            target_of("Nombre,Email\nAna García,a@x.org\n", "Nombre"),
            Some(Target::FullName)
        );
        assert_eq!(
            target_of("Nome,E-mail\nJoão Silva,a@x.org\n", "Nome"),
            Some(Target::FullName)
        );
        assert_eq!(
            target_of("Nome,Cognome,Email\nGiulia,Rossi,a@x.org\n", "Nome"),
            field(StandardField::FirstName)
        );
        // Unambiguous halves stay halves: "Vorname" alone is still the first name.
        assert_eq!(
            target_of("Vorname,E-Mail\nAnn,a@x.org\n", "Vorname"),
            field(StandardField::FirstName)
        );
    }

    #[test]
    fn eventbrite_attendee_columns_beat_buyer_columns() {
        let text = "Order #,Buyer First Name,Buyer Last Name,Buyer Email,First Name,Last Name,Email,Company\n\
                    1,Bob,Buyer,bob@x.org,Ann,Lee,ann@x.org,Acme\n";
        let mapping = resolve(&table(text), &[], &[]).unwrap();
        assert_eq!(
            mapping.column_for(&Target::Field(StandardField::Email)),
            Some(6)
        );
        assert_eq!(
            mapping.column_for(&Target::Field(StandardField::FirstName)),
            Some(4)
        );
        assert_eq!(
            mapping.columns[3].reason,
            Reason::SetAside { used_column: 6 }
        );
        assert_eq!(mapping.columns[0].reason, Reason::Unrecognised);
        assert_eq!(mapping.columns[7].target, field(StandardField::Org));
    }

    #[test]
    fn the_column_with_real_addresses_wins_a_tie() {
        // Microsoft Forms: the responder's "Email" is "anonymous" for open forms.
        let text = "ID,Email,Name,Email address,Full name\n\
                    1,anonymous,,ann@x.org,Ann Lee\n\
                    2,anonymous,,bo@x.org,Bo Li\n";
        let mapping = resolve(&table(text), &[], &[]).unwrap();
        assert_eq!(
            mapping.column_for(&Target::Field(StandardField::Email)),
            Some(3)
        );
        assert_eq!(mapping.column_for(&Target::FullName), Some(4));
    }

    #[test]
    fn questions_match_by_normalized_title() {
        let titles = vec![
            "How did you hear about us?".to_owned(),
            "Company".to_owned(),
        ];
        let text = "Email,First Name,how did you hear about us,Company\na@x.org,Ann,Radio,Acme\n";
        let mapping = resolve(&table(text), &titles, &[]).unwrap();
        assert_eq!(
            mapping.columns[2].target,
            Some(Target::Question("How did you hear about us?".to_owned()))
        );
        assert_eq!(
            mapping.columns[3].target,
            Some(Target::Question("Company".to_owned()))
        );
    }

    #[test]
    fn a_name_column_is_set_aside_when_first_name_exists() {
        let mapping = resolve(
            &table("Name,First Name,Email\nAnn Lee,Ann,a@x.org\n"),
            &[],
            &[],
        )
        .unwrap();
        assert_eq!(mapping.columns[0].target, None);
        assert_eq!(mapping.column_for(&Target::FullName), None);
    }

    #[test]
    fn overrides_win_and_can_ignore() {
        let titles = vec!["Dietary needs".to_owned()];
        let text = "Mail,Vorname,Notes,Contact\na@x.org,Ann,veg,b@x.org\n";
        let mapping = resolve(
            &table(text),
            &titles,
            &[
                "Contact=email".to_owned(),
                "Notes=dietary needs".to_owned(),
                "mail=ignore".to_owned(),
            ],
        )
        .unwrap();
        assert_eq!(mapping.columns[0].target, None);
        assert_eq!(mapping.columns[0].reason, Reason::Ignored);
        assert_eq!(mapping.columns[1].target, field(StandardField::FirstName));
        assert_eq!(
            mapping.columns[2].target,
            Some(Target::Question("Dietary needs".to_owned()))
        );
        assert_eq!(mapping.columns[3].target, field(StandardField::Email));
        assert_eq!(mapping.columns[3].reason, Reason::Override);
    }

    #[test]
    fn an_override_sets_aside_the_automatic_choice() {
        let text = "Email,Work email\na@x.org,b@x.org\n";
        let mapping = resolve(&table(text), &[], &["Work email=email".to_owned()]).unwrap();
        assert_eq!(
            mapping.column_for(&Target::Field(StandardField::Email)),
            Some(1)
        );
        assert_eq!(
            mapping.columns[0].reason,
            Reason::SetAside { used_column: 1 }
        );
    }

    #[test]
    fn bad_overrides_are_usage_errors_naming_the_culprit() {
        let t = table("Email,First Name\na@x.org,Ann\n");
        let err = resolve(&t, &[], &["Mail Address=email".to_owned()]).unwrap_err();
        assert!(
            matches!(&err, MappingError::UnknownColumn { column, .. } if column == "Mail Address")
        );
        assert!(err.to_string().contains("\"Email\", \"First Name\""));
        let err = resolve(&t, &[], &["Email=favourite colour".to_owned()]).unwrap_err();
        assert!(
            matches!(&err, MappingError::UnknownField { field, .. } if field == "favourite colour")
        );
        let err = resolve(&t, &[], &["Email".to_owned()]).unwrap_err();
        assert!(matches!(err, MappingError::Syntax { .. }));
        let err = resolve(
            &t,
            &[],
            &["Email=email".to_owned(), "First Name=email".to_owned()],
        )
        .unwrap_err();
        assert!(matches!(err, MappingError::TargetTwice { .. }));
    }

    #[test]
    fn a_header_containing_equals_can_be_mapped() {
        let t = table("a=b,Email\nx,a@x.org\n");
        let mapping = resolve(&t, &[], &["a=b=first_name".to_owned()]).unwrap();
        assert_eq!(mapping.columns[0].target, field(StandardField::FirstName));
    }
}
