//! The registrants screen's view-model: which rows the table shows, in what order, the count of
//! each tab and the column widths, computed from the loaded list, the tab, the filter and the
//! sort (pure: no drawing, no IO).

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

/// What the table shows, derived from the loaded rows, the tab, the filter and the sort. Rebuilt
/// only when one of those changes, never per frame: sorting and filtering thousands of rows on
/// every tick or key press would make the screen lag.
#[derive(Debug, Default)]
pub(super) struct View {
    /// The current tab's rows that pass the filter, in the chosen order (indices into the list).
    pub(super) rows: Vec<usize>,
    /// Rows per tab, in the order of `ListStatus::ALL`.
    pub(super) counts: [usize; ListStatus::ALL.len()],
    /// The name and email columns: as wide as their longest shown value, within limits.
    pub(super) name_width: u16,
    pub(super) email_width: u16,
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

impl View {
    /// The view of `all` on `tab`, filtered by `needle` (lower case; empty keeps every row) and
    /// ordered by `sort`.
    pub(super) fn of(all: &[Registrant], tab: ListStatus, needle: &str, sort: SortOrder) -> View {
        let mut counts = [0; ListStatus::ALL.len()];
        for registrant in all {
            if let Some(index) = ListStatus::ALL
                .iter()
                .position(|tab| status_of(*tab) == registrant.status)
            {
                counts[index] += 1;
            }
        }
        let mut rows: Vec<usize> = all
            .iter()
            .enumerate()
            .filter(|(_, registrant)| registrant.status == status_of(tab))
            .filter(|(_, registrant)| {
                needle.is_empty()
                    || full_name(registrant).to_lowercase().contains(needle)
                    || registrant.email.to_lowercase().contains(needle)
            })
            .map(|(index, _)| index)
            .collect();
        match sort {
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
        View {
            rows,
            counts,
            name_width,
            email_width,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixtures::registrants;

    /// Every tab is counted; the table holds the current tab's rows that match the filter by
    /// name or email, in the chosen order.
    #[test]
    fn the_view_counts_every_tab_and_keeps_the_matching_rows_of_one_in_order() {
        let all = registrants(6, 4, 2);
        let by_name = View::of(&all, ListStatus::Approved, "an", SortOrder::Name);
        assert_eq!(by_name.counts, [6, 4, 2]);
        let names: Vec<String> = by_name
            .rows
            .iter()
            .map(|&index| full_name(&all[index]))
            .collect();
        assert_eq!(names, ["Anna Silva", "Dev Tanaka"]);
        let everyone = View::of(&all, ListStatus::Pending, "", SortOrder::Email);
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
}
