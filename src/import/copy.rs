//! Copying (or moving) registrants from one meeting or webinar to another through the import
//! engine: the source's registrants are listed (a status filter, an occurrence), become the rows
//! of a spreadsheet kept in `<data dir>/imports/copies/` (private), with the target's fields and
//! questions answered from the source (custom questions by title, standard fields by field) or
//! by a default per field (`--answer`), and that spreadsheet is planned, journaled, sent,
//! resumed and reported exactly like a file `regdesk import` reads. A move then cancels (or
//! deletes) in the source the people the target accepted, as the import's closing step: the
//! journal stays unfinished until that is done, so `--resume` settles whom the target accepted
//! from the journal and never acts on anyone else.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use futures::StreamExt;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::job::{self, ClosingStep, Finished, ImportError, ImportRequest, Prepared, StartMode};
use super::journal::{self, JournalWriter, Record};
use super::outcome::RowOutcome;
use super::plan::RowIdentity;
use super::read::{self, ReadError};
use super::run::{ImportEvent, PauseSwitch};
use crate::registrant_fields::catalogue::{StandardField, squash};
use crate::registrant_fields::person::{
    AnswerKind, FieldName, RegistrationForm, normalize_answer, normalize_field,
};
use crate::zoom::{
    DeleteOutcome, EventRef, ListStatus, Questions, Registrant, RegistrantRef, RegistrantStatus,
    StatusAction, ZoomClient,
};

/// The folder below the imports folder that keeps each copy's rows.
const COPIES_DIR: &str = "copies";
/// Deletions of a move in flight at once (the client's governor sets the pace).
const DELETES_IN_FLIGHT: usize = 16;

/// What a move does in the source to the people the target accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveAction {
    /// Cancel approved registrations; pending ones are denied (Zoom's cancel only withdraws an
    /// approval).
    Cancel,
    /// Delete the registrants.
    Delete,
}

/// What to copy where.
#[derive(Debug, Clone)]
pub struct CopyRequest {
    pub from: EventRef,
    pub to: EventRef,
    /// The source's registrants with these statuses (at least one).
    pub statuses: Vec<ListStatus>,
    /// Only the source registrants of this occurrence (a move acts in it too).
    pub occurrence: Option<String>,
    /// `--answer NAME=VALUE`: a value for everyone the source gives none, by question title or
    /// standard field.
    pub answers: Vec<(String, String)>,
    pub mode: StartMode,
    /// Journals, reports and the copies' rows.
    pub journal_dir: PathBuf,
    pub report: Option<PathBuf>,
    pub set_aside_unreadable: bool,
    pub move_action: Option<MoveAction>,
    /// Only these people of the listing, by email (lower case): the TUI's selection, or the
    /// no-shows of an event. `None`: everyone the statuses name.
    pub only: Option<std::collections::BTreeSet<String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// The command line must change (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// An unfinished copy from this source into this target exists: resume it or start over
    /// (the message says how, for the command line).
    #[error("{0}")]
    Unfinished(String),
    /// Required fields or questions of the target that neither the source nor `--answer` fill.
    #[error("{}", missing_message(.0))]
    MissingAnswers(Vec<MissingAnswer>),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Zoom(#[from] crate::zoom::ZoomError),
    #[error("cannot write the copy's rows to {path}: {source}")]
    Snapshot {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl CopyError {
    /// Whether the user must change the command line (exit 2) rather than the world (exit 1).
    pub fn is_usage(&self) -> bool {
        match self {
            CopyError::Usage(_) | CopyError::Unfinished(_) | CopyError::MissingAnswers(_) => true,
            CopyError::Import(error) => error.is_usage(),
            CopyError::Zoom(_) | CopyError::Snapshot { .. } => false,
        }
    }
}

/// A field or question the target requires that some source registrants have no value for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingAnswer {
    pub field: FieldName,
    /// How many of the people copied have no value.
    pub people: usize,
    /// The answers the target allows, for a choice question or field.
    pub choices: Vec<String>,
}

impl MissingAnswer {
    /// The `--answer` argument that fills it, with `VALUE` for the value.
    pub fn flag(&self) -> String {
        match &self.field {
            FieldName::Standard(field) => format!("--answer {}=VALUE", field.api_name()),
            FieldName::Question(title) => format!("--answer \"{title}=VALUE\""),
        }
    }

    /// The name the `--answer` flag takes.
    pub fn name(&self) -> String {
        match &self.field {
            FieldName::Standard(field) => field.api_name().to_owned(),
            FieldName::Question(title) => title.clone(),
        }
    }
}

fn missing_message(missing: &[MissingAnswer]) -> String {
    let mut message = "the target requires answers the source does not have; nothing was sent. Give a value for everyone without one:".to_owned();
    for each in missing {
        let choices = if each.choices.is_empty() {
            String::new()
        } else {
            format!(" (one of: {})", each.choices.join(", "))
        };
        message.push_str(&format!(
            "\n  {} ({} of the people copied have none): {}{choices}",
            each.field,
            each.people,
            each.flag()
        ));
    }
    message
}

/// The source's people and the target's questions: what the answers are worked out from.
#[derive(Debug, Clone)]
pub struct Gathered {
    pub request: CopyRequest,
    pub source: Source,
    /// The source's topic, when Zoom still describes the event (asked beside the listing).
    pub from_topic: Option<String>,
}

/// Where the rows come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// Listed now.
    Listed {
        people: Vec<Registrant>,
        /// The target's settings, questions and registrants, read while the source was listed.
        target: Box<job::EventReading>,
        /// An unfinished copy `--restart` abandons when the copy runs.
        abandoning: Option<PathBuf>,
    },
    /// The rows of the unfinished copy being resumed.
    Resuming { rows: PathBuf },
}

/// One column of a copy's rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopiedColumn {
    pub field: FieldName,
    /// People whose value comes from the source.
    pub from_source: usize,
    /// The `--answer` value everyone else gets, if any.
    pub answer: Option<String>,
    /// Source values left out because the target would refuse them and does not require the
    /// field (the people are copied without them).
    pub left_out: usize,
}

/// A planned copy: the import engine's plan of its rows.
#[derive(Debug, Clone)]
pub struct PreparedCopy {
    pub request: CopyRequest,
    pub prepared: Prepared,
    /// The source's topic, when Zoom still describes the event.
    pub from_topic: Option<String>,
    /// The source registrants copied (empty when resuming: the rows are the earlier ones).
    pub columns: Vec<CopiedColumn>,
    /// The rows' bytes, written when the copy runs (`None` when resuming: they are on disk).
    rows: Option<Vec<u8>>,
    /// An unfinished copy of other rows that `--restart` abandons.
    abandoning: Option<PathBuf>,
}

/// How a move's closing step went.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct MoveSummary {
    /// Approved registrations cancelled in the source.
    pub cancelled: usize,
    /// Pending registrations denied in the source (Zoom's cancel only withdraws approvals).
    pub denied: usize,
    pub deleted: usize,
    /// Accepted by the target but no longer active in the source (moved earlier, or changed
    /// by someone else): nothing to do.
    pub already_done: usize,
    /// Rows the target did not accept: they stay in the source.
    pub not_accepted: usize,
    /// Calls that failed, in words; `--resume` tries them again.
    pub failures: Vec<String>,
}

/// How an executed copy ended.
#[derive(Debug, Clone)]
pub struct CopyFinished {
    pub finished: Finished,
    /// The move's closing step, when it ran.
    pub moved: Option<MoveSummary>,
}

/// Where a copy's rows are kept.
pub fn copies_dir(journal_dir: &Path) -> PathBuf {
    journal_dir.join(COPIES_DIR)
}

/// The file name prefix of the rows of copies from `from` into the target `to_key`.
fn rows_prefix(to_key: &str, from: EventRef) -> String {
    format!("{to_key}-from-{}-{}-", from.kind.noun(), from.id)
}

/// Lists the source (or finds the unfinished copy to resume) and reads the target's questions.
pub async fn gather(client: &ZoomClient, request: CopyRequest) -> Result<Gathered, CopyError> {
    if request.from == request.to {
        return Err(CopyError::Usage(format!(
            "{} is both the source and the target; copy into another meeting or webinar",
            request.from
        )));
    }
    if request.statuses.is_empty() {
        return Err(CopyError::Usage(
            "name at least one status to copy (--status approved, pending, denied or all)"
                .to_owned(),
        ));
    }
    let unfinished = unfinished_copy(client, &request)?;
    let abandoning = match (request.mode, unfinished) {
        (StartMode::Fresh, Some(open)) => {
            return Err(CopyError::Unfinished(format!(
                "an unfinished copy from {} into {} exists (started {}, {} of {} rows sent; journal {}). Run the same command with --resume to finish it, or with --restart to start over (whom it registered then count as already registered)",
                request.from,
                request.to,
                open.begin.at.strftime("%Y-%m-%d %H:%M:%S UTC"),
                open.sent_rows.len(),
                open.begin.rows,
                open.path.display()
            )));
        }
        (StartMode::Resume, Some(open)) => {
            return Ok(Gathered {
                request,
                source: Source::Resuming {
                    rows: open.begin.file,
                },
                from_topic: None,
            });
        }
        (StartMode::Resume, None) => {
            return Err(CopyError::Usage(format!(
                "there is no unfinished copy from {} into {} to resume; run it without --resume",
                request.from, request.to
            )));
        }
        (StartMode::Restart, open) => open.map(|open| open.path),
        (StartMode::Fresh, None) => None,
    };
    let listings = futures::future::try_join_all(request.statuses.iter().map(|status| {
        client.list_registrants(request.from, *status, request.occurrence.as_deref())
    }));
    // The target's reads go while the source's pages come one after the other.
    let (listings, target_reading, from_topic) = futures::try_join!(
        async { Ok::<_, CopyError>(listings.await?) },
        async { Ok(job::read_event(client, &request.journal_dir, request.to).await?) },
        // Only for showing: an event Zoom no longer describes still lists its registrants.
        async {
            Ok(client
                .get_event(request.from, None)
                .await
                .ok()
                .map(|event| event.summary.topic))
        },
    )?;
    // Each person once (the statuses' lists do not overlap unless Zoom changed one meanwhile).
    let mut seen = std::collections::HashSet::new();
    let people: Vec<Registrant> = listings
        .into_iter()
        .flatten()
        .filter(|registrant| {
            let email = registrant.email.trim().to_lowercase();
            request
                .only
                .as_ref()
                .is_none_or(|only| only.contains(&email))
                && seen.insert(email)
        })
        .collect();
    if people.is_empty() {
        let statuses: Vec<&str> = request.statuses.iter().map(|s| s.as_str()).collect();
        return Err(CopyError::Usage(format!(
            "{} has no {} registrants{}; nothing to copy",
            request.from,
            statuses.join(" or "),
            request
                .occurrence
                .as_deref()
                .map(|occurrence| format!(" in occurrence {occurrence}"))
                .unwrap_or_default()
        )));
    }
    Ok(Gathered {
        request,
        source: Source::Listed {
            people,
            target: Box::new(target_reading),
            abandoning,
        },
        from_topic,
    })
}

/// The newest unfinished copy from this source into this target.
fn unfinished_copy(
    client: &ZoomClient,
    request: &CopyRequest,
) -> Result<Option<journal::JournalState>, CopyError> {
    let to_key = job::event_key(client, request.to);
    let scanned = journal::scan_event(&request.journal_dir, &to_key).map_err(ImportError::from)?;
    let prefix = rows_prefix(&to_key, request.from);
    let copies = copies_dir(&request.journal_dir);
    Ok(scanned.journals.into_iter().rev().find(|state| {
        state.is_open()
            && state.begin.file.parent() == Some(copies.as_path())
            && state
                .begin
                .file
                .file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with(&prefix))
    }))
}

/// A field or question of the target, as `--answer` names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Asked {
    Field(StandardField),
    Question(String),
}

impl Asked {
    fn name(&self) -> FieldName {
        match self {
            Asked::Field(field) => FieldName::Standard(*field),
            Asked::Question(title) => FieldName::Question(title.clone()),
        }
    }

    /// Whether the target requires it.
    fn required(&self, form: &RegistrationForm) -> bool {
        match self {
            Asked::Field(field) => form.required_fields.contains(field),
            Asked::Question(title) => form.question(title).is_some_and(|q| q.required),
        }
    }

    /// Whether the target takes this value for it (the identity fields are always sent: a bad
    /// email or name is the person's problem, reported for them).
    fn accepts(&self, value: &str, form: &RegistrationForm) -> bool {
        match self {
            Asked::Field(
                StandardField::Email | StandardField::FirstName | StandardField::LastName,
            ) => true,
            Asked::Field(field) => normalize_field(*field, value).is_ok(),
            Asked::Question(title) => form
                .question(title)
                .is_none_or(|question| normalize_answer(&question.answers, value).is_ok()),
        }
    }

    /// The value the source registrant has for it (empty if none).
    fn source_value<'a>(&self, registrant: &'a Registrant) -> &'a str {
        let value = match self {
            Asked::Field(StandardField::Email) => Some(registrant.email.as_str()),
            Asked::Field(StandardField::FirstName) => Some(registrant.first_name.as_str()),
            Asked::Field(StandardField::Language) => registrant.language.as_deref(),
            Asked::Field(field) => field
                .to_zoom()
                .and_then(|zoom_field| registrant.fields.get(&zoom_field)),
            Asked::Question(title) => {
                let wanted = squash(title);
                registrant
                    .custom_questions
                    .iter()
                    .find(|answer| squash(&answer.title) == wanted)
                    .map(|answer| answer.value.as_str())
            }
        };
        value.map(str::trim).unwrap_or_default()
    }
}

/// Where a cell of the copy's rows comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Source,
    Answer,
    /// No value (or a value the target refuses for a field it does not require, left out).
    Nothing,
}

/// What the copy sends for one field or question of one person: the source's value; for a
/// field the target does not require, a value it would refuse is left out (the target does
/// without it) rather than refusing the person; then the `--answer` value, if any.
fn cell<'a>(
    each: &Asked,
    person: &'a Registrant,
    form: &RegistrationForm,
    answers: &'a BTreeMap<Asked, String>,
) -> (&'a str, Origin, bool) {
    let value = each.source_value(person);
    let left_out = !value.is_empty() && !each.required(form) && !each.accepts(value, form);
    if !value.is_empty() && !left_out {
        return (value, Origin::Source, false);
    }
    match answers.get(each) {
        Some(answer) => (answer.as_str(), Origin::Answer, left_out),
        None => ("", Origin::Nothing, left_out),
    }
}

/// What the target asks, in order: email, names, its other standard fields, its questions.
fn target_asks(questions: &Questions) -> Vec<Asked> {
    let form_fields: Vec<StandardField> = questions
        .questions
        .iter()
        .filter_map(|question| StandardField::from_zoom(&question.field_name))
        .collect();
    let mut asked: Vec<Asked> = StandardField::ALL
        .into_iter()
        .filter(|field| {
            matches!(
                field,
                StandardField::Email | StandardField::FirstName | StandardField::LastName
            ) || form_fields.contains(field)
        })
        .map(Asked::Field)
        .collect();
    asked.extend(
        questions
            .custom_questions
            .iter()
            .map(|question| Asked::Question(question.title.clone())),
    );
    asked
}

/// The `--answer` values by what they answer; a name the target does not ask is a usage error.
fn resolve_answers(
    answers: &[(String, String)],
    asked: &[Asked],
    form: &RegistrationForm,
) -> Result<BTreeMap<Asked, String>, CopyError> {
    let mut resolved = BTreeMap::new();
    for (name, value) in answers {
        let question = form.question(name).map(|q| q.title.clone()).or_else(|| {
            let wanted = squash(name);
            form.questions
                .iter()
                .find(|q| squash(&q.title) == wanted)
                .map(|q| q.title.clone())
        });
        let target = match question {
            Some(title) => Asked::Question(title),
            None => match StandardField::find(name) {
                Some(field @ (StandardField::Email | StandardField::FirstName)) => {
                    return Err(CopyError::Usage(format!(
                        "--answer {name:?}: the {} of each person comes from the source; it cannot be given for everyone",
                        field.label().to_lowercase()
                    )));
                }
                Some(field) if asked.contains(&Asked::Field(field)) => Asked::Field(field),
                _ => {
                    let known: Vec<String> = asked
                        .iter()
                        .filter(|each| {
                            !matches!(
                                each,
                                Asked::Field(StandardField::Email | StandardField::FirstName)
                            )
                        })
                        .map(|each| match each {
                            Asked::Field(field) => field.api_name().to_owned(),
                            Asked::Question(title) => format!("{title:?}"),
                        })
                        .collect();
                    return Err(CopyError::Usage(format!(
                        "--answer {name:?}: the target asks no such field or question; it asks: {}",
                        known.join(", ")
                    )));
                }
            },
        };
        if resolved.insert(target, value.trim().to_owned()).is_some() {
            return Err(CopyError::Usage(format!(
                "--answer {name:?} is given twice"
            )));
        }
    }
    Ok(resolved)
}

/// The choices the target allows for a field or question, if it is a choice.
fn choices_of(asked: &Asked, form: &RegistrationForm) -> Vec<String> {
    match asked {
        Asked::Field(field) => field
            .allowed_values()
            .map(|values| values.iter().map(|v| (*v).to_owned()).collect())
            .unwrap_or_default(),
        Asked::Question(title) => match form.question(title).map(|q| &q.answers) {
            Some(AnswerKind::OneOf(choices) | AnswerKind::AnyOf(choices)) => choices.clone(),
            _ => Vec::new(),
        },
    }
}

impl Gathered {
    /// The target's required fields and questions some of the people have no value for and no
    /// `--answer` gives (none when resuming: the rows are already made).
    pub fn missing_answers(&self) -> Result<Vec<MissingAnswer>, CopyError> {
        let Source::Listed { people, target, .. } = &self.source else {
            return Ok(Vec::new());
        };
        let form = RegistrationForm::from_questions(target.questions());
        let asked = target_asks(target.questions());
        let answers = resolve_answers(&self.request.answers, &asked, &form)?;
        Ok(asked
            .iter()
            .filter(|each| {
                !matches!(
                    each,
                    Asked::Field(StandardField::Email | StandardField::FirstName)
                )
            })
            .filter(|each| each.required(&form) && !answers.contains_key(*each))
            .filter_map(|each| {
                let without = people
                    .iter()
                    .filter(|person| each.source_value(person).is_empty())
                    .count();
                (without > 0).then(|| MissingAnswer {
                    field: each.name(),
                    people: without,
                    choices: choices_of(each, &form),
                })
            })
            .collect())
    }

    /// Adds an answer (from a prompt) for a missing field or question.
    pub fn answer(&mut self, missing: &MissingAnswer, value: String) {
        self.request.answers.push((missing.name(), value));
    }
}

/// The rows of a copy as a spreadsheet, and what each column is.
struct Rows {
    bytes: Vec<u8>,
    columns: Vec<CopiedColumn>,
    /// `--map` arguments pinning every column to its field or question.
    overrides: Vec<String>,
}

/// The people as rows: email, names, then each field and question of the target that the source
/// or an answer fills. Values are made spreadsheet-safe the way exports are (the reader undoes
/// it exactly), after an Excel `sep=,` line that pins the delimiter.
fn make_rows(
    people: &[Registrant],
    asked: &[Asked],
    form: &RegistrationForm,
    answers: &BTreeMap<Asked, String>,
) -> Result<Rows, csv::Error> {
    let identity = |each: &Asked| {
        matches!(
            each,
            Asked::Field(StandardField::Email | StandardField::FirstName | StandardField::LastName)
        )
    };
    let mut used: Vec<(&Asked, CopiedColumn)> = Vec::new();
    for each in asked {
        let mut column = CopiedColumn {
            field: each.name(),
            from_source: 0,
            answer: answers.get(each).cloned(),
            left_out: 0,
        };
        for person in people {
            let (_, origin, left_out) = cell(each, person, form, answers);
            column.from_source += usize::from(origin == Origin::Source);
            column.left_out += usize::from(left_out);
        }
        // A column with only left-out values is kept (empty) so that the plan says so.
        let filled = column.from_source > 0 || column.answer.is_some() || column.left_out > 0;
        if identity(each) || filled {
            used.push((each, column));
        }
    }
    let header = |each: &Asked| match each {
        Asked::Field(field) => field.api_name().to_owned(),
        Asked::Question(title) => title.clone(),
    };
    let mut bytes = b"sep=,\n".to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut bytes);
        writer.write_record(used.iter().map(|(each, _)| header(each)))?;
        for person in people {
            writer.write_record(used.iter().map(|(each, _)| {
                let (value, _, _) = cell(each, person, form, answers);
                crate::text::spreadsheet::neutralise(value).into_owned()
            }))?;
        }
        writer.flush()?;
    }
    let overrides = used
        .iter()
        .map(|(each, _)| format!("{}={}", header(each), header(each)))
        .collect();
    Ok(Rows {
        bytes,
        columns: used.into_iter().map(|(_, column)| column).collect(),
        overrides,
    })
}

/// Makes the rows and plans them with the import engine; sends nothing and writes nothing. Every
/// required answer must be there (see [`Gathered::missing_answers`]).
pub async fn prepare(client: &ZoomClient, gathered: Gathered) -> Result<PreparedCopy, CopyError> {
    let missing = gathered.missing_answers()?;
    if !missing.is_empty() {
        return Err(CopyError::MissingAnswers(missing));
    }
    let Gathered {
        request,
        source,
        from_topic,
    } = gathered;
    let import_request = |file: PathBuf, overrides: Vec<String>, mode: StartMode| ImportRequest {
        event: request.to,
        file,
        overrides,
        event_column: None,
        mode,
        journal_dir: request.journal_dir.clone(),
        report: request.report.clone(),
        set_aside_unreadable: request.set_aside_unreadable,
    };
    match source {
        Source::Resuming { rows } => {
            let prepared =
                job::prepare(client, import_request(rows, Vec::new(), StartMode::Resume)).await?;
            Ok(PreparedCopy {
                request,
                prepared,
                from_topic: from_topic.clone(),
                columns: Vec::new(),
                rows: None,
                abandoning: None,
            })
        }
        Source::Listed {
            people,
            target,
            abandoning,
        } => {
            let form = RegistrationForm::from_questions(target.questions());
            let asked = target_asks(target.questions());
            let answers = resolve_answers(&request.answers, &asked, &form)?;
            let rows = make_rows(&people, &asked, &form, &answers).map_err(|error| {
                CopyError::Usage(format!("cannot lay out the copy's rows: {error}"))
            })?;
            let read = read::read_bytes(&rows.bytes, read::Limits::default()).map_err(
                |source: ReadError| ImportError::File {
                    path: PathBuf::from(format!("the registrants of {}", request.from)),
                    source,
                },
            )?;
            let to_key = job::event_key(client, request.to);
            let file = copies_dir(&request.journal_dir).join(format!(
                "{}{}.csv",
                rows_prefix(&to_key, request.from),
                read.sha256.get(..16).unwrap_or(&read.sha256)
            ));
            let source = job::Source {
                path: file.clone(),
                sha256: read.sha256,
                rows: read.table.rows.len(),
                table: read.table,
                // Samples are for the wizard's column picker; a copy maps its own columns.
                samples: Vec::new(),
            };
            // `--restart` of these very rows is the engine's; of other rows, it is done here.
            let mode = match request.mode {
                StartMode::Restart => StartMode::Restart,
                _ => StartMode::Fresh,
            };
            let prepared = job::prepare_source_reading(
                client,
                import_request(file, rows.overrides, mode),
                source,
                Some(*target),
            )
            .await?;
            let abandoning = abandoning.filter(|old| {
                prepared.abandoning.as_ref() != Some(old)
                    && prepared.resuming.as_ref().map(|r| &r.path) != Some(old)
            });
            Ok(PreparedCopy {
                request,
                prepared,
                from_topic: from_topic.clone(),
                columns: rows.columns,
                rows: Some(rows.bytes),
                abandoning,
            })
        }
    }
}

/// Writes the rows, then journals, sends and reports them with the import engine; a move then
/// cancels or deletes in the source whom the target accepted.
pub async fn execute(
    client: &ZoomClient,
    copy: &PreparedCopy,
    events: mpsc::UnboundedSender<ImportEvent>,
    cancel: CancellationToken,
) -> Result<CopyFinished, CopyError> {
    execute_pausable(client, copy, events, cancel, PauseSwitch::default()).await
}

/// [`execute`], holding sending between calls while `pause` is on (the TUI pauses while it asks
/// whether to stop).
pub async fn execute_pausable(
    client: &ZoomClient,
    copy: &PreparedCopy,
    events: mpsc::UnboundedSender<ImportEvent>,
    cancel: CancellationToken,
    pause: PauseSwitch,
) -> Result<CopyFinished, CopyError> {
    if let Some(bytes) = &copy.rows {
        let path = &copy.prepared.request.file;
        let snapshot_error = |source| CopyError::Snapshot {
            path: path.clone(),
            source,
        };
        if let Some(dir) = path.parent() {
            crate::private_fs::create_private_dir_all(dir).map_err(snapshot_error)?;
        }
        // The same rows have the same name and bytes: rewriting them changes nothing.
        crate::private_fs::write_private(path, bytes).map_err(snapshot_error)?;
    }
    if let Some(old) = &copy.abandoning {
        let writer = JournalWriter::append(old).map_err(ImportError::from)?;
        writer
            .write(Record::Abandoned {
                at: jiff::Timestamp::now(),
            })
            .await
            .map_err(ImportError::from)?;
    }
    let rows = &copy.prepared.plan.rows;
    let request = &copy.request;
    let closing = |outcomes: BTreeMap<usize, RowOutcome>| async move {
        match request.move_action {
            None => ClosingStep {
                value: None,
                done: true,
            },
            Some(action) => {
                let summary = move_accepted(client, request, action, rows, &outcomes).await;
                let done = summary.failures.is_empty();
                ClosingStep {
                    value: Some(summary),
                    done,
                }
            }
        }
    };
    let (finished, step) =
        job::execute_with(client, &copy.prepared, events, cancel, pause, closing).await?;
    Ok(CopyFinished {
        finished,
        moved: step.and_then(|step| step.value),
    })
}

/// Whether the target took the person: registered now or before (and not denied there).
fn accepted(outcome: &RowOutcome) -> bool {
    match outcome {
        RowOutcome::Registered { .. } => true,
        RowOutcome::AlreadyRegistered { status, .. } => status != "denied",
        _ => false,
    }
}

/// Cancels (or deletes) in the source the people the target accepted and who are still active
/// there; safe to repeat: someone already cancelled or deleted is not active any more.
async fn move_accepted(
    client: &ZoomClient,
    request: &CopyRequest,
    action: MoveAction,
    rows: &[RowIdentity],
    outcomes: &BTreeMap<usize, RowOutcome>,
) -> MoveSummary {
    let mut summary = MoveSummary::default();
    let accepted_emails: Vec<String> = rows
        .iter()
        .filter(|row| {
            let taken = outcomes.get(&row.row).is_some_and(accepted);
            if !taken {
                summary.not_accepted += 1;
            }
            taken
        })
        .map(|row| row.email.trim().to_lowercase())
        .collect();
    if accepted_emails.is_empty() {
        return summary;
    }
    let occurrence = request.occurrence.as_deref();
    let listed = match client.list_all_registrants(request.from, occurrence).await {
        Ok(listed) => listed,
        Err(error) => {
            summary.failures.push(format!(
                "listing {} to move the accepted people failed: {}",
                request.from,
                error.diagnosis().summary
            ));
            return summary;
        }
    };
    let by_email: BTreeMap<String, &Registrant> = listed
        .iter()
        .map(|registrant| (registrant.email.trim().to_lowercase(), registrant))
        .collect();
    let mut to_cancel: Vec<RegistrantRef> = Vec::new();
    let mut to_deny: Vec<RegistrantRef> = Vec::new();
    let mut to_delete: Vec<RegistrantRef> = Vec::new();
    for email in &accepted_emails {
        let Some(registrant) = by_email.get(email) else {
            summary.already_done += 1;
            continue;
        };
        match (action, &registrant.status) {
            (MoveAction::Delete, _) => to_delete.push(registrant.to_ref()),
            (MoveAction::Cancel, RegistrantStatus::Approved) => {
                to_cancel.push(registrant.to_ref());
            }
            (MoveAction::Cancel, RegistrantStatus::Pending) => to_deny.push(registrant.to_ref()),
            (MoveAction::Cancel, _) => summary.already_done += 1,
        }
    }
    for (status_action, people) in [
        (StatusAction::Cancel, &to_cancel),
        (StatusAction::Deny, &to_deny),
    ] {
        if people.is_empty() {
            continue;
        }
        match client
            .update_status(request.from, status_action, people, occurrence)
            .await
        {
            Ok(outcome) => {
                let done = outcome.done.len();
                match status_action {
                    StatusAction::Cancel => summary.cancelled += done,
                    _ => summary.denied += done,
                }
                for failure in outcome.failed {
                    summary.failures.push(format!(
                        "{} {} people in {} failed: {}",
                        status_action.as_str(),
                        failure.items.len(),
                        request.from,
                        failure.error.diagnosis().summary
                    ));
                }
            }
            Err(error) => summary.failures.push(format!(
                "{} in {} failed: {}",
                status_action.as_str(),
                request.from,
                error.diagnosis().summary
            )),
        }
    }
    // Owned per deletion, so that the copy's future stays `Send` for any caller (the TUI spawns it).
    let deletions = futures::stream::iter(to_delete.into_iter().map(|registrant| async move {
        let result = client
            .delete_registrant(request.from, &registrant.id, occurrence)
            .await;
        (registrant, result)
    }))
    .buffer_unordered(DELETES_IN_FLIGHT)
    .collect::<Vec<_>>()
    .await;
    for (registrant, result) in deletions {
        match result {
            Ok(DeleteOutcome::Deleted) => summary.deleted += 1,
            Ok(DeleteOutcome::AlreadyGone) => summary.already_done += 1,
            Err(error) => summary.failures.push(format!(
                "deleting {} from {} failed: {}",
                registrant
                    .email
                    .as_deref()
                    .unwrap_or(registrant.id.as_str()),
                request.from,
                error.diagnosis().summary
            )),
        }
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zoom::{CustomAnswer, ProfileFields};

    fn registrant(email: &str, city: Option<&str>, answers: &[(&str, &str)]) -> Registrant {
        let mut fields = ProfileFields {
            last_name: Some("Lee".to_owned()),
            ..ProfileFields::default()
        };
        if let Some(city) = city {
            fields.city = Some(city.to_owned());
        }
        Registrant {
            id: format!("id-{email}"),
            email: email.to_owned(),
            first_name: "Ann".to_owned(),
            fields,
            custom_questions: answers
                .iter()
                .map(|(title, value)| CustomAnswer {
                    title: (*title).to_owned(),
                    value: (*value).to_owned(),
                })
                .collect(),
            status: RegistrantStatus::Approved,
            create_time: None,
            join_url: None,
            participant_pin_code: None,
            language: None,
        }
    }

    fn questions(json: serde_json::Value) -> Questions {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn rows_answer_the_targets_questions_by_title_and_fields_by_field_then_by_default() {
        let target = questions(serde_json::json!({
            "questions": [{"field_name": "city", "required": true}],
            "custom_questions": [
                {"title": "Dietary needs?", "type": "short", "required": true},
                {"title": "Team", "type": "short", "required": false},
            ],
        }));
        let people = [
            registrant("a@x.org", Some("Oslo"), &[("dietary NEEDS", "=vegan")]),
            registrant("b@x.org", None, &[]),
        ];
        let asked = target_asks(&target);
        let mut answers = BTreeMap::new();
        answers.insert(Asked::Field(StandardField::City), "Bergen".to_owned());
        answers.insert(
            Asked::Question("Dietary needs?".to_owned()),
            "none".to_owned(),
        );
        let form = RegistrationForm::from_questions(&target);
        let rows = make_rows(&people, &asked, &form, &answers).unwrap();
        let table = read::read_table(&rows.bytes).unwrap();
        assert_eq!(
            table.headers,
            ["email", "first_name", "last_name", "city", "Dietary needs?"]
        );
        let cells: Vec<Vec<&str>> = table.rows.iter().map(|r| r.cells().collect()).collect();
        assert_eq!(cells[0], ["a@x.org", "Ann", "Lee", "Oslo", "=vegan"]);
        assert_eq!(cells[1], ["b@x.org", "Ann", "Lee", "Bergen", "none"]);
    }

    #[test]
    fn a_value_the_target_refuses_for_a_field_it_does_not_require_is_left_out() {
        let target = questions(serde_json::json!({
            "questions": [{"field_name": "no_of_employees", "required": false}],
            "custom_questions": [
                {"title": "Role", "type": "single", "required": false, "answers": ["Guest"]},
            ],
        }));
        let mut fits = registrant("a@x.org", None, &[("Role", "guest")]);
        fits.fields.no_of_employees = Some("1-20".to_owned());
        let mut refused = registrant("b@x.org", None, &[("Role", "Chef")]);
        refused.fields.no_of_employees = Some("101-250".to_owned());
        let form = RegistrationForm::from_questions(&target);
        let rows = make_rows(
            &[fits, refused],
            &target_asks(&target),
            &form,
            &BTreeMap::new(),
        )
        .unwrap();
        let table = read::read_table(&rows.bytes).unwrap();
        let cells: Vec<Vec<&str>> = table.rows.iter().map(|r| r.cells().collect()).collect();
        assert_eq!(cells[0][3..], ["1-20", "guest"]);
        assert_eq!(cells[1][3..], ["", ""]);
        assert!(
            rows.columns[3..]
                .iter()
                .all(|c| c.from_source == 1 && c.left_out == 1)
        );
    }

    #[test]
    fn a_required_question_nobody_answers_is_missing_with_the_flag_that_fills_it() {
        let target = questions(serde_json::json!({
            "questions": [],
            "custom_questions": [
                {"title": "Role", "type": "single_radio", "required": true,
                 "answers": ["Speaker", "Guest"]},
            ],
        }));
        let gathered = Gathered {
            request: CopyRequest {
                from: EventRef::meeting(1),
                to: EventRef::meeting(2),
                statuses: vec![ListStatus::Approved],
                occurrence: None,
                answers: Vec::new(),
                mode: StartMode::Fresh,
                journal_dir: PathBuf::from("/nonexistent"),
                report: None,
                set_aside_unreadable: false,
                move_action: None,
                only: None,
            },
            source: Source::Listed {
                people: vec![
                    registrant("a@x.org", None, &[("Role", "Guest")]),
                    registrant("b@x.org", None, &[]),
                ],
                target: Box::new(job::EventReading::of(
                    EventRef::meeting(2),
                    serde_json::from_value(serde_json::json!({
                        "id": 2, "topic": "Target", "type": 2,
                        "settings": {"approval_type": 0}
                    }))
                    .unwrap(),
                    target,
                )),
                abandoning: None,
            },
            from_topic: None,
        };
        let missing = gathered.missing_answers().unwrap();
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].people, 1);
        assert_eq!(missing[0].choices, ["Speaker", "Guest"]);
        let message = CopyError::MissingAnswers(missing).to_string();
        assert!(message.contains("--answer \"Role=VALUE\""), "{message}");
    }
}
