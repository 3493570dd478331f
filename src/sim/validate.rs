//! Zoom's validation of registration data: the JSON-body rule, field types and lengths, email
//! syntax, the enums of the OpenAPI file, 2-letter countries, and the meeting's own required
//! questions. Problems are collected into one 300 "Validation Failed." with every bad field.

use std::collections::BTreeMap;

use email_address::{EmailAddress, Options};
use serde_json::{Map, Value};

use super::errors::{ApiError, ApiResult, FieldError};
use super::world::{CustomQuestion, Event, EventKind, Person, Question, STANDARD_FIELDS};

/// `field_name`s a registration question may have (the OpenAPI enum).
pub(crate) const QUESTION_FIELDS: [&str; 14] = [
    "last_name",
    "address",
    "city",
    "country",
    "zip",
    "state",
    "phone",
    "industry",
    "org",
    "job_title",
    "purchasing_time_frame",
    "role_in_purchase_process",
    "no_of_employees",
    "comments",
];

/// The add-registrant request enums (the response enum of `no_of_employees` differs; Zoom's
/// inconsistency, kept: requests are checked against the request enum).
const NO_OF_EMPLOYEES: [&str; 9] = [
    "",
    "1-20",
    "21-50",
    "51-100",
    "101-500",
    "500-1,000",
    "1,001-5,000",
    "5,001-10,000",
    "More than 10,000",
];
const PURCHASING_TIME_FRAME: [&str; 6] = [
    "",
    "Within a month",
    "1-3 months",
    "4-6 months",
    "More than 6 months",
    "No timeframe",
];
const ROLE_IN_PURCHASE_PROCESS: [&str; 5] = [
    "",
    "Decision Maker",
    "Evaluator/Recommender",
    "Influencer",
    "Not involved",
];
const LANGUAGES: [&str; 14] = [
    "en-US", "de-DE", "es-ES", "fr-FR", "jp-JP", "pt-PT", "ru-RU", "zh-CN", "zh-TW", "ko-KO",
    "it-IT", "vi-VN", "pl-PL", "Tr-TR",
];

/// ISO 3166-1 alpha-2 codes, plus XK (Kosovo), which Zoom's country list carries.
pub(crate) const COUNTRY_CODES: [&str; 250] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW",
];

const EMAIL_MAX: usize = 128;
const NAME_MAX: usize = 64;
const ANSWER_MAX: usize = 128;
/// Registrants per batch-registration or status call.
pub(crate) const MAX_PER_CALL: usize = 30;

pub(crate) fn custom_question_types(kind: EventKind) -> &'static [&'static str] {
    match kind {
        EventKind::Meeting => &["short", "single"],
        EventKind::Webinar => &["short", "single_radio", "single_dropdown", "multiple"],
    }
}

/// The body of a request that must be a JSON object sent as `application/json`. Anything else
/// (an empty body, a form, fields in the query string) is Zoom's 300 "Request Body should be a
/// valid JSON object.".
pub(crate) fn json_object_body(
    content_type: Option<&str>,
    body: &[u8],
) -> ApiResult<Map<String, Value>> {
    let is_json = content_type
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(ApiError::body_not_json());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(ApiError::body_not_json()),
    }
}

/// A registrant as an add-registrant request describes it, after validation.
#[derive(Debug, Clone)]
pub(crate) struct NewRegistrant {
    pub person: Person,
    pub auto_approve: bool,
}

/// The `email` of an add request, if it is a string: the per-registrant daily limit is charged by
/// it before the rest of the body is judged.
pub(crate) fn email_of(body: &Map<String, Value>) -> Option<&str> {
    body.get("email").and_then(Value::as_str)
}

/// Checks an add-registrant body against the OpenAPI schema and the event's questions.
pub(crate) fn new_registrant(event: &Event, body: &Map<String, Value>) -> ApiResult<NewRegistrant> {
    let mut errors = Vec::new();
    let email = checked_email(body.get("email"), "email", &mut errors);
    let first_name = required_name(body.get("first_name"), "first_name", &mut errors);
    let last_name = optional_string(
        body.get("last_name"),
        "last_name",
        Some(NAME_MAX),
        &mut errors,
    );

    let mut fields = BTreeMap::new();
    for name in STANDARD_FIELDS {
        let Some(value) = optional_string(body.get(name), name, None, &mut errors) else {
            continue;
        };
        let allowed: Option<&[&str]> = match name {
            "no_of_employees" => Some(&NO_OF_EMPLOYEES),
            "purchasing_time_frame" => Some(&PURCHASING_TIME_FRAME),
            "role_in_purchase_process" => Some(&ROLE_IN_PURCHASE_PROCESS),
            _ => None,
        };
        let valid = match (name, allowed) {
            (_, Some(allowed)) => allowed.contains(&value.as_str()),
            ("country", None) => value.is_empty() || COUNTRY_CODES.contains(&value.as_str()),
            _ => true,
        };
        if valid {
            if !value.is_empty() {
                fields.insert(name.to_owned(), value);
            }
        } else {
            errors.push(FieldError::new(name, "Invalid field."));
        }
    }

    let language = match optional_string(body.get("language"), "language", None, &mut errors) {
        Some(language) if LANGUAGES.contains(&language.as_str()) => Some(language),
        Some(_) => {
            errors.push(FieldError::new("language", "Invalid field."));
            None
        }
        None => None,
    };
    // Webinars have no `auto_approve`: Zoom's schema lacks it, so it is ignored there.
    let auto_approve = match (event.kind, body.get("auto_approve")) {
        (EventKind::Meeting, Some(Value::Bool(flag))) => *flag,
        (EventKind::Meeting, Some(_)) => {
            errors.push(FieldError::new("auto_approve", "Invalid field."));
            false
        }
        _ => false,
    };
    let answers = custom_answers(event, body.get("custom_questions"), &mut errors);

    for question in event.questions.iter().filter(|q| q.required) {
        let given = match question.field_name.as_str() {
            "last_name" => last_name.as_deref().is_some_and(|v| !v.trim().is_empty()),
            name => fields.get(name).is_some_and(|v| !v.trim().is_empty()),
        };
        if !given && !errors.iter().any(|e| e.field == question.field_name) {
            errors.push(FieldError::new(
                question.field_name.clone(),
                "This field is required.",
            ));
        }
    }
    for question in event.custom_questions.iter().filter(|q| q.required) {
        if !answers
            .iter()
            .any(|(title, value)| *title == question.title && !value.trim().is_empty())
        {
            errors.push(FieldError::new(
                "custom_questions",
                format!(
                    "The required question \"{}\" is not answered.",
                    question.title
                ),
            ));
        }
    }

    match (errors.is_empty(), email, first_name) {
        (true, Some(email), Some(first_name)) => Ok(NewRegistrant {
            person: Person {
                email,
                first_name,
                last_name: last_name.unwrap_or_default(),
                fields,
                answers,
                language,
            },
            auto_approve,
        }),
        _ => Err(ApiError::validation(errors)),
    }
}

/// One registrant of a batch-registration body: email, first and last name only (Zoom's batch
/// schema has nothing else; other keys are ignored as Zoom ignores them).
pub(crate) fn batch_registrant(
    index: usize,
    value: &Value,
    errors: &mut Vec<FieldError>,
) -> Option<Person> {
    let Value::Object(item) = value else {
        errors.push(FieldError::new(
            format!("registrants[{index}]"),
            "Invalid field.",
        ));
        return None;
    };
    let email = checked_email(
        item.get("email"),
        &format!("registrants[{index}].email"),
        errors,
    );
    let first = required_name(
        item.get("first_name"),
        &format!("registrants[{index}].first_name"),
        errors,
    );
    let last = optional_string(
        item.get("last_name"),
        &format!("registrants[{index}].last_name"),
        Some(NAME_MAX),
        errors,
    );
    Some(Person {
        email: email?,
        first_name: first?,
        last_name: last.unwrap_or_default(),
        ..Person::default()
    })
}

/// A PATCH of registration questions: the lists it carries replace the event's.
#[derive(Debug, Clone)]
pub(crate) struct QuestionUpdate {
    pub questions: Option<Vec<Question>>,
    pub custom_questions: Option<Vec<CustomQuestion>>,
}

pub(crate) fn question_update(
    kind: EventKind,
    body: &Map<String, Value>,
) -> ApiResult<QuestionUpdate> {
    let mut errors = Vec::new();
    let questions = match body.get("questions") {
        None => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    let field = format!("questions[{i}]");
                    let name = item.get("field_name").and_then(Value::as_str);
                    let required = item.get("required").map(Value::as_bool);
                    match (name, required) {
                        (Some(name), Some(Some(_)) | None) if QUESTION_FIELDS.contains(&name) => {
                            Some(Question {
                                field_name: name.to_owned(),
                                required: required.flatten().unwrap_or(false),
                            })
                        }
                        _ => {
                            errors.push(FieldError::new(field, "Invalid field."));
                            None
                        }
                    }
                })
                .collect(),
        ),
        Some(_) => {
            errors.push(FieldError::new("questions", "Invalid field."));
            None
        }
    };
    let custom = match body.get("custom_questions") {
        None => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| custom_question(kind, i, item, &mut errors))
                .collect(),
        ),
        Some(_) => {
            errors.push(FieldError::new("custom_questions", "Invalid field."));
            None
        }
    };
    if errors.is_empty() {
        Ok(QuestionUpdate {
            questions,
            custom_questions: custom,
        })
    } else {
        Err(ApiError::validation(errors))
    }
}

fn custom_question(
    kind: EventKind,
    index: usize,
    item: &Value,
    errors: &mut Vec<FieldError>,
) -> Option<CustomQuestion> {
    let field = |name: &str| format!("custom_questions[{index}].{name}");
    let title = item
        .get("title")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or_default();
    let question_type = item.get("type").and_then(Value::as_str).unwrap_or_default();
    let required = match item.get("required") {
        None => Some(false),
        Some(value) => value.as_bool(),
    };
    let answers = match item.get("answers") {
        None => Some(Vec::new()),
        Some(Value::Array(values)) => values
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect(),
        Some(_) => None,
    };
    let before = errors.len();
    if title.is_empty() {
        errors.push(FieldError::new(field("title"), "This field is required."));
    }
    if !custom_question_types(kind).contains(&question_type) {
        errors.push(FieldError::new(field("type"), "Invalid field."));
    }
    if required.is_none() {
        errors.push(FieldError::new(field("required"), "Invalid field."));
    }
    match &answers {
        None => errors.push(FieldError::new(field("answers"), "Invalid field.")),
        Some(list) if question_type == "short" && !list.is_empty() => {
            errors.push(FieldError::new(
                field("answers"),
                "Answers can not be used for short answer questions.",
            ));
        }
        Some(list) if question_type != "short" && list.iter().all(|a| a.trim().is_empty()) => {
            errors.push(FieldError::new(field("answers"), "This field is required."));
        }
        Some(_) => {}
    }
    if errors.len() > before {
        return None;
    }
    Some(CustomQuestion {
        title: title.to_owned(),
        kind: question_type.to_owned(),
        required: required.unwrap_or(false),
        answers: answers.unwrap_or_default(),
    })
}

fn custom_answers(
    event: &Event,
    value: Option<&Value>,
    errors: &mut Vec<FieldError>,
) -> Vec<(String, String)> {
    let items = match value {
        None => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(_) => {
            errors.push(FieldError::new("custom_questions", "Invalid field."));
            return Vec::new();
        }
    };
    let mut answers = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let field = format!("custom_questions[{i}]");
        let (Some(title), Some(value)) = (
            item.get("title").and_then(Value::as_str),
            item.get("value").and_then(Value::as_str),
        ) else {
            errors.push(FieldError::new(field, "Invalid field."));
            continue;
        };
        let Some(question) = event.custom_questions.iter().find(|q| q.title == title) else {
            errors.push(FieldError::new(
                format!("{field}.title"),
                format!(
                    "The {} has no custom question \"{title}\".",
                    event.kind.name()
                ),
            ));
            continue;
        };
        if value.chars().count() > ANSWER_MAX {
            errors.push(FieldError::new(
                format!("{field}.value"),
                too_long(ANSWER_MAX),
            ));
            continue;
        }
        let single_choice = matches!(
            question.kind.as_str(),
            "single" | "single_radio" | "single_dropdown"
        );
        if single_choice && !value.is_empty() && !question.answers.iter().any(|a| a == value) {
            errors.push(FieldError::new(format!("{field}.value"), "Invalid field."));
            continue;
        }
        answers.push((title.to_owned(), value.to_owned()));
    }
    answers
}

fn too_long(max: usize) -> String {
    format!("The length of this field can not exceed {max} characters.")
}

/// A string field that may be absent. Present but not a string (including `null`) is an error:
/// Zoom's schema types these fields as strings, and the stricter reading protects users.
fn optional_string(
    value: Option<&Value>,
    field: &str,
    max: Option<usize>,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    match value {
        None => None,
        Some(Value::String(text)) => match max {
            Some(max) if text.chars().count() > max => {
                errors.push(FieldError::new(field, too_long(max)));
                None
            }
            _ => Some(text.clone()),
        },
        Some(_) => {
            errors.push(FieldError::new(field, "Invalid field."));
            None
        }
    }
}

fn required_name(
    value: Option<&Value>,
    field: &str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    match optional_string(value, field, Some(NAME_MAX), errors) {
        Some(name) if !name.trim().is_empty() => Some(name),
        Some(_) | None => {
            if !errors.iter().any(|e| e.field == field) {
                errors.push(FieldError::new(field, "This field is required."));
            }
            None
        }
    }
}

fn checked_email(
    value: Option<&Value>,
    field: &str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let email = match optional_string(value, field, Some(EMAIL_MAX), errors) {
        Some(email) if !email.is_empty() => email,
        Some(_) | None => {
            if !errors.iter().any(|e| e.field == field) {
                errors.push(FieldError::new(field, "This field is required."));
            }
            return None;
        }
    };
    if is_valid_email(&email) {
        Some(email)
    } else {
        errors.push(FieldError::new(field, "Invalid field."));
        None
    }
}

/// Email syntax as Zoom's forms judge it: a plain address with a dotted domain, no display name
/// and no IP-literal domain.
pub(crate) fn is_valid_email(email: &str) -> bool {
    let options = Options::default()
        .with_required_tld()
        .without_domain_literal()
        .without_display_text();
    email.trim() == email && EmailAddress::parse_with_options(email, options).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_syntax() {
        assert!(is_valid_email("ana.souza@kestrel-analytics.example"));
        assert!(!is_valid_email("Ana <ana@example.com>"));
        assert!(!is_valid_email("ana@localhost"));
        assert!(!is_valid_email("ana@"));
        assert!(!is_valid_email(" ana@example.com"));
    }

    #[test]
    fn body_must_be_a_json_object_sent_as_json() {
        assert!(json_object_body(Some("application/json; charset=utf-8"), br#"{"a":1}"#).is_ok());
        for (content_type, body) in [
            (Some("application/json"), &b"[1]"[..]),
            (Some("application/json"), b""),
            (
                Some("application/x-www-form-urlencoded"),
                b"email=a%40b.example",
            ),
            (None, br#"{"a":1}"#),
        ] {
            let err = json_object_body(content_type, body).unwrap_err();
            assert_eq!(
                (err.code, err.message.as_str()),
                (300, "Request Body should be a valid JSON object.")
            );
        }
    }

    #[test]
    fn country_codes_are_unique_and_sorted() {
        let mut sorted = COUNTRY_CODES.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), COUNTRY_CODES.len());
        assert!(COUNTRY_CODES.contains(&"DE") && !COUNTRY_CODES.contains(&"UK"));
    }
}
