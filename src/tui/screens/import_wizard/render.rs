//! How the import wizard draws each step: the columns table, the dry run's plan and problems, the
//! run's gauge and counts, the report.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph, Wrap};

use std::collections::BTreeMap;

use super::picker::FieldPicker;
use super::targets::target_label;
use super::{AttentionRow, Running, StopThen};
use crate::import::job::{Finished, Prepared};
use crate::import::mapping::{Reason, Target};
use crate::import::outcome::OutcomeCounts;
use crate::tui::drawn_text::safe;
use crate::tui::screens::{ListCursor, TextField, Ui, fit};

/// How many path completions are listed under the input.
const COMPLETIONS_SHOWN: usize = 6;

/// The step names, in order, with the current one (0-based) highlighted.
pub(super) fn render_step_bar(frame: &mut Frame, area: Rect, ui: &Ui, current: usize) {
    let mut spans = Vec::new();
    for (index, name) in super::STEP_NAMES.iter().enumerate() {
        if index > 0 {
            spans.push(Span::styled(" › ", ui.theme.dim));
        }
        let style = if index == current {
            ui.theme.active_tab
        } else {
            ui.theme.dim
        };
        spans.push(Span::styled(format!("{} {name}", index + 1), style));
    }
    frame.render_widget(Line::from(spans), area);
}

/// What the file step shows: the typed path, Tab's candidates, an error, what is being read.
pub(super) struct FileStepView<'a> {
    pub path: &'a TextField,
    pub completions: &'a [String],
    pub error: Option<&'a str>,
    /// "Reading … and asking Zoom about …", while the file is read.
    pub reading: Option<&'a str>,
}

/// The file step: the path input (with the cursor), completions, the error and the hint.
pub(super) fn render_file_step(frame: &mut Frame, body: Rect, ui: &Ui, view: &FileStepView) {
    let mut lines = vec![
        Line::raw(
            "File to import (CSV, TSV or semicolon-separated; UTF-8, UTF-16 or Windows-1252):",
        ),
        Line::styled(format!("> {}", safe(view.path.value())), ui.theme.text),
    ];
    if let Some(error) = view.error {
        lines.extend(
            error
                .lines()
                .map(|line| Line::styled(safe(line), ui.theme.error)),
        );
    }
    if let Some(reading) = view.reading {
        lines.push(Line::raw(safe(&format!("{} {reading}", ui.spinner))));
    }
    if !view.completions.is_empty() {
        let mut shown: Vec<String> = view
            .completions
            .iter()
            .take(COMPLETIONS_SHOWN)
            .map(|name| safe(name))
            .collect();
        if view.completions.len() > COMPLETIONS_SHOWN {
            shown.push(format!(
                "… {} more",
                view.completions.len() - COMPLETIONS_SHOWN
            ));
        }
        lines.push(Line::styled(shown.join("  "), ui.theme.dim));
    }
    lines.push(Line::styled(
        "Enter: read and check it (nothing is sent) · Tab: complete · ~ is your home folder",
        ui.theme.dim,
    ));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
    let x = body.x + 2 + view.path.input.visual_cursor() as u16;
    if x < body.x + body.width && body.height > 1 {
        frame.set_cursor_position((x, body.y + 1));
    }
}

fn reason_label(reason: &Reason) -> &'static str {
    match reason {
        Reason::Override => "your choice",
        Reason::Alias => "header",
        Reason::BuyerColumn => "buyer's column",
        Reason::Keyword => "guessed from the header",
        Reason::QuestionTitle => "question title",
        Reason::SetAside { .. } => "another column has this field",
        Reason::Ignored => "your choice",
        Reason::Unrecognised => "unknown header",
        Reason::SetByZoom { .. } => "Zoom sets it",
        Reason::EventColumn => "its header names events",
    }
}

/// "row 7", or "all rows" for a problem of the whole file.
fn row_label(row: usize) -> String {
    if row == 0 {
        "all rows".to_owned()
    } else {
        format!("row {row}")
    }
}

fn seconds(duration: std::time::Duration) -> String {
    let total = duration.as_secs();
    if total >= 3600 {
        format!("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60)
    } else {
        format!("{}:{:02}", total / 60, total % 60)
    }
}

pub(super) fn file_line(prepared: &Prepared) -> String {
    let table = &prepared.source.table;
    safe(&format!(
        "{} · {}, {}, {} rows",
        prepared.source.path.display(),
        table.encoding,
        table.delimiter,
        prepared.source.rows
    ))
}

/// What the columns step shows: the columns of `prepared` and the choices made.
pub(super) struct ColumnsView<'a> {
    pub prepared: &'a Prepared,
    pub cursor: &'a ListCursor,
    pub chosen: &'a BTreeMap<usize, Option<Target>>,
    pub error: Option<&'a str>,
    pub checking: bool,
    pub picking: Option<&'a FieldPicker>,
    /// What the rows are checked against: "meeting", "meetings and webinars".
    pub against: &'a str,
}

pub(super) fn render_columns(frame: &mut Frame, area: Rect, ui: &Ui, view: &ColumnsView) {
    let ColumnsView {
        prepared,
        cursor,
        chosen,
        error,
        checking,
        picking,
        against,
    } = *view;
    let [head, list, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(vec![
            Line::raw(file_line(prepared)),
            Line::styled(
                fit(
                    "Column → where its values go (← → next field · Tab or type a field's name: pick from a list)",
                    area.width as usize,
                ),
                ui.theme.header,
            ),
        ]),
        head,
    );
    if let Some(picker) = picking {
        picker.render(frame, list.union(foot), ui, prepared);
        return;
    }
    let width = list.width as usize;
    let label_width = (width / 3).clamp(8, 30);
    let height = list.height as usize;
    let offset = cursor.offset_for(height);
    let lines: Vec<Line> = prepared
        .mapping
        .columns
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(position, column)| {
            let (target, why) = match chosen.get(&column.index) {
                Some(target) if target != &column.target => (target.as_ref(), "your choice"),
                _ => (column.target.as_ref(), reason_label(&column.reason)),
            };
            // The event column goes nowhere in a registrant: it says where the row goes.
            let goes_to = match (&column.reason, target) {
                (Reason::EventColumn, None) => "the event of each row".to_owned(),
                _ => target_label(target),
            };
            let selected = position == cursor.selected;
            let marker = if selected { "▸ " } else { "  " };
            let text = format!(
                "{marker}{:<label_width$} → {goes_to}",
                fit(&column.label(), label_width),
            );
            let used = text.chars().count();
            let mut spans = vec![Span::styled(
                fit(&text, width),
                if selected {
                    ui.theme.cursor
                } else {
                    ui.theme.text
                },
            )];
            if used + 3 < width {
                spans.push(Span::styled(
                    fit(&format!("  ({why})"), width - used),
                    ui.theme.dim,
                ));
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    let mut foot_lines = Vec::new();
    if let Some(error) = error {
        foot_lines.push(Line::styled(safe(error), ui.theme.error));
    } else if let Some(samples) = prepared
        .mapping
        .columns
        .get(cursor.selected)
        .and_then(|column| prepared.source.samples.get(column.index))
        .filter(|samples| !samples.is_empty())
    {
        foot_lines.push(Line::from(vec![
            Span::styled("Values: ", ui.theme.dim),
            Span::raw(fit(&safe(&samples.join(" · ")), width.saturating_sub(8))),
        ]));
    }
    foot_lines.push(if checking {
        Line::raw(format!(
            "{} Checking every row against the {against}…",
            ui.spinner
        ))
    } else {
        Line::styled(
            "Enter: check every row (a dry run: nothing is sent) · Esc: another file",
            ui.theme.dim,
        )
    });
    frame.render_widget(Paragraph::new(foot_lines).wrap(Wrap { trim: false }), foot);
}

pub(super) fn render_check(
    frame: &mut Frame,
    area: Rect,
    ui: &Ui,
    prepared: &Prepared,
    problems: &[(usize, String)],
    cursor: &ListCursor,
) {
    let summary = &prepared.plan.summary;
    let settled = &summary.settled;
    let mut head = vec![Line::raw(file_line(prepared))];
    if let Some(journal) = &prepared.resuming {
        head.push(Line::styled(
            format!(
                "Resuming the import started {} ({} rows sent then; its columns are kept).",
                crate::tui::clock::full(journal.begin.at, ui.zone),
                journal.sent_rows.len()
            ),
            ui.theme.warn,
        ));
    }
    head.extend([
        Line::styled("Dry run: nothing has been sent yet.", ui.theme.header),
        Line::raw(format!(
            "New: {} → {} batch call(s) of up to 30, {} single add(s)",
            summary.to_send, summary.batch_calls, summary.single_adds
        )),
        Line::raw(format!(
            "Already registered: {} · duplicates in the file: {} · invalid: {} · blocked: {}{}",
            settled.already_registered,
            settled.duplicate,
            settled.invalid,
            settled.blocked,
            if settled.registered > 0 {
                format!(" · registered earlier: {}", settled.registered)
            } else {
                String::new()
            }
        )),
        Line::raw(crate::tui::screens::capitalize(&format!(
            "{}, plus network time",
            summary.pace()
        ))),
        Line::styled(
            if problems.is_empty() {
                "No problems found.".to_owned()
            } else {
                format!(
                    "Problems: {} (row as in the spreadsheet, header = row 1; ↑↓ scroll)",
                    problems.len()
                )
            },
            ui.theme.header,
        ),
    ]);
    let items: Vec<CheckItem> = problems
        .iter()
        .map(|(row, text)| CheckItem {
            drawn: format!("{:>8}  {text}", row_label(*row)),
            full: format!("{}: {text}", row_label(*row)),
            // A problem of the whole file stands out.
            style: if *row == 0 {
                ui.theme.error
            } else {
                ui.theme.text
            },
        })
        .collect();
    let foot = if summary.to_send == 0 {
        "Nobody to register · Esc: back".to_owned()
    } else {
        format!(
            "Enter: register {} {} · Esc: back",
            summary.to_send,
            if summary.to_send == 1 {
                "person"
            } else {
                "people"
            }
        )
    };
    render_check_frame(frame, area, ui, head, &items, cursor, &foot);
}

/// One line of a check step's scrolling list.
pub(super) struct CheckItem {
    /// As the list draws it (cut to the width).
    pub drawn: String,
    /// In full, shown under the list while selected if the drawn line was cut.
    pub full: String,
    /// Its style when not selected.
    pub style: ratatui::style::Style,
}

/// A check step as both wizards draw it: the `head` lines (wrapped), the scrolling `items` with
/// the cursor (the selected one in full under the list when its line is cut), and `foot`.
pub(super) fn render_check_frame(
    frame: &mut Frame,
    area: Rect,
    ui: &Ui,
    head: Vec<Line>,
    items: &[CheckItem],
    cursor: &ListCursor,
    foot: &str,
) {
    let width = usize::from(area.width.max(1));
    // Rows the wrapped lines take (word wrapping may take one more on a line).
    let head_rows: usize = head
        .iter()
        .map(|line| line.width().max(1).div_ceil(width))
        .sum();
    let selected = items
        .get(cursor.selected)
        .filter(|item| crate::text::terminal::width(&item.drawn) > width)
        .map(|item| safe(&item.full));
    let [head_area, list, detail, foot_area] = Layout::vertical([
        Constraint::Length(u16::try_from(head_rows).unwrap_or(u16::MAX)),
        Constraint::Min(1),
        Constraint::Length(if selected.is_some() { 2 } else { 0 }),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: false }), head_area);
    if let Some(text) = selected {
        frame.render_widget(
            Paragraph::new(text)
                .style(ui.theme.dim)
                .wrap(Wrap { trim: false }),
            detail,
        );
    }
    let height = usize::from(list.height);
    let offset = cursor.offset_for(height);
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(position, item)| {
            let style = if position == cursor.selected {
                ui.theme.cursor
            } else {
                item.style
            };
            Line::styled(fit(&safe(&item.drawn), usize::from(list.width)), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    frame.render_widget(Line::styled(foot.to_owned(), ui.theme.dim), foot_area);
}

pub(crate) fn render_run(frame: &mut Frame, area: Rect, ui: &Ui, running: &Running) {
    let (done, total) = running.progress.map_or((0, running.to_send), |progress| {
        (progress.rows_done, progress.rows_total)
    });
    let [gauge_area, text] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let ratio = if total == 0 {
        1.0
    } else {
        (done as f64 / total as f64).clamp(0.0, 1.0)
    };
    frame.render_widget(
        Gauge::default()
            .gauge_style(ui.theme.ok)
            .ratio(ratio)
            .label(format!("{done}/{total} rows")),
        gauge_area,
    );
    let registered = running.progress.map_or(0, |progress| progress.registered);
    let failed = running.progress.map_or(0, |progress| progress.failed);
    let mut lines = vec![
        Line::raw(format!(
            "Registered {registered} · already registered {} · failed {failed} · remaining {}",
            running.settled_already + running.already,
            total.saturating_sub(done)
        )),
        Line::raw(match running.progress {
            Some(progress) => format!(
                "{:.1} rows/s · elapsed {} · ETA {}",
                progress.rows_per_second,
                seconds(progress.elapsed),
                progress.eta.map_or("—".to_owned(), seconds)
            ),
            None => format!("{} Starting…", ui.spinner),
        }),
    ];
    if let Some(reason) = &running.stopped {
        lines.push(Line::styled(
            safe(&format!("Stopped: {reason}")),
            ui.theme.error,
        ));
    }
    let under_way = running.pause.calls_under_way();
    if running.cancel.is_cancelled() {
        lines.push(Line::styled(
            format!(
                "{} Stopping: no new calls; waiting for the ones in flight, then writing the report{}…",
                ui.spinner,
                if running.stopping == Some(StopThen::Quit) {
                    " (then regdesk quits)"
                } else {
                    ""
                }
            ),
            ui.theme.warn,
        ));
    } else if let Some(then) = running.asking {
        lines.push(Line::styled(
            if under_way == 0 {
                "Sending is paused: nothing more goes to Zoom while you decide.".to_owned()
            } else {
                format!(
                    "{} Pausing: {under_way} call(s) sent before you asked are finishing; nothing new starts.",
                    ui.spinner
                )
            },
            ui.theme.warn,
        ));
        lines.push(Line::styled(
            match then {
                StopThen::Report => format!(
                    "Stop the {}? Rows not sent stay in the journal: {}. y/Enter: stop · n/Esc: keep going",
                    running.noun, running.resume
                ),
                StopThen::Quit => format!(
                    "Stop the {} and quit? The report is written and the journal kept: {}. y/Enter: stop and quit · n/Esc: keep going",
                    running.noun, running.resume
                ),
            },
            ui.theme.warn,
        ));
    } else {
        lines.push(Line::styled(
            "Esc or c: stop · q: stop and quit (both ask; sending pauses meanwhile; resumable) · L: the requests",
            ui.theme.dim,
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text);
}

/// How the report names what ran: "import" or "copy", how to finish it, the copy key's words.
pub(crate) struct ReportWording {
    pub noun: &'static str,
    /// The end of the "rows are not done" line: how to resume.
    pub resume: String,
    /// The report path key's hint ("y: copy the report's path").
    pub copy_hint: &'static str,
    /// Lines under the counts: each event's own, for an import into several.
    pub parts: Vec<String>,
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn render_report(
    frame: &mut Frame,
    area: Rect,
    ui: &Ui,
    wording: &ReportWording,
    rows: usize,
    result: Result<&Finished, String>,
    attention: &[AttentionRow],
    cursor: &ListCursor,
) {
    let noun = wording.noun;
    let mut lines = Vec::new();
    let finished = match result {
        Err(problem) => {
            lines.push(Line::styled(
                format!("The {noun} could not run:"),
                ui.theme.error,
            ));
            lines.extend(
                problem
                    .lines()
                    .map(|line| Line::styled(safe(line), ui.theme.error)),
            );
            lines.push(Line::styled(
                "Enter: back to the registrants (reloaded)",
                ui.theme.dim,
            ));
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
            return;
        }
        Ok(finished) => finished,
    };
    let counts: &OutcomeCounts = &finished.counts;
    lines.push(
        match (&finished.stopped, finished.cancelled, finished.complete) {
            (Some(reason), _, _) => Line::styled(
                safe(&format!("The {noun} stopped: {reason}")),
                ui.theme.error,
            ),
            (None, true, _) => Line::styled("Stopped by you.", ui.theme.warn),
            (None, false, true) if counts.needing_attention() == 0 => Line::styled(
                format!("{} finished.", crate::tui::screens::capitalize(noun)),
                ui.theme.ok,
            ),
            (None, false, _) => Line::styled(
                format!(
                    "{} finished; some rows need attention.",
                    crate::tui::screens::capitalize(noun)
                ),
                ui.theme.warn,
            ),
        },
    );
    lines.push(Line::raw(format!(
        "Registered {} · already registered {} · duplicates {} · invalid {} · blocked {} · failed {}",
        counts.registered,
        counts.already_registered,
        counts.duplicate,
        counts.invalid,
        counts.blocked,
        counts.failed
    )));
    lines.extend(
        wording
            .parts
            .iter()
            .map(|part| Line::raw(fit(&safe(part), usize::from(area.width)))),
    );
    if !finished.complete {
        lines.push(Line::styled(
            safe(&format!(
                "{} of {} rows are not done: {}",
                counts.not_sent + counts.unknown,
                rows,
                wording.resume
            )),
            ui.theme.warn,
        ));
    }
    let report_path = safe(&finished.report.display().to_string());
    let report_lines = vec![
        Line::styled("Report:", ui.theme.dim),
        Line::raw(report_path.clone()),
    ];
    let foot = Line::styled(
        if attention.is_empty() {
            format!("{} · Enter: close (the list reloads)", wording.copy_hint)
        } else {
            format!(
                "↑↓ scroll · {} · Enter: close (the list reloads)",
                wording.copy_hint
            )
        },
        ui.theme.dim,
    );
    // Rows the wrapped lines take (word wrapping may take one more on a line; the table gives
    // way first).
    let head_rows: usize = lines
        .iter()
        .map(|line| line.width().max(1).div_ceil(usize::from(area.width.max(1))))
        .sum();
    let head_rows = u16::try_from(head_rows).unwrap_or(u16::MAX);
    // The report's path in full, wrapped: it is what the user opens next.
    let path_rows = {
        let width = usize::from(area.width.max(1));
        let chars = crate::text::terminal::width(&report_path).max(1);
        u16::try_from(chars.div_ceil(width) + 1).unwrap_or(u16::MAX)
    };
    let table_rows = if attention.is_empty() {
        0
    } else {
        // A title line, a header line and the rows, as many as fit.
        u16::try_from(attention.len() + 2).unwrap_or(u16::MAX)
    };
    let [head_area, table_area, path_area, foot_area] = Layout::vertical([
        Constraint::Length(head_rows),
        Constraint::Max(table_rows),
        Constraint::Length(path_rows),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), head_area);
    if !attention.is_empty() && table_area.height > 0 {
        render_attention(frame, table_area, ui, attention, cursor);
    }
    frame.render_widget(
        Paragraph::new(report_lines).wrap(Wrap { trim: false }),
        path_area,
    );
    frame.render_widget(foot, foot_area);
}

/// The rows that need attention as a table: row, who, field, reason (the reason takes what is
/// left; the report file has it in full).
fn render_attention(
    frame: &mut Frame,
    area: Rect,
    ui: &Ui,
    attention: &[AttentionRow],
    cursor: &ListCursor,
) {
    let width = area.width as usize;
    // An import into several events says which event each row went to (or was meant for).
    let event_width = attention
        .iter()
        .filter_map(|entry| entry.event.as_deref())
        .map(crate::text::terminal::width)
        .max()
        .map_or(0, |widest| widest.max("event".len()) + 1);
    let who_width = (width / 4).clamp(8, 36);
    let field_width = (width / 5).clamp(6, 28);
    let row_width = 6;
    let reason_width = width.saturating_sub(row_width + event_width + who_width + field_width + 3);
    let cell = |text: &str, columns: usize| {
        crate::text::terminal::pad(&fit(&safe(text), columns), columns)
    };
    let line = |row: &str, event: &str, who: &str, field: &str, reason: &str| {
        let event = if event_width == 0 {
            String::new()
        } else {
            cell(event, event_width)
        };
        format!(
            "{:>row_width$} {event}{} {} {}",
            row,
            cell(who, who_width),
            cell(field, field_width),
            fit(&safe(reason), reason_width)
        )
    };
    let mut lines = vec![
        Line::styled(
            fit(
                &format!(
                    "Rows that need attention: {} (row as in the spreadsheet, header = row 1)",
                    attention.len()
                ),
                width,
            ),
            ui.theme.header,
        ),
        Line::styled(
            fit(&line("row", "event", "who", "field", "reason"), width),
            ui.theme.dim,
        ),
    ];
    let rows = (area.height as usize).saturating_sub(2).max(1);
    let offset = cursor.offset_for(rows);
    for (position, entry) in attention.iter().enumerate().skip(offset).take(rows) {
        let style = if position == cursor.selected {
            ui.theme.cursor
        } else {
            ui.theme.text
        };
        let field = if entry.field.is_empty() {
            "—"
        } else {
            &entry.field
        };
        lines.push(Line::styled(
            fit(
                &line(
                    &entry.row.to_string(),
                    entry.event.as_deref().unwrap_or("—"),
                    &entry.who,
                    field,
                    &entry.reason,
                ),
                width,
            ),
            style,
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `render_file_step` draws, before the frame-wide scrub (so that it is this drawing
    /// that must keep hostile text out).
    fn drawn_file_step(view: &FileStepView) -> String {
        crate::tui::fixtures::drawn_unscrubbed(80, 8, |frame, ui| {
            render_file_step(frame, frame.area(), ui, view)
        })
    }

    #[test]
    fn file_names_and_a_pasted_path_are_drawn_without_their_escape_sequences() {
        let path = TextField::with_value("/tmp/\u{1b}]0;owned-title\u{7}people.csv");
        let completions = [
            "\u{1b}]8;;https://evil.example\u{1b}\\listed.csv".to_owned(),
            "plain.csv".to_owned(),
        ];
        let drawn = drawn_file_step(&FileStepView {
            path: &path,
            completions: &completions,
            error: None,
            reading: None,
        });
        assert!(
            drawn.contains("people.csv") && drawn.contains("listed.csv"),
            "{drawn}"
        );
        for payload in ["owned-title", "evil.example", "\u{1b}"] {
            assert!(!drawn.contains(payload), "{payload:?} drawn: {drawn}");
        }
    }
}
