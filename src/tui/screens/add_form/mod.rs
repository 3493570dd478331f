//! The rapid-entry add form of one meeting or webinar (`a` on the registrants screen).
//!
//! The form is built from the event's registration questions ([`form`]); email, first and last
//! name are there at once so typing starts before the questions arrive. Labels wrap, so every
//! required marker shows at any width; a choice question is a list that narrows as letters are
//! typed. Enter moves to the next field and, on the last one, registers the person (Ctrl-S from
//! any field): the form checks every field first (nothing is sent while one is wrong), then
//! issues [`Effect::AddRegistrant`], clears itself and puts the cursor back on the first field,
//! so the next person can be typed while the request runs. Someone the list below already holds
//! is told at once, without a call.
//!
//! Each submission stays listed beside the form with its outcome (registered for which
//! occurrences, pending approval, already registered, or Zoom's refusal in full, naming the
//! field). A refused entry is never lost: Ctrl-O moves to that list and Enter puts the entry back
//! into the form, the refused field marked, to correct and send again (whatever the form held is
//! kept in the list meanwhile). Esc goes back once nothing is in flight, and the people
//! registered go into the list below as Zoom described them ([`Handback::Registered`]), with no
//! further call.

mod form;
mod wrap;

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use self::form::{Entered, Entry, Field, Target};
use self::wrap::wrap;
use super::{Action, Handback, Loadable, Notice, Screen, Ui, fit};
use crate::registrant_fields::person::full_name;
use crate::text::terminal::{pad, width};
use crate::tui::keymap::{self, Command, Scope};
use crate::tui::message::{Effect, Outcome, RequestId, RequestIds};
use crate::zoom::{
    AddOptions, AddOutcome, AddResolution, ApiErrorKind, ApprovalType, EventDetail, EventRef,
    NewRegistrant, Occurrence, Questions, RateLimitKind, Registrant, RegistrantStatus,
    RegistrationType, ZoomError,
};

/// From this width the submissions are listed beside the form instead of under it.
const SIDE_BY_SIDE_WIDTH: u16 = 100;
/// Answers of a choice question listed under it at once (the rest by typing or ← →).
const CHOICES_SHOWN: usize = 5;
/// The narrowest the label column gets before labels wrap more.
const LABEL_MIN: usize = 10;

pub struct AddFormScreen {
    event: EventRef,
    topic: String,
    occurrence: Option<String>,
    /// Whether registrants wait for approval; loaded when the caller did not know it.
    approval: Option<ApprovalType>,
    event_load: Option<RequestId>,
    /// The event's time zone and occurrences, to say which occurrences a person gets.
    schedule: Option<Schedule>,
    questions: Loadable<Questions>,
    fields: Vec<Field>,
    focus: usize,
    /// A submit was refused: problems now update on every keystroke until the form is clean.
    checking_all: bool,
    /// Why the last submit was refused, or what reopening an entry did.
    refusal: Option<String>,
    /// Newest last.
    submissions: Vec<Submission>,
    /// The people the list below holds (lower-case email → status). `None` when there was no
    /// list: Zoom is then asked before each add whether the person is registered.
    known: Option<HashMap<String, RegistrantStatus>>,
    /// Where keys go.
    pane: Pane,
    /// Esc was pressed while requests were in flight: leave when they are done.
    closing: bool,
}

/// The form's lines, each with the index of the field it shows.
type FormLines = Vec<(Option<usize>, Line<'static>)>;

/// What the form knows of a recurring event.
#[derive(Debug, Clone)]
struct Schedule {
    time_zone: Option<String>,
    occurrences: Vec<Occurrence>,
    registration_type: Option<RegistrationType>,
}

impl Schedule {
    fn of(detail: &EventDetail) -> Self {
        Schedule {
            time_zone: detail.summary.timezone.clone(),
            occurrences: detail
                .occurrences
                .iter()
                .filter(|occurrence| occurrence.status.as_deref() != Some("deleted"))
                .cloned()
                .collect(),
            registration_type: detail.settings.registration_type,
        }
    }

    fn describe(&self, occurrence: &Occurrence) -> String {
        occurrence.describe(self.time_zone.as_deref())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pane {
    Form,
    /// The list of people sent, with the row picked (0 = the newest).
    Sent {
        selected: usize,
    },
}

/// One person sent from this form (or kept aside in its list).
#[derive(Debug)]
struct Submission {
    /// `None` when nothing was sent (known already, or held aside).
    request: Option<RequestId>,
    email: String,
    name: String,
    person: Option<Box<NewRegistrant>>,
    /// The form as it was, to put back if Zoom refuses.
    entry: Entered,
    state: SubmissionState,
}

#[derive(Debug)]
enum SubmissionState {
    Sending,
    Registered {
        join_url: Option<String>,
        occurrences: Vec<Occurrence>,
        registrant: Box<Registrant>,
        /// Zoom's answer did not say the status and the event's approval setting was not known
        /// yet: it reads as approved until the setting arrives (see [`AddFormScreen::learn_approval`]).
        status_assumed: bool,
    },
    PendingApproval {
        occurrences: Vec<Occurrence>,
        registrant: Box<Registrant>,
    },
    AlreadyRegistered {
        status: String,
    },
    Refused(Refusal),
    /// Not sent: what the form held when a refused entry was reopened in its place.
    Held,
}

impl SubmissionState {
    fn is_done(&self) -> bool {
        !matches!(self, SubmissionState::Sending)
    }

    fn reopens(&self) -> bool {
        matches!(self, SubmissionState::Refused(_) | SubmissionState::Held)
    }

    /// The registrant Zoom created, as the list below should show it.
    fn created(&self) -> Option<&Registrant> {
        match self {
            SubmissionState::Registered { registrant, .. }
            | SubmissionState::PendingApproval { registrant, .. } => Some(registrant),
            _ => None,
        }
    }
}

/// Why Zoom refused an entry, in full.
#[derive(Debug)]
struct Refusal {
    /// The form's fields Zoom's answer names: the field (when the form has it), its label, and
    /// the reason.
    named: Vec<(Option<Target>, String, String)>,
    /// Zoom's reason in full (summary and explanation), shown when no field is named.
    reason: String,
    fix: String,
}

impl Refusal {
    fn of(error: &ZoomError, person: &NewRegistrant, fields: &[Field]) -> Self {
        let diagnosis = error.diagnosis();
        let reason = format!("{} {}", diagnosis.summary, diagnosis.explanation);
        let label_of = |target: &Target| {
            fields
                .iter()
                .find(|field| field.target == *target)
                .map(|field| field.label.clone())
        };
        let mut named = Vec::new();
        if let ZoomError::Api(api) = error {
            for field_error in &api.field_errors {
                let target = form::target_named_by_zoom(&field_error.field, person);
                let label = target
                    .as_ref()
                    .and_then(label_of)
                    .unwrap_or_else(|| field_error.field.clone());
                named.push((
                    target,
                    label,
                    format!("Zoom said “{}”", field_error.message.trim()),
                ));
            }
        }
        let about_the_email = matches!(
            error.api_kind(),
            Some(ApiErrorKind::HostCannotRegister | ApiErrorKind::WorkEmailRequired)
        ) || matches!(error, ZoomError::RateLimited(limit) if limit.kind == RateLimitKind::RegistrantAdds);
        if named.is_empty() && about_the_email {
            named.push((
                Some(Target::Email),
                label_of(&Target::Email).unwrap_or_else(|| "Email".to_owned()),
                reason.clone(),
            ));
        }
        Refusal {
            named,
            reason,
            fix: diagnosis.fix,
        }
    }

    /// The lines that say what Zoom refused: one per named field, or the reason.
    fn statements(&self) -> Vec<String> {
        if self.named.is_empty() {
            vec![self.reason.clone()]
        } else {
            self.named
                .iter()
                .map(|(_, label, reason)| format!("{label}: {reason}"))
                .collect()
        }
    }
}

impl AddFormScreen {
    /// `approval` is the event's approval setting when the caller has it (it decides whether a
    /// new registrant is "registered" or "pending approval"); otherwise the form loads it.
    pub fn new(
        event: EventRef,
        topic: String,
        occurrence: Option<String>,
        approval: Option<ApprovalType>,
    ) -> Self {
        AddFormScreen {
            event,
            topic,
            occurrence,
            approval,
            event_load: None,
            schedule: None,
            questions: Loadable::default(),
            fields: form::fields_for(None),
            focus: 0,
            checking_all: false,
            refusal: None,
            submissions: Vec::new(),
            known: None,
            pane: Pane::Form,
            closing: false,
        }
    }

    /// The event's settings, time zone and occurrences, as the caller loaded them.
    pub fn with_event(mut self, detail: &EventDetail) -> Self {
        self.approval = Some(detail.settings.approval_type);
        self.schedule = Some(Schedule::of(detail));
        self
    }

    /// The people already registered (the list below, all statuses): adding one of them again
    /// is told at once, and Zoom is not asked first for the others.
    pub fn knowing(mut self, registrants: &[Registrant]) -> Self {
        self.known = Some(
            registrants
                .iter()
                .map(|registrant| {
                    (
                        registrant.email.trim().to_lowercase(),
                        registrant.status.clone(),
                    )
                })
                .collect(),
        );
        self
    }

    fn in_flight(&self) -> usize {
        self.submissions
            .iter()
            .filter(|submission| !submission.state.is_done())
            .count()
    }

    fn focused(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }

    /// Moves the focus by `step` (wrapping), judging the field being left.
    fn move_focus(&mut self, forward: bool) {
        let checking_all = self.checking_all;
        if let Some(field) = self.focused()
            && (checking_all || !field.value().is_empty())
        {
            field.problem = field.check();
        }
        let count = self.fields.len().max(1);
        self.focus = if forward {
            (self.focus + 1) % count
        } else {
            (self.focus + count - 1) % count
        };
    }

    /// After an edit: a field already marked (or any field after a refused submit) is judged
    /// again at once, so the mark goes as soon as the value is right.
    fn recheck_focused(&mut self) {
        let checking_all = self.checking_all;
        if let Some(field) = self.focused()
            && (checking_all || field.problem.is_some())
        {
            field.problem = field.check();
        }
    }

    fn edit(&mut self, key: &KeyEvent) {
        if let Some(field) = self.focused() {
            match (&mut field.entry, key.code) {
                (Entry::Choice { .. }, KeyCode::Char(letter)) => field.type_filter(letter),
                (Entry::Choice { .. }, KeyCode::Backspace) => field.erase_filter(),
                (Entry::Choice { .. }, KeyCode::Delete) => field.clear(),
                (Entry::Choice { .. }, _) => {}
                (Entry::Text(input), _) => {
                    input.handle_key(key);
                }
            }
        }
        self.recheck_focused();
    }

    fn value_of(&self, target: &Target) -> String {
        self.fields
            .iter()
            .find(|field| field.target == *target)
            .map(Field::value)
            .unwrap_or_default()
    }

    /// Checks every field; sends the person and clears the form, or marks what is wrong.
    fn submit(&mut self, ids: &mut RequestIds) -> Option<Action> {
        if self.questions.is_loading() {
            self.refusal = Some(
                "The registration questions are still loading; nothing was sent. Try again in a moment."
                    .to_owned(),
            );
            return None;
        }
        let questions = self.questions.data.as_ref();
        let entry = form::entered(&self.fields);
        let person = match form::registrant_from(&mut self.fields, questions) {
            Ok(person) => person,
            Err(problems) => {
                let mut to_fix: Vec<String> = self
                    .fields
                    .iter()
                    .filter(|f| f.problem.is_some())
                    .map(|f| f.label.clone())
                    .collect();
                // A problem with a field the form does not show is told in full.
                to_fix.extend(
                    problems
                        .iter()
                        .filter(|problem| !self.fields.iter().any(|f| f.holds(&problem.field)))
                        .map(ToString::to_string),
                );
                self.focus = self
                    .fields
                    .iter()
                    .position(|f| f.problem.is_some())
                    .unwrap_or(self.focus);
                self.checking_all = true;
                self.refusal = Some(format!("Nothing was sent. To fix: {}", to_fix.join(", ")));
                return None;
            }
        };
        let name = full_name(&person.first_name, person.fields.last_name.as_deref());
        let already = self
            .known
            .as_ref()
            .and_then(|known| known.get(&person.email.trim().to_lowercase()))
            .cloned();
        for field in &mut self.fields {
            field.clear();
        }
        self.focus = 0;
        self.checking_all = false;
        self.refusal = None;
        if let Some(status) = already {
            self.submissions.push(Submission {
                request: None,
                email: person.email.clone(),
                name,
                person: None,
                entry,
                state: SubmissionState::AlreadyRegistered {
                    status: status.as_str().to_owned(),
                },
            });
            return None;
        }
        let request = ids.next_id();
        self.submissions.push(Submission {
            request: Some(request),
            email: person.email.clone(),
            name,
            person: Some(Box::new(person.clone())),
            entry,
            state: SubmissionState::Sending,
        });
        Some(Action::Run(vec![Effect::AddRegistrant {
            request,
            event: self.event,
            person: Box::new(person),
            options: AddOptions {
                occurrence_ids: self.occurrence.iter().cloned().collect(),
                auto_approve: None,
                // Spares one of Zoom's 3 registration requests per person and day; the list
                // below answers that when it is there, so Zoom is listed only without it.
                check_existing: self.known.is_none(),
            },
        }]))
    }

    fn close(&mut self) -> Option<Action> {
        if self.in_flight() == 0 || self.closing {
            Some(Action::Back)
        } else {
            self.closing = true;
            None
        }
    }

    fn on_questions(&mut self, result: Result<Questions, ZoomError>) {
        self.questions.finish(result);
        if let Some(questions) = &self.questions.data {
            let focused = self.fields.get(self.focus).map(|f| f.target.clone());
            let mut fields = form::fields_for(Some(questions));
            form::carry_over(&self.fields, &mut fields);
            self.focus = focused
                .and_then(|target| fields.iter().position(|f| f.target == target))
                .unwrap_or(0);
            self.fields = fields;
        }
    }

    fn on_added(&mut self, request: RequestId, result: Result<Box<AddOutcome>, ZoomError>) {
        let manual = self.approval == Some(ApprovalType::Manual);
        let approval_unknown = self.approval.is_none();
        let Some(index) = self
            .submissions
            .iter()
            .position(|submission| submission.request == Some(request))
        else {
            return;
        };
        let person = self.submissions[index].person.clone();
        let state = match (result, person) {
            (Ok(added), Some(person)) => {
                let status_assumed = added.status.is_none() && approval_unknown;
                let status = match (added.resolution, added.status.clone()) {
                    (_, Some(status)) => status,
                    (_, None) if manual => RegistrantStatus::Pending,
                    _ => RegistrantStatus::Approved,
                };
                let registrant = Box::new(registrant_of(&person, &added, status.clone()));
                if let Some(known) = &mut self.known {
                    known.insert(person.email.trim().to_lowercase(), status.clone());
                }
                match (added.resolution, status) {
                    (AddResolution::AlreadyRegistered, status) => {
                        SubmissionState::AlreadyRegistered {
                            status: status.as_str().to_owned(),
                        }
                    }
                    (_, RegistrantStatus::Pending) => SubmissionState::PendingApproval {
                        occurrences: added.occurrences.clone(),
                        registrant,
                    },
                    _ => SubmissionState::Registered {
                        join_url: added.join_url.clone(),
                        occurrences: added.occurrences.clone(),
                        registrant,
                        status_assumed,
                    },
                }
            }
            (Ok(_), None) => return,
            (Err(error), person) => {
                let person = person.map(|person| *person).unwrap_or_default();
                SubmissionState::Refused(Refusal::of(&error, &person, &self.fields))
            }
        };
        self.submissions[index].state = state;
    }

    /// The event's approval setting arrived: people whose add Zoom answered before it, without a
    /// status, wait in Pending if the event approves by hand.
    fn learn_approval(&mut self, approval: ApprovalType) {
        self.approval = Some(approval);
        if approval != ApprovalType::Manual {
            return;
        }
        for submission in &mut self.submissions {
            let SubmissionState::Registered {
                occurrences,
                registrant,
                status_assumed: true,
                ..
            } = &submission.state
            else {
                continue;
            };
            let mut registrant = registrant.clone();
            registrant.status = RegistrantStatus::Pending;
            if let Some(known) = &mut self.known {
                known.insert(
                    registrant.email.trim().to_lowercase(),
                    RegistrantStatus::Pending,
                );
            }
            submission.state = SubmissionState::PendingApproval {
                occurrences: occurrences.clone(),
                registrant,
            };
        }
    }

    /// Ctrl-O: the list of people sent gets the keys, on the newest refused entry.
    fn open_sent(&mut self) -> Option<Action> {
        if self.submissions.is_empty() {
            return Some(Action::Notify(Notice::info(
                "Nobody was sent yet; the list of people sent is empty.",
            )));
        }
        let selected = self
            .submissions
            .iter()
            .rev()
            .position(|submission| matches!(submission.state, SubmissionState::Refused(_)))
            .unwrap_or(0);
        self.pane = Pane::Sent { selected };
        None
    }

    fn handle_sent_key(&mut self, key: &KeyEvent, selected: usize) -> Option<Action> {
        let count = self.submissions.len();
        let command = keymap::command_for(&[Scope::AddFormSent, Scope::List], key)?;
        let mut cursor = super::ListCursor {
            selected,
            ..super::ListCursor::default()
        };
        if cursor.apply(command, count) {
            self.pane = Pane::Sent {
                selected: cursor.selected,
            };
            return None;
        }
        match command {
            Command::Confirm => self.reopen(selected),
            Command::Back | Command::Quit => {
                self.pane = Pane::Form;
                None
            }
            _ => None,
        }
    }

    /// Puts a refused (or held) entry back into the form, its refused fields marked; what the
    /// form held meanwhile is kept in the list.
    fn reopen(&mut self, selected: usize) -> Option<Action> {
        let index = self.submissions.len().checked_sub(selected + 1)?;
        if !self.submissions[index].state.reopens() {
            return Some(Action::Notify(Notice::info(
                "Only a refused entry (✗) or one kept aside (◌) reopens; this one needs nothing.",
            )));
        }
        let reopened = self.submissions.remove(index);
        if form::holds_anything(&self.fields) {
            let first = self.value_of(&Target::FirstName);
            let last = self.value_of(&Target::Standard(
                crate::registrant_fields::catalogue::StandardField::LastName,
            ));
            self.submissions.push(Submission {
                request: None,
                email: self.value_of(&Target::Email),
                name: full_name(&first, Some(last.as_str()).filter(|last| !last.is_empty())),
                person: None,
                entry: form::entered(&self.fields),
                state: SubmissionState::Held,
            });
        }
        form::fill(&mut self.fields, &reopened.entry);
        self.checking_all = false;
        self.refusal = None;
        if let SubmissionState::Refused(refusal) = &reopened.state {
            for (target, _, reason) in &refusal.named {
                if let Some(field) = target
                    .as_ref()
                    .and_then(|target| self.fields.iter_mut().find(|f| f.target == *target))
                {
                    field.problem = Some(format!("Zoom refused it: {reason}"));
                }
            }
            if refusal.named.is_empty() {
                self.refusal = Some(format!(
                    "Zoom refused this entry: {} Fix: {} Ctrl-S sends it again.",
                    refusal.reason, refusal.fix
                ));
            }
        }
        self.focus = self
            .fields
            .iter()
            .position(|field| field.problem.is_some())
            .unwrap_or(0);
        self.pane = Pane::Form;
        None
    }

    /// Which occurrences the person gets, in the event's zone; `None` for a one-time event.
    fn registers_for(&self, now: jiff::Timestamp) -> Option<String> {
        let schedule = self.schedule.as_ref()?;
        let first = schedule.occurrences.first()?;
        if let Some(id) = &self.occurrence {
            let when = schedule
                .occurrences
                .iter()
                .find(|occurrence| occurrence.occurrence_id == *id)
                .map(|occurrence| schedule.describe(occurrence))
                .unwrap_or_else(|| format!("occurrence {id}"));
            return Some(format!(
                "Registers for one occurrence: {when} (the one picked on the list)"
            ));
        }
        if schedule.registration_type == Some(RegistrationType::EachOccurrence) {
            let next = schedule
                .occurrences
                .iter()
                .find(|occurrence| occurrence.start_time.is_some_and(|start| start >= now));
            return Some(match next {
                Some(next) => format!(
                    "Registers for the next occurrence only: {} (o on the list picks another)",
                    schedule.describe(next)
                ),
                None => "Registers for the next occurrence, but none is upcoming".to_owned(),
            });
        }
        Some(match schedule.occurrences.len() {
            1 => format!(
                "Registers for its one occurrence: {}",
                schedule.describe(first)
            ),
            count => format!(
                "Registers for all {count} occurrences, from {}",
                schedule.describe(first)
            ),
        })
    }

    /// What the form says under its fields (loading, a failed load, a refused submit); true
    /// for the alarming ones.
    fn notes(&self, spinner: &str) -> Vec<(String, bool)> {
        let mut notes = Vec::new();
        if self.questions.is_loading() {
            notes.push((
                format!("{spinner} loading the registration questions…"),
                false,
            ));
        } else if let Some(error) = &self.questions.error {
            let diagnosis = error.diagnosis();
            notes.push((
                format!(
                    "Cannot read the registration questions: {} Fix: {}",
                    diagnosis.summary, diagnosis.fix
                ),
                true,
            ));
        }
        if let Some(refusal) = &self.refusal {
            notes.push((refusal.clone(), true));
        }
        notes
    }

    /// The width of the label column in a form `inner` columns wide: the longest label with its
    /// marker when that leaves half the width for values, else half (labels then wrap).
    fn label_width(&self, inner: usize) -> usize {
        let longest = self
            .fields
            .iter()
            .map(|field| width(&field.label) + 2)
            .max()
            .unwrap_or(0);
        longest.min((inner.saturating_sub(3) / 2).max(LABEL_MIN.min(inner)))
    }

    /// The form's lines at `inner` columns, each with the field it shows, and where the cursor
    /// goes (line, column).
    fn form_lines(&self, inner: usize, ui: &Ui) -> (FormLines, Option<(usize, usize)>) {
        let label_width = self.label_width(inner);
        let value_column = label_width + 3;
        let value_width = inner.saturating_sub(value_column);
        let typing_here = self.pane == Pane::Form;
        let mut lines: FormLines = Vec::new();
        let mut cursor = None;
        for (index, field) in self.fields.iter().enumerate() {
            let focused = index == self.focus && typing_here;
            let label = format!("{}{}", field.label, if field.required { " *" } else { "" });
            let label_lines = wrap(&label, label_width);
            let label_style = if focused {
                ui.theme.key
            } else {
                ui.theme.header
            };
            let mut values: Vec<Span<'static>> = Vec::new();
            let mut below: Vec<Span<'static>> = Vec::new();
            match &field.entry {
                Entry::Text(input) => {
                    let scroll = input.input.visual_scroll(value_width.max(1));
                    let shown: String = input
                        .value()
                        .chars()
                        .skip(scroll)
                        .take(value_width)
                        .collect();
                    if focused {
                        cursor = Some((
                            lines.len(),
                            value_column + input.input.visual_cursor().saturating_sub(scroll),
                        ));
                    }
                    if shown.is_empty() && !focused {
                        values.push(Span::styled(
                            field
                                .answers_hint
                                .as_ref()
                                .map(|choices| fit(&format!("any of: {choices}"), value_width))
                                .unwrap_or_else(|| "·".to_owned()),
                            ui.theme.dim,
                        ));
                    } else {
                        values.push(Span::styled(shown, ui.theme.text));
                    }
                }
                Entry::Choice {
                    answers,
                    chosen,
                    filter,
                } => {
                    let picked = chosen.and_then(|index| answers.get(index));
                    match picked {
                        Some(answer) => {
                            values.push(Span::styled(fit(answer, value_width), ui.theme.text))
                        }
                        None if focused => values.push(Span::styled(
                            fit("type to narrow the list, ← → to pick", value_width),
                            ui.theme.dim,
                        )),
                        None => values.push(Span::styled(
                            fit(&format!("· {} answers", answers.len()), value_width),
                            ui.theme.dim,
                        )),
                    }
                    if focused {
                        below = self.choice_list(answers, *chosen, filter, value_width, ui);
                    }
                }
            }
            let rows = label_lines.len().max(1 + below.len());
            let mut below = below.into_iter();
            for row in 0..rows {
                let mut spans = vec![Span::styled(
                    if focused && row == 0 { "› " } else { "  " },
                    if focused { ui.theme.key } else { ui.theme.dim },
                )];
                let label_part = label_lines.get(row).map(String::as_str).unwrap_or("");
                spans.push(Span::styled(
                    format!("{} ", pad(label_part, label_width)),
                    label_style,
                ));
                if row == 0 {
                    spans.append(&mut values);
                    lines.push((Some(index), Line::from(spans)));
                } else if let Some(list_line) = below.next() {
                    spans.push(list_line);
                    lines.push((Some(index), Line::from(spans)));
                } else {
                    lines.push((Some(index), Line::from(spans)));
                }
            }
            if let Some(problem) = &field.problem {
                // Under the value when it fits there, else from the left edge, wrapped whole.
                let text = format!("✗ {problem}");
                let (indent, columns) = if width(&text) <= value_width {
                    (value_column, value_width)
                } else {
                    (4, inner.saturating_sub(4))
                };
                for part in wrap(&text, columns) {
                    lines.push((
                        Some(index),
                        Line::styled(format!("{:indent$}{part}", ""), ui.theme.error),
                    ));
                }
            }
        }
        (lines, cursor)
    }

    /// The answers under a focused choice question: those the typed letters leave, the picked
    /// one marked, at most [`CHOICES_SHOWN`] around it.
    fn choice_list(
        &self,
        answers: &[String],
        chosen: Option<usize>,
        filter: &str,
        value_width: usize,
        ui: &Ui,
    ) -> Vec<Span<'static>> {
        let shown = form::matching(answers, filter);
        let mut lines = Vec::new();
        if !filter.is_empty() {
            let text = if shown.is_empty() {
                format!("no answer contains “{filter}” (Backspace)")
            } else {
                format!("“{filter}”: {} of {}", shown.len(), answers.len())
            };
            lines.push(Span::styled(
                fit(&text, value_width),
                if shown.is_empty() {
                    ui.theme.error
                } else {
                    ui.theme.dim
                },
            ));
        }
        let at = chosen
            .and_then(|index| shown.iter().position(|&each| each == index))
            .unwrap_or(0);
        let start = at
            .saturating_sub(CHOICES_SHOWN / 2)
            .min(shown.len().saturating_sub(CHOICES_SHOWN));
        for &index in shown.iter().skip(start).take(CHOICES_SHOWN) {
            let picked = Some(index) == chosen;
            let answer = answers.get(index).map(String::as_str).unwrap_or_default();
            lines.push(Span::styled(
                fit(
                    &format!("{} {answer}", if picked { "▸" } else { " " }),
                    value_width,
                ),
                if picked {
                    ui.theme.cursor
                } else {
                    ui.theme.text
                },
            ));
        }
        let hidden = shown.len().saturating_sub(CHOICES_SHOWN);
        if hidden > 0 {
            lines.push(Span::styled(
                fit(
                    &format!("  … {hidden} more: type to narrow, ← → to move"),
                    value_width,
                ),
                ui.theme.dim,
            ));
        }
        lines
    }

    /// Rows the form's box needs at `width` columns (borders included).
    fn form_rows(&self, width: u16, ui: &Ui) -> usize {
        let inner = usize::from(width.saturating_sub(2));
        let notes = self.notes(ui.spinner);
        let note_rows: usize = notes.iter().map(|(text, _)| wrap(text, inner).len()).sum();
        self.form_lines(inner, ui).0.len() + note_rows + usize::from(note_rows > 0) + 2
    }

    fn render_form(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(if self.pane == Pane::Form {
                ui.theme.focused_border
            } else {
                ui.theme.border
            })
            .title(" New registrant · * required ");
        let inner = block.inner(area);
        let (lines, cursor) = self.form_lines(usize::from(inner.width), ui);
        let mut footer: Vec<Line> = Vec::new();
        for (text, alarming) in self.notes(ui.spinner) {
            for part in wrap(&text, usize::from(inner.width)) {
                footer.push(Line::styled(
                    part,
                    if alarming {
                        ui.theme.error
                    } else {
                        ui.theme.warn
                    },
                ));
            }
        }
        let footer_rows = footer
            .len()
            .min(usize::from(inner.height).saturating_sub(1));
        let gap = usize::from(!footer.is_empty() && usize::from(inner.height) > footer_rows + 1);
        let rows = usize::from(inner.height)
            .saturating_sub(footer_rows + gap)
            .min(lines.len());
        let (offset, hidden_above, hidden_below) = scroll_to(
            lines.iter().map(|(field, _)| *field == Some(self.focus)),
            lines.len(),
            rows,
        );
        let block = match (hidden_above, hidden_below) {
            (false, false) => block,
            (true, false) => block.title_bottom(" ↑ more fields above "),
            (false, true) => block.title_bottom(" ↓ more fields below "),
            (true, true) => block.title_bottom(" ↑↓ more fields "),
        };
        frame.render_widget(block, area);
        let shown: Vec<Line> = lines
            .into_iter()
            .skip(offset)
            .take(rows)
            .map(|(_, line)| line)
            .collect();
        let [fields_area, _, footer_area] = Layout::vertical([
            Constraint::Length(rows as u16),
            Constraint::Length(gap as u16),
            Constraint::Min(0),
        ])
        .areas(inner);
        frame.render_widget(Paragraph::new(shown), fields_area);
        frame.render_widget(Paragraph::new(footer), footer_area);
        if let Some((line, column)) = cursor
            && line >= offset
            && line - offset < rows
        {
            frame.set_cursor_position(Position {
                x: inner.x + column.min(usize::from(inner.width).saturating_sub(1)) as u16,
                y: inner.y + (line - offset) as u16,
            });
        }
    }

    /// The lines of the list of people sent at `width` columns, newest first, each with its
    /// row (0 = newest).
    fn sent_lines(&self, width: usize, ui: &Ui) -> Vec<(usize, Line<'static>)> {
        let selected = match self.pane {
            Pane::Sent { selected } => Some(selected),
            Pane::Form => None,
        };
        let mut lines = Vec::new();
        for (row, submission) in self.submissions.iter().rev().enumerate() {
            let picked = selected == Some(row);
            let who = format!("{} <{}>", submission.name, submission.email);
            let (mark, style) = match &submission.state {
                SubmissionState::Sending => (ui.spinner, ui.theme.warn),
                SubmissionState::Registered { .. } => ("✓", ui.theme.ok),
                SubmissionState::PendingApproval { .. } => ("●", ui.theme.warn),
                SubmissionState::AlreadyRegistered { .. } => ("=", ui.theme.text),
                SubmissionState::Refused(_) => ("✗", ui.theme.error),
                SubmissionState::Held => ("◌", ui.theme.dim),
            };
            let who_style = if picked {
                ui.theme.cursor
            } else {
                ui.theme.text
            };
            lines.push((
                row,
                Line::from(vec![
                    Span::styled(format!("{mark} "), style),
                    Span::styled(fit(&who, width.saturating_sub(2)), who_style),
                ]),
            ));
            let mut detail = |text: &str, style: Style, whole: bool| {
                if whole {
                    for part in wrap(text, width.saturating_sub(2)) {
                        lines.push((row, Line::styled(format!("  {part}"), style)));
                    }
                } else {
                    lines.push((row, Line::styled(fit(&format!("  {text}"), width), style)));
                }
            };
            match &submission.state {
                SubmissionState::Sending => detail("sending…", style, false),
                SubmissionState::Registered {
                    join_url,
                    occurrences,
                    ..
                } => {
                    detail(
                        &match join_url {
                            Some(url) => format!("registered · {url}"),
                            None => "registered".to_owned(),
                        },
                        style,
                        false,
                    );
                    if let Some(text) = self.occurrences_text(occurrences) {
                        detail(&text, ui.theme.dim, true);
                    }
                }
                SubmissionState::PendingApproval { occurrences, .. } => {
                    detail("pending approval (A on the list approves)", style, false);
                    if let Some(text) = self.occurrences_text(occurrences) {
                        detail(&text, ui.theme.dim, true);
                    }
                }
                SubmissionState::AlreadyRegistered { status } => detail(
                    &format!("already registered ({status}); nothing sent"),
                    style,
                    false,
                ),
                SubmissionState::Refused(refusal) => {
                    for statement in refusal.statements() {
                        detail(&format!("refused · {statement}"), style, true);
                    }
                    detail(&format!("fix: {}", refusal.fix), ui.theme.dim, true);
                    detail(
                        if picked {
                            "Enter: reopen it in the form to correct and resend"
                        } else {
                            "Ctrl-O, then Enter: reopen it to correct and resend"
                        },
                        ui.theme.key,
                        true,
                    );
                }
                SubmissionState::Held => detail(
                    "not sent: kept aside while another entry was reopened (Enter reopens it)",
                    style,
                    true,
                ),
            }
        }
        lines
    }

    /// "for Tue 9 Mar 2027 15:00 +01:00" from the occurrences Zoom registered the person for.
    fn occurrences_text(&self, occurrences: &[Occurrence]) -> Option<String> {
        let zone = self
            .schedule
            .as_ref()
            .and_then(|schedule| schedule.time_zone.as_deref());
        let first = occurrences.first()?;
        Some(match occurrences.len() {
            1 => format!("for {}", first.describe(zone)),
            count => format!("for {count} occurrences, from {}", first.describe(zone)),
        })
    }

    fn render_submissions(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let count = |wanted: fn(&SubmissionState) -> bool| {
            self.submissions
                .iter()
                .filter(|submission| wanted(&submission.state))
                .count()
        };
        let sending = count(|state| !state.is_done());
        let failed = count(|state| matches!(state, SubmissionState::Refused(_)));
        let held = count(|state| matches!(state, SubmissionState::Held));
        let mut title = format!(" Sent: {} ", self.submissions.len() - held);
        if sending > 0 {
            title.push_str(&format!("· {} {sending} in flight ", ui.spinner));
        }
        if failed > 0 {
            title.push_str(&format!("· {failed} refused "));
        }
        if held > 0 {
            title.push_str(&format!("· {held} kept aside "));
        }
        let focused = matches!(self.pane, Pane::Sent { .. });
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(if focused {
                ui.theme.focused_border
            } else {
                ui.theme.border
            })
            .title(title);
        let inner = block.inner(area);
        let width = usize::from(inner.width);
        let mut head = Vec::new();
        if self.closing {
            head.push(Line::styled(
                fit(
                    &format!(
                        "{} leaving once {} in flight {} done · Esc: leave now",
                        ui.spinner,
                        sending,
                        if sending == 1 { "is" } else { "are" }
                    ),
                    width,
                ),
                ui.theme.warn,
            ));
        }
        if self.submissions.is_empty() {
            frame.render_widget(block, area);
            head.push(Line::styled(
                if inner.height > 1 {
                    "Nobody sent yet. Each person is registered in the background while you \
                     type the next one; how it went shows here."
                } else {
                    "Nobody sent yet; outcomes show here."
                },
                ui.theme.dim,
            ));
            frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: true }), inner);
            return;
        }
        let lines = self.sent_lines(width, ui);
        let rows = usize::from(inner.height).saturating_sub(head.len());
        let selected = match self.pane {
            Pane::Sent { selected } => selected,
            Pane::Form => 0,
        };
        let (offset, hidden_above, hidden_below) = scroll_to(
            lines.iter().map(|(row, _)| *row == selected),
            lines.len(),
            rows,
        );
        let block = match (hidden_above, hidden_below) {
            (false, false) => block,
            (true, false) => block.title_bottom(" ↑ newer above "),
            (false, true) => block.title_bottom(" ↓ more below (Ctrl-O) "),
            (true, true) => block.title_bottom(" ↑↓ more "),
        };
        frame.render_widget(block, area);
        head.extend(
            lines
                .into_iter()
                .skip(offset)
                .take(rows)
                .map(|(_, line)| line),
        );
        frame.render_widget(Paragraph::new(head), inner);
    }
}

/// The first line to show of `total` in `rows` so that the wanted lines (`wanted` per line) are
/// visible, their end first; with whether lines hide above and below.
fn scroll_to(wanted: impl Iterator<Item = bool>, total: usize, rows: usize) -> (usize, bool, bool) {
    let wanted: Vec<usize> = wanted
        .enumerate()
        .filter(|(_, is)| *is)
        .map(|(line, _)| line)
        .collect();
    let first = wanted.first().copied().unwrap_or(0);
    let last = wanted.last().copied().unwrap_or(0);
    let offset = if last >= rows {
        (last + 1 - rows).min(first)
    } else {
        0
    };
    (offset, offset > 0, offset + rows < total)
}

/// The registrant Zoom created, as a listing would show it (registered time set on handback).
fn registrant_of(
    person: &NewRegistrant,
    added: &AddOutcome,
    status: RegistrantStatus,
) -> Registrant {
    Registrant {
        id: added.registrant_id.clone(),
        email: person.email.clone(),
        first_name: person.first_name.clone(),
        fields: person.fields.clone(),
        custom_questions: person.custom_questions.clone(),
        status,
        create_time: None,
        join_url: added.join_url.clone(),
        participant_pin_code: added.participant_pin_code,
        language: person.language.clone(),
    }
}

impl Screen for AddFormScreen {
    fn title(&self) -> String {
        format!("Add registrants · {}", self.topic)
    }

    fn scopes(&self) -> &'static [Scope] {
        match self.pane {
            Pane::Form => &[Scope::AddForm],
            Pane::Sent { .. } => &[Scope::AddFormSent, Scope::List],
        }
    }

    fn start(&mut self, ids: &mut RequestIds) -> Vec<Effect> {
        let mut effects = vec![Effect::LoadQuestions {
            request: self.questions.begin(ids),
            event: self.event,
        }];
        if self.approval.is_none() {
            let request = ids.next_id();
            self.event_load = Some(request);
            effects.push(Effect::LoadEvent {
                request,
                event: self.event,
            });
        }
        effects
    }

    fn is_typing(&self) -> bool {
        self.pane == Pane::Form
    }

    /// One value goes into the focused field; a spreadsheet row (tab-separated) fills the fields
    /// from the focused one on. Several rows are refused whole (nothing is lost half-pasted).
    fn handle_paste(&mut self, text: &str) {
        if self.pane != Pane::Form {
            return;
        }
        let text = text.trim_end_matches(['\r', '\n']);
        if text.contains('\n') {
            let rows = text.lines().filter(|line| !line.trim().is_empty()).count();
            self.refusal = Some(format!(
                "Pasted {rows} lines; the form takes one person at a time (a row of tab-separated \
                 values fills the fields). Nothing was pasted."
            ));
            return;
        }
        let values: Vec<&str> = text.split('\t').collect();
        let last = values.len().saturating_sub(1);
        for (step, value) in values.into_iter().enumerate() {
            if let Some(field) = self.focused() {
                field.paste(value);
            }
            self.recheck_focused();
            if step < last {
                if self.focus + 1 >= self.fields.len() {
                    self.refusal = Some(
                        "The pasted row has more values than the form has fields; the rest was \
                         left out."
                            .to_owned(),
                    );
                    return;
                }
                self.move_focus(true);
            }
        }
    }

    fn handle_key(&mut self, key: &KeyEvent, ids: &mut RequestIds) -> Option<Action> {
        if let Pane::Sent { selected } = self.pane {
            return self.handle_sent_key(key, selected);
        }
        let plain_char = matches!(key.code, KeyCode::Char(_))
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        if plain_char {
            self.edit(key);
            return None;
        }
        let on_choice = self.fields.get(self.focus).is_some_and(Field::is_choice);
        match keymap::command_for(self.scopes(), key) {
            Some(Command::Submit) => return self.submit(ids),
            Some(Command::Confirm) if self.focus + 1 >= self.fields.len() => {
                return self.submit(ids);
            }
            Some(Command::Confirm | Command::Down) => self.move_focus(true),
            Some(Command::Up) => self.move_focus(false),
            Some(Command::NextTab) if on_choice => {
                if let Some(field) = self.focused() {
                    field.cycle(true);
                }
                self.recheck_focused();
            }
            Some(Command::PrevTab) if on_choice => {
                if let Some(field) = self.focused() {
                    field.cycle(false);
                }
                self.recheck_focused();
            }
            Some(Command::Open) => return self.open_sent(),
            Some(Command::Back) => return self.close(),
            _ => self.edit(key),
        }
        None
    }

    fn accept(
        &mut self,
        request: RequestId,
        outcome: Outcome,
        _ids: &mut RequestIds,
    ) -> Result<Option<Action>, Outcome> {
        match outcome {
            Outcome::Questions(result) if self.questions.waits_for(request) => {
                self.on_questions(result);
                Ok(None)
            }
            Outcome::Event(result) if self.event_load == Some(request) => {
                self.event_load = None;
                match result {
                    Ok(detail) => {
                        self.learn_approval(detail.settings.approval_type);
                        self.schedule = Some(Schedule::of(&detail));
                    }
                    // The form works without it; outcomes then say "registered".
                    Err(error) => tracing::info!("no settings for the add form: {error}"),
                }
                Ok(None)
            }
            Outcome::Added(result)
                if self
                    .submissions
                    .iter()
                    .any(|submission| submission.request == Some(request)) =>
            {
                self.on_added(request, result);
                if self.closing && self.in_flight() == 0 {
                    return Ok(Some(Action::Back));
                }
                Ok(None)
            }
            other => Err(other),
        }
    }

    /// The people Zoom registered, for the list below to show without listing again.
    fn handback(&mut self, now: jiff::Timestamp) -> Option<Handback> {
        let registrants: Vec<Registrant> = self
            .submissions
            .iter()
            .filter_map(|submission| submission.state.created())
            .map(|registrant| Registrant {
                create_time: registrant.create_time.or(Some(now)),
                ..registrant.clone()
            })
            .collect();
        (!registrants.is_empty()).then_some(Handback::Registered {
            event: self.event,
            registrants,
        })
    }

    fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let registers_for = self.registers_for(ui.now);
        let head_rows = 1 + u16::from(registers_for.is_some());
        let [head, body] =
            Layout::vertical([Constraint::Length(head_rows), Constraint::Min(1)]).areas(area);
        let approval = match self.approval {
            Some(ApprovalType::Manual) => " · manual approval: new registrants wait in Pending",
            Some(ApprovalType::Automatic) => " · registrants are approved at once",
            _ => "",
        };
        let mut head_lines = vec![Line::styled(
            fit(
                &format!("{} {}{approval}", self.event.kind.noun(), self.event.id),
                usize::from(head.width),
            ),
            ui.theme.dim,
        )];
        if let Some(text) = registers_for {
            head_lines.push(Line::styled(
                fit(&text, usize::from(head.width)),
                ui.theme.text,
            ));
        }
        frame.render_widget(Paragraph::new(head_lines), head);
        let side_by_side = body.width >= SIDE_BY_SIDE_WIDTH;
        let form_width = if side_by_side {
            body.width * 55 / 100
        } else {
            body.width
        };
        let form_rows = self.form_rows(form_width, ui) as u16;
        let [form_area, list_area] = if side_by_side {
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                    .areas(body);
            // The form as tall as its fields; the list beside it takes the whole height.
            let [form, _] =
                Layout::vertical([Constraint::Length(form_rows), Constraint::Min(0)]).areas(left);
            [form, right]
        } else if matches!(self.pane, Pane::Sent { .. }) {
            // Stacked, the list has the keys: it gets the room, the form keeps 3 rows.
            let form = 3.min(body.height);
            Layout::vertical([Constraint::Length(form), Constraint::Min(0)]).areas(body)
        } else {
            // Stacked: the form gets what it needs (at least 5 rows); the list keeps 4, or 3
            // (one line) while nobody was sent.
            let list_rows = if self.submissions.is_empty() { 3 } else { 4 };
            let form = form_rows
                .min(body.height.saturating_sub(list_rows))
                .max(5.min(body.height));
            Layout::vertical([Constraint::Length(form), Constraint::Min(0)]).areas(body)
        };
        self.render_form(frame, form_area, ui);
        if list_area.height >= 3 {
            self.render_submissions(frame, list_area, ui);
        }
    }
}
