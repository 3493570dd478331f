//! Sending a plan: two pools of workers, one per rate-limit category (batch registrations are
//! Heavy, single adds Light), each sized to keep its category at the plan's ceiling through the
//! client's governor. Every unit is journaled before it is sent and after it is answered. The
//! runner is UI-free: it reports progress as [`ImportEvent`]s on a channel and stops on a
//! [`CancellationToken`] (units in flight get a grace period, then their outcome is left to
//! `--resume` to settle). A [`PauseSwitch`] holds sending between calls: while it is on, no worker
//! takes a new unit, and the calls already under way finish (the switch counts them).

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use serde::Serialize;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::journal::{CallKind, JournalError, JournalWriter, Record};
use super::outcome::{OutcomeCounts, RowOutcome};
use super::plan::{ImportPlan, Rates, Unit};
use crate::registrant_fields::person::Person;
use crate::zoom::{
    AddOptions, ApiErrorKind, BatchOptions, BatchRegistrant, EventDetail, EventRef, RateLimitKind,
    ZoomClient, ZoomError,
};

/// How long units already sent may take to answer after a cancel before they are abandoned
/// (their rows stay "sent, outcome unknown" in the journal for `--resume` to settle).
pub const CANCEL_GRACE: Duration = Duration::from_secs(5);

/// Pauses and resumes a run between calls (the TUI holds sending while it asks whether to stop).
/// Clones share one switch. Pausing never interrupts a call: a unit taken before the pause is
/// journaled, sent and answered as usual, and [`PauseSwitch::calls_under_way`] says how many are
/// left, so that a screen can tell when nothing more will reach Zoom.
#[derive(Debug, Clone)]
pub struct PauseSwitch {
    inner: Arc<PauseInner>,
}

#[derive(Debug)]
struct PauseInner {
    paused: tokio::sync::watch::Sender<bool>,
    /// Units taken from the queue and not yet answered (or abandoned).
    under_way: AtomicUsize,
}

impl Default for PauseSwitch {
    fn default() -> Self {
        PauseSwitch {
            inner: Arc::new(PauseInner {
                paused: tokio::sync::watch::Sender::new(false),
                under_way: AtomicUsize::new(0),
            }),
        }
    }
}

impl PauseSwitch {
    /// No worker takes a new unit until [`PauseSwitch::resume`].
    pub fn pause(&self) {
        self.inner.paused.send_replace(true);
    }

    pub fn resume(&self) {
        self.inner.paused.send_replace(false);
    }

    pub fn is_paused(&self) -> bool {
        *self.inner.paused.borrow()
    }

    /// Calls taken before a pause that have not been answered yet.
    pub fn calls_under_way(&self) -> usize {
        self.inner.under_way.load(Ordering::SeqCst)
    }

    /// Returns once the switch is off, or at once when `cancel` fires.
    async fn wait_until_running(&self, cancel: &CancellationToken) {
        let mut receiver = self.inner.paused.subscribe();
        tokio::select! {
            _ = receiver.wait_for(|paused| !*paused) => {}
            () = cancel.cancelled() => {}
        }
    }

    /// Counts a unit as under way until the returned guard drops.
    fn start_call(&self) -> CallUnderWay<'_> {
        self.inner.under_way.fetch_add(1, Ordering::SeqCst);
        CallUnderWay { switch: self }
    }
}

struct CallUnderWay<'a> {
    switch: &'a PauseSwitch,
}

impl Drop for CallUnderWay<'_> {
    fn drop(&mut self) {
        self.switch.inner.under_way.fetch_sub(1, Ordering::SeqCst);
    }
}

/// What the runner tells its observer (the CLI's progress bar, the TUI's gauge).
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ImportEvent {
    Started {
        rows_to_send: usize,
        calls: usize,
    },
    /// A row's final outcome in this run.
    Row {
        row: usize,
        outcome: RowOutcome,
    },
    Progress(Progress),
    /// A problem every further call would share: nothing more is sent.
    Stopped {
        reason: String,
    },
    Finished {
        counts: OutcomeCounts,
        cancelled: bool,
    },
}

/// Counts, rate and ETA of the sending phase.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Progress {
    pub rows_done: usize,
    pub rows_total: usize,
    pub calls_done: usize,
    pub calls_total: usize,
    pub registered: usize,
    pub failed: usize,
    pub elapsed: Duration,
    pub rows_per_second: f64,
    pub eta: Option<Duration>,
}

/// What a run needs besides the plan.
#[derive(Clone)]
pub struct RunContext {
    pub client: ZoomClient,
    pub event: EventRef,
    /// The plan's limits, to size the worker pools.
    pub rates: Rates,
    /// The first free unit number of the journal.
    pub first_unit: u32,
    /// Sent with every batch call (see [`batch_options`]).
    pub batch_options: BatchOptions,
}

/// What batch calls send besides the people, so that batch-registered people are treated like
/// single adds: approval is left to the event's own setting (`auto_approve` is not sent, as for
/// single adds), and a meeting's `registrants_confirmation_email` setting is passed on, because
/// the batch endpoint takes it per call (zoom-api.md §3.11) while single adds follow the meeting.
pub fn batch_options(event: &EventDetail) -> BatchOptions {
    BatchOptions {
        auto_approve: None,
        registrants_confirmation_email: event.settings.registrants_confirmation_email,
    }
}

/// The outcome of every row the run sent (settled rows are not repeated here).
#[derive(Debug, Clone, Default)]
pub struct RunResult {
    pub outcomes: BTreeMap<usize, RowOutcome>,
    pub cancelled: bool,
    /// Set when a problem every call would share stopped the run.
    pub stopped: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// Without the journal, a crash could lose or double registrants: stop at once.
    #[error(transparent)]
    Journal(#[from] JournalError),
}

/// Workers per category: a second's worth of calls and a few more, so that one is always
/// waiting at the client's governor while the others journal (two fsyncs per call, slow on a
/// busy disk) and wait out the network; the governor, not the pool, sets the pace. An unlimited
/// account gets a fixed pool, so as not to flood the server.
fn workers_for(per_second: Option<u32>) -> usize {
    match per_second {
        Some(limit) => (limit as usize + 4).clamp(2, 64),
        None => 8,
    }
}

struct Shared {
    context: RunContext,
    plan_people: BTreeMap<usize, Person>,
    journal: Arc<JournalWriter>,
    events: mpsc::UnboundedSender<ImportEvent>,
    cancel: CancellationToken,
    pause: PauseSwitch,
    /// Fires when units in flight must be abandoned (after the grace period, or on a journal
    /// failure).
    abandon: CancellationToken,
    next_unit: AtomicU32,
    state: Mutex<RunState>,
    started: Instant,
    rows_total: usize,
    calls_total: usize,
}

#[derive(Default)]
struct RunState {
    outcomes: BTreeMap<usize, RowOutcome>,
    calls_done: usize,
    stopped: Option<String>,
    journal_error: Option<JournalError>,
}

/// Sends the plan's units and returns every sent row's outcome.
pub async fn run(
    context: RunContext,
    plan: &ImportPlan,
    journal: Arc<JournalWriter>,
    events: mpsc::UnboundedSender<ImportEvent>,
    cancel: CancellationToken,
) -> Result<RunResult, RunError> {
    run_pausable(
        context,
        plan,
        journal,
        events,
        cancel,
        PauseSwitch::default(),
    )
    .await
}

/// [`run`], holding sending between calls while `pause` is on.
pub async fn run_pausable(
    context: RunContext,
    plan: &ImportPlan,
    journal: Arc<JournalWriter>,
    events: mpsc::UnboundedSender<ImportEvent>,
    cancel: CancellationToken,
    pause: PauseSwitch,
) -> Result<RunResult, RunError> {
    let (batches, singles): (VecDeque<Unit>, VecDeque<Unit>) = plan
        .units
        .iter()
        .cloned()
        .partition(|unit| unit.call == CallKind::Batch);
    let shared = Arc::new(Shared {
        plan_people: plan.people.clone(),
        journal,
        events,
        cancel: cancel.clone(),
        pause,
        abandon: CancellationToken::new(),
        next_unit: AtomicU32::new(context.first_unit),
        state: Mutex::new(RunState::default()),
        started: Instant::now(),
        rows_total: plan.summary.to_send,
        calls_total: plan.units.len(),
        context,
    });
    emit(
        &shared,
        ImportEvent::Started {
            rows_to_send: shared.rows_total,
            calls: shared.calls_total,
        },
    );
    let grace = {
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            shared.cancel.cancelled().await;
            tokio::select! {
                () = tokio::time::sleep(CANCEL_GRACE) => shared.abandon.cancel(),
                () = shared.abandon.cancelled() => {}
            }
        })
    };
    let mut workers = tokio::task::JoinSet::new();
    for (queue, per_second) in [
        (batches, shared.context.rates.heavy_per_second),
        (singles, shared.context.rates.light_per_second),
    ] {
        if queue.is_empty() {
            continue;
        }
        let queue = Arc::new(Mutex::new(queue));
        for _ in 0..workers_for(per_second) {
            let shared = Arc::clone(&shared);
            let queue = Arc::clone(&queue);
            workers.spawn(async move { work(&shared, &queue).await });
        }
    }
    while workers.join_next().await.is_some() {}
    // Every worker is done: end the grace watcher.
    shared.abandon.cancel();
    grace.abort();

    let mut state = lock(&shared.state);
    if let Some(error) = state.journal_error.take() {
        return Err(RunError::Journal(error));
    }
    // Rows never reached: cancelled, or stopped by a problem every call would share.
    let reason = match (&state.stopped, shared.cancel.is_cancelled()) {
        (Some(stopped), _) => stopped.clone(),
        (None, true) => "the import was cancelled".to_owned(),
        (None, false) => "the import ended early".to_owned(),
    };
    let unsent: Vec<usize> = plan
        .people
        .keys()
        .filter(|row| !state.outcomes.contains_key(row))
        .copied()
        .collect();
    for row in unsent {
        let outcome = RowOutcome::NotSent {
            reason: reason.clone(),
        };
        emit(
            &shared,
            ImportEvent::Row {
                row,
                outcome: outcome.clone(),
            },
        );
        state.outcomes.insert(row, outcome);
    }
    let counts: OutcomeCounts = state.outcomes.values().collect();
    let cancelled = shared.cancel.is_cancelled() && state.stopped.is_none();
    emit(&shared, ImportEvent::Finished { counts, cancelled });
    Ok(RunResult {
        outcomes: std::mem::take(&mut state.outcomes),
        cancelled,
        stopped: state.stopped.clone(),
    })
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A worker that panicked cannot leave the state half-updated (every update is one insert),
    // so a poisoned lock is still good.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn emit(shared: &Shared, event: ImportEvent) {
    // The observer may be gone (a closed wizard); the import goes on and the journal records it.
    let _observer_gone = shared.events.send(event);
}

async fn work(shared: &Shared, queue: &Mutex<VecDeque<Unit>>) {
    loop {
        shared.pause.wait_until_running(&shared.cancel).await;
        if shared.cancel.is_cancelled() || lock(&shared.state).stopped.is_some() {
            return;
        }
        // Counted before the unit leaves the queue, so that a pause never sees a unit that is
        // neither queued nor counted.
        let _under_way = shared.pause.start_call();
        if shared.pause.is_paused() {
            continue;
        }
        let Some(unit) = lock(queue).pop_front() else {
            return;
        };
        let id = shared.next_unit.fetch_add(1, Ordering::Relaxed);
        if let Err(error) = send_unit(shared, id, &unit).await {
            let mut state = lock(&shared.state);
            state.journal_error.get_or_insert(error);
            state.stopped = Some("the journal could not be written".to_owned());
            shared.abandon.cancel();
            return;
        }
    }
}

/// Journals, sends and journals one unit; only a journal failure is an error.
async fn send_unit(shared: &Shared, id: u32, unit: &Unit) -> Result<(), JournalError> {
    let people: Vec<(usize, &Person)> = unit
        .rows
        .iter()
        .filter_map(|row| shared.plan_people.get(row).map(|person| (*row, person)))
        .collect();
    shared
        .journal
        .write(Record::Sending {
            unit: id,
            at: Timestamp::now(),
            call: unit.call,
            rows: people.iter().map(|(row, _)| *row).collect(),
            emails: people.iter().map(|(_, p)| p.email.clone()).collect(),
        })
        .await?;
    let sent = async {
        match unit.call {
            CallKind::Batch => send_batch(&shared.context, &people).await,
            CallKind::Single => send_single(&shared.context, &people).await,
        }
    };
    let results = tokio::select! {
        results = sent => results,
        () = shared.abandon.cancelled() => {
            // Abandoned in flight: the journal keeps the unit as sent without an answer.
            let mut state = lock(&shared.state);
            for (row, _) in &people {
                let outcome = RowOutcome::Unknown {
                    error: "the import stopped while this row was being sent".to_owned(),
                };
                state.outcomes.insert(*row, outcome);
            }
            return Ok(());
        }
    };
    let (results, stop) = results;
    shared
        .journal
        .write(Record::Sent {
            unit: id,
            at: Timestamp::now(),
            results: results.clone(),
        })
        .await?;
    let (progress, newly_stopped) = {
        let mut state = lock(&shared.state);
        let newly_stopped = match stop {
            Some(reason) if state.stopped.is_none() => {
                state.stopped = Some(reason.clone());
                Some(reason)
            }
            _ => None,
        };
        state.calls_done += 1;
        for (row, outcome) in &results {
            state.outcomes.insert(*row, outcome.clone());
        }
        (progress(shared, &state), newly_stopped)
    };
    for (row, outcome) in results {
        emit(shared, ImportEvent::Row { row, outcome });
    }
    if let Some(reason) = newly_stopped {
        emit(shared, ImportEvent::Stopped { reason });
    }
    emit(shared, ImportEvent::Progress(progress));
    Ok(())
}

fn progress(shared: &Shared, state: &RunState) -> Progress {
    let rows_done = state.outcomes.len();
    let elapsed = shared.started.elapsed();
    let rows_per_second = if elapsed.as_secs_f64() > 0.0 {
        rows_done as f64 / elapsed.as_secs_f64()
    } else {
        0.0
    };
    let remaining = shared.rows_total.saturating_sub(rows_done);
    let eta = (rows_per_second > 0.0)
        .then(|| Duration::from_secs_f64(remaining as f64 / rows_per_second));
    Progress {
        rows_done,
        rows_total: shared.rows_total,
        calls_done: state.calls_done,
        calls_total: shared.calls_total,
        registered: state
            .outcomes
            .values()
            .filter(|o| o.is_registered())
            .count(),
        failed: state
            .outcomes
            .values()
            .filter(|o| o.needs_attention())
            .count(),
        elapsed,
        rows_per_second,
        eta,
    }
}

type UnitResults = (Vec<(usize, RowOutcome)>, Option<String>);

/// A row and the person it holds.
type RowPerson<'a> = (usize, &'a Person);

async fn send_batch(context: &RunContext, people: &[(usize, &Person)]) -> UnitResults {
    let registrants: Vec<BatchRegistrant> = people
        .iter()
        .map(|(_, person)| BatchRegistrant {
            email: person.email.clone(),
            first_name: person.first_name.clone(),
            last_name: person.last_name.clone(),
        })
        .collect();
    let outcome = match context
        .client
        .batch_register_with(context.event, &registrants, context.batch_options)
        .await
    {
        Ok(outcome) => outcome,
        Err(error) => return all_failed(people, &error),
    };
    // Zoom refuses a whole batch when one person in it has had 3 registration requests today
    // (through another tool: regdesk's own were counted when planning). The others must not fail
    // with them: each person of such a batch is sent again as a single add, where only that
    // person is refused.
    let refused_by_person_limit: Vec<String> = outcome
        .failed
        .iter()
        .filter(|failure| {
            failure.items.len() > 1
                && matches!(
                    &failure.error,
                    ZoomError::RateLimited(limit) if limit.kind == RateLimitKind::RegistrantAdds
                )
        })
        .flat_map(|failure| failure.items.iter().map(|item| item.email.to_lowercase()))
        .collect();
    let (one_by_one, answered): (Vec<RowPerson<'_>>, Vec<RowPerson<'_>>) = people
        .iter()
        .copied()
        .partition(|(_, person)| refused_by_person_limit.contains(&person.email_key()));
    let (mut results, mut stop) = if one_by_one.is_empty() {
        (Vec::with_capacity(answered.len()), None)
    } else {
        send_single(context, &one_by_one).await
    };
    for (row, person) in &answered {
        let key = person.email_key();
        if let Some(done) = outcome
            .done
            .iter()
            .find(|done| done.email.to_lowercase() == key)
        {
            results.push((
                *row,
                RowOutcome::Registered {
                    registrant_id: done.registrant_id.clone(),
                    join_url: done.join_url.clone(),
                    reconciled: done.resolution == crate::zoom::AddResolution::Reconciled,
                },
            ));
        } else if let Some(failure) = outcome.failed.iter().find(|failure| {
            failure
                .items
                .iter()
                .any(|item| item.email.to_lowercase() == key)
        }) {
            let (row_outcome, stops) = classify(&failure.error);
            if stops {
                stop.get_or_insert_with(|| describe(&failure.error));
            }
            results.push((*row, row_outcome));
        } else {
            // Neither registered nor failed: the client lost track; only a listing can tell.
            results.push((
                *row,
                RowOutcome::Unknown {
                    error: "Zoom's answer did not account for this person".to_owned(),
                },
            ));
        }
    }
    (results, stop)
}

async fn send_single(context: &RunContext, people: &[(usize, &Person)]) -> UnitResults {
    let mut results = Vec::with_capacity(people.len());
    let mut stop = None;
    for (row, person) in people {
        let registrant = person.to_new_registrant();
        match context
            .client
            .add_registrant(context.event, &registrant, &AddOptions::default())
            .await
        {
            Ok(added) => results.push((
                *row,
                RowOutcome::Registered {
                    registrant_id: added.registrant_id,
                    join_url: added.join_url,
                    reconciled: added.resolution == crate::zoom::AddResolution::Reconciled,
                },
            )),
            Err(error) => {
                let (outcome, stops) = classify(&error);
                if stops {
                    stop.get_or_insert_with(|| describe(&error));
                }
                results.push((*row, outcome));
            }
        }
    }
    (results, stop)
}

fn all_failed(people: &[(usize, &Person)], error: &ZoomError) -> UnitResults {
    let (outcome, stops) = classify(error);
    let results = people
        .iter()
        .map(|(row, _)| (*row, outcome.clone()))
        .collect();
    (results, stops.then(|| describe(error)))
}

/// A row's outcome for an error, and whether every further call would fail the same way (a
/// token, scope or meeting problem, a daily limit, an unreachable Zoom), which stops the run.
fn classify(error: &ZoomError) -> (RowOutcome, bool) {
    let diagnosis = error.diagnosis();
    let failed = RowOutcome::Failed {
        error: diagnosis.summary.clone(),
        fix: (!diagnosis.fix.is_empty()).then(|| diagnosis.fix.clone()),
    };
    match error {
        ZoomError::OutcomeUnknown { .. } => (
            RowOutcome::Unknown {
                error: error.to_string(),
            },
            false,
        ),
        ZoomError::RateLimited(limit) => (failed, matches!(limit.kind, RateLimitKind::Daily)),
        ZoomError::InvalidRequest { .. } | ZoomError::UnexpectedResponse { .. } => (failed, false),
        ZoomError::Api(api) => {
            let row_level = matches!(
                api.kind,
                ApiErrorKind::ValidationFailed
                    | ApiErrorKind::HostCannotRegister
                    | ApiErrorKind::WorkEmailRequired
                    | ApiErrorKind::Other
            );
            (failed, !row_level)
        }
        ZoomError::TokenRequest(_)
        | ZoomError::SecretLooksLikeToken { .. }
        | ZoomError::Unreachable { .. }
        | ZoomError::WaitTooLong { .. } => (failed, true),
    }
}

fn describe(error: &ZoomError) -> String {
    let diagnosis = error.diagnosis();
    format!("{} {}", diagnosis.summary, diagnosis.fix)
        .trim()
        .to_owned()
}
