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
    /// One of `answers`; `None` until one is picked. Typing narrows the list to the answers
    /// that contain `filter` and picks the best of them.
    Choice {
        answers: Vec<String>,
        chosen: Option<usize>,
        filter: String,
    },
}

impl Entry {
    fn choice(answers: Vec<String>) -> Self {
        Entry::Choice {
            answers,
            chosen: None,
            filter: String::new(),
        }
    }
}

/// The answers that contain `filter` (ignoring case), in their order.
pub fn matching(answers: &[String], filter: &str) -> Vec<usize> {
    let needle = filter.trim().to_lowercase();
    answers
        .iter()
        .enumerate()
        .filter(|(_, answer)| answer.to_lowercase().contains(&needle))
        .map(|(index, _)| index)
        .collect()
}

/// The answer typing `filter` picks: the first that starts with it, else the first containing it.
fn best_match(answers: &[String], filter: &str) -> Option<usize> {
    let needle = filter.trim().to_lowercase();
    let found = matching(answers, filter);
    found
        .iter()
        .copied()
        .find(|&index| answers[index].to_lowercase().starts_with(&needle))
        .or_else(|| found.first().copied())
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
            Entry::Choice {
                answers, chosen, ..
            } => chosen
                .and_then(|index| answers.get(index))
                .cloned()
                .unwrap_or_default(),
        }
    }

    /// What the person typed or picked, untrimmed, to put back with [`Field::fill`].
    pub fn entered(&self) -> String {
        match &self.entry {
            Entry::Text(input) => input.value().to_owned(),
            Entry::Choice { .. } => self.value(),
        }
    }

    /// Puts back a value from [`Field::entered`].
    pub fn fill(&mut self, value: &str) {
        match &mut self.entry {
            Entry::Text(input) => *input = TextField::with_value(value),
            Entry::Choice { .. } => {
                self.clear();
                self.paste(value);
            }
        }
    }

    pub fn is_choice(&self) -> bool {
        matches!(self.entry, Entry::Choice { .. })
    }

    /// Empties the field for the next person.
    pub fn clear(&mut self) {
        match &mut self.entry {
            Entry::Text(input) => *input = TextField::default(),
            Entry::Choice { chosen, filter, .. } => {
                *chosen = None;
                filter.clear();
            }
        }
        self.problem = None;
    }

    /// Steps through the answers the filter leaves (`forward` or back), passing "none" on
    /// optional ones.
    pub fn cycle(&mut self, forward: bool) {
        let required = self.required;
        if let Entry::Choice {
            answers,
            chosen,
            filter,
        } = &mut self.entry
        {
            let shown = matching(answers, filter);
            if shown.is_empty() {
                return;
            }
            // Positions 0..len are the shown answers; len is "none", offered only when optional.
            let positions = shown.len() + usize::from(!required);
            let current = chosen
                .and_then(|index| shown.iter().position(|&each| each == index))
                .unwrap_or(shown.len());
            let next = match (current == shown.len() && required, forward) {
                (true, true) => 0,
                (true, false) => shown.len() - 1,
                (false, true) => (current + 1) % positions,
                (false, false) => (current + positions - 1) % positions,
            };
            *chosen = shown.get(next).copied();
        }
    }

    /// A letter typed on a choice: narrows the list to the answers containing what was typed
    /// and picks the best (`e` picks "End user" from "Decision maker, End user").
    pub fn type_filter(&mut self, letter: char) {
        if let Entry::Choice {
            answers,
            chosen,
            filter,
        } = &mut self.entry
        {
            filter.push(letter);
            *chosen = best_match(answers, filter);
        }
    }

    /// Backspace on a choice: one letter less of the filter, or no answer once it is empty.
    pub fn erase_filter(&mut self) {
        if let Entry::Choice {
            answers,
            chosen,
            filter,
        } = &mut self.entry
        {
            if filter.pop().is_none() || filter.is_empty() {
                filter.clear();
                *chosen = None;
            } else {
                *chosen = best_match(answers, filter);
            }
        }
    }

    /// What was typed to narrow a choice ("" for text fields).
    pub fn filter(&self) -> &str {
        match &self.entry {
            Entry::Choice { filter, .. } => filter,
            Entry::Text(_) => "",
        }
    }

    /// Pasted text: typed into a text field; on a choice, picks the answer it names, or filters
    /// by it.
    pub fn paste(&mut self, text: &str) {
        match &mut self.entry {
            Entry::Text(input) => input.paste(text.trim()),
            Entry::Choice {
                answers,
                chosen,
                filter,
            } => {
                let text = crate::text::terminal::sanitise(text.trim()).into_owned();
                if let Some(index) = answers
                    .iter()
                    .position(|answer| answer.trim().eq_ignore_ascii_case(&text))
                {
                    *chosen = Some(index);
                    filter.clear();
                } else if !text.is_empty() {
                    *filter = text;
                    *chosen = best_match(answers, filter);
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
        questions.is_some_and(|q| q.is_required(&crate::zoom::QuestionField::LastName));
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
            entry.entry = Entry::choice(allowed.iter().map(|value| (*value).to_owned()).collect());
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
                field.entry = Entry::choice(question.answers.clone());
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

/// What a person's entry held, field by field: kept with each submission so that a refused
/// one can be put back into the form.
pub type Entered = Vec<(Target, String)>;

/// The entry the fields hold now.
pub fn entered(fields: &[Field]) -> Entered {
    fields
        .iter()
        .map(|field| (field.target.clone(), field.entered()))
        .collect()
}

/// Whether the fields hold anything typed or picked.
pub fn holds_anything(fields: &[Field]) -> bool {
    fields
        .iter()
        .any(|field| !field.entered().trim().is_empty() || !field.filter().is_empty())
}

/// Puts an entry back into the fields (emptied first); values of fields the form no longer
/// has are left out.
pub fn fill(fields: &mut [Field], entry: &Entered) {
    for field in fields.iter_mut() {
        field.clear();
        if let Some((_, value)) = entry.iter().find(|(target, _)| *target == field.target) {
            field.fill(value);
        }
    }
}

/// The field a name in Zoom's refusal means: `email`, `first_name`, a standard field's name, or
/// `custom_questions[2].value` (the third answer `person` sent).
pub fn target_named_by_zoom(name: &str, person: &NewRegistrant) -> Option<Target> {
    let name = name.trim();
    if let Some(rest) = name.strip_prefix("custom_questions[") {
        let index: usize = rest.split(']').next()?.parse().ok()?;
        return person
            .custom_questions
            .get(index)
            .map(|answer| Target::Custom(answer.title.clone()));
    }
    match name {
        "email" => Some(Target::Email),
        "first_name" => Some(Target::FirstName),
        other => StandardField::from_api_name(other).map(Target::Standard),
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
    use crate::zoom::{CustomQuestion, QuestionField as WireField, StandardQuestion};

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
        fields[4].type_filter('e');
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
        fields[7].type_filter('e');
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
    fn typing_narrows_a_choice_to_the_answers_containing_it() {
        let mut field = Field::text("Diet", true, Target::Custom("Diet".to_owned()));
        field.entry = Entry::choice(
            ["Vegetarian", "Vegan", "Anything", "Gluten-free vegan"]
                .map(str::to_owned)
                .to_vec(),
        );
        field.type_filter('v');
        field.type_filter('e');
        field.type_filter('g');
        assert_eq!(field.value(), "Vegetarian", "the first that starts with it");
        field.type_filter('a');
        assert_eq!(
            matching(
                &["Vegetarian", "Vegan", "Anything", "Gluten-free vegan"].map(str::to_owned),
                field.filter()
            ),
            [1, 3]
        );
        field.cycle(true);
        assert_eq!(
            field.value(),
            "Gluten-free vegan",
            "→ moves within the matches"
        );
        field.erase_filter();
        assert_eq!(field.value(), "Vegetarian");
        for _ in 0..3 {
            field.erase_filter();
        }
        assert_eq!(field.value(), "", "an empty filter picks nothing");
        field.type_filter('x');
        assert_eq!(field.value(), "", "nothing contains it");
    }

    #[test]
    fn an_entry_goes_back_into_the_form_as_it_was_typed() {
        let mut fields = fields_for(Some(&advisory_board()));
        typed(&mut fields[0], "ann@example");
        typed(&mut fields[1], "Ann");
        fields[4].type_filter('e');
        let entry = entered(&fields);
        let mut fresh = fields_for(Some(&advisory_board()));
        typed(&mut fresh[2], "leftover");
        fill(&mut fresh, &entry);
        let values: Vec<String> = fresh.iter().map(Field::value).collect();
        assert_eq!(values, ["ann@example", "Ann", "", "", "End user"]);
    }

    #[test]
    fn zooms_field_names_point_at_the_forms_fields() {
        let mut person = NewRegistrant::new("a@example.com", "Ann");
        person.custom_questions.push(crate::zoom::CustomAnswer {
            title: "Role".to_owned(),
            value: "x".to_owned(),
        });
        assert_eq!(target_named_by_zoom("email", &person), Some(Target::Email));
        assert_eq!(
            target_named_by_zoom("job_title", &person),
            Some(Target::Standard(StandardField::JobTitle))
        );
        assert_eq!(
            target_named_by_zoom("custom_questions[0].value", &person),
            Some(Target::Custom("Role".to_owned()))
        );
        assert_eq!(
            target_named_by_zoom("custom_questions[3].value", &person),
            None
        );
        assert_eq!(target_named_by_zoom("auto_approve", &person), None);
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
