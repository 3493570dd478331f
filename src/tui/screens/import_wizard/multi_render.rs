//! How the wizard for several events draws its check (one plan per event, the rows whose event
//! could not be found, every problem) and its run (the single-event run, with each event's rows
//! under it when they fit).

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::Running;
use super::render::{CheckItem, render_check_frame, render_run};
use crate::import::job::Prepared;
use crate::import::mapping::Target;
use crate::import::multi::MultiPrepared;
use crate::import::outcome::RowOutcome;
use crate::import::run::ImportEvent;
use crate::tui::drawn_text::safe;
use crate::tui::screens::{ListCursor, Ui, fit};

/// How a line of the check's list is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineKind {
    /// An event's plan, or a section's title.
    Heading,
    Detail,
    Problem,
}

/// One line of the check's scrolling list (already sanitised).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PlanLine {
    pub kind: LineKind,
    pub text: String,
}

fn line(kind: LineKind, text: &str) -> PlanLine {
    PlanLine {
        kind,
        text: safe(text),
    }
}

/// "meeting 812 3456 7890 “Topic”".
fn event_label(event: &Prepared) -> String {
    format!("{} “{}”", event.request.event, event.event.summary.topic)
}

/// The questions of an event no column of the file answers (required ones marked).
fn unanswered_questions(event: &Prepared) -> Vec<String> {
    event
        .form
        .questions
        .iter()
        .filter(|question| {
            !event.mapping.columns.iter().any(|column| {
                matches!(&column.target, Some(Target::Question(title))
                    if title.trim().eq_ignore_ascii_case(question.title.trim()))
            })
        })
        .map(|question| {
            if question.required {
                format!("“{}” (required)", question.title)
            } else {
                format!("“{}”", question.title)
            }
        })
        .collect()
}

/// The check's list: each event's plan and the questions no column answers for it, then the
/// rows whose event could not be found, then every event's problems by row.
pub(super) fn plan_lines(prepared: &MultiPrepared) -> Vec<PlanLine> {
    let mut lines = Vec::new();
    for event in &prepared.events {
        let summary = &event.plan.summary;
        let settled = &summary.settled;
        lines.push(line(
            LineKind::Heading,
            &format!(
                "{} · {} row{}{}",
                event_label(event),
                event.source.rows,
                if event.source.rows == 1 { "" } else { "s" },
                if event.resuming.is_some() {
                    " · resuming"
                } else {
                    ""
                }
            ),
        ));
        let mut counts = format!(
            "    new {} · already registered {} · duplicates {} · invalid {} · blocked {}",
            summary.to_send,
            settled.already_registered,
            settled.duplicate,
            settled.invalid,
            settled.blocked
        );
        if settled.registered > 0 {
            counts.push_str(&format!(" · registered earlier {}", settled.registered));
        }
        lines.push(line(LineKind::Detail, &counts));
        let unanswered = unanswered_questions(event);
        if !unanswered.is_empty() {
            lines.push(line(
                LineKind::Detail,
                &format!("    questions no column answers: {}", unanswered.join(", ")),
            ));
        }
    }
    if !prepared.unplaced.is_empty() {
        lines.push(line(
            LineKind::Heading,
            &format!(
                "Rows whose event could not be found: {} (invalid)",
                prepared.unplaced.len()
            ),
        ));
        for (row, outcome) in &prepared.unplaced {
            if let RowOutcome::Invalid { problems } = outcome {
                for problem in problems {
                    lines.push(line(
                        LineKind::Problem,
                        &format!("  row {row}: {}", problem.message),
                    ));
                }
            }
        }
    }
    let mut problems: Vec<(usize, String)> = Vec::new();
    for event in &prepared.events {
        for problem in &event.file_problems {
            problems.push((0, format!("all rows of {}: {problem}", event.request.event)));
        }
        for (row, outcome) in &event.plan.settled {
            match outcome {
                RowOutcome::Invalid { problems: found } => problems.extend(
                    found
                        .iter()
                        .filter(|problem| !event.file_problems.contains(problem))
                        .map(|problem| (*row, format!("row {row}: {problem}"))),
                ),
                RowOutcome::Blocked { reason } => {
                    problems.push((*row, format!("row {row}: blocked: {reason}")));
                }
                RowOutcome::Duplicate { of_row } => {
                    problems.push((*row, format!("row {row}: duplicate of row {of_row}")));
                }
                _ => {}
            }
        }
    }
    // The engine words its advice for the command line; here the columns come from the headers.
    for (_, text) in &mut problems {
        if let Some(at) = text.find("; map one with --map") {
            text.truncate(at);
            text.push_str("; add a column for it, or import this event's rows from its registrants screen (i), where columns can be chosen");
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|(row, _)| *row);
        lines.push(line(
            LineKind::Heading,
            &format!(
                "Problems: {} (row as in the spreadsheet, header = row 1)",
                problems.len()
            ),
        ));
        lines.extend(
            problems
                .iter()
                .map(|(_, text)| line(LineKind::Problem, &format!("  {text}"))),
        );
    }
    lines
}

pub(super) fn render_multi_check(
    frame: &mut Frame,
    area: Rect,
    ui: &Ui,
    prepared: &MultiPrepared,
    lines: &[PlanLine],
    cursor: &ListCursor,
) {
    let summary = &prepared.summary;
    let settled = &summary.settled;
    let resuming = prepared
        .events
        .iter()
        .filter(|event| event.resuming.is_some())
        .count();
    let mut head = vec![Line::raw(safe(&format!(
        "{} · {}, {}, {} rows · each row's event from column {}",
        prepared.path.display(),
        prepared.encoding,
        prepared.delimiter,
        prepared.rows,
        prepared.event_column
    )))];
    if resuming > 0 {
        head.push(Line::styled(
            format!(
                "Resuming the unfinished import of {resuming} event(s) (their columns are kept)."
            ),
            ui.theme.warn,
        ));
    }
    let pace = prepared.events.first().map(|first| {
        crate::import::plan::PlanSummary {
            minimum_send_time: summary.minimum_send_time,
            ..first.plan.summary
        }
        .pace()
    });
    head.extend([
        Line::styled(
            format!(
                "Dry run: nothing has been sent yet. {} event(s), one rate-limit budget:",
                prepared.events.len()
            ),
            ui.theme.header,
        ),
        Line::raw(format!(
            "New: {} → {} batch call(s), {} single add(s) · already registered {} · invalid {}",
            summary.to_send,
            summary.batch_calls,
            summary.single_adds,
            settled.already_registered,
            settled.invalid
        )),
    ]);
    if let Some(pace) = pace {
        head.push(Line::raw(crate::tui::screens::capitalize(&format!(
            "{pace}, plus network time"
        ))));
    }
    let items: Vec<CheckItem> = lines
        .iter()
        .map(|plan_line| CheckItem {
            drawn: plan_line.text.clone(),
            full: plan_line.text.trim().to_owned(),
            style: match plan_line.kind {
                LineKind::Heading => ui.theme.header,
                LineKind::Detail => ui.theme.text,
                LineKind::Problem => ui.theme.warn,
            },
        })
        .collect();
    let foot = if summary.to_send == 0 {
        "Nobody to register · ↑↓ scroll · Esc: back".to_owned()
    } else {
        format!(
            "Enter: register {} {} in {} event(s) · ↑↓ scroll · Esc: back",
            summary.to_send,
            if summary.to_send == 1 {
                "person"
            } else {
                "people"
            },
            prepared
                .events
                .iter()
                .filter(|event| event.plan.summary.to_send > 0)
                .count()
        )
    };
    render_check_frame(frame, area, ui, head, &items, cursor, &foot);
}

/// The run as the single-event wizard draws it, then each event's rows done when they fit.
pub(super) fn render_multi_run(
    frame: &mut Frame,
    area: Rect,
    ui: &Ui,
    running: &Running,
    prepared: &MultiPrepared,
    progress: &EventsProgress,
) {
    // The gauge, two lines of counts and up to three of stopping: the rest is the events'.
    const RUN_ROWS: u16 = 7;
    let events = u16::try_from(prepared.events.len()).unwrap_or(u16::MAX);
    let per_event = area
        .height
        .saturating_sub(RUN_ROWS)
        .min(events.saturating_add(1));
    let [run_area, events_area] = Layout::vertical([
        Constraint::Min(RUN_ROWS.min(area.height)),
        Constraint::Length(if per_event >= 2 { per_event } else { 0 }),
    ])
    .areas(area);
    render_run(frame, run_area, ui, running);
    if events_area.height < 2 {
        return;
    }
    let width = events_area.width as usize;
    let mut lines = vec![Line::styled("Per event:", ui.theme.header)];
    for (event, (done, total)) in prepared.events.iter().zip(&progress.done) {
        lines.push(Line::raw(fit(
            &safe(&format!("  {done}/{total} rows · {}", event_label(event))),
            width,
        )));
    }
    frame.render_widget(Paragraph::new(lines), events_area);
}

/// The file's earlier import did not finish in some events: which, how far, resume or start
/// over.
pub(super) fn render_unfinished(
    frame: &mut Frame,
    area: Rect,
    ui: &Ui,
    prepared: &MultiPrepared,
    reading: bool,
) {
    let resuming: Vec<_> = prepared
        .events
        .iter()
        .filter_map(|event| event.resuming.as_ref().map(|journal| (event, journal)))
        .collect();
    let sent: usize = resuming
        .iter()
        .map(|(_, journal)| journal.sent_rows.len())
        .sum();
    let mut lines = vec![
        Line::styled(
            crate::tui::drawn_text::safe(&format!(
                "An import of {} did not finish in {} of its {} events.",
                prepared.path.display(),
                resuming.len(),
                prepared.events.len()
            )),
            ui.theme.warn,
        ),
        Line::raw(format!(
            "It sent {sent} rows then. Its journals record every send, so resuming registers nobody twice."
        )),
    ];
    for (event, journal) in &resuming {
        lines.push(Line::styled(
            crate::tui::drawn_text::safe(&format!(
                "  {}: started {}, {} rows sent",
                event.request.event,
                crate::tui::clock::full(journal.begin.at, ui.zone),
                journal.sent_rows.len()
            )),
            ui.theme.dim,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(
        "Enter: resume it · s: start over (whom it registered counts as already registered) · Esc: another file",
    ));
    if reading {
        lines.push(Line::raw(format!("{} Checking against Zoom…", ui.spinner)));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// Rows done per event while the events run side by side (the engine adds their progress up;
/// each row's final outcome says which event it was).
pub(super) struct EventsProgress {
    /// Row → the index of its event in `MultiPrepared::events`.
    event_of_row: HashMap<usize, usize>,
    /// Per event: rows with a final outcome in this run, and rows to send.
    pub(super) done: Vec<(usize, usize)>,
}

impl EventsProgress {
    pub(super) fn new(prepared: &MultiPrepared) -> Self {
        let mut event_of_row = HashMap::new();
        for (index, event) in prepared.events.iter().enumerate() {
            for identity in &event.plan.rows {
                event_of_row.insert(identity.row, index);
            }
        }
        EventsProgress {
            event_of_row,
            done: prepared
                .events
                .iter()
                .map(|event| (0, event.plan.summary.to_send))
                .collect(),
        }
    }

    pub(super) fn observe(&mut self, event: &ImportEvent) {
        if let ImportEvent::Row { row, .. } = event
            && let Some(index) = self.event_of_row.get(row)
            && let Some((done, _)) = self.done.get_mut(*index)
        {
            *done += 1;
        }
    }
}
