//! Which regdesk features a token's scopes allow: one scope-to-feature table for every front end
//! (the CLI's login and doctor, the TUI's login), so that they name the same disabled features.

use serde::Serialize;

use crate::zoom::{Endpoint, EventKind};

/// A regdesk feature and the endpoint it needs, for meetings and/or webinars. The scopes each
/// endpoint accepts are the client's ([`Endpoint::accepted_scopes`]).
#[derive(Debug)]
pub struct Feature {
    pub name: &'static str,
    pub endpoint: fn(EventKind) -> Endpoint,
    pub meetings: bool,
    pub webinars: bool,
}

const fn both(name: &'static str, endpoint: fn(EventKind) -> Endpoint) -> Feature {
    Feature {
        name,
        endpoint,
        meetings: true,
        webinars: true,
    }
}

/// Every feature that depends on a scope.
pub const FEATURES: &[Feature] = &[
    Feature {
        name: "list meetings",
        endpoint: Endpoint::ListEvents,
        meetings: true,
        webinars: false,
    },
    Feature {
        name: "list webinars",
        endpoint: Endpoint::ListEvents,
        meetings: false,
        webinars: true,
    },
    both("view registrants", Endpoint::ListRegistrants),
    both("add registrants", Endpoint::AddRegistrant),
    both("approve/deny/cancel", Endpoint::UpdateStatus),
    both("delete registrants", Endpoint::DeleteRegistrant),
    both("import (batch registration)", Endpoint::BatchRegister),
    both("registration questions", Endpoint::GetQuestions),
    // `regdesk attendance` reads the participant report when the token has a report scope, and
    // else the past participants, which the meeting/webinar read scopes grant: the latter is what
    // the feature needs (docs/zoom-attendance-facts.md §5).
    both("attendance follow-up", Endpoint::PastParticipants),
];

/// The scope to add for `endpoint`, in the form a Server-to-Server app uses: the account-level
/// classic scope, or its granular alternative.
fn suggestion(endpoint: Endpoint) -> String {
    let accepted = endpoint.accepted_scopes();
    let classic = accepted.first().cloned().unwrap_or_default();
    match accepted
        .iter()
        .find(|scope| scope.matches(':').count() >= 3)
    {
        Some(granular) => format!("{classic} (or the granular {granular})"),
        None => classic,
    }
}

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
            let mut missing = Vec::new();
            let mut check = |applies: bool, kind: EventKind| {
                applies.then(|| {
                    let endpoint = (feature.endpoint)(kind);
                    let allowed = endpoint.allowed_by(granted);
                    if !allowed {
                        missing.push(suggestion(endpoint));
                    }
                    allowed
                })
            };
            let meetings = check(feature.meetings, EventKind::Meeting);
            let webinars = check(feature.webinars, EventKind::Webinar);
            FeatureAccess {
                feature: feature.name,
                missing,
                meetings,
                webinars,
            }
        })
        .collect()
}

/// The granted scopes, a few per line (a Server-to-Server app often has twenty granular ones).
pub fn scope_lines(scopes: &[String]) -> Vec<String> {
    const WIDTH: usize = 80;
    let mut lines: Vec<String> = Vec::new();
    for scope in scopes {
        match lines.last_mut() {
            Some(line) if line.len() + 1 + scope.len() <= WIDTH => {
                line.push(' ');
                line.push_str(scope);
            }
            _ => lines.push(scope.clone()),
        }
    }
    if lines.is_empty() {
        lines.push("none".into());
    }
    lines
}

/// One line per feature: available, or disabled (for meetings/webinars) with the scope that
/// would enable it.
pub fn feature_lines(access: &[FeatureAccess]) -> Vec<String> {
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

/// The features the granted scopes leave out, by name, with the kind of event each is missing for
/// when it works for the other: `["list meetings", "add registrants (meetings)"]`.
pub fn disabled_features(access: &[FeatureAccess]) -> Vec<String> {
    access
        .iter()
        .filter(|item| !item.fully_available())
        .map(|item| match (item.meetings, item.webinars) {
            (Some(false), Some(true)) => format!("{} (meetings)", item.feature),
            (Some(true), Some(false)) => format!("{} (webinars)", item.feature),
            _ => item.feature.to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disabled_features_say_which_kind_of_event_each_lacks_when_the_other_works() {
        let granted: Vec<String> = [
            "meeting:read:admin",
            "webinar:read:admin",
            "webinar:write:admin",
        ]
        .map(str::to_owned)
        .to_vec();
        let disabled = disabled_features(&feature_access(&granted));
        assert!(
            disabled.contains(&"add registrants (meetings)".to_owned()),
            "{disabled:?}"
        );
        assert!(
            !disabled
                .iter()
                .any(|name| name.starts_with("view registrants")),
            "{disabled:?}"
        );
        let nothing_granted = disabled_features(&feature_access(&[]));
        assert!(
            nothing_granted.contains(&"list meetings".to_owned()),
            "{nothing_granted:?}"
        );
        assert!(
            nothing_granted.contains(&"add registrants".to_owned()),
            "{nothing_granted:?}"
        );
    }

    #[test]
    fn attendance_follow_up_names_the_past_participants_scopes() {
        let granular_meetings_only: Vec<String> = ["meeting:read:list_past_participants:admin"]
            .map(str::to_owned)
            .to_vec();
        let lines = feature_lines(&feature_access(&granular_meetings_only));
        assert!(
            lines.contains(
                &"✗ attendance follow-up (meetings ✓, webinars ✗) — needs webinar:read:admin \
                  (or the granular webinar:read:list_past_participants:admin)"
                    .to_owned()
            ),
            "{lines:?}"
        );
        let classic: Vec<String> = ["meeting:read:admin", "webinar:read:admin"]
            .map(str::to_owned)
            .to_vec();
        assert!(
            feature_lines(&feature_access(&classic)).contains(&"✓ attendance follow-up".to_owned())
        );
    }
}
