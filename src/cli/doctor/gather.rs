//! The doctor's IO half: reads the credential store and asks Zoom, step by step, recording what
//! it found in [`Findings`] for the judge; a failed step leaves the later ones unchecked.

use super::judge::{Findings, LogFacts, StoreFacts};
use crate::cli::GlobalArgs;
use crate::cli::prompt::passphrase_prompt;
use crate::profiles::{Endpoints, Profiles, effective_plan};
use crate::secrets::login::app_kind;
use crate::secrets::{
    CredentialSource, DEFAULT_STORE_TIMEOUT, ResolveError, StoreProbe, probe_keyrings, resolve,
};
use crate::session::verify::{Diagnosed, check_api, client_for, verify_token};

/// Runs every check that can run, in order; a failed step leaves the later ones unchecked.
pub(super) async fn gather(global: &GlobalArgs) -> Findings {
    let mut findings = Findings {
        app: None,
        store: Err(Diagnosed {
            problem: "not checked".into(),
            fix: None,
        }),
        credentials: Err(Diagnosed {
            problem: "not checked".into(),
            fix: None,
        }),
        token: None,
        clock_offset_secs: None,
        scopes: None,
        plan: effective_plan(None).map_err(|err| diagnosed_error(&err)),
        api: None,
        endpoints: None,
        log: LogFacts {
            path: crate::logging::default_path().map_err(|error| error.to_string()),
            active: crate::logging::active_path().is_some(),
        },
    };
    let requested = global.profile.as_deref();
    let profiles = match Profiles::load() {
        Ok(profiles) => profiles,
        Err(err) => {
            findings.store = Err(diagnosed_error(&err));
            return findings;
        }
    };
    let selected = profiles
        .selected_name(requested)
        .and_then(|name| profiles.profiles.get(&name).cloned().map(|p| (name, p)));
    if let Some((_, profile)) = &selected {
        findings.app = Some(profile.app);
        findings.plan = effective_plan(Some(profile)).map_err(|err| diagnosed_error(&err));
        findings.store = Ok(StoreFacts {
            store: profile.store,
            profile: selected.as_ref().map(|(name, _)| name.clone()),
            env_overrides_profile: false,
        });
    }
    let resolved = match resolve(requested, DEFAULT_STORE_TIMEOUT, &passphrase_prompt).await {
        Ok(resolved) => resolved,
        Err(err) => {
            let diagnosed = diagnosed_error(&err);
            match &err {
                ResolveError::Store { error, .. } if error.store().is_some() => {
                    findings.store = Err(diagnosed.clone());
                }
                ResolveError::Profiles(_) => findings.store = Err(diagnosed.clone()),
                ResolveError::NotLoggedIn => {
                    let probes = probe_keyrings(DEFAULT_STORE_TIMEOUT).await;
                    findings.store = Err(not_logged_in(&probes));
                }
                _ => {}
            }
            findings.credentials = Err(diagnosed);
            return findings;
        }
    };
    findings.credentials = Ok(());
    findings.app = Some(app_kind(&resolved.credentials));
    findings.store = Ok(StoreFacts {
        store: resolved.source.store(),
        profile: resolved.profile.as_ref().map(|(name, _)| name.clone()),
        env_overrides_profile: resolved.source == CredentialSource::Environment
            && resolved.profile.is_some(),
    });
    let endpoints = Endpoints::pick(
        global.api_url.as_deref(),
        global.oauth_url.as_deref(),
        resolved.profile.as_ref().map(|(_, p)| p),
    );
    findings.endpoints = Some(endpoints.clone());
    let plan = findings
        .plan
        .as_ref()
        .map(|(plan, _)| *plan)
        .unwrap_or_default();
    let client = match client_for(&resolved.credentials, &endpoints, plan) {
        Ok(client) => client,
        Err(failure) => {
            findings.token = Some(Err(failure.diagnosed));
            return findings;
        }
    };
    let verified = match verify_token(&client).await {
        Ok(verified) => verified,
        Err(failure) => {
            findings.clock_offset_secs = failure.clock_offset_secs;
            findings.token = Some(Err(failure.diagnosed));
            return findings;
        }
    };
    findings.token = Some(Ok(()));
    findings.clock_offset_secs = verified.clock_offset_secs;
    findings.scopes = Some(verified.scopes.clone());
    match check_api(&client).await {
        Ok(clock_offset_secs) => {
            findings.api = Some(Ok(()));
            findings.clock_offset_secs = clock_offset_secs.or(findings.clock_offset_secs);
        }
        Err(failure) => {
            findings.clock_offset_secs = failure.clock_offset_secs.or(findings.clock_offset_secs);
            findings.api = Some(Err(failure.diagnosed));
        }
    }
    findings
}

/// Nothing to check yet: says which OS keyrings would keep a secret here, and how to log in.
fn not_logged_in(probes: &[StoreProbe]) -> Diagnosed {
    let mut problem = "no profile, and no ZOOM_* environment variables".to_string();
    for probe in probes {
        match &probe.outcome {
            Ok(()) => problem.push_str(&format!("\n✓ the {} works here", probe.kind)),
            Err(err) => {
                let why = err.to_string();
                let why = why
                    .split_once("\nfix: ")
                    .map_or(why.as_str(), |(why, _)| why);
                problem.push_str(&format!("\n✗ {why}"));
            }
        }
    }
    let fix = match probes.iter().find(|probe| probe.outcome.is_ok()) {
        Some(usable) => format!(
            "run `regdesk login`; the secret goes to the {}",
            usable.kind
        ),
        None => format!(
            "no OS keyring works here: set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET, \
             or run `regdesk login --store encrypted-file` (passphrase; {}) to keep them in a file",
            crate::secrets::resolve::PASSPHRASE_ENV
        ),
    };
    Diagnosed {
        problem,
        fix: Some(fix),
    }
}

/// An error whose text already carries its fix (after a `fix:` line), split for the report.
fn diagnosed_error(err: &dyn std::fmt::Display) -> Diagnosed {
    let text = err.to_string();
    match text.split_once("\nfix: ") {
        Some((problem, fix)) => Diagnosed {
            problem: problem.to_string(),
            fix: Some(fix.to_string()),
        },
        None => Diagnosed {
            problem: text,
            fix: None,
        },
    }
}
