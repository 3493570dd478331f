//! The top screen: the account's meetings and webinars (Tab switches), upcoming only or all
//! scheduled (`u`), filtered by topic or ID (`/`). Each row says when the event starts in its own
//! time zone (with the offset, and the zone's name where the width allows), who hosts it when the
//! list spans several hosts, its registration state (auto, manual or off) and how many people
//! registered in each status (`12✓ 3… 1✗`).
//!
//! The registration state takes one settings request per event, and the counts three small list
//! requests, so only the rows on screen are asked for (settings also for a few rows below), as the
//! list arrives and as the cursor, a filter or a resize reveals rows; answers are kept. At most
//! [`MAX_DETAILS_IN_FLIGHT`] settings requests and [`MAX_COUNTS_IN_FLIGHT`] counts run at once, so
//! what the user asks for never waits behind them; counting stops while the rate budget is low
//! ([`crate::session::status_counts`]) and while a screen opened from this one is on top. Rows
//! not known yet show ….

use std::collections::HashMap;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState, Wrap};

use super::attendance::AttendanceScreen;
use super::registrants::RegistrantsScreen;
use super::{Action, FilterBar, Handback, ListCursor, Loadable, Screen, Ui, error_lines, fit};
use crate::session::events::AccountEvents;
use crate::session::status_counts::{NotCounted, StatusCounts};
use crate::tui::keymap::{self, Command, Scope};
use crate::tui::message::{Effect, Outcome, RequestId, RequestIds};
use crate::zoom::{
    ApprovalType, EventDetail, EventKind, EventRef, EventSummary, ListScope, ZonedStart, ZoomError,
};

/// Settings requests running at once: a real account has hundreds of meetings, and Zoom's Medium
/// category allows only 20 requests a second on Pro.
pub const MAX_DETAILS_IN_FLIGHT: usize = 4;
/// Counts running at once (each is three Medium requests): one, so that a user's own requests
/// never queue behind more than one count.
pub const MAX_COUNTS_IN_FLIGHT: usize = 1;
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
    /// Counts in flight: which event each one is for.
    counts_pending: HashMap<RequestId, EventRef>,
    /// Counts by status; `Err` when Zoom would not count them.
    counts: HashMap<EventRef, Result<StatusCounts, ZoomError>>,
    /// A count came back unsent because the rate budget was low: no more are asked for until
    /// the user moves, refreshes or resizes.
    counting_paused: bool,
    /// Another screen opened from this one is on top: counting waits until this one shows
    /// again, so that it never competes with what the user is doing there.
    covered: bool,
    /// The area the screen is drawn in, as the last resize said.
    area: Option<Rect>,
}

#[derive(Default)]
struct Tab {
    events: Loadable<AccountEvents>,
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
            counts_pending: HashMap::new(),
            counts: HashMap::new(),
            counting_paused: false,
            covered: false,
            area: None,
        }
    }

    /// The work the shown rows need: settings for the shown rows (plus a margin) not known or
    /// asked for yet, up to [`MAX_DETAILS_IN_FLIGHT`] running at once; then counts for the shown
    /// rows that take registrations, up to [`MAX_COUNTS_IN_FLIGHT`], unless counting is paused.
    fn load_shown(&mut self, ids: &mut RequestIds) -> Vec<Effect> {
        let rows = self.table_rows();
        let offset = self.tab().cursor.offset_for(rows);
        let kind = self.tab;
        let shown: Vec<EventRef> = self
            .visible()
            .iter()
            .skip(offset)
            .take(rows + DETAIL_MARGIN_ROWS)
            .map(|event| EventRef { kind, id: event.id })
            .collect();
        let wanted_details: Vec<EventRef> = shown
            .iter()
            .copied()
            .filter(|event| {
                !self.details.contains_key(event)
                    && !self.details_pending.values().any(|asked| asked == event)
            })
            .collect();
        let free = MAX_DETAILS_IN_FLIGHT.saturating_sub(self.details_pending.len());
        let mut effects: Vec<Effect> = wanted_details
            .into_iter()
            .take(free)
            .map(|event| {
                let request = ids.next_id();
                self.details_pending.insert(request, event);
                Effect::LoadEvent { request, event }
            })
            .collect();
        if self.counting_paused || self.covered {
            return effects;
        }
        let wanted_counts: Vec<EventRef> = shown
            .iter()
            .take(rows)
            .copied()
            .filter(|event| {
                self.takes_registrations(event)
                    && !self.counts.contains_key(event)
                    && !self.counts_pending.values().any(|asked| asked == event)
            })
            .collect();
        let free = MAX_COUNTS_IN_FLIGHT.saturating_sub(self.counts_pending.len());
        effects.extend(wanted_counts.into_iter().take(free).map(|event| {
            let request = ids.next_id();
            self.counts_pending.insert(request, event);
            Effect::CountRegistrants { request, event }
        }));
        effects
    }

    /// What the shown rows need after the user did something: counting may start again.
    fn load_shown_for_user(&mut self, ids: &mut RequestIds) -> Vec<Effect> {
        self.counting_paused = false;
        self.load_shown(ids)
    }

    /// Whether `event`'s settings say it takes registrations (known settings only).
    fn takes_registrations(&self, event: &EventRef) -> bool {
        matches!(self.details.get(event), Some(Ok(detail)) if detail.registration_enabled())
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
            .flat_map(|listed| listed.events.iter())
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

    /// `r`: the list again, and fresh counts for it (registrations arrive all the time).
    fn refresh(&mut self, ids: &mut RequestIds) -> Vec<Effect> {
        let kind = self.tab;
        self.counts.retain(|event, _| event.kind != kind);
        self.counting_paused = false;
        self.load_tab(ids)
    }

    fn registration(&self, event: EventRef) -> RegistrationState {
        match self.details.get(&event) {
            None => RegistrationState::Unknown,
            Some(Err(_)) => RegistrationState::Failed,
            Some(Ok(detail)) => RegistrationState::Known(detail.settings.approval_type),
        }
    }

    /// The registrants column: counts by status, … until known, ? when Zoom refused, – for an
    /// event without registration.
    fn counts_cell(&self, event: EventRef) -> String {
        match self.counts.get(&event) {
            Some(Ok(counts)) => counts.compact(),
            Some(Err(_)) => "?".to_owned(),
            None => match self.registration(event) {
                RegistrationState::Known(approval) if !approval.registration_enabled() => {
                    "–".to_owned()
                }
                RegistrationState::Failed => "?".to_owned(),
                _ => "…".to_owned(),
            },
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
            return Self::run(self.load_shown_for_user(ids));
        }
        let command = keymap::command_for(self.scopes(), key)?;
        let len = self.visible().len();
        if self.tab_mut().cursor.apply(command, len) {
            return Self::run(self.load_shown_for_user(ids));
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
                Self::run(self.load_shown_for_user(ids))
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
            Command::Open => {
                let opened = self.open();
                self.covered = opened.is_some();
                opened
            }
            Command::Attendance => {
                let opened = self.attendance();
                self.covered = opened.is_some();
                opened
            }
            Command::Import => {
                // Each row's event comes from the file; the counts are taken again on return.
                self.covered = true;
                Some(Action::Push(Box::new(
                    super::import_wizard::MultiImportWizard::new(),
                )))
            }
            Command::Refresh => Some(Action::Run(self.refresh(ids))),
            Command::Back if !self.filter.is_empty() => {
                self.filter.clear();
                Self::run(self.load_shown_for_user(ids))
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
                let len = tab
                    .events
                    .data
                    .as_ref()
                    .map_or(0, |listed| listed.events.len());
                tab.cursor.clamp(len);
                if kind != self.tab {
                    return Ok(None);
                }
                Ok(Self::run(self.load_shown(ids)))
            }
            Outcome::Event(result) => match self.details_pending.remove(&request) {
                Some(event) => {
                    self.details.insert(event, result);
                    Ok(Self::run(self.load_shown(ids)))
                }
                None => Err(Outcome::Event(result)),
            },
            Outcome::StatusCounts(result) => match self.counts_pending.remove(&request) {
                Some(event) => {
                    match result {
                        Ok(counts) => {
                            self.counts.insert(event, Ok(counts));
                        }
                        Err(NotCounted::Failed(error)) => {
                            self.counts.insert(event, Err(error));
                        }
                        Err(NotCounted::BudgetLow) => self.counting_paused = true,
                    }
                    Ok(Self::run(self.load_shown(ids)))
                }
                None => Err(Outcome::StatusCounts(result)),
            },
            other => Err(other),
        }
    }

    /// People were registered or changed on the screen above: those events are counted again,
    /// now that this screen shows.
    fn take_handback(&mut self, handback: Handback, ids: &mut RequestIds) -> Vec<Effect> {
        match handback {
            Handback::Registered { event, .. } | Handback::Reload { event } => {
                self.counts.remove(&event);
            }
            Handback::ReloadMany { events } => {
                for event in events {
                    self.counts.remove(&event);
                }
            }
        }
        self.shown_again(ids)
    }

    /// A change on the screen above makes the event's count out of date; it is counted again
    /// when this screen shows (counting now would only crowd the user's own requests).
    fn after_change(
        &mut self,
        change: &crate::tui::message::Change,
        _ids: &mut RequestIds,
    ) -> Vec<Effect> {
        self.counts.remove(&change.event);
        Vec::new()
    }

    fn shown_again(&mut self, ids: &mut RequestIds) -> Vec<Effect> {
        self.covered = false;
        self.load_shown(ids)
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
                return Self::run(self.load_shown_for_user(ids));
            }
        }
        None
    }

    fn resize(&mut self, area: Rect, ids: &mut RequestIds) -> Vec<Effect> {
        if self.area == Some(area) {
            return Vec::new();
        }
        self.area = Some(area);
        self.load_shown_for_user(ids)
    }

    fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let [tabs_area, body, filter_area] = Self::layout(area, self.filter.rows());
        frame.render_widget(self.tabs_line(ui), tabs_area);
        self.render_body(frame, body, ui);
        self.filter.render(frame, filter_area, ui);
    }
}

/// A column of the events table, in the order they are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Starts,
    Zone,
    Topic,
    Host,
    Id,
    Kind,
    Registration,
    Registrants,
}

/// The narrowest the topic gets before other columns give way.
const TOPIC_MIN_WIDTH: u16 = 18;
/// The narrowest host column (emails are long; the part before @ says most), and the width it
/// is counted at when deciding whether the zone, ID and kind fit too.
const HOST_MIN_WIDTH: u16 = 12;
const HOST_COMFORTABLE_WIDTH: u16 = 24;
const HOST_MAX_WIDTH: u16 = 40;
/// Columns go in this order when the terminal is too narrow for them, each when the topic
/// would be left fewer columns than it needs.
const DROPPED_FIRST: [(Column, TopicNeeds); 6] = [
    (Column::Kind, TopicNeeds::Comfortable(30)),
    (Column::Id, TopicNeeds::Comfortable(30)),
    (Column::Zone, TopicNeeds::Comfortable(24)),
    (Column::Host, TopicNeeds::Minimum),
    (Column::Registration, TopicNeeds::Minimum),
    (Column::Registrants, TopicNeeds::Minimum),
];

/// What a column leaves the topic: this much with the host at a comfortable width, or the
/// minimum with the host at its narrowest.
#[derive(Debug, Clone, Copy)]
enum TopicNeeds {
    Comfortable(u16),
    Minimum,
}

impl Column {
    fn header(self) -> &'static str {
        match self {
            Column::Starts => "Starts",
            Column::Zone => "Zone",
            Column::Topic => "Topic",
            Column::Host => "Host",
            Column::Id => "ID",
            Column::Kind => "Kind",
            Column::Registration => "Approval",
            Column::Registrants => "Registrants",
        }
    }
}

/// The columns that fit `width` and the width of each; the topic takes what is left.
/// `wanted` holds each column's width (the host's its widest value; zero for the topic).
fn fit_columns(width: u16, mut wanted: Vec<(Column, u16)>) -> Vec<(Column, u16)> {
    // The topic's room when the host is `host` wide (at most its widest value).
    let topic_room = |columns: &[(Column, u16)], host: u16| -> u16 {
        let spacing = columns.len().saturating_sub(1) as u16;
        let others: u16 = columns
            .iter()
            .map(|(column, widest)| match column {
                Column::Topic => 0,
                Column::Host => host.min(*widest),
                _ => *widest,
            })
            .sum();
        width.saturating_sub(others + spacing)
    };
    for (dropped, needs) in DROPPED_FIRST {
        let fits = match needs {
            TopicNeeds::Comfortable(topic) => topic_room(&wanted, HOST_COMFORTABLE_WIDTH) >= topic,
            TopicNeeds::Minimum => topic_room(&wanted, HOST_MIN_WIDTH) >= TOPIC_MIN_WIDTH,
        };
        if !fits {
            wanted.retain(|(column, _)| *column != dropped);
        }
    }
    // Room beyond the minimums: the host gets up to half of it, the topic the rest.
    let spare = topic_room(&wanted, HOST_MIN_WIDTH).saturating_sub(TOPIC_MIN_WIDTH);
    let host_extra = wanted
        .iter()
        .find(|(column, _)| *column == Column::Host)
        .map_or(0, |(_, widest)| {
            widest.saturating_sub(HOST_MIN_WIDTH).min(spare / 2)
        });
    let topic = TOPIC_MIN_WIDTH + spare - host_extra;
    wanted
        .into_iter()
        .map(|(column, width)| match column {
            Column::Topic => (column, topic),
            Column::Host => (column, HOST_MIN_WIDTH.min(width) + host_extra),
            _ => (column, width),
        })
        .collect()
}

/// Terminals narrower than this show starts without the year.
const FULL_START_MIN_WIDTH: u16 = 80;

/// The starts column's width: `2026-11-30 15:00 +01:00`, or `11-30 15:00 +01:00` when the
/// terminal is narrow.
fn starts_width(terminal_width: u16) -> u16 {
    if terminal_width < FULL_START_MIN_WIDTH {
        18
    } else {
        23
    }
}

/// `local` (`2026-11-30 15:00 +01:00`) without its year when the column is too narrow for it.
fn short_start(local: String, width: u16) -> String {
    if crate::text::terminal::width(&local) <= usize::from(width) {
        return local;
    }
    local.get(5..).map(str::to_owned).unwrap_or(local)
}

/// `email` in `width` columns: whole when it fits, else the part before @ (cut if need be).
fn host_cell(email: &str, width: u16) -> String {
    let width = usize::from(width);
    if crate::text::terminal::width(email) <= width {
        return fit(email, width);
    }
    let name = email.split_once('@').map_or(email, |(name, _)| name);
    fit(name, width)
}

/// How the meetings screen draws; drawing only reads its state.
impl MeetingsScreen {
    /// The tabs' labels: " Meetings (6) ", or " Meetings (2 of 6) " while a filter is on.
    fn tab_labels(&self) -> [String; 2] {
        let needle = self.filter.needle();
        let count = |tab: &Tab| {
            tab.events.data.as_ref().map_or(String::new(), |listed| {
                let events = &listed.events;
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
        if self.counting_paused {
            tabs.push(Span::styled(
                "  counts wait: rate budget low",
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
        let Some(listed) = &tab.events.data else {
            frame.render_widget(
                Paragraph::new(format!("{} Loading {}s…", ui.spinner, self.tab.noun())),
                body,
            );
            return;
        };
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
            self.render_table(frame, body, ui, listed, &visible);
        }
    }

    /// The columns for `visible` in `width`, each as wide as its longest value.
    fn columns(
        &self,
        width: u16,
        listed: &AccountEvents,
        visible: &[&EventSummary],
    ) -> Vec<(Column, u16)> {
        let widest = |values: &mut dyn Iterator<Item = String>, header: Column| {
            values
                .map(|value| crate::text::terminal::width(&value))
                .chain([crate::text::terminal::width(header.header())])
                .max()
                .unwrap_or(0)
                .min(usize::from(u16::MAX)) as u16
        };
        let zone = widest(
            &mut visible.iter().filter_map(|event| {
                Some(ZonedStart::of(event.start_time?, event.timezone.as_deref()).zone)
            }),
            Column::Zone,
        );
        let kind = widest(
            &mut visible.iter().map(|event| event.event_type.describe()),
            Column::Kind,
        );
        let mut wanted = vec![
            (Column::Starts, starts_width(width)),
            (Column::Zone, zone.min(24)),
            (Column::Topic, 0),
        ];
        if listed.has_several_hosts() {
            let host = widest(
                &mut visible.iter().map(|event| listed.host_of(event)),
                Column::Host,
            );
            wanted.push((Column::Host, host.min(HOST_MAX_WIDTH)));
        }
        wanted.extend([
            (Column::Id, 11),
            (Column::Kind, kind.min(25)),
            (Column::Registration, 8),
            (Column::Registrants, 11),
        ]);
        let mut columns = fit_columns(width, wanted);
        // Hosts cut to the part before @ need only as much room as the longest such part: the
        // topic gets the rest.
        let host = columns
            .iter()
            .find(|(column, _)| *column == Column::Host)
            .map(|(_, width)| *width);
        if let Some(host) = host {
            let shown = widest(
                &mut visible
                    .iter()
                    .map(|event| host_cell(&listed.host_of(event), host)),
                Column::Host,
            )
            .min(host);
            for (column, width) in &mut columns {
                match column {
                    Column::Host => *width = shown,
                    Column::Topic => *width += host - shown,
                    _ => {}
                }
            }
        }
        columns
    }

    /// One table cell.
    fn cell(
        &self,
        column: Column,
        width: u16,
        event: &EventSummary,
        listed: &AccountEvents,
    ) -> String {
        let event_ref = EventRef {
            kind: self.tab,
            id: event.id,
        };
        let width_chars = usize::from(width);
        let start = event
            .start_time
            .map(|start| ZonedStart::of(start, event.timezone.as_deref()));
        match column {
            Column::Starts => start.map_or_else(
                || "no fixed time".to_owned(),
                |start| short_start(start.local, width),
            ),
            Column::Zone => fit(
                &start.map(|start| start.zone).unwrap_or_default(),
                width_chars,
            ),
            Column::Topic => fit(&event.topic, width_chars),
            Column::Host => host_cell(&listed.host_of(event), width),
            Column::Id => event.id.to_string(),
            Column::Kind => fit(&event.event_type.describe(), width_chars),
            Column::Registration => self.registration(event_ref).label().to_owned(),
            Column::Registrants => self.counts_cell(event_ref),
        }
    }

    /// The events in `visible` with their start, host, registration state and counts, in the
    /// columns that fit; the cursor's row stays on screen.
    fn render_table(
        &self,
        frame: &mut Frame,
        body: Rect,
        ui: &Ui,
        listed: &AccountEvents,
        visible: &[&EventSummary],
    ) {
        let tab = self.tab();
        let columns = self.columns(body.width, listed, visible);
        let header =
            Row::new(columns.iter().map(|(column, _)| column.header())).style(ui.theme.header);
        let height = body.height.saturating_sub(1) as usize;
        // The offset was set in update; a first frame before any resize still shows the cursor.
        let mut offset = tab.cursor.offset();
        if height > 0 && tab.cursor.selected >= offset + height {
            offset = tab.cursor.selected + 1 - height;
        }
        let rows = visible.iter().map(|event| {
            Row::new(
                columns
                    .iter()
                    .map(|(column, width)| self.cell(*column, *width, event, listed))
                    .collect::<Vec<_>>(),
            )
        });
        let widths = columns.iter().map(|(_, width)| Constraint::Length(*width));
        let table = Table::new(rows, widths)
            .header(header)
            .row_highlight_style(ui.theme.cursor);
        let mut state = TableState::default()
            .with_offset(offset)
            .with_selected(Some(tab.cursor.selected));
        frame.render_stateful_widget(table, body, &mut state);
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

    /// The three fixture meetings with their settings (auto, manual, off) and the counts of
    /// those that take registrations.
    fn populated() -> App {
        let (mut app, request) = started(true);
        let effects = deliver(&mut app, request, Outcome::Events(Ok(fixtures::events())));
        let approvals = [0, 1, 2];
        let mut details = 0;
        let mut queue = effects;
        let mut counted = 0;
        while let Some(effect) = queue.pop() {
            match effect {
                Effect::LoadEvent { request, event } => {
                    let approval = approvals[details % approvals.len()];
                    details += 1;
                    queue.extend(deliver(
                        &mut app,
                        request,
                        Outcome::Event(Ok(Box::new(fixtures::detail(event.id, approval, &[])))),
                    ));
                }
                Effect::CountRegistrants { request, .. } => {
                    counted += 1;
                    let counts = if counted == 1 {
                        StatusCounts {
                            approved: 83,
                            pending: 0,
                            denied: 4,
                        }
                    } else {
                        StatusCounts {
                            approved: 12,
                            pending: 3,
                            denied: 1,
                        }
                    };
                    queue.extend(deliver(
                        &mut app,
                        request,
                        Outcome::StatusCounts(Ok(counts)),
                    ));
                }
                _ => {}
            }
        }
        assert_eq!(details, 3, "one settings request per event");
        assert_eq!(counted, 2, "a count per event that takes registrations");
        app
    }

    /// `count` meetings "Team sync 000"… with IDs from 80000000000, all at one time (UTC).
    fn team_syncs(count: u64) -> Vec<EventSummary> {
        (0..count)
            .map(|n| {
                fixtures::event(
                    80_000_000_000 + n,
                    &format!("Team sync {n:03}"),
                    "2026-12-01T10:00:00Z",
                    2,
                )
            })
            .collect()
    }

    fn account(events: Vec<EventSummary>) -> Outcome {
        Outcome::Events(Ok(AccountEvents::with_hosts(events, [])))
    }

    fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
        app.update(crate::tui::message::Msg::Input(
            crossterm::event::Event::Key(crate::tui::testing::key(code)),
        ))
    }

    /// Answers every settings request in `effects` (auto approval), and those the answers start in
    /// turn; returns the ids of the events asked for.
    fn answer_details(app: &mut App, effects: Vec<Effect>) -> Vec<u64> {
        let mut queue = effects;
        let mut asked = Vec::new();
        queue.retain(|effect| matches!(effect, Effect::LoadEvent { .. }));
        while let Some(effect) = queue.pop() {
            if let Effect::LoadEvent { request, event } = effect {
                assert!(queue.len() < MAX_DETAILS_IN_FLIGHT, "too many in flight");
                asked.push(event.id);
                queue.extend(
                    deliver(
                        app,
                        request,
                        Outcome::Event(Ok(Box::new(fixtures::detail(event.id, 0, &[])))),
                    )
                    .into_iter()
                    .filter(|effect| matches!(effect, Effect::LoadEvent { .. })),
                );
            }
        }
        asked
    }

    /// The settings requests among `effects`.
    fn details_of(effects: Vec<Effect>) -> Vec<Effect> {
        effects
            .into_iter()
            .filter(|effect| matches!(effect, Effect::LoadEvent { .. }))
            .collect()
    }

    /// 300 meetings on a 120x30 terminal (18 table rows): settings are asked for the rows on
    /// screen and a margin only, never twice, a few at a time; `G` asks for the last rows, which
    /// show … until they are known.
    #[test]
    fn settings_are_asked_only_for_the_rows_on_screen_a_few_at_a_time() {
        const TABLE_ROWS: usize = 18;
        let (mut app, request) = started(true);
        resize(&mut app, 120, 30);
        let many = team_syncs(300);
        let first = deliver(&mut app, request, account(many));
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
        let moved = details_of(moved);
        assert!(moved.is_empty(), "the rows below are known: {moved:?}");
        let bottom = app.update(crate::tui::message::Msg::Input(
            crossterm::event::Event::Key(crate::tui::testing::key(KeyCode::Char('G'))),
        ));
        let bottom = details_of(bottom);
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
                .all(|row| row.contains(" auto ")),
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
        let many = team_syncs(300);
        let first = deliver(&mut app, request, account(many));
        answer_details(&mut app, first);
        let taller = resize(&mut app, 120, 60);
        let mut asked = answer_details(&mut app, taller);
        asked.sort_unstable();
        let margin = DETAIL_MARGIN_ROWS as u64;
        let newly_shown = (TABLE_ROWS + margin..TABLE_ROWS + 30 + margin)
            .map(|n| 80_000_000_000 + n)
            .collect::<Vec<_>>();
        assert_eq!(asked, newly_shown);
        assert!(
            details_of(resize(&mut app, 120, 60)).is_empty(),
            "the same size again"
        );
        let screen = render(&app, 120, 60);
        assert!(
            screen
                .lines()
                .filter(|row| row.contains("Team sync"))
                .all(|row| row.contains(" auto ")),
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
        deliver(&mut app, request, account(Vec::new()));
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
        let many = team_syncs(300);
        let first = deliver(&mut app, request, account(many));
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

    /// Each start is in its event's own zone with the offset (not UTC), the zone named where the
    /// width allows; the hosts of a list with several are shown by email.
    #[test]
    fn starts_are_in_each_events_zone_and_several_hosts_are_named() {
        let app = populated();
        let wide = render(&app, 200, 50);
        let row = |screen: &str, topic: &str| -> String {
            screen
                .lines()
                .find(|line| line.contains(topic))
                .unwrap_or_default()
                .to_owned()
        };
        let office_hours = row(&wide, "Onboarding Office Hours");
        assert!(
            office_hours.contains("2026-11-25 15:00 -05:00")
                && office_hours.contains("America/New_York")
                && office_hours.contains("daniel.okafor@northwind-events.example"),
            "{wide}"
        );
        let briefing = row(&wide, "Quarterly Product Roadmap");
        assert!(
            briefing.contains("2026-11-26 18:00 +01:00")
                && briefing.contains("Europe/Stockholm")
                && briefing.contains("maya.lindqvist@northwind-events.example"),
            "{wide}"
        );
        assert!(!wide.contains("UTC"), "{wide}");
        let narrow = render(&app, 80, 24);
        let briefing = row(&narrow, "Quarterly Product");
        assert!(
            briefing.contains("2026-11-26 18:00 +01:00") && briefing.contains("maya.lindqvist"),
            "at 80 columns the offset and the host's name stay: {narrow}"
        );
    }

    /// One host: no host column (it would say the same on every row).
    #[test]
    fn a_list_of_one_hosts_events_has_no_host_column() {
        let (mut app, request) = started(true);
        deliver(
            &mut app,
            request,
            account(vec![fixtures::event(
                84127650391,
                "Quarterly Product Roadmap Briefing",
                "2026-11-26T17:00:00Z",
                2,
            )]),
        );
        let screen = render(&app, 200, 30);
        assert!(
            screen.contains("Quarterly Product Roadmap Briefing"),
            "{screen}"
        );
        assert!(!screen.contains("Host"), "{screen}");
    }

    /// Counts are asked for the shown rows that take registrations, once their settings say so,
    /// one event at a time; an event without registration is never counted. A count that comes
    /// back unsent because the budget is low stops counting, says so, and the next key resumes.
    #[test]
    fn counts_come_one_event_at_a_time_and_wait_while_the_budget_is_low() {
        let (mut app, request) = started(true);
        resize(&mut app, 120, 30);
        let many = team_syncs(6);
        let mut queue = deliver(&mut app, request, account(many));
        let mut counts_asked = Vec::new();
        let mut budget_low_once = true;
        while let Some(effect) = queue.pop() {
            match effect {
                Effect::LoadEvent { request, event } => {
                    // Even events take registrations (auto), odd ones do not.
                    let approval = if event.id % 2 == 0 { 0 } else { 2 };
                    queue.extend(deliver(
                        &mut app,
                        request,
                        Outcome::Event(Ok(Box::new(fixtures::detail(event.id, approval, &[])))),
                    ));
                }
                Effect::CountRegistrants { request, event } => {
                    let in_flight = queue
                        .iter()
                        .filter(|effect| matches!(effect, Effect::CountRegistrants { .. }))
                        .count();
                    assert_eq!(in_flight, 0, "one count at a time");
                    counts_asked.push(event.id);
                    if budget_low_once {
                        budget_low_once = false;
                        let after = deliver(
                            &mut app,
                            request,
                            Outcome::StatusCounts(Err(NotCounted::BudgetLow)),
                        );
                        assert!(
                            !after
                                .iter()
                                .any(|effect| matches!(effect, Effect::CountRegistrants { .. })),
                            "no count while the budget is low: {after:?}"
                        );
                        queue.extend(after);
                        let screen = render(&app, 120, 30);
                        assert!(screen.contains("counts wait: rate budget low"), "{screen}");
                        queue.extend(press(&mut app, KeyCode::Down));
                        continue;
                    }
                    let counts = StatusCounts {
                        approved: event.id % 100,
                        pending: 1,
                        denied: 0,
                    };
                    queue.extend(deliver(
                        &mut app,
                        request,
                        Outcome::StatusCounts(Ok(counts)),
                    ));
                }
                _ => {}
            }
        }
        assert_eq!(
            counts_asked.len(),
            4,
            "the count that waited is asked again"
        );
        counts_asked.sort_unstable();
        counts_asked.dedup();
        assert_eq!(
            counts_asked,
            vec![80_000_000_000, 80_000_000_002, 80_000_000_004],
            "events without registration are never counted"
        );
        let screen = render(&app, 120, 30);
        assert!(!screen.contains("counts wait"), "{screen}");
        assert!(screen.contains("2✓ 1…"), "{screen}");
        let off_row = screen
            .lines()
            .find(|line| line.contains("Team sync 001"))
            .unwrap_or_default();
        assert!(off_row.contains("off") && off_row.contains('–'), "{screen}");
    }

    /// The widths the acceptance sizes give: at 80 columns the zone, ID and kind give way, the
    /// start (with its offset), topic, host, approval and counts stay.
    #[test]
    fn columns_give_way_in_order_as_the_terminal_narrows() {
        let wanted = vec![
            (Column::Starts, 23),
            (Column::Zone, 16),
            (Column::Topic, 0),
            (Column::Host, 39),
            (Column::Id, 11),
            (Column::Kind, 9),
            (Column::Registration, 8),
            (Column::Registrants, 11),
        ];
        let kept = |width| -> Vec<Column> {
            fit_columns(width, wanted.clone())
                .into_iter()
                .map(|(column, _)| column)
                .collect()
        };
        assert_eq!(kept(200).len(), 8);
        assert_eq!(
            kept(120),
            [
                Column::Starts,
                Column::Zone,
                Column::Topic,
                Column::Host,
                Column::Registration,
                Column::Registrants
            ]
        );
        assert_eq!(
            kept(80),
            [
                Column::Starts,
                Column::Topic,
                Column::Host,
                Column::Registration,
                Column::Registrants
            ]
        );
        for width in [200, 120, 80] {
            let used: u16 = fit_columns(width, wanted.clone())
                .iter()
                .map(|(_, width)| width + 1)
                .sum::<u16>()
                - 1;
            assert_eq!(used, width, "the columns fill {width}");
        }
        assert_eq!(
            host_cell("maya.lindqvist@northwind-events.example", 16),
            "maya.lindqvist"
        );
        assert_eq!(host_cell("ann@example.com", 16), "ann@example.com");
    }

    /// The effects of an action (none for anything but `Run`).
    fn effects_of(action: Result<Option<Action>, Outcome>) -> Vec<Effect> {
        match action {
            Ok(Some(Action::Run(effects))) => effects,
            _ => Vec::new(),
        }
    }

    /// A change on the registrants screen makes that event's count out of date: nothing is
    /// counted while the meetings are covered (the user's own requests come first), and the
    /// count is asked again as soon as they show.
    #[test]
    fn a_changed_events_count_is_asked_again_when_the_meetings_show_again() {
        let mut ids = RequestIds::default();
        let mut screen = MeetingsScreen::new();
        let list = request_of(&screen.start(&mut ids), |effect| match effect {
            Effect::LoadEvents { request, .. } => Some(*request),
            _ => None,
        });
        screen.resize(Rect::new(0, 0, 120, 30), &mut ids);
        let mut queue =
            effects_of(screen.accept(list, Outcome::Events(Ok(fixtures::events())), &mut ids));
        while let Some(effect) = queue.pop() {
            let answered = match effect {
                Effect::LoadEvent { request, event } => screen.accept(
                    request,
                    Outcome::Event(Ok(Box::new(fixtures::detail(event.id, 1, &[])))),
                    &mut ids,
                ),
                Effect::CountRegistrants { request, .. } => screen.accept(
                    request,
                    Outcome::StatusCounts(Ok(StatusCounts::default())),
                    &mut ids,
                ),
                _ => continue,
            };
            queue.extend(effects_of(answered));
        }
        let changed = EventRef::meeting(84127650391);
        assert!(screen.counts.contains_key(&changed));
        let opened = screen.handle_key(&crate::tui::testing::key(KeyCode::Enter), &mut ids);
        assert!(matches!(opened, Some(Action::Push(_))), "{opened:?}");
        let change = crate::tui::message::Change::of(
            changed,
            None,
            crate::tui::message::ChangeKind::Status(crate::zoom::StatusAction::Approve),
            Vec::new(),
        );
        assert!(
            screen.after_change(&change, &mut ids).is_empty(),
            "nothing is counted while the registrants are on top"
        );
        let taller = screen.resize(Rect::new(0, 0, 120, 40), &mut ids);
        assert!(
            !taller
                .iter()
                .any(|effect| matches!(effect, Effect::CountRegistrants { .. })),
            "{taller:?}"
        );
        let shown = screen.shown_again(&mut ids);
        assert!(
            shown.iter().any(|effect| matches!(
                effect,
                Effect::CountRegistrants { event, .. } if *event == changed
            )),
            "{shown:?}"
        );
    }
}
