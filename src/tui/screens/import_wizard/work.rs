//! The import wizard's background half, run by the effect runner: reading and planning a file with
//! the engine (the dry run), and running a prepared import while its events are handed on; also
//! the file step's path helpers (`~`, Tab completion).

use std::future::Future;
use std::path::{Path, PathBuf};

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::import::job::{self, ImportError, ImportRequest, Prepared, StartMode};
use crate::import::journal;
use crate::import::run::{ImportEvent, PauseSwitch};
use crate::tui::message::{ImportProblem, Outcome};
use crate::zoom::ZoomClient;

/// Reads the file and plans the import (the effect runner's half of [`Effect::PrepareImport`]).
/// A fresh import of a file whose earlier import did not finish is answered with
/// [`ImportProblem::Unfinished`], so that the wizard can offer to resume it.
pub async fn prepare(
    client: &ZoomClient,
    request: ImportRequest,
) -> Result<Box<Prepared>, ImportProblem> {
    if request.mode == StartMode::Fresh {
        let source = job::load_source(&request.file).map_err(ImportProblem::from)?;
        let key = job::event_key(client, request.event);
        let open = journal::find_open(&request.journal_dir, &key, &source.sha256)
            .map_err(|error| ImportProblem::Failed(ImportError::Journal(error)))?;
        if let Some(open) = open {
            return Err(ImportProblem::Unfinished {
                started: open.begin.at,
                sent_rows: open.sent_rows.len(),
                rows: open.begin.rows,
                journal: open.path,
            });
        }
    }
    job::prepare(client, request)
        .await
        .map(Box::new)
        .map_err(ImportProblem::from)
}

/// Runs a prepared import, handing each engine event to `progress` as it happens; returns the
/// final outcome (the effect runner's half of [`Effect::RunImport`]).
pub async fn run(
    client: &ZoomClient,
    prepared: &Prepared,
    cancel: CancellationToken,
    pause: PauseSwitch,
    progress: impl Fn(Outcome),
) -> Outcome {
    let finished = forwarding_progress(progress, |events| {
        job::execute_pausable(client, prepared, events, cancel, pause)
    })
    .await;
    Outcome::ImportFinished(finished.map(Box::new).map_err(ImportProblem::from))
}

/// Runs `execute` with a channel for the engine's events and hands each to `progress` as
/// [`Outcome::ImportProgress`] as it happens, until `execute` returns (and drops the sender).
pub(super) async fn forwarding_progress<T, Execute>(
    progress: impl Fn(Outcome),
    execute: impl FnOnce(mpsc::UnboundedSender<ImportEvent>) -> Execute,
) -> T
where
    Execute: Future<Output = T>,
{
    let (events, mut received) = mpsc::unbounded_channel();
    let forward = async {
        while let Some(event) = received.recv().await {
            progress(Outcome::ImportProgress(Box::new(event)));
        }
    };
    let (finished, ()) = tokio::join!(execute(events), forward);
    finished
}

/// A path as a shell reads it, for the resume commands the wizards print: see [`shell_word`].
pub(crate) fn shell_quoted(path: &Path) -> String {
    shell_word(&path.display().to_string())
}

/// One word as a shell reads it: bare when it holds only characters no shell treats specially,
/// else single-quoted.
pub(crate) fn shell_word(text: &str) -> String {
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+@%,:".contains(c))
    {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// The directory entries that complete `typed`: the completed text (the longest common prefix,
/// with a `/` after a lone directory) and the candidates' names.
pub fn complete_path(typed: &str) -> (String, Vec<String>) {
    let (dir_part, prefix) = match typed.rfind('/') {
        Some(at) => (&typed[..=at], &typed[at + 1..]),
        None => ("", typed),
    };
    let dir = if dir_part.is_empty() {
        PathBuf::from(".")
    } else {
        crate::paths::expand_home(dir_part)
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (typed.to_owned(), Vec::new());
    };
    let mut names: Vec<(String, bool)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let hidden = name.starts_with('.') && !prefix.starts_with('.');
            (name.starts_with(prefix) && !hidden).then(|| {
                let is_dir = entry.path().is_dir();
                (name, is_dir)
            })
        })
        .collect();
    names.sort();
    let Some((first, _)) = names.first() else {
        return (typed.to_owned(), Vec::new());
    };
    let mut common = first.clone();
    for (name, _) in &names[1..] {
        let shared = common
            .chars()
            .zip(name.chars())
            .take_while(|(a, b)| a == b)
            .count();
        common = common.chars().take(shared).collect();
    }
    let lone_dir = names.len() == 1 && names[0].1;
    let completed = format!("{dir_part}{common}{}", if lone_dir { "/" } else { "" });
    let shown = names
        .into_iter()
        .map(|(name, is_dir)| if is_dir { format!("{name}/") } else { name })
        .collect();
    (completed, shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_completes_directory_entries_and_lists_the_candidates() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("exports")).expect("dir");
        std::fs::write(dir.path().join("people-march.csv"), "").expect("file");
        std::fs::write(dir.path().join("people-april.csv"), "").expect("file");
        let base = format!("{}/", dir.path().display());

        let (completed, candidates) = complete_path(&format!("{base}ex"));
        assert_eq!(
            completed,
            format!("{base}exports/"),
            "a lone directory gets its /"
        );
        assert!(candidates.is_empty() || candidates == ["exports/"]);

        let (completed, candidates) = complete_path(&format!("{base}pe"));
        assert_eq!(completed, format!("{base}people-"), "the common prefix");
        assert_eq!(candidates, ["people-april.csv", "people-march.csv"]);

        let (completed, candidates) = complete_path(&format!("{base}zz"));
        assert_eq!(completed, format!("{base}zz"), "nothing matches: unchanged");
        assert!(candidates.is_empty());
    }
}
