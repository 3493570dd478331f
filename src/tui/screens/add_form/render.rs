//! How the add form draws: its head, the fields with their labels wrapped and their problems,
//! a choice question's answers, the notes under the fields, and the people sent with what
//! became of each, beside the form or under it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::form::{self, Entry};
use super::wrap::wrap;
use super::{
    AddFormScreen, CHOICES_SHOWN, FormLines, LABEL_MIN, Pane, SIDE_BY_SIDE_WIDTH, SubmissionState,
};
use crate::text::terminal::{pad, width};
use crate::tui::screens::{Ui, fit};
use crate::zoom::{ApprovalType, Occurrence};

impl AddFormScreen {
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

    /// The head (the event, approval, occurrences), the form and the people sent, beside it
    /// when wide enough.
    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
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
