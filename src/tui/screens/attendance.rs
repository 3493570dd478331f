//! The attendance of a meeting or webinar that took place (`t` on the meetings screen): two tabs,
//! registered but absent (the no-shows) and attended without registering (walk-ins), with their
//! counts and join and leave times in the event's time zone, from the latest instance or the one
//! `o` picks among the times it took place ([`crate::session::attendance`], as
//! `regdesk attendance` tells it). `e` exports the list shown to CSV, `c` copies the no-shows
//! into another event (copy to…'s picker and flow). Zoom's plan and scope refusals are shown
//! with what, why and the fix.

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::copy_to::CopyToScreen;
use super::{Action, ListCursor, Loadable, Notice, Screen, TextField, Ui, centered, error_lines};
use crate::registrant_fields::person::full_name;
use crate::session::attendance::{
    AttendanceList, Gathered, Source, fallback_note, minutes, nobody_listed_note,
};
use crate::tui::drawn_text::safe;
use crate::tui::keymap::{self, Command, Scope};
use crate::tui::message::{Effect, Outcome, RequestId, RequestIds};
use crate::zoom::{EventRef, InstanceRef, ListStatus, PastInstance};

/// The two lists the view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Absent,
    WalkIns,
}

impl Tab {
    fn list(self) -> AttendanceList {
        match self {
            Tab::Absent => AttendanceList::NoShows,
            Tab::WalkIns => AttendanceList::WalkIns,
        }
    }

    fn file_word(self) -> &'static str {
        match self {
            Tab::Absent => "no-shows",
            Tab::WalkIns => "walk-ins",
        }
    }
}

pub struct AttendanceScreen {
    event: EventRef,
    topic: String,
    /// The event's time zone's name (times are shown in it).
    time_zone: Option<String>,
    /// That zone, looked up once (UTC when the event has none or it is unknown here).
    zone: jiff::tz::TimeZone,
    attendance: Loadable<Arc<Gathered>>,
    tab: Tab,
    cursor: ListCursor,
    /// The export prompt's path, while it is open.
    export: Option<TextField>,
    exporting: Option<RequestId>,
    /// The time shown when the user picked one (`o`); `None`: the latest.
    instance: Option<PastInstance>,
    /// The times the event took place, listed on the first `o`.
    instances: Loadable<Vec<PastInstance>>,
    /// The instance picker, while open: row 0 is "the latest", then the times newest first.
    picker: Option<ListCursor>,
}

impl AttendanceScreen {
    pub fn new(event: EventRef, topic: String, time_zone: Option<String>) -> Self {
        AttendanceScreen {
            event,
            topic,
            zone: time_zone
                .as_deref()
                .and_then(|name| jiff::tz::TimeZone::get(name).ok())
                .unwrap_or(jiff::tz::TimeZone::UTC),
            time_zone,
            attendance: Loadable::default(),
            tab: Tab::Absent,
            cursor: ListCursor::default(),
            export: None,
            exporting: None,
            instance: None,
            instances: Loadable::default(),
            picker: None,
        }
    }

    /// The picker's rows after "the latest": the times it took place, newest first.
    fn picked_times(&self) -> Vec<&PastInstance> {
        self.instances.data.iter().flatten().rev().collect()
    }

    /// The attendance of the instance shown, loaded again.
    fn load(&mut self, ids: &mut RequestIds) -> Vec<Effect> {
        let request = self.attendance.begin(ids);
        vec![Effect::LoadAttendance {
            request,
            event: self.event,
            instance: match &self.instance {
                Some(instance) => InstanceRef::Uuid(instance.uuid.clone()),
                None => InstanceRef::Latest,
            },
        }]
    }

    /// The instance shown, in words: "the latest time" or "the time of 25 Nov 20:00".
    fn which_time(&self) -> String {
        match &self.instance {
            Some(instance) => format!("the time of {}", self.time(instance.start_time)),
            None => "the latest time".to_owned(),
        }
    }

    fn handle_picker_key(&mut self, key: &KeyEvent, ids: &mut RequestIds) -> Option<Action> {
        let rows = 1 + self.instances.data.as_ref().map_or(0, Vec::len);
        let command = keymap::command_for(&[Scope::List, Scope::Dialog], key);
        let picker = self.picker.as_mut()?;
        match command {
            Some(Command::Confirm) if self.instances.data.is_some() => {
                let chosen = match picker.selected {
                    0 => None,
                    row => self.picked_times().get(row - 1).map(|time| (*time).clone()),
                };
                self.picker = None;
                if chosen == self.instance {
                    return None;
                }
                self.instance = chosen;
                self.cursor = ListCursor::default();
                self.attendance.data = None;
                Some(Action::Run(self.load(ids)))
            }
            Some(Command::Back) => {
                self.picker = None;
                None
            }
            Some(command) => {
                picker.apply(command, rows);
                None
            }
            None => None,
        }
    }

    fn rows(&self) -> usize {
        self.attendance
            .data
            .as_ref()
            .map_or(0, |gathered| match self.tab {
                Tab::Absent => gathered.attendance.no_shows.len(),
                Tab::WalkIns => gathered.attendance.walk_ins.len(),
            })
    }

    fn time(&self, at: jiff::Timestamp) -> String {
        at.to_zoned(self.zone.clone())
            .strftime("%-d %b %H:%M")
            .to_string()
    }

    fn handle_export_key(&mut self, key: &KeyEvent, ids: &mut RequestIds) -> Option<Action> {
        let field = self.export.as_mut()?;
        match key.code {
            KeyCode::Esc => self.export = None,
            KeyCode::Enter => {
                let typed = field.value().trim().to_owned();
                if typed.is_empty() {
                    return Some(Action::Notify(Notice::info("Type a file name or path.")));
                }
                let attendance = self.attendance.data.as_ref()?;
                let request = ids.next_id();
                self.exporting = Some(request);
                self.export = None;
                return Some(Action::Run(vec![Effect::ExportAttendance {
                    request,
                    attendance: Arc::new(attendance.attendance.clone()),
                    list: self.tab.list(),
                    path: crate::paths::expand_home(&typed),
                }]));
            }
            _ => {
                field.handle_key(key);
            }
        }
        None
    }

    /// The instance picker over the view, while open: the latest time, then every time the
    /// event took place, newest first, in the event's zone.
    fn render_picker(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let Some(picker) = &self.picker else {
            return;
        };
        let mut rows = vec![Line::raw("The latest time")];
        match (&self.instances.data, &self.instances.error) {
            (Some(_), _) => rows.extend(
                self.picked_times()
                    .iter()
                    .map(|time| Line::raw(self.time(time.start_time))),
            ),
            (None, Some(error)) => rows.push(Line::styled(
                safe(&format!(
                    "Cannot list the times: {}",
                    error.diagnosis().summary
                )),
                ui.theme.error,
            )),
            (None, None) => rows.push(Line::raw(format!(
                "{} Listing the times it took place…",
                ui.spinner
            ))),
        }
        let height = (rows.len() as u16 + 2).min(area.height);
        let popup = centered(area, 44.min(area.width), height);
        let visible = usize::from(height.saturating_sub(2));
        let offset = picker.offset_for(visible);
        let lines: Vec<Line> = rows
            .into_iter()
            .enumerate()
            .skip(offset)
            .take(visible)
            .map(|(row, line)| {
                if row == picker.selected {
                    line.style(ui.theme.cursor)
                } else {
                    line
                }
            })
            .collect();
        frame.render_widget(Clear, popup);
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(ui.theme.focused_border)
                    .title(" Which time · Enter pick · Esc close "),
            ),
            popup,
        );
    }

    fn render_table(&self, frame: &mut Frame, area: Rect, ui: &Ui, gathered: &Gathered) {
        let width = usize::from(area.width);
        let height = usize::from(area.height.saturating_sub(1));
        let offset = self.cursor.offset_for(height);
        let name_width = (width / 4).clamp(8, 30);
        let email_width = (width / 3).clamp(10, 40);
        let cell = |text: &str, columns: usize| {
            crate::text::terminal::pad(&super::fit(text, columns), columns)
        };
        let zone = self.time_zone.as_deref().unwrap_or("UTC");
        let (header, rows): (String, Vec<String>) = match self.tab {
            Tab::Absent => (
                format!(
                    "  {} {} registered ({zone})",
                    cell("name", name_width),
                    cell("email", email_width)
                ),
                gathered
                    .attendance
                    .no_shows
                    .iter()
                    .map(|registrant| {
                        format!(
                            "{} {} {}",
                            cell(
                                &full_name(
                                    &registrant.first_name,
                                    registrant.fields.last_name.as_deref()
                                ),
                                name_width
                            ),
                            cell(&registrant.email, email_width),
                            registrant
                                .create_time
                                .map_or_else(|| "—".to_owned(), |at| self.time(at))
                        )
                    })
                    .collect(),
            ),
            Tab::WalkIns => (
                format!(
                    "  {} {} joined → left ({zone})  minutes",
                    cell("name", name_width),
                    cell("email", email_width)
                ),
                gathered
                    .attendance
                    .walk_ins
                    .iter()
                    .map(|walk_in| {
                        let email = if walk_in.email.is_empty() {
                            "(hidden by Zoom)"
                        } else {
                            walk_in.email.as_str()
                        };
                        format!(
                            "{} {} {} → {}  {}",
                            cell(&walk_in.name, name_width),
                            cell(email, email_width),
                            self.time(walk_in.first_join),
                            self.time(walk_in.last_leave),
                            minutes(walk_in.seconds)
                        )
                    })
                    .collect(),
            ),
        };
        let mut lines = vec![Line::styled(super::fit(&header, width), ui.theme.dim)];
        lines.extend(
            rows.iter()
                .enumerate()
                .skip(offset)
                .take(height)
                .map(|(position, row)| {
                    let selected = position == self.cursor.selected;
                    Line::styled(
                        super::fit(
                            &safe(&format!("{}{row}", if selected { "▸ " } else { "  " })),
                            width,
                        ),
                        if selected {
                            ui.theme.cursor
                        } else {
                            ui.theme.text
                        },
                    )
                }),
        );
        if rows.is_empty() {
            lines.push(Line::styled(
                match self.tab {
                    Tab::Absent => "  Every approved registrant attended.",
                    Tab::WalkIns => "  Nobody attended without registering.",
                },
                ui.theme.dim,
            ));
        }
        frame.render_widget(Paragraph::new(lines), area);
    }
}

impl Screen for AttendanceScreen {
    fn title(&self) -> String {
        format!("Attendance · {}", self.topic)
    }

    fn scopes(&self) -> &'static [Scope] {
        &[Scope::Attendance, Scope::List]
    }

    fn start(&mut self, ids: &mut RequestIds) -> Vec<Effect> {
        self.load(ids)
    }

    fn is_typing(&self) -> bool {
        self.export.is_some()
    }

    fn handle_paste(&mut self, text: &str) {
        if let Some(field) = &mut self.export {
            field.paste(text);
        }
    }

    fn offers(&self, command: Command) -> bool {
        let Some(gathered) = &self.attendance.data else {
            return !matches!(command, Command::Export | Command::CopyTo);
        };
        match command {
            Command::CopyTo => !gathered.attendance.no_shows.is_empty(),
            Command::Export => self.rows() > 0,
            _ => true,
        }
    }

    fn handle_key(&mut self, key: &KeyEvent, ids: &mut RequestIds) -> Option<Action> {
        if self.export.is_some() {
            return self.handle_export_key(key, ids);
        }
        if self.picker.is_some() {
            return self.handle_picker_key(key, ids);
        }
        let command = keymap::command_for(self.scopes(), key)?;
        if self.cursor.apply(command, self.rows()) {
            return None;
        }
        match command {
            Command::NextTab => {
                self.tab = match self.tab {
                    Tab::Absent => Tab::WalkIns,
                    Tab::WalkIns => Tab::Absent,
                };
                self.cursor = ListCursor::default();
                None
            }
            Command::Export => {
                if self.attendance.data.is_none() || self.rows() == 0 {
                    return Some(Action::Notify(Notice::info(
                        "Nothing to export in this list.",
                    )));
                }
                // A picked time is in the name, so that it is not taken for the latest's list.
                let day = self
                    .instance
                    .as_ref()
                    .map(|instance| {
                        format!(
                            "-{}",
                            instance
                                .start_time
                                .to_zoned(self.zone.clone())
                                .strftime("%Y-%m-%d")
                        )
                    })
                    .unwrap_or_default();
                self.export = Some(TextField::with_value(&format!(
                    "{}{day}-{}.csv",
                    self.event.id,
                    self.tab.file_word()
                )));
                None
            }
            Command::CopyTo => {
                let gathered = self.attendance.data.as_ref()?;
                let no_shows = &gathered.attendance.no_shows;
                if no_shows.is_empty() {
                    return Some(Action::Notify(Notice::info(
                        "No no-shows to copy: every approved registrant attended.",
                    )));
                }
                let who = format!(
                    "{} no-show{}",
                    no_shows.len(),
                    if no_shows.len() == 1 { "" } else { "s" }
                );
                Some(Action::Push(Box::new(CopyToScreen::new(
                    self.event,
                    self.topic.clone(),
                    who,
                    no_shows.iter().map(|registrant| registrant.email.clone()),
                    vec![ListStatus::Approved],
                ))))
            }
            Command::Occurrence => {
                let row = match &self.instance {
                    None => 0,
                    Some(shown) => {
                        1 + self
                            .picked_times()
                            .iter()
                            .position(|time| *time == shown)
                            .unwrap_or(0)
                    }
                };
                self.picker = Some(ListCursor {
                    selected: row,
                    ..ListCursor::default()
                });
                if self.instances.data.is_none() && !self.instances.is_loading() {
                    let request = self.instances.begin(ids);
                    return Some(Action::Run(vec![Effect::LoadPastInstances {
                        request,
                        event: self.event,
                    }]));
                }
                None
            }
            Command::Back | Command::Quit => Some(Action::Back),
            _ => None,
        }
    }

    fn accept(
        &mut self,
        request: RequestId,
        outcome: Outcome,
        _ids: &mut RequestIds,
    ) -> Result<Option<Action>, Outcome> {
        match outcome {
            Outcome::Attendance(result) if self.attendance.waits_for(request) => {
                self.attendance.finish(result.map(Arc::from));
                self.cursor.clamp(self.rows());
                Ok(None)
            }
            Outcome::PastInstances(result) if self.instances.waits_for(request) => {
                self.instances.finish(result);
                Ok(None)
            }
            Outcome::AttendanceExported(result) if self.exporting == Some(request) => {
                self.exporting = None;
                Ok(Some(Action::Notify(match result {
                    Ok((path, rows)) => Notice::success(format!(
                        "Wrote {rows} {} to {}",
                        self.tab.file_word(),
                        path.display()
                    )),
                    Err(problem) => Notice::error(problem),
                })))
            }
            other => Err(other),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, ui: &Ui) {
        let noun = self.event.kind.noun();
        let Some(gathered) = &self.attendance.data else {
            let lines = match &self.attendance.error {
                Some(error) => error_lines(
                    &format!("The attendance of this {noun} could not be read"),
                    error,
                    "r: try again · Esc: back",
                    ui,
                ),
                None => vec![Line::raw(format!(
                    "{} Reading who joined {} this {noun} took place…",
                    ui.spinner,
                    self.which_time()
                ))],
            };
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
            self.render_picker(frame, area, ui);
            return;
        };
        let attendance = &gathered.attendance;
        let mut head = vec![Line::raw(safe(&format!(
            "{} · {}: {} approved registrants, {} attended, {} absent, {} walk-ins ({} of your account's users not counted)",
            self.event,
            self.which_time(),
            gathered.approved,
            attendance.attended.len(),
            attendance.no_shows.len(),
            attendance.walk_ins.len(),
            attendance.account_users.len()
        )))];
        if gathered.source == Source::PastParticipants {
            head.push(Line::styled(
                safe(&format!("Note: {}", fallback_note(self.event))),
                ui.theme.warn,
            ));
        }
        if let Some(note) = nobody_listed_note(attendance) {
            head.push(Line::styled(format!("Note: {note}"), ui.theme.warn));
        }
        if let Some(error) = &self.attendance.error {
            head.extend(error_lines("Reloading failed", error, "", ui));
        }
        let tab_style = |tab: Tab| {
            if tab == self.tab {
                ui.theme.active_tab
            } else {
                ui.theme.dim
            }
        };
        head.push(Line::from(vec![
            Span::styled(
                format!("Registered, absent ({})", attendance.no_shows.len()),
                tab_style(Tab::Absent),
            ),
            Span::raw("  "),
            Span::styled(
                format!(
                    "Attended without registering ({})",
                    attendance.walk_ins.len()
                ),
                tab_style(Tab::WalkIns),
            ),
        ]));
        let head_rows: usize = head
            .iter()
            .map(|line| line.width().max(1).div_ceil(usize::from(area.width.max(1))))
            .sum();
        let [head_area, table, foot] = Layout::vertical([
            Constraint::Length(u16::try_from(head_rows).unwrap_or(u16::MAX)),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(area);
        frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: false }), head_area);
        self.render_table(frame, table, ui, gathered);
        if self.exporting.is_some() {
            frame.render_widget(
                Line::styled(format!("{} Writing the CSV…", ui.spinner), ui.theme.dim),
                foot,
            );
        }
        self.render_picker(frame, area, ui);
        if let Some(field) = &self.export {
            let width = area.width.saturating_sub(4).min(90);
            let popup = centered(area, width, 6);
            frame.render_widget(Clear, popup);
            let lines = vec![
                Line::raw(format!(
                    "The {} as CSV (spreadsheet-safe; no-shows in the export's columns, ready for an import). A bare file name goes to regdesk's exports folder:",
                    self.tab.file_word()
                )),
                Line::from(vec![
                    Span::raw(safe(field.value())),
                    Span::styled("▏", ui.theme.key),
                ]),
                Line::styled("Enter: export · Esc: cancel", ui.theme.dim),
            ];
            frame.render_widget(
                Paragraph::new(lines).wrap(Wrap { trim: false }).block(
                    Block::default()
                        .borders(Borders::ALL)
                        .border_style(ui.theme.focused_border)
                        .title(" Export "),
                ),
                popup,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::attendance::match_attendance;
    use crate::tui::app::App;
    use crate::tui::fixtures::{app_with, deliver, render};
    use crate::tui::message::Msg;
    use crate::tui::testing::key;
    use crate::zoom::{Participant, Registrant};
    use serde_json::json;

    fn registrant(id: &str, email: &str, first: &str, last: &str) -> Registrant {
        serde_json::from_value(json!({
            "id": id, "email": email, "first_name": first, "last_name": last,
            "status": "approved", "create_time": "2026-11-02T08:15:00Z"
        }))
        .expect("registrant")
    }

    fn stay(
        email: &str,
        name: &str,
        registrant_id: Option<&str>,
        from: &str,
        to: &str,
    ) -> Participant {
        serde_json::from_value(json!({
            "id": "", "name": name, "user_email": email, "registrant_id": registrant_id,
            "join_time": format!("2026-11-18T14:{from}:00Z"),
            "leave_time": format!("2026-11-18T14:{to}:00Z"),
        }))
        .expect("participant")
    }

    /// The onboarding clinic's latest instance: Ann came, Bruno and a hostile name did not,
    /// and a guest came without registering.
    fn attendance_app() -> App {
        let screen = AttendanceScreen::new(
            EventRef::meeting(85_570_312_846),
            "Customer Onboarding Clinic".to_owned(),
            Some("Europe/Stockholm".to_owned()),
        );
        let (mut app, effects) = app_with(Box::new(screen), true);
        let request = match effects.as_slice() {
            [Effect::LoadAttendance { request, .. }] => *request,
            other => panic!("expected the attendance load, got {other:?}"),
        };
        let registrants = [
            registrant("r1", "ann@example.com", "Ann", "Lee"),
            registrant("r2", "bruno@example.com", "Bruno", "Silva"),
            registrant("r3", "cy@example.com", "Cy\u{1b}[31m", "=1+1"),
        ];
        let participants = [
            stay("ann@example.com", "Ann Lee", Some("r1"), "02", "40"),
            stay("", "Guest on a phone", None, "10", "25"),
        ];
        let gathered = Gathered {
            attendance: match_attendance(&registrants, &participants),
            source: Source::ParticipantReport,
            approved: registrants.len(),
        };
        deliver(
            &mut app,
            request,
            Outcome::Attendance(Ok(Box::new(gathered))),
        );
        app
    }

    #[test]
    fn the_attendance_view_at_120x40_and_80x24_both_tabs() {
        let mut app = attendance_app();
        let mut screens = String::new();
        for tab in ["absent", "walk-ins"] {
            for (width, height) in [(120, 40), (80, 24)] {
                screens.push_str(&format!(
                    "── {tab} {width}×{height}\n{}\n",
                    render(&app, width, height)
                ));
            }
            app.update(Msg::Input(crossterm::event::Event::Key(key(KeyCode::Tab))));
        }
        assert!(
            !screens.contains('\u{1b}'),
            "escape sequences never reach the screen"
        );
        insta::assert_snapshot!(screens);
    }

    /// `o` lists the times the event took place (newest first, in its zone); picking an earlier
    /// one loads that instance's attendance by its UUID, and the head line says which time.
    #[test]
    fn o_picks_an_earlier_time_the_event_took_place_and_loads_its_attendance() {
        let mut app = attendance_app();
        let press = |app: &mut App, code: KeyCode| {
            app.update(Msg::Input(crossterm::event::Event::Key(key(code))))
        };
        assert!(
            render(&app, 120, 40).contains("the latest time: 3 approved registrants"),
            "{}",
            render(&app, 120, 40)
        );
        let effects = press(&mut app, KeyCode::Char('o'));
        let request = match effects.as_slice() {
            [Effect::LoadPastInstances { request, event }] => {
                assert_eq!(*event, EventRef::meeting(85_570_312_846));
                *request
            }
            other => panic!("expected the instances listed, got {other:?}"),
        };
        assert!(render(&app, 120, 40).contains("Listing the times it took place"));
        let instances: Vec<PastInstance> = serde_json::from_value(json!([
            {"uuid": "older/uuid==", "start_time": "2026-11-11T14:00:00Z"},
            {"uuid": "newer+uuid==", "start_time": "2026-11-18T14:00:00Z"}
        ]))
        .expect("instances");
        deliver(&mut app, request, Outcome::PastInstances(Ok(instances)));
        let picker = render(&app, 120, 40);
        let newer = picker.find("18 Nov 15:00").expect(&picker);
        let older = picker.find("11 Nov 15:00").expect(&picker);
        assert!(newer < older, "newest first:\n{picker}");
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Down);
        let effects = press(&mut app, KeyCode::Enter);
        let request = match effects.as_slice() {
            [
                Effect::LoadAttendance {
                    request, instance, ..
                },
            ] => {
                assert_eq!(*instance, InstanceRef::Uuid("older/uuid==".to_owned()));
                *request
            }
            other => panic!("expected that instance's attendance, got {other:?}"),
        };
        assert!(render(&app, 120, 40).contains("Reading who joined the time of 11 Nov 15:00"));
        let gathered = Gathered {
            attendance: match_attendance(&[registrant("r1", "ann@example.com", "Ann", "Lee")], &[]),
            source: Source::ParticipantReport,
            approved: 1,
        };
        deliver(
            &mut app,
            request,
            Outcome::Attendance(Ok(Box::new(gathered))),
        );
        let screen = render(&app, 120, 40);
        assert!(
            screen.contains("the time of 11 Nov 15:00: 1 approved registrants"),
            "{screen}"
        );
        assert!(screen.contains("Registered, absent (1)"), "{screen}");
        assert!(
            screen.contains("Zoom listed nobody for this time"),
            "an empty participant list is explained:\n{screen}"
        );
        press(&mut app, KeyCode::Char('e'));
        assert!(
            render(&app, 120, 40).contains("85570312846-2026-11-11-no-shows.csv"),
            "the export of an earlier time says which day"
        );
    }

    /// `e` proposes a file named after the event and the list; Enter hands the list shown to the
    /// runner.
    #[test]
    fn export_writes_the_list_shown() {
        let mut app = attendance_app();
        app.update(Msg::Input(crossterm::event::Event::Key(key(KeyCode::Tab))));
        app.update(Msg::Input(crossterm::event::Event::Key(key(
            KeyCode::Char('e'),
        ))));
        assert!(render(&app, 120, 40).contains("85570312846-walk-ins.csv"));
        let effects = app.update(Msg::Input(crossterm::event::Event::Key(key(
            KeyCode::Enter,
        ))));
        match effects.as_slice() {
            [
                Effect::ExportAttendance {
                    list,
                    path,
                    attendance,
                    ..
                },
            ] => {
                assert_eq!(*list, AttendanceList::WalkIns);
                assert_eq!(path, &std::path::PathBuf::from("85570312846-walk-ins.csv"));
                assert_eq!(attendance.walk_ins.len(), 1);
            }
            other => panic!("expected the export, got {other:?}"),
        }
    }
}
