//! What regdesk knows about each Zoom endpoint it calls: its rate-limit category, the scopes Zoom
//! accepts for it, and which regdesk features need it. The request pipeline paces by category;
//! the missing-scope diagnosis and `doctor` use the scope lists.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::models::EventKind;

/// Zoom's rate-limit categories ("Rate Limit Label" of each endpoint).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Category {
    Light,
    Medium,
    Heavy,
    ResourceIntensive,
}

impl Category {
    /// The categories regdesk's endpoints fall in.
    pub const PACED: [Category; 3] = [Category::Light, Category::Medium, Category::Heavy];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Light => "Light",
            Category::Medium => "Medium",
            Category::Heavy => "Heavy",
            Category::ResourceIntensive => "Resource-intensive",
        }
    }

    /// Reads the `X-RateLimit-Category` header (any case).
    pub fn from_header(value: &str) -> Option<Category> {
        match value.trim().to_ascii_lowercase().as_str() {
            "light" => Some(Category::Light),
            "medium" => Some(Category::Medium),
            "heavy" => Some(Category::Heavy),
            "resource-intensive" | "resource intensive" | "resourceintensive" => {
                Some(Category::ResourceIntensive)
            }
            _ => None,
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A Zoom account plan, which sets the per-second limits of each category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Plan {
    Free,
    #[default]
    Pro,
    /// Business, Education, Enterprise and Partners share these limits.
    Business,
    /// No per-second limits (the simulator's test plan).
    Unlimited,
}

impl Plan {
    /// Requests per second Zoom allows in this category, or `None` when unlimited.
    pub fn per_second(self, category: Category) -> Option<u32> {
        let limit = match (self, category) {
            (Plan::Unlimited, _) => return None,
            (Plan::Free, Category::Light) => 4,
            (Plan::Free, Category::Medium) => 2,
            (Plan::Free, Category::Heavy) => 1,
            (Plan::Pro, Category::Light) => 30,
            (Plan::Pro, Category::Medium) => 20,
            (Plan::Pro, Category::Heavy) => 10,
            (Plan::Business, Category::Light) => 80,
            (Plan::Business, Category::Medium) => 60,
            (Plan::Business, Category::Heavy) => 40,
            // 10 or 20 per minute: regdesk calls no such endpoint; pace it as one per 3 seconds.
            (_, Category::ResourceIntensive) => return Some(1),
        };
        Some(limit)
    }

    /// Requests per UTC day Zoom allows in this category, where the plan caps it per category
    /// (zoom-api.md §5: only Free caps Light and Medium; Heavy's cap on Pro and Business is
    /// shared with Resource-intensive).
    pub fn daily_limit(self, category: Category) -> Option<u64> {
        match (self, category) {
            (Plan::Free, Category::Light) => Some(6_000),
            (Plan::Free, Category::Medium) => Some(2_000),
            (Plan::Free, Category::Heavy) => Some(1_000),
            (Plan::Pro, Category::Heavy) => Some(30_000),
            (Plan::Business, Category::Heavy) => Some(60_000),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Plan::Free => "free",
            Plan::Pro => "pro",
            Plan::Business => "business",
            Plan::Unlimited => "unlimited",
        }
    }
}

impl FromStr for Plan {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "free" | "basic" => Ok(Plan::Free),
            "pro" => Ok(Plan::Pro),
            "business" | "business+" | "education" | "enterprise" | "partner" | "partners" => {
                Ok(Plan::Business)
            }
            "unlimited" => Ok(Plan::Unlimited),
            other => Err(format!(
                "unknown plan {other:?}: use free, pro, business or unlimited"
            )),
        }
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every Zoom endpoint regdesk calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Endpoint {
    /// `POST {oauth_url}/oauth/token`
    Token,
    ListUsers,
    ListEvents(EventKind),
    GetEvent(EventKind),
    ListRegistrants(EventKind),
    AddRegistrant(EventKind),
    GetRegistrant(EventKind),
    DeleteRegistrant(EventKind),
    UpdateStatus(EventKind),
    GetQuestions(EventKind),
    UpdateQuestions(EventKind),
    BatchRegister(EventKind),
    /// `GET /past_meetings|past_webinars/{id}/instances`
    PastInstances(EventKind),
    /// `GET /past_meetings|past_webinars/{id or UUID}/participants`
    PastParticipants(EventKind),
    /// `GET /report/meetings|webinars/{id or UUID}/participants`
    ReportParticipants(EventKind),
    /// `GET /past_webinars/{id or UUID}/absentees`
    WebinarAbsentees,
}

impl Endpoint {
    /// Every endpoint, for `doctor`'s scope check.
    pub fn all() -> Vec<Endpoint> {
        let mut all = vec![Endpoint::ListUsers];
        for kind in [EventKind::Meeting, EventKind::Webinar] {
            all.extend([
                Endpoint::ListEvents(kind),
                Endpoint::GetEvent(kind),
                Endpoint::ListRegistrants(kind),
                Endpoint::AddRegistrant(kind),
                Endpoint::GetRegistrant(kind),
                Endpoint::DeleteRegistrant(kind),
                Endpoint::UpdateStatus(kind),
                Endpoint::GetQuestions(kind),
                Endpoint::UpdateQuestions(kind),
                Endpoint::BatchRegister(kind),
                Endpoint::PastInstances(kind),
                Endpoint::PastParticipants(kind),
                Endpoint::ReportParticipants(kind),
            ]);
        }
        all.push(Endpoint::WebinarAbsentees);
        all
    }

    /// The rate-limit category (`None` for the token endpoint, which is not counted).
    pub fn category(self) -> Option<Category> {
        Some(match self {
            Endpoint::Token => return None,
            Endpoint::ListUsers
            | Endpoint::ListEvents(_)
            | Endpoint::ListRegistrants(_)
            | Endpoint::UpdateStatus(_)
            | Endpoint::PastInstances(EventKind::Meeting)
            | Endpoint::PastParticipants(_) => Category::Medium,
            Endpoint::PastInstances(EventKind::Webinar) => Category::Light,
            Endpoint::ReportParticipants(_) | Endpoint::WebinarAbsentees => Category::Heavy,
            Endpoint::GetEvent(_)
            | Endpoint::AddRegistrant(_)
            | Endpoint::GetRegistrant(_)
            | Endpoint::DeleteRegistrant(_)
            | Endpoint::GetQuestions(_)
            | Endpoint::UpdateQuestions(_) => Category::Light,
            Endpoint::BatchRegister(_) => Category::Heavy,
        })
    }

    /// A short name for people, e.g. `list meeting registrants`.
    pub fn describe(self) -> String {
        match self {
            Endpoint::Token => "get an access token".to_owned(),
            Endpoint::ListUsers => "list users".to_owned(),
            Endpoint::ListEvents(kind) => format!("list {}s", kind.noun()),
            Endpoint::GetEvent(kind) => format!("get a {}", kind.noun()),
            Endpoint::ListRegistrants(kind) => format!("list {} registrants", kind.noun()),
            Endpoint::AddRegistrant(kind) => format!("add a {} registrant", kind.noun()),
            Endpoint::GetRegistrant(kind) => format!("get a {} registrant", kind.noun()),
            Endpoint::DeleteRegistrant(kind) => format!("delete a {} registrant", kind.noun()),
            Endpoint::UpdateStatus(kind) => format!("update {} registrant status", kind.noun()),
            Endpoint::GetQuestions(kind) => format!("get {} registration questions", kind.noun()),
            Endpoint::UpdateQuestions(kind) => {
                format!("update {} registration questions", kind.noun())
            }
            Endpoint::BatchRegister(kind) => format!("batch-register {} registrants", kind.noun()),
            Endpoint::PastInstances(kind) => format!("list past {} instances", kind.noun()),
            Endpoint::PastParticipants(kind) => format!("list past {} participants", kind.noun()),
            Endpoint::ReportParticipants(kind) => {
                format!("get the {} participant report", kind.noun())
            }
            Endpoint::WebinarAbsentees => "list webinar absentees".to_owned(),
        }
    }

    /// The scopes Zoom accepts for this endpoint: classic (account-level first) and granular.
    /// Any one of them is enough.
    pub fn accepted_scopes(self) -> Vec<String> {
        let (classic, granular): (Vec<String>, Option<String>) = match self {
            Endpoint::Token => (vec![], None),
            Endpoint::ListUsers => (
                vec![
                    "user:read:admin".into(),
                    "user:write:admin".into(),
                    "user:read".into(),
                    "user:write".into(),
                ],
                Some("user:read:list_users".into()),
            ),
            Endpoint::ListEvents(kind) => (
                read(kind),
                Some(format!("{}:read:list_{}s", kind.noun(), kind.noun())),
            ),
            Endpoint::GetEvent(kind) => (read(kind), Some(format!("{0}:read:{0}", kind.noun()))),
            Endpoint::ListRegistrants(kind) => (
                read(kind),
                Some(format!("{}:read:list_registrants", kind.noun())),
            ),
            Endpoint::GetRegistrant(kind) => {
                (read(kind), Some(format!("{}:read:registrant", kind.noun())))
            }
            Endpoint::GetQuestions(kind) => (
                read(kind),
                Some(format!("{}:read:list_registration_questions", kind.noun())),
            ),
            Endpoint::AddRegistrant(kind) => (
                write(kind),
                Some(format!("{}:write:registrant", kind.noun())),
            ),
            Endpoint::DeleteRegistrant(kind) => (
                write(kind),
                Some(format!("{}:delete:registrant", kind.noun())),
            ),
            Endpoint::UpdateStatus(kind) => (
                write(kind),
                Some(format!("{}:update:registrant_status", kind.noun())),
            ),
            Endpoint::UpdateQuestions(kind) => (
                write(kind),
                Some(format!("{}:update:registration_question", kind.noun())),
            ),
            Endpoint::BatchRegister(kind) => (
                write(kind),
                Some(format!("{}:write:batch_registrants", kind.noun())),
            ),
            Endpoint::PastInstances(kind) => (
                read(kind),
                Some(format!("{}:read:list_past_instances", kind.noun())),
            ),
            Endpoint::PastParticipants(kind) => (
                read(kind),
                Some(format!("{}:read:list_past_participants", kind.noun())),
            ),
            // Reports have account-level scopes only (docs/zoom-attendance-facts.md §2.5).
            Endpoint::ReportParticipants(kind) => {
                return vec![
                    "report:read:admin".to_owned(),
                    format!("report:read:list_{}_participants:admin", kind.noun()),
                ];
            }
            Endpoint::WebinarAbsentees => (
                read(EventKind::Webinar),
                Some("webinar:read:list_absentees".to_owned()),
            ),
        };
        let mut scopes = classic;
        if let Some(granular) = granular {
            scopes.push(format!("{granular}:admin"));
            // Listing users has no user-level granular form.
            if self != Endpoint::ListUsers {
                scopes.push(granular);
            }
        }
        scopes
    }

    /// Whether a token with these granted scopes may call this endpoint.
    pub fn allowed_by(self, granted: &[String]) -> bool {
        self == Endpoint::Token
            || self
                .accepted_scopes()
                .iter()
                .any(|scope| granted.iter().any(|have| have == scope))
    }

    /// The regdesk features that need this endpoint, in plain words.
    pub fn features(self) -> &'static str {
        match self {
            Endpoint::Token => "everything",
            Endpoint::ListUsers => "choosing whose meetings to list (doctor, the user picker)",
            Endpoint::ListEvents(_) => {
                "the meetings/webinars list (`regdesk meetings`, the first screen)"
            }
            Endpoint::GetEvent(_) => {
                "showing whether registration is on (`regdesk meetings`), occurrences, add and import checks"
            }
            Endpoint::ListRegistrants(_) => {
                "listing registrants (`registrants`, `export`, `status`/`delete` by email, import planning, the registrants screen)"
            }
            Endpoint::GetRegistrant(_) => "the registrant detail screen",
            Endpoint::GetQuestions(_) => {
                "checking required fields and custom questions (`add`, import, the add form)"
            }
            Endpoint::AddRegistrant(_) => {
                "registering people one by one (`add`, the add form, import rows with extra fields)"
            }
            Endpoint::DeleteRegistrant(_) => "deleting registrants (`delete`, `x` in the TUI)",
            Endpoint::UpdateStatus(_) => {
                "approving, denying and cancelling (`status`, A/D/C in the TUI)"
            }
            Endpoint::UpdateQuestions(_) => "editing registration questions",
            Endpoint::BatchRegister(_) => "fast bulk import (batches of 30)",
            Endpoint::PastInstances(_) => {
                "choosing a past instance (`regdesk attendance --instances`)"
            }
            Endpoint::PastParticipants(_) => {
                "attendance without a report scope (`regdesk attendance`, by email)"
            }
            Endpoint::ReportParticipants(_) => {
                "attendance follow-up: no-shows and walk-ins (`regdesk attendance`)"
            }
            Endpoint::WebinarAbsentees => "Zoom's own list of webinar absentees",
        }
    }
}

fn read(kind: EventKind) -> Vec<String> {
    vec![
        format!("{}:read:admin", kind.noun()),
        format!("{}:read", kind.noun()),
    ]
}

fn write(kind: EventKind) -> Vec<String> {
    vec![
        format!("{}:write:admin", kind.noun()),
        format!("{}:write", kind.noun()),
    ]
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn granular_and_classic_scopes_are_accepted() {
        let list = Endpoint::ListRegistrants(EventKind::Webinar);
        assert!(list.allowed_by(&["webinar:read:list_registrants:admin".into()]));
        assert!(list.allowed_by(&["webinar:read:admin".into()]));
        assert!(!list.allowed_by(&["meeting:read:admin".into()]));
        assert_eq!(
            Endpoint::ListUsers
                .accepted_scopes()
                .last()
                .map(String::as_str),
            Some("user:read:list_users:admin")
        );
    }

    #[test]
    fn categories_follow_zoom_labels() {
        assert_eq!(
            Endpoint::BatchRegister(EventKind::Meeting).category(),
            Some(Category::Heavy)
        );
        assert_eq!(
            Endpoint::UpdateStatus(EventKind::Webinar).category(),
            Some(Category::Medium)
        );
        assert_eq!(
            Endpoint::AddRegistrant(EventKind::Meeting).category(),
            Some(Category::Light)
        );
        assert_eq!(
            Endpoint::ReportParticipants(EventKind::Webinar).category(),
            Some(Category::Heavy)
        );
        assert_eq!(
            Endpoint::PastInstances(EventKind::Webinar).category(),
            Some(Category::Light)
        );
        assert_eq!(Plan::Free.per_second(Category::Medium), Some(2));
        assert_eq!(Plan::Unlimited.per_second(Category::Heavy), None);
    }
}
