//! The add form's fields, built from a meeting's registration questions, and their checks. Pure
//! (no IO, no drawing): the screen edits these fields with keys, asks for their problems as the
//! user moves on, and turns the form into the [`NewRegistrant`] it sends with the one builder
//! `regdesk add` and the import use (so the problems are worded as theirs are).

use crate::registrant_fields::catalogue::StandardField;
use crate::registrant_fields::person::{
    AnswerKind, FieldName, FieldProblem, FormQuestion, MISSING, PersonValues, REQUIRED_MISSING,
    RegistrationForm, build_person, check_email, check_name, normalize_answer, normalize_field,
};
use crate::tui::screens::TextField;
use crate::zoom::{CustomQuestionType, NewRegistrant, Questions};

/// What a field sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Email,
    FirstName,
    Standard(StandardField),
    /// A custom question, by its title.
    Custom(String),
}

/// How a field is edited.
#[derive(Debug, Clone)]
pub enum Entry {
    Text(TextField),
    /// One of `answers`; `None` until one is picked.
    Choice {
        answers: Vec<String>,
        chosen: Option<usize>,
    },
}

/// One row of the form.
#[derive(Debug, Clone)]
pub struct Field {
    pub label: String,
    pub required: bool,
    pub target: Target,
    pub entry: Entry,
    /// What is wrong with the value, shown under the field.
    pub problem: Option<String>,
    /// Several answers of a `multiple` question, separated by commas.
    pub answers_hint: Option<String>,
    /// What a custom question accepts (free text for the other fields).
    pub answer_kind: AnswerKind,
}

impl Field {
    fn text(label: impl Into<String>, required: bool, target: Target) -> Self {
        Field {
            label: label.into(),
            required,
            target,
            entry: Entry::Text(TextField::default()),
            problem: None,
            answers_hint: None,
            answer_kind: AnswerKind::FreeText,
        }
    }

    /// What the field holds now, trimmed (a choice's answer, or "").
    pub fn value(&self) -> String {
        match &self.entry {
            Entry::Text(input) => input.value().trim().to_owned(),
            Entry::Choice { answers, chosen } => chosen
                .and_then(|index| answers.get(index))
                .cloned()
                .unwrap_or_default(),
        }
    }

    pub fn is_choice(&self) -> bool {
        matches!(self.entry, Entry::Choice { .. })
    }

    /// Empties the field for the next person.
    pub fn clear(&mut self) {
        match &mut self.entry {
            Entry::Text(input) => *input = TextField::default(),
            Entry::Choice { chosen, .. } => *chosen = None,
        }
        self.problem = None;
    }

    /// Steps through a choice's answers (`forward` or back), passing "none" on optional ones.
    pub fn cycle(&mut self, forward: bool) {
        let required = self.required;
        if let Entry::Choice { answers, chosen } = &mut self.entry {
            if answers.is_empty() {
                return;
            }
            // Positions 0..len are answers; len is "none", offered only when optional.
            let positions = answers.len() + usize::from(!required);
            let current = chosen.unwrap_or(answers.len());
            let next = match (chosen.is_none() && required, forward) {
                (true, true) => 0,
                (true, false) => answers.len() - 1,
                (false, true) => (current + 1) % positions,
                (false, false) => (current + positions - 1) % positions,
            };
            *chosen = (next < answers.len()).then_some(next);
        }
    }

    /// Picks the next answer starting with `letter` (after the current one), for fast entry.
    pub fn jump_to(&mut self, letter: char) {
        if let Entry::Choice { answers, chosen } = &mut self.entry {
            let start = chosen.map_or(0, |index| index + 1);
            let starts_with = |answer: &String| {
                answer
                    .chars()
                    .next()
                    .is_some_and(|first| first.to_lowercase().eq(letter.to_lowercase()))
            };
            let found = (0..answers.len())
                .map(|offset| (start + offset) % answers.len())
                .find(|&index| starts_with(&answers[index]));
            if found.is_some() {
                *chosen = found;
            }
        }
    }

    /// Pasted text: typed into a text field, or picks the answer it names.
    pub fn paste(&mut self, text: &str) {
        match &mut self.entry {
            Entry::Text(input) => input.paste(text.trim()),
            Entry::Choice { answers, chosen } => {
                if let Some(index) = answers
                    .iter()
                    .position(|answer| answer.trim().eq_ignore_ascii_case(text.trim()))
                {
                    *chosen = Some(index);
                }
            }
        }
    }

    /// What is wrong with the value; `None` when it can be sent. The same checks, in the same
    /// words, as [`build_person`] makes when the form is sent.
    pub fn check(&self) -> Option<String> {
        let value = self.value();
        if value.is_empty() {
            let words = match self.target {
                Target::Email | Target::FirstName => MISSING,
                _ => REQUIRED_MISSING,
            };
            return self.required.then(|| words.to_owned());
        }
        match &self.target {
            Target::Email => check_email(&value).err(),
            Target::FirstName => check_name(StandardField::FirstName, &value, true).err(),
            Target::Standard(StandardField::LastName) => {
                check_name(StandardField::LastName, &value, self.required).err()
            }
            Target::Standard(field) => normalize_field(*field, &value).err(),
            Target::Custom(_) => normalize_answer(&self.answer_kind, &value).err(),
        }
    }

    /// Whether this row holds the field a problem names.
    pub fn holds(&self, name: &FieldName) -> bool {
        match (&self.target, name) {
            (Target::Email, FieldName::Standard(StandardField::Email)) => true,
            (Target::FirstName, FieldName::Standard(StandardField::FirstName)) => true,
            (Target::Standard(field), FieldName::Standard(named)) => field == named,
            (Target::Custom(title), FieldName::Question(named)) => {
                title.trim().eq_ignore_ascii_case(named.trim())
            }
            _ => false,
        }
    }
}

/// The fields of a meeting's form: email and first name, the last name, the standard questions in
/// the meeting's order, then its custom questions. Without questions (not loaded yet) the first
/// three alone, so typing can start at once.
pub fn fields_for(questions: Option<&Questions>) -> Vec<Field> {
    let last_name_required =
        questions.is_some_and(|q| q.is_required(&crate::zoom::StandardField::LastName));
    let mut fields = vec![
        Field::text(StandardField::Email.label(), true, Target::Email),
        Field::text(StandardField::FirstName.label(), true, Target::FirstName),
        Field::text(
            StandardField::LastName.label(),
            last_name_required,
            Target::Standard(StandardField::LastName),
        ),
    ];
    let Some(questions) = questions else {
        return fields;
    };
    for question in &questions.questions {
        // Unknown field names cannot be sent (the client has no slot for them).
        let Some(field) = StandardField::from_zoom(&question.field_name) else {
            continue;
        };
        if field == StandardField::LastName {
            continue;
        }
        let mut entry = Field::text(field.label(), question.required, Target::Standard(field));
        // Zoom takes only its own values for these (employees, time frame, purchase role).
        if let Some(allowed) = field.allowed_values() {
            entry.entry = Entry::Choice {
                answers: allowed.iter().map(|value| (*value).to_owned()).collect(),
                chosen: None,
            };
        }
        fields.push(entry);
    }
    let form = RegistrationForm::from_questions(questions);
    for question in &questions.custom_questions {
        let target = Target::Custom(question.title.clone());
        let mut field = Field::text(question.title.clone(), question.required, target);
        if let Some(FormQuestion { answers, .. }) = form.question(&question.title) {
            field.answer_kind = answers.clone();
        }
        match question.kind {
            CustomQuestionType::Multiple => {
                field.answers_hint = Some(question.answers.join(", "));
            }
            ref kind if kind.is_choice() && !question.answers.is_empty() => {
                field.entry = Entry::Choice {
                    answers: question.answers.clone(),
                    chosen: None,
                };
            }
            _ => {}
        }
        fields.push(field);
    }
    fields
}

/// Carries what was typed into a form that was rebuilt (the questions arrived while typing).
pub fn carry_over(old: &[Field], new: &mut [Field]) {
    for field in new.iter_mut() {
        if let Some(previous) = old.iter().find(|previous| previous.target == field.target)
            && let (Entry::Text(from), Entry::Text(to)) = (&previous.entry, &mut field.entry)
        {
            *to = from.clone();
        }
    }
}

/// The person the fields describe, built by the one builder against the meeting's questions;
/// or the problems, each put under its field (and returned, for a field the form does not show).
pub fn registrant_from(
    fields: &mut [Field],
    questions: Option<&Questions>,
) -> Result<NewRegistrant, Vec<FieldProblem>> {
    let form = questions.map_or_else(RegistrationForm::default, RegistrationForm::from_questions);
    let mut values = PersonValues::default();
    for field in fields.iter() {
        let value = field.value();
        match &field.target {
            Target::Email => values.email = value,
            Target::FirstName => values.first_name = value,
            Target::Standard(StandardField::LastName) => values.last_name = value,
            Target::Standard(standard) => values.fields.push((*standard, value)),
            Target::Custom(title) => values.answers.push((title.clone(), value)),
        }
    }
    match build_person(&values, &form) {
        Ok(person) => {
            for field in fields.iter_mut() {
                field.problem = None;
            }
            Ok(person.to_new_registrant())
        }
        Err(problems) => {
            for field in fields.iter_mut() {
                field.problem = problems
                    .iter()
                    .find(|problem| field.holds(&problem.field))
                    .map(|problem| problem.message.clone());
            }
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zoom::{CustomQuestion, StandardField as WireField, StandardQuestion};

    fn advisory_board() -> Questions {
        Questions {
            questions: vec![
                StandardQuestion {
                    field_name: WireField::LastName,
                    required: true,
                },
                StandardQuestion {
                    field_name: WireField::Country,
                    required: false,
                },
            ],
            custom_questions: vec![CustomQuestion {
                title: "Role".to_owned(),
                kind: CustomQuestionType::Single,
                required: true,
                answers: vec!["Decision maker".to_owned(), "End user".to_owned()],
            }],
        }
    }

    fn typed(field: &mut Field, text: &str) {
        field.paste(text);
    }

    #[test]
    fn the_form_follows_the_questions_and_builds_the_person() {
        let mut fields = fields_for(Some(&advisory_board()));
        let labels: Vec<&str> = fields.iter().map(|field| field.label.as_str()).collect();
        assert_eq!(
            labels,
            ["Email", "First name", "Last name", "Country", "Role"]
        );
        assert!(fields[2].required && fields[4].is_choice());
        typed(&mut fields[0], " ann@example.com ");
        typed(&mut fields[1], "Ann");
        typed(&mut fields[2], "Lee");
        typed(&mut fields[3], "de");
        fields[4].jump_to('e');
        assert!(fields.iter().all(|field| field.check().is_none()));
        let person = registrant_from(&mut fields, Some(&advisory_board())).unwrap();
        assert_eq!(person.email, "ann@example.com");
        assert_eq!(person.fields.country.as_deref(), Some("DE"));
        assert_eq!(person.custom_answer("Role"), Some("End user"));
    }

    #[test]
    fn problems_name_what_is_wrong() {
        let mut fields = fields_for(Some(&advisory_board()));
        typed(&mut fields[0], "ann@");
        typed(&mut fields[3], "Atlantis");
        let problems: Vec<Option<String>> = fields.iter().map(Field::check).collect();
        assert!(
            problems[0]
                .as_deref()
                .is_some_and(|p| p.contains("not an email address"))
        );
        assert_eq!(problems[1].as_deref(), Some("is missing"));
        assert!(
            problems[3]
                .as_deref()
                .is_some_and(|p| p.contains("not a country"))
        );
        assert_eq!(
            problems[4].as_deref(),
            Some("is missing (the meeting requires it)")
        );
    }

    /// Country names become their codes; the standard enum questions are pickers of the values
    /// Zoom accepts (import's tables), sent in Zoom's spelling.
    #[test]
    fn countries_by_name_and_enum_questions_as_pickers() {
        let mut questions = advisory_board();
        for field in [
            WireField::NoOfEmployees,
            WireField::PurchasingTimeFrame,
            WireField::RoleInPurchaseProcess,
        ] {
            questions.questions.push(StandardQuestion {
                field_name: field,
                required: false,
            });
        }
        let mut fields = fields_for(Some(&questions));
        typed(&mut fields[0], "ann@example.com");
        typed(&mut fields[1], "Ann");
        typed(&mut fields[2], "Lee");
        typed(&mut fields[3], "united kingdom");
        fields[7].jump_to('e');
        assert!(fields[4].is_choice() && fields[5].is_choice() && fields[6].is_choice());
        fields[4].cycle(true);
        assert_eq!(fields[4].value(), "1-20");
        typed(&mut fields[5], "4-6 MONTHS");
        assert_eq!(fields[5].value(), "4-6 months");
        assert!(fields.iter().all(|field| field.check().is_none()));
        let person = registrant_from(&mut fields, Some(&questions)).unwrap();
        assert_eq!(person.fields.country.as_deref(), Some("GB"));
        assert_eq!(person.fields.no_of_employees.as_deref(), Some("1-20"));
        assert_eq!(
            person.fields.purchasing_time_frame.as_deref(),
            Some("4-6 months")
        );
    }

    #[test]
    fn choices_cycle_and_optional_ones_can_be_emptied() {
        let mut field = fields_for(Some(&advisory_board())).remove(4);
        field.cycle(false);
        assert_eq!(field.value(), "End user");
        field.cycle(true);
        assert_eq!(field.value(), "Decision maker", "required: no empty step");
        field.required = false;
        field.cycle(false);
        assert_eq!(field.value(), "", "optional: the empty step comes back");
    }

    #[test]
    fn typing_survives_the_questions_arriving() {
        let mut early = fields_for(None);
        typed(&mut early[0], "ann@example.com");
        let mut full = fields_for(Some(&advisory_board()));
        carry_over(&early, &mut full);
        assert_eq!(full[0].value(), "ann@example.com");
    }
}
