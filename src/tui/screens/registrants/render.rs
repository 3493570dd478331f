//! How the registrants screen draws: the header, the tabs (with the search's matches), the
//! table (more columns as the width allows) and the occurrence picker. Drawing only reads the
//! screen's state.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Clear, List, ListItem, ListState, Paragraph, Row, Table, TableState, Wrap,
};

use super::view::{full_name, registered};
use super::{ListCursor, RegistrantsScreen, Ui, capitalize, centered, charts, error_lines, safe};
use crate::zoom::ListStatus;

impl RegistrantsScreen {
    /// The whole screen.
    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let [head, tabs_area, body, filter_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(self.filter.rows()),
        ])
        .areas(area);
        frame.render_widget(self.head_line(ui), head);
        frame.render_widget(self.tabs_line(ui), tabs_area);
        self.render_body(frame, body, ui);
        self.filter.render(frame, filter_area, ui);
        if let Some(picker) = &self.picker {
            self.render_picker(frame, area, ui, picker);
        }
    }

    /// Why the watch's last look failed, while the list from before it is still shown (a
    /// failed look keeps the table; the next one may well succeed).
    fn failed_look(&self) -> Option<&crate::zoom::ZoomError> {
        self.watch.as_ref()?;
        self.registrants.data.as_ref()?;
        self.registrants.error.as_ref()
    }

    /// When the occurrence `id` is, in words ("occurrence ID" when the event does not list it).
    pub(super) fn occurrence_words(&self, id: &str) -> String {
        self.occurrences()
            .into_iter()
            .find(|(known, _)| known == id)
            .map(|(_, when)| when)
            .unwrap_or_else(|| format!("occurrence {id}"))
    }

    /// The event, its registration setting and the occurrence shown.
    fn head_line(&self, ui: &Ui) -> Line<'static> {
        let registration = self
            .detail
            .data
            .as_ref()
            .map(|detail| detail.settings.approval_type.describe())
            .unwrap_or_else(|| "…".to_owned());
        let occurrence = match &self.occurrence {
            None if self.occurrences().is_empty() => String::new(),
            None => " · all occurrences (o: pick one)".to_owned(),
            Some(id) => format!(" · {} (o: change)", self.occurrence_words(id)),
        };
        let mut spans = vec![
            Span::styled(
                format!("{} {}", self.event.kind.noun(), self.event.id),
                ui.theme.dim,
            ),
            Span::styled(
                format!(" · registration: {registration}{occurrence}"),
                ui.theme.dim,
            ),
        ];
        if let Some(watch) = &self.watch {
            if let Some(error) = self.failed_look() {
                // Said first: at 80 columns the rest of the line is cut.
                spans.push(Span::styled(
                    safe(&format!(
                        " · watching, last look failed ({}); the list is from before",
                        error.diagnosis().summary
                    )),
                    ui.theme.error,
                ));
            } else {
                let pace = match &watch.pace {
                    Some((pace, reason)) => format!("{} ({reason})", pace.describe()),
                    None => "starting".to_owned(),
                };
                spans.push(Span::styled(format!(" · watching {pace}"), ui.theme.ok));
            }
        }
        Line::from(spans)
    }

    /// The tabs' labels: " Pending (3) ", or " Pending (1 of 3) " while a search is on.
    pub(super) fn tab_labels(&self) -> Vec<String> {
        ListStatus::ALL
            .into_iter()
            .enumerate()
            .map(|(index, tab)| {
                let total = self.view.totals[index];
                let new = self.new_on(tab);
                let new = if new > 0 {
                    format!(", {new} new")
                } else {
                    String::new()
                };
                if self.filter.is_empty() {
                    format!(" {} ({total}{new}) ", capitalize(tab.as_str()))
                } else {
                    format!(
                        " {} ({} of {total}{new}) ",
                        capitalize(tab.as_str()),
                        self.count(tab)
                    )
                }
            })
            .collect()
    }

    /// The status tabs with their counts, the search, the sort, the selection and the loading
    /// spinner.
    fn tabs_line(&self, ui: &Ui) -> Line<'static> {
        let mut tabs = Vec::new();
        for (tab, label) in ListStatus::ALL.into_iter().zip(self.tab_labels()) {
            let style = if tab == self.tab {
                ui.theme.active_tab
            } else if !self.filter.is_empty() && self.count(tab) > 0 {
                ui.theme.key
            } else {
                ui.theme.text
            };
            tabs.push(Span::styled(label, style));
            tabs.push(Span::raw(" "));
        }
        if !self.filter.is_empty() {
            tabs.push(Span::styled(
                format!(" search: {} ", safe(self.filter.value())),
                ui.theme.warn,
            ));
        }
        tabs.push(Span::styled(
            format!(" sort: {}", self.sort.label()),
            ui.theme.dim,
        ));
        if !self.marked.is_empty() {
            let groups = self.marked_by_status();
            let by_status = if groups.len() > 1 {
                let parts: Vec<String> = groups
                    .iter()
                    .map(|(status, count)| format!("{count} {status}"))
                    .collect();
                format!(" ({})", parts.join(", "))
            } else {
                String::new()
            };
            tabs.push(Span::styled(
                format!("  {} selected{by_status}", self.marked.len()),
                ui.theme.marked,
            ));
        }
        if self.registrants.is_loading() {
            tabs.push(Span::styled(
                format!("  {} loading", ui.spinner),
                ui.theme.warn,
            ));
        }
        Line::from(tabs)
    }

    /// The people of `tab` new since the last look, while watching.
    fn new_on(&self, tab: ListStatus) -> usize {
        let Some(watch) = &self.watch else {
            return 0;
        };
        let status = tab.status();
        self.registrants
            .data
            .iter()
            .flatten()
            .filter(|registrant| registrant.status == status && watch.is_new(&registrant.id))
            .count()
    }

    /// The table (or why there is none) and, when shown, the charts.
    fn render_body(&self, frame: &mut Frame, body: Rect, ui: &Ui) {
        let (table, panel) = self.split_body(body);
        if table.height > 0 {
            self.render_list(frame, table, ui);
        }
        if let Some(panel) = panel {
            charts::render(frame, panel, &self.daily, ui);
        }
    }

    /// The table, or why there is none (an error, loading, nobody on the tab or the filter).
    fn render_list(&self, frame: &mut Frame, body: Rect, ui: &Ui) {
        if let Some(error) = &self.registrants.error
            && self.failed_look().is_none()
        {
            let text = error_lines(
                "Cannot list the registrants",
                error,
                "r: try again · Esc: back",
                ui,
            );
            frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), body);
        } else if self.registrants.data.is_none() {
            frame.render_widget(
                Paragraph::new(format!("{} Loading registrants…", ui.spinner)),
                body,
            );
        } else if self.view.rows.is_empty() {
            let elsewhere: Vec<String> = ListStatus::ALL
                .into_iter()
                .filter(|tab| self.count(*tab) > 0)
                .map(|tab| format!("{} {}", self.count(tab), tab.as_str()))
                .collect();
            let text = if self.filter.is_empty() {
                format!(
                    "No {} registrants. a: add one · Tab: next status",
                    self.tab.as_str()
                )
            } else if elsewhere.is_empty() {
                format!(
                    "Nobody matches {:?} in any status. Esc clears the search.",
                    self.filter.value()
                )
            } else {
                format!(
                    "No {} registrant matches {:?}; {} do. n: show them · Esc clears the search.",
                    self.tab.as_str(),
                    self.filter.value(),
                    elsewhere.join(", ")
                )
            };
            frame.render_widget(Paragraph::new(text).style(ui.theme.dim), body);
        } else {
            self.render_table(frame, body, ui);
        }
    }

    fn render_table(&self, frame: &mut Frame, body: Rect, ui: &Ui) {
        let columns = Columns::for_width(body.width);
        let watching = self.watch.is_some();
        let height = body.height.saturating_sub(1) as usize;
        // The offset was set in update; a first frame before any resize still shows the cursor.
        let mut offset = self.cursor.offset();
        if height > 0 && self.cursor.selected >= offset + height {
            offset = self.cursor.selected + 1 - height;
        }
        // Only the rows on screen are built: lists of thousands stay fast.
        let rows = self
            .visible()
            .skip(offset)
            .take(height.max(1))
            .map(|registrant| {
                let marked = self.marked.contains_key(&registrant.id);
                let new = watching
                    && self
                        .watch
                        .as_ref()
                        .is_some_and(|w| w.is_new(&registrant.id));
                let fields = &registrant.fields;
                let mark = if marked { "✓" } else { " " };
                let mut cells = vec![
                    if watching {
                        format!("{mark}{}", if new { "+" } else { " " })
                    } else {
                        mark.to_owned()
                    },
                    safe(&full_name(registrant)),
                    safe(&registrant.email),
                ];
                if columns.organization {
                    cells.push(safe(fields.org.as_deref().unwrap_or_default()));
                }
                if columns.job_title {
                    cells.push(safe(fields.job_title.as_deref().unwrap_or_default()));
                }
                if columns.country {
                    cells.push(safe(fields.country.as_deref().unwrap_or_default()));
                }
                if columns.status {
                    cells.push(safe(registrant.status.as_str()));
                }
                if columns.registered {
                    cells.push(registered(registrant, &self.zone));
                }
                let row = Row::new(cells);
                if marked {
                    row.style(ui.theme.marked)
                } else if new {
                    row.style(ui.theme.ok)
                } else {
                    row
                }
            });
        // Name and email columns as wide as their longest shown value (within limits); the
        // organisation and job title share what is left.
        let (name_width, email_width) = (self.view.name_width, self.view.email_width);
        let registered_header;
        let mut header = vec!["", "Name", "Email"];
        let mut widths = vec![
            Constraint::Length(if watching { 2 } else { 1 }),
            Constraint::Length(name_width),
            if columns.organization {
                Constraint::Length(email_width)
            } else {
                Constraint::Fill(1)
            },
        ];
        if columns.organization {
            header.push("Organization");
            widths.push(Constraint::Fill(1));
        }
        if columns.job_title {
            header.push("Job title");
            widths.push(Constraint::Fill(1));
        }
        if columns.country {
            header.push("Country");
            widths.push(Constraint::Length(7));
        }
        if columns.status {
            header.push("Status");
            widths.push(Constraint::Length(8));
        }
        if columns.registered {
            registered_header = format!(
                "Registered ({})",
                crate::tui::clock::zone_name(&self.zone, ui.now)
            );
            header.push(&registered_header);
            widths.push(Constraint::Length(16));
        }
        let table = Table::new(rows, widths)
            .header(Row::new(header).style(ui.theme.header))
            .row_highlight_style(ui.theme.cursor);
        let mut state =
            TableState::default().with_selected(Some(self.cursor.selected.saturating_sub(offset)));
        frame.render_stateful_widget(table, body, &mut state);
    }

    fn render_picker(&self, frame: &mut Frame, area: Rect, ui: &Ui, picker: &ListCursor) {
        let occurrences = self.occurrences();
        let popup = centered(area, 48, (occurrences.len() as u16 + 3).min(area.height));
        frame.render_widget(Clear, popup);
        let mut items = vec![ListItem::new("All occurrences")];
        items.extend(
            occurrences
                .iter()
                .map(|(id, when)| ListItem::new(safe(&format!("{when}  ({id})")))),
        );
        let list = List::new(items)
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(ui.theme.focused_border)
                    .title(" Occurrence · Enter pick · Esc close "),
            )
            .highlight_style(ui.theme.cursor);
        let mut state = ListState::default().with_selected(Some(picker.selected));
        frame.render_stateful_widget(list, popup, &mut state);
    }
}

/// Which columns the table shows at a width: name and email always, then organisation and the
/// registered time, the job title, the status and the country as the width allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Columns {
    pub(super) organization: bool,
    pub(super) registered: bool,
    pub(super) job_title: bool,
    pub(super) status: bool,
    pub(super) country: bool,
}

impl Columns {
    pub(super) fn for_width(width: u16) -> Columns {
        Columns {
            organization: width >= 100,
            registered: width >= 100,
            job_title: width >= 130,
            status: width >= 150,
            country: width >= 170,
        }
    }
}
