//! Typed models of Zoom's users, meetings, webinars, registrants and registration questions, as
//! the client returns them and accepts them. Zoom adds enum values over time, so every enum keeps
//! values it does not know (`Other`) instead of failing the whole response; optional fields are
//! `Option`, and numbers that Zoom sometimes sends as strings are read either way.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Whether an ID names a meeting or a webinar. It decides the path prefix of every endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Meeting,
    Webinar,
}

impl EventKind {
    /// The path segment of this kind's endpoints: `meetings` or `webinars`.
    pub fn path_segment(self) -> &'static str {
        match self {
            EventKind::Meeting => "meetings",
            EventKind::Webinar => "webinars",
        }
    }

    /// `meeting` or `webinar`, for messages.
    pub fn noun(self) -> &'static str {
        match self {
            EventKind::Meeting => "meeting",
            EventKind::Webinar => "webinar",
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.noun())
    }
}

/// One meeting or webinar, by kind and numeric ID (Zoom's IDs exceed 32 bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EventRef {
    pub kind: EventKind,
    pub id: u64,
}

impl EventRef {
    pub fn meeting(id: u64) -> Self {
        EventRef {
            kind: EventKind::Meeting,
            id,
        }
    }

    pub fn webinar(id: u64) -> Self {
        EventRef {
            kind: EventKind::Webinar,
            id,
        }
    }

    /// `/meetings/{id}` or `/webinars/{id}`.
    pub fn path(&self) -> String {
        format!("/{}/{}", self.kind.path_segment(), self.id)
    }
}

impl fmt::Display for EventRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind.noun(), self.id)
    }
}

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

open_string_enum! {
    /// A registrant's status.
    RegistrantStatus {
        Approved = "approved",
        Pending = "pending",
        Denied = "denied",
    }
}

open_int_enum! {
    /// `settings.approval_type`: whether and how registration works.
    ApprovalType {
        /// Registrants are approved automatically.
        Automatic = 0,
        /// The host approves each registrant.
        Manual = 1,
        /// Registration is not required (Zoom's default).
        NoRegistration = 2,
    }
}

impl ApprovalType {
    /// Whether this setting means the event takes registrations.
    pub fn registration_enabled(self) -> bool {
        matches!(self, ApprovalType::Automatic | ApprovalType::Manual)
    }

    /// Plain words for listings.
    pub fn describe(self) -> String {
        match self {
            ApprovalType::Automatic => "auto-approve".to_owned(),
            ApprovalType::Manual => "manual approval".to_owned(),
            ApprovalType::NoRegistration => "off".to_owned(),
            ApprovalType::Other(code) => format!("unknown ({code})"),
        }
    }
}

open_int_enum! {
    /// `settings.registration_type` of recurring events with a fixed time.
    RegistrationType {
        /// Register once and attend any occurrence.
        OnceAttendAny = 1,
        /// Register for each occurrence separately.
        EachOccurrence = 2,
        /// Register once and choose one or more occurrences.
        OnceChooseOccurrences = 3,
    }
}

open_int_enum! {
    /// The `type` of a meeting or webinar.
    EventType {
        Instant = 1,
        Scheduled = 2,
        RecurringNoFixedTime = 3,
        RecurringFixedTime = 8,
        Webinar = 5,
        RecurringWebinarNoFixedTime = 6,
        RecurringWebinarFixedTime = 9,
    }
}

impl EventType {
    /// Plain words for listings.
    pub fn describe(self) -> String {
        match self {
            EventType::Instant => "instant".to_owned(),
            EventType::Scheduled | EventType::Webinar => "scheduled".to_owned(),
            EventType::RecurringNoFixedTime | EventType::RecurringWebinarNoFixedTime => {
                "recurring (no fixed time)".to_owned()
            }
            EventType::RecurringFixedTime | EventType::RecurringWebinarFixedTime => {
                "recurring".to_owned()
            }
            EventType::Other(code) => format!("type {code}"),
        }
    }
}

open_string_enum! {
    /// The standard registration fields (`field_name` of a registration question).
    StandardField {
        LastName = "last_name",
        Address = "address",
        City = "city",
        Country = "country",
        Zip = "zip",
        State = "state",
        Phone = "phone",
        Industry = "industry",
        Org = "org",
        JobTitle = "job_title",
        PurchasingTimeFrame = "purchasing_time_frame",
        RoleInPurchaseProcess = "role_in_purchase_process",
        NoOfEmployees = "no_of_employees",
        Comments = "comments",
    }
}

impl StandardField {
    /// Every standard field regdesk can send, in Zoom's order.
    pub const ALL: [StandardField; 14] = [
        StandardField::LastName,
        StandardField::Address,
        StandardField::City,
        StandardField::Country,
        StandardField::Zip,
        StandardField::State,
        StandardField::Phone,
        StandardField::Industry,
        StandardField::Org,
        StandardField::JobTitle,
        StandardField::PurchasingTimeFrame,
        StandardField::RoleInPurchaseProcess,
        StandardField::NoOfEmployees,
        StandardField::Comments,
    ];
}

open_string_enum! {
    /// The type of a custom registration question.
    CustomQuestionType {
        /// Free text.
        Short = "short",
        /// One of `answers` (meetings).
        Single = "single",
        /// One of `answers`, as radio buttons (webinars).
        SingleRadio = "single_radio",
        /// One of `answers`, as a drop-down (webinars).
        SingleDropdown = "single_dropdown",
        /// Several of `answers` (webinars).
        Multiple = "multiple",
    }
}

impl CustomQuestionType {
    /// Whether the answer must be one of the question's `answers`.
    pub fn is_choice(&self) -> bool {
        matches!(
            self,
            CustomQuestionType::Single
                | CustomQuestionType::SingleRadio
                | CustomQuestionType::SingleDropdown
                | CustomQuestionType::Multiple
        )
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

/// Which meetings or webinars to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ListScope {
    /// Every unexpired scheduled event, live ones and upcoming ones (Zoom's `scheduled`).
    #[default]
    All,
    /// Only upcoming ones.
    Upcoming,
}

impl ListScope {
    pub(crate) fn query_value(self) -> &'static str {
        match self {
            ListScope::All => "scheduled",
            ListScope::Upcoming => "upcoming",
        }
    }
}

/// A user of the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// Absent for users whose invitation is pending.
    #[serde(default)]
    pub id: Option<String>,
    pub email: String,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    /// 1 Basic, 2 Licensed, 4 No Meeting License, 99 None.
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_int")]
    pub user_type: Option<i64>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub timezone: Option<String>,
}

/// A meeting or webinar as listings return it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventSummary {
    #[serde(deserialize_with = "lenient::u64")]
    pub id: u64,
    #[serde(default)]
    pub uuid: Option<String>,
    #[serde(default)]
    pub host_id: Option<String>,
    #[serde(default)]
    pub topic: String,
    #[serde(rename = "type", default = "EventType::unknown")]
    pub event_type: EventType,
    #[serde(default, with = "lenient::timestamp")]
    pub start_time: Option<jiff::Timestamp>,
    /// Minutes.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub duration: Option<u64>,
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default)]
    pub agenda: Option<String>,
    #[serde(default, with = "lenient::timestamp")]
    pub created_at: Option<jiff::Timestamp>,
    #[serde(default)]
    pub join_url: Option<String>,
}

impl EventType {
    fn unknown() -> Self {
        EventType::Other(0)
    }
}

/// One occurrence of a recurring meeting or webinar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Occurrence {
    /// Milliseconds since the epoch, as a string (Zoom's format).
    #[serde(deserialize_with = "lenient::string")]
    pub occurrence_id: String,
    #[serde(default, with = "lenient::timestamp")]
    pub start_time: Option<jiff::Timestamp>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub duration: Option<u64>,
    /// `available` or `deleted`.
    #[serde(default)]
    pub status: Option<String>,
}

/// The registration settings of a meeting or webinar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegistrationSettings {
    #[serde(default = "ApprovalType::zoom_default")]
    pub approval_type: ApprovalType,
    #[serde(default)]
    pub registration_type: Option<RegistrationType>,
    #[serde(default)]
    pub registrants_confirmation_email: Option<bool>,
    #[serde(default)]
    pub registrants_email_notification: Option<bool>,
    #[serde(default)]
    pub close_registration: Option<bool>,
    /// Webinars: the most registrants allowed (0 = no limit).
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub registrants_restrict_number: Option<u64>,
}

impl ApprovalType {
    fn zoom_default() -> Self {
        ApprovalType::NoRegistration
    }
}

impl Default for RegistrationSettings {
    fn default() -> Self {
        RegistrationSettings {
            approval_type: ApprovalType::NoRegistration,
            registration_type: None,
            registrants_confirmation_email: None,
            registrants_email_notification: None,
            close_registration: None,
            registrants_restrict_number: None,
        }
    }
}

/// A meeting or webinar with its registration settings and occurrences (get meeting/webinar).
/// The host's start URL and the passcodes are deliberately not kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventDetail {
    /// What listings show too.
    #[serde(flatten)]
    pub summary: EventSummary,
    #[serde(default)]
    pub host_email: Option<String>,
    /// `waiting` or `started` (meetings).
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub occurrences: Vec<Occurrence>,
    #[serde(default)]
    pub settings: RegistrationSettings,
}

impl EventDetail {
    /// Whether the event takes registrations at all.
    pub fn registration_enabled(&self) -> bool {
        self.settings.approval_type.registration_enabled()
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
            StandardField::LastName => Some($($borrow)+ $fields.last_name),
            StandardField::Address => Some($($borrow)+ $fields.address),
            StandardField::City => Some($($borrow)+ $fields.city),
            StandardField::Country => Some($($borrow)+ $fields.country),
            StandardField::Zip => Some($($borrow)+ $fields.zip),
            StandardField::State => Some($($borrow)+ $fields.state),
            StandardField::Phone => Some($($borrow)+ $fields.phone),
            StandardField::Industry => Some($($borrow)+ $fields.industry),
            StandardField::Org => Some($($borrow)+ $fields.org),
            StandardField::JobTitle => Some($($borrow)+ $fields.job_title),
            StandardField::PurchasingTimeFrame => Some($($borrow)+ $fields.purchasing_time_frame),
            StandardField::RoleInPurchaseProcess => Some($($borrow)+ $fields.role_in_purchase_process),
            StandardField::NoOfEmployees => Some($($borrow)+ $fields.no_of_employees),
            StandardField::Comments => Some($($borrow)+ $fields.comments),
            StandardField::Other(_) => None,
        }
    };
}

impl ProfileFields {
    /// The value of a standard field, if set.
    pub fn get(&self, field: &StandardField) -> Option<&str> {
        profile_slot!(self, field, &).and_then(|value: &Option<String>| value.as_deref())
    }

    /// Sets a standard field. Returns false for a field name regdesk does not know
    /// (`StandardField::Other`), which cannot be sent.
    pub fn set(&mut self, field: &StandardField, value: impl Into<String>) -> bool {
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

/// A standard registration question: whether the field is asked and whether it is required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardQuestion {
    pub field_name: StandardField,
    #[serde(default)]
    pub required: bool,
}

/// A custom registration question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomQuestion {
    pub title: String,
    #[serde(rename = "type", default = "CustomQuestionType::default_short")]
    pub kind: CustomQuestionType,
    #[serde(default)]
    pub required: bool,
    /// The choices of choice questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<String>,
}

impl CustomQuestionType {
    fn default_short() -> Self {
        CustomQuestionType::Short
    }
}

/// The registration questions of a meeting or webinar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questions {
    #[serde(default)]
    pub questions: Vec<StandardQuestion>,
    #[serde(default)]
    pub custom_questions: Vec<CustomQuestion>,
}

impl Questions {
    /// The custom question with this title (ignoring case).
    pub fn custom(&self, title: &str) -> Option<&CustomQuestion> {
        self.custom_questions
            .iter()
            .find(|question| question.title.eq_ignore_ascii_case(title.trim()))
    }

    /// Whether this standard field is asked and required.
    pub fn is_required(&self, field: &StandardField) -> bool {
        self.questions
            .iter()
            .any(|question| &question.field_name == field && question.required)
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

/// Deserializers that accept what Zoom actually sends: numbers as strings and the other way
/// round, empty strings for absent dates, null for absent values.
pub(crate) mod lenient {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};
    use serde_json::Value;

    fn number_or_string<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Value>, D::Error> {
        let value = Option::<Value>::deserialize(deserializer)?;
        Ok(value.filter(|value| !value.is_null()))
    }

    pub fn int<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
        opt_int(deserializer)?.ok_or_else(|| D::Error::custom("expected an integer"))
    }

    pub fn opt_int<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
        match number_or_string(deserializer)? {
            None => Ok(None),
            Some(Value::Number(number)) => number
                .as_i64()
                .map(Some)
                .ok_or_else(|| D::Error::custom(format!("{number} is not an integer"))),
            Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
            Some(Value::String(text)) => text
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| D::Error::custom(format!("{text:?} is not an integer"))),
            Some(other) => Err(D::Error::custom(format!("{other} is not an integer"))),
        }
    }

    pub fn u64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
        opt_u64(deserializer)?.ok_or_else(|| D::Error::custom("expected a number"))
    }

    pub fn opt_u64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
        match number_or_string(deserializer)? {
            None => Ok(None),
            Some(Value::Number(number)) => number
                .as_u64()
                .map(Some)
                .ok_or_else(|| D::Error::custom(format!("{number} is not a non-negative integer"))),
            Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
            Some(Value::String(text)) => {
                text.trim().parse().map(Some).map_err(|_| {
                    D::Error::custom(format!("{text:?} is not a non-negative integer"))
                })
            }
            Some(other) => Err(D::Error::custom(format!("{other} is not a number"))),
        }
    }

    pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        Ok(opt_string(deserializer)?.unwrap_or_default())
    }

    pub fn opt_string<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<String>, D::Error> {
        Ok(match number_or_string(deserializer)? {
            None => None,
            Some(Value::String(text)) => Some(text),
            Some(other) => Some(other.to_string()),
        })
    }

    /// Optional ISO-8601 timestamps; empty or unparseable values become `None` rather than
    /// failing the whole response.
    pub mod timestamp {
        use super::*;

        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<jiff::Timestamp>, D::Error> {
            Ok(super::opt_string(deserializer)?
                .and_then(|text| text.trim().parse::<jiff::Timestamp>().ok()))
        }

        pub fn serialize<S: Serializer>(
            value: &Option<jiff::Timestamp>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match value {
                Some(timestamp) => serializer.serialize_str(&timestamp.to_string()),
                None => serializer.serialize_none(),
            }
        }
    }
}

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
        assert!(questions.is_required(&StandardField::JobTitle));
        assert_eq!(
            questions.questions[1].field_name,
            StandardField::Other("pet".into())
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
        assert!(person.fields.set(&StandardField::JobTitle, "Chef"));
        assert!(
            !person
                .fields
                .set(&StandardField::Other("pet".into()), "cat")
        );
        let body = serde_json::to_value(&person).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"email": "a@example.com", "first_name": "Ann", "job_title": "Chef"})
        );
    }
}
