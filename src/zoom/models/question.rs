//! Registration questions: the standard fields a meeting asks for by Zoom's name, and custom
//! questions with their types and answers.

use super::*;

open_string_enum! {
    /// A standard registration question's `field_name` as Zoom spells it on the wire (the app's own
    /// field catalogue, with labels and synonyms, is `registrant_fields::catalogue::StandardField`).
    QuestionField {
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

impl QuestionField {
    /// Every standard field regdesk can send, in Zoom's order.
    pub const ALL: [QuestionField; 14] = [
        QuestionField::LastName,
        QuestionField::Address,
        QuestionField::City,
        QuestionField::Country,
        QuestionField::Zip,
        QuestionField::State,
        QuestionField::Phone,
        QuestionField::Industry,
        QuestionField::Org,
        QuestionField::JobTitle,
        QuestionField::PurchasingTimeFrame,
        QuestionField::RoleInPurchaseProcess,
        QuestionField::NoOfEmployees,
        QuestionField::Comments,
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

/// A standard registration question: whether the field is asked and whether it is required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardQuestion {
    pub field_name: QuestionField,
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
    pub fn is_required(&self, field: &QuestionField) -> bool {
        self.questions
            .iter()
            .any(|question| &question.field_name == field && question.required)
    }
}
