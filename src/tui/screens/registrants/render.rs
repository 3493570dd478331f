//! How the registrants screen draws: the header, the tabs, the table and the occurrence picker.
//! Drawing only reads the screen's state.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Clear, List, ListItem, ListState, Paragraph, Row, Table, TableState, Wrap,
};

use super::view::full_name;
use super::{ListCursor, RegistrantsScreen, Ui, capitalize, centered, error_lines, fit, safe};
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
            Some(id) => {
                let when = self
                    .occurrences()
                    .into_iter()
                    .find(|(known, _)| known == id)
                    .map(|(_, when)| when)
                    .unwrap_or_else(|| format!("occurrence {id}"));
                format!(" · {when} (o: change)")
            }
        };
        Line::from(vec![
            Span::styled(
                format!("{} {}", self.event.kind.noun(), self.event.id),
                ui.theme.dim,
            ),
            Span::styled(
                format!(" · registration: {registration}{occurrence}"),
                ui.theme.dim,
            ),
        ])
    }

    /// The status tabs with their counts, the sort, the selection and the loading spinner.
    fn tabs_line(&self, ui: &Ui) -> Line<'static> {
        let mut tabs = Vec::new();
        for tab in ListStatus::ALL {
            let label = format!(" {} ({}) ", capitalize(tab.as_str()), self.count(tab));
            let style = if tab == self.tab {
                ui.theme.active_tab
            } else {
                ui.theme.text
            };
            tabs.push(Span::styled(label, style));
            tabs.push(Span::raw(" "));
        }
        tabs.push(Span::styled(
            format!(" sort: {}", self.sort.label()),
            ui.theme.dim,
        ));
        if !self.marked.is_empty() {
            tabs.push(Span::styled(
                format!("  {} selected", self.marked.len()),
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

    /// The table, or why there is none (an error, loading, nobody on the tab or the filter).
    fn render_body(&self, frame: &mut Frame, body: Rect, ui: &Ui) {
        if let Some(error) = &self.registrants.error {
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
            let text = if self.filter.is_empty() {
                format!(
                    "No {} registrants. a: add one · Tab: next status",
                    self.tab.as_str()
                )
            } else {
                format!(
                    "Nobody matches {:?}. Esc clears the filter.",
                    self.filter.value()
                )
            };
            frame.render_widget(Paragraph::new(text).style(ui.theme.dim), body);
        } else {
            self.render_table(frame, body, ui);
        }
    }

    fn render_table(&self, frame: &mut Frame, body: Rect, ui: &Ui) {
        let wide = body.width >= 100;
        let height = body.height.saturating_sub(1) as usize;
        let offset = self.cursor.offset_for(height);
        // Only the rows on screen are built: lists of thousands stay fast.
        let rows = self
            .visible()
            .skip(offset)
            .take(height.max(1))
            .map(|registrant| {
                let mark = if self.marked.contains(&registrant.id) {
                    "✓"
                } else {
                    " "
                };
                let registered = registrant
                    .create_time
                    .map(|time| time.strftime("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_default();
                let row = if wide {
                    Row::new(vec![
                        mark.to_owned(),
                        safe(&full_name(registrant)),
                        safe(&registrant.email),
                        safe(registrant.fields.org.as_deref().unwrap_or_default()),
                        registered,
                    ])
                } else {
                    Row::new(vec![
                        mark.to_owned(),
                        fit(&full_name(registrant), 28),
                        safe(&registrant.email),
                    ])
                };
                if self.marked.contains(&registrant.id) {
                    row.style(ui.theme.marked)
                } else {
                    row
                }
            });
        // Name and email columns as wide as their longest shown value (within limits), so that
        // emails are not cut while the organization column has room.
        let (name_width, email_width) = (self.view.name_width, self.view.email_width);
        let (header, widths) = if wide {
            (
                Row::new(["", "Name", "Email", "Organization", "Registered (UTC)"]),
                vec![
                    Constraint::Length(1),
                    Constraint::Length(name_width),
                    Constraint::Length(email_width),
                    Constraint::Fill(1),
                    Constraint::Length(16),
                ],
            )
        } else {
            (
                Row::new(["", "Name", "Email"]),
                vec![
                    Constraint::Length(1),
                    Constraint::Length(name_width),
                    Constraint::Fill(1),
                ],
            )
        };
        let table = Table::new(rows, widths)
            .header(header.style(ui.theme.header))
            .row_highlight_style(ui.theme.cursor);
        let mut state = TableState::default().with_selected(Some(self.cursor.selected - offset));
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
                .map(|(id, when)| ListItem::new(format!("{when}  ({id})"))),
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
