//! The one way a person's values become a registrant: what the meeting asks
//! ([`RegistrationForm`]), the values a front end collected ([`PersonValues`]), and
//! [`build_person`], which returns the [`Person`] Zoom will receive or every problem named by its
//! field. `regdesk add`, the TUI's add form and the import all call it, so the same values give
//! the same registrant, or the same problem in the same words, everywhere.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::catalogue::{StandardField, canonical_enum_value, is_valid_email, squash};
use super::countries::country_code;
use crate::zoom::{CustomAnswer, CustomQuestionType, NewRegistrant, Questions};

/// Zoom's limit for a custom question's answer.
pub const ANSWER_MAX_LEN: usize = 128;

/// What the meeting asks of a registrant, as validation needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationForm {
    /// Standard fields the meeting requires besides email and first name.
    pub required_fields: BTreeSet<StandardField>,
    pub questions: Vec<FormQuestion>,
}

/// A custom question of the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormQuestion {
    pub title: String,
    pub required: bool,
    pub answers: AnswerKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnswerKind {
    FreeText,
    /// One of these choices.
    OneOf(Vec<String>),
    /// Any of these choices, several separated by `;` or `,`.
    AnyOf(Vec<String>),
}

impl RegistrationForm {
    /// What the meeting's registration questions demand.
    pub fn from_questions(questions: &Questions) -> RegistrationForm {
        RegistrationForm {
            required_fields: questions
                .questions
                .iter()
                .filter(|question| question.required)
                .filter_map(|question| StandardField::from_api_name(question.field_name.as_str()))
                .collect(),
            questions: questions
                .custom_questions
                .iter()
                .map(|question| FormQuestion {
                    title: question.title.clone(),
                    required: question.required,
                    answers: match question.kind {
                        CustomQuestionType::Multiple => AnswerKind::AnyOf(question.answers.clone()),
                        ref kind if kind.is_choice() && !question.answers.is_empty() => {
                            AnswerKind::OneOf(question.answers.clone())
                        }
                        _ => AnswerKind::FreeText,
                    },
                })
                .collect(),
        }
    }

    pub fn question_titles(&self) -> Vec<String> {
        self.questions.iter().map(|q| q.title.clone()).collect()
    }

    /// The question with this title (ignoring case and surrounding spaces).
    pub fn question(&self, title: &str) -> Option<&FormQuestion> {
        self.questions
            .iter()
            .find(|question| question.title.trim().eq_ignore_ascii_case(title.trim()))
    }
}

/// A valid person as Zoom will receive them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub email: String,
    pub first_name: String,
    pub last_name: Option<String>,
    /// Other standard fields, in Zoom's spelling, in field order (a list, not a map: one map
    /// node per person costs hundreds of bytes, times a million rows).
    pub fields: Vec<(StandardField, String)>,
    /// Custom question answers by the meeting's title.
    pub answers: Vec<(String, String)>,
}

impl Person {
    /// Only email and names: the person can go in a batch-registration call.
    pub fn batchable(&self) -> bool {
        self.fields.is_empty() && self.answers.is_empty()
    }

    /// The value of a standard field, if the person has one.
    pub fn field(&self, field: &StandardField) -> Option<&str> {
        self.fields
            .iter()
            .find(|(each, _)| each == field)
            .map(|(_, value)| value.as_str())
    }

    /// The key duplicates and existing registrants are matched by.
    pub fn email_key(&self) -> String {
        self.email.to_lowercase()
    }

    /// The client's add-registrant body for this person.
    pub fn to_new_registrant(&self) -> NewRegistrant {
        let mut registrant = NewRegistrant::new(&self.email, &self.first_name);
        if let Some(last) = &self.last_name {
            registrant
                .fields
                .set(&crate::zoom::QuestionField::LastName, last.clone());
        }
        for (field, value) in &self.fields {
            match field.to_zoom() {
                Some(zoom_field) => {
                    registrant.fields.set(&zoom_field, value.clone());
                }
                None => {
                    if *field == StandardField::Language {
                        registrant.language = Some(value.clone());
                    }
                }
            }
        }
        registrant.custom_questions = self
            .answers
            .iter()
            .map(|(title, value)| CustomAnswer {
                title: title.clone(),
                value: value.clone(),
            })
            .collect();
        registrant
    }
}

/// The values a front end collected for one person, as typed (trimming is done here). An empty
/// value and a field left out mean the same: not given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonValues {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// Other standard fields (email, first and last name here are ignored: use the fields above).
    pub fields: Vec<(StandardField, String)>,
    /// Answers by question title (matched to the meeting's titles ignoring case).
    pub answers: Vec<(String, String)>,
}

/// The field a problem is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FieldName {
    Standard(StandardField),
    /// A custom question, by the meeting's title.
    Question(String),
}

impl fmt::Display for FieldName {
    /// `email`, `job_title`, `question "Dietary needs"`: how reports and errors name a field.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldName::Standard(field) => f.write_str(field.api_name()),
            FieldName::Question(title) => write!(f, "question \"{title}\""),
        }
    }
}

/// Why one value cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: FieldName,
    pub message: String,
}

impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// The message for a value the meeting requires but nobody gave.
pub const REQUIRED_MISSING: &str = "is missing (the meeting requires it)";
/// The message for an empty email or first name, which every registrant needs.
pub const MISSING: &str = "is missing";

/// The person these values describe, checked against what the meeting asks; or every problem,
/// each named by its field, in field order (email, names, standard fields as given, questions in
/// the meeting's order, then required fields that were not given at all).
pub fn build_person(
    values: &PersonValues,
    form: &RegistrationForm,
) -> Result<Person, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut flag = |field: FieldName, message: String| {
        problems.push(FieldProblem { field, message });
    };

    let email = values
        .email
        .trim()
        .trim_start_matches("mailto:")
        .trim()
        .to_owned();
    if let Err(message) = check_email(&email) {
        flag(FieldName::Standard(StandardField::Email), message);
    }
    let first_name = values.first_name.trim().to_owned();
    if let Err(message) = check_name(StandardField::FirstName, &first_name, true) {
        flag(FieldName::Standard(StandardField::FirstName), message);
    }
    let last_name = values.last_name.trim().to_owned();
    let last_required = form.required_fields.contains(&StandardField::LastName);
    if let Err(message) = check_name(StandardField::LastName, &last_name, last_required) {
        flag(FieldName::Standard(StandardField::LastName), message);
    }

    let mut fields: Vec<(StandardField, String)> = Vec::new();
    for (field, raw) in &values.fields {
        if is_name_or_email(*field) || fields.iter().any(|(seen, _)| seen == field) {
            continue;
        }
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        match normalize_field(*field, raw) {
            Ok(value) => fields.push((*field, value)),
            Err(message) => flag(FieldName::Standard(*field), message),
        }
    }
    fields.sort_by_key(|(field, _)| *field);

    let mut answers = Vec::new();
    for question in &form.questions {
        let raw = values
            .answers
            .iter()
            .find(|(title, _)| title.trim().eq_ignore_ascii_case(question.title.trim()))
            .map_or("", |(_, value)| value.trim());
        let name = || FieldName::Question(question.title.clone());
        if raw.is_empty() {
            if question.required {
                flag(name(), REQUIRED_MISSING.to_owned());
            }
            continue;
        }
        match normalize_answer(&question.answers, raw) {
            Ok(answer) => answers.push((question.title.clone(), answer)),
            Err(message) => flag(name(), message),
        }
    }
    for (title, _) in &values.answers {
        if form.question(title).is_none() {
            flag(
                FieldName::Question(title.clone()),
                "is not a question of this meeting".to_owned(),
            );
        }
    }

    for field in &form.required_fields {
        let given = values
            .fields
            .iter()
            .any(|(each, value)| each == field && !value.trim().is_empty());
        if !is_name_or_email(*field) && !given {
            flag(FieldName::Standard(*field), REQUIRED_MISSING.to_owned());
        }
    }

    if !problems.is_empty() {
        problems.sort_by_key(|problem| problem_order(&problem.field, values, form));
        return Err(problems);
    }
    Ok(Person {
        email,
        first_name,
        last_name: (!last_name.is_empty()).then_some(last_name),
        fields,
        answers,
    })
}

/// Email, names, standard fields in the order they were given, questions in the meeting's order.
fn problem_order(field: &FieldName, values: &PersonValues, form: &RegistrationForm) -> usize {
    match field {
        FieldName::Standard(StandardField::Email) => 0,
        FieldName::Standard(StandardField::FirstName) => 1,
        FieldName::Standard(StandardField::LastName) => 2,
        FieldName::Standard(field) => {
            3 + values
                .fields
                .iter()
                .position(|(each, _)| each == field)
                .unwrap_or(values.fields.len() + *field as usize)
        }
        FieldName::Question(title) => {
            10_000
                + form
                    .questions
                    .iter()
                    .position(|question| question.title.eq_ignore_ascii_case(title))
                    .unwrap_or(form.questions.len())
        }
    }
}

fn is_name_or_email(field: StandardField) -> bool {
    matches!(
        field,
        StandardField::Email | StandardField::FirstName | StandardField::LastName
    )
}

/// Whether Zoom takes this as a registrant's email (empty: missing).
pub fn check_email(email: &str) -> Result<(), String> {
    let limit = StandardField::Email.max_len().unwrap_or(usize::MAX);
    if email.is_empty() {
        Err(MISSING.to_owned())
    } else if email.chars().count() > limit {
        Err(too_long(limit))
    } else if !is_valid_email(email) {
        Err(format!("{email:?} is not an email address"))
    } else {
        Ok(())
    }
}

/// Whether Zoom takes this first or last name; an empty one is a problem when `required`.
pub fn check_name(field: StandardField, name: &str, required: bool) -> Result<(), String> {
    let limit = field.max_len().unwrap_or(usize::MAX);
    if name.chars().count() > limit {
        Err(too_long(limit))
    } else if name.is_empty() && required {
        Err(match field {
            StandardField::FirstName => MISSING.to_owned(),
            _ => REQUIRED_MISSING.to_owned(),
        })
    } else {
        Ok(())
    }
}

fn too_long(limit: usize) -> String {
    format!("is longer than Zoom's {limit} characters")
}

/// A standard field's value in the form Zoom accepts (countries as two-letter codes, enums in
/// Zoom's spelling), or why it cannot be sent.
pub fn normalize_field(field: StandardField, raw: &str) -> Result<String, String> {
    if field == StandardField::Country {
        return country_code(raw)
            .map(str::to_owned)
            .ok_or_else(|| format!("{raw:?} is not a country: a name (Germany) or code (DE)"));
    }
    if let Some(allowed) = field.allowed_values() {
        return canonical_enum_value(field, raw)
            .map(str::to_owned)
            .ok_or_else(|| {
                format!(
                    "{raw:?} is not one of Zoom's values: {}",
                    allowed.join(" | ")
                )
            });
    }
    if let Some(max) = field.max_len()
        && raw.chars().count() > max
    {
        return Err(too_long(max));
    }
    Ok(raw.to_owned())
}

/// A custom answer in the meeting's spelling of its choices, or why it does not fit.
pub fn normalize_answer(kind: &AnswerKind, raw: &str) -> Result<String, String> {
    let answer = choose_answer(kind, raw)?;
    if answer.chars().count() > ANSWER_MAX_LEN {
        return Err(too_long(ANSWER_MAX_LEN));
    }
    Ok(answer)
}

fn choose_answer(kind: &AnswerKind, raw: &str) -> Result<String, String> {
    let pick = |choices: &[String], wanted: &str| -> Option<String> {
        let wanted_trimmed = wanted.trim();
        choices
            .iter()
            .find(|choice| choice.trim().eq_ignore_ascii_case(wanted_trimmed))
            .or_else(|| {
                let squashed = squash(wanted_trimmed);
                choices.iter().find(|choice| squash(choice) == squashed)
            })
            .cloned()
    };
    let list = |choices: &[String]| {
        choices
            .iter()
            .map(|c| format!("{c:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match kind {
        AnswerKind::FreeText => Ok(raw.to_owned()),
        AnswerKind::OneOf(choices) => pick(choices, raw)
            .ok_or_else(|| format!("{raw:?} is not one of the choices: {}", list(choices))),
        AnswerKind::AnyOf(choices) => {
            if let Some(whole) = pick(choices, raw) {
                return Ok(whole);
            }
            let separator = if raw.contains(';') { ';' } else { ',' };
            let mut picked = Vec::new();
            for part in raw.split(separator).filter(|p| !p.trim().is_empty()) {
                match pick(choices, part) {
                    Some(choice) => picked.push(choice),
                    None => {
                        return Err(format!(
                            "{:?} is not one of the choices: {}",
                            part.trim(),
                            list(choices)
                        ));
                    }
                }
            }
            Ok(picked.join(&format!("{separator} ")))
        }
    }
}

/// "First Last", or the first name alone when there is no last name.
pub fn full_name(first_name: &str, last_name: Option<&str>) -> String {
    match last_name.map(str::trim) {
        Some(last) if !last.is_empty() => format!("{} {last}", first_name.trim()),
        _ => first_name.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> PersonValues {
        PersonValues {
            email: " ann@example.com ".to_owned(),
            first_name: "Ann".to_owned(),
            last_name: "Lee".to_owned(),
            fields: Vec::new(),
            answers: Vec::new(),
        }
    }

    fn form() -> RegistrationForm {
        RegistrationForm {
            required_fields: BTreeSet::from([StandardField::Org]),
            questions: vec![
                FormQuestion {
                    title: "Track".to_owned(),
                    required: true,
                    answers: AnswerKind::OneOf(vec!["Beginner".to_owned(), "Advanced".to_owned()]),
                },
                FormQuestion {
                    title: "Sessions".to_owned(),
                    required: false,
                    answers: AnswerKind::AnyOf(vec!["Talks".to_owned(), "Workshops".to_owned()]),
                },
            ],
        }
    }

    fn problems(values: &PersonValues, form: &RegistrationForm) -> Vec<(String, String)> {
        build_person(values, form)
            .expect_err("should be refused")
            .into_iter()
            .map(|problem| (problem.field.to_string(), problem.message))
            .collect()
    }

    #[test]
    fn clean_values_become_the_person_zoom_receives() {
        let mut given = values();
        given.fields = vec![
            (StandardField::Country, "Germany".to_owned()),
            (StandardField::Org, "Northwind".to_owned()),
            (StandardField::NoOfEmployees, "500-1000".to_owned()),
            (StandardField::Language, "DE-de".to_owned()),
        ];
        given.answers = vec![
            ("track".to_owned(), "advanced".to_owned()),
            ("Sessions".to_owned(), "talks, WORKSHOPS".to_owned()),
        ];
        let person = build_person(&given, &form()).expect("valid");
        assert_eq!(person.email, "ann@example.com");
        assert_eq!(person.field(&StandardField::Country), Some("DE"));
        assert_eq!(
            person.field(&StandardField::NoOfEmployees),
            Some("500-1,000")
        );
        assert_eq!(
            person.answers,
            vec![
                ("Track".to_owned(), "Advanced".to_owned()),
                ("Sessions".to_owned(), "Talks, Workshops".to_owned()),
            ]
        );
        let registrant = person.to_new_registrant();
        assert_eq!(registrant.fields.country.as_deref(), Some("DE"));
        assert_eq!(registrant.fields.last_name.as_deref(), Some("Lee"));
        assert_eq!(registrant.language.as_deref(), Some("de-DE"));
        assert_eq!(registrant.custom_answer("track"), Some("Advanced"));
    }

    #[test]
    fn every_problem_is_named_by_its_field_in_form_order() {
        let given = PersonValues {
            email: "ann@".to_owned(),
            first_name: String::new(),
            last_name: "x".repeat(65),
            fields: vec![
                (StandardField::Country, "Atlantis".to_owned()),
                (StandardField::PurchasingTimeFrame, "someday".to_owned()),
            ],
            answers: vec![
                ("Sessions".to_owned(), "talks; dinner".to_owned()),
                ("Shoe size".to_owned(), "42".to_owned()),
            ],
        };
        assert_eq!(
            problems(&given, &form()),
            vec![
                (
                    "email".to_owned(),
                    "\"ann@\" is not an email address".to_owned()
                ),
                ("first_name".to_owned(), "is missing".to_owned()),
                (
                    "last_name".to_owned(),
                    "is longer than Zoom's 64 characters".to_owned()
                ),
                (
                    "country".to_owned(),
                    "\"Atlantis\" is not a country: a name (Germany) or code (DE)".to_owned()
                ),
                (
                    "purchasing_time_frame".to_owned(),
                    "\"someday\" is not one of Zoom's values: Within a month | 1-3 months | 4-6 months | More than 6 months | No timeframe".to_owned()
                ),
                ("org".to_owned(), REQUIRED_MISSING.to_owned()),
                ("question \"Track\"".to_owned(), REQUIRED_MISSING.to_owned()),
                (
                    "question \"Sessions\"".to_owned(),
                    "\"dinner\" is not one of the choices: \"Talks\", \"Workshops\"".to_owned()
                ),
                (
                    "question \"Shoe size\"".to_owned(),
                    "is not a question of this meeting".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn limits_follow_zoom() {
        let mut given = values();
        given.email = format!("{}@example.com", "a".repeat(120));
        let plain = RegistrationForm {
            questions: vec![FormQuestion {
                title: "Why".to_owned(),
                required: false,
                answers: AnswerKind::FreeText,
            }],
            ..RegistrationForm::default()
        };
        given.answers = vec![("Why".to_owned(), "y".repeat(129))];
        assert_eq!(
            problems(&given, &plain),
            vec![
                (
                    "email".to_owned(),
                    "is longer than Zoom's 128 characters".to_owned()
                ),
                (
                    "question \"Why\"".to_owned(),
                    "is longer than Zoom's 128 characters".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn a_required_last_name_must_be_given_and_empty_fields_are_not_sent() {
        let mut given = values();
        given.last_name = "  ".to_owned();
        given.fields = vec![(StandardField::City, " ".to_owned())];
        let form = RegistrationForm {
            required_fields: BTreeSet::from([StandardField::LastName]),
            ..RegistrationForm::default()
        };
        assert_eq!(
            problems(&given, &form),
            vec![("last_name".to_owned(), REQUIRED_MISSING.to_owned())]
        );
        let person = build_person(&given, &RegistrationForm::default()).expect("valid");
        assert_eq!(person.last_name, None);
        assert!(person.batchable(), "{person:?}");
    }

    #[test]
    fn the_full_name_leaves_out_a_missing_last_name() {
        assert_eq!(full_name("Ann", Some("Lee")), "Ann Lee");
        assert_eq!(full_name("Ann", Some(" ")), "Ann");
        assert_eq!(full_name("Ann", None), "Ann");
    }
}
