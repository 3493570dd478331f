//! The API endpoints the simulator serves, each with its Zoom rate-limit label and the scopes that
//! grant it: the classic scopes of the OpenAPI file's `security` and the granular scopes of
//! zoom-api.md §7. A token needs any one of them; the 4711 error lists them all.

use super::config::Category;
use super::world::EventKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Endpoint {
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
    BatchRegistrants(EventKind),
}

impl Endpoint {
    pub(crate) fn category(self) -> Category {
        match self {
            Endpoint::ListUsers
            | Endpoint::ListEvents(_)
            | Endpoint::ListRegistrants(_)
            | Endpoint::UpdateStatus(_) => Category::Medium,
            Endpoint::GetEvent(_)
            | Endpoint::AddRegistrant(_)
            | Endpoint::GetRegistrant(_)
            | Endpoint::DeleteRegistrant(_)
            | Endpoint::GetQuestions(_)
            | Endpoint::UpdateQuestions(_) => Category::Light,
            Endpoint::BatchRegistrants(_) => Category::Heavy,
        }
    }

    /// `METHOD /path` as the OpenAPI file writes it; the key of per-endpoint statistics.
    pub(crate) fn label(self) -> &'static str {
        use EventKind::{Meeting, Webinar};
        match self {
            Endpoint::ListUsers => "GET /users",
            Endpoint::ListEvents(Meeting) => "GET /users/{userId}/meetings",
            Endpoint::ListEvents(Webinar) => "GET /users/{userId}/webinars",
            Endpoint::GetEvent(Meeting) => "GET /meetings/{meetingId}",
            Endpoint::GetEvent(Webinar) => "GET /webinars/{webinarId}",
            Endpoint::ListRegistrants(Meeting) => "GET /meetings/{meetingId}/registrants",
            Endpoint::ListRegistrants(Webinar) => "GET /webinars/{webinarId}/registrants",
            Endpoint::AddRegistrant(Meeting) => "POST /meetings/{meetingId}/registrants",
            Endpoint::AddRegistrant(Webinar) => "POST /webinars/{webinarId}/registrants",
            Endpoint::GetRegistrant(Meeting) => {
                "GET /meetings/{meetingId}/registrants/{registrantId}"
            }
            Endpoint::GetRegistrant(Webinar) => {
                "GET /webinars/{webinarId}/registrants/{registrantId}"
            }
            Endpoint::DeleteRegistrant(Meeting) => {
                "DELETE /meetings/{meetingId}/registrants/{registrantId}"
            }
            Endpoint::DeleteRegistrant(Webinar) => {
                "DELETE /webinars/{webinarId}/registrants/{registrantId}"
            }
            Endpoint::UpdateStatus(Meeting) => "PUT /meetings/{meetingId}/registrants/status",
            Endpoint::UpdateStatus(Webinar) => "PUT /webinars/{webinarId}/registrants/status",
            Endpoint::GetQuestions(Meeting) => "GET /meetings/{meetingId}/registrants/questions",
            Endpoint::GetQuestions(Webinar) => "GET /webinars/{webinarId}/registrants/questions",
            Endpoint::UpdateQuestions(Meeting) => {
                "PATCH /meetings/{meetingId}/registrants/questions"
            }
            Endpoint::UpdateQuestions(Webinar) => {
                "PATCH /webinars/{webinarId}/registrants/questions"
            }
            Endpoint::BatchRegistrants(Meeting) => "POST /meetings/{meetingId}/batch_registrants",
            Endpoint::BatchRegistrants(Webinar) => "POST /webinars/{webinarId}/batch_registrants",
        }
    }

    /// Every scope that grants this endpoint: granular (user-level, then `:admin`), then classic.
    pub(crate) fn accepted_scopes(self) -> Vec<String> {
        let (granular, classic): (String, [&str; 2]) = match self {
            Endpoint::ListUsers => {
                return [
                    "user:read:list_users:admin",
                    "user:read:admin",
                    "user:read",
                    "user:write:admin",
                    "user:write",
                ]
                .map(String::from)
                .to_vec();
            }
            Endpoint::ListEvents(kind) => (kind.granular("read:list_{}s"), kind.classic_read()),
            Endpoint::GetEvent(kind) => (kind.granular("read:{}"), kind.classic_read()),
            Endpoint::ListRegistrants(kind) => {
                (kind.granular("read:list_registrants"), kind.classic_read())
            }
            Endpoint::AddRegistrant(kind) => {
                (kind.granular("write:registrant"), kind.classic_write())
            }
            Endpoint::GetRegistrant(kind) => {
                (kind.granular("read:registrant"), kind.classic_read())
            }
            Endpoint::DeleteRegistrant(kind) => {
                (kind.granular("delete:registrant"), kind.classic_write())
            }
            Endpoint::UpdateStatus(kind) => (
                kind.granular("update:registrant_status"),
                kind.classic_write(),
            ),
            Endpoint::GetQuestions(kind) => (
                kind.granular("read:list_registration_questions"),
                kind.classic_read(),
            ),
            Endpoint::UpdateQuestions(kind) => (
                kind.granular("update:registration_question"),
                kind.classic_write(),
            ),
            Endpoint::BatchRegistrants(kind) => (
                kind.granular("write:batch_registrants"),
                kind.classic_write(),
            ),
        };
        let admin = format!("{granular}:admin");
        vec![
            granular,
            admin,
            classic[0].to_owned(),
            classic[1].to_owned(),
        ]
    }
}

impl EventKind {
    /// `meeting:` or `webinar:` followed by `action`, where `{}` stands for the kind's name.
    fn granular(self, action: &str) -> String {
        let name = self.name();
        format!("{name}:{}", action.replace("{}", name))
    }

    fn classic_read(self) -> [&'static str; 2] {
        match self {
            EventKind::Meeting => ["meeting:read:admin", "meeting:read"],
            EventKind::Webinar => ["webinar:read:admin", "webinar:read"],
        }
    }

    fn classic_write(self) -> [&'static str; 2] {
        match self {
            EventKind::Meeting => ["meeting:write:admin", "meeting:write"],
            EventKind::Webinar => ["webinar:write:admin", "webinar:write"],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_match_zoom_api_section_7() {
        assert_eq!(
            Endpoint::ListRegistrants(EventKind::Meeting).accepted_scopes(),
            [
                "meeting:read:list_registrants",
                "meeting:read:list_registrants:admin",
                "meeting:read:admin",
                "meeting:read"
            ]
        );
        assert_eq!(
            Endpoint::ListEvents(EventKind::Webinar).accepted_scopes()[..2],
            [
                "webinar:read:list_webinars",
                "webinar:read:list_webinars:admin"
            ]
        );
        assert_eq!(
            Endpoint::GetEvent(EventKind::Meeting).accepted_scopes()[0],
            "meeting:read:meeting"
        );
        assert_eq!(
            Endpoint::UpdateStatus(EventKind::Webinar).accepted_scopes(),
            [
                "webinar:update:registrant_status",
                "webinar:update:registrant_status:admin",
                "webinar:write:admin",
                "webinar:write"
            ]
        );
        assert_eq!(
            Endpoint::BatchRegistrants(EventKind::Meeting).accepted_scopes()[1],
            "meeting:write:batch_registrants:admin"
        );
    }
}
