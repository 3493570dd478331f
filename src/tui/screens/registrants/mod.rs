//! The registrants of one meeting or webinar: status tabs (pending, approved, denied) with
//! counts, a filter, sorting, multi-select with Space, an occurrence picker for recurring events,
//! and the changes (approve, deny, cancel, delete) of the selection — or of the current row when
//! nothing is selected — which the app confirms before sending.

mod render;
mod view;

use std::collections::BTreeSet;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::add_form::AddFormScreen;
use super::detail::DetailScreen;
use super::import_wizard::ImportWizard;
use super::{
    Action, FilterBar, Handback, ListCursor, Loadable, Notice, Screen, Ui, capitalize, centered,
    error_lines, fit,
};
use crate::tui::drawn_text::safe;
use crate::tui::keymap::{self, Command, Scope};
use crate::tui::message::{Change, ChangeKind, Effect, Outcome, RequestId, RequestIds, Target};
use crate::zoom::{EventDetail, EventRef, ListStatus, Registrant, StatusAction};

pub use self::view::SortOrder;
use self::view::{View, status_of};

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
        self.view = View::of(all, self.tab, &self.filter.needle(), self.sort);
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
            Command::Add => return Some(Action::Push(Box::new(self.add_form()))),
            Command::Import => {
                // The wizard hands back a reload when it closes ([`Screen::take_handback`]).
                return Some(Action::Push(Box::new(ImportWizard::new(
                    self.event,
                    self.topic.clone(),
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

    /// The add form's people go into the list as Zoom described them, without listing again;
    /// an import (or a list that is not there to add to) lists again.
    fn take_handback(&mut self, handback: Handback, ids: &mut RequestIds) -> Vec<Effect> {
        match handback {
            Handback::Registered { event, registrants }
                if event == self.event
                    && self.registrants.data.is_some()
                    && !self.registrants.is_loading() =>
            {
                let list = self.registrants.data.get_or_insert_with(Vec::new);
                for registrant in registrants {
                    match list.iter_mut().find(|known| known.id == registrant.id) {
                        Some(known) => *known = registrant,
                        None => list.push(registrant),
                    }
                }
                self.rebuild_view();
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

    fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        self.draw(frame, area, ui);
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
        let screen = render(&app, 100, 16);
        assert!(
            screen.contains("Wed 2 Dec 2026 20:00 +00:00 (o: change)"),
            "the occurrence shown by its start, not its ID:\n{screen}"
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
