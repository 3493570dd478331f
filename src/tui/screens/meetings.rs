//! The top screen: the account's meetings and webinars (Tab switches), upcoming only or all
//! scheduled (`u`), filtered by topic or ID (`/`), each with its registration state (auto, manual
//! or off). That takes one settings request per event, so only the rows on screen (and a few
//! below) are asked for, as the list arrives and as the cursor or a filter reveals rows; answers
//! are kept, and at most [`MAX_DETAILS_IN_FLIGHT`] requests run at once. Rows not known yet show ….

use std::collections::HashMap;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState, Wrap};

use super::attendance::AttendanceScreen;
use super::registrants::RegistrantsScreen;
use super::{Action, FilterBar, ListCursor, Loadable, Screen, Ui, error_lines, fit};
use crate::tui::keymap::{self, Command, Scope};
use crate::tui::message::{Effect, Outcome, RequestId, RequestIds};
use crate::zoom::{
    ApprovalType, EventDetail, EventKind, EventRef, EventSummary, ListScope, ZoomError,
};

/// Settings requests running at once: a real account has hundreds of meetings, and Zoom's Medium
/// category allows only 20 requests a second on Pro.
pub const MAX_DETAILS_IN_FLIGHT: usize = 4;
/// Rows below the visible ones whose settings are asked for too, so that scrolling shows them.
pub const DETAIL_MARGIN_ROWS: usize = 5;
/// Table rows assumed before the screen learns its area.
const ROWS_BEFORE_FIRST_RESIZE: usize = 20;

/// Meetings and webinars, one tab each.
pub struct MeetingsScreen {
    tab: EventKind,
    scope: ListScope,
    meetings: Tab,
    webinars: Tab,
    filter: FilterBar,
    /// Settings requests in flight: which event each one is for.
    details_pending: HashMap<RequestId, EventRef>,
    details: HashMap<EventRef, Result<Box<EventDetail>, ZoomError>>,
    /// The area the screen is drawn in, as the last resize said.
    area: Option<Rect>,
}

#[derive(Default)]
struct Tab {
    events: Loadable<Vec<EventSummary>>,
    cursor: ListCursor,
}

impl Default for MeetingsScreen {
    fn default() -> Self {
        MeetingsScreen::new()
    }
}

impl MeetingsScreen {
    pub fn new() -> Self {
        MeetingsScreen {
            tab: EventKind::Meeting,
            scope: ListScope::Upcoming,
            meetings: Tab::default(),
            webinars: Tab::default(),
            filter: FilterBar::default(),
            details_pending: HashMap::new(),
            details: HashMap::new(),
            area: None,
        }
    }

    /// Settings requests for the shown rows (plus a margin) not known or asked for yet, up to
    /// [`MAX_DETAILS_IN_FLIGHT`] running at once.
    fn load_shown_details(&mut self, ids: &mut RequestIds) -> Vec<Effect> {
        let rows = self.table_rows();
        let offset = self.tab().cursor.offset_for(rows);
        let kind = self.tab;
        let wanted: Vec<EventRef> = self
            .visible()
            .iter()
            .skip(offset)
            .take(rows + DETAIL_MARGIN_ROWS)
            .map(|event| EventRef { kind, id: event.id })
            .filter(|event| {
                !self.details.contains_key(event)
                    && !self
                        .details_pending
                        .values()
                        .any(|pending| pending == event)
            })
            .collect();
        let free = MAX_DETAILS_IN_FLIGHT.saturating_sub(self.details_pending.len());
        wanted
            .into_iter()
            .take(free)
            .map(|event| Effect::LoadEvent {
                request: self.reserve_detail(event, ids),
                event,
            })
            .collect()
    }

    /// Rows of the table in the screen's area: less the tab row, the filter bar and the header.
    fn table_rows(&self) -> usize {
        self.area.map_or(ROWS_BEFORE_FIRST_RESIZE, |area| {
            let [_, body, _] = Self::layout(area, self.filter.rows());
            usize::from(body.height.saturating_sub(1))
        })
    }

    /// The tab row, the table and the filter bar of `area`.
    fn layout(area: Rect, filter_rows: u16) -> [Rect; 3] {
        Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(filter_rows),
        ])
        .areas(area)
    }

    /// `effects` as an action, none when empty.
    fn run(effects: Vec<Effect>) -> Option<Action> {
        (!effects.is_empty()).then_some(Action::Run(effects))
    }

    fn tab(&self) -> &Tab {
        match self.tab {
            EventKind::Meeting => &self.meetings,
            EventKind::Webinar => &self.webinars,
        }
    }

    fn tab_mut(&mut self) -> &mut Tab {
        match self.tab {
            EventKind::Meeting => &mut self.meetings,
            EventKind::Webinar => &mut self.webinars,
        }
    }

    /// The events of the current tab that pass the filter.
    fn visible(&self) -> Vec<&EventSummary> {
        let needle = self.filter.needle();
        self.tab()
            .events
            .data
            .iter()
            .flatten()
            .filter(|event| Self::matches(event, &needle))
            .collect()
    }

    /// Whether `event` passes the filter `needle` (lower case; empty passes everything).
    fn matches(event: &EventSummary, needle: &str) -> bool {
        needle.is_empty()
            || event.topic.to_lowercase().contains(needle)
            || event.id.to_string().contains(needle)
    }

    fn load_tab(&mut self, ids: &mut RequestIds) -> Vec<Effect> {
        let (kind, scope) = (self.tab, self.scope);
        let request = self.tab_mut().events.begin(ids);
        vec![Effect::LoadEvents {
            request,
            kind,
            scope,
        }]
    }

    fn registration(&self, event: &EventSummary) -> RegistrationState {
        let key = EventRef {
            kind: self.tab,
            id: event.id,
        };
        match self.details.get(&key) {
            None => RegistrationState::Unknown,
            Some(Err(_)) => RegistrationState::Failed,
            Some(Ok(detail)) => RegistrationState::Known(detail.settings.approval_type),
        }
    }

    fn open(&self) -> Option<Action> {
        let visible = self.visible();
        let event = visible.get(self.tab().cursor.selected)?;
        let event_ref = EventRef {
            kind: self.tab,
            id: event.id,
        };
        let detail = self
            .details
            .get(&event_ref)
            .and_then(|detail| detail.as_ref().ok())
            .map(|detail| (**detail).clone());
        Some(Action::Push(Box::new(RegistrantsScreen::new(
            event_ref,
            event.topic.clone(),
            detail,
        ))))
    }
}

impl MeetingsScreen {
    /// The attendance view of the event under the cursor (it says so when it never took place).
    fn attendance(&self) -> Option<Action> {
        let visible = self.visible();
        let event = visible.get(self.tab().cursor.selected)?;
        Some(Action::Push(Box::new(AttendanceScreen::new(
            EventRef {
                kind: self.tab,
                id: event.id,
            },
            event.topic.clone(),
            event.timezone.clone(),
        ))))
    }
}

enum RegistrationState {
    Unknown,
    Failed,
    Known(ApprovalType),
}

impl RegistrationState {
    fn label(&self) -> &'static str {
        match self {
            RegistrationState::Unknown => "…",
            RegistrationState::Failed => "?",
            RegistrationState::Known(ApprovalType::Automatic) => "auto",
            RegistrationState::Known(ApprovalType::Manual) => "manual",
            RegistrationState::Known(ApprovalType::NoRegistration) => "off",
            RegistrationState::Known(ApprovalType::Other(_)) => "other",
        }
    }
}

impl Screen for MeetingsScreen {
    fn title(&self) -> String {
        "Meetings and webinars".to_owned()
    }

    fn scopes(&self) -> &'static [Scope] {
        &[Scope::Meetings, Scope::List]
    }

    fn start(&mut self, ids: &mut RequestIds) -> Vec<Effect> {
        self.load_tab(ids)
    }

    fn is_typing(&self) -> bool {
        self.filter.is_typing()
    }

    fn handle_paste(&mut self, text: &str) {
        self.filter.paste(text);
    }

    fn handle_key(&mut self, key: &KeyEvent, ids: &mut RequestIds) -> Option<Action> {
        if self.filter.is_typing() {
            if self.filter.handle_key(key) {
                self.tab_mut().cursor.selected = 0;
            }
            return Self::run(self.load_shown_details(ids));
        }
        let command = keymap::command_for(self.scopes(), key)?;
        let len = self.visible().len();
        if self.tab_mut().cursor.apply(command, len) {
            return Self::run(self.load_shown_details(ids));
        }
        match command {
            Command::NextTab | Command::PrevTab => {
                self.tab = match self.tab {
                    EventKind::Meeting => EventKind::Webinar,
                    EventKind::Webinar => EventKind::Meeting,
                };
                if self.tab().events.data.is_none() && !self.tab().events.is_loading() {
                    return Some(Action::Run(self.load_tab(ids)));
                }
                Self::run(self.load_shown_details(ids))
            }
            Command::ToggleUpcoming => {
                self.scope = match self.scope {
                    ListScope::Upcoming => ListScope::All,
                    ListScope::All => ListScope::Upcoming,
                };
                self.meetings.events.data = None;
                self.webinars.events.data = None;
                Some(Action::Run(self.load_tab(ids)))
            }
            Command::Filter => {
                self.filter.open();
                None
            }
            Command::Open => self.open(),
            Command::Attendance => self.attendance(),
            Command::Refresh => Some(Action::Run(self.load_tab(ids))),
            Command::Back if !self.filter.is_empty() => {
                self.filter.clear();
                Self::run(self.load_shown_details(ids))
            }
            Command::Quit => Some(Action::Quit),
            _ => None,
        }
    }

    fn accept(
        &mut self,
        request: RequestId,
        outcome: Outcome,
        ids: &mut RequestIds,
    ) -> Result<Option<Action>, Outcome> {
        match outcome {
            Outcome::Events(result) => {
                let kind = if self.meetings.events.waits_for(request) {
                    EventKind::Meeting
                } else if self.webinars.events.waits_for(request) {
                    EventKind::Webinar
                } else {
                    return Err(Outcome::Events(result));
                };
                let tab = match kind {
                    EventKind::Meeting => &mut self.meetings,
                    EventKind::Webinar => &mut self.webinars,
                };
                tab.events.finish(result);
                let len = tab.events.data.as_ref().map_or(0, Vec::len);
                tab.cursor.clamp(len);
                if kind != self.tab {
                    return Ok(None);
                }
                Ok(Self::run(self.load_shown_details(ids)))
            }
            Outcome::Event(result) => match self.details_pending.remove(&request) {
                Some(event) => {
                    self.details.insert(event, result);
                    Ok(Self::run(self.load_shown_details(ids)))
                }
                None => Err(Outcome::Event(result)),
            },
            other => Err(other),
        }
    }

    fn handle_click(&mut self, column: u16, row: u16, ids: &mut RequestIds) -> Option<Action> {
        let area = self.area?;
        let [tabs_area, body, _] = Self::layout(area, self.filter.rows());
        if row == tabs_area.y {
            let [meetings, webinars] = self.tab_labels();
            let meetings_end = area.x + crate::text::terminal::width(&meetings) as u16;
            let webinars_end = meetings_end + 1 + crate::text::terminal::width(&webinars) as u16;
            let clicked = if column < meetings_end {
                EventKind::Meeting
            } else if column < webinars_end {
                EventKind::Webinar
            } else {
                return None;
            };
            if clicked != self.tab {
                return self.handle_key(
                    &crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Tab),
                    ids,
                );
            }
            return None;
        }
        let first_row = body.y + 1;
        if row >= first_row && row < body.y + body.height {
            let position = self.tab().cursor.offset() + usize::from(row - first_row);
            if position < self.visible().len() {
                self.tab_mut().cursor.selected = position;
                return Self::run(self.load_shown_details(ids));
            }
        }
        None
    }

    fn resize(&mut self, area: Rect, ids: &mut RequestIds) -> Vec<Effect> {
        if self.area == Some(area) {
            return Vec::new();
        }
        self.area = Some(area);
        self.load_shown_details(ids)
    }

    fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let [tabs_area, body, filter_area] = Self::layout(area, self.filter.rows());
        frame.render_widget(self.tabs_line(ui), tabs_area);
        self.render_body(frame, body, ui);
        self.filter.render(frame, filter_area, ui);
    }
}

/// How the meetings screen draws; drawing only reads its state.
impl MeetingsScreen {
    /// The tabs' labels: " Meetings (6) ", or " Meetings (2 of 6) " while a filter is on.
    fn tab_labels(&self) -> [String; 2] {
        let needle = self.filter.needle();
        let count = |tab: &Tab| {
            tab.events.data.as_ref().map_or(String::new(), |events| {
                if needle.is_empty() {
                    format!(" ({})", events.len())
                } else {
                    let matching = events
                        .iter()
                        .filter(|event| Self::matches(event, &needle))
                        .count();
                    format!(" ({matching} of {})", events.len())
                }
            })
        };
        [
            format!(" Meetings{} ", count(&self.meetings)),
            format!(" Webinars{} ", count(&self.webinars)),
        ]
    }

    /// The two tabs with their counts, the filter, the scope, and the loading spinner.
    fn tabs_line(&self, ui: &Ui) -> Line<'static> {
        let [meetings_label, webinars_label] = self.tab_labels();
        let style_for = |kind| {
            if self.tab == kind {
                ui.theme.active_tab
            } else {
                ui.theme.text
            }
        };
        let mut tabs = vec![
            Span::styled(meetings_label, style_for(EventKind::Meeting)),
            Span::raw(" "),
            Span::styled(webinars_label, style_for(EventKind::Webinar)),
        ];
        if !self.filter.is_empty() {
            tabs.push(Span::styled(
                format!(
                    "  filter: {} (Esc clears) ",
                    crate::tui::drawn_text::safe(self.filter.value())
                ),
                ui.theme.warn,
            ));
        }
        tabs.push(Span::styled(
            match self.scope {
                ListScope::Upcoming => "   upcoming only (u: all scheduled)",
                ListScope::All => "   all scheduled (u: upcoming only)",
            },
            ui.theme.dim,
        ));
        if self.tab().events.is_loading() {
            tabs.push(Span::styled(
                format!("  {} loading", ui.spinner),
                ui.theme.warn,
            ));
        }
        Line::from(tabs)
    }

    /// The table, or why there is none (an error, loading, no events, nothing matches).
    fn render_body(&self, frame: &mut Frame, body: Rect, ui: &Ui) {
        let tab = self.tab();
        if let Some(error) = &tab.events.error {
            let text = error_lines(
                &format!("Cannot list {}s", self.tab.noun()),
                error,
                "r: try again",
                ui,
            );
            frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), body);
            return;
        }
        let visible = self.visible();
        if tab.events.data.is_none() {
            frame.render_widget(
                Paragraph::new(format!("{} Loading {}s…", ui.spinner, self.tab.noun())),
                body,
            );
            return;
        }
        if visible.is_empty() {
            let text = if self.filter.is_empty() {
                format!(
                    "No {} {}s. Press u to include all scheduled ones, Tab for {}.",
                    match self.scope {
                        ListScope::Upcoming => "upcoming",
                        ListScope::All => "scheduled",
                    },
                    self.tab.noun(),
                    match self.tab {
                        EventKind::Meeting => "webinars",
                        EventKind::Webinar => "meetings",
                    }
                )
            } else {
                format!(
                    "No {} matches {:?}. Esc clears the filter.",
                    self.tab.noun(),
                    self.filter.value()
                )
            };
            frame.render_widget(Paragraph::new(text).style(ui.theme.dim), body);
        } else {
            self.render_table(frame, body, ui, &visible);
        }
    }

    /// The events in `visible` with their registration state; the cursor's row stays on screen.
    fn render_table(&self, frame: &mut Frame, body: Rect, ui: &Ui, visible: &[&EventSummary]) {
        let tab = self.tab();
        let wide = body.width >= 90;
        let header = if wide {
            Row::new(["Starts (UTC)", "Topic", "ID", "Kind", "Registration"])
        } else {
            Row::new(["Starts (UTC)", "Topic", "Registration"])
        }
        .style(ui.theme.header);
        let height = body.height.saturating_sub(1) as usize;
        // The offset was set in update; a first frame before any resize still shows the cursor.
        let mut offset = tab.cursor.offset();
        if height > 0 && tab.cursor.selected >= offset + height {
            offset = tab.cursor.selected + 1 - height;
        }
        let rows = visible.iter().map(|event| {
            let starts = event
                .start_time
                .map(|time| time.strftime("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_else(|| "no fixed time".to_owned());
            let registration = self.registration(event).label().to_owned();
            if wide {
                Row::new(vec![
                    starts,
                    crate::tui::drawn_text::safe(&event.topic),
                    event.id.to_string(),
                    event.event_type.describe(),
                    registration,
                ])
            } else {
                Row::new(vec![starts, fit(&event.topic, 60), registration])
            }
        });
        let widths: Vec<Constraint> = if wide {
            vec![
                Constraint::Length(16),
                Constraint::Fill(1),
                Constraint::Length(12),
                Constraint::Length(10),
                Constraint::Length(12),
            ]
        } else {
            vec![
                Constraint::Length(16),
                Constraint::Fill(1),
                Constraint::Length(12),
            ]
        };
        let table = Table::new(rows, widths)
            .header(header)
            .row_highlight_style(ui.theme.cursor);
        let mut state = TableState::default()
            .with_offset(offset)
            .with_selected(Some(tab.cursor.selected));
        frame.render_stateful_widget(table, body, &mut state);
    }
}

impl MeetingsScreen {
    fn reserve_detail(&mut self, event: EventRef, ids: &mut RequestIds) -> RequestId {
        let id = ids.next_id();
        self.details_pending.insert(id, event);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::App;
    use crate::tui::fixtures::{self, app_with, deliver, render, request_of};
    use crossterm::event::KeyCode;

    fn started(session: bool) -> (App, RequestId) {
        let (app, effects) = app_with(Box::new(MeetingsScreen::new()), session);
        let request = request_of(&effects, |effect| match effect {
            Effect::LoadEvents {
                request,
                kind: EventKind::Meeting,
                scope: ListScope::Upcoming,
            } => Some(*request),
            _ => None,
        });
        (app, request)
    }

    fn populated() -> App {
        let (mut app, request) = started(true);
        let effects = deliver(&mut app, request, Outcome::Events(Ok(fixtures::events())));
        let approvals = [0, 1, 2];
        let mut details = 0;
        for effect in effects {
            if let Effect::LoadEvent { request, event } = effect {
                let approval = approvals[details % approvals.len()];
                details += 1;
                deliver(
                    &mut app,
                    request,
                    Outcome::Event(Ok(Box::new(fixtures::detail(event.id, approval, &[])))),
                );
            }
        }
        assert_eq!(details, 3, "one settings request per event");
        app
    }

    /// Answers every settings request in `effects` (auto approval), and those the answers start in
    /// turn; returns the ids of the events asked for.
    fn answer_details(app: &mut App, effects: Vec<Effect>) -> Vec<u64> {
        let mut queue = effects;
        let mut asked = Vec::new();
        while let Some(effect) = queue.pop() {
            if let Effect::LoadEvent { request, event } = effect {
                assert!(queue.len() < MAX_DETAILS_IN_FLIGHT, "too many in flight");
                asked.push(event.id);
                queue.extend(deliver(
                    app,
                    request,
                    Outcome::Event(Ok(Box::new(fixtures::detail(event.id, 0, &[])))),
                ));
            }
        }
        asked
    }

    /// 300 meetings on a 120x30 terminal (18 table rows): settings are asked for the rows on
    /// screen and a margin only, never twice, a few at a time; `G` asks for the last rows, which
    /// show … until they are known.
    #[test]
    fn settings_are_asked_only_for_the_rows_on_screen_a_few_at_a_time() {
        const TABLE_ROWS: usize = 18;
        let (mut app, request) = started(true);
        resize(&mut app, 120, 30);
        let many: Vec<EventSummary> = (0..300)
            .map(|n| {
                fixtures::event(
                    80_000_000_000 + n,
                    &format!("Team sync {n:03}"),
                    "2026-12-01T10:00:00Z",
                    2,
                )
            })
            .collect();
        let first = deliver(&mut app, request, Outcome::Events(Ok(many)));
        assert_eq!(first.len(), MAX_DETAILS_IN_FLIGHT, "{first:?}");
        let mut asked = answer_details(&mut app, first);
        assert_eq!(asked.len(), TABLE_ROWS + DETAIL_MARGIN_ROWS);
        let mut first_rows = asked.clone();
        first_rows.sort_unstable();
        assert_eq!(
            first_rows,
            (0..(TABLE_ROWS + DETAIL_MARGIN_ROWS) as u64)
                .map(|n| 80_000_000_000 + n)
                .collect::<Vec<_>>()
        );
        let moved = app.update(crate::tui::message::Msg::Input(
            crossterm::event::Event::Key(crate::tui::testing::key(KeyCode::Down)),
        ));
        assert!(moved.is_empty(), "the rows below are known: {moved:?}");
        let bottom = app.update(crate::tui::message::Msg::Input(
            crossterm::event::Event::Key(crate::tui::testing::key(KeyCode::Char('G'))),
        ));
        assert_eq!(bottom.len(), MAX_DETAILS_IN_FLIGHT);
        insta::assert_snapshot!(render(&app, 120, 30));
        asked.extend(answer_details(&mut app, bottom));
        let mut unique = asked.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), asked.len(), "an event was asked for twice");
        assert_eq!(asked.len(), 2 * TABLE_ROWS + DETAIL_MARGIN_ROWS);
        let screen = render(&app, 120, 30);
        assert!(
            screen
                .lines()
                .filter(|row| row.contains("Team sync"))
                .all(|row| row.contains("auto") && !row.contains('…')),
            "{screen}"
        );
    }

    fn resize(app: &mut App, width: u16, height: u16) -> Vec<Effect> {
        app.update(crate::tui::message::Msg::Input(
            crossterm::event::Event::Resize(width, height),
        ))
    }

    /// A taller terminal shows more rows: their registration settings are asked for at the
    /// resize, before any key is pressed.
    #[test]
    fn a_resize_that_reveals_rows_asks_for_their_settings() {
        const TABLE_ROWS: u64 = 18;
        let (mut app, request) = started(true);
        resize(&mut app, 120, 30);
        let many: Vec<EventSummary> = (0..300)
            .map(|n| {
                fixtures::event(
                    80_000_000_000 + n,
                    &format!("Team sync {n:03}"),
                    "2026-12-01T10:00:00Z",
                    2,
                )
            })
            .collect();
        let first = deliver(&mut app, request, Outcome::Events(Ok(many)));
        answer_details(&mut app, first);
        let taller = resize(&mut app, 120, 60);
        let mut asked = answer_details(&mut app, taller);
        asked.sort_unstable();
        let margin = DETAIL_MARGIN_ROWS as u64;
        let newly_shown = (TABLE_ROWS + margin..TABLE_ROWS + 30 + margin)
            .map(|n| 80_000_000_000 + n)
            .collect::<Vec<_>>();
        assert_eq!(asked, newly_shown);
        assert!(resize(&mut app, 120, 60).is_empty(), "the same size again");
        let screen = render(&app, 120, 60);
        assert!(
            screen
                .lines()
                .filter(|row| row.contains("Team sync"))
                .all(|row| row.contains("auto") && !row.contains('…')),
            "{screen}"
        );
    }

    #[test]
    fn loading() {
        let (app, _) = started(false);
        insta::assert_snapshot!(render(&app, 100, 12));
    }

    #[test]
    fn populated_with_registration_states_and_the_live_pane() {
        insta::assert_snapshot!(render(&populated(), 120, 30));
    }

    #[test]
    fn narrow_terminal_drops_columns_and_collapses_the_live_pane() {
        insta::assert_snapshot!(render(&populated(), 70, 16));
    }

    #[test]
    fn empty() {
        let (mut app, request) = started(false);
        deliver(&mut app, request, Outcome::Events(Ok(Vec::new())));
        insta::assert_snapshot!(render(&app, 100, 8));
    }

    #[test]
    fn error_shows_the_diagnosis() {
        let (mut app, request) = started(false);
        deliver(
            &mut app,
            request,
            Outcome::Events(Err(fixtures::unreachable())),
        );
        insta::assert_snapshot!(render(&app, 100, 10));
    }

    #[test]
    fn a_stale_list_is_dropped() {
        let (mut app, first) = started(false);
        let refresh = app.update(crate::tui::message::Msg::Input(
            crossterm::event::Event::Key(crate::tui::testing::key(KeyCode::Char('r'))),
        ));
        assert!(matches!(refresh.as_slice(), [Effect::LoadEvents { .. }]));
        deliver(&mut app, first, Outcome::Events(Ok(fixtures::events())));
        let screen = render(&app, 100, 8);
        assert!(
            screen.contains("Loading meetings"),
            "the outdated answer was shown:\n{screen}"
        );
    }

    /// The screen at the four sizes of the acceptance list.
    #[test]
    fn meetings_screen_at_200x50_120x40_80x24_and_50x15() {
        let mut app = populated();
        let mut screens = String::new();
        for (width, height) in [(200, 50), (120, 40), (80, 24), (50, 15)] {
            resize(&mut app, width, height);
            screens.push_str(&format!(
                "── {width}×{height}\n{}\n",
                render(&app, width, height)
            ));
        }
        insta::assert_snapshot!(screens);
    }

    /// A filter that stays on says so on the tabs line, with how many events it leaves of how
    /// many, also after the filter bar is closed with Enter.
    #[test]
    fn a_kept_filter_is_shown_with_its_counts() {
        let mut app = populated();
        for code in [
            KeyCode::Char('/'),
            KeyCode::Char('a'),
            KeyCode::Char('d'),
            KeyCode::Char('v'),
            KeyCode::Enter,
        ] {
            app.update(crate::tui::message::Msg::Input(
                crossterm::event::Event::Key(crate::tui::testing::key(code)),
            ));
        }
        let screen = render(&app, 120, 30);
        assert!(screen.contains("Meetings (1 of 3)"), "{screen}");
        assert!(screen.contains("filter: adv (Esc clears)"), "{screen}");
    }

    /// A resize while another screen is on top reaches the meetings screen too: when it shows
    /// again, the settings of the rows the bigger terminal reveals were already asked for.
    #[test]
    fn a_resize_under_another_screen_reaches_it() {
        let (mut app, request) = started(true);
        resize(&mut app, 120, 30);
        let many: Vec<EventSummary> = (0..300)
            .map(|n| {
                fixtures::event(
                    80_000_000_000 + n,
                    &format!("Team sync {n:03}"),
                    "2026-12-01T10:00:00Z",
                    2,
                )
            })
            .collect();
        let first = deliver(&mut app, request, Outcome::Events(Ok(many)));
        answer_details(&mut app, first);
        app.update(crate::tui::message::Msg::Input(
            crossterm::event::Event::Key(crate::tui::testing::key(KeyCode::Enter)),
        ));
        let taller = resize(&mut app, 120, 60);
        assert!(
            taller
                .iter()
                .any(|effect| matches!(effect, Effect::LoadEvent { .. })),
            "the meetings screen under the registrants heard the resize: {taller:?}"
        );
    }
}
