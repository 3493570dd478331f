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
mod render;
mod wrap;

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use self::form::{Entered, Entry, Field, Target};
use super::{Action, Handback, Loadable, Notice, Screen, Ui};
use crate::registrant_fields::person::full_name;
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
        self.draw(frame, area, ui);
    }
}
