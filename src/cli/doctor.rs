//! `regdesk doctor [--profile NAME]`: checks, in the order a problem would show up, the credential
//! store and how long it keeps the secret, that credentials are present, that a token can be had,
//! the clock offset to Zoom, the granted scopes against regdesk's features, the rate-limit plan,
//! and that the API answers. Each problem comes with its fix; the exit code is 0 only when all
//! is well.
//!
//! Gathering (IO: stores, the network) is separate from judging ([`judge`], pure), so that every
//! verdict and fix text is tested without a server; the end-to-end tests run it against the
//! simulator.

use serde::Serialize;

use crate::profiles::{AppKind, RatePlan};
use crate::secrets::StoreKind;

/// A clock this far off Zoom's breaks legacy JWT tokens (Zoom checks their `exp` against its
/// own clock; zoom-api.md §2).
pub const JWT_CLOCK_TOLERANCE_SECS: i64 = 30;

/// How a scope requirement is met: the classic scope (`meeting:read`) or the granular one
/// (`meeting:read:list_registrants`), each also in its `:admin` form (zoom-api.md §7).
#[derive(Debug, Clone, Copy)]
pub struct ScopeNeed {
    pub classic: &'static str,
    pub granular: &'static str,
}

impl ScopeNeed {
    const fn new(classic: &'static str, granular: &'static str) -> Self {
        ScopeNeed { classic, granular }
    }

    fn met_by(&self, granted: &[String]) -> bool {
        granted.iter().any(|scope| {
            let base = scope.strip_suffix(":admin").unwrap_or(scope);
            base == self.classic || base == self.granular
        })
    }

    /// The scope to add, in the form a Server-to-Server app uses.
    fn suggestion(&self) -> String {
        format!(
            "{}:admin (or the granular {}:admin)",
            self.classic, self.granular
        )
    }
}

/// A regdesk feature and the scopes it needs for meetings and for webinars.
#[derive(Debug)]
pub struct Feature {
    pub name: &'static str,
    pub meetings: Option<ScopeNeed>,
    pub webinars: Option<ScopeNeed>,
}

/// Every feature that depends on a scope.
pub const FEATURES: &[Feature] = &[
    Feature {
        name: "list meetings",
        meetings: Some(ScopeNeed::new("meeting:read", "meeting:read:list_meetings")),
        webinars: None,
    },
    Feature {
        name: "list webinars",
        meetings: None,
        webinars: Some(ScopeNeed::new("webinar:read", "webinar:read:list_webinars")),
    },
    Feature {
        name: "view registrants",
        meetings: Some(ScopeNeed::new(
            "meeting:read",
            "meeting:read:list_registrants",
        )),
        webinars: Some(ScopeNeed::new(
            "webinar:read",
            "webinar:read:list_registrants",
        )),
    },
    Feature {
        name: "add registrants",
        meetings: Some(ScopeNeed::new("meeting:write", "meeting:write:registrant")),
        webinars: Some(ScopeNeed::new("webinar:write", "webinar:write:registrant")),
    },
    Feature {
        name: "approve/deny/cancel",
        meetings: Some(ScopeNeed::new(
            "meeting:write",
            "meeting:update:registrant_status",
        )),
        webinars: Some(ScopeNeed::new(
            "webinar:write",
            "webinar:update:registrant_status",
        )),
    },
    Feature {
        name: "delete registrants",
        meetings: Some(ScopeNeed::new("meeting:write", "meeting:delete:registrant")),
        webinars: Some(ScopeNeed::new("webinar:write", "webinar:delete:registrant")),
    },
    Feature {
        name: "import (batch registration)",
        meetings: Some(ScopeNeed::new(
            "meeting:write",
            "meeting:write:batch_registrants",
        )),
        webinars: Some(ScopeNeed::new(
            "webinar:write",
            "webinar:write:batch_registrants",
        )),
    },
    Feature {
        name: "registration questions",
        meetings: Some(ScopeNeed::new(
            "meeting:read",
            "meeting:read:list_registration_questions",
        )),
        webinars: Some(ScopeNeed::new(
            "webinar:read",
            "webinar:read:list_registration_questions",
        )),
    },
];

/// What the granted scopes allow of one feature.
#[derive(Debug, Clone, Serialize)]
pub struct FeatureAccess {
    pub feature: &'static str,
    /// The scopes missing, each described as what to add ("meeting:write:admin (or …)").
    pub missing: Vec<String>,
    /// Whether the feature works for meetings / webinars (`None`: not applicable).
    pub meetings: Option<bool>,
    pub webinars: Option<bool>,
}

impl FeatureAccess {
    pub fn fully_available(&self) -> bool {
        self.missing.is_empty()
    }
}

/// Which features the granted scopes allow.
pub fn feature_access(granted: &[String]) -> Vec<FeatureAccess> {
    FEATURES
        .iter()
        .map(|feature| {
            let check = |need: &Option<ScopeNeed>, missing: &mut Vec<String>| {
                need.map(|need| {
                    let met = need.met_by(granted);
                    if !met {
                        missing.push(need.suggestion());
                    }
                    met
                })
            };
            let mut missing = Vec::new();
            let meetings = check(&feature.meetings, &mut missing);
            let webinars = check(&feature.webinars, &mut missing);
            FeatureAccess {
                feature: feature.name,
                missing,
                meetings,
                webinars,
            }
        })
        .collect()
}

/// Prints one line per feature: available, or disabled with the scope that would enable it.
pub fn print_feature_access(access: &[FeatureAccess]) {
    for line in feature_lines(access) {
        println!("  {line}");
    }
}

fn feature_lines(access: &[FeatureAccess]) -> Vec<String> {
    access
        .iter()
        .map(|item| {
            if item.fully_available() {
                return format!("✓ {}", item.feature);
            }
            let part = |label: &str, ok: Option<bool>| match ok {
                Some(true) => Some(format!("{label} ✓")),
                Some(false) => Some(format!("{label} ✗")),
                None => None,
            };
            let parts: Vec<String> = [
                part("meetings", item.meetings),
                part("webinars", item.webinars),
            ]
            .into_iter()
            .flatten()
            .collect();
            format!(
                "✗ {} ({}) — needs {}",
                item.feature,
                parts.join(", "),
                item.missing.join("; ")
            )
        })
        .collect()
}

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

/// A failure as the client diagnosed it: what happened and the fix.
#[derive(Debug, Clone)]
pub struct Diagnosed {
    pub problem: String,
    pub fix: Option<String>,
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
    pub plan: RatePlan,
    /// Whether the plan was set in the profile or assumed.
    pub plan_configured: bool,
    /// Whether an authenticated API call succeeded.
    pub api: Option<Result<(), Diagnosed>>,
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
        Some(Ok(())) => Check::new("token", Status::Ok, "Zoom issued an access token"),
        Some(Err(diagnosed)) => problem("token", diagnosed),
        None => skipped("token"),
    });
    checks.push(judge_clock(findings));
    checks.push(judge_scopes(findings));
    checks.push(Check::new(
        "rate-limit plan",
        Status::Info,
        if findings.plan_configured {
            format!("{} (from the profile)", findings.plan.label())
        } else {
            format!(
                "{} assumed; set `plan = \"free|pro|business|unlimited\"` in the profile so regdesk paces requests to your account's limits",
                findings.plan.label()
            )
        },
    ));
    checks.push(match &findings.api {
        Some(Ok(())) => Check::new(
            "api",
            Status::Ok,
            "the API answered an authenticated request",
        ),
        Some(Err(diagnosed)) => problem("api", diagnosed),
        None => skipped("api"),
    });
    checks
}

fn judge_clock(findings: &Findings) -> Check {
    let Some(offset) = findings.clock_offset_secs else {
        return Check::new(
            "clock",
            Status::Skipped,
            "no answer from Zoom, so no Date header to compare with",
        );
    };
    let direction = if offset > 0 {
        "behind"
    } else if offset < 0 {
        "ahead of"
    } else {
        "in step with"
    };
    let detail = if offset == 0 {
        "this computer's clock is in step with Zoom's".to_string()
    } else {
        format!(
            "this computer's clock is {} s {direction} Zoom's",
            offset.abs()
        )
    };
    let is_jwt = findings.app == Some(AppKind::LegacyJwt);
    if is_jwt && offset.abs() > JWT_CLOCK_TOLERANCE_SECS {
        Check::new(
            "clock",
            Status::Problem,
            format!(
                "{detail}: legacy JWT tokens carry an expiry Zoom checks against its own clock, so \
                 they are refused as expired or not yet valid"
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
    let granted = if scopes.is_empty() {
        "none".to_string()
    } else {
        scopes.join(" ")
    };
    if missing.is_empty() {
        return Check::new(
            "scopes",
            Status::Ok,
            format!("all features available (granted: {granted})"),
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
        format!("granted: {granted}\n{}", feature_lines(&access).join("\n")),
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

/// Prints the report for people.
pub fn print_report(checks: &[Check]) {
    for check in checks {
        let mark = match check.status {
            Status::Ok => "✓",
            Status::Info => "ℹ",
            Status::Problem => "✗",
            Status::Skipped => "–",
        };
        let mut lines = check.detail.lines();
        println!(
            "{mark} {:<16} {}",
            check.name,
            lines.next().unwrap_or_default()
        );
        for line in lines {
            println!("  {:<16} {line}", "");
        }
        if let Some(fix) = &check.fix {
            println!("  {:<16} fix: {fix}", "");
        }
    }
    let problems = checks
        .iter()
        .filter(|check| check.status == Status::Problem)
        .count();
    if problems == 0 {
        println!("All is well.");
    } else {
        println!(
            "{problems} problem{} found.",
            if problems == 1 { "" } else { "s" }
        );
    }
}

/// 0 only when no check found a problem.
pub fn exit_code(checks: &[Check]) -> super::ExitCode {
    if checks.iter().any(|check| check.status == Status::Problem) {
        super::ExitCode::Failure
    } else {
        super::ExitCode::Ok
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
            plan: RatePlan::Pro,
            plan_configured: false,
            api: Some(Ok(())),
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
