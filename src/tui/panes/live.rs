//! The live pane: the access token's state and countdown, token refreshes as they happen, the
//! clock offset to Zoom's `Date` header, the granted scopes, the rate-limit budget per category
//! and the request log. It is fed only by the client's events (already redacted when recorded)
//! and drawn in three sizes: one status line (small terminals), a strip under the screen, and
//! enlarged with focus (`L`), where arrows select a request and its detail and diagnosis show.

use std::collections::{BTreeMap, VecDeque};

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};

use crate::tui::effects::SessionInfo;
use crate::tui::keymap::{self, Command, Scope};
use crate::tui::screens::{ListCursor, Ui, fit};
use crate::zoom::{
    Category, ClientEvent, ClockOffset, FetchReason, LogEntry, RateLimitSnapshot, TokenEventKind,
    TokenStatus, WaitNotice, diagnosis::describe_offset,
};

/// Requests the pane keeps (the client's own log keeps as many).
const KEPT_REQUESTS: usize = 500;

/// How the pane is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// A strip under the screen.
    Normal,
    /// Most of the screen, with the keyboard: select a request to see its detail.
    Large,
}

#[derive(Debug, Clone, PartialEq)]
enum TokenState {
    None,
    Valid,
    /// A token exchange is under way.
    Refreshing(FetchReason),
    Invalidated(Option<String>),
    Failed(Option<String>),
}

pub struct LivePane {
    size: Size,
    /// Shrunk to its one status line by choice (`H`), at any terminal size.
    collapsed: bool,
    token: TokenState,
    expires_at: Option<jiff::Timestamp>,
    scopes: Vec<String>,
    fetches: u64,
    /// The latest token change, for "refreshed 12:03:04".
    last_token_event: Option<(TokenEventKind, jiff::Timestamp)>,
    clock: Option<ClockOffset>,
    limits: BTreeMap<Category, RateLimitSnapshot>,
    /// When each category's latest snapshot arrived (those from a session's start have none).
    limits_seen: BTreeMap<Category, jiff::Timestamp>,
    /// The latest announced wait before a retry; shown until it ends.
    waiting: Option<WaitNotice>,
    requests: VecDeque<LogEntry>,
    /// Row in the request list (oldest first), when enlarged.
    cursor: ListCursor,
    /// Whether the cursor follows the newest request.
    following: bool,
}

impl Default for LivePane {
    fn default() -> Self {
        LivePane::new()
    }
}

impl LivePane {
    pub fn new() -> Self {
        LivePane {
            size: Size::Normal,
            collapsed: false,
            token: TokenState::None,
            expires_at: None,
            scopes: Vec::new(),
            fetches: 0,
            last_token_event: None,
            clock: None,
            limits: BTreeMap::new(),
            limits_seen: BTreeMap::new(),
            waiting: None,
            requests: VecDeque::new(),
            cursor: ListCursor::default(),
            following: true,
        }
    }

    /// The rate-limit state per category, as the client last reported it.
    pub fn limits(&self) -> &BTreeMap<Category, RateLimitSnapshot> {
        &self.limits
    }

    pub fn size(&self) -> Size {
        self.size
    }

    pub fn toggle(&mut self) {
        self.size = match self.size {
            Size::Normal => Size::Large,
            Size::Large => Size::Normal,
        };
    }

    /// `H`: shrink the pane to its status line, or bring the strip back.
    pub fn toggle_collapsed(&mut self) {
        self.collapsed = !self.collapsed;
    }

    /// Whether the pane is shrunk to its status line by choice.
    pub fn is_collapsed(&self) -> bool {
        self.collapsed
    }

    /// Whether the pane has the keyboard.
    pub fn is_focused(&self) -> bool {
        self.size == Size::Large
    }

    /// Starts from a session's snapshots.
    pub fn reset(&mut self, info: &SessionInfo) {
        *self = LivePane {
            size: self.size,
            collapsed: self.collapsed,
            ..LivePane::new()
        };
        self.set_token(&info.token);
        self.clock = info.clock;
        for limit in &info.limits {
            self.limits.insert(limit.category, limit.clone());
        }
        for entry in &info.log {
            self.push(entry.clone());
        }
    }

    fn set_token(&mut self, status: &TokenStatus) {
        self.token = if status.valid {
            TokenState::Valid
        } else if status.last_error.is_some() {
            TokenState::Failed(status.last_error.clone())
        } else {
            TokenState::None
        };
        self.expires_at = status.expires_at;
        self.scopes = status.scopes.clone();
        self.fetches = status.fetch_count;
    }

    fn push(&mut self, entry: LogEntry) {
        if self.requests.len() == KEPT_REQUESTS {
            self.requests.pop_front();
            self.cursor.selected = self.cursor.selected.saturating_sub(1);
        }
        self.requests.push_back(entry);
        if self.following {
            self.cursor.selected = self.requests.len() - 1;
        }
    }

    pub fn on_event(&mut self, event: ClientEvent, now: jiff::Timestamp) {
        match event {
            ClientEvent::Request(entry) => self.push(*entry),
            ClientEvent::Token(token) => {
                self.last_token_event = Some((token.kind, now));
                match token.kind {
                    TokenEventKind::Fetched
                    | TokenEventKind::Refreshed
                    | TokenEventKind::Generated => {
                        self.token = TokenState::Valid;
                        self.expires_at = token.expires_at;
                        if !token.scopes.is_empty() {
                            self.scopes = token.scopes;
                        }
                        self.fetches += 1;
                    }
                    TokenEventKind::Invalidated => {
                        self.token = TokenState::Invalidated(token.detail);
                        self.expires_at = None;
                    }
                    TokenEventKind::Failed => self.token = TokenState::Failed(token.detail),
                }
            }
            ClientEvent::TokenFetchStarted(reason) => self.token = TokenState::Refreshing(reason),
            ClientEvent::ClockOffset(offset) => self.clock = Some(offset),
            ClientEvent::RateLimit(category, snapshot) => {
                self.limits.insert(category, snapshot);
                self.limits_seen.insert(category, now);
            }
            ClientEvent::Waiting(notice) => self.waiting = Some(notice),
        }
    }

    /// Keys while enlarged: move through the requests; `L`/Esc shrink the pane.
    pub fn handle_key(&mut self, key: &KeyEvent) {
        let Some(command) = keymap::command_for(&[Scope::List], key) else {
            return;
        };
        if self.cursor.apply(command, self.requests.len()) {
            self.following = self.cursor.selected + 1 >= self.requests.len();
            return;
        }
        if matches!(command, Command::Back | Command::ToggleLive | Command::Quit) {
            self.size = Size::Normal;
            self.following = true;
            self.cursor.selected = self.requests.len().saturating_sub(1);
        }
    }

    /// "token ok · expires in 58:12", "⠋ token refreshing… (ahead of expiry)", "token failed: …".
    pub fn token_line(&self, ui: &Ui) -> String {
        let countdown = self.expires_at.map(|expires| {
            let left = expires.as_second() - ui.now.as_second();
            if left <= 0 {
                "expired".to_owned()
            } else {
                format!("expires in {}:{:02}", left / 60, left % 60)
            }
        });
        match &self.token {
            TokenState::None => "no token yet (fetched with the first request)".to_owned(),
            TokenState::Valid if countdown.as_deref() == Some("expired") => {
                "token expired · a new one is fetched with the next request".to_owned()
            }
            TokenState::Valid => format!(
                "token ok · {}",
                countdown.unwrap_or_else(|| "no expiry known".to_owned())
            ),
            TokenState::Refreshing(reason) => {
                format!(
                    "{} token refreshing… ({})",
                    ui.spinner,
                    reason_words(*reason)
                )
            }
            TokenState::Invalidated(detail) => format!(
                "token rejected by Zoom, fetching a new one{}",
                detail
                    .as_deref()
                    .map(|d| format!(": {d}"))
                    .unwrap_or_default()
            ),
            TokenState::Failed(detail) => format!(
                "token failed{}{}",
                detail
                    .as_deref()
                    .map(|d| format!(": {d}"))
                    .unwrap_or_default(),
                // A failed early refresh keeps the old token, which still works for a while.
                countdown
                    .filter(|countdown| countdown != "expired")
                    .map(|countdown| format!(" · the current token {countdown}"))
                    .unwrap_or_default()
            ),
        }
    }

    fn token_style(&self, ui: &Ui) -> ratatui::style::Style {
        let expired = self
            .expires_at
            .is_some_and(|expires| expires.as_second() <= ui.now.as_second());
        match self.token {
            TokenState::Valid if expired => ui.theme.warn,
            TokenState::Valid => ui.theme.ok,
            TokenState::None => ui.theme.dim,
            TokenState::Refreshing(_) => ui.theme.warn,
            TokenState::Invalidated(_) => ui.theme.warn,
            TokenState::Failed(_) => ui.theme.error,
        }
    }

    fn clock_line(&self) -> String {
        match self.clock {
            None => "clock: not measured yet".to_owned(),
            Some(offset) => format!(
                "Zoom's clock is {} ours (±{:.1} s)",
                describe_offset(offset.estimate_secs),
                offset.uncertainty_secs
            ),
        }
    }

    /// The budget left per category. A per-second budget (Zoom's limit is the plan's per-second
    /// one, or the type says `QPS`) read more than a second ago has refilled since, as far as
    /// regdesk's own requests go: it shows whole again instead of the reading a burst (an
    /// import, a page of counts) left behind.
    fn limits_line(&self, now: jiff::Timestamp) -> String {
        if self.limits.is_empty() {
            return "rate limits: no requests yet".to_owned();
        }
        let parts: Vec<String> = self
            .limits
            .iter()
            .filter(|(_, limit)| limit.sent > 0 || limit.remaining.is_some())
            .map(|(category, limit)| {
                let per_second = limit.limit_type.as_deref() == Some("QPS")
                    || (limit.server_limit.is_some()
                        && limit.server_limit == limit.per_second_limit.map(u64::from));
                let window_passed = self.limits_seen.get(category).is_some_and(|seen| {
                    now.duration_since(*seen) >= jiff::SignedDuration::from_secs(1)
                });
                let reading = if per_second && window_passed {
                    limit.server_limit
                } else {
                    limit.remaining
                };
                let remaining = match (
                    reading,
                    limit.server_limit.or(limit.per_second_limit.map(u64::from)),
                ) {
                    (Some(remaining), Some(max)) => format!("{remaining}/{max}"),
                    (Some(remaining), None) => remaining.to_string(),
                    (None, Some(max)) => format!("?/{max}"),
                    (None, None) => "unlimited".to_owned(),
                };
                let throttled = if limit.throttled > 0 {
                    format!(" ({} × 429)", limit.throttled)
                } else {
                    String::new()
                };
                format!("{} {remaining}{throttled}", category.as_str())
            })
            .collect();
        format!("remaining: {}", parts.join(" · "))
    }

    fn request_line(entry: &LogEntry, width: usize, zone: &jiff::tz::TimeZone) -> String {
        let status = entry
            .status
            .map(|status| status.to_string())
            .unwrap_or_else(|| "---".to_owned());
        let code = entry
            .zoom_code
            .map(|code| format!(" code {code}"))
            .unwrap_or_default();
        let retry = if entry.attempt > 1 {
            format!(" (try {})", entry.attempt)
        } else {
            String::new()
        };
        // The query was redacted when recorded; it tells apart requests of one path (pages,
        // statuses, occurrences).
        let query = if entry.query.is_empty() {
            String::new()
        } else {
            format!("?{}", entry.query)
        };
        let line = format!(
            "{} {:<6} {}{query} {}{code} {} ms{retry}",
            crate::tui::clock::time_of_day(entry.at, zone),
            entry.method,
            entry.path,
            status,
            entry.latency.as_millis()
        );
        fit(&line, width)
    }

    fn entry_style(entry: &LogEntry, ui: &Ui) -> ratatui::style::Style {
        if entry.is_error() {
            ui.theme.error
        } else {
            ui.theme.text
        }
    }

    /// One line for terminals too small for the strip.
    pub fn render_compact(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let last = self
            .requests
            .back()
            .map(|entry| format!(" │ {}", Self::request_line(entry, 40, ui.zone)))
            .unwrap_or_default();
        let line = Line::from(vec![
            Span::styled(self.token_line(ui), self.token_style(ui)),
            Span::styled(last, ui.theme.dim),
        ]);
        frame.render_widget(line, area);
    }

    /// The strip: status lines, then the newest requests.
    pub fn render_strip(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let block = Block::default()
            .borders(Borders::TOP)
            .border_style(ui.theme.border)
            .title(Span::styled(" Live · L enlarges ", ui.theme.dim));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let width = inner.width as usize;
        let mut lines = vec![
            Line::from(vec![
                Span::styled(self.token_line(ui), self.token_style(ui)),
                Span::styled(self.refresh_note(ui.zone), ui.theme.dim),
            ]),
            Line::styled(
                fit(
                    &format!("{} · {}", self.clock_line(), self.limits_line(ui.now)),
                    width,
                ),
                ui.theme.text,
            ),
            self.third_line(ui, width),
        ];
        let room = (inner.height as usize).saturating_sub(lines.len());
        let start = self.requests.len().saturating_sub(room);
        for entry in self.requests.iter().skip(start) {
            lines.push(Line::styled(
                Self::request_line(entry, width, ui.zone),
                Self::entry_style(entry, ui),
            ));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn refresh_note(&self, zone: &jiff::tz::TimeZone) -> String {
        match self.last_token_event {
            Some((kind, at)) => format!(
                " · {} at {} · {} token{} so far",
                match kind {
                    TokenEventKind::Fetched => "fetched",
                    TokenEventKind::Refreshed => "refreshed",
                    TokenEventKind::Invalidated => "invalidated",
                    TokenEventKind::Failed => "failed",
                    TokenEventKind::Generated => "signed",
                },
                crate::tui::clock::time_of_day(at, zone),
                self.fetches,
                if self.fetches == 1 { "" } else { "s" }
            ),
            None => String::new(),
        }
    }

    /// While a retry waits, its notice (in the warning style) takes the scopes line's place.
    fn third_line(&self, ui: &Ui, width: usize) -> Line<'static> {
        match &self.waiting {
            Some(notice) if notice.until > ui.now => {
                Line::styled(fit(&notice.to_string(), width), ui.theme.warn)
            }
            _ => Line::styled(fit(&self.scopes_line(), width), ui.theme.dim),
        }
    }

    fn scopes_line(&self) -> String {
        if self.scopes.is_empty() {
            "scopes: none reported yet".to_owned()
        } else {
            format!("scopes: {}", self.scopes.join(" "))
        }
    }

    /// Enlarged: the status lines, the request list and the selected request's detail.
    pub fn render_large(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(ui.theme.focused_border)
            .title(Span::styled(
                " Live · ↑↓ select a request · L/Esc shrink ",
                ui.theme.title,
            ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [status, body] =
            Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(inner);
        let width = status.width as usize;
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(vec![
                    Span::styled(self.token_line(ui), self.token_style(ui)),
                    Span::styled(self.refresh_note(ui.zone), ui.theme.dim),
                ]),
                Line::raw(fit(
                    &format!("{} · {}", self.clock_line(), self.limits_line(ui.now)),
                    width,
                )),
                self.third_line(ui, width),
            ]),
            status,
        );
        let wide = body.width >= 100;
        let (list_area, detail_area) = if wide {
            let [list, detail] =
                Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                    .areas(body);
            (list, detail)
        } else {
            let [list, detail] =
                Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)])
                    .areas(body);
            (list, detail)
        };
        let list_width = list_area.width as usize;
        let height = list_area.height as usize;
        // Drawing only reads the offset; keys move it (`handle_key`), and a first frame still
        // shows the cursor.
        let mut offset = self.cursor.offset();
        if height > 0 && self.cursor.selected >= offset + height {
            offset = self.cursor.selected + 1 - height;
        }
        let items: Vec<ListItem> = self
            .requests
            .iter()
            .skip(offset)
            .take(height)
            .map(|entry| {
                ListItem::new(Self::request_line(entry, list_width, ui.zone))
                    .style(Self::entry_style(entry, ui))
            })
            .collect();
        if items.is_empty() {
            frame.render_widget(
                Paragraph::new("No requests yet.").style(ui.theme.dim),
                list_area,
            );
        } else {
            let mut state = ListState::default()
                .with_selected(Some(self.cursor.selected.saturating_sub(offset)));
            frame.render_stateful_widget(
                List::new(items).highlight_style(ui.theme.cursor),
                list_area,
                &mut state,
            );
        }
        if let Some(entry) = self.requests.get(self.cursor.selected) {
            frame.render_widget(
                Paragraph::new(detail_lines(entry, ui))
                    .wrap(Wrap { trim: false })
                    .block(
                        Block::default()
                            .borders(if wide { Borders::LEFT } else { Borders::TOP })
                            .border_style(ui.theme.border),
                    ),
                detail_area,
            );
        }
    }
}

/// Why a token is being fetched, in the words of the token line.
fn reason_words(reason: FetchReason) -> &'static str {
    match reason {
        FetchReason::FirstUse => "first use",
        FetchReason::AheadOfExpiry => "ahead of expiry",
        FetchReason::Expired => "the last one expired",
        FetchReason::Rejected => "Zoom rejected the last one (124)",
        FetchReason::Requested => "asked for",
    }
}

/// Every recorded part of one request (redacted when recorded) and its diagnosis.
fn detail_lines(entry: &LogEntry, ui: &Ui) -> Vec<Line<'static>> {
    let safe = crate::tui::drawn_text::safe;
    let mut lines = vec![Line::styled(
        safe(&format!(
            "{} {}{}{}",
            entry.method,
            entry.path,
            if entry.query.is_empty() { "" } else { "?" },
            entry.query
        )),
        ui.theme.title,
    )];
    let mut add = |label: &str, value: String| {
        lines.push(Line::from(vec![
            Span::styled(format!("{label}: "), ui.theme.header),
            Span::raw(safe(&value)),
        ]));
    };
    add("endpoint", entry.endpoint.to_string());
    add(
        "status",
        match (entry.status, entry.zoom_code) {
            (Some(status), Some(code)) => format!("{status}, Zoom code {code}"),
            (Some(status), None) => status.to_string(),
            (None, _) => "no answer".to_owned(),
        },
    );
    add(
        "latency",
        format!("{} ms (try {})", entry.latency.as_millis(), entry.attempt),
    );
    add("sent", crate::tui::clock::full(entry.at, ui.zone));
    if let Some(message) = &entry.zoom_message {
        add("message", message.clone());
    }
    let limits = &entry.rate_limit;
    if limits.category.is_some() || limits.remaining.is_some() {
        add(
            "rate limit",
            format!(
                "{} {} remaining {}{}",
                limits.category.as_deref().unwrap_or("?"),
                limits.limit_type.as_deref().unwrap_or(""),
                limits
                    .remaining
                    .map(|r| r.to_string())
                    .unwrap_or_else(|| "?".to_owned()),
                limits
                    .retry_after
                    .as_deref()
                    .map(|after| format!(", retry after {after}"))
                    .unwrap_or_default()
            ),
        );
    }
    for (label, value) in [
        ("request", &entry.request_detail),
        ("response", &entry.response_summary),
        ("failure", &entry.failure),
        ("then", &entry.note),
    ] {
        if let Some(value) = value {
            add(label, value.clone());
        }
    }
    if let Some(diagnosis) = &entry.diagnosis {
        lines.push(Line::styled(safe(&diagnosis.summary), ui.theme.error));
        lines.push(Line::raw(safe(&format!("why: {}", diagnosis.explanation))));
        lines.push(Line::raw(safe(&format!("fix: {}", diagnosis.fix))));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixtures::{app_with, client_event, render};
    use crate::tui::message::Msg;
    use crate::tui::screens::meetings::MeetingsScreen;
    use crate::tui::testing::key;
    use crate::zoom::{TokenEvent, TokenEventKind};
    use crossterm::event::{Event, KeyCode};

    fn press(app: &mut crate::tui::app::App, code: KeyCode) {
        app.update(Msg::Input(Event::Key(key(code))));
    }

    #[test]
    fn enlarged_shows_the_selected_requests_detail_and_diagnosis() {
        let (mut app, _) = app_with(Box::new(MeetingsScreen::new()), true);
        press(&mut app, KeyCode::Char('L'));
        insta::assert_snapshot!("large_newest_selected", render(&app, 120, 40));
        press(&mut app, KeyCode::Up);
        press(&mut app, KeyCode::Up);
        let screen = render(&app, 120, 40);
        assert!(screen.contains("response: 30 registrants"), "{screen}");
        assert!(
            !screen.contains("why:"),
            "the first request has no diagnosis:\n{screen}"
        );
        press(&mut app, KeyCode::Esc);
        let screen = render(&app, 120, 40);
        assert!(
            screen.contains("Live · L enlarges"),
            "Esc shrinks the pane:\n{screen}"
        );
    }

    /// After a burst (an import) the last answer said 2 of 30 were left in this second; once the
    /// second has passed the pane shows the budget whole again instead of that stale reading.
    /// A daily budget is a count, not a window: it stays as read.
    #[test]
    fn a_per_second_budget_read_during_a_burst_refills_once_its_second_has_passed() {
        let at = jiff::Timestamp::constant(1_795_435_200, 0);
        let reading = |category, limit: u64, remaining: u64| RateLimitSnapshot {
            category,
            per_second_limit: Some(30),
            paced_per_second: Some(28.0),
            server_limit: Some(limit),
            remaining: Some(remaining),
            limit_type: None,
            sent: 120,
            throttled: 0,
            paused_until: None,
            daily_reset_at: None,
            daily_limit: None,
        };
        let mut pane = LivePane::new();
        pane.on_event(
            ClientEvent::RateLimit(Category::Light, reading(Category::Light, 30, 2)),
            at,
        );
        pane.on_event(
            ClientEvent::RateLimit(Category::Heavy, reading(Category::Heavy, 30_000, 29_870)),
            at,
        );
        assert_eq!(
            pane.limits_line(at + jiff::SignedDuration::from_millis(300)),
            "remaining: Light 2/30 · Heavy 29870/30000"
        );
        assert_eq!(
            pane.limits_line(at + jiff::SignedDuration::from_secs(2)),
            "remaining: Light 30/30 · Heavy 29870/30000"
        );
    }

    #[test]
    fn narrow_enlarged_stacks_list_over_detail() {
        let (mut app, _) = app_with(Box::new(MeetingsScreen::new()), true);
        press(&mut app, KeyCode::Char('L'));
        insta::assert_snapshot!("large_narrow", render(&app, 72, 30));
    }

    #[test]
    fn token_events_update_the_state_and_countdown() {
        let (mut app, _) = app_with(Box::new(MeetingsScreen::new()), true);
        client_event(
            &mut app,
            ClientEvent::Token(TokenEvent {
                kind: TokenEventKind::Refreshed,
                expires_at: Some("2026-11-23T13:00:00Z".parse().expect("time")),
                scopes: Vec::new(),
                detail: None,
            }),
        );
        let screen = render(&app, 120, 30);
        assert!(
            screen
                .contains("token ok · expires in 60:00 · refreshed at 12:00:00 · 2 tokens so far"),
            "{screen}"
        );
        client_event(
            &mut app,
            ClientEvent::TokenFetchStarted(FetchReason::AheadOfExpiry),
        );
        let screen = render(&app, 120, 30);
        assert!(
            screen.contains("token refreshing… (ahead of expiry)"),
            "{screen}"
        );
        client_event(
            &mut app,
            ClientEvent::Token(TokenEvent {
                kind: TokenEventKind::Failed,
                expires_at: None,
                scopes: Vec::new(),
                detail: Some("invalid client secret".to_owned()),
            }),
        );
        let screen = render(&app, 120, 30);
        assert!(
            screen.contains(
                "token failed: invalid client secret · the current token expires in 60:00"
            ),
            "{screen}"
        );
    }

    #[test]
    fn a_wait_before_a_retry_shows_until_it_ends() {
        let (mut app, _) = app_with(Box::new(MeetingsScreen::new()), true);
        let notice = |until: &str| {
            ClientEvent::Waiting(WaitNotice {
                endpoint: crate::zoom::Endpoint::ListRegistrants(crate::zoom::EventKind::Meeting),
                wait: std::time::Duration::from_secs(42),
                until: until.parse().expect("time"),
                cause: "HTTP 503".to_owned(),
                server_asked: true,
            })
        };
        let line = "Zoom asked to wait 42 s (HTTP 503 on list meeting registrants); waiting…";
        client_event(&mut app, notice("2026-11-23T12:00:42Z"));
        let screen = render(&app, 120, 30);
        assert!(screen.contains(line), "{screen}");
        client_event(&mut app, notice("2026-11-23T11:59:00Z"));
        let screen = render(&app, 120, 30);
        assert!(!screen.contains("Zoom asked to wait"), "{screen}");
        assert!(screen.contains("scopes:"), "{screen}");
    }

    #[test]
    fn the_pane_keeps_a_bounded_log() {
        let mut pane = LivePane::new();
        let entry = crate::tui::fixtures::log_entry(1, "GET", "/users", 200, None);
        for _ in 0..KEPT_REQUESTS + 20 {
            pane.on_event(ClientEvent::Request(Box::new(entry.clone())), entry.at);
        }
        assert_eq!(pane.requests.len(), KEPT_REQUESTS);
        assert_eq!(pane.cursor.selected, KEPT_REQUESTS - 1);
    }

    /// A token past its expiry is not "ok": the line says it expired and what happens next.
    #[test]
    fn an_expired_token_is_not_called_ok() {
        let (mut app, _) = app_with(Box::new(MeetingsScreen::new()), true);
        client_event(
            &mut app,
            ClientEvent::Token(TokenEvent {
                kind: TokenEventKind::Fetched,
                expires_at: Some("2026-11-23T11:00:00Z".parse().expect("time")),
                scopes: Vec::new(),
                detail: None,
            }),
        );
        let screen = render(&app, 120, 30);
        assert!(!screen.contains("token ok"), "{screen}");
        assert!(
            screen.contains("token expired · a new one is fetched with the next request"),
            "{screen}"
        );
    }

    /// Request lines carry their (redacted) query, so that two listings of one path differ.
    #[test]
    fn request_lines_show_their_query_string() {
        let (app, _) = app_with(Box::new(MeetingsScreen::new()), true);
        let screen = render(&app, 160, 30);
        assert!(
            screen.contains("/meetings/86350218847/registrants?status=pending&page_size=300 200"),
            "{screen}"
        );
    }

    /// `H` shrinks the pane to its status line at any size, and brings the strip back.
    #[test]
    fn h_collapses_the_live_pane_to_one_line_and_back() {
        let (mut app, _) = app_with(Box::new(MeetingsScreen::new()), true);
        assert!(render(&app, 120, 40).contains("Live · L enlarges"));
        press(&mut app, KeyCode::Char('H'));
        let screen = render(&app, 120, 40);
        assert!(!screen.contains("Live · L enlarges"), "{screen}");
        assert!(screen.contains("token ok · expires in 58:12"), "{screen}");
        press(&mut app, KeyCode::Char('H'));
        assert!(render(&app, 120, 40).contains("Live · L enlarges"));
    }
}
