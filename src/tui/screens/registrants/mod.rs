//! The registrants of one meeting or webinar: status tabs (pending, approved, denied) with
//! counts, a search over every column of every tab (the tabs count its matches; `n`/`N` move
//! between them, on to the next tab), sorting, multi-select with Space (kept across tabs), an
//! occurrence picker for recurring events, and the changes (approve, deny, cancel, delete) of the
//! selection — or of the current row when nothing is selected — split by Zoom's status rules into
//! whom they change and whom they leave as they are, which the app confirms before sending.
//! Mouse: a click picks a tab or a row. `w` watches the list live (see [`watch`]), `v` shows the
//! charts panel (see [`charts`]).

mod charts;
mod render;
mod view;
mod watch;

use std::collections::{BTreeMap, BTreeSet};

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;

use super::add_form::AddFormScreen;
use super::copy_to::CopyToScreen;
use super::detail::DetailScreen;
use super::import_wizard::ImportWizard;
use super::{
    Action, FilterBar, Handback, Limits, ListCursor, Loadable, Notice, Screen, Ui, capitalize,
    centered, error_lines,
};
use crate::tui::drawn_text::safe;
use crate::tui::keymap::{self, Command, Scope};
use crate::tui::message::{Change, ChangeKind, Effect, Outcome, RequestId, RequestIds, Target};
use crate::zoom::{
    EventDetail, EventRef, ListStatus, Registrant, RegistrantStatus, StatusAction, status_rules,
};

use self::charts::DailyCounts;
pub use self::view::SortOrder;
use self::view::{SearchIndex, View};
use self::watch::Watch;

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
    /// Registrants marked with Space (kept across tabs), by ID, with their status when marked.
    marked: BTreeMap<String, RegistrantStatus>,
    cursor: ListCursor,
    occurrence: Option<String>,
    /// The occurrence picker, when open: row 0 is "all occurrences".
    picker: Option<ListCursor>,
    /// Search keys and sort orders of the loaded list (rebuilt per load, not per keystroke).
    index: SearchIndex,
    view: View,
    /// The area the screen is drawn in, as the last resize said.
    area: Option<Rect>,
    /// The live watch, when on (`w`).
    watch: Option<Watch>,
    /// Registrations per day of the loaded list, for the charts panel.
    daily: DailyCounts,
    /// The charts panel is shown (`v`).
    show_charts: bool,
    /// The user's time zone: registration times and days are in it.
    zone: jiff::tz::TimeZone,
}

/// From this many rows the body shows the table above the charts; below, the charts take it.
const ROWS_FOR_TABLE_AND_CHARTS: u16 = 20;

/// Rows above the table in the screen's area: the head line, the tabs line, the table header.
const ROWS_ABOVE_TABLE: u16 = 3;

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
            marked: BTreeMap::new(),
            cursor: ListCursor::default(),
            occurrence: None,
            picker: None,
            index: SearchIndex::default(),
            view: View::default(),
            area: None,
            watch: None,
            daily: DailyCounts::default(),
            show_charts: false,
            zone: jiff::tz::TimeZone::UTC,
        }
    }

    fn count(&self, tab: ListStatus) -> usize {
        ListStatus::ALL
            .iter()
            .position(|each| *each == tab)
            .map_or(0, |index| self.view.counts[index])
    }

    /// Recomputes the table's rows; called whenever the tab, search or sort change.
    fn rebuild_view(&mut self) {
        let view = View::narrowed(
            &self.index,
            self.tab,
            &self.filter.needle(),
            self.sort,
            Some(&self.view),
        );
        self.view = view;
        self.cursor.clamp(self.view.rows.len());
        self.follow_cursor();
    }

    /// Recomputes the search keys and sort orders, then the view; called when a list arrives.
    fn rebuild_index(&mut self) {
        let list = self.registrants.data.as_deref().unwrap_or_default();
        self.index = SearchIndex::of(list, &self.zone);
        self.daily = DailyCounts::of(list, &self.zone);
        if let Some(watch) = &mut self.watch {
            watch.on_list(list);
        }
        // A new list: the last view's matches are row numbers of the old one.
        self.view = View::default();
        self.rebuild_view();
    }

    /// Table rows in the screen's area (less the head, tabs, header and search lines, and the
    /// charts when shown).
    fn table_height(&self) -> usize {
        self.area.map_or(0, |area| {
            let body = Rect {
                height: area
                    .height
                    .saturating_sub(ROWS_ABOVE_TABLE - 1)
                    .saturating_sub(self.filter.rows()),
                ..area
            };
            let (table, _) = self.split_body(body);
            usize::from(table.height.saturating_sub(1))
        })
    }

    /// How the body (the table with its header) is shared with the charts panel: the table on
    /// top and the charts under it when there is room for both, else the charts alone.
    fn split_body(&self, body: Rect) -> (Rect, Option<Rect>) {
        if !self.show_charts {
            return (body, None);
        }
        if body.height >= ROWS_FOR_TABLE_AND_CHARTS {
            let charts = body.height / 2;
            let table = Rect {
                height: body.height - charts,
                ..body
            };
            let panel = Rect {
                y: body.y + table.height,
                height: charts,
                ..body
            };
            return (table, Some(panel));
        }
        (Rect { height: 0, ..body }, Some(body))
    }

    /// Puts the cursor back on the person with `id` after a new list moved the rows (someone
    /// new sorted above them), so that a change goes to whom the user had picked.
    fn keep_cursor_on(&mut self, id: &str) {
        let list = self.registrants.data.as_deref().unwrap_or_default();
        let position = self.view.rows.iter().position(|&index| {
            list.get(index)
                .is_some_and(|registrant| registrant.id == id)
        });
        if let Some(position) = position {
            self.cursor.selected = position;
            self.follow_cursor();
        }
    }

    /// People new since the last look, while watching.
    fn new_count(&self) -> usize {
        self.watch.as_ref().map_or(0, |watch| watch.new.len())
    }

    /// Scrolls the table so that the cursor shows (in update, never while drawing).
    fn follow_cursor(&mut self) {
        let height = self.table_height();
        if height > 0 {
            self.cursor.follow(height);
        }
    }

    fn tab_index(&self) -> usize {
        ListStatus::ALL
            .iter()
            .position(|each| *each == self.tab)
            .unwrap_or(0)
    }

    fn show_tab(&mut self, tab: ListStatus) {
        self.tab = tab;
        self.cursor = ListCursor::default();
        self.rebuild_view();
    }

    /// `n`/`N`: the next (or previous) match in this tab, then on to the next tab with matches.
    fn move_to_match(&mut self, forward: bool) -> Option<Action> {
        if self.filter.is_empty() {
            return Some(Action::Notify(Notice::info(
                "n and N move between search matches: / searches first.",
            )));
        }
        let len = self.view.rows.len();
        if forward && self.cursor.selected + 1 < len {
            self.cursor.selected += 1;
            return None;
        }
        if !forward && self.cursor.selected > 0 && len > 0 {
            self.cursor.selected -= 1;
            return None;
        }
        let tabs = ListStatus::ALL.len();
        let here = self.tab_index();
        let next = (1..=tabs)
            .map(|step| {
                if forward {
                    (here + step) % tabs
                } else {
                    (here + tabs - step) % tabs
                }
            })
            .find(|index| self.view.counts[*index] > 0)?;
        self.show_tab(ListStatus::ALL[next]);
        if !forward {
            self.cursor.selected = self.view.rows.len().saturating_sub(1);
            self.follow_cursor();
        }
        None
    }

    /// After the search is kept with Enter: when this tab has no match and another has, show it.
    fn show_a_tab_with_matches(&mut self) {
        if !self.view.rows.is_empty() {
            return;
        }
        if let Some(index) = self.view.counts.iter().position(|count| *count > 0) {
            self.show_tab(ListStatus::ALL[index]);
        }
    }

    /// Marked people per status, for the tabs line: "2 pending, 1 approved".
    fn marked_by_status(&self) -> Vec<(String, usize)> {
        let mut groups: Vec<(String, usize)> = Vec::new();
        for status in self.marked.values() {
            let status = status.as_str().to_owned();
            match groups.iter_mut().find(|(seen, _)| *seen == status) {
                Some((_, count)) => *count += 1,
                None => groups.push((status, 1)),
            }
        }
        groups
    }

    /// Whether `action` would change anyone among the targets (per frame, for the hint row:
    /// it reads the marks, not the list).
    fn applies(&self, action: StatusAction) -> bool {
        let kind = self.event.kind;
        if self.marked.is_empty() {
            return self
                .current()
                .is_some_and(|registrant| status_rules::applies(kind, &registrant.status, action));
        }
        self.marked
            .values()
            .any(|status| status_rules::applies(kind, status, action))
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

    /// The marked rows of every tab (this tab's in the order shown, then the others, and marked
    /// rows the search hides), or the current row.
    fn target_rows(&self) -> Vec<&Registrant> {
        if self.marked.is_empty() {
            return self.current().into_iter().collect();
        }
        let shown: BTreeSet<usize> = self.view.rows.iter().copied().collect();
        let marked_shown = self
            .visible()
            .filter(|registrant| self.marked.contains_key(&registrant.id));
        let elsewhere = self
            .registrants
            .data
            .iter()
            .flatten()
            .enumerate()
            .filter(|(index, registrant)| {
                self.marked.contains_key(&registrant.id) && !shown.contains(index)
            })
            .map(|(_, registrant)| registrant);
        marked_shown.chain(elsewhere).collect()
    }

    /// Copy to… for the selection (or the current row): the people and the statuses they have.
    fn copy_to(&self) -> Option<Action> {
        let people = self.target_rows();
        if people.is_empty() {
            return Some(Action::Notify(Notice::info("No registrant to copy here.")));
        }
        let mut statuses: Vec<ListStatus> = Vec::new();
        for person in &people {
            let listed: &[ListStatus] = match person.status {
                RegistrantStatus::Pending => &[ListStatus::Pending],
                RegistrantStatus::Approved => &[ListStatus::Approved],
                RegistrantStatus::Denied => &[ListStatus::Denied],
                // A status regdesk does not know: look in every list.
                RegistrantStatus::Other(_) => &ListStatus::ALL,
            };
            for status in listed {
                if !statuses.contains(status) {
                    statuses.push(*status);
                }
            }
        }
        let who = if people.len() == 1 {
            people
                .first()
                .map_or_else(String::new, |person| person.email.clone())
        } else {
            format!("{} selected people", people.len())
        };
        let copy = CopyToScreen::new(
            self.event,
            self.topic.clone(),
            who,
            people.iter().map(|person| person.email.clone()),
            statuses,
        );
        let copy = match &self.occurrence {
            Some(id) => copy.in_occurrence(id.clone(), self.occurrence_words(id)),
            None => copy,
        };
        Some(Action::Push(Box::new(copy)))
    }

    fn change(&self, kind: ChangeKind) -> Option<Action> {
        let targets: Vec<Target> = self.target_rows().into_iter().map(Target::of).collect();
        if targets.is_empty() {
            return Some(Action::Notify(Notice::info(
                "No registrant to change here.",
            )));
        }
        Some(Action::Confirm(Change::of(
            self.event,
            self.occurrence.clone(),
            kind,
            targets,
        )))
    }

    fn current(&self) -> Option<&Registrant> {
        self.row(self.cursor.selected)
    }

    /// The add form for this list: it knows the event's settings and whom the list holds, so
    /// that someone already registered is told at once, without a call.
    fn add_form(&self) -> AddFormScreen {
        let mut form = AddFormScreen::new(
            self.event,
            self.topic.clone(),
            self.occurrence.clone(),
            self.detail
                .data
                .as_ref()
                .map(|detail| detail.settings.approval_type),
        );
        if let Some(detail) = &self.detail.data {
            form = form.with_event(detail);
        }
        if let Some(registrants) = &self.registrants.data
            && !self.registrants.is_loading()
            && self.registrants.error.is_none()
        {
            form = form.knowing(registrants);
        }
        form
    }

    /// Each occurrence's ID with when it starts, in the event's own time zone.
    fn occurrences(&self) -> Vec<(String, String)> {
        self.detail
            .data
            .as_ref()
            .map(|detail| {
                let zone = detail.summary.timezone.as_deref();
                detail
                    .occurrences
                    .iter()
                    .map(|occurrence| (occurrence.occurrence_id.clone(), occurrence.describe(zone)))
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
        self.show_tab(order[next]);
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
        match self.new_count() {
            0 => self.topic.clone(),
            new => format!("{} · {new} new", self.topic),
        }
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
        let action = self.handle_key_here(key, ids);
        self.follow_cursor();
        action
    }

    fn offers(&self, command: Command) -> bool {
        let rows = !self.view.rows.is_empty();
        match command {
            Command::Approve => self.applies(StatusAction::Approve),
            Command::Deny => self.applies(StatusAction::Deny),
            Command::Cancel => self.applies(StatusAction::Cancel),
            Command::Delete => !self.target_rows().is_empty(),
            Command::Select | Command::SelectAll | Command::Open => rows,
            Command::Copy => self
                .current()
                .is_some_and(|registrant| registrant.join_url.is_some()),
            Command::NextMatch | Command::PrevMatch => {
                !self.filter.is_empty() && self.view.counts.iter().sum::<usize>() > 0
            }
            Command::Occurrence => !self.occurrences().is_empty(),
            Command::MarkSeen => self.new_count() > 0,
            _ => true,
        }
    }

    fn handle_click(&mut self, column: u16, row: u16, _ids: &mut RequestIds) -> Option<Action> {
        let area = self.area?;
        if self.picker.is_some() {
            return None;
        }
        if row == area.y + 1 {
            let mut x = area.x;
            for (tab, label) in ListStatus::ALL.into_iter().zip(self.tab_labels()) {
                let width = crate::text::terminal::width(&label) as u16;
                if (x..x + width).contains(&column) {
                    if tab != self.tab {
                        self.show_tab(tab);
                    }
                    return None;
                }
                x += width + 1;
            }
            return None;
        }
        let first_row = area.y + ROWS_ABOVE_TABLE;
        let height = self.table_height() as u16;
        if (first_row..first_row + height).contains(&row) {
            let position = self.cursor.offset() + usize::from(row - first_row);
            if position < self.view.rows.len() {
                self.cursor.selected = position;
            }
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
                let under_cursor = self.current().map(|registrant| registrant.id.clone());
                self.registrants.finish(result);
                self.rebuild_index();
                if let Some(id) = under_cursor {
                    self.keep_cursor_on(&id);
                }
                if !self.tab_chosen && self.registrants.data.is_some() {
                    self.tab_chosen = true;
                    if self.count(ListStatus::Pending) == 0 {
                        self.tab = ListStatus::Approved;
                        self.rebuild_view();
                    }
                }
                if !self.marked.is_empty() {
                    let present: BTreeMap<&str, &RegistrantStatus> = self
                        .registrants
                        .data
                        .iter()
                        .flatten()
                        .map(|registrant| (registrant.id.as_str(), &registrant.status))
                        .collect();
                    self.marked
                        .retain(|id, status| match present.get(id.as_str()) {
                            Some(now) => {
                                status.clone_from(now);
                                true
                            }
                            None => false,
                        });
                }
                Ok(None)
            }
            Outcome::Event(result) if self.detail.waits_for(request) => {
                self.detail.finish(result);
                Ok(None)
            }
            other => Err(other),
        }
    }

    /// The add form's people go into the list as Zoom described them, without listing again;
    /// an import (or a list that is not there to add to) lists again.
    fn take_handback(&mut self, handback: Handback, ids: &mut RequestIds) -> Vec<Effect> {
        match handback {
            Handback::Registered { event, registrants }
                if event == self.event
                    && self.registrants.data.is_some()
                    && !self.registrants.is_loading() =>
            {
                if let Some(watch) = &mut self.watch {
                    for registrant in &registrants {
                        watch.saw(&registrant.id);
                    }
                }
                let list = self.registrants.data.get_or_insert_with(Vec::new);
                for registrant in registrants {
                    match list.iter_mut().find(|known| known.id == registrant.id) {
                        Some(known) => *known = registrant,
                        None => list.push(registrant),
                    }
                }
                self.rebuild_index();
                Vec::new()
            }
            Handback::Registered { event, .. } | Handback::Reload { event }
                if event == self.event =>
            {
                self.load(ids)
            }
            _ => Vec::new(),
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

    /// While watching, looks again once the interval the rate limits allow has passed since the
    /// last look started (never while a load is under way).
    fn tick(&mut self, now: jiff::Timestamp, limits: &Limits, ids: &mut RequestIds) -> Vec<Effect> {
        let calls = crate::zoom::watch_pace::calls_per_look(&self.view.totals);
        let loading = self.registrants.is_loading();
        let Some(watch) = &mut self.watch else {
            return Vec::new();
        };
        let interval = watch.pace(calls, limits, now);
        if loading || !watch.look_due(now, interval) {
            return Vec::new();
        }
        self.load(ids)
    }

    fn set_time_zone(&mut self, zone: &jiff::tz::TimeZone) {
        self.zone = zone.clone();
        self.rebuild_index();
    }

    fn resize(&mut self, area: Rect, _ids: &mut RequestIds) -> Vec<Effect> {
        self.area = Some(area);
        self.follow_cursor();
        Vec::new()
    }

    fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        self.draw(frame, area, ui);
    }
}

impl RegistrantsScreen {
    fn handle_key_here(&mut self, key: &KeyEvent, ids: &mut RequestIds) -> Option<Action> {
        if self.picker.is_some() {
            return self.handle_picker(key, ids);
        }
        if self.filter.is_typing() {
            let kept = key.code == KeyCode::Enter;
            if self.filter.handle_key(key) {
                self.cursor.selected = 0;
                self.rebuild_view();
            }
            if kept {
                self.show_a_tab_with_matches();
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
            Command::NextMatch => return self.move_to_match(true),
            Command::PrevMatch => return self.move_to_match(false),
            Command::Filter => self.filter.open(),
            Command::Sort => {
                self.sort = self.sort.next();
                self.rebuild_view();
            }
            Command::Select => {
                if let Some(registrant) = self.current() {
                    let (id, status) = (registrant.id.clone(), registrant.status.clone());
                    if self.marked.remove(&id).is_none() {
                        self.marked.insert(id, status);
                    }
                    self.cursor.apply(Command::Down, len);
                }
            }
            Command::SelectAll => {
                let visible: Vec<(String, RegistrantStatus)> = self
                    .visible()
                    .map(|registrant| (registrant.id.clone(), registrant.status.clone()))
                    .collect();
                if visible.iter().all(|(id, _)| self.marked.contains_key(id)) {
                    for (id, _) in &visible {
                        self.marked.remove(id);
                    }
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
                if let Some(watch) = &mut self.watch {
                    watch.saw(&registrant.id);
                }
                return Some(Action::Push(Box::new(DetailScreen::new(
                    self.event,
                    self.occurrence.clone(),
                    registrant,
                ))));
            }
            Command::Add => return Some(Action::Push(Box::new(self.add_form()))),
            Command::Import => {
                // The wizard hands back a reload when it closes ([`Screen::take_handback`]).
                return Some(Action::Push(Box::new(ImportWizard::new(
                    self.event,
                    self.topic.clone(),
                ))));
            }
            Command::CopyTo => return self.copy_to(),
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
            Command::Watch => {
                if self.watch.take().is_some() {
                    return Some(Action::Notify(Notice::info(
                        "Stopped watching: the list changes only with r now.",
                    )));
                }
                // What the user sees is what they have seen, even with a refresh under way:
                // whoever that refresh brings is new to them.
                self.watch = Some(Watch::start(self.registrants.data.as_deref()));
                return Some(Action::Notify(Notice::info(
                    "Watching: people who register from now on are marked + and counted in the \
                     title; W marks them seen, w stops.",
                )));
            }
            Command::MarkSeen => match &mut self.watch {
                Some(watch) => watch.mark_seen(),
                None => {
                    return Some(Action::Notify(Notice::info(
                        "W marks new people as seen while watching: w starts watching.",
                    )));
                }
            },
            Command::Charts => {
                self.show_charts = !self.show_charts;
                self.follow_cursor();
            }
            Command::Back if !self.filter.is_empty() => {
                self.filter.clear();
                self.rebuild_view();
            }
            Command::Back | Command::Quit => return Some(Action::Back),
            _ => {}
        }
        None
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

    /// `w`, and the first look it sends coming back with `outcome`.
    fn watch_and_look(app: &mut App, outcome: Outcome) {
        press(app, KeyCode::Char('w'));
        let effects = app.update(Msg::Tick);
        deliver(app, list_request(&effects), outcome);
    }

    fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            press(app, KeyCode::Char(c));
        }
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
        let screen = render(&app, 100, 16);
        assert!(
            screen.contains("Wed 2 Dec 2026 20:00 +00:00 (o: change)"),
            "the occurrence shown by its start, not its ID:\n{screen}"
        );
    }

    /// People picked in one occurrence are copied from that occurrence: the copy says which,
    /// and the copy it gathers lists (and a move acts in) that occurrence only.
    #[test]
    fn copy_to_from_an_occurrence_copies_from_that_occurrence() {
        let mut app = loaded(
            fixtures::registrants(3, 3, 0),
            &[
                ("1764000000000", "2026-11-25T20:00:00Z"),
                ("1764604800000", "2026-12-02T20:00:00Z"),
            ],
        );
        press_all(
            &mut app,
            &[
                KeyCode::Char('o'),
                KeyCode::Down,
                KeyCode::Down,
                KeyCode::Enter,
            ],
        );
        let effects = press(&mut app, KeyCode::Char('r'));
        deliver(
            &mut app,
            list_request(&effects),
            Outcome::Registrants(Ok(fixtures::registrants(3, 3, 0))),
        );
        let effects = press(&mut app, KeyCode::Char('c'));
        let screen = render(&app, 160, 30);
        assert!(
            screen.contains("of meeting 86350218847 (Wed 2 Dec 2026 20:00 +00:00)"),
            "{screen}"
        );
        let listing = effects
            .iter()
            .find_map(|effect| match effect {
                Effect::LoadEvents { request, kind, .. }
                    if *kind == crate::zoom::EventKind::Meeting =>
                {
                    Some(*request)
                }
                _ => None,
            })
            .expect("the picker lists the meetings");
        deliver(&mut app, listing, Outcome::Events(Ok(fixtures::events())));
        let effects = press(&mut app, KeyCode::Enter);
        match effects.as_slice() {
            [Effect::GatherCopy { copy, .. }] => {
                assert_eq!(copy.occurrence.as_deref(), Some("1764604800000"));
            }
            other => panic!("expected the copy gathered, got {other:?}"),
        }
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
        type_text(&mut app, "rossi");
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

    fn press_all(app: &mut App, codes: &[KeyCode]) -> Vec<Effect> {
        codes.iter().flat_map(|code| press(app, *code)).collect()
    }

    fn applied(effects: &[Effect]) -> Option<&Change> {
        effects.iter().find_map(|effect| match effect {
            Effect::Apply { change, .. } => Some(change),
            _ => None,
        })
    }

    fn resized(app: &mut App, width: u16, height: u16) {
        app.update(Msg::Input(Event::Resize(width, height)));
    }

    /// Zoom cancels approved registrants only: `C` on a pending person sends nothing, says so,
    /// and is not offered in the footer.
    #[test]
    fn cancel_on_a_pending_person_sends_nothing_and_says_why() {
        let mut app = loaded(fixtures::registrants(3, 3, 0), &[]);
        let footer = render(&app, 120, 30);
        assert!(!footer.contains("C cancel"), "{footer}");
        let effects = press(&mut app, KeyCode::Char('C'));
        let screen = render(&app, 120, 30);
        assert!(
            screen.contains("Nothing to cancel: Anna O'Brien is pending (Zoom cancels approved"),
            "{screen}"
        );
        // No confirmation was opened: `y` is not a yes, and nothing is sent.
        let more = press(&mut app, KeyCode::Char('y'));
        assert!(
            applied(&effects).or(applied(&more)).is_none(),
            "{effects:?} {more:?}"
        );
    }

    /// `A` on someone approved is neither offered nor sent, and nothing claims "Approved".
    #[test]
    fn approve_on_an_approved_person_is_not_offered_or_sent() {
        let mut app = loaded(fixtures::registrants(3, 3, 0), &[]);
        press(&mut app, KeyCode::Tab);
        let screen = render(&app, 160, 30);
        assert!(screen.contains("Approved (3)"), "{screen}");
        assert!(!screen.contains("A approve"), "{screen}");
        assert!(screen.contains("C cancel"), "{screen}");
        let effects = press(&mut app, KeyCode::Char('A'));
        let screen = render(&app, 160, 30);
        assert!(
            screen.contains("already approved. Nothing was sent."),
            "{screen}"
        );
        let more = press(&mut app, KeyCode::Enter);
        assert!(
            applied(&effects).or(applied(&more)).is_none(),
            "{effects:?} {more:?}"
        );
    }

    /// A selection across tabs: the confirmation says what happens to each group, and only the
    /// people the action changes are sent.
    #[test]
    fn a_mixed_selection_says_what_happens_to_each_group() {
        let mut app = loaded(fixtures::registrants(3, 3, 0), &[]);
        press_all(
            &mut app,
            &[
                KeyCode::Char(' '),
                KeyCode::Char(' '),
                KeyCode::Tab,
                KeyCode::Char(' '),
            ],
        );
        let screen = render(&app, 120, 30);
        assert!(
            screen.contains("3 selected (2 pending, 1 approved)"),
            "{screen}"
        );
        press(&mut app, KeyCode::Char('A'));
        let screen = render(&app, 120, 30);
        assert!(screen.contains("2 pending → approved"), "{screen}");
        assert!(
            screen.contains("1 left as is, already approved"),
            "{screen}"
        );
        insta::assert_snapshot!(screen);
        let effects = press(&mut app, KeyCode::Enter);
        let change = applied(&effects).expect("the change is sent");
        assert_eq!(change.targets.len(), 2);
        assert_eq!(change.unchanged.len(), 1);
    }

    /// Deleting cannot be undone: Enter alone does not confirm it, `y` does.
    #[test]
    fn deleting_needs_y_typed_and_enter_alone_does_nothing() {
        let mut app = loaded(fixtures::registrants(3, 0, 0), &[]);
        let effects = press_all(&mut app, &[KeyCode::Char('x'), KeyCode::Enter]);
        assert!(applied(&effects).is_none(), "{effects:?}");
        let screen = render(&app, 100, 24);
        assert!(
            screen.contains("Enter alone does not delete: type y"),
            "{screen}"
        );
        let effects = press(&mut app, KeyCode::Char('y'));
        assert_eq!(applied(&effects).map(|c| c.kind), Some(ChangeKind::Delete));
    }

    /// Denying everyone shown is confirmed by typing how many; Enter or `y` alone do nothing.
    #[test]
    fn bulk_deny_needs_the_count_typed() {
        let mut app = loaded(fixtures::registrants(12, 0, 0), &[]);
        let effects = press_all(
            &mut app,
            &[
                KeyCode::Char('*'),
                KeyCode::Char('D'),
                KeyCode::Enter,
                KeyCode::Char('y'),
            ],
        );
        assert!(applied(&effects).is_none(), "{effects:?}");
        assert!(render(&app, 100, 24).contains("type 12 then Enter to deny"));
        let effects = press_all(
            &mut app,
            &[KeyCode::Char('1'), KeyCode::Char('2'), KeyCode::Enter],
        );
        let change = applied(&effects).expect("the typed count confirms");
        assert_eq!(change.targets.len(), 12);
    }

    /// Right after a deny the status line offers the way back, and `u` approves them again.
    #[test]
    fn undo_after_a_deny_approves_them_again() {
        use crate::tui::message::{Applied, AppliedResult};
        let mut app = loaded(fixtures::registrants(3, 0, 0), &[]);
        let effects = press_all(&mut app, &[KeyCode::Char('D'), KeyCode::Char('y')]);
        let (request, change) = effects
            .iter()
            .find_map(|effect| match effect {
                Effect::Apply { request, change } => Some((*request, change.clone())),
                _ => None,
            })
            .expect("the deny is sent");
        let done = change.targets.iter().map(Target::to_ref).collect();
        deliver(
            &mut app,
            request,
            Outcome::Applied(Box::new(Applied {
                change,
                result: AppliedResult::Status(Ok(crate::zoom::StatusOutcome {
                    done,
                    failed: Vec::new(),
                })),
            })),
        );
        let screen = render(&app, 120, 30);
        assert!(
            screen.contains("Denied 1 registrant (1 call). u: approve them again."),
            "{screen}"
        );
        let effects = press(&mut app, KeyCode::Char('u'));
        let undo = applied(&effects).expect("u sends the way back");
        assert_eq!(undo.kind, ChangeKind::Status(StatusAction::Approve));
        assert_eq!(undo.targets[0].email, "anna.obrien0@example.com");
    }

    /// Approving three pending people takes Space Space Space A Enter, as before.
    #[test]
    fn approving_three_pending_people_takes_five_keys() {
        let mut app = loaded(fixtures::registrants(3, 2, 0), &[]);
        let effects = press_all(
            &mut app,
            &[
                KeyCode::Char(' '),
                KeyCode::Char(' '),
                KeyCode::Char(' '),
                KeyCode::Char('A'),
                KeyCode::Enter,
            ],
        );
        assert_eq!(applied(&effects).map(|c| c.targets.len()), Some(3));
    }

    /// The search reads the organisation column of every tab, the tabs count its matches, and
    /// `n` moves on to the tab where they are.
    #[test]
    fn search_finds_people_in_other_tabs_and_n_moves_there() {
        let mut all = fixtures::registrants(3, 3, 3);
        all[7].fields.org = Some("Contoso".to_owned());
        let mut app = loaded(all, &[]);
        press(&mut app, KeyCode::Char('/'));
        type_text(&mut app, "contoso");
        let screen = render(&app, 120, 24);
        assert!(screen.contains("Pending (0 of 3)"), "{screen}");
        assert!(screen.contains("Denied (1 of 3)"), "{screen}");
        assert!(screen.contains("search: contoso"), "{screen}");
        assert!(screen.contains("1 denied do. n: show them"), "{screen}");
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char('n'));
        let screen = render(&app, 120, 24);
        assert!(screen.contains("Bruno Rossi"), "{screen}");
    }

    /// The help overlay scrolls and ignores stray keys; its last section can be read at 80×24.
    #[test]
    fn help_scrolls_to_every_key_at_80x24_and_closes_only_on_esc_q_or_question_mark() {
        let mut app = loaded(fixtures::registrants(1, 1, 0), &[]);
        press(&mut app, KeyCode::Char('?'));
        press(&mut app, KeyCode::Char('x'));
        let top = render(&app, 80, 24);
        assert!(
            top.contains("Keys ·"),
            "a stray key leaves help open: {top}"
        );
        assert!(!top.contains("quit from anywhere"), "{top}");
        press(&mut app, KeyCode::End);
        let bottom = render(&app, 80, 24);
        assert!(bottom.contains("quit from anywhere"), "{bottom}");
        insta::assert_snapshot!(bottom);
        press(&mut app, KeyCode::Esc);
        assert!(!render(&app, 80, 24).contains("Keys ·"));
    }

    /// At 50×15 a confirmation keeps its answer line.
    #[test]
    fn a_confirmation_fits_at_50x15() {
        let mut app = loaded(fixtures::registrants(40, 0, 0), &[]);
        press_all(&mut app, &[KeyCode::Char('*'), KeyCode::Char('x')]);
        let screen = render(&app, 50, 15);
        assert!(screen.contains("type 40, Enter"), "{screen}");
        insta::assert_snapshot!(screen);
    }

    /// Wide terminals show more columns instead of stretching one.
    #[test]
    fn wide_terminals_show_job_title_status_and_country() {
        let app = loaded(fixtures::registrants(3, 3, 0), &[]);
        let screen = render(&app, 200, 20);
        for column in [
            "Organization",
            "Job title",
            "Country",
            "Status",
            "Registered",
        ] {
            assert!(screen.contains(column), "{column}: {screen}");
        }
        assert!(screen.contains("Coordinator"), "{screen}");
    }

    /// The main screen at the four sizes of the acceptance list.
    #[test]
    fn registrants_screen_at_200x50_120x40_80x24_and_50x15() {
        let mut app = loaded(fixtures::registrants(6, 9, 2), &[]);
        let mut screens = String::new();
        for (width, height) in [(200, 50), (120, 40), (80, 24), (50, 15)] {
            resized(&mut app, width, height);
            screens.push_str(&format!(
                "── {width}×{height}\n{}\n",
                render(&app, width, height)
            ));
        }
        insta::assert_snapshot!(screens);
    }

    /// `w` watches: the next tick looks again; whoever the new list holds that the old one did
    /// not is marked `+`, counted in the title and in their tab, until `W`. Before the interval
    /// has passed a tick sends nothing.
    #[test]
    fn watching_looks_again_and_marks_newcomers_until_w() {
        let mut app = loaded(fixtures::registrants(3, 3, 0), &[]);
        let mut list = fixtures::registrants(3, 3, 0);
        list.push(fixtures::registrant(6, "pending"));
        watch_and_look(&mut app, Outcome::Registrants(Ok(list)));
        let screen = render(&app, 120, 30);
        let title = screen.lines().next().unwrap_or_default();
        assert!(title.contains("· 1 new"), "{title}");
        assert!(screen.contains("Pending (4, 1 new)"), "{screen}");
        assert!(screen.contains("watching every 2 s ("), "{screen}");
        let marked: Vec<&str> = screen
            .lines()
            .filter(|line| line.trim_start().starts_with('+'))
            .collect();
        assert_eq!(marked.len(), 1, "{screen}");
        assert!(marked[0].contains("anna.silva6@example.com"), "{screen}");
        assert!(
            app.update(Msg::Tick).is_empty(),
            "the clock stands still: no look before the interval"
        );
        press(&mut app, KeyCode::Char('W'));
        let screen = render(&app, 120, 30);
        assert!(!screen.contains("1 new"), "{screen}");
        press(&mut app, KeyCode::Char('w'));
        assert!(app.update(Msg::Tick).is_empty(), "w again stops watching");
    }

    /// A coordinator in New York sees registration times in New York time, the zone named in
    /// the column's header; the charts count a person on the day it was there, and a search
    /// for that day finds them. Opening the person says the time in full.
    #[test]
    fn registration_times_and_days_are_in_the_users_time_zone() {
        let new_york = jiff::tz::TimeZone::get("America/New_York").expect("the tz database");
        let mut config = crate::tui::testing::snapshot_config();
        config.clock = std::sync::Arc::new(crate::tui::clock::FixedZonedClock(
            "2026-11-23T12:00:00Z".parse().expect("a timestamp"),
            new_york,
        ));
        let screen = RegistrantsScreen::new(
            EVENT,
            "Customer Advisory Board — Spring Session".to_owned(),
            Some(fixtures::detail(EVENT.id, 1, &[])),
        );
        let mut app = App::new(config, Box::new(screen));
        app.show_session(fixtures::session_info());
        let effects = app.start();
        let mut late = fixtures::registrant(0, "pending");
        // 02:30 UTC on the 3rd is 21:30 on the 2nd in New York (EST, UTC−5).
        late.create_time = "2026-11-03T02:30:00Z".parse().ok();
        deliver(
            &mut app,
            list_request(&effects),
            Outcome::Registrants(Ok(vec![late])),
        );
        let table = render(&app, 200, 30);
        assert!(table.contains("Registered (EST)"), "{table}");
        assert!(table.contains("2026-11-02 21:30"), "{table}");
        assert!(!table.contains("2026-11-03"), "{table}");
        press(&mut app, KeyCode::Char('v'));
        let charts = render(&app, 120, 40);
        assert!(charts.contains("Registrations per day (EST)"), "{charts}");
        assert!(charts.contains("02 Nov"), "{charts}");
        press(&mut app, KeyCode::Char('v'));
        type_text(&mut app, "/2026-11-02");
        assert!(
            render(&app, 200, 30).contains("Pending (1 of 1)"),
            "the day as shown is what a search finds"
        );
        press_all(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
        let detail = render(&app, 120, 40);
        assert!(detail.contains("2026-11-02 21:30:00 EST"), "{detail}");
    }

    /// A look that fails while watching keeps the list from before on screen and says so in
    /// the head line, where 80 columns still show it; the next look waits for its interval.
    #[test]
    fn a_failed_look_while_watching_keeps_the_table_and_says_it_looks_again() {
        let mut app = loaded(fixtures::registrants(3, 3, 0), &[]);
        watch_and_look(&mut app, Outcome::Registrants(Err(fixtures::unreachable())));
        let screen = render(&app, 80, 24);
        assert!(screen.contains("Anna O'Brien"), "the table stays: {screen}");
        assert!(!screen.contains("Cannot list the registrants"), "{screen}");
        assert!(screen.contains("watching, last look failed"), "{screen}");
        let effects = app.update(Msg::Tick);
        assert!(
            effects.is_empty(),
            "the clock stands still: no look before the interval"
        );
    }

    /// Pressing `w` while a refresh is under way: whoever that refresh brings was not on the
    /// screen the user saw, so they are new.
    #[test]
    fn a_watch_started_during_a_refresh_marks_whom_that_refresh_brings() {
        let mut app = loaded(fixtures::registrants(3, 3, 0), &[]);
        let effects = press(&mut app, KeyCode::Char('r'));
        press(&mut app, KeyCode::Char('w'));
        let mut list = fixtures::registrants(3, 3, 0);
        list.push(fixtures::registrant(6, "pending"));
        deliver(
            &mut app,
            list_request(&effects),
            Outcome::Registrants(Ok(list)),
        );
        let screen = render(&app, 120, 30);
        assert!(screen.contains("Pending (4, 1 new)"), "{screen}");
    }

    /// A look that brings someone who sorts above the cursor keeps the cursor on the same
    /// person: `A` then approves whom the user had picked, not whoever slid under the cursor.
    #[test]
    fn a_newcomer_sorting_above_the_cursor_leaves_it_on_the_same_person() {
        let mut app = loaded(fixtures::registrants(3, 0, 0), &[]);
        press_all(&mut app, &[KeyCode::Down, KeyCode::Down]);
        assert!(render(&app, 120, 30).contains("Chiara Rossi"));
        let mut list = fixtures::registrants(3, 0, 0);
        // "Anna Silva" sorts between Anna O'Brien and Bruno Silva.
        list.push(fixtures::registrant(6, "pending"));
        watch_and_look(&mut app, Outcome::Registrants(Ok(list)));
        let effects = press_all(&mut app, &[KeyCode::Char('A'), KeyCode::Enter]);
        let change = applied(&effects).expect("the approval is sent");
        assert_eq!(change.targets[0].name, "Chiara Rossi");
    }

    /// The charts panel (`v`): beside the table at 120×40, in place of it at 80×24, the bar
    /// chart alone at 50×15; `v` again hides it.
    #[test]
    fn charts_panel_at_120x40_80x24_and_50x15() {
        // More people register each day: day k of November has k registrations.
        let mut list = fixtures::registrants(12, 24, 4);
        let (mut day, mut left) = (1, 1);
        for (index, registrant) in list.iter_mut().enumerate() {
            if left == 0 {
                day += 1;
                left = day;
            }
            left -= 1;
            registrant.create_time = format!("2026-11-{day:02}T{:02}:00:00Z", index % 24)
                .parse()
                .ok();
        }
        let mut app = loaded(list, &[]);
        press(&mut app, KeyCode::Char('v'));
        for (width, height) in [(120, 40), (80, 24), (50, 15)] {
            resized(&mut app, width, height);
            insta::assert_snapshot!(
                format!("charts_{width}x{height}"),
                render(&app, width, height)
            );
        }
        press(&mut app, KeyCode::Char('v'));
        assert!(!render(&app, 120, 40).contains("Registrations per day"));
    }

    /// A click on a tab shows it; a click on a row moves the cursor there; the wheel scrolls.
    #[test]
    fn clicks_pick_tabs_and_rows_and_the_wheel_scrolls() {
        use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
        let mut app = loaded(fixtures::registrants(3, 30, 2), &[]);
        resized(&mut app, 120, 40);
        let mouse = |kind, column, row| {
            Msg::Input(Event::Mouse(MouseEvent {
                kind,
                column,
                row,
                modifiers: KeyModifiers::NONE,
            }))
        };
        // Row 0 is the title, 1 the head line, 2 the tabs: " Pending (3)  Approved (30) …".
        app.update(mouse(MouseEventKind::Down(MouseButton::Left), 16, 2));
        assert!(render(&app, 120, 40).contains("Approved (30)"));
        app.update(mouse(MouseEventKind::Down(MouseButton::Left), 10, 6));
        app.update(mouse(MouseEventKind::ScrollDown, 10, 10));
        press(&mut app, KeyCode::Enter);
        let detail = render(&app, 120, 40);
        assert!(
            detail.contains("Status                    approved"),
            "{detail}"
        );
        // Third row of the table, then three down: the sixth approved person by name.
        assert!(detail.contains("Registrant ID"), "{detail}");
    }
}
