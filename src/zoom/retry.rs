//! The retry rules of the request pipeline as a pure state machine: the pipeline reports what
//! became of each try ([`Outcome`]), the machine answers what to do next ([`Decision`]). It owns
//! the counters (tries, failures, whether the token was renewed, whether an earlier try may have
//! been applied, since when per-second limits have held the request) and reads no clock and does
//! no IO, so every rule is tested here as a table of sequences.
//!
//! The rules:
//! - 2xx: done.
//! - A refused connection never carried the request: back off and send again.
//! - A lost answer (dropped, timed out, cut off) may hide a request Zoom applied: a POST is never
//!   re-sent blindly (the caller reconciles by listing); a DELETE is retried and a later "not
//!   found" means the lost try worked; anything else is retried.
//! - 5xx: like a lost answer, honouring `Retry-After` instead of the backoff.
//! - A per-second 429 pauses the whole category for `Retry-After` (one second without it) and
//!   sends again, while the request has been throttled for less than `rate_limit_patience`.
//!   Daily and per-registrant 429s are final.
//! - 124 (token rejected): one new token and one more try.
//! - Failures count against `max_attempts` (the first try included).
//! - A server-requested wait longer than `max_server_wait` is not waited for: the request gives up
//!   with what Zoom asked for.

use std::time::Duration;

use super::RetryPolicy;
use super::error::RateLimitKind;

/// Whether sending a request again is safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Repeat {
    /// GET, PUT, PATCH, and the token request: a second copy changes nothing.
    Safe,
    /// POST: a copy that may have arrived is never re-sent; the caller reconciles instead.
    Reconciled,
    /// DELETE: re-sent, and "not found" after a try that may have arrived means it worked.
    Delete,
}

/// What became of one try.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    /// A 2xx answer.
    Succeeded,
    /// No answer, and the request never left (connection refused).
    NotSent,
    /// No complete answer, and the request may have arrived (dropped, timed out, cut off).
    Lost,
    /// Zoom rejected the bearer token (code 124).
    TokenRejected,
    /// A 429 of this kind; `retry_after` is Zoom's `Retry-After` as a wait.
    RateLimited {
        kind: RateLimitKind,
        retry_after: Option<Duration>,
    },
    /// A 5xx (or a 429 of the token endpoint, which has no categories): try again later.
    ServerTrouble {
        status: u16,
        retry_after: Option<Duration>,
    },
    /// Any other error answer; `not_found` when it says the thing does not exist.
    Refused { not_found: bool },
    /// An answer regdesk cannot read (too large, not what the endpoint promises).
    Unreadable,
}

/// Why the pipeline waits before the next try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WaitReason {
    /// regdesk's own exponential backoff.
    Backoff,
    /// Zoom's `Retry-After`.
    ServerAsked,
}

/// What to do after a try.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Decision {
    /// Hand the answer over.
    Accept,
    /// Send again after `wait`.
    Resend { wait: Duration, reason: WaitReason },
    /// Pause the request's whole category for `wait` (a per-second limit), then send again.
    PauseCategory { wait: Duration, reason: WaitReason },
    /// Drop the rejected token and send again with a new one.
    RenewToken,
    /// A POST's outcome is unknown: check by listing before anything is re-sent.
    Reconcile,
    /// A DELETE found nothing after a try that may have worked: it did.
    AlreadyGone,
    /// Stop with an error.
    GiveUp(GiveUp),
}

/// Why a request stops with an error.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum GiveUp {
    /// The answer itself is the error (not retried).
    Final,
    /// The tries are used up; the last failure is the error.
    AttemptsExhausted,
    /// Per-second limits held the request longer than the patience allows.
    PatienceExhausted,
    /// Zoom asked for a wait longer than regdesk waits.
    WaitTooLong { asked: Duration, ceiling: Duration },
}

/// The retry state of one request.
#[derive(Debug, Clone)]
pub(crate) struct RetryMachine {
    policy: RetryPolicy,
    repeat: Repeat,
    /// A number in [0, 1] for the backoff's jitter.
    jitter: fn() -> f64,
    tries: u32,
    failures: u32,
    token_renewed: bool,
    maybe_applied: bool,
    /// When per-second limits started holding the request (time since it started).
    throttled_since: Option<Duration>,
}

fn random_jitter() -> f64 {
    rand::random::<f64>()
}

impl RetryMachine {
    pub fn new(policy: RetryPolicy, repeat: Repeat) -> Self {
        RetryMachine {
            policy,
            repeat,
            jitter: random_jitter,
            tries: 0,
            failures: 0,
            token_renewed: false,
            maybe_applied: false,
            throttled_since: None,
        }
    }

    /// The same machine with a fixed jitter source (tests).
    #[cfg(test)]
    pub fn with_jitter(mut self, jitter: fn() -> f64) -> Self {
        self.jitter = jitter;
        self
    }

    /// Counts a try about to go out and returns its number (1 for the first).
    pub fn start_try(&mut self) -> u32 {
        self.tries = self.tries.saturating_add(1);
        self.tries
    }

    /// What to do after a try's `outcome`; `elapsed` is the time since the request started.
    pub fn decide(&mut self, outcome: &Outcome, elapsed: Duration) -> Decision {
        match *outcome {
            Outcome::Succeeded => Decision::Accept,
            Outcome::NotSent => self.retry_later(None),
            Outcome::Lost => match self.repeat {
                Repeat::Reconciled => Decision::Reconcile,
                Repeat::Delete => {
                    self.maybe_applied = true;
                    self.retry_later(None)
                }
                Repeat::Safe => self.retry_later(None),
            },
            Outcome::ServerTrouble { retry_after, .. } => match self.repeat {
                Repeat::Reconciled => Decision::Reconcile,
                Repeat::Delete => {
                    self.maybe_applied = true;
                    self.retry_later(retry_after)
                }
                Repeat::Safe => self.retry_later(retry_after),
            },
            Outcome::TokenRejected if !self.token_renewed => {
                self.token_renewed = true;
                Decision::RenewToken
            }
            Outcome::TokenRejected => Decision::GiveUp(GiveUp::Final),
            Outcome::RateLimited {
                kind: RateLimitKind::PerSecond,
                retry_after,
            } => {
                // Zoom counts in a one-second window: without a Retry-After, one second clears it.
                let (wait, reason) = match retry_after {
                    Some(wait) => (wait, WaitReason::ServerAsked),
                    None => (Duration::from_secs(1), WaitReason::Backoff),
                };
                if wait > self.policy.max_server_wait {
                    return Decision::GiveUp(GiveUp::WaitTooLong {
                        asked: wait,
                        ceiling: self.policy.max_server_wait,
                    });
                }
                let since = *self.throttled_since.get_or_insert(elapsed);
                let throttled_for = elapsed.saturating_sub(since);
                if throttled_for.saturating_add(wait) <= self.policy.rate_limit_patience {
                    Decision::PauseCategory { wait, reason }
                } else {
                    Decision::GiveUp(GiveUp::PatienceExhausted)
                }
            }
            Outcome::RateLimited { .. } | Outcome::Unreadable => Decision::GiveUp(GiveUp::Final),
            Outcome::Refused { not_found } => {
                if not_found && self.maybe_applied {
                    Decision::AlreadyGone
                } else {
                    Decision::GiveUp(GiveUp::Final)
                }
            }
        }
    }

    /// A failure worth another try, if tries are left and the wait is acceptable.
    fn retry_later(&mut self, retry_after: Option<Duration>) -> Decision {
        self.failures = self.failures.saturating_add(1);
        if self.failures >= self.policy.max_attempts {
            return Decision::GiveUp(GiveUp::AttemptsExhausted);
        }
        match retry_after {
            Some(asked) if asked > self.policy.max_server_wait => {
                Decision::GiveUp(GiveUp::WaitTooLong {
                    asked,
                    ceiling: self.policy.max_server_wait,
                })
            }
            Some(wait) => Decision::Resend {
                wait,
                reason: WaitReason::ServerAsked,
            },
            None => Decision::Resend {
                wait: self.policy.backoff_with(self.failures, (self.jitter)()),
                reason: WaitReason::Backoff,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(400),
            rate_limit_patience: Duration::from_secs(10),
            max_server_wait: Duration::from_secs(60),
        }
    }

    fn machine(repeat: Repeat) -> RetryMachine {
        RetryMachine::new(policy(), repeat).with_jitter(|| 1.0)
    }

    fn backoff(ms: u64) -> Decision {
        Decision::Resend {
            wait: Duration::from_millis(ms),
            reason: WaitReason::Backoff,
        }
    }

    fn server_asked(secs: u64) -> Decision {
        Decision::Resend {
            wait: Duration::from_secs(secs),
            reason: WaitReason::ServerAsked,
        }
    }

    fn trouble(retry_after: Option<u64>) -> Outcome {
        Outcome::ServerTrouble {
            status: 503,
            retry_after: retry_after.map(Duration::from_secs),
        }
    }

    fn per_second(retry_after: Option<u64>) -> Outcome {
        Outcome::RateLimited {
            kind: RateLimitKind::PerSecond,
            retry_after: retry_after.map(Duration::from_secs),
        }
    }

    /// Feeds `steps` (outcome, seconds since the start, expected decision) to a fresh machine.
    fn run(repeat: Repeat, steps: &[(Outcome, u64, Decision)]) {
        let mut machine = machine(repeat);
        for (number, (outcome, at, expected)) in steps.iter().enumerate() {
            assert_eq!(machine.start_try(), number as u32 + 1);
            let decision = machine.decide(outcome, Duration::from_secs(*at));
            assert_eq!(
                &decision,
                expected,
                "step {} ({outcome:?}) of {repeat:?}",
                number + 1
            );
        }
    }

    #[test]
    fn a_success_is_accepted_whatever_the_method() {
        for repeat in [Repeat::Safe, Repeat::Reconciled, Repeat::Delete] {
            run(repeat, &[(Outcome::Succeeded, 0, Decision::Accept)]);
        }
    }

    #[test]
    fn refused_connections_back_off_exponentially_until_the_tries_run_out() {
        for repeat in [Repeat::Safe, Repeat::Reconciled, Repeat::Delete] {
            run(
                repeat,
                &[
                    (Outcome::NotSent, 0, backoff(100)),
                    (Outcome::NotSent, 0, backoff(200)),
                    (
                        Outcome::NotSent,
                        0,
                        Decision::GiveUp(GiveUp::AttemptsExhausted),
                    ),
                ],
            );
        }
    }

    #[test]
    fn a_lost_post_is_reconciled_never_resent() {
        run(
            Repeat::Reconciled,
            &[(Outcome::Lost, 0, Decision::Reconcile)],
        );
        run(
            Repeat::Reconciled,
            &[(trouble(None), 0, Decision::Reconcile)],
        );
        run(
            Repeat::Reconciled,
            &[
                (Outcome::NotSent, 0, backoff(100)),
                (Outcome::Lost, 0, Decision::Reconcile),
            ],
        );
    }

    #[test]
    fn a_lost_get_is_sent_again() {
        run(
            Repeat::Safe,
            &[
                (Outcome::Lost, 0, backoff(100)),
                (Outcome::Lost, 0, backoff(200)),
                (Outcome::Succeeded, 0, Decision::Accept),
            ],
        );
    }

    #[test]
    fn a_delete_that_may_have_worked_is_already_gone_when_not_found() {
        run(
            Repeat::Delete,
            &[
                (Outcome::Lost, 0, backoff(100)),
                (
                    Outcome::Refused { not_found: true },
                    0,
                    Decision::AlreadyGone,
                ),
            ],
        );
        run(
            Repeat::Delete,
            &[
                (trouble(None), 0, backoff(100)),
                (
                    Outcome::Refused { not_found: true },
                    0,
                    Decision::AlreadyGone,
                ),
            ],
        );
        // A refused connection carried nothing: "not found" afterwards is a real not found.
        run(
            Repeat::Delete,
            &[
                (Outcome::NotSent, 0, backoff(100)),
                (
                    Outcome::Refused { not_found: true },
                    0,
                    Decision::GiveUp(GiveUp::Final),
                ),
            ],
        );
        run(
            Repeat::Delete,
            &[(
                Outcome::Refused { not_found: true },
                0,
                Decision::GiveUp(GiveUp::Final),
            )],
        );
    }

    #[test]
    fn server_errors_honour_retry_after_up_to_the_ceiling() {
        run(
            Repeat::Safe,
            &[
                (trouble(Some(5)), 0, server_asked(5)),
                (trouble(None), 5, backoff(200)),
                (
                    trouble(Some(5)),
                    6,
                    Decision::GiveUp(GiveUp::AttemptsExhausted),
                ),
            ],
        );
        run(
            Repeat::Safe,
            &[(
                trouble(Some(86_400)),
                0,
                Decision::GiveUp(GiveUp::WaitTooLong {
                    asked: Duration::from_secs(86_400),
                    ceiling: Duration::from_secs(60),
                }),
            )],
        );
        run(Repeat::Safe, &[(trouble(Some(60)), 0, server_asked(60))]);
    }

    #[test]
    fn a_rejected_token_is_renewed_once() {
        for repeat in [Repeat::Safe, Repeat::Reconciled, Repeat::Delete] {
            run(
                repeat,
                &[
                    (Outcome::TokenRejected, 0, Decision::RenewToken),
                    (Outcome::TokenRejected, 0, Decision::GiveUp(GiveUp::Final)),
                ],
            );
        }
        run(
            Repeat::Safe,
            &[
                (Outcome::TokenRejected, 0, Decision::RenewToken),
                (Outcome::Succeeded, 0, Decision::Accept),
            ],
        );
    }

    #[test]
    fn renewing_the_token_does_not_use_up_a_try() {
        run(
            Repeat::Safe,
            &[
                (Outcome::TokenRejected, 0, Decision::RenewToken),
                (Outcome::Lost, 0, backoff(100)),
                (Outcome::Lost, 0, backoff(200)),
                (
                    Outcome::Lost,
                    0,
                    Decision::GiveUp(GiveUp::AttemptsExhausted),
                ),
            ],
        );
    }

    #[test]
    fn per_second_limits_pause_the_category_within_the_patience() {
        let pause = |secs: u64, reason| Decision::PauseCategory {
            wait: Duration::from_secs(secs),
            reason,
        };
        run(
            Repeat::Reconciled,
            &[
                (per_second(None), 0, pause(1, WaitReason::Backoff)),
                (per_second(Some(2)), 1, pause(2, WaitReason::ServerAsked)),
                (per_second(Some(4)), 6, pause(4, WaitReason::ServerAsked)),
                // Throttled since 0: 9 s so far plus 2 more would pass the 10 s patience.
                (
                    per_second(Some(2)),
                    9,
                    Decision::GiveUp(GiveUp::PatienceExhausted),
                ),
            ],
        );
        // Per-second 429s are not failures: they do not use up the tries.
        run(
            Repeat::Safe,
            &[
                (per_second(None), 0, pause(1, WaitReason::Backoff)),
                (per_second(None), 1, pause(1, WaitReason::Backoff)),
                (per_second(None), 2, pause(1, WaitReason::Backoff)),
                (per_second(None), 3, pause(1, WaitReason::Backoff)),
                (Outcome::Succeeded, 4, Decision::Accept),
            ],
        );
        run(
            Repeat::Safe,
            &[(
                per_second(Some(3600)),
                0,
                Decision::GiveUp(GiveUp::WaitTooLong {
                    asked: Duration::from_secs(3600),
                    ceiling: Duration::from_secs(60),
                }),
            )],
        );
    }

    #[test]
    fn daily_and_per_registrant_limits_are_final() {
        for kind in [
            RateLimitKind::Daily,
            RateLimitKind::RegistrantAdds,
            RateLimitKind::RegistrantStatus,
        ] {
            for retry_after in [None, Some(SECOND), Some(Duration::from_secs(86_400))] {
                run(
                    Repeat::Safe,
                    &[(
                        Outcome::RateLimited { kind, retry_after },
                        0,
                        Decision::GiveUp(GiveUp::Final),
                    )],
                );
            }
        }
    }

    #[test]
    fn other_error_answers_and_unreadable_answers_are_final() {
        for repeat in [Repeat::Safe, Repeat::Reconciled, Repeat::Delete] {
            for outcome in [Outcome::Refused { not_found: false }, Outcome::Unreadable] {
                run(repeat, &[(outcome, 0, Decision::GiveUp(GiveUp::Final))]);
            }
        }
    }

    #[test]
    fn the_backoff_never_exceeds_the_policys_maximum() {
        let mut machine = RetryMachine::new(
            RetryPolicy {
                max_attempts: 40,
                ..policy()
            },
            Repeat::Safe,
        );
        for _ in 0..39 {
            machine.start_try();
            match machine.decide(&Outcome::Lost, Duration::ZERO) {
                Decision::Resend { wait, .. } => assert!(wait <= Duration::from_millis(400)),
                other => panic!("expected a resend, got {other:?}"),
            }
        }
        machine.start_try();
        assert_eq!(
            machine.decide(&Outcome::Lost, Duration::ZERO),
            Decision::GiveUp(GiveUp::AttemptsExhausted)
        );
    }
}
