//! The registrants screen's charts panel (`v`): registrations per day (a bar chart, from each
//! person's registration time, by day in the user's time zone) and the pending queue (a line:
//! how many of the people pending now had registered by the end of each day). Counted when a
//! list arrives ([`DailyCounts::of`]); drawing only reads them, and fits what the area allows.

use std::collections::BTreeMap;

use jiff::civil::Date;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::Line;
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, Borders, Chart, Dataset, GraphType, Paragraph,
};

use super::{Ui, safe};
use crate::zoom::{Registrant, RegistrantStatus};

/// Days kept: a year of registrations is more than any event takes.
const MAX_DAYS: usize = 366;
/// A bar's width: a day's label is "dd Mon".
const BAR_WIDTH: u16 = 6;
/// The least area the panel draws charts in; below it, one line says so.
const MIN_WIDTH: u16 = 30;
const MIN_HEIGHT: u16 = 6;
/// From this width the two charts stand side by side.
const SIDE_BY_SIDE_WIDTH: u16 = 100;

/// One day's counts (a day in the user's time zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Day {
    pub(super) date: Date,
    /// People who registered that day (any status now).
    pub(super) registered: u64,
    /// Of them, those pending now.
    pub(super) pending: u64,
}

/// Registrations per day, from the first registration to the last (days without any included).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct DailyCounts {
    pub(super) days: Vec<Day>,
    /// People Zoom gave no registration time for (not counted in the days).
    pub(super) undated: usize,
}

impl DailyCounts {
    /// The counts of `list`, by day in `zone`.
    pub(super) fn of(list: &[Registrant], zone: &jiff::tz::TimeZone) -> DailyCounts {
        let mut by_day: BTreeMap<Date, (u64, u64)> = BTreeMap::new();
        let mut undated = 0;
        for registrant in list {
            let Some(time) = registrant.create_time else {
                undated += 1;
                continue;
            };
            let day = time.to_zoned(zone.clone()).date();
            let counts = by_day.entry(day).or_default();
            counts.0 += 1;
            if registrant.status == RegistrantStatus::Pending {
                counts.1 += 1;
            }
        }
        let (Some(first), Some(last)) = (
            by_day.keys().next().copied(),
            by_day.keys().next_back().copied(),
        ) else {
            return DailyCounts {
                days: Vec::new(),
                undated,
            };
        };
        // Only the last MAX_DAYS days: a stray old date cannot make the list unbounded.
        let start = last
            .checked_sub(jiff::Span::new().days(MAX_DAYS as i64 - 1))
            .map_or(first, |earliest| earliest.max(first));
        let mut days = Vec::new();
        let mut date = start;
        while date <= last && days.len() < MAX_DAYS {
            let (registered, pending) = by_day.get(&date).copied().unwrap_or_default();
            days.push(Day {
                date,
                registered,
                pending,
            });
            match date.tomorrow() {
                Ok(next) => date = next,
                Err(_) => break,
            }
        }
        DailyCounts { days, undated }
    }

    /// The pending queue at the end of each day: people pending now who had registered by then.
    fn pending_queue(&self) -> Vec<(f64, f64)> {
        let mut total = 0;
        self.days
            .iter()
            .enumerate()
            .map(|(index, day)| {
                total += day.pending;
                (index as f64, total as f64)
            })
            .collect()
    }
}

fn day_label(date: Date) -> String {
    date.strftime("%d %b").to_string()
}

/// Draws the panel in `area`: both charts side by side when wide, stacked when tall, the bar
/// chart alone when neither, a line saying why when too small.
pub(super) fn render(frame: &mut Frame, area: Rect, counts: &DailyCounts, ui: &Ui) {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        frame.render_widget(
            Paragraph::new("Too small for the charts (v hides them).").style(ui.theme.dim),
            area,
        );
        return;
    }
    if counts.days.is_empty() {
        frame.render_widget(
            Paragraph::new("No registration times to chart yet (v hides this).")
                .style(ui.theme.dim)
                .block(
                    Block::default()
                        .borders(Borders::TOP)
                        .border_style(ui.theme.border),
                ),
            area,
        );
        return;
    }
    if area.width >= SIDE_BY_SIDE_WIDTH {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(area);
        render_per_day(frame, left, counts, ui);
        render_queue(frame, right, counts, ui);
    } else if area.height >= 2 * MIN_HEIGHT + 4 {
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
        render_per_day(frame, top, counts, ui);
        render_queue(frame, bottom, counts, ui);
    } else {
        render_per_day(frame, area, counts, ui);
    }
}

fn block(title: String, ui: &Ui) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(ui.theme.border)
        .title(safe(&title))
}

/// Bars of the last days that fit, newest on the right.
fn render_per_day(frame: &mut Frame, area: Rect, counts: &DailyCounts, ui: &Ui) {
    let inner_width = area.width.saturating_sub(2);
    let fit = usize::from((inner_width + 1) / (BAR_WIDTH + 1)).max(1);
    let shown = &counts.days[counts.days.len().saturating_sub(fit)..];
    let total: u64 = counts.days.iter().map(|day| day.registered).sum();
    let zone = crate::tui::clock::zone_name(ui.zone, ui.now);
    let mut title = format!(" Registrations per day ({zone}) · {total} in all ");
    if shown.len() < counts.days.len() {
        title = format!(
            " Registrations per day ({zone}) · last {} of {} days · {total} in all ",
            shown.len(),
            counts.days.len()
        );
    }
    let bars: Vec<Bar> = shown
        .iter()
        .map(|day| {
            Bar::default()
                .value(day.registered)
                .label(Line::from(safe(&day_label(day.date))))
                .text_value(day.registered.to_string())
        })
        .collect();
    let chart = BarChart::default()
        .block(block(title, ui))
        .data(BarGroup::default().bars(&bars))
        .bar_width(BAR_WIDTH)
        .bar_gap(1)
        .bar_style(ui.theme.key)
        .value_style(ui.theme.active_tab)
        .label_style(ui.theme.dim);
    frame.render_widget(chart, area);
}

/// The pending queue as a line over every day, with the first, middle and last day on the axis.
fn render_queue(frame: &mut Frame, area: Rect, counts: &DailyCounts, ui: &Ui) {
    let points = counts.pending_queue();
    let now = points.last().map_or(0.0, |(_, pending)| *pending);
    let top = points
        .iter()
        .map(|(_, pending)| *pending)
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let last_index = counts.days.len().saturating_sub(1);
    let x_labels: Vec<Line> = [0, last_index / 2, last_index]
        .into_iter()
        .filter_map(|index| counts.days.get(index))
        .map(|day| Line::from(safe(&day_label(day.date))))
        .collect();
    let dataset = Dataset::default()
        .marker(Marker::HalfBlock)
        .graph_type(GraphType::Line)
        .style(ui.theme.warn)
        .data(&points);
    let title = format!(" Pending now by day registered, cumulative: {now:.0} ");
    let chart = Chart::new(vec![dataset])
        .block(block(title, ui))
        .x_axis(
            Axis::default()
                .bounds([0.0, (last_index as f64).max(1.0)])
                .labels(x_labels)
                .style(ui.theme.dim),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, top])
                .labels(vec![Line::from("0"), Line::from(format!("{top:.0}"))])
                .style(ui.theme.dim),
        );
    frame.render_widget(chart, area);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixtures;

    fn at(time: &str) -> Option<jiff::Timestamp> {
        time.parse().ok()
    }

    #[test]
    fn days_without_registrations_count_zero_and_pending_are_counted_apart() {
        let mut list = fixtures::registrants(2, 2, 0);
        list[0].create_time = at("2026-11-20T23:59:00Z");
        list[1].create_time = at("2026-11-22T00:01:00Z");
        list[2].create_time = at("2026-11-22T10:00:00Z");
        list[3].create_time = None;
        let counts = DailyCounts::of(&list, &jiff::tz::TimeZone::UTC);
        let registered: Vec<u64> = counts.days.iter().map(|day| day.registered).collect();
        let pending: Vec<u64> = counts.days.iter().map(|day| day.pending).collect();
        assert_eq!(registered, [1, 0, 2]);
        assert_eq!(pending, [1, 0, 1]);
        assert_eq!(counts.undated, 1);
        assert_eq!(counts.pending_queue(), [(0.0, 1.0), (1.0, 1.0), (2.0, 2.0)]);
    }

    #[test]
    fn a_stray_old_date_keeps_only_the_last_year() {
        let mut list = fixtures::registrants(2, 0, 0);
        list[0].create_time = at("1999-01-01T00:00:00Z");
        list[1].create_time = at("2026-11-22T10:00:00Z");
        let counts = DailyCounts::of(&list, &jiff::tz::TimeZone::UTC);
        assert_eq!(counts.days.len(), MAX_DAYS);
        assert_eq!(counts.days.iter().map(|day| day.registered).sum::<u64>(), 1);
    }
}
