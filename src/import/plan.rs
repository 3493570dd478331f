//! Planning an import against what Zoom already has: who is registered already (any status),
//! what an interrupted run of this import already did (its journal), Zoom's 4,999-registrant
//! capacity and its three registrations per person, meeting and day; then the calls: batches of
//! 30 where the event type and the row's fields allow it, single adds otherwise, split so that
//! both rate-limit categories (Heavy for batches, Light for single adds) work in parallel and the
//! import ends as early as the account's plan allows. Pure: the same inputs give the same plan.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::journal::{CallKind, JournalState};
use super::outcome::{OutcomeCounts, RowOutcome};
use super::validate::{CheckedRow, Verdict};
use crate::registrant_fields::person::Person;

/// Zoom's batch-registration limit per call.
pub const BATCH_SIZE: usize = 30;
/// Zoom's limit of registrants per meeting or webinar.
pub const MAX_REGISTRANTS: usize = 4_999;
/// Zoom's limit of registration requests per person, meeting and UTC day.
pub const DAILY_REQUESTS_PER_PERSON: u32 = 3;

/// Someone Zoom already has, found by listing the registrants (all statuses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Existing {
    pub registrant_id: String,
    pub status: String,
    pub join_url: Option<String>,
}

/// The per-second limits of the categories an import uses (`None` = unlimited).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Rates {
    /// Batch registration.
    pub heavy_per_second: Option<u32>,
    /// Single adds.
    pub light_per_second: Option<u32>,
}

/// Everything a plan depends on. The rows are taken by value: their names move into the plan and
/// everything else of a row is dropped as soon as it is settled (a million rows add up).
#[derive(Debug, Clone)]
pub struct PlanInput<'a, Rows = Vec<CheckedRow>> {
    /// The checked rows in file order (see `validate::checked_rows`).
    pub rows: Rows,
    /// By lower-case email.
    pub existing: &'a HashMap<String, Existing>,
    /// The journal of the run being resumed.
    pub journal: Option<&'a JournalState>,
    /// Registration requests regdesk sent today for this event, by lower-case email.
    pub requests_today: &'a HashMap<String, u32>,
    /// How many registrants the event can hold in all.
    pub capacity: usize,
    /// Batch registration works only for scheduled meetings (type 2) and webinars (type 5).
    pub batch_allowed: bool,
    pub rates: Rates,
}

/// One call to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub call: CallKind,
    pub rows: Vec<usize>,
}

/// Who a row is, for reports and progress, valid or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowIdentity {
    pub row: usize,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
}

/// What an import will do.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    /// Every data row, in file order.
    pub rows: Vec<RowIdentity>,
    /// Rows whose outcome is known without sending anything.
    pub settled: BTreeMap<usize, RowOutcome>,
    /// The people to send, by row.
    pub people: BTreeMap<usize, Person>,
    pub units: Vec<Unit>,
    pub summary: PlanSummary,
}

/// The plan in numbers, for the dry run and the wizard's preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub rows: usize,
    pub to_send: usize,
    pub batch_calls: usize,
    pub single_adds: usize,
    /// Rows sent as single adds only to use the Light category's budget next to the Heavy one.
    pub batchable_sent_singly: usize,
    /// Outcomes known before sending (already registered, duplicates, invalid, blocked, and
    /// rows an earlier run of this import finished).
    pub settled: OutcomeCounts,
    pub rates: Rates,
    /// The least time the plan's per-second limits allow for the calls: the moment the last call
    /// may start when every category sends at its limit from the first instant (the network's
    /// round trips come on top).
    pub minimum_send_time: Duration,
}

impl PlanSummary {
    /// How long the plan's rate limits make the sending take at the least, in words: "at least
    /// 12 s at the plan's limits (Heavy 10/s for batches, Light 30/s for single adds)".
    pub fn pace(&self) -> String {
        let rate = |limit: Option<u32>| limit.map_or("unlimited".to_owned(), |n| format!("{n}/s"));
        let least = match self.minimum_send_time.as_secs() {
            0 => "under a second".to_owned(),
            seconds => format!("at least {seconds} s"),
        };
        format!(
            "{least} at the plan's limits (Heavy {} for batches, Light {} for single adds)",
            rate(self.rates.heavy_per_second),
            rate(self.rates.light_per_second),
        )
    }
}

/// Plans an import.
pub fn plan<Rows: IntoIterator<Item = CheckedRow>>(input: PlanInput<'_, Rows>) -> ImportPlan {
    let mut settled = BTreeMap::new();
    let mut people = BTreeMap::new();
    let mut capacity_left = input.capacity.saturating_sub(input.existing.len());
    let journal_outcome = |row: usize| input.journal.and_then(|j| j.outcomes.get(&row));
    let sent_by_this_import =
        |row: usize| input.journal.is_some_and(|j| j.sent_rows.contains(&row));

    let over_capacity: std::sync::Arc<str> = format!(
        "the event would exceed its capacity of {} registrants ({} registered already); it was not sent",
        input.capacity,
        input.existing.len()
    )
    .into();
    let rows = input.rows.into_iter();
    let mut identities = Vec::with_capacity(rows.size_hint().0);
    for checked in rows {
        let row = checked.row;
        identities.push(RowIdentity {
            row,
            email: checked.email,
            first_name: checked.first_name,
            last_name: checked.last_name,
        });
        let person = match checked.verdict {
            Verdict::Invalid(problems) => {
                settled.insert(row, RowOutcome::Invalid { problems });
                continue;
            }
            Verdict::Duplicate { of_row } => {
                settled.insert(row, RowOutcome::Duplicate { of_row });
                continue;
            }
            Verdict::Valid(person) => person,
        };
        if let Some(done @ RowOutcome::Registered { .. }) = journal_outcome(row) {
            settled.insert(row, done.clone());
            continue;
        }
        if let Some(existing) = input.existing.get(&person.email_key()) {
            let outcome = if sent_by_this_import(row) {
                // This import sent the row but its answer was lost (or failed): Zoom has the
                // person, so this import registered them.
                RowOutcome::Registered {
                    registrant_id: existing.registrant_id.clone(),
                    join_url: existing.join_url.clone(),
                    reconciled: true,
                }
            } else {
                RowOutcome::AlreadyRegistered {
                    registrant_id: existing.registrant_id.clone(),
                    status: existing.status.clone(),
                    join_url: existing.join_url.clone(),
                }
            };
            settled.insert(row, outcome);
            continue;
        }
        let requests = input
            .requests_today
            .get(&person.email_key())
            .copied()
            .unwrap_or(0);
        if requests >= DAILY_REQUESTS_PER_PERSON {
            settled.insert(
                row,
                RowOutcome::Blocked {
                    reason: format!(
                        "Zoom accepts {DAILY_REQUESTS_PER_PERSON} registration requests per person, event and day, and regdesk sent {requests} for this email today; it can be sent again after 00:00 UTC"
                    )
                    .into(),
                },
            );
            continue;
        }
        if capacity_left == 0 {
            settled.insert(
                row,
                RowOutcome::Blocked {
                    reason: std::sync::Arc::clone(&over_capacity),
                },
            );
            continue;
        }
        capacity_left -= 1;
        people.insert(row, person);
    }

    let batchable: Vec<usize> = people
        .iter()
        .filter(|(_, person)| input.batch_allowed && person.batchable())
        .map(|(row, _)| *row)
        .collect();
    let single_only: Vec<usize> = people
        .keys()
        .filter(|row| !batchable.contains(row))
        .copied()
        .collect();
    let moved = best_split(batchable.len(), single_only.len(), input.rates);
    let (batched, moved_rows) = batchable.split_at(batchable.len() - moved);
    let mut units: Vec<Unit> = batched
        .chunks(BATCH_SIZE)
        .map(|chunk| Unit {
            call: CallKind::Batch,
            rows: chunk.to_vec(),
        })
        .collect();
    let mut singles: Vec<usize> = single_only.iter().chain(moved_rows).copied().collect();
    singles.sort_unstable();
    units.extend(singles.iter().map(|row| Unit {
        call: CallKind::Single,
        rows: vec![*row],
    }));

    let batch_calls = batched.len().div_ceil(BATCH_SIZE);
    let summary = PlanSummary {
        rows: identities.len(),
        to_send: people.len(),
        batch_calls,
        single_adds: singles.len(),
        batchable_sent_singly: moved,
        settled: settled.values().collect(),
        rates: input.rates,
        minimum_send_time: minimum_send_time(batch_calls, singles.len(), input.rates),
    };
    ImportPlan {
        rows: identities,
        settled,
        people,
        units,
        summary,
    }
}

/// The least time `calls` need at `per_second` under a sliding one-second window: the limit's
/// worth at once, then the next worth one second later, and so on; the answer is when the last
/// group may start.
fn category_time(calls: usize, per_second: Option<u32>) -> Duration {
    match per_second {
        Some(limit) if calls > 0 && limit > 0 => {
            let windows = calls.div_ceil(limit as usize) - 1;
            Duration::from_secs(windows as u64)
        }
        _ => Duration::ZERO,
    }
}

/// The least time the plan's limits allow for these calls; the categories run in parallel.
pub fn minimum_send_time(batch_calls: usize, single_adds: usize, rates: Rates) -> Duration {
    category_time(batch_calls, rates.heavy_per_second)
        .max(category_time(single_adds, rates.light_per_second))
}

/// How many batchable rows to send as single adds so that the Light category's budget works
/// next to the Heavy one: the fewest moved rows among the splits with the smallest minimum time.
/// The client's pacer sends a window's worth at once (`zoom::ratelimit`), so every split with
/// the same number of windows ends at the same time, and the fewest calls win. Unlimited
/// categories get nothing moved: batches are cheaper.
fn best_split(batchable: usize, single_only: usize, rates: Rates) -> usize {
    if rates.heavy_per_second.is_none() || rates.light_per_second.is_none() {
        return 0;
    }
    let cost = |moved: usize| {
        let batches = (batchable - moved).div_ceil(BATCH_SIZE);
        minimum_send_time(batches, single_only + moved, rates)
    };
    (0..=batchable)
        .min_by(|a, b| cost(*a).cmp(&cost(*b)).then(a.cmp(b)))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::import::mapping::Mapping;
    use crate::import::outcome::Problem;

    fn valid(row: usize, email: &str, batchable: bool) -> CheckedRow {
        let mut fields = BTreeMap::new();
        if !batchable {
            fields.insert(
                crate::registrant_fields::catalogue::StandardField::City,
                "Oslo".to_owned(),
            );
        }
        CheckedRow {
            row,
            email: email.to_owned(),
            first_name: "F".to_owned(),
            last_name: String::new(),
            verdict: Verdict::Valid(Person {
                email: email.to_owned(),
                first_name: "F".to_owned(),
                last_name: None,
                fields: fields.into_iter().collect(),
                answers: Vec::new(),
            }),
        }
    }

    fn rows(count: usize, batchable: bool) -> Vec<CheckedRow> {
        (0..count)
            .map(|i| valid(i + 2, &format!("p{i}@x.org"), batchable))
            .collect()
    }

    const PRO: Rates = Rates {
        heavy_per_second: Some(10),
        light_per_second: Some(30),
    };

    fn input<'a>(
        rows: &'a [CheckedRow],
        existing: &'a HashMap<String, Existing>,
        today: &'a HashMap<String, u32>,
    ) -> PlanInput<'a> {
        PlanInput {
            rows: rows.to_vec(),
            existing,
            journal: None,
            requests_today: today,
            capacity: MAX_REGISTRANTS,
            batch_allowed: true,
            rates: PRO,
        }
    }

    #[test]
    fn batches_and_singles_share_the_load_at_the_plans_rates() {
        let rows = rows(4000, true);
        let (existing, today) = (HashMap::new(), HashMap::new());
        let plan = plan(input(&rows, &existing, &today));
        let s = plan.summary;
        assert_eq!(s.to_send, 4000);
        assert!(s.batchable_sent_singly > 0);
        assert!(s.batch_calls * BATCH_SIZE >= 4000 - s.single_adds);
        // Batches only would need 134 calls = 13 s; sharing with Light does better.
        assert!(s.minimum_send_time < Duration::from_secs(13), "{s:?}");
        // 13 windows take 130 batches (3,900 people); the other 100 go as single adds, the
        // fewest calls of the 12-second splits.
        assert_eq!(s.minimum_send_time, Duration::from_secs(12), "{s:?}");
        assert_eq!((s.batch_calls, s.single_adds), (130, 100), "{s:?}");
        let sent: usize = plan.units.iter().map(|u| u.rows.len()).sum();
        assert_eq!(sent, 4000);
        assert!(plan.units.iter().all(|u| u.rows.len() <= BATCH_SIZE));
    }

    #[test]
    fn unlimited_or_no_batching_use_one_kind_of_call() {
        let rows = rows(100, true);
        let (existing, today) = (HashMap::new(), HashMap::new());
        let mut unlimited = input(&rows, &existing, &today);
        unlimited.rates = Rates::default();
        let plan_unlimited = plan(unlimited);
        assert_eq!(plan_unlimited.summary.batch_calls, 4);
        assert_eq!(plan_unlimited.summary.single_adds, 0);
        let mut recurring = input(&rows, &existing, &today);
        recurring.batch_allowed = false;
        assert_eq!(plan(recurring).summary.single_adds, 100);
        let fields = self::rows(10, false);
        assert_eq!(
            plan(input(&fields, &existing, &today)).summary.batch_calls,
            0
        );
    }

    #[test]
    fn existing_people_limits_and_capacity_are_settled_before_sending() {
        let mut rows = rows(5, true);
        rows.push(CheckedRow {
            row: 7,
            email: "bad".to_owned(),
            first_name: String::new(),
            last_name: String::new(),
            verdict: Verdict::Invalid(vec![Problem {
                field: "email".to_owned(),
                column: None,
                message: "x".to_owned(),
            }]),
        });
        let existing = HashMap::from([(
            "p0@x.org".to_owned(),
            Existing {
                registrant_id: "r0".to_owned(),
                status: "pending".to_owned(),
                join_url: None,
            },
        )]);
        let today = HashMap::from([("p1@x.org".to_owned(), 3)]);
        let mut plan_input = input(&rows, &existing, &today);
        plan_input.capacity = 3; // one existing + two more
        let plan = plan(plan_input);
        assert!(matches!(
            plan.settled[&2],
            RowOutcome::AlreadyRegistered { .. }
        ));
        assert!(
            matches!(&plan.settled[&3], RowOutcome::Blocked { reason } if reason.contains("3 registration requests"))
        );
        assert_eq!(plan.people.keys().copied().collect::<Vec<_>>(), vec![4, 5]);
        assert!(
            matches!(&plan.settled[&6], RowOutcome::Blocked { reason } if reason.contains("capacity"))
        );
        assert!(matches!(plan.settled[&7], RowOutcome::Invalid { .. }));
        assert_eq!(plan.summary.settled.total(), 4);
    }

    #[test]
    fn a_resume_keeps_journal_results_and_reconciles_lost_answers_by_listing() {
        let rows = rows(4, true);
        let registered = RowOutcome::Registered {
            registrant_id: "r2".to_owned(),
            join_url: None,
            reconciled: false,
        };
        let journal = JournalState {
            path: "j".into(),
            begin: crate::import::journal::Begin {
                version: 1,
                at: jiff::Timestamp::now(),
                event: "meeting-1".to_owned(),
                zoom: String::new(),
                file: "f.csv".into(),
                file_sha256: String::new(),
                rows: 4,
                mapping: Mapping {
                    columns: Vec::new(),
                },
            },
            outcomes: BTreeMap::from([(2, registered.clone())]),
            sent_rows: BTreeSet::from([2, 3, 4]),
            unknown_units: BTreeMap::from([(2, vec![3, 4])]),
            next_unit: 3,
            finished: false,
            abandoned: false,
            torn_tail: false,
            requests_by_day: BTreeMap::new(),
        };
        // Row 3's lost answer did register it; row 4's did not.
        let existing = HashMap::from([
            (
                "p0@x.org".to_owned(),
                Existing {
                    registrant_id: "r2".to_owned(),
                    status: "approved".to_owned(),
                    join_url: None,
                },
            ),
            (
                "p1@x.org".to_owned(),
                Existing {
                    registrant_id: "r3".to_owned(),
                    status: "approved".to_owned(),
                    join_url: Some("https://j/3".to_owned()),
                },
            ),
        ]);
        let today = HashMap::new();
        let mut plan_input = input(&rows, &existing, &today);
        plan_input.journal = Some(&journal);
        let plan = plan(plan_input);
        assert_eq!(plan.settled[&2], registered);
        assert_eq!(
            plan.settled[&3],
            RowOutcome::Registered {
                registrant_id: "r3".to_owned(),
                join_url: Some("https://j/3".to_owned()),
                reconciled: true
            }
        );
        assert_eq!(plan.people.keys().copied().collect::<Vec<_>>(), vec![4, 5]);
    }

    #[test]
    fn minimum_time_follows_the_sliding_window() {
        assert_eq!(minimum_send_time(0, 0, PRO), Duration::ZERO);
        assert_eq!(minimum_send_time(10, 30, PRO), Duration::ZERO);
        assert_eq!(minimum_send_time(11, 0, PRO), Duration::from_secs(1));
        assert_eq!(minimum_send_time(134, 0, PRO), Duration::from_secs(13));
        assert_eq!(minimum_send_time(0, 91, PRO), Duration::from_secs(3));
    }
}
