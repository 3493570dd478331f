//! The import wizards' file step, one component for both (one event, several events): a path
//! typed or pasted, Tab completion through the effect runner, the error of the last try, and the
//! reading in progress (typing waits until it comes back).

use std::path::PathBuf;

use crossterm::event::KeyEvent;

use super::super::TextField;
use crate::paths::expand_home;
use crate::tui::keymap::Command;
use crate::tui::message::{Effect, PathCompletion, RequestId, RequestIds};

/// What the path input holds and what it waits for.
#[derive(Debug, Default)]
pub(super) struct FilePrompt {
    pub path: TextField,
    /// The candidates of the last completion, when there were several.
    pub completions: Vec<String>,
    /// The completion Tab asked for, until it comes back or the user types on.
    completing: Option<RequestId>,
    pub error: Option<String>,
    /// The file being read and planned (the wizard's prepare request).
    pub reading: Option<RequestId>,
}

/// What a key on the file step asks of the wizard.
#[derive(Debug)]
pub(super) enum FileKey {
    /// Leave the wizard.
    Back,
    /// Read and plan this file (the wizard starts it and calls [`FilePrompt::reading_started`]).
    Submit(PathBuf),
    /// Run these effects (a completion).
    Run(Vec<Effect>),
    /// Handled here, or not a key of this step.
    Done,
}

impl FilePrompt {
    /// The prompt with `typed` in the input (a file tried before, to edit).
    pub fn with_path(typed: &str) -> Self {
        FilePrompt {
            path: TextField::with_value(typed),
            ..FilePrompt::default()
        }
    }

    /// The prompt with `typed` in the input and the reason its last try failed.
    pub fn failed(typed: &str, error: String) -> Self {
        FilePrompt {
            error: Some(error),
            ..FilePrompt::with_path(typed)
        }
    }

    /// A key on the file step (`command`: its command, `None` for a character typed).
    /// `empty_hint` is the error for Enter on an empty input.
    pub fn handle_key(
        &mut self,
        command: Option<Command>,
        key: &KeyEvent,
        ids: &mut RequestIds,
        empty_hint: &str,
    ) -> FileKey {
        match command {
            Some(Command::Back) => FileKey::Back,
            Some(Command::Complete) if self.reading.is_none() => {
                let request = ids.next_id();
                self.completing = Some(request);
                FileKey::Run(vec![Effect::CompletePath {
                    request,
                    typed: self.path.value().to_owned(),
                }])
            }
            Some(Command::Confirm) if self.reading.is_none() => {
                let typed = self.path.value().trim();
                if typed.is_empty() {
                    self.error = Some(empty_hint.to_owned());
                    return FileKey::Done;
                }
                FileKey::Submit(expand_home(typed))
            }
            _ => {
                if self.reading.is_none() && self.path.handle_key(key) {
                    self.completions.clear();
                    self.completing = None;
                    self.error = None;
                }
                FileKey::Done
            }
        }
    }

    /// The wizard started reading the submitted file under `request`.
    pub fn reading_started(&mut self, request: RequestId) {
        self.reading = Some(request);
        self.error = None;
    }

    /// Text pasted into the input: file managers paste paths quoted or as file:// URLs.
    pub fn paste(&mut self, text: &str) {
        self.completing = None;
        let text = text.trim().trim_matches(|c| c == '\'' || c == '"');
        self.path
            .paste(text.strip_prefix("file://").unwrap_or(text));
        self.completions.clear();
    }

    /// A completion Tab asked for: the path becomes the completed text, and the candidates are
    /// listed when there are several. One the user typed past is handed back (`Err`).
    pub fn on_completed(
        &mut self,
        request: RequestId,
        completion: PathCompletion,
    ) -> Result<(), PathCompletion> {
        if self.completing != Some(request) || self.path.value() != completion.typed {
            return Err(completion);
        }
        self.completing = None;
        self.path = TextField::with_value(&completion.completed);
        self.completions = if completion.candidates.len() > 1 {
            completion.candidates
        } else {
            Vec::new()
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers};

    use super::*;

    fn enter() -> KeyEvent {
        KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)
    }

    #[test]
    fn a_pasted_file_url_is_submitted_once_while_it_is_read() {
        let mut ids = RequestIds::default();
        let mut prompt = FilePrompt::default();
        prompt.paste("  'file:///tmp/people list.csv'\n");
        assert_eq!(prompt.path.value(), "/tmp/people list.csv");
        let submitted = prompt.handle_key(Some(Command::Confirm), &enter(), &mut ids, "hint");
        assert!(
            matches!(&submitted, FileKey::Submit(path) if path == std::path::Path::new("/tmp/people list.csv")),
            "{submitted:?}"
        );
        prompt.reading_started(ids.next_id());
        // A second Enter while the file is read starts no second read.
        let again = prompt.handle_key(Some(Command::Confirm), &enter(), &mut ids, "hint");
        assert!(matches!(again, FileKey::Done), "{again:?}");
    }

    #[test]
    fn enter_on_an_empty_input_says_what_to_type() {
        let mut ids = RequestIds::default();
        let mut prompt = FilePrompt::with_path("   ");
        let key = prompt.handle_key(Some(Command::Confirm), &enter(), &mut ids, "Type a path");
        assert!(matches!(key, FileKey::Done));
        assert_eq!(prompt.error.as_deref(), Some("Type a path"));
    }
}
