//! `regdesk add`: register one person. `--field NAME=VALUE` takes standard fields by their Zoom
//! name or label (`job_title`, "Job title") and custom questions by title; the event's questions
//! are read first so that a missing required field or a choice Zoom would refuse is reported, by
//! name, before anything is sent. A person already registered is reported, not re-sent (Zoom
//! counts every registration request against a limit of 3 per person and day).

use serde::Serialize;

use super::context::{build_client, event_ref};
use super::output::{print_json, usage, write_csv};
use super::{AddArgs, ExitCode, GlobalArgs, OutputFormat};
use crate::zoom::{
    AddOptions, AddOutcome, AddResolution, CustomAnswer, CustomQuestion, CustomQuestionType,
    EventRef, NewRegistrant, Questions, StandardField, normalize_name,
};

/// Splits `NAME=VALUE`.
pub fn parse_field(text: &str) -> anyhow::Result<(String, String)> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_owned(), value.trim().to_owned()))
        }
        Some(_) => usage(format!(
            "--field {text:?}: the field name before `=` is empty"
        )),
        None => usage(format!(
            "--field {text:?}: expected NAME=VALUE (e.g. --field job_title=Chef)"
        )),
    }
}

/// The canonical answer of a choice question, or a usage error listing the choices.
fn choose(question: &CustomQuestion, value: &str) -> anyhow::Result<String> {
    if !question.kind.is_choice() || question.answers.is_empty() {
        return Ok(value.to_owned());
    }
    let pick = |part: &str| {
        question
            .answers
            .iter()
            .find(|answer| answer.trim().eq_ignore_ascii_case(part.trim()))
            .cloned()
    };
    let parts: Vec<&str> = if question.kind == CustomQuestionType::Multiple {
        value.split(',').collect()
    } else {
        vec![value]
    };
    let mut chosen = Vec::new();
    for part in parts {
        match pick(part) {
            Some(answer) => chosen.push(answer),
            None => {
                return usage(format!(
                    "--field {:?}: {part:?} is not one of its answers: {}",
                    question.title,
                    question.answers.join(", ")
                ));
            }
        }
    }
    Ok(chosen.join(","))
}

/// Builds the registrant from the flags, checked against the event's questions.
pub fn build_registrant(args: &AddArgs, questions: &Questions) -> anyhow::Result<NewRegistrant> {
    let mut person = NewRegistrant::new(args.email.trim(), args.first_name.trim());
    if let Some(last_name) = args
        .last_name
        .as_deref()
        .filter(|name| !name.trim().is_empty())
    {
        person.fields.last_name = Some(last_name.trim().to_owned());
    }
    let mut seen: Vec<String> = Vec::new();
    for text in &args.fields {
        let (name, value) = parse_field(text)?;
        let key = normalize_name(&name);
        if seen.contains(&key) {
            return usage(format!("--field {name:?} is given twice"));
        }
        seen.push(key);
        // A custom question's exact title wins over a standard field's synonym.
        if let Some(question) = questions.custom(&name) {
            person.custom_questions.push(CustomAnswer {
                title: question.title.clone(),
                value: choose(question, &value)?,
            });
        } else if let Some(field) = StandardField::find(&name) {
            if field == StandardField::LastName && person.fields.last_name.is_some() {
                return usage("the last name is given twice (--last-name and --field)");
            }
            person.fields.set(&field, value);
        } else {
            let mut known: Vec<String> = StandardField::ALL
                .iter()
                .map(|field| field.as_str().to_owned())
                .collect();
            known.extend(
                questions
                    .custom_questions
                    .iter()
                    .map(|question| format!("{:?}", question.title)),
            );
            return usage(format!(
                "--field {name:?}: not a registration field or a question of this event; known: {}",
                known.join(", ")
            ));
        }
    }
    let mut missing: Vec<String> = questions
        .questions
        .iter()
        .filter(|question| {
            question.required
                && person
                    .fields
                    .get(&question.field_name)
                    .is_none_or(str::is_empty)
        })
        .filter(|question| !matches!(question.field_name, StandardField::Other(_)))
        .map(|question| match question.field_name {
            StandardField::LastName => "the last name (--last-name)".to_owned(),
            ref field => format!("{} (--field {}=…)", field.label(), field.as_str()),
        })
        .collect();
    missing.extend(
        questions
            .custom_questions
            .iter()
            .filter(|question| {
                question.required
                    && person
                        .custom_answer(&question.title)
                        .is_none_or(|answer| answer.trim().is_empty())
            })
            .map(|question| {
                let choices = if question.answers.is_empty() {
                    String::new()
                } else {
                    format!("; one of: {}", question.answers.join(", "))
                };
                format!(
                    "{:?} (--field \"{}=…\"{choices})",
                    question.title, question.title
                )
            }),
    );
    if !missing.is_empty() {
        return usage(format!(
            "this event requires these fields (nothing was sent):\n  {}",
            missing.join("\n  ")
        ));
    }
    Ok(person)
}

#[derive(Serialize)]
struct AddReport<'a> {
    event: EventRef,
    #[serde(flatten)]
    outcome: &'a AddOutcome,
}

/// The columns of `add --format csv`: one row for the person added (or found registered).
const CSV_HEADERS: [&str; 7] = [
    "kind",
    "event_id",
    "registrant_id",
    "email",
    "status",
    "resolution",
    "join_url",
];

fn csv_row(event: EventRef, outcome: &AddOutcome) -> Vec<String> {
    let resolution = match outcome.resolution {
        AddResolution::Created => "created",
        AddResolution::Reconciled => "reconciled",
        AddResolution::AlreadyRegistered => "already_registered",
    };
    vec![
        event.kind.noun().to_owned(),
        event.id.to_string(),
        outcome.registrant_id.clone(),
        outcome.email.clone(),
        outcome
            .status
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        resolution.to_owned(),
        outcome.join_url.clone().unwrap_or_default(),
    ]
}

pub async fn run(args: AddArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    if args.email.trim().is_empty() {
        return usage("--email is empty");
    }
    if args.first_name.trim().is_empty() {
        return usage("--first-name is empty");
    }
    let client = build_client(global).await?;
    let event = event_ref(args.meeting_id, args.webinar);
    let questions = client.get_questions(event).await?;
    let person = build_registrant(&args, &questions)?;
    let options = AddOptions {
        occurrence_ids: args
            .occurrences
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_owned)
            .collect(),
        auto_approve: None,
        check_existing: true,
    };
    let outcome = client.add_registrant(event, &person, &options).await?;
    match args.format {
        OutputFormat::Json => print_json(&AddReport {
            event,
            outcome: &outcome,
        })?,
        OutputFormat::Csv => write_csv(
            std::io::stdout().lock(),
            &CSV_HEADERS.map(str::to_owned),
            &[csv_row(event, &outcome)],
        )?,
        OutputFormat::Table => {
            let status = outcome
                .status
                .as_ref()
                .map(|status| format!(", {status}"))
                .unwrap_or_default();
            match outcome.resolution {
                AddResolution::AlreadyRegistered => crate::println_sanitised!(
                    "{} is already registered for {event} (registrant ID {}{status}); nothing was sent.",
                    outcome.email,
                    outcome.registrant_id
                ),
                AddResolution::Created | AddResolution::Reconciled => crate::println_sanitised!(
                    "Registered {} for {event}: registrant ID {}{status}.",
                    outcome.email,
                    outcome.registrant_id
                ),
            }
            match &outcome.join_url {
                Some(url) => crate::println_sanitised!("Join URL: {url}"),
                None => {
                    println!("No join URL yet: Zoom sends it once the registration is approved.")
                }
            }
        }
    }
    Ok(ExitCode::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zoom::StandardQuestion;

    fn args(fields: &[&str]) -> AddArgs {
        AddArgs {
            meeting_id: 1,
            email: "ann@example.com".into(),
            first_name: "Ann".into(),
            last_name: None,
            fields: fields.iter().map(|field| (*field).to_owned()).collect(),
            webinar: false,
            occurrences: None,
            format: OutputFormat::Table,
        }
    }

    fn questions() -> Questions {
        Questions {
            questions: vec![StandardQuestion {
                field_name: StandardField::JobTitle,
                required: true,
            }],
            custom_questions: vec![CustomQuestion {
                title: "Diet".into(),
                kind: CustomQuestionType::Single,
                required: false,
                answers: vec!["Vegetarian".into(), "Anything".into()],
            }],
        }
    }

    fn message(result: anyhow::Result<NewRegistrant>) -> String {
        let error = result.expect_err("should be refused");
        assert!(
            error
                .downcast_ref::<super::super::output::UsageError>()
                .is_some()
        );
        error.to_string()
    }

    #[test]
    fn fields_map_to_standard_fields_and_questions() {
        let person =
            build_registrant(&args(&["Job Title=Chef", "diet=vegetarian"]), &questions()).unwrap();
        assert_eq!(person.fields.job_title.as_deref(), Some("Chef"));
        assert_eq!(
            person.custom_questions,
            vec![CustomAnswer {
                title: "Diet".into(),
                value: "Vegetarian".into()
            }]
        );
    }

    #[test]
    fn bad_fields_are_named_before_sending() {
        assert!(
            message(build_registrant(
                &args(&["Diet=Vegan", "job_title=Chef"]),
                &questions()
            ))
            .contains("Vegetarian, Anything")
        );
        assert!(
            message(build_registrant(&args(&[]), &questions()))
                .contains("Job title (--field job_title=…)")
        );
        assert!(
            message(build_registrant(&args(&["job_title"]), &questions())).contains("NAME=VALUE")
        );
        assert!(
            message(build_registrant(
                &args(&["shoe=42", "job_title=Chef"]),
                &questions()
            ))
            .contains("\"shoe\"")
        );
    }
}
