//! Registrants: their status, the standard profile fields, the bodies regdesk sends (single
//! and batch adds, status changes) and the outcomes of those calls.

use super::*;

open_string_enum! {
    /// A registrant's status.
    RegistrantStatus {
        Approved = "approved",
        Pending = "pending",
        Denied = "denied",
    }
}

/// What a status change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusAction {
    Approve,
    Deny,
    /// Cancels a previously approved registration.
    Cancel,
}

impl StatusAction {
    pub fn as_str(self) -> &'static str {
        match self {
            StatusAction::Approve => "approve",
            StatusAction::Deny => "deny",
            StatusAction::Cancel => "cancel",
        }
    }
}

/// Which registrants a listing asks Zoom for (Zoom's default is approved only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ListStatus {
    Pending,
    Approved,
    Denied,
}

impl ListStatus {
    pub const ALL: [ListStatus; 3] = [
        ListStatus::Pending,
        ListStatus::Approved,
        ListStatus::Denied,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ListStatus::Pending => "pending",
            ListStatus::Approved => "approved",
            ListStatus::Denied => "denied",
        }
    }

    /// The status registrants listed under this filter have.
    pub fn status(self) -> RegistrantStatus {
        match self {
            ListStatus::Pending => RegistrantStatus::Pending,
            ListStatus::Approved => RegistrantStatus::Approved,
            ListStatus::Denied => RegistrantStatus::Denied,
        }
    }
}

/// The standard registration fields besides email and first name. Shared by registrants Zoom
/// returns and registrants regdesk sends; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileFields {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub last_name: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub address: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub city: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub state: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub zip: Option<String>,
    /// Two-letter country code.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub country: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub phone: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub comments: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub industry: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub job_title: Option<String>,
    /// Kept as text: Zoom's request and response enums for it differ.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub no_of_employees: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub org: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub purchasing_time_frame: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub role_in_purchase_process: Option<String>,
}

/// The `Option<String>` a standard field is kept in, borrowed as `&` or `&mut`; `None` for
/// field names regdesk does not know.
macro_rules! profile_slot {
    ($fields:expr, $field:expr, $($borrow:tt)+) => {
        match $field {
            QuestionField::LastName => Some($($borrow)+ $fields.last_name),
            QuestionField::Address => Some($($borrow)+ $fields.address),
            QuestionField::City => Some($($borrow)+ $fields.city),
            QuestionField::Country => Some($($borrow)+ $fields.country),
            QuestionField::Zip => Some($($borrow)+ $fields.zip),
            QuestionField::State => Some($($borrow)+ $fields.state),
            QuestionField::Phone => Some($($borrow)+ $fields.phone),
            QuestionField::Industry => Some($($borrow)+ $fields.industry),
            QuestionField::Org => Some($($borrow)+ $fields.org),
            QuestionField::JobTitle => Some($($borrow)+ $fields.job_title),
            QuestionField::PurchasingTimeFrame => Some($($borrow)+ $fields.purchasing_time_frame),
            QuestionField::RoleInPurchaseProcess => Some($($borrow)+ $fields.role_in_purchase_process),
            QuestionField::NoOfEmployees => Some($($borrow)+ $fields.no_of_employees),
            QuestionField::Comments => Some($($borrow)+ $fields.comments),
            QuestionField::Other(_) => None,
        }
    };
}

impl ProfileFields {
    /// The value of a standard field, if set.
    pub fn get(&self, field: &QuestionField) -> Option<&str> {
        profile_slot!(self, field, &).and_then(|value: &Option<String>| value.as_deref())
    }

    /// Sets a standard field. Returns false for a field name regdesk does not know
    /// (`QuestionField::Other`), which cannot be sent.
    pub fn set(&mut self, field: &QuestionField, value: impl Into<String>) -> bool {
        match profile_slot!(self, field, &mut) {
            Some(slot) => {
                *slot = Some(value.into());
                true
            }
            None => false,
        }
    }
}

/// The answer to a custom registration question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomAnswer {
    pub title: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub value: String,
}

/// A registrant of a meeting or webinar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Registrant {
    /// The registrant ID (a string).
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: String,
    pub email: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(flatten)]
    pub fields: ProfileFields,
    #[serde(default)]
    pub custom_questions: Vec<CustomAnswer>,
    #[serde(default = "RegistrantStatus::unknown")]
    pub status: RegistrantStatus,
    #[serde(default, with = "lenient::timestamp")]
    pub create_time: Option<jiff::Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join_url: Option<String>,
    /// Meetings only.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_u64"
    )]
    pub participant_pin_code: Option<u64>,
    /// Webinars: the language of the confirmation email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl RegistrantStatus {
    fn unknown() -> Self {
        RegistrantStatus::Other(String::new())
    }
}

impl Registrant {
    /// The answer to the custom question with this title, if any (titles compared ignoring case).
    pub fn custom_answer(&self, title: &str) -> Option<&str> {
        self.custom_questions
            .iter()
            .find(|answer| answer.title.eq_ignore_ascii_case(title))
            .map(|answer| answer.value.as_str())
    }

    /// A reference for status changes.
    pub fn to_ref(&self) -> RegistrantRef {
        RegistrantRef {
            id: self.id.clone(),
            email: Some(self.email.clone()),
        }
    }
}

/// A person to register with every field Zoom's add-registrant endpoint accepts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRegistrant {
    pub email: String,
    pub first_name: String,
    #[serde(flatten)]
    pub fields: ProfileFields,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom_questions: Vec<CustomAnswer>,
    /// The language of the confirmation email, e.g. `en-US`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl NewRegistrant {
    pub fn new(email: impl Into<String>, first_name: impl Into<String>) -> Self {
        NewRegistrant {
            email: email.into(),
            first_name: first_name.into(),
            ..NewRegistrant::default()
        }
    }

    /// The answer to the custom question with this title, if any (titles compared ignoring case).
    pub fn custom_answer(&self, title: &str) -> Option<&str> {
        self.custom_questions
            .iter()
            .find(|answer| answer.title.eq_ignore_ascii_case(title))
            .map(|answer| answer.value.as_str())
    }
}

/// A person for batch registration, which accepts only these three fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchRegistrant {
    pub email: String,
    pub first_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
}

/// Options of a batch registration call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchOptions {
    /// Meetings and webinars with manual approval: approve these registrants at once.
    pub auto_approve: Option<bool>,
    /// Meetings: whether Zoom emails each registrant a confirmation. The batch endpoint takes it
    /// per call, so pass the meeting's own `registrants_confirmation_email` setting to treat
    /// batch-registered people like single adds. Not sent for webinars, whose batch endpoint has
    /// no such field.
    pub registrants_confirmation_email: Option<bool>,
}

/// Names a registrant in a status change.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RegistrantRef {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl RegistrantRef {
    pub fn by_id(id: impl Into<String>) -> Self {
        RegistrantRef {
            id: id.into(),
            email: None,
        }
    }
}

/// How an add-registrant call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AddResolution {
    /// Zoom registered the person now.
    Created,
    /// An earlier attempt's outcome was unknown (connection dropped, 5xx); listing the
    /// registrants showed it had registered the person, so nothing was re-sent.
    Reconciled,
    /// The person was already registered before anything was sent.
    AlreadyRegistered,
}

/// Options of an add-registrant call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddOptions {
    /// Register for these occurrences of a recurring event.
    pub occurrence_ids: Vec<String>,
    /// Meetings with manual approval: approve this registrant at once. Ignored for webinars,
    /// whose add endpoint has no such field.
    pub auto_approve: Option<bool>,
    /// List the registrants first (all statuses) and send nothing if the email is there. Saves one
    /// of Zoom's 3 registration requests per person and day; costs a listing.
    pub check_existing: bool,
}

/// The outcome of registering one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddOutcome {
    pub registrant_id: String,
    pub email: String,
    #[serde(default)]
    pub join_url: Option<String>,
    #[serde(default)]
    pub topic: Option<String>,
    #[serde(default)]
    pub start_time: Option<jiff::Timestamp>,
    #[serde(default)]
    pub occurrences: Vec<Occurrence>,
    #[serde(default)]
    pub participant_pin_code: Option<u64>,
    /// The registrant's status when found by listing (not returned by a successful add).
    #[serde(default)]
    pub status: Option<RegistrantStatus>,
    pub resolution: AddResolution,
}

/// One person registered by a batch call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchRegistered {
    pub email: String,
    pub registrant_id: String,
    #[serde(default)]
    pub join_url: Option<String>,
    #[serde(default)]
    pub participant_pin_code: Option<u64>,
    pub resolution: AddResolution,
}

/// The outcome of what may be several calls of ≤ 30 people each (batch registration, status
/// changes): what was done and what failed, with the error of each failed chunk.
#[derive(Debug, Clone)]
pub struct ChunkedOutcome<Done, Item> {
    pub done: Vec<Done>,
    pub failed: Vec<ChunkFailure<Item>>,
}

impl<Done, Item> ChunkedOutcome<Done, Item> {
    /// Whether nothing failed.
    pub fn is_complete(&self) -> bool {
        self.failed.is_empty()
    }
}

/// A chunk that failed, with the people in it and why.
#[derive(Debug, Clone)]
pub struct ChunkFailure<Item> {
    pub items: Vec<Item>,
    pub error: crate::zoom::ZoomError,
}

/// The outcome of batch registration.
pub type BatchOutcome = ChunkedOutcome<BatchRegistered, BatchRegistrant>;

/// The outcome of a status change.
pub type StatusOutcome = ChunkedOutcome<RegistrantRef, RegistrantRef>;

/// How a delete ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeleteOutcome {
    Deleted,
    /// An earlier attempt's outcome was unknown and the retry found the registrant gone.
    AlreadyGone,
}
