//! Where a column's values can go in the import wizards, and how each choice is named: on
//! screen, and as the `--map` argument it stands for.

use crate::import::job::Prepared;
use crate::import::mapping::Target;
use crate::registrant_fields::catalogue::StandardField;

/// Where a column's values can go, in the order ← → cycles through them.
pub(super) fn targets_for(prepared: &Prepared) -> Vec<Option<Target>> {
    let mut targets = vec![None];
    targets.extend(
        StandardField::ALL
            .iter()
            .map(|field| Some(Target::Field(*field))),
    );
    targets.push(Some(Target::FullName));
    targets.extend(
        prepared
            .form
            .question_titles()
            .into_iter()
            .map(|title| Some(Target::Question(title))),
    );
    targets
}

/// The `--map` spelling of a target.
pub(super) fn target_argument(target: Option<&Target>) -> String {
    match target {
        None => "ignore".to_owned(),
        Some(Target::Field(field)) => field.api_name().to_owned(),
        Some(Target::FullName) => "name".to_owned(),
        Some(Target::Question(title)) => title.clone(),
    }
}

/// A target as the screen names it.
pub(super) fn target_label(target: Option<&Target>) -> String {
    match target {
        None => "(not imported)".to_owned(),
        Some(Target::FullName) => "full name → first_name + last_name".to_owned(),
        Some(target) => target.to_string(),
    }
}
