//! Typed models of Zoom's users, meetings, webinars, registrants and registration questions, as
//! the client returns them and accepts them. Zoom adds enum values over time, so every enum keeps
//! values it does not know (`Other`) instead of failing the whole response; optional fields are
//! `Option`, and numbers that Zoom sometimes sends as strings are read either way.
//!
//! One file per concept: `event` (meetings and webinars), `registrant`, `question`, `user`;
//! `lenient` holds the forgiving deserializers they share.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Defines an enum of Zoom string values that keeps unknown values in `Other(String)`.
macro_rules! open_string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version of regdesk does not know, kept as Zoom sent it.
            Other(String),
        }

        impl $name {
            /// The value as Zoom spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(text) => text,
                }
            }

            /// Reads Zoom's spelling; unknown values become `Other`.
            pub fn from_zoom(text: &str) -> Self {
                match text {
                    $($text => $name::$variant,)+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Ok($name::from_zoom(&text))
            }
        }
    };
}

/// Defines an enum of Zoom integer codes that keeps unknown codes in `Other(i64)`.
macro_rules! open_int_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A code this version of regdesk does not know, kept as Zoom sent it.
            Other(i64),
        }

        impl $name {
            /// Zoom's numeric code.
            pub fn code(self) -> i64 {
                match self {
                    $($name::$variant => $code,)+
                    $name::Other(code) => code,
                }
            }

            /// Reads Zoom's code; unknown codes become `Other`.
            pub fn from_code(code: i64) -> Self {
                match code {
                    $($code => $name::$variant,)+
                    other => $name::Other(other),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Ok($name::from_code(lenient::int(deserializer)?))
            }
        }
    };
}

mod event;
pub(crate) mod lenient;
mod question;
mod registrant;
mod user;

pub use event::*;
pub use question::*;
pub use registrant::*;
pub use user::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_enum_values_are_kept_not_fatal() {
        let registrant: Registrant = serde_json::from_value(serde_json::json!({
            "id": "abc", "email": "a@example.com", "first_name": "A", "status": "waitlisted",
            "create_time": "", "participant_pin_code": "123456", "zip": 12345
        }))
        .unwrap();
        assert_eq!(
            registrant.status,
            RegistrantStatus::Other("waitlisted".into())
        );
        assert_eq!(registrant.create_time, None);
        assert_eq!(registrant.participant_pin_code, Some(123456));
        assert_eq!(registrant.fields.zip.as_deref(), Some("12345"));

        let detail: EventDetail = serde_json::from_value(serde_json::json!({
            "id": 85746065123u64, "topic": "T", "type": 42,
            "settings": {"approval_type": 7, "registration_type": 3}
        }))
        .unwrap();
        assert_eq!(detail.summary.event_type, EventType::Other(42));
        assert_eq!(detail.settings.approval_type, ApprovalType::Other(7));
        assert_eq!(
            detail.settings.registration_type,
            Some(RegistrationType::OnceChooseOccurrences)
        );
        assert!(!detail.registration_enabled());
    }

    #[test]
    fn questions_round_trip_with_unknown_types() {
        let questions: Questions = serde_json::from_value(serde_json::json!({
            "questions": [{"field_name": "job_title", "required": true}, {"field_name": "pet", "required": false}],
            "custom_questions": [{"title": "Diet", "type": "single_dropdown", "required": true, "answers": ["veg", "any"]},
                                 {"title": "Shoe", "type": "ranking"}]
        }))
        .unwrap();
        assert!(questions.is_required(&QuestionField::JobTitle));
        assert_eq!(
            questions.questions[1].field_name,
            QuestionField::Other("pet".into())
        );
        assert_eq!(
            questions.custom("diet").map(|q| q.kind.is_choice()),
            Some(true)
        );
        assert_eq!(
            questions.custom_questions[1].kind,
            CustomQuestionType::Other("ranking".into())
        );
        let back = serde_json::to_value(&questions).unwrap();
        assert_eq!(back["custom_questions"][1]["type"], "ranking");
        assert_eq!(back["questions"][1]["field_name"], "pet");
    }

    #[test]
    fn new_registrant_serializes_only_what_is_set() {
        let mut person = NewRegistrant::new("a@example.com", "Ann");
        assert!(person.fields.set(&QuestionField::JobTitle, "Chef"));
        assert!(
            !person
                .fields
                .set(&QuestionField::Other("pet".into()), "cat")
        );
        let body = serde_json::to_value(&person).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"email": "a@example.com", "first_name": "Ann", "job_title": "Chef"})
        );
    }
}
