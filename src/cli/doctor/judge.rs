//! The doctor's pure half: what was gathered ([`Findings`]) in, the report ([`Check`]s) and the
//! exit code out, so every verdict and fix text is tested without a server.

use serde::Serialize;

use crate::profiles::{AppKind, Endpoints, PLAN_ENV, PlanSource};
use crate::secrets::StoreKind;
use crate::session::features::{FeatureAccess, feature_access, feature_lines, scope_lines};
use crate::session::verify::{Diagnosed, JWT_CLOCK_TOLERANCE_SECS, clock_phrase};
use crate::zoom::Plan;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    /// Worth knowing, not a problem.
    Info,
    Problem,
    /// Could not be checked because an earlier check failed.
    Skipped,
}

impl Status {
    /// The word JSON and CSV use for it.
    pub fn word(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Info => "info",
            Status::Problem => "problem",
            Status::Skipped => "skipped",
        }
    }
}

/// One line of the doctor's report.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub status: Status,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Check {
    fn new(name: &'static str, status: Status, detail: impl Into<String>) -> Self {
        Check {
            name,
            status,
            detail: detail.into(),
            fix: None,
        }
    }

    fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }
}

/// Where the credentials came from, as gathered.
#[derive(Debug, Clone)]
pub struct StoreFacts {
    pub store: StoreKind,
    /// The profile in use, if any (none when only the environment supplies credentials).
    pub profile: Option<String>,
    /// The environment supplied the credentials although a profile is selected.
    pub env_overrides_profile: bool,
}

/// Everything the doctor gathered; `None`/`Err` where a step failed or could not run.
#[derive(Debug, Clone)]
pub struct Findings {
    pub app: Option<AppKind>,
    pub store: Result<StoreFacts, Diagnosed>,
    /// Credentials were read from the store (or the environment).
    pub credentials: Result<(), Diagnosed>,
    /// A token was issued (S2S) or accepted (JWT).
    pub token: Option<Result<(), Diagnosed>>,
    /// Zoom's clock minus ours, in seconds, from the `Date` header of any response.
    pub clock_offset_secs: Option<i64>,
    /// The scopes of the token (S2S only).
    pub scopes: Option<Vec<String>>,
    /// The plan requests are paced by, and where that came from; an error for a bad
    /// `REGDESK_PLAN`.
    pub plan: Result<(Plan, PlanSource), Diagnosed>,
    /// Whether an authenticated API call succeeded.
    pub api: Option<Result<(), Diagnosed>>,
    /// Where the token and the API call went, once credentials were found.
    pub endpoints: Option<Endpoints>,
    /// The debug log: where it is (or would be), and whether this run writes it.
    pub log: LogFacts,
}

/// The debug log, as gathered.
#[derive(Debug, Clone)]
pub struct LogFacts {
    /// `<data dir>/logs/regdesk.log`, or why the data dir is unknown.
    pub path: Result<std::path::PathBuf, String>,
    /// This run writes it (`-v` or `REGDESK_LOG`).
    pub active: bool,
}

/// The debug log's line: its path, whether it is on, and how to switch it on.
fn log_check(log: &LogFacts) -> Check {
    let kept = format!(
        "rotated at {} MiB, {} older files kept",
        crate::logging::MAX_LOG_BYTES / (1024 * 1024),
        crate::logging::KEPT_LOGS
    );
    match (&log.path, log.active) {
        (Ok(path), true) => Check::new(
            "debug log",
            Status::Info,
            format!("on: {} ({kept}; redacted, yours only)", path.display()),
        ),
        (Ok(path), false) => Check::new(
            "debug log",
            Status::Info,
            format!(
                "off; `-v` or REGDESK_LOG=debug writes {} ({kept}); attach it to a bug report",
                path.display()
            ),
        ),
        (Err(why), _) => Check::new(
            "debug log",
            Status::Problem,
            format!("cannot be written: {why}"),
        )
        .with_fix("set REGDESK_DATA_DIR to a folder of yours"),
    }
}

/// Turns findings into the report; pure, so every verdict is tested without a server.
pub fn judge(findings: &Findings) -> Vec<Check> {
    let mut checks = Vec::new();
    checks.push(match &findings.store {
        Ok(facts) => {
            let who = match (&facts.profile, facts.env_overrides_profile) {
                (Some(profile), true) => format!(
                    "ZOOM_* environment variables (they override profile {profile:?} in this shell)"
                ),
                (Some(profile), false) => format!("profile {profile:?} in the {}", facts.store),
                (None, _) => facts.store.label().to_string(),
            };
            let detail = format!("{who}; persists {}", facts.store.persistence());
            match facts.store.warning_badge() {
                Some(badge) => Check::new("store", Status::Problem, format!("{detail}. {badge}"))
                    .with_fix(
                        "run `regdesk login --store secret-service` (or keyutils) where a keyring \
                         works, which also deletes the plain file",
                    ),
                None => Check::new("store", Status::Ok, detail),
            }
        }
        Err(diagnosed) => problem("store", diagnosed),
    });
    checks.push(match &findings.credentials {
        Ok(()) => Check::new(
            "credentials",
            Status::Ok,
            match findings.app {
                Some(AppKind::LegacyJwt) => {
                    "present (legacy JWT app: Zoom retired these in 2023; move to a Server-to-Server OAuth app)"
                }
                _ => "present",
            },
        ),
        Err(diagnosed) => problem("credentials", diagnosed),
    });
    checks.push(match &findings.token {
        Some(Ok(())) => Check::new(
            "token",
            Status::Ok,
            match (findings.app, &findings.endpoints) {
                (Some(AppKind::LegacyJwt), _) => {
                    "Zoom accepted a token signed with the API secret".to_string()
                }
                (_, Some(endpoints)) => format!(
                    "Zoom issued an access token ({}/oauth/token)",
                    endpoints.oauth_url
                ),
                (_, None) => "Zoom issued an access token".to_string(),
            },
        ),
        Some(Err(diagnosed)) => problem("token", diagnosed),
        None => skipped("token"),
    });
    checks.push(judge_clock(findings));
    checks.push(judge_scopes(findings));
    checks.push(judge_plan(findings));
    checks.push(match &findings.api {
        Some(Ok(())) => Check::new(
            "api",
            Status::Ok,
            match &findings.endpoints {
                Some(endpoints) => {
                    format!("{} answered an authenticated request", endpoints.api_url)
                }
                None => "the API answered an authenticated request".to_string(),
            },
        ),
        Some(Err(diagnosed)) => problem("api", diagnosed),
        None => skipped("api"),
    });
    checks.push(log_check(&findings.log));
    checks
}

fn judge_plan(findings: &Findings) -> Check {
    let name = "rate-limit plan";
    let (plan, source) = match &findings.plan {
        Ok(found) => *found,
        Err(diagnosed) => return problem(name, diagnosed),
    };
    let plan = plan.as_str();
    match source {
        PlanSource::Environment => {
            Check::new(name, Status::Info, format!("{plan} (from {PLAN_ENV})"))
        }
        PlanSource::Profile => Check::new(name, Status::Info, format!("{plan} (from the profile)")),
        PlanSource::Assumed => Check::new(
            name,
            Status::Info,
            format!(
                "{plan} assumed; set `plan = \"free|pro|business|unlimited\"` in the profile \
                 (profiles.toml) so regdesk paces requests to your account's limits"
            ),
        ),
    }
}

fn judge_clock(findings: &Findings) -> Check {
    let Some(offset) = findings.clock_offset_secs else {
        return Check::new(
            "clock",
            Status::Skipped,
            "no answer from Zoom, so no Date header to compare with",
        );
    };
    let detail = clock_phrase(offset);
    let is_jwt = findings.app == Some(AppKind::LegacyJwt);
    if is_jwt && offset.abs() > JWT_CLOCK_TOLERANCE_SECS {
        Check::new(
            "clock",
            Status::Problem,
            format!(
                "{detail}: legacy JWT tokens carry an expiry that Zoom checks against its own \
                 clock. regdesk shifts its tokens by the offset once it has measured it, but its \
                 first request and every other tool signing JWTs here get \"Access token is \
                 expired\" (code 124)"
            ),
        )
        .with_fix(
            "sync this computer's clock: `timedatectl set-ntp true` (Linux), or Settings → Date & \
             Time → set automatically (macOS, Windows)",
        )
    } else if is_jwt {
        Check::new(
            "clock",
            Status::Ok,
            format!("{detail} (within {JWT_CLOCK_TOLERANCE_SECS} s)"),
        )
    } else {
        Check::new(
            "clock",
            Status::Info,
            format!(
                "{detail}; Server-to-Server tokens do not depend on it (regdesk times token \
                 renewal by Zoom's expires_in)"
            ),
        )
    }
}

fn judge_scopes(findings: &Findings) -> Check {
    if findings.app == Some(AppKind::LegacyJwt) {
        return Check::new(
            "scopes",
            Status::Ok,
            "JWT apps have no scopes: every feature is available",
        );
    }
    let Some(scopes) = &findings.scopes else {
        return skipped("scopes");
    };
    let access = feature_access(scopes);
    let missing: Vec<&FeatureAccess> = access
        .iter()
        .filter(|item| !item.fully_available())
        .collect();
    if missing.is_empty() {
        return Check::new(
            "scopes",
            Status::Ok,
            format!("all features available ({} scopes granted)", scopes.len()),
        );
    }
    let mut needed: Vec<String> = missing
        .iter()
        .flat_map(|item| item.missing.iter().cloned())
        .collect();
    needed.sort();
    needed.dedup();
    Check::new(
        "scopes",
        Status::Problem,
        format!(
            "granted scopes ({}):\n  {}\n{}",
            scopes.len(),
            scope_lines(scopes).join("\n  "),
            feature_lines(&access).join("\n")
        ),
    )
    .with_fix(format!(
        "in the Zoom App Marketplace open your app → Scopes, add {}, then run `regdesk doctor` \
         again (scope changes apply to new tokens, sometimes after a few minutes)",
        needed.join(", ")
    ))
}

fn problem(name: &'static str, diagnosed: &Diagnosed) -> Check {
    let check = Check::new(name, Status::Problem, diagnosed.problem.clone());
    match &diagnosed.fix {
        Some(fix) => check.with_fix(fix.clone()),
        None => check,
    }
}

fn skipped(name: &'static str) -> Check {
    Check::new(
        name,
        Status::Skipped,
        "not checked: an earlier check failed",
    )
}

/// 0 only when no check found a problem.
pub fn exit_code(checks: &[Check]) -> crate::cli::ExitCode {
    if checks.iter().any(|check| check.status == Status::Problem) {
        crate::cli::ExitCode::Failure
    } else {
        crate::cli::ExitCode::Ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scopes(list: &[&str]) -> Vec<String> {
        list.iter().map(|scope| scope.to_string()).collect()
    }

    fn healthy(app: AppKind) -> Findings {
        Findings {
            app: Some(app),
            store: Ok(StoreFacts {
                store: StoreKind::SecretService,
                profile: Some("work".into()),
                env_overrides_profile: false,
            }),
            credentials: Ok(()),
            token: Some(Ok(())),
            clock_offset_secs: Some(0),
            scopes: Some(scopes(&[
                "meeting:read:admin",
                "meeting:write:admin",
                "webinar:read:admin",
                "webinar:write:admin",
                "user:read:admin",
            ])),
            plan: Ok((Plan::Pro, PlanSource::Assumed)),
            api: Some(Ok(())),
            endpoints: None,
            log: LogFacts {
                path: Ok("/home/u/.local/share/regdesk/logs/regdesk.log".into()),
                active: false,
            },
        }
    }

    fn check<'a>(checks: &'a [Check], name: &str) -> &'a Check {
        checks
            .iter()
            .find(|check| check.name == name)
            .expect("check present")
    }

    #[test]
    fn classic_and_granular_scopes_both_count() {
        let granular = feature_access(&scopes(&[
            "meeting:read:list_registrants:admin",
            "meeting:write:registrant",
        ]));
        let by_name = |name: &str| {
            granular
                .iter()
                .find(|item| item.feature == name)
                .expect("feature")
        };
        assert_eq!(by_name("view registrants").meetings, Some(true));
        assert_eq!(by_name("add registrants").meetings, Some(true));
        assert_eq!(by_name("list meetings").meetings, Some(false));
        assert_eq!(by_name("list meetings").webinars, None);
    }

    #[test]
    fn a_healthy_profile_exits_zero() {
        let checks = judge(&healthy(AppKind::ServerToServer));
        assert_eq!(exit_code(&checks), crate::cli::ExitCode::Ok);
        assert_eq!(check(&checks, "scopes").status, Status::Ok);
    }

    #[test]
    fn missing_meeting_write_disables_the_write_features_and_says_what_to_add() {
        let mut findings = healthy(AppKind::ServerToServer);
        findings.scopes = Some(scopes(&[
            "meeting:read:admin",
            "webinar:read:admin",
            "webinar:write:admin",
        ]));
        let checks = judge(&findings);
        let scopes = check(&checks, "scopes");
        assert_eq!(scopes.status, Status::Problem);
        for feature in [
            "add registrants",
            "approve/deny/cancel",
            "delete registrants",
            "import (batch registration)",
        ] {
            assert!(
                scopes
                    .detail
                    .contains(&format!("✗ {feature} (meetings ✗, webinars ✓)")),
                "{}",
                scopes.detail
            );
        }
        assert!(
            scopes.detail.contains("✓ view registrants"),
            "{}",
            scopes.detail
        );
        let fix = scopes.fix.as_deref().expect("fix");
        assert!(fix.contains("meeting:write:admin"), "{fix}");
        assert_eq!(exit_code(&checks), crate::cli::ExitCode::Failure);
    }

    #[test]
    fn a_skewed_clock_is_a_problem_for_jwt_and_only_information_for_s2s() {
        let mut jwt = healthy(AppKind::LegacyJwt);
        jwt.clock_offset_secs = Some(120);
        let clock = check(&judge(&jwt), "clock").clone();
        assert_eq!(clock.status, Status::Problem);
        assert!(
            clock.detail.contains("120 s behind Zoom's"),
            "{}",
            clock.detail
        );
        assert!(clock.fix.as_deref().unwrap_or("").contains("timedatectl"));

        let mut s2s = healthy(AppKind::ServerToServer);
        s2s.clock_offset_secs = Some(-120);
        let clock = check(&judge(&s2s), "clock").clone();
        assert_eq!(clock.status, Status::Info);
        assert!(
            clock.detail.contains("120 s ahead of Zoom's"),
            "{}",
            clock.detail
        );
        assert_eq!(exit_code(&judge(&s2s)), crate::cli::ExitCode::Ok);
    }

    #[test]
    fn a_failed_token_skips_what_depends_on_it() {
        let mut findings = healthy(AppKind::ServerToServer);
        findings.token = Some(Err(Diagnosed {
            problem: "Zoom refused the client ID or secret".into(),
            fix: Some("copy the Client Secret again".into()),
        }));
        findings.scopes = None;
        findings.api = None;
        let checks = judge(&findings);
        assert_eq!(check(&checks, "token").status, Status::Problem);
        assert_eq!(
            check(&checks, "token").fix.as_deref(),
            Some("copy the Client Secret again")
        );
        assert_eq!(check(&checks, "scopes").status, Status::Skipped);
        assert_eq!(check(&checks, "api").status, Status::Skipped);
    }

    #[test]
    fn a_plain_file_store_is_always_a_problem() {
        let mut findings = healthy(AppKind::ServerToServer);
        findings.store = Ok(StoreFacts {
            store: StoreKind::PlainFile,
            profile: Some("work".into()),
            env_overrides_profile: false,
        });
        let store = check(&judge(&findings), "store").clone();
        assert_eq!(store.status, Status::Problem);
        assert!(store.detail.contains("UNENCRYPTED"), "{}", store.detail);
    }
}
