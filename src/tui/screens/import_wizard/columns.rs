//! The columns step's logic, shared by the wizard for one event and the one for several: where a
//! column's values can go, ← → through them, the pick list's keys, and the `--map` arguments
//! the choices make.

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent};

use super::picker::{FieldPicker, PickerKey};
use super::targets::{target_argument, targets_for};
use crate::import::job::Prepared;
use crate::import::mapping::Target;
use crate::tui::keymap::{self, Command};
use crate::tui::screens::ListCursor;

/// Why a column without a header cannot be mapped.
fn headerless(label: &str) -> String {
    format!("{label} has no header, so it cannot be mapped; give it one in the file.")
}

/// The pick list's keys: open, it takes every key; closed, Tab or a letter bound to nothing
/// opens it for the selected column (the letter typed). False: not a picker key.
pub(super) fn pick_key(
    prepared: &Prepared,
    cursor: &ListCursor,
    chosen: &mut BTreeMap<usize, Option<Target>>,
    error: &mut Option<String>,
    picking: &mut Option<FieldPicker>,
    key: &KeyEvent,
    command: Option<Command>,
) -> bool {
    if let Some(open) = picking {
        match open.handle_key(key, prepared) {
            PickerKey::Open => {}
            PickerKey::Closed => *picking = None,
            PickerKey::Chosen(target) => {
                chosen.insert(open.column, target);
                *picking = None;
                *error = None;
            }
        }
        return true;
    }
    let typed = match (command, key.code) {
        (Some(Command::Complete), _) => String::new(),
        (None, KeyCode::Char(c)) if keymap::types_text(key) => c.to_string(),
        _ => return false,
    };
    let Some(column) = prepared.mapping.columns.get(cursor.selected) else {
        return false;
    };
    if column.header.is_empty() {
        *error = Some(headerless(&column.label()));
        return true;
    }
    *picking = Some(FieldPicker::new(column.index, &typed));
    *error = None;
    true
}

/// ← → on the selected column: the next (previous) place its values can go.
pub(super) fn next_choice(
    prepared: &Prepared,
    cursor: &ListCursor,
    chosen: &mut BTreeMap<usize, Option<Target>>,
    error: &mut Option<String>,
    command: Command,
) {
    let Some(column) = prepared.mapping.columns.get(cursor.selected) else {
        return;
    };
    if column.header.is_empty() {
        *error = Some(headerless(&column.label()));
        return;
    }
    let targets = targets_for(prepared);
    let current = chosen.get(&column.index).unwrap_or(&column.target);
    let at = targets
        .iter()
        .position(|target| target == current)
        .unwrap_or(0);
    let next = if command == Command::NextChoice {
        (at + 1) % targets.len()
    } else {
        (at + targets.len() - 1) % targets.len()
    };
    chosen.insert(column.index, targets[next].clone());
    *error = None;
}

/// The `--map` arguments of the choices, or `None` when none changes the mapping shown (the
/// plan stands). Every choice is sent, not only the changed ones: the engine resolves the whole
/// mapping again from the file, as `--map` does.
pub(super) fn chosen_overrides(
    prepared: &Prepared,
    chosen: &BTreeMap<usize, Option<Target>>,
) -> Option<Vec<String>> {
    let columns = &prepared.mapping.columns;
    let changed = chosen.iter().any(|(index, target)| {
        columns
            .iter()
            .any(|column| column.index == *index && &column.target != target)
    });
    if !changed {
        return None;
    }
    Some(
        chosen
            .iter()
            .filter_map(|(index, target)| {
                let column = columns.iter().find(|column| column.index == *index)?;
                Some(format!(
                    "{}={}",
                    column.header,
                    target_argument(target.as_ref())
                ))
            })
            .collect(),
    )
}
