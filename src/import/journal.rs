//! The import journal: an append-only JSON-lines file in the data dir, written and fsynced before
//! each send (which rows, which emails) and after it (what Zoom said), so that Ctrl-C, a crash or
//! SIGKILL leaves a record `--resume` can finish from. A send with no recorded answer is an
//! unknown outcome: the resume lists the registrants before sending any of its rows again.
//!
//! One journal per run, named `<event>-<file hash>-<start time>.jsonl` (event = `meeting-123`), so
//! an import is found again by meeting and file content, and every send of the day is counted
//! for Zoom's limit of three registrations per person, meeting and day. Writes go through one
//! writer thread that batches concurrent records into a single fsync (group commit); the file is
//! locked so that two regdesk processes cannot run the same import at once.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tokio::sync::oneshot;

use super::mapping::Mapping;
use super::outcome::RowOutcome;

/// Bumped when records change incompatibly; older regdesk versions refuse newer journals.
pub const JOURNAL_VERSION: u32 = 1;

/// How a unit of rows is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallKind {
    /// `POST …/batch_registrants` with up to 30 people (email and names only).
    Batch,
    /// `POST …/registrants` with one person and every field.
    Single,
}

/// The first record: what is being imported where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Begin {
    pub version: u32,
    pub at: Timestamp,
    /// `meeting-<id>` or `webinar-<id>`.
    pub event: String,
    /// The file as the user named it (for messages; the hash is the identity).
    pub file: PathBuf,
    pub file_sha256: String,
    /// Data rows in the file.
    pub rows: usize,
    /// The column mapping in force; a resume keeps it even if `--map` is not repeated.
    pub mapping: Mapping,
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum Record {
    Begin(Begin),
    /// Written (and on disk) before the request leaves.
    Sending {
        unit: u32,
        at: Timestamp,
        call: CallKind,
        rows: Vec<usize>,
        emails: Vec<String>,
    },
    /// What the request ended in, row by row (registered or failed).
    Sent {
        unit: u32,
        at: Timestamp,
        results: Vec<(usize, RowOutcome)>,
    },
    Resumed {
        at: Timestamp,
    },
    /// Every row has its outcome; the report was written.
    Finished {
        at: Timestamp,
        report: Option<PathBuf>,
    },
    /// The user started the same import over; this journal only still counts the day's sends.
    Abandoned {
        at: Timestamp,
    },
}

/// What a journal says happened so far.
#[derive(Debug, Clone)]
pub struct JournalState {
    pub path: PathBuf,
    pub begin: Begin,
    /// The latest recorded outcome of each row that was sent.
    pub outcomes: BTreeMap<usize, RowOutcome>,
    /// Every row that was part of any send.
    pub sent_rows: BTreeSet<usize>,
    /// Units sent without a recorded answer: their outcome is unknown until the registrants are
    /// listed.
    pub unknown_units: BTreeMap<u32, Vec<usize>>,
    /// The next free unit number.
    pub next_unit: u32,
    pub finished: bool,
    pub abandoned: bool,
}

impl JournalState {
    /// Rows whose send's outcome is unknown.
    pub fn unknown_rows(&self) -> BTreeSet<usize> {
        self.unknown_units.values().flatten().copied().collect()
    }

    /// Neither finished nor abandoned: `--resume` can finish it.
    pub fn is_open(&self) -> bool {
        !self.finished && !self.abandoned
    }
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("cannot read the import journal {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("the import journal {path} is damaged at line {line}: {message}")]
    Damaged {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error(
        "the import journal {path} was written by a newer regdesk (format {found}, this one reads {JOURNAL_VERSION})"
    )]
    TooNew { path: PathBuf, found: u32 },
    #[error(
        "another regdesk process is running this import right now (its journal {path} is locked); wait for it or stop it first"
    )]
    Locked { path: PathBuf },
}

/// The journal file name prefix of an event: `meeting-123`.
pub fn event_key(kind_noun: &str, id: u64) -> String {
    format!("{kind_noun}-{id}")
}

/// A new journal's path: `<dir>/<event>-<first 16 hex of the file hash>-<UTC start time>.jsonl`.
pub fn new_journal_path(dir: &Path, event: &str, file_sha256: &str, at: Timestamp) -> PathBuf {
    let stamp = at.strftime("%Y%m%dT%H%M%S%.3fZ").to_string();
    dir.join(format!("{event}-{}-{stamp}.jsonl", short_hash(file_sha256)))
}

fn short_hash(file_sha256: &str) -> &str {
    file_sha256.get(..16).unwrap_or(file_sha256)
}

/// The journals in `dir` for this event (all files, any state), oldest first.
pub fn journals_of_event(dir: &Path, event: &str) -> io::Result<Vec<PathBuf>> {
    let prefix = format!("{event}-");
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                path.extension().is_some_and(|ext| ext == "jsonl")
                    && path
                        .file_name()
                        .and_then(|name| name.to_str())
                        .is_some_and(|name| name.starts_with(&prefix))
            })
            .collect(),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(err) => return Err(err),
    };
    // Names end in the start time, so name order is time order.
    paths.sort();
    Ok(paths)
}

/// The newest open journal of this event and file content, if any.
pub fn find_open(
    dir: &Path,
    event: &str,
    file_sha256: &str,
) -> Result<Option<JournalState>, JournalError> {
    let io_error = |source| JournalError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let prefix = format!("{event}-{}-", short_hash(file_sha256));
    let mut newest_open = None;
    for path in journals_of_event(dir, event).map_err(io_error)? {
        let matches_file = path
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.starts_with(&prefix));
        if !matches_file {
            continue;
        }
        let state = read_journal(&path)?;
        if state.begin.file_sha256 == file_sha256 && state.is_open() {
            newest_open = Some(state);
        }
    }
    Ok(newest_open)
}

/// How many registration requests regdesk sent today (UTC) per email (lowercase) for this event,
/// across all its journals: Zoom allows three per person, meeting and day.
pub fn registration_requests_on(
    dir: &Path,
    event: &str,
    day: jiff::civil::Date,
) -> Result<HashMap<String, u32>, JournalError> {
    let mut counts: HashMap<String, u32> = HashMap::new();
    let paths = journals_of_event(dir, event).map_err(|source| JournalError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for path in paths {
        for record in read_records(&path)? {
            if let Record::Sending { at, emails, .. } = record
                && at.to_zoned(jiff::tz::TimeZone::UTC).date() == day
            {
                for email in emails {
                    *counts.entry(email.to_lowercase()).or_default() += 1;
                }
            }
        }
    }
    Ok(counts)
}

/// Replays a journal.
pub fn read_journal(path: &Path) -> Result<JournalState, JournalError> {
    let records = read_records(path)?;
    let mut records = records.into_iter();
    let begin = match records.next() {
        Some(Record::Begin(begin)) => begin,
        _ => {
            return Err(JournalError::Damaged {
                path: path.to_path_buf(),
                line: 1,
                message: "it does not start with a begin record".to_owned(),
            });
        }
    };
    if begin.version > JOURNAL_VERSION {
        return Err(JournalError::TooNew {
            path: path.to_path_buf(),
            found: begin.version,
        });
    }
    let mut state = JournalState {
        path: path.to_path_buf(),
        begin,
        outcomes: BTreeMap::new(),
        sent_rows: BTreeSet::new(),
        unknown_units: BTreeMap::new(),
        next_unit: 1,
        finished: false,
        abandoned: false,
    };
    for record in records {
        match record {
            Record::Sending { unit, rows, .. } => {
                state.sent_rows.extend(rows.iter().copied());
                state.unknown_units.insert(unit, rows);
                state.next_unit = state.next_unit.max(unit + 1);
            }
            Record::Sent { unit, results, .. } => {
                state.unknown_units.remove(&unit);
                state.next_unit = state.next_unit.max(unit + 1);
                state.outcomes.extend(results);
            }
            Record::Finished { .. } => state.finished = true,
            Record::Abandoned { .. } => state.abandoned = true,
            Record::Resumed { .. } | Record::Begin(_) => {}
        }
    }
    Ok(state)
}

/// Reads every record; a last line cut short by a crash mid-write is ignored (its send never
/// left: the record is written before the request), damage anywhere else is an error.
fn read_records(path: &Path) -> Result<Vec<Record>, JournalError> {
    let io_error = |source| JournalError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(io_error)?;
    let mut lines = Vec::new();
    let mut reader = BufReader::new(file);
    loop {
        let mut line = String::new();
        let read = reader.read_line(&mut line).map_err(io_error)?;
        if read == 0 {
            break;
        }
        lines.push(line);
    }
    let count = lines.len();
    let mut records = Vec::with_capacity(count);
    for (index, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Record>(line.trim_end()) {
            Ok(record) => records.push(record),
            // A crash mid-write cuts the last line short. A cut `sending` never left (it is on
            // disk before the request); a cut `sent` leaves its unit unknown, to be reconciled.
            Err(_) if index + 1 == count && !line.ends_with('\n') => {}
            Err(err) => {
                return Err(JournalError::Damaged {
                    path: path.to_path_buf(),
                    line: index + 1,
                    message: err.to_string(),
                });
            }
        }
    }
    Ok(records)
}

/// Appends records to one journal from any task; see the module docs for the group commit.
pub struct JournalWriter {
    path: PathBuf,
    queue: mpsc::Sender<(Record, oneshot::Sender<io::Result<()>>)>,
    thread: thread::JoinHandle<()>,
}

impl JournalWriter {
    /// Creates a new journal starting with `begin`, fsynced (file and directory).
    pub fn create(path: &Path, begin: Begin) -> Result<Self, JournalError> {
        let io_error = |source| JournalError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io_error)?;
        }
        let mut file = OpenOptions::new()
            .create_new(true)
            .append(true)
            .open(path)
            .map_err(io_error)?;
        lock(&file, path)?;
        write_line(&mut file, &Record::Begin(begin)).map_err(io_error)?;
        file.sync_all().map_err(io_error)?;
        if let Some(dir) = path.parent() {
            File::open(dir)
                .and_then(|dir| dir.sync_all())
                .map_err(io_error)?;
        }
        Ok(Self::spawn(path, file))
    }

    /// Continues an existing journal.
    pub fn append(path: &Path) -> Result<Self, JournalError> {
        let file = OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|source| JournalError::Io {
                path: path.to_path_buf(),
                source,
            })?;
        lock(&file, path)?;
        Ok(Self::spawn(path, file))
    }

    fn spawn(path: &Path, mut file: File) -> Self {
        let (queue, pending) = mpsc::channel::<(Record, oneshot::Sender<io::Result<()>>)>();
        let thread = thread::spawn(move || {
            // The lock lives as long as `file`, i.e. until every writer handle is dropped.
            while let Ok(first) = pending.recv() {
                let mut batch = vec![first];
                batch.extend(pending.try_iter());
                let mut buffer = Vec::new();
                for (record, _) in &batch {
                    // Records are plain data: serializing them cannot fail.
                    if let Ok(json) = serde_json::to_vec(record) {
                        buffer.extend_from_slice(&json);
                        buffer.push(b'\n');
                    }
                }
                let result = file.write_all(&buffer).and_then(|()| file.sync_data());
                for (_, done) in batch {
                    let answer = match &result {
                        Ok(()) => Ok(()),
                        Err(err) => Err(io::Error::new(err.kind(), err.to_string())),
                    };
                    // The waiting task may have been dropped (cancelled): nobody to tell.
                    let _receiver_gone = done.send(answer);
                }
            }
        });
        JournalWriter {
            path: path.to_path_buf(),
            queue,
            thread,
        }
    }

    /// Closes the journal and returns once its file (and lock) is released. Merely dropping the
    /// writer releases it a moment later, when the writer thread notices.
    pub fn close(self) {
        let JournalWriter { queue, thread, .. } = self;
        drop(queue);
        // A writer thread that panicked has released the file all the same.
        let _panicked = thread.join();
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends a record and returns once it is on disk.
    pub async fn write(&self, record: Record) -> Result<(), JournalError> {
        let io_error = |source| JournalError::Io {
            path: self.path.clone(),
            source,
        };
        let (done, written) = oneshot::channel();
        self.queue
            .send((record, done))
            .map_err(|_| io_error(io::Error::other("the journal writer stopped")))?;
        written
            .await
            .map_err(|_| io_error(io::Error::other("the journal writer stopped")))?
            .map_err(io_error)
    }
}

fn lock(file: &File, path: &Path) -> Result<(), JournalError> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(std::fs::TryLockError::WouldBlock) => Err(JournalError::Locked {
            path: path.to_path_buf(),
        }),
        Err(std::fs::TryLockError::Error(source)) => Err(JournalError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn write_line(file: &mut File, record: &Record) -> io::Result<()> {
    let mut line = serde_json::to_vec(record).map_err(io::Error::other)?;
    line.push(b'\n');
    file.write_all(&line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn begin(hash: &str) -> Begin {
        Begin {
            version: JOURNAL_VERSION,
            at: Timestamp::now(),
            event: "meeting-42".to_owned(),
            file: PathBuf::from("people.csv"),
            file_sha256: hash.to_owned(),
            rows: 3,
            mapping: Mapping {
                columns: Vec::new(),
            },
        }
    }

    fn sending(unit: u32, rows: &[usize], emails: &[&str], at: Timestamp) -> Record {
        Record::Sending {
            unit,
            at,
            call: CallKind::Batch,
            rows: rows.to_vec(),
            emails: emails.iter().map(|e| (*e).to_owned()).collect(),
        }
    }

    fn registered(id: &str) -> RowOutcome {
        RowOutcome::Registered {
            registrant_id: id.to_owned(),
            join_url: None,
            reconciled: false,
        }
    }

    #[tokio::test]
    async fn records_round_trip_and_unanswered_sends_are_unknown() {
        let dir = tempfile::tempdir().unwrap();
        let hash = "ab".repeat(32);
        let path = new_journal_path(dir.path(), "meeting-42", &hash, Timestamp::now());
        let writer = JournalWriter::create(&path, begin(&hash)).unwrap();
        let now = Timestamp::now();
        writer
            .write(sending(1, &[2, 3], &["a@x.org", "b@x.org"], now))
            .await
            .unwrap();
        writer
            .write(Record::Sent {
                unit: 1,
                at: now,
                results: vec![(2, registered("r2")), (3, registered("r3"))],
            })
            .await
            .unwrap();
        writer
            .write(sending(2, &[4], &["c@x.org"], now))
            .await
            .unwrap();
        drop(writer);

        let state = read_journal(&path).unwrap();
        assert_eq!(state.outcomes.len(), 2);
        assert_eq!(state.unknown_rows(), BTreeSet::from([4]));
        assert_eq!(state.next_unit, 3);
        assert!(state.is_open());
        let found = find_open(dir.path(), "meeting-42", &hash).unwrap().unwrap();
        assert_eq!(found.path, path);
        assert!(
            find_open(dir.path(), "meeting-43", &hash)
                .unwrap()
                .is_none()
        );
    }

    #[tokio::test]
    async fn a_cut_last_line_is_ignored_but_damage_elsewhere_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let hash = "cd".repeat(32);
        let path = new_journal_path(dir.path(), "meeting-42", &hash, Timestamp::now());
        let writer = JournalWriter::create(&path, begin(&hash)).unwrap();
        writer
            .write(sending(1, &[2], &["a@x.org"], Timestamp::now()))
            .await
            .unwrap();
        drop(writer);
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(br#"{"record":"sent","unit":1,"at":"#)
            .unwrap();
        drop(file);
        let state = read_journal(&path).unwrap();
        assert_eq!(state.unknown_rows(), BTreeSet::from([2]));

        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(b"\n{\"record\":\"resumed\",\"at\":\"2026-01-01T00:00:00Z\"}\n")
            .unwrap();
        drop(file);
        assert!(matches!(
            read_journal(&path),
            Err(JournalError::Damaged { line: 3, .. })
        ));
    }

    #[tokio::test]
    async fn a_second_writer_is_refused_while_the_first_holds_the_journal() {
        let dir = tempfile::tempdir().unwrap();
        let hash = "ef".repeat(32);
        let path = new_journal_path(dir.path(), "meeting-42", &hash, Timestamp::now());
        let writer = JournalWriter::create(&path, begin(&hash)).unwrap();
        writer
            .write(Record::Resumed {
                at: Timestamp::now(),
            })
            .await
            .unwrap();
        assert!(matches!(
            JournalWriter::append(&path),
            Err(JournalError::Locked { .. })
        ));
        drop(writer);
        // The writer thread closes the file once its queue is gone; wait for the lock to go.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            match JournalWriter::append(&path) {
                Ok(_) => break,
                Err(JournalError::Locked { .. }) if std::time::Instant::now() < deadline => {
                    tokio::task::yield_now().await;
                }
                Err(err) => panic!("{err}"),
            }
        }
    }

    #[tokio::test]
    async fn todays_sends_are_counted_per_email_across_journals() {
        let dir = tempfile::tempdir().unwrap();
        let today = Timestamp::now();
        let yesterday = today - jiff::SignedDuration::from_hours(24);
        for (hash, unit_time) in [("11".repeat(32), today), ("22".repeat(32), yesterday)] {
            let path = new_journal_path(dir.path(), "meeting-42", &hash, Timestamp::now());
            let writer = JournalWriter::create(&path, begin(&hash)).unwrap();
            writer
                .write(sending(1, &[2, 3], &["Ann@X.org", "bo@x.org"], unit_time))
                .await
                .unwrap();
            writer
                .write(sending(2, &[2], &["ann@x.org"], today))
                .await
                .unwrap();
        }
        let other = new_journal_path(dir.path(), "meeting-7", &"33".repeat(32), today);
        let writer = JournalWriter::create(&other, begin(&"33".repeat(32))).unwrap();
        writer
            .write(sending(1, &[2], &["ann@x.org"], today))
            .await
            .unwrap();
        let day = today.to_zoned(jiff::tz::TimeZone::UTC).date();
        let counts = registration_requests_on(dir.path(), "meeting-42", day).unwrap();
        assert_eq!(counts.get("ann@x.org"), Some(&3));
        assert_eq!(counts.get("bo@x.org"), Some(&1));
    }
}
