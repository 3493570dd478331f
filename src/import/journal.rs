//! The import journal: an append-only JSON-lines file in the data dir, written and fsynced before
//! each send (which rows, which emails) and after it (what Zoom said), so that Ctrl-C, a crash or
//! SIGKILL leaves a record `--resume` can finish from. A send with no recorded answer is an
//! unknown outcome: the resume lists the registrants before sending any of its rows again.
//!
//! One journal per run, named `<event>-<file hash>-<start time>.jsonl` where the event key names
//! the Zoom account too (`z1a2b3c4d5e6f-meeting-123`: a hash of the API URL and the account, see
//! [`event_key`]), so an import is found again by account, meeting and file content, journals made
//! against another Zoom (a demo, a restarted simulator) never count, and every send of the day is
//! counted for Zoom's limit of three registrations per person, meeting and day. Writes go through
//! one writer thread that batches concurrent records into a single fsync (group commit); the file
//! is locked so that two regdesk processes cannot write one journal at once.
//!
//! A crash or a full disk can cut the last record short. Reading ignores such a torn last line
//! (a cut `sending` never left: it is on disk before the request; a cut `sent` leaves its unit
//! unknown, to be reconciled), and [`JournalWriter::append`] cuts it away before appending, so
//! the next record starts on a line of its own. Damage anywhere else, an empty journal or an
//! unknown format is an error naming the file; [`set_aside`] renames such a journal out of the
//! way (it is never deleted). Journals are private files (see [`crate::private_fs`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::Digest;
use tokio::sync::oneshot;

use super::mapping::Mapping;
use super::outcome::RowOutcome;

/// Bumped when records change incompatibly; older regdesk versions refuse newer journals.
/// Version 2 keys journals by Zoom account (see [`event_key`]) and records it in [`Begin::zoom`].
pub const JOURNAL_VERSION: u32 = 2;

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
    /// The event key: the Zoom account's hash and `meeting-<id>` or `webinar-<id>`.
    pub event: String,
    /// The Zoom API URL and account the journal was made against (no secret).
    #[serde(default)]
    pub zoom: String,
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
    /// The last line was cut short by a crash mid-write: appending cuts it away first.
    pub torn_tail: bool,
    /// Registration requests per UTC day and email (lower case).
    pub requests_by_day: BTreeMap<jiff::civil::Date, HashMap<String, u32>>,
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
    #[error("the import journal {path} is empty (it has not even its first record)")]
    Empty { path: PathBuf },
    #[error(
        "the import journal {path} is in format {found}, which this regdesk does not read (it reads 1 to {JOURNAL_VERSION})"
    )]
    UnknownVersion { path: PathBuf, found: u32 },
    #[error(
        "another regdesk process is running this import right now (its journal {path} is locked); wait for it or stop it first"
    )]
    Locked { path: PathBuf },
}

impl JournalError {
    /// The journal cannot be read (damaged, empty, an unknown format): it can be set aside.
    pub fn is_unreadable(&self) -> bool {
        matches!(
            self,
            JournalError::Damaged { .. }
                | JournalError::Empty { .. }
                | JournalError::UnknownVersion { .. }
        )
    }

    /// The journal the error is about.
    pub fn path(&self) -> &Path {
        match self {
            JournalError::Io { path, .. }
            | JournalError::Damaged { path, .. }
            | JournalError::Empty { path }
            | JournalError::UnknownVersion { path, .. }
            | JournalError::Locked { path } => path,
        }
    }
}

/// The key of a Zoom account: `z` and 12 hex digits of the SHA-256 of its identity (API URL and
/// account, see `ZoomClient::account_identity`).
pub fn zoom_key(zoom_identity: &str) -> String {
    let digest = sha2::Sha256::digest(zoom_identity.as_bytes());
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("z{hex}")
}

/// The journal file name prefix of an event of a Zoom account: `z1a2b3c4d5e6f-meeting-123`.
pub fn event_key(zoom_identity: &str, kind_noun: &str, id: u64) -> String {
    format!("{}-{kind_noun}-{id}", zoom_key(zoom_identity))
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

/// Every journal of an event: those that read, and those that do not (damaged, empty, an unknown
/// format) with the reason.
#[derive(Debug, Default)]
pub struct EventJournals {
    /// Oldest first.
    pub journals: Vec<JournalState>,
    pub unreadable: Vec<JournalError>,
}

impl EventJournals {
    /// The newest open journal of this file content, if any.
    pub fn open_of_file(&self, file_sha256: &str) -> Option<&JournalState> {
        self.journals
            .iter()
            .rev()
            .find(|state| state.begin.file_sha256 == file_sha256 && state.is_open())
    }

    /// How many registration requests regdesk sent on this UTC day per email (lower case),
    /// across the readable journals: Zoom allows three per person, meeting and day.
    pub fn requests_on(&self, day: jiff::civil::Date) -> HashMap<String, u32> {
        let mut counts: HashMap<String, u32> = HashMap::new();
        for state in &self.journals {
            for (email, count) in state.requests_by_day.get(&day).into_iter().flatten() {
                *counts.entry(email.clone()).or_default() += count;
            }
        }
        counts
    }
}

/// Reads every journal of an event; only a folder that cannot be listed is an error.
pub fn scan_event(dir: &Path, event: &str) -> Result<EventJournals, JournalError> {
    let paths = journals_of_event(dir, event).map_err(|source| JournalError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut scanned = EventJournals::default();
    for path in paths {
        match read_journal(&path) {
            Ok(state) => scanned.journals.push(state),
            Err(error) if error.is_unreadable() => scanned.unreadable.push(error),
            Err(error) => return Err(error),
        }
    }
    Ok(scanned)
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
    let scanned = scan_event(dir, event)?;
    match scanned.unreadable.into_iter().next() {
        Some(error) => Err(error),
        None => Ok(EventJournals {
            journals: scanned.journals,
            unreadable: Vec::new(),
        }
        .requests_on(day)),
    }
}

/// Replays a journal.
pub fn read_journal(path: &Path) -> Result<JournalState, JournalError> {
    let read = read_records(path)?;
    let mut records = read.records.into_iter();
    let begin = match records.next() {
        Some(Record::Begin(begin)) => begin,
        _ => {
            return Err(JournalError::Damaged {
                path: path.to_path_buf(),
                line: 1,
                message: "it does not start with a complete begin record".to_owned(),
            });
        }
    };
    if begin.version == 0 || begin.version > JOURNAL_VERSION {
        return Err(JournalError::UnknownVersion {
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
        torn_tail: read.tail == Tail::Torn,
        requests_by_day: BTreeMap::new(),
    };
    for record in records {
        match record {
            Record::Sending {
                unit,
                rows,
                at,
                emails,
                ..
            } => {
                let day = at.to_zoned(jiff::tz::TimeZone::UTC).date();
                let counts = state.requests_by_day.entry(day).or_default();
                for email in emails {
                    *counts.entry(email.to_lowercase()).or_default() += 1;
                }
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

/// How a journal ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tail {
    /// In a line break after a whole record.
    Clean,
    /// In a whole record whose line break was cut off.
    MissingNewline,
    /// In part of a record, cut short by a crash or a full disk.
    Torn,
}

struct RecordsRead {
    records: Vec<Record>,
    tail: Tail,
    /// The length of the journal without a torn last line.
    whole_length: u64,
}

/// Reads every record; a last line cut short by a crash mid-write is left out (its send never
/// left: the record is written before the request), damage anywhere else is an error.
fn read_records(path: &Path) -> Result<RecordsRead, JournalError> {
    let io_error = |source| JournalError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|mut file| file.read_to_end(&mut bytes))
        .map_err(io_error)?;
    parse_records(path, &bytes)
}

fn parse_records(path: &Path, bytes: &[u8]) -> Result<RecordsRead, JournalError> {
    if bytes.is_empty() {
        return Err(JournalError::Empty {
            path: path.to_path_buf(),
        });
    }
    let mut records = Vec::new();
    let mut tail = Tail::Clean;
    let mut whole_length = bytes.len() as u64;
    let mut start = 0;
    let mut line_number = 0;
    while start < bytes.len() {
        line_number += 1;
        let (line, terminated) = match bytes[start..].iter().position(|&b| b == b'\n') {
            Some(end) => (&bytes[start..start + end], true),
            None => (&bytes[start..], false),
        };
        let parsed = std::str::from_utf8(line)
            .map_err(|error| error.to_string())
            .and_then(|text| {
                if text.trim().is_empty() {
                    Ok(None)
                } else {
                    serde_json::from_str::<Record>(text.trim_end())
                        .map(Some)
                        .map_err(|error| error.to_string())
                }
            });
        match parsed {
            Ok(Some(record)) => {
                records.push(record);
                if !terminated {
                    tail = Tail::MissingNewline;
                }
            }
            Ok(None) => {}
            // A crash mid-write cuts the last line short. A cut `sending` never left (it is on
            // disk before the request); a cut `sent` leaves its unit unknown, to be reconciled.
            Err(_) if !terminated => {
                tail = Tail::Torn;
                whole_length = start as u64;
            }
            Err(message) => {
                return Err(JournalError::Damaged {
                    path: path.to_path_buf(),
                    line: line_number,
                    message,
                });
            }
        }
        start += line.len() + 1;
    }
    if records.is_empty() {
        return Err(JournalError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(RecordsRead {
        records,
        tail,
        whole_length,
    })
}

/// A journal's last line, cut short by a crash or a full disk, was removed before appending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired {
    pub path: PathBuf,
    /// The bytes of the cut record that were removed.
    pub removed_bytes: u64,
}

/// Moves a journal that cannot be read out of the way: it is renamed to
/// `<name>.set-aside-<UTC time>` in the same folder (never deleted, never over another file) and
/// no longer counts as a journal. Returns the new path.
pub fn set_aside(path: &Path, at: Timestamp) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stamp = at.strftime("%Y%m%dT%H%M%S%.3fZ").to_string();
    let mut attempt = 0;
    loop {
        let suffix = match attempt {
            0 => String::new(),
            n => format!("-{n}"),
        };
        let target = path.with_file_name(format!("{name}.set-aside-{stamp}{suffix}"));
        // A hard link never replaces an existing file; the old name goes once the new one exists.
        match std::fs::hard_link(path, &target) {
            Ok(()) => {
                std::fs::remove_file(path)?;
                if let Some(dir) = path.parent() {
                    crate::private_fs::sync_dir(dir)?;
                }
                return Ok(target);
            }
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            // A file system without hard links: rename, having checked that nothing is there.
            Err(_) if std::fs::symlink_metadata(&target).is_err() => {
                std::fs::rename(path, &target)?;
                if let Some(dir) = path.parent() {
                    crate::private_fs::sync_dir(dir)?;
                }
                return Ok(target);
            }
            Err(error) => return Err(error),
        }
    }
}

/// Appends records to one journal from any task; see the module docs for the group commit.
pub struct JournalWriter {
    path: PathBuf,
    queue: mpsc::Sender<(Record, oneshot::Sender<io::Result<()>>)>,
    thread: thread::JoinHandle<()>,
    repaired: Option<Repaired>,
}

impl JournalWriter {
    /// Creates a new journal starting with `begin`, fsynced (file and directory); the file is
    /// 0600 in a 0700 folder.
    pub fn create(path: &Path, begin: Begin) -> Result<Self, JournalError> {
        let io_error = |source| JournalError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            crate::private_fs::create_private_dir_all(dir).map_err(io_error)?;
        }
        let mut file = crate::private_fs::create_new_private(path).map_err(io_error)?;
        lock(&file, path)?;
        write_line(&mut file, &Record::Begin(begin)).map_err(io_error)?;
        file.sync_all().map_err(io_error)?;
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            crate::private_fs::sync_dir(dir).map_err(io_error)?;
        }
        Ok(Self::spawn(path, file, None))
    }

    /// Continues an existing journal. A last record cut short by a crash is removed first (see
    /// [`JournalWriter::repaired`]), and a whole last record missing its line break gets one, so
    /// that the next record starts on a line of its own.
    pub fn append(path: &Path) -> Result<Self, JournalError> {
        let io_error = |source| JournalError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut file = crate::private_fs::open_private_append(path).map_err(io_error)?;
        lock(&file, path)?;
        let mut bytes = Vec::new();
        file.seek(io::SeekFrom::Start(0))
            .and_then(|_| file.read_to_end(&mut bytes))
            .map_err(io_error)?;
        let read = parse_records(path, &bytes)?;
        let repaired = match read.tail {
            Tail::Clean => None,
            Tail::MissingNewline => {
                file.write_all(b"\n")
                    .and_then(|()| file.sync_data())
                    .map_err(io_error)?;
                None
            }
            Tail::Torn => {
                file.set_len(read.whole_length)
                    .and_then(|()| file.sync_data())
                    .map_err(io_error)?;
                Some(Repaired {
                    path: path.to_path_buf(),
                    removed_bytes: bytes.len() as u64 - read.whole_length,
                })
            }
        };
        Ok(Self::spawn(path, file, repaired))
    }

    /// What opening the journal repaired, if anything.
    pub fn repaired(&self) -> Option<&Repaired> {
        self.repaired.as_ref()
    }

    fn spawn(path: &Path, mut file: File, repaired: Option<Repaired>) -> Self {
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
            repaired,
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
    use std::fs::OpenOptions;

    use super::*;

    fn begin(hash: &str) -> Begin {
        Begin {
            version: JOURNAL_VERSION,
            at: Timestamp::now(),
            event: "meeting-42".to_owned(),
            zoom: "http://127.0.0.1:1/v2 account test".to_owned(),
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

    /// A journal's records and its bytes as the writer lays them out.
    fn sample_journal() -> (Vec<Record>, Vec<u8>) {
        let at: Timestamp = "2026-03-01T10:00:00Z".parse().unwrap();
        let records = vec![
            Record::Begin(Begin {
                at,
                ..begin(&"ab".repeat(32))
            }),
            sending(1, &[2, 3], &["ann@x.org", "zoë@x.org"], at),
            Record::Sent {
                unit: 1,
                at,
                results: vec![(2, registered("r2")), (3, registered("r3"))],
            },
            sending(2, &[4], &["cy@x.org"], at),
            Record::Resumed { at },
            sending(3, &[5], &["di@x.org"], at),
        ];
        let mut bytes = Vec::new();
        for record in &records {
            bytes.extend(serde_json::to_vec(record).unwrap());
            bytes.push(b'\n');
        }
        (records, bytes)
    }

    proptest::proptest! {
        #[test]
        fn any_cut_of_a_journal_opens_repaired_and_keeps_every_complete_record(cut in 0usize..2000) {
            let (records, bytes) = sample_journal();
            let cut = cut % (bytes.len() + 1);
            let prefix = &bytes[..cut];
            let whole_lines = prefix.iter().filter(|&&b| b == b'\n').count();
            let rest = &prefix[prefix.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)..];
            let complete = whole_lines
                + usize::from(!rest.is_empty() && serde_json::from_slice::<Record>(rest).is_ok());
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("journal.jsonl");
            std::fs::write(&path, prefix).unwrap();
            if complete == 0 {
                let error = read_journal(&path).unwrap_err();
                proptest::prop_assert!(error.is_unreadable(), "{}", error);
                proptest::prop_assert!(JournalWriter::append(&path).is_err());
                return Ok(());
            }
            let state = read_journal(&path).unwrap();
            proptest::prop_assert_eq!(state.torn_tail, complete == whole_lines && !rest.is_empty());
            let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
            let writer = JournalWriter::append(&path).unwrap();
            proptest::prop_assert_eq!(writer.repaired().is_some(), state.torn_tail);
            let later = Record::Finished { at: Timestamp::now(), report: None };
            runtime.block_on(writer.write(later.clone())).unwrap();
            writer.close();
            let mut expected = records[..complete].to_vec();
            expected.push(later);
            proptest::prop_assert_eq!(read_records(&path).unwrap().records, expected);
        }
    }

    #[tokio::test]
    async fn appending_after_a_torn_record_starts_a_line_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let (_, bytes) = sample_journal();
        let path = dir.path().join("journal.jsonl");
        // A crash cut the last record (`sending` unit 3) in the middle.
        std::fs::write(&path, &bytes[..bytes.len() - 20]).unwrap();
        let writer = JournalWriter::append(&path).unwrap();
        assert_eq!(
            writer.repaired().map(|repaired| repaired.removed_bytes),
            Some(
                bytes.len() as u64
                    - 20
                    - bytes[..bytes.len() - 1]
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |i| i as u64 + 1)
            )
        );
        writer
            .write(Record::Resumed {
                at: Timestamp::now(),
            })
            .await
            .unwrap();
        writer.close();
        let state = read_journal(&path).unwrap();
        assert!(!state.torn_tail);
        assert_eq!(state.unknown_rows(), BTreeSet::from([4]));
        assert_eq!(state.next_unit, 3, "the cut send never left");
    }

    #[test]
    fn empty_and_unknown_format_journals_are_unreadable_and_can_be_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("z1-meeting-42-a-1.jsonl");
        std::fs::write(&empty, b"").unwrap();
        let error = read_journal(&empty).unwrap_err();
        assert!(matches!(error, JournalError::Empty { .. }), "{error}");
        assert!(error.to_string().contains(&empty.display().to_string()));
        let newer = dir.path().join("z1-meeting-42-b-2.jsonl");
        let begin = Record::Begin(Begin {
            version: JOURNAL_VERSION + 1,
            ..begin("b")
        });
        std::fs::write(
            &newer,
            format!("{}\n", serde_json::to_string(&begin).unwrap()),
        )
        .unwrap();
        assert!(matches!(
            read_journal(&newer),
            Err(JournalError::UnknownVersion { found, .. }) if found == JOURNAL_VERSION + 1
        ));
        let scanned = scan_event(dir.path(), "z1-meeting-42").unwrap();
        assert_eq!(scanned.unreadable.len(), 2);

        let at = Timestamp::now();
        let moved = set_aside(&newer, at).unwrap();
        // A second journal set aside in the same millisecond does not replace the first.
        std::fs::write(&newer, b"other").unwrap();
        let moved_again = set_aside(&newer, at).unwrap();
        assert_ne!(moved, moved_again);
        assert!(std::fs::read_to_string(&moved).unwrap().contains("begin"));
        assert_eq!(std::fs::read(&moved_again).unwrap(), b"other");
        let scanned = scan_event(dir.path(), "z1-meeting-42").unwrap();
        assert_eq!(
            scanned.unreadable.len(),
            1,
            "set-aside journals no longer count"
        );
    }

    #[test]
    fn event_keys_differ_by_zoom_account() {
        let one = event_key("http://127.0.0.1:1/v2 account A", "meeting", 42);
        let other = event_key("http://127.0.0.1:2/v2 account A", "meeting", 42);
        assert_ne!(one, other);
        assert!(one.ends_with("-meeting-42"), "{one}");
        assert!(!one.contains("account"), "the key is a hash: {one}");
    }
}
