//! Asking before what cannot be undone (`delete`; `status … deny|cancel` for more than one
//! person): on a terminal a question that only `y` or `yes` answers (Enter alone is no); without
//! a terminal `--yes` is required, so that a script never deletes by accident and never hangs on
//! a question nobody sees.

use std::io::IsTerminal;

use super::ConfirmArgs;
use super::output::UsageError;

/// What the user decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Proceed,
    Declined,
}

/// Asks `question` (e.g. "Delete 3 registrants of meeting 84127650391?") unless `--yes` was
/// given; without a terminal and without `--yes` a usage error names the flag. `what` says what
/// would happen, for that error ("delete 3 registrants").
pub fn ask(confirm: ConfirmArgs, question: &str, what: &str) -> anyhow::Result<Decision> {
    if confirm.yes {
        return Ok(Decision::Proceed);
    }
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(UsageError(format!(
            "refusing to {what} without --yes; nothing was changed\n\
             why: there is no terminal to ask, and it cannot be undone\n\
             fix: add --yes to do it, or --dry-run to see whom it concerns"
        ))
        .into());
    }
    let typed = tokio::task::block_in_place(|| {
        super::prompt::terminal::read_visible(&format!("{question} [y/N] "))
    })?;
    Ok(match typed {
        Some(answer) if means_yes(&answer) => Decision::Proceed,
        _ => Decision::Declined,
    })
}

/// `y` or `yes`, in any case; everything else, an empty line included, is no.
fn means_yes(answer: &str) -> bool {
    matches!(answer.trim().to_lowercase().as_str(), "y" | "yes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_y_or_yes_confirms_and_enter_alone_does_not() {
        for yes in ["y", "Y", "yes", " YES "] {
            assert!(means_yes(yes), "{yes:?}");
        }
        for no in ["", "n", "no", "yep", "ja", "\n"] {
            assert!(!means_yes(no), "{no:?}");
        }
    }
}
