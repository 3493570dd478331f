//! The request log: a bounded ring buffer of every request the client sent (API and token
//! endpoint), each entry redacted before it is stored. The TUI's live pane and `doctor` read it.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::diagnosis::Diagnosis;
use super::endpoint::Endpoint;

/// How many entries the log keeps by default.
pub const DEFAULT_LOG_CAPACITY: usize = 500;

/// The rate-limit headers of a response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RateLimitHeaders {
    /// `X-RateLimit-Category`
    pub category: Option<String>,
    /// `X-RateLimit-Type`
    pub limit_type: Option<String>,
    /// `X-RateLimit-Limit`
    pub limit: Option<u64>,
    /// `X-RateLimit-Remaining`
    pub remaining: Option<u64>,
    /// `Retry-After`, as sent (seconds or a date)
    pub retry_after: Option<String>,
}

/// One recorded request. Every text field was redacted when the entry was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    /// Increasing number of this entry within the client.
    pub id: u64,
    /// When the request was sent.
    pub at: jiff::Timestamp,
    pub endpoint: Endpoint,
    pub method: String,
    /// The path after the API base (or `/oauth/token`).
    pub path: String,
    /// The query string, redacted (empty when none).
    pub query: String,
    /// HTTP status; `None` when no answer came.
    pub status: Option<u16>,
    /// Zoom's error code, if the answer was an error body.
    pub zoom_code: Option<i64>,
    pub zoom_message: Option<String>,
    pub latency: Duration,
    /// 1 for the first try of a request, 2 for its first retry…
    pub attempt: u32,
    pub rate_limit: RateLimitHeaders,
    /// The request body, redacted (emails kept).
    pub request_detail: Option<String>,
    /// A short summary of the answer, redacted.
    pub response_summary: Option<String>,
    /// Why no answer came (connection refused, dropped, timeout).
    pub failure: Option<String>,
    /// What the client did next (retry, reconcile, refresh).
    pub note: Option<String>,
    /// The plain-words diagnosis of an error answer.
    pub diagnosis: Option<Diagnosis>,
}

impl LogEntry {
    /// Whether this request failed (no answer or a status of 400 or more).
    pub fn is_error(&self) -> bool {
        self.status.is_none_or(|status| status >= 400)
    }

    /// Every text in the entry, for tests and for checks that no secret got in.
    pub fn all_text(&self) -> String {
        format!("{self:?}")
    }
}

/// The ring buffer.
#[derive(Debug)]
pub struct RequestLog {
    capacity: usize,
    entries: Mutex<VecDeque<LogEntry>>,
    next_id: AtomicU64,
}

impl RequestLog {
    pub fn new(capacity: usize) -> Self {
        RequestLog {
            capacity: capacity.max(1),
            entries: Mutex::new(VecDeque::with_capacity(capacity.clamp(1, 1024))),
            next_id: AtomicU64::new(1),
        }
    }

    /// The next entry's ID.
    pub fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Stores an entry, dropping the oldest beyond capacity.
    pub fn push(&self, entry: LogEntry) {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if entries.len() >= self.capacity {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    /// A copy of the entries, oldest first.
    pub fn snapshot(&self) -> Vec<LogEntry> {
        let entries = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        entries.iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: u64) -> LogEntry {
        LogEntry {
            id,
            at: jiff::Timestamp::UNIX_EPOCH,
            endpoint: Endpoint::Token,
            method: "POST".into(),
            path: "/oauth/token".into(),
            query: String::new(),
            status: Some(200),
            zoom_code: None,
            zoom_message: None,
            latency: Duration::from_millis(3),
            attempt: 1,
            rate_limit: RateLimitHeaders::default(),
            request_detail: None,
            response_summary: None,
            failure: None,
            note: None,
            diagnosis: None,
        }
    }

    #[test]
    fn the_ring_keeps_the_newest_entries() {
        let log = RequestLog::new(3);
        for _ in 0..5 {
            let id = log.next_id();
            log.push(entry(id));
        }
        let ids: Vec<u64> = log.snapshot().iter().map(|entry| entry.id).collect();
        assert_eq!(ids, vec![3, 4, 5]);
    }
}
