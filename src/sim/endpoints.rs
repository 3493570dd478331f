//! The API endpoints the simulator serves, each with its Zoom rate-limit label and the scopes that
//! grant it: the classic scopes of the OpenAPI file's `security` and the granular scopes of
//! zoom-api.md §7 (for the attendance endpoints: docs/zoom-attendance-facts.md §4). A token needs
//! any one of them; the 4711 error lists them all.

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
    pub(crate) fn category(self) -> Category {
        match self {
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
            Endpoint::PastInstances(Meeting) => "GET /past_meetings/{meetingId}/instances",
            Endpoint::PastInstances(Webinar) => "GET /past_webinars/{webinarId}/instances",
            Endpoint::PastParticipants(Meeting) => "GET /past_meetings/{meetingId}/participants",
            Endpoint::PastParticipants(Webinar) => "GET /past_webinars/{webinarId}/participants",
            Endpoint::ReportParticipants(Meeting) => {
                "GET /report/meetings/{meetingId}/participants"
            }
            Endpoint::ReportParticipants(Webinar) => {
                "GET /report/webinars/{webinarId}/participants"
            }
            Endpoint::WebinarAbsentees => "GET /past_webinars/{webinarId}/absentees",
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
            Endpoint::PastInstances(kind) => (
                kind.granular("read:list_past_instances"),
                kind.classic_read(),
            ),
            Endpoint::PastParticipants(kind) => (
                kind.granular("read:list_past_participants"),
                kind.classic_read(),
            ),
            // Reports have account-level scopes only (docs/zoom-attendance-facts.md §2.5).
            Endpoint::ReportParticipants(kind) => {
                return vec![
                    format!("report:read:list_{}_participants:admin", kind.name()),
                    "report:read:admin".to_owned(),
                ];
            }
            Endpoint::WebinarAbsentees => (
                EventKind::Webinar.granular("read:list_absentees"),
                EventKind::Webinar.classic_read(),
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

    #[test]
    fn attendance_endpoints_have_zooms_scopes_and_labels() {
        assert_eq!(
            Endpoint::ReportParticipants(EventKind::Webinar).accepted_scopes(),
            [
                "report:read:list_webinar_participants:admin",
                "report:read:admin"
            ]
        );
        assert_eq!(
            Endpoint::PastParticipants(EventKind::Meeting).accepted_scopes(),
            [
                "meeting:read:list_past_participants",
                "meeting:read:list_past_participants:admin",
                "meeting:read:admin",
                "meeting:read"
            ]
        );
        assert_eq!(
            Endpoint::WebinarAbsentees.accepted_scopes()[1],
            "webinar:read:list_absentees:admin"
        );
        assert_eq!(
            Endpoint::ReportParticipants(EventKind::Meeting).category(),
            Category::Heavy
        );
        assert_eq!(
            Endpoint::PastInstances(EventKind::Webinar).category(),
            Category::Light
        );
    }
}
