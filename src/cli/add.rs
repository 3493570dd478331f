//! `regdesk add`: register one person. `--field NAME=VALUE` takes standard fields by their Zoom
//! name or label (`job_title`, "Job title") and custom questions by title; the event's questions
//! are read first so that a missing required field or a choice Zoom would refuse is reported, by
//! name, before anything is sent. A person already registered is reported, not re-sent (Zoom
//! counts every registration request against a limit of 3 per person and day).

use serde::Serialize;

use super::context::{build_client, resolve_event};
use super::output::{print_json, usage, write_csv};
use super::{AddArgs, ExitCode, GlobalArgs, OutputFormat};
use crate::registrant_fields::catalogue::{StandardField, normalize_name};
use crate::registrant_fields::person::{FieldName, PersonValues, RegistrationForm, build_person};
use crate::zoom::{
    AddOptions, AddOutcome, AddResolution, EventRef, NewRegistrant, Occurrence, Questions,
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

/// Builds the registrant from the flags with the one builder the add form and the import use,
/// checked against the event's questions; every problem is named, with the flag that fixes it.
pub fn build_registrant(args: &AddArgs, questions: &Questions) -> anyhow::Result<NewRegistrant> {
    let form = RegistrationForm::from_questions(questions);
    let mut values = PersonValues {
        email: args.email.clone(),
        first_name: args.first_name.clone(),
        last_name: args.last_name.clone().unwrap_or_default(),
        ..PersonValues::default()
    };
    let mut seen: Vec<String> = Vec::new();
    for text in &args.fields {
        let (name, value) = parse_field(text)?;
        let key = normalize_name(&name);
        if seen.contains(&key) {
            return usage(format!("--field {name:?} is given twice"));
        }
        seen.push(key);
        // A custom question's exact title wins over a standard field's synonym.
        if let Some(question) = form.question(&name) {
            values.answers.push((question.title.clone(), value));
            continue;
        }
        match StandardField::find(&name) {
            Some(StandardField::LastName) if !values.last_name.trim().is_empty() => {
                return usage("the last name is given twice (--last-name and --field)");
            }
            Some(StandardField::LastName) => values.last_name = value,
            Some(field @ (StandardField::Email | StandardField::FirstName)) => {
                return usage(format!(
                    "--field {name:?}: give the {} with {}",
                    field.label().to_lowercase(),
                    flag_for(&FieldName::Standard(field))
                ));
            }
            Some(field) => values.fields.push((field, value)),
            None => {
                let mut known: Vec<String> = StandardField::ALL
                    .iter()
                    .filter(|field| {
                        !matches!(field, StandardField::Email | StandardField::FirstName)
                    })
                    .map(|field| field.api_name().to_owned())
                    .collect();
                known.extend(form.questions.iter().map(|q| format!("{:?}", q.title)));
                return usage(format!(
                    "--field {name:?}: not a registration field or a question of this event; known: {}",
                    known.join(", ")
                ));
            }
        }
    }
    match build_person(&values, &form) {
        Ok(person) => Ok(person.to_new_registrant()),
        Err(problems) => {
            let lines: Vec<String> = problems
                .iter()
                .map(|problem| {
                    let name = match &problem.field {
                        FieldName::Standard(field) => field.label().to_owned(),
                        FieldName::Question(title) => format!("{title:?}"),
                    };
                    format!("{name} ({}): {}", flag_for(&problem.field), problem.message)
                })
                .collect();
            usage(format!(
                "nothing was sent; these fields need fixing:\n  {}",
                lines.join("\n  ")
            ))
        }
    }
}

/// The flag that gives a field's value.
fn flag_for(field: &FieldName) -> String {
    match field {
        FieldName::Standard(StandardField::Email) => "--email".to_owned(),
        FieldName::Standard(StandardField::FirstName) => "--first-name".to_owned(),
        FieldName::Standard(StandardField::LastName) => "--last-name".to_owned(),
        FieldName::Standard(field) => format!("--field {}=…", field.api_name()),
        FieldName::Question(title) => format!("--field \"{title}=…\""),
    }
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
    let event = resolve_event(&client, args.meeting_id, args.webinar).await?;
    let questions = client.get_questions(event).await?;
    let person = build_registrant(&args, &questions)?;
    if args.dry_run {
        return print_dry_run(event, &person, args.format);
    }
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
            if !outcome.occurrences.is_empty() {
                // The event's own time zone, as the app shows occurrences.
                let zone = match client.get_event(event, None).await {
                    Ok(detail) => detail.summary.timezone,
                    Err(error) => {
                        tracing::info!("no time zone for the occurrences: {error}");
                        None
                    }
                };
                for line in occurrence_lines(&outcome.occurrences, zone.as_deref()) {
                    crate::println_sanitised!("{line}");
                }
            }
        }
    }
    Ok(ExitCode::Ok)
}

/// `--dry-run`: the registrant as it would be sent (the fields passed every check).
fn print_dry_run(
    event: EventRef,
    person: &NewRegistrant,
    format: OutputFormat,
) -> anyhow::Result<ExitCode> {
    match format {
        OutputFormat::Json => print_json(&serde_json::json!({
            "event": event,
            "dry_run": true,
            "would_send": person,
        }))?,
        OutputFormat::Csv => write_csv(
            std::io::stdout().lock(),
            &["kind", "event_id", "email", "first_name", "result"].map(str::to_owned),
            &[vec![
                event.kind.noun().to_owned(),
                event.id.to_string(),
                person.email.clone(),
                person.first_name.clone(),
                "would_register".to_owned(),
            ]],
        )?,
        OutputFormat::Table => {
            crate::println_sanitised!(
                "Would register {} for {event}; every field passed the event's checks.",
                person.email
            );
        }
    }
    crate::note!("Dry run: nothing was sent to Zoom.");
    Ok(ExitCode::Ok)
}

/// "For 2 occurrences:" and one line per occurrence: its start in the event's zone, its ID.
fn occurrence_lines(occurrences: &[Occurrence], time_zone: Option<&str>) -> Vec<String> {
    let mut lines = vec![match occurrences.len() {
        1 => "For 1 occurrence:".to_owned(),
        count => format!("For {count} occurrences:"),
    }];
    lines.extend(occurrences.iter().map(|occurrence| {
        format!(
            "  {}  (ID {})",
            occurrence.describe(time_zone),
            occurrence.occurrence_id
        )
    }));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zoom::{CustomAnswer, CustomQuestion, CustomQuestionType, StandardQuestion};

    fn args(fields: &[&str]) -> AddArgs {
        AddArgs {
            meeting_id: super::super::EventIdArg { id: 1, kind: None },
            email: "ann@example.com".into(),
            first_name: "Ann".into(),
            last_name: None,
            fields: fields.iter().map(|field| (*field).to_owned()).collect(),
            webinar: false,
            occurrences: None,
            dry_run: false,
            format: OutputFormat::Table,
        }
    }

    fn questions() -> Questions {
        Questions {
            questions: vec![StandardQuestion {
                field_name: crate::zoom::QuestionField::JobTitle,
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
    fn the_occurrences_a_person_got_read_as_dates_in_the_events_zone() {
        let occurrence = |id: &str, start: &str| Occurrence {
            occurrence_id: id.to_owned(),
            start_time: start.parse().ok(),
            duration: Some(60),
            status: None,
        };
        let lines = occurrence_lines(
            &[
                occurrence("1804600800000", "2027-03-09T14:00:00Z"),
                occurrence("1805205600000", "2027-03-16T14:00:00Z"),
            ],
            Some("Europe/Berlin"),
        );
        assert_eq!(
            lines,
            [
                "For 2 occurrences:",
                "  Tue 9 Mar 2027 15:00 +01:00  (ID 1804600800000)",
                "  Tue 16 Mar 2027 15:00 +01:00  (ID 1805205600000)",
            ]
        );
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
            .contains("\"Diet\" (--field \"Diet=…\"): \"Vegan\" is not one of the choices: \"Vegetarian\", \"Anything\"")
        );
        assert!(
            message(build_registrant(&args(&[]), &questions()))
                .contains("Job title (--field job_title=…): is missing (the meeting requires it)")
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
