//! The registrants of one meeting or webinar: status tabs (pending, approved, denied) with
//! counts, a filter, sorting, multi-select with Space, an occurrence picker for recurring events,
//! and the changes (approve, deny, cancel, delete) of the selection — or of the current row when
//! nothing is selected — which the app confirms before sending.

use std::collections::BTreeSet;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Clear, List, ListItem, ListState, Paragraph, Row, Table, TableState, Wrap,
};

use super::add_form::AddFormScreen;
use super::detail::DetailScreen;
use super::import_wizard::ImportWizard;
use super::{
    Action, FilterBar, ListCursor, Loadable, Notice, Screen, Ui, capitalize, centered, error_lines,
    fit,
};
use crate::tui::drawn_text::safe;
use crate::tui::keymap::{self, Command, Scope};
use crate::tui::message::{Change, ChangeKind, Effect, Outcome, RequestId, RequestIds, Target};
use crate::zoom::{EventDetail, EventRef, ListStatus, Registrant, RegistrantStatus, StatusAction};

/// How the rows are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    Name,
    Email,
    /// Newest registration first.
    Registered,
}

impl SortOrder {
    fn next(self) -> Self {
        match self {
            SortOrder::Name => SortOrder::Email,
            SortOrder::Email => SortOrder::Registered,
            SortOrder::Registered => SortOrder::Name,
        }
    }

    fn label(self) -> &'static str {
        match self {
            SortOrder::Name => "name",
            SortOrder::Email => "email",
            SortOrder::Registered => "newest",
        }
    }
}

/// What the table shows, derived from the loaded rows, the tab, the filter and the sort. Rebuilt
/// only when one of those changes, never per frame: sorting and filtering thousands of rows on
/// every tick or key press would make the screen lag.
#[derive(Debug, Default)]
struct View {
    /// The current tab's rows that pass the filter, in the chosen order (indices into the list).
    rows: Vec<usize>,
    /// Rows per tab, in the order of `ListStatus::ALL`.
    counts: [usize; ListStatus::ALL.len()],
    /// The name and email columns: as wide as their longest shown value, within limits.
    name_width: u16,
    email_width: u16,
}

pub struct RegistrantsScreen {
    event: EventRef,
    topic: String,
    detail: Loadable<Box<EventDetail>>,
    registrants: Loadable<Vec<Registrant>>,
    tab: ListStatus,
    /// The first load picks the tab (pending when there are any).
    tab_chosen: bool,
    sort: SortOrder,
    filter: FilterBar,
    /// Registrant IDs marked with Space.
    marked: BTreeSet<String>,
    cursor: ListCursor,
    occurrence: Option<String>,
    /// The occurrence picker, when open: row 0 is "all occurrences".
    picker: Option<ListCursor>,
    view: View,
}

fn full_name(registrant: &Registrant) -> String {
    crate::registrant_fields::person::full_name(
        &registrant.first_name,
        registrant.fields.last_name.as_deref(),
    )
}

fn status_of(list: ListStatus) -> RegistrantStatus {
    list.status()
}

impl RegistrantsScreen {
    pub fn new(event: EventRef, topic: String, detail: Option<EventDetail>) -> Self {
        RegistrantsScreen {
            event,
            topic,
            detail: Loadable {
                data: detail.map(Box::new),
                ..Loadable::default()
            },
            registrants: Loadable::default(),
            tab: ListStatus::Pending,
            tab_chosen: false,
            sort: SortOrder::Name,
            filter: FilterBar::default(),
            marked: BTreeSet::new(),
            cursor: ListCursor::default(),
            occurrence: None,
            picker: None,
            view: View::default(),
        }
    }

    fn count(&self, tab: ListStatus) -> usize {
        ListStatus::ALL
            .iter()
            .position(|each| *each == tab)
            .map_or(0, |index| self.view.counts[index])
    }

    /// Recomputes the table's rows; called whenever the data, tab, filter or sort change.
    fn rebuild_view(&mut self) {
        let all: &[Registrant] = self.registrants.data.as_deref().unwrap_or_default();
        let mut counts = [0; ListStatus::ALL.len()];
        for registrant in all {
            if let Some(index) = ListStatus::ALL
                .iter()
                .position(|tab| status_of(*tab) == registrant.status)
            {
                counts[index] += 1;
            }
        }
        let needle = self.filter.needle();
        let mut rows: Vec<usize> = all
            .iter()
            .enumerate()
            .filter(|(_, registrant)| registrant.status == status_of(self.tab))
            .filter(|(_, registrant)| {
                needle.is_empty()
                    || full_name(registrant).to_lowercase().contains(&needle)
                    || registrant.email.to_lowercase().contains(&needle)
            })
            .map(|(index, _)| index)
            .collect();
        match self.sort {
            SortOrder::Name => {
                rows.sort_by_cached_key(|&index| full_name(&all[index]).to_lowercase())
            }
            SortOrder::Email => rows.sort_by_cached_key(|&index| all[index].email.to_lowercase()),
            SortOrder::Registered => {
                rows.sort_by_key(|&index| std::cmp::Reverse(all[index].create_time))
            }
        }
        let longest = |width: fn(&Registrant) -> usize, cap: usize| {
            rows.iter()
                .map(|&index| width(&all[index]))
                .max()
                .unwrap_or(0)
                .clamp(6, cap) as u16
        };
        let name_width = longest(
            |registrant| crate::text::terminal::width(&full_name(registrant)),
            28,
        );
        let email_width = longest(
            |registrant| crate::text::terminal::width(&registrant.email),
            48,
        );
        self.view = View {
            rows,
            counts,
            name_width,
            email_width,
        };
        self.cursor.clamp(self.view.rows.len());
    }

    /// The rows of the current tab that pass the filter, in the chosen order.
    pub fn visible(&self) -> impl Iterator<Item = &Registrant> {
        let all: &[Registrant] = self.registrants.data.as_deref().unwrap_or_default();
        self.view.rows.iter().filter_map(|&index| all.get(index))
    }

    /// The row under the cursor.
    fn row(&self, position: usize) -> Option<&Registrant> {
        let index = *self.view.rows.get(position)?;
        self.registrants.data.as_deref()?.get(index)
    }

    fn load(&mut self, ids: &mut RequestIds) -> Vec<Effect> {
        let mut effects = vec![Effect::LoadRegistrants {
            request: self.registrants.begin(ids),
            event: self.event,
            occurrence: self.occurrence.clone(),
        }];
        if self.detail.data.is_none() {
            effects.push(Effect::LoadEvent {
                request: self.detail.begin(ids),
                event: self.event,
            });
        }
        effects
    }

    /// The marked rows of this tab (in the order shown, then marked rows the filter hides), or
    /// the current row.
    fn targets(&self) -> Vec<Target> {
        let shown: BTreeSet<usize> = self.view.rows.iter().copied().collect();
        let marked_shown = self
            .visible()
            .filter(|registrant| self.marked.contains(&registrant.id));
        let hidden = self
            .registrants
            .data
            .iter()
            .flatten()
            .enumerate()
            .filter(|(index, registrant)| {
                registrant.status == status_of(self.tab)
                    && self.marked.contains(&registrant.id)
                    && !shown.contains(index)
            })
            .map(|(_, registrant)| registrant);
        let marked: Vec<Target> = marked_shown.chain(hidden).map(Target::of).collect();
        if !marked.is_empty() {
            return marked;
        }
        self.current()
            .map(|registrant| vec![Target::of(registrant)])
            .unwrap_or_default()
    }

    fn change(&self, kind: ChangeKind) -> Option<Action> {
        let targets = self.targets();
        if targets.is_empty() {
            return Some(Action::Notify(Notice::info(
                "No registrant to change here.",
            )));
        }
        Some(Action::Confirm(Change {
            event: self.event,
            occurrence: self.occurrence.clone(),
            kind,
            targets,
        }))
    }

    fn current(&self) -> Option<&Registrant> {
        self.row(self.cursor.selected)
    }

    fn occurrences(&self) -> Vec<(String, String)> {
        self.detail
            .data
            .as_ref()
            .map(|detail| {
                detail
                    .occurrences
                    .iter()
                    .map(|occurrence| {
                        let when = occurrence
                            .start_time
                            .map(|time| time.strftime("%Y-%m-%d %H:%M UTC").to_string())
                            .unwrap_or_default();
                        (occurrence.occurrence_id.clone(), when)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn switch_tab(&mut self, forward: bool) {
        let order = ListStatus::ALL;
        let index = order.iter().position(|tab| *tab == self.tab).unwrap_or(0);
        let next = if forward {
            (index + 1) % order.len()
        } else {
            (index + order.len() - 1) % order.len()
        };
        self.tab = order[next];
        self.marked.clear();
        self.cursor = ListCursor::default();
        self.rebuild_view();
    }

    fn handle_picker(&mut self, key: &KeyEvent, ids: &mut RequestIds) -> Option<Action> {
        let occurrences = self.occurrences();
        let picker = self.picker.as_mut()?;
        let command = keymap::command_for(&[Scope::List, Scope::Dialog], key);
        match command {
            Some(Command::Confirm) => {
                let choice = picker.selected;
                self.picker = None;
                self.occurrence = choice
                    .checked_sub(1)
                    .and_then(|index| occurrences.get(index))
                    .map(|(id, _)| id.clone());
                self.marked.clear();
                Some(Action::Run(self.load(ids)))
            }
            Some(Command::Back) => {
                self.picker = None;
                None
            }
            Some(command) => {
                picker.apply(command, occurrences.len() + 1);
                None
            }
            None => None,
        }
    }
}

impl Screen for RegistrantsScreen {
    fn title(&self) -> String {
        self.topic.clone()
    }

    fn scopes(&self) -> &'static [Scope] {
        &[Scope::Registrants, Scope::List]
    }

    fn start(&mut self, ids: &mut RequestIds) -> Vec<Effect> {
        self.load(ids)
    }

    fn is_typing(&self) -> bool {
        self.filter.is_typing()
    }

    fn handle_paste(&mut self, text: &str) {
        self.filter.paste(text);
        self.rebuild_view();
    }

    fn handle_key(&mut self, key: &KeyEvent, ids: &mut RequestIds) -> Option<Action> {
        if self.picker.is_some() {
            return self.handle_picker(key, ids);
        }
        if self.filter.is_typing() {
            if self.filter.handle_key(key) {
                self.cursor.selected = 0;
                self.rebuild_view();
            }
            return None;
        }
        let command = keymap::command_for(self.scopes(), key)?;
        let len = self.view.rows.len();
        if self.cursor.apply(command, len) {
            return None;
        }
        match command {
            Command::NextTab => self.switch_tab(true),
            Command::PrevTab => self.switch_tab(false),
            Command::Filter => self.filter.open(),
            Command::Sort => {
                self.sort = self.sort.next();
                self.rebuild_view();
            }
            Command::Select => {
                if let Some(id) = self.current().map(|registrant| registrant.id.clone()) {
                    if !self.marked.remove(&id) {
                        self.marked.insert(id);
                    }
                    self.cursor.apply(Command::Down, len);
                }
            }
            Command::SelectAll => {
                let visible: Vec<String> = self
                    .visible()
                    .map(|registrant| registrant.id.clone())
                    .collect();
                if visible.iter().all(|id| self.marked.contains(id)) {
                    self.marked.clear();
                } else {
                    self.marked.extend(visible);
                }
            }
            Command::Approve => return self.change(ChangeKind::Status(StatusAction::Approve)),
            Command::Deny => return self.change(ChangeKind::Status(StatusAction::Deny)),
            Command::Cancel => return self.change(ChangeKind::Status(StatusAction::Cancel)),
            Command::Delete => return self.change(ChangeKind::Delete),
            Command::Open => {
                let registrant = self.current()?.clone();
                return Some(Action::Push(Box::new(DetailScreen::new(
                    self.event,
                    self.occurrence.clone(),
                    registrant,
                ))));
            }
            Command::Add => {
                return Some(Action::Push(Box::new(AddFormScreen::new(
                    self.event,
                    self.topic.clone(),
                    self.occurrence.clone(),
                    self.detail
                        .data
                        .as_ref()
                        .map(|detail| detail.settings.approval_type),
                ))));
            }
            Command::Import => {
                // The wizard hands this reload back when it closes, so the list shows whom it
                // registered.
                let reload = Effect::LoadRegistrants {
                    request: self.registrants.begin(ids),
                    event: self.event,
                    occurrence: self.occurrence.clone(),
                };
                return Some(Action::Push(Box::new(ImportWizard::new(
                    self.event,
                    self.topic.clone(),
                    reload,
                ))));
            }
            Command::Export => {
                return Some(Action::Export {
                    event: self.event,
                    occurrence: self.occurrence.clone(),
                    default_name: format!("{}-registrants", self.event.id),
                });
            }
            Command::Copy => {
                let registrant = self.current()?;
                return Some(match &registrant.join_url {
                    Some(url) => Action::Copy {
                        text: url.clone(),
                        what: format!("the join URL of {}", registrant.email),
                    },
                    None => Action::Notify(Notice::info(format!(
                        "{} has no join URL (not approved?)",
                        registrant.email
                    ))),
                });
            }
            Command::Occurrence => {
                if self.occurrences().is_empty() {
                    return Some(Action::Notify(Notice::info(format!(
                        "This {} has no occurrences to pick from.",
                        self.event.kind.noun()
                    ))));
                }
                self.picker = Some(ListCursor::default());
            }
            Command::Refresh => return Some(Action::Run(self.load(ids))),
            Command::Back if !self.filter.is_empty() => {
                self.filter.clear();
                self.rebuild_view();
            }
            Command::Back | Command::Quit => return Some(Action::Back),
            _ => {}
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
            Outcome::Registrants(result) if self.registrants.waits_for(request) => {
                self.registrants.finish(result);
                self.rebuild_view();
                if !self.tab_chosen && self.registrants.data.is_some() {
                    self.tab_chosen = true;
                    if self.count(ListStatus::Pending) == 0 {
                        self.tab = ListStatus::Approved;
                        self.rebuild_view();
                    }
                }
                let present: BTreeSet<String> = self
                    .registrants
                    .data
                    .iter()
                    .flatten()
                    .map(|registrant| registrant.id.clone())
                    .collect();
                self.marked.retain(|id| present.contains(id));
                Ok(None)
            }
            Outcome::Event(result) if self.detail.waits_for(request) => {
                self.detail.finish(result);
                Ok(None)
            }
            other => Err(other),
        }
    }

    fn after_change(&mut self, change: &Change, ids: &mut RequestIds) -> Vec<Effect> {
        if change.event != self.event {
            return Vec::new();
        }
        self.marked.clear();
        vec![Effect::LoadRegistrants {
            request: self.registrants.begin(ids),
            event: self.event,
            occurrence: self.occurrence.clone(),
        }]
    }

    fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let [head, tabs_area, body, filter_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(self.filter.rows()),
        ])
        .areas(area);
        let registration = self
            .detail
            .data
            .as_ref()
            .map(|detail| detail.settings.approval_type.describe())
            .unwrap_or_else(|| "…".to_owned());
        let occurrence = match &self.occurrence {
            None if self.occurrences().is_empty() => String::new(),
            None => " · all occurrences (o: pick one)".to_owned(),
            Some(id) => format!(" · occurrence {id} (o: change)"),
        };
        frame.render_widget(
            Line::from(vec![
                Span::styled(
                    format!("{} {}", self.event.kind.noun(), self.event.id),
                    ui.theme.dim,
                ),
                Span::styled(
                    format!(" · registration: {registration}{occurrence}"),
                    ui.theme.dim,
                ),
            ]),
            head,
        );
        let mut tabs = Vec::new();
        for tab in ListStatus::ALL {
            let label = format!(" {} ({}) ", capitalize(tab.as_str()), self.count(tab));
            tabs.push(Span::styled(
                label,
                if tab == self.tab {
                    ui.theme.active_tab
                } else {
                    ui.theme.text
                },
            ));
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
        frame.render_widget(Line::from(tabs), tabs_area);

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
        } else {
            if self.view.rows.is_empty() {
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
        self.filter.render(frame, filter_area, ui);
        if let Some(picker) = &self.picker {
            self.render_picker(frame, area, ui, picker);
        }
    }
}

impl RegistrantsScreen {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::App;
    use crate::tui::fixtures::{self, app_with, deliver, render, request_of};
    use crate::tui::message::Msg;
    use crate::tui::testing::key;
    use crossterm::event::Event;
    use crossterm::event::KeyCode;

    const EVENT: EventRef = EventRef {
        kind: crate::zoom::EventKind::Meeting,
        id: 86_350_218_847,
    };

    fn started(detail: Option<EventDetail>, session: bool) -> (App, Vec<Effect>) {
        app_with(
            Box::new(RegistrantsScreen::new(
                EVENT,
                "Customer Advisory Board — Spring Session".to_owned(),
                detail,
            )),
            session,
        )
    }

    fn list_request(effects: &[Effect]) -> RequestId {
        request_of(effects, |effect| match effect {
            Effect::LoadRegistrants { request, .. } => Some(*request),
            _ => None,
        })
    }

    fn loaded(registrants: Vec<Registrant>, occurrences: &[(&str, &str)]) -> App {
        let (mut app, effects) = started(Some(fixtures::detail(EVENT.id, 1, occurrences)), true);
        deliver(
            &mut app,
            list_request(&effects),
            Outcome::Registrants(Ok(registrants)),
        );
        app
    }

    fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
        app.update(Msg::Input(Event::Key(key(code))))
    }

    #[test]
    fn loading_asks_for_the_settings_too_when_unknown() {
        let (app, effects) = started(None, false);
        assert!(
            effects
                .iter()
                .any(|effect| matches!(effect, Effect::LoadEvent { .. }))
        );
        insta::assert_snapshot!(render(&app, 100, 10));
    }

    #[test]
    fn populated_pending_tab_with_a_selection() {
        let mut app = loaded(fixtures::registrants(6, 9, 2), &[]);
        press(&mut app, KeyCode::Char(' '));
        press(&mut app, KeyCode::Char(' '));
        insta::assert_snapshot!(render(&app, 120, 32));
    }

    #[test]
    fn empty_lists_start_on_approved_and_say_how_to_add() {
        let app = loaded(Vec::new(), &[]);
        insta::assert_snapshot!(render(&app, 100, 10));
    }

    #[test]
    fn registration_off_shows_the_diagnosis() {
        let (mut app, effects) = started(Some(fixtures::detail(EVENT.id, 2, &[])), false);
        deliver(
            &mut app,
            list_request(&effects),
            Outcome::Registrants(Err(fixtures::registration_off())),
        );
        insta::assert_snapshot!(render(&app, 100, 12));
    }

    #[test]
    fn narrow_terminal() {
        let app = loaded(fixtures::registrants(6, 9, 2), &[]);
        insta::assert_snapshot!(render(&app, 64, 18));
    }

    #[test]
    fn occurrence_picker_reloads_the_chosen_occurrence() {
        let mut app = loaded(
            fixtures::registrants(3, 3, 0),
            &[
                ("1764000000000", "2026-11-25T20:00:00Z"),
                ("1764604800000", "2026-12-02T20:00:00Z"),
            ],
        );
        press(&mut app, KeyCode::Char('o'));
        insta::assert_snapshot!(render(&app, 100, 16));
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Down);
        let effects = press(&mut app, KeyCode::Enter);
        assert!(
            matches!(effects.as_slice(), [Effect::LoadRegistrants { occurrence: Some(id), .. }] if id == "1764604800000"),
            "{effects:?}"
        );
    }

    #[test]
    fn confirmation_names_the_people_and_the_calls() {
        let mut app = loaded(fixtures::registrants(40, 1, 0), &[]);
        press(&mut app, KeyCode::Char('*'));
        let effects = press(&mut app, KeyCode::Char('A'));
        assert!(effects.is_empty(), "nothing is sent before confirming");
        insta::assert_snapshot!(render(&app, 100, 24));
        let effects = press(&mut app, KeyCode::Char('y'));
        match effects.as_slice() {
            [Effect::Apply { change, .. }] => {
                assert_eq!(change.targets.len(), 40);
                assert_eq!(change.kind, ChangeKind::Status(StatusAction::Approve));
            }
            other => panic!("expected one Apply, got {other:?}"),
        }
    }

    #[test]
    fn filter_sort_and_tabs() {
        let mut app = loaded(fixtures::registrants(6, 9, 2), &[]);
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Char('s'));
        press(&mut app, KeyCode::Char('s'));
        press(&mut app, KeyCode::Char('/'));
        for c in "rossi".chars() {
            press(&mut app, KeyCode::Char(c));
        }
        insta::assert_snapshot!(render(&app, 120, 16));
    }

    #[test]
    fn export_prompt_proposes_a_file_in_the_data_dir() {
        let mut app = loaded(fixtures::registrants(1, 1, 0), &[]);
        press(&mut app, KeyCode::Char('e'));
        insta::assert_snapshot!(render(&app, 110, 14));
        let effects = press(&mut app, KeyCode::Enter);
        assert!(
            matches!(effects.as_slice(), [Effect::Export { path, .. }]
                if path == std::path::Path::new("/data/regdesk/exports/86350218847-registrants-20261123-120000.csv")),
            "{effects:?}"
        );
    }

    #[test]
    fn help_overlay_lists_the_screens_keys() {
        let mut app = loaded(fixtures::registrants(1, 1, 0), &[]);
        press(&mut app, KeyCode::Char('?'));
        insta::assert_snapshot!(render(&app, 120, 40));
    }

    #[test]
    fn five_thousand_rows_render_only_what_is_visible() {
        let app = loaded(fixtures::registrants(5000, 0, 0), &[]);
        let screen = render(&app, 120, 40);
        assert!(screen.contains("Pending (5000)"), "{screen}");
    }
}
