//! The rapid-entry add form of one meeting or webinar (`a` on the registrants screen).
//!
//! The form is built from the event's registration questions ([`form`]); email, first and last
//! name are there at once so typing starts before the questions arrive. Enter moves to the next
//! field and, on the last one, registers the person (Ctrl-S from any field): the form checks every
//! field first (nothing is sent while one is wrong), then issues [`Effect::AddRegistrant`], clears
//! itself and puts the cursor back on the first field, so the next person can be typed while the
//! request runs. Each submission stays listed beside the form with its outcome (registered with
//! its join URL, pending approval, already registered, or the error's diagnosis). Esc goes back
//! once nothing is in flight, and the registrants list below reloads.

mod form;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use self::form::{Entry, Field};
use super::{Action, Loadable, Screen, Ui, fit};
use crate::registrant_fields::person::full_name;
use crate::tui::keymap::{self, Command, Scope};
use crate::tui::message::{Effect, Outcome, RequestId, RequestIds};
use crate::zoom::{
    AddOptions, AddOutcome, AddResolution, ApprovalType, EventRef, Questions, RegistrantStatus,
    ZoomError,
};

/// From this width the submissions are listed beside the form instead of under it.
const SIDE_BY_SIDE_WIDTH: u16 = 100;
/// The widest a field's label column gets.
const LABEL_MAX: usize = 30;

pub struct AddFormScreen {
    event: EventRef,
    topic: String,
    occurrence: Option<String>,
    /// Whether registrants wait for approval; loaded when the caller did not know it.
    approval: Option<ApprovalType>,
    approval_load: Option<RequestId>,
    questions: Loadable<Questions>,
    fields: Vec<Field>,
    focus: usize,
    /// A submit was refused: problems now update on every keystroke until the form is clean.
    checking_all: bool,
    /// Why the last submit was refused.
    refusal: Option<String>,
    /// Newest last.
    submissions: Vec<Submission>,
    /// Esc was pressed while requests were in flight: leave when they are done.
    closing: bool,
}

/// One person sent from this form.
#[derive(Debug)]
struct Submission {
    request: RequestId,
    email: String,
    name: String,
    state: SubmissionState,
}

#[derive(Debug)]
enum SubmissionState {
    Sending,
    Registered { join_url: Option<String> },
    PendingApproval,
    AlreadyRegistered { status: String },
    Failed { summary: String, fix: String },
}

impl SubmissionState {
    fn is_done(&self) -> bool {
        !matches!(self, SubmissionState::Sending)
    }

    fn changed_registrants(&self) -> bool {
        matches!(
            self,
            SubmissionState::Registered { .. } | SubmissionState::PendingApproval
        )
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
            approval_load: None,
            questions: Loadable::default(),
            fields: form::fields_for(None),
            focus: 0,
            checking_all: false,
            refusal: None,
            submissions: Vec::new(),
            closing: false,
        }
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
                (Entry::Choice { .. }, KeyCode::Char(' ')) => field.cycle(true),
                (Entry::Choice { .. }, KeyCode::Char(letter)) => field.jump_to(letter),
                (Entry::Choice { .. }, KeyCode::Backspace | KeyCode::Delete) => field.clear(),
                (Entry::Choice { .. }, _) => {}
                (Entry::Text(input), _) => {
                    input.handle_key(key);
                }
            }
        }
        self.recheck_focused();
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
        let request = ids.next_id();
        let name = full_name(&person.first_name, person.fields.last_name.as_deref());
        self.submissions.push(Submission {
            request,
            email: person.email.clone(),
            name,
            state: SubmissionState::Sending,
        });
        for field in &mut self.fields {
            field.clear();
        }
        self.focus = 0;
        self.checking_all = false;
        self.refusal = None;
        Some(Action::Run(vec![Effect::AddRegistrant {
            request,
            event: self.event,
            person: Box::new(person),
            options: AddOptions {
                occurrence_ids: self.occurrence.iter().cloned().collect(),
                auto_approve: None,
                // Spares one of Zoom's 3 registration requests per person and day.
                check_existing: true,
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
        let Some(submission) = self
            .submissions
            .iter_mut()
            .find(|submission| submission.request == request)
        else {
            return;
        };
        submission.state = match result {
            Ok(added) => match (added.resolution, added.status.as_ref()) {
                (AddResolution::AlreadyRegistered, status) => SubmissionState::AlreadyRegistered {
                    status: status
                        .map(|status| status.as_str().to_owned())
                        .unwrap_or_else(|| "status unknown".to_owned()),
                },
                (_, Some(RegistrantStatus::Pending)) => SubmissionState::PendingApproval,
                (_, None) if manual => SubmissionState::PendingApproval,
                _ => SubmissionState::Registered {
                    join_url: added.join_url.clone(),
                },
            },
            Err(error) => {
                let diagnosis = error.diagnosis();
                SubmissionState::Failed {
                    summary: diagnosis.summary,
                    fix: diagnosis.fix,
                }
            }
        };
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

    fn render_form(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(ui.theme.focused_border)
            .title(" New registrant · * required ");
        let inner = block.inner(area);
        let label_width = self
            .fields
            .iter()
            .map(|field| crate::text::terminal::width(&field.label) + 2)
            .max()
            .unwrap_or(0)
            .min(LABEL_MAX)
            .min(usize::from(inner.width) / 2);
        let value_width = usize::from(inner.width).saturating_sub(label_width + 3);

        // Each line remembers the field it shows, so the view can follow the focus.
        let mut lines: Vec<(Option<usize>, Line)> = Vec::new();
        let mut cursor = None;
        for (index, field) in self.fields.iter().enumerate() {
            let focused = index == self.focus;
            let label = format!("{}{}", field.label, if field.required { " *" } else { "" });
            let mut spans = vec![
                Span::styled(
                    if focused { "› " } else { "  " },
                    if focused { ui.theme.key } else { ui.theme.dim },
                ),
                Span::styled(
                    format!(
                        "{} ",
                        crate::text::terminal::pad(&fit(&label, label_width), label_width)
                    ),
                    if focused {
                        ui.theme.key
                    } else {
                        ui.theme.header
                    },
                ),
            ];
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
                            label_width + 3 + input.input.visual_cursor().saturating_sub(scroll),
                        ));
                    }
                    if shown.is_empty() && !focused {
                        spans.push(Span::styled(
                            field
                                .answers_hint
                                .as_ref()
                                .map(|choices| fit(&format!("any of: {choices}"), value_width))
                                .unwrap_or_else(|| "·".to_owned()),
                            ui.theme.dim,
                        ));
                    } else {
                        spans.push(Span::styled(shown, ui.theme.text));
                    }
                }
                Entry::Choice { answers, chosen } => {
                    let text = match chosen.and_then(|index| answers.get(index)) {
                        Some(answer) => format!("‹ {answer} ›"),
                        None => "‹ pick with ← → or a letter ›".to_owned(),
                    };
                    spans.push(Span::styled(
                        fit(&text, value_width),
                        if chosen.is_some() {
                            ui.theme.text
                        } else {
                            ui.theme.dim
                        },
                    ));
                    if focused {
                        spans.push(Span::styled(
                            format!("  {}/{}", chosen.map_or(0, |i| i + 1), answers.len()),
                            ui.theme.dim,
                        ));
                    }
                }
            }
            lines.push((Some(index), Line::from(spans)));
            if let Some(problem) = &field.problem {
                // Under the value when it fits there, else from the left edge.
                let text = format!("✗ {problem}");
                let indent = if text.chars().count() <= value_width {
                    label_width + 3
                } else {
                    4
                };
                lines.push((
                    Some(index),
                    Line::styled(
                        fit(&format!("{:indent$}{text}", ""), usize::from(inner.width)),
                        ui.theme.error,
                    ),
                ));
            }
        }
        let notes = self.notes(ui.spinner);
        let footer_rows =
            note_rows(&notes, inner.width).min(usize::from(inner.height).saturating_sub(1));
        let footer: Vec<Line> = notes
            .into_iter()
            .map(|(text, alarming)| {
                Line::styled(
                    text,
                    if alarming {
                        ui.theme.error
                    } else {
                        ui.theme.warn
                    },
                )
            })
            .collect();
        let gap = usize::from(!footer.is_empty());
        let rows = usize::from(inner.height)
            .saturating_sub(footer_rows + gap)
            .min(lines.len());
        let focus_lines: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, (field, _))| *field == Some(self.focus))
            .map(|(line, _)| line)
            .collect();
        let last_focus_line = focus_lines.last().copied().unwrap_or(0);
        let first_focus_line = focus_lines.first().copied().unwrap_or(0);
        let offset = if last_focus_line >= rows {
            (last_focus_line + 1 - rows).min(first_focus_line)
        } else {
            0
        };
        let hidden_above = offset > 0;
        let hidden_below = offset + rows < lines.len();
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
        frame.render_widget(
            Paragraph::new(footer).wrap(Wrap { trim: true }),
            footer_area,
        );
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

    fn render_submissions(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let count = |wanted: fn(&SubmissionState) -> bool| {
            self.submissions
                .iter()
                .filter(|submission| wanted(&submission.state))
                .count()
        };
        let sending = count(|state| !state.is_done());
        let failed = count(|state| matches!(state, SubmissionState::Failed { .. }));
        let mut title = format!(" Sent: {} ", self.submissions.len());
        if sending > 0 {
            title.push_str(&format!("· {} {sending} in flight ", ui.spinner));
        }
        if failed > 0 {
            title.push_str(&format!("· {failed} failed "));
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(ui.theme.border)
            .title(title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let width = usize::from(inner.width);
        let mut lines = Vec::new();
        if self.closing {
            lines.push(Line::styled(
                format!(
                    "{} leaving once {} in flight {} done · Esc: leave now",
                    ui.spinner,
                    sending,
                    if sending == 1 { "is" } else { "are" }
                ),
                ui.theme.warn,
            ));
        }
        if self.submissions.is_empty() {
            lines.push(Line::styled(
                if inner.height > 1 {
                    "Nobody sent yet. Each person is registered in the background while you \
                     type the next one; how it went shows here."
                } else {
                    "Nobody sent yet; each person's outcome shows here."
                },
                ui.theme.dim,
            ));
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
            return;
        }
        for submission in self.submissions.iter().rev() {
            let who = format!("{} <{}>", submission.name, submission.email);
            let (mark, style, outcome) = match &submission.state {
                SubmissionState::Sending => (ui.spinner, ui.theme.warn, "sending…".to_owned()),
                SubmissionState::Registered { join_url } => (
                    "✓",
                    ui.theme.ok,
                    match join_url {
                        Some(url) => format!("registered · {url}"),
                        None => "registered".to_owned(),
                    },
                ),
                SubmissionState::PendingApproval => (
                    "●",
                    ui.theme.warn,
                    "pending approval (A on the list approves)".to_owned(),
                ),
                SubmissionState::AlreadyRegistered { status } => (
                    "=",
                    ui.theme.text,
                    format!("already registered ({status}); nothing sent"),
                ),
                SubmissionState::Failed { summary, .. } => ("✗", ui.theme.error, summary.clone()),
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{mark} "), style),
                Span::styled(fit(&who, width.saturating_sub(2)), ui.theme.text),
            ]));
            lines.push(Line::styled(fit(&format!("  {outcome}"), width), style));
            if let SubmissionState::Failed { fix, .. } = &submission.state {
                lines.push(Line::styled(
                    fit(&format!("  fix: {fix}"), width),
                    ui.theme.dim,
                ));
            }
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// Rows `notes` take wrapped at `width` (one spare row per note for word wrapping).
fn note_rows(notes: &[(String, bool)], width: u16) -> usize {
    let width = usize::from(width.max(1));
    notes
        .iter()
        .map(|(text, _)| {
            let chars = text.chars().count();
            chars / width + usize::from(chars % width != 0 && chars > width) + 1
        })
        .sum()
}

impl Screen for AddFormScreen {
    fn title(&self) -> String {
        format!("Add registrants · {}", self.topic)
    }

    fn scopes(&self) -> &'static [Scope] {
        &[Scope::AddForm]
    }

    fn start(&mut self, ids: &mut RequestIds) -> Vec<Effect> {
        let mut effects = vec![Effect::LoadQuestions {
            request: self.questions.begin(ids),
            event: self.event,
        }];
        if self.approval.is_none() {
            let request = ids.next_id();
            self.approval_load = Some(request);
            effects.push(Effect::LoadEvent {
                request,
                event: self.event,
            });
        }
        effects
    }

    fn is_typing(&self) -> bool {
        true
    }

    /// One value goes into the focused field; a spreadsheet row (tab-separated) fills the fields
    /// from the focused one on. Several rows are refused whole (nothing is lost half-pasted).
    fn handle_paste(&mut self, text: &str) {
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
            Outcome::Event(result) if self.approval_load == Some(request) => {
                self.approval_load = None;
                match result {
                    Ok(detail) => self.approval = Some(detail.settings.approval_type),
                    // The form works without it; outcomes then say "registered".
                    Err(error) => tracing::info!("no approval setting for the add form: {error}"),
                }
                Ok(None)
            }
            Outcome::Added(result)
                if self
                    .submissions
                    .iter()
                    .any(|submission| submission.request == request) =>
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

    fn refreshes_below(&self) -> bool {
        self.submissions
            .iter()
            .any(|submission| submission.state.changed_registrants())
    }

    fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let [head, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        let approval = match self.approval {
            Some(ApprovalType::Manual) => " · manual approval: new registrants wait in Pending",
            Some(ApprovalType::Automatic) => " · registrants are approved at once",
            _ => "",
        };
        let occurrence = self
            .occurrence
            .as_deref()
            .map(|id| format!(" · occurrence {id}"))
            .unwrap_or_default();
        frame.render_widget(
            Line::styled(
                fit(
                    &format!(
                        "{} {}{occurrence}{approval}",
                        self.event.kind.noun(),
                        self.event.id
                    ),
                    usize::from(head.width),
                ),
                ui.theme.dim,
            ),
            head,
        );
        let side_by_side = body.width >= SIDE_BY_SIDE_WIDTH;
        let form_width = if side_by_side {
            body.width * 55 / 100
        } else {
            body.width
        };
        let note_rows = note_rows(&self.notes(ui.spinner), form_width.saturating_sub(2));
        let field_rows = self.fields.len()
            + self.fields.iter().filter(|f| f.problem.is_some()).count()
            + note_rows
            + usize::from(note_rows > 0);
        let [form_area, list_area] = if side_by_side {
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                    .areas(body);
            // The form as tall as its fields; the list beside it takes the whole height.
            let [form, _] = Layout::vertical([
                Constraint::Length(field_rows as u16 + 2),
                Constraint::Min(0),
            ])
            .areas(left);
            [form, right]
        } else {
            // Stacked: the form gets what it needs (at least 5 rows); the list keeps 4, or 3
            // (one line) while nobody was sent.
            let list_rows = if self.submissions.is_empty() { 3 } else { 4 };
            let form_rows = (field_rows as u16 + 2)
                .min(body.height.saturating_sub(list_rows))
                .max(5.min(body.height));
            Layout::vertical([Constraint::Length(form_rows), Constraint::Min(0)]).areas(body)
        };
        self.render_form(frame, form_area, ui);
        if list_area.height >= 3 {
            self.render_submissions(frame, list_area, ui);
        }
    }
}
