//! The registrants screen's view-model: which rows the table shows, in what order, the count of
//! each tab (and of its matches while a search is on) and the column widths, computed from the
//! loaded list, the tab, the search and the sort (pure: no drawing, no IO).
//!
//! Work that does not depend on the search is done once per loaded list ([`SearchIndex`]): each
//! row's lower-case text of every column, its name and email widths, each tab's size, and the
//! list in each sort order. A keystroke in the search then only scans those strings — and only
//! the rows that matched before when the new search contains the old one (typing on) — and a sort
//! change only walks a ready order, so typing stays fast on the largest webinars (50,000 rows: see
//! the bench).

use crate::zoom::{ListStatus, Registrant, RegistrantStatus};

/// How the rows are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    Name,
    Email,
    /// Newest registration first.
    Registered,
}

impl SortOrder {
    pub(super) fn next(self) -> Self {
        match self {
            SortOrder::Name => SortOrder::Email,
            SortOrder::Email => SortOrder::Registered,
            SortOrder::Registered => SortOrder::Name,
        }
    }

    pub(super) fn label(self) -> &'static str {
        match self {
            SortOrder::Name => "name",
            SortOrder::Email => "email",
            SortOrder::Registered => "newest",
        }
    }
}

/// The registered time as the table shows it.
/// When the person registered, to the minute, in `zone`.
pub(super) fn registered(registrant: &Registrant, zone: &jiff::tz::TimeZone) -> String {
    registrant
        .create_time
        .map(|time| crate::tui::clock::minute(time, zone))
        .unwrap_or_default()
}

pub(super) fn full_name(registrant: &Registrant) -> String {
    crate::registrant_fields::person::full_name(
        &registrant.first_name,
        registrant.fields.last_name.as_deref(),
    )
}

pub(super) fn status_of(list: ListStatus) -> RegistrantStatus {
    list.status()
}

/// The tab a registrant is listed under, if any.
fn tab_of(registrant: &Registrant) -> Option<usize> {
    ListStatus::ALL
        .iter()
        .position(|tab| status_of(*tab) == registrant.status)
}

/// What a loaded list is searched and sorted by, computed once per load.
#[derive(Debug, Default)]
pub(super) struct SearchIndex {
    /// Per row: every column's text, lower case, separated by a character nobody types.
    haystacks: Vec<String>,
    /// Per row: its tab (index into `ListStatus::ALL`), or none for a status regdesk does not know.
    tabs: Vec<Option<usize>>,
    /// Per row: the name and email columns' widths on screen.
    name_widths: Vec<u16>,
    email_widths: Vec<u16>,
    /// Row indices in each sort order.
    by_name: Vec<usize>,
    by_email: Vec<usize>,
    by_registered: Vec<usize>,
    /// Rows per tab, in `ListStatus::ALL` order.
    totals: [usize; ListStatus::ALL.len()],
}

/// Between two columns in a haystack: a match never spans two columns.
const COLUMN_BREAK: char = '\u{1f}';

impl SearchIndex {
    /// The index of `all`, registration times written in `zone` (as the table shows them).
    pub(super) fn of(all: &[Registrant], zone: &jiff::tz::TimeZone) -> SearchIndex {
        let names: Vec<String> = all.iter().map(full_name).collect();
        let haystacks: Vec<String> = all
            .iter()
            .zip(&names)
            .map(|(registrant, name)| {
                let fields = &registrant.fields;
                let when = registered(registrant, zone);
                let columns = [
                    name.as_str(),
                    registrant.email.as_str(),
                    fields.org.as_deref().unwrap_or_default(),
                    fields.job_title.as_deref().unwrap_or_default(),
                    registrant.status.as_str(),
                    fields.country.as_deref().unwrap_or_default(),
                    when.as_str(),
                ];
                let mut haystack = String::new();
                for column in columns {
                    haystack.push_str(&column.to_lowercase());
                    haystack.push(COLUMN_BREAK);
                }
                haystack
            })
            .collect();
        let width =
            |text: &str| crate::text::terminal::width(text).min(usize::from(u16::MAX)) as u16;
        let name_keys: Vec<String> = names.iter().map(|name| name.to_lowercase()).collect();
        let email_keys: Vec<String> = all
            .iter()
            .map(|registrant| registrant.email.to_lowercase())
            .collect();
        let mut by_name: Vec<usize> = (0..all.len()).collect();
        by_name.sort_by(|&a, &b| name_keys[a].cmp(&name_keys[b]));
        let mut by_email: Vec<usize> = (0..all.len()).collect();
        by_email.sort_by(|&a, &b| email_keys[a].cmp(&email_keys[b]));
        let mut by_registered: Vec<usize> = (0..all.len()).collect();
        by_registered.sort_by_key(|&index| std::cmp::Reverse(all[index].create_time));
        let tabs: Vec<Option<usize>> = all.iter().map(tab_of).collect();
        let mut totals = [0; ListStatus::ALL.len()];
        for tab in tabs.iter().flatten() {
            totals[*tab] += 1;
        }
        SearchIndex {
            haystacks,
            tabs,
            totals,
            name_widths: names.iter().map(|name| width(name)).collect(),
            email_widths: all
                .iter()
                .map(|registrant| width(&registrant.email))
                .collect(),
            by_name,
            by_email,
            by_registered,
        }
    }

    fn order(&self, sort: SortOrder) -> &[usize] {
        match sort {
            SortOrder::Name => &self.by_name,
            SortOrder::Email => &self.by_email,
            SortOrder::Registered => &self.by_registered,
        }
    }

    /// Whether row `index` matches `needle` (lower case; empty matches every row).
    pub(super) fn matches(&self, index: usize, needle: &str) -> bool {
        needle.is_empty()
            || self
                .haystacks
                .get(index)
                .is_some_and(|haystack| haystack.contains(needle))
    }
}

/// What the table shows, derived from the loaded rows, the tab, the search and the sort. Rebuilt
/// only when one of those changes, never per frame.
#[derive(Debug, Default)]
pub(super) struct View {
    /// The search and sort this view was made with, and every row (of any tab) that matches, in
    /// that order: a longer search that contains this one only needs to look at these.
    needle: String,
    sort: Option<SortOrder>,
    matching: Vec<usize>,
    /// The current tab's rows that match the search, in the chosen order (indices into the list).
    pub(super) rows: Vec<usize>,
    /// Rows per tab that match the search (all of them without one), in `ListStatus::ALL` order.
    pub(super) counts: [usize; ListStatus::ALL.len()],
    /// Rows per tab, search or not.
    pub(super) totals: [usize; ListStatus::ALL.len()],
    /// The name and email columns: as wide as their longest shown value, within limits.
    pub(super) name_width: u16,
    pub(super) email_width: u16,
}

impl View {
    /// The view on `tab`, searched for `needle` (lower case; empty keeps every row) across every
    /// column and every tab, ordered by `sort`, from scratch (the screen narrows its last view).
    #[cfg(test)]
    pub(super) fn of(index: &SearchIndex, tab: ListStatus, needle: &str, sort: SortOrder) -> View {
        View::narrowed(index, tab, needle, sort, None)
    }

    /// [`View::of`], looking only at the rows `previous` matched when its search is part of
    /// `needle` (with the same sort and list, no other row can match).
    pub(super) fn narrowed(
        index: &SearchIndex,
        tab: ListStatus,
        needle: &str,
        sort: SortOrder,
        previous: Option<&View>,
    ) -> View {
        let candidates: &[usize] = match previous {
            Some(previous)
                if previous.sort == Some(sort) && needle.contains(previous.needle.as_str()) =>
            {
                &previous.matching
            }
            _ => index.order(sort),
        };
        let tab_index = ListStatus::ALL.iter().position(|each| *each == tab);
        let mut counts = [0; ListStatus::ALL.len()];
        let mut rows = Vec::new();
        let mut matching = Vec::new();
        let (mut name_width, mut email_width) = (0, 0);
        for &row in candidates {
            let Some(row_tab) = index.tabs.get(row).copied().flatten() else {
                continue;
            };
            if !index.matches(row, needle) {
                continue;
            }
            matching.push(row);
            counts[row_tab] += 1;
            if Some(row_tab) == tab_index {
                rows.push(row);
                name_width = name_width.max(index.name_widths[row]);
                email_width = email_width.max(index.email_widths[row]);
            }
        }
        View {
            needle: needle.to_owned(),
            sort: Some(sort),
            matching,
            rows,
            counts,
            totals: index.totals,
            name_width: name_width.clamp(6, 28),
            email_width: email_width.clamp(6, 48),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixtures::registrants;

    /// Every tab is counted; the table holds the current tab's rows that match the search, in the
    /// chosen order.
    #[test]
    fn the_view_counts_every_tab_and_keeps_the_matching_rows_of_one_in_order() {
        let all = registrants(6, 4, 2);
        let index = SearchIndex::of(&all, &jiff::tz::TimeZone::UTC);
        let by_name = View::of(&index, ListStatus::Approved, "an", SortOrder::Name);
        assert_eq!(by_name.totals, [6, 4, 2]);
        let names: Vec<String> = by_name
            .rows
            .iter()
            .map(|&index| full_name(&all[index]))
            .collect();
        assert_eq!(names, ["Anna Silva", "Dev Tanaka"]);
        let everyone = View::of(&index, ListStatus::Pending, "", SortOrder::Email);
        let emails: Vec<&str> = everyone
            .rows
            .iter()
            .map(|&index| all[index].email.as_str())
            .collect();
        let mut sorted = emails.clone();
        sorted.sort_unstable();
        assert_eq!(emails.len(), 6);
        assert_eq!(emails, sorted);
    }

    /// The search reads every column (organisation, job title, status, country, registered
    /// time, not only name and email) and counts its matches on every tab.
    #[test]
    fn the_search_matches_every_column_and_counts_matches_per_tab() {
        let mut all = registrants(3, 3, 3);
        all[1].fields.org = Some("Contoso Ltd".to_owned());
        all[7].fields.org = Some("contoso GmbH".to_owned());
        all[4].fields.job_title = Some("Chief Listener".to_owned());
        let index = SearchIndex::of(&all, &jiff::tz::TimeZone::UTC);
        let contoso = View::of(&index, ListStatus::Approved, "contoso", SortOrder::Name);
        assert_eq!(contoso.counts, [1, 0, 1], "one pending, one denied");
        assert!(contoso.rows.is_empty());
        let listener = View::of(&index, ListStatus::Approved, "listener", SortOrder::Name);
        assert_eq!(listener.rows, [4]);
        let denied = View::of(&index, ListStatus::Pending, "denied", SortOrder::Name);
        assert_eq!(denied.counts, [0, 0, 3]);
        let november = View::of(&index, ListStatus::Pending, "2026-11-02", SortOrder::Name);
        assert_eq!(november.counts.iter().sum::<usize>(), 1);
    }

    /// Typing on narrows the last matches instead of scanning the list again, with the same
    /// result as a fresh search; a search that is not a continuation starts over.
    #[test]
    fn typing_on_narrows_the_last_matches_to_the_same_rows_as_a_fresh_search() {
        let all = registrants(40, 60, 10);
        let index = SearchIndex::of(&all, &jiff::tz::TimeZone::UTC);
        let mut view = View::of(&index, ListStatus::Approved, "", SortOrder::Email);
        for needle in ["a", "an", "ann", "anna", "nna", "o", "ro"] {
            let narrowed = View::narrowed(
                &index,
                ListStatus::Approved,
                needle,
                SortOrder::Email,
                Some(&view),
            );
            let fresh = View::of(&index, ListStatus::Approved, needle, SortOrder::Email);
            assert_eq!(narrowed.rows, fresh.rows, "{needle}");
            assert_eq!(narrowed.counts, fresh.counts, "{needle}");
            assert_eq!(narrowed.totals, [40, 60, 10]);
            view = narrowed;
        }
    }
}
