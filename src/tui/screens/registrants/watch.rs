//! The registrants screen's live watch (`w`): the list looks again by itself, on the loop's tick,
//! at the interval the rate-limit budget allows ([`crate::zoom::watch_pace`]); and it remembers
//! whom the user has seen, so that people new since the last look are marked and counted until
//! the user acknowledges them (`W`, or leaving the list, which ends the watch).

use std::collections::BTreeSet;
use std::time::Duration;

use crate::zoom::watch_pace::{MIN_WATCH_INTERVAL, PaceBound, WatchPace, watch_floor};
use crate::zoom::{Category, Registrant};

use super::super::Limits;

#[derive(Debug, Default)]
pub(super) struct Watch {
    /// When the last look started; `None`: the next tick looks.
    last_look: Option<jiff::Timestamp>,
    /// The interval the last tick worked out, with its reason in words.
    pub(super) pace: Option<(WatchPace, String)>,
    /// Everyone the user has seen: on the list when the watch started or when they last marked
    /// everyone seen, opened, or registered in this app.
    seen: BTreeSet<String>,
    /// Whether `seen` holds the list the watch started on (it may start before the list is in).
    primed: bool,
    /// On the list now and not seen.
    pub(super) new: BTreeSet<String>,
}

impl Watch {
    /// A watch of `current` (when the list is in); whoever is on it counts as seen.
    pub(super) fn start(current: Option<&[Registrant]>) -> Watch {
        let mut watch = Watch::default();
        if let Some(list) = current {
            watch.on_list(list);
        }
        watch
    }

    /// The interval for looks of `calls` Medium calls each, from the client's limits at `now`.
    pub(super) fn pace(&mut self, calls: u32, limits: &Limits, now: jiff::Timestamp) -> Duration {
        let (pace, reason) = match limits.get(&Category::Medium) {
            Some(medium) => {
                let pace = watch_floor(calls, medium, now);
                (pace, pace.short_reason(medium))
            }
            None => (
                WatchPace {
                    interval: MIN_WATCH_INTERVAL,
                    bound: PaceBound::Minimum,
                    calls_per_look: calls,
                },
                "least interval".to_owned(),
            ),
        };
        self.pace = Some((pace, reason));
        pace.interval
    }

    /// Whether a look is due at `now`; if so, it counts as started.
    pub(super) fn look_due(&mut self, now: jiff::Timestamp, interval: Duration) -> bool {
        let due = self.last_look.is_none_or(|last| {
            jiff::SignedDuration::try_from(interval)
                .ok()
                .and_then(|interval| last.checked_add(interval).ok())
                .is_none_or(|next| now >= next)
        });
        if due {
            self.last_look = Some(now);
        }
        due
    }

    /// A list arrived: who on it is new (the first list the watch sees is all seen).
    pub(super) fn on_list(&mut self, list: &[Registrant]) {
        if !self.primed {
            self.seen
                .extend(list.iter().map(|registrant| registrant.id.clone()));
            self.primed = true;
        }
        self.new = list
            .iter()
            .filter(|registrant| !self.seen.contains(&registrant.id))
            .map(|registrant| registrant.id.clone())
            .collect();
    }

    /// `W`: everyone new is seen now.
    pub(super) fn mark_seen(&mut self) {
        self.seen.append(&mut self.new);
    }

    /// The user saw this person (opened them, or registered them here).
    pub(super) fn saw(&mut self, id: &str) {
        self.new.remove(id);
        self.seen.insert(id.to_owned());
    }

    pub(super) fn is_new(&self, id: &str) -> bool {
        self.new.contains(id)
    }
}
