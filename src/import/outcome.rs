//! What became of each input row: the vocabulary shared by the plan, the journal, the progress
//! events and the report.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Something wrong with one value of one row, found before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The registrant field or question the value is for (`email`, `question "Dietary needs"`).
    pub field: String,
    /// The file's column, when one is involved (`"E-mail"`, `column C`).
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => write!(f, "{} (column {column}): {}", self.field, self.message),
            None => write!(f, "{}: {}", self.field, self.message),
        }
    }
}

/// The end state of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum RowOutcome {
    /// Registered by this import. `reconciled`: the send's answer was lost (crash, dropped
    /// connection) and the registrant was found by listing instead of being sent again.
    Registered {
        registrant_id: String,
        join_url: Option<String>,
        reconciled: bool,
    },
    /// Registered before this import (in any status); nothing was sent.
    AlreadyRegistered {
        registrant_id: String,
        status: String,
        join_url: Option<String>,
    },
    /// The same email (ignoring case) appears on an earlier row, which is the one imported.
    Duplicate { of_row: usize },
    /// Values Zoom would refuse; nothing was sent.
    Invalid { problems: Vec<Problem> },
    /// Valid, but a Zoom limit forbids sending it now (capacity, 3 registrations a day). The
    /// reason is shared: a file far over the capacity has a million rows with the same one.
    Blocked {
        #[serde(with = "shared_text")]
        reason: std::sync::Arc<str>,
    },
    /// Sent, and Zoom (or the network) said no.
    Failed { error: String, fix: Option<String> },
    /// Sent, but the answer was lost and checking did not settle it; `--resume` lists the
    /// registrants and sends it again only if it is absent.
    Unknown { error: String },
    /// Not sent because the import stopped first (cancelled, or a problem every call would
    /// share); `--resume` sends it.
    NotSent { reason: String },
}

impl RowOutcome {
    /// The report's `outcome` column.
    pub fn label(&self) -> &'static str {
        match self {
            RowOutcome::Registered { .. } => "registered",
            RowOutcome::AlreadyRegistered { .. } => "already_registered",
            RowOutcome::Duplicate { .. } => "duplicate",
            RowOutcome::Invalid { .. } => "invalid",
            RowOutcome::Blocked { .. } => "blocked",
            RowOutcome::Failed { .. } => "failed",
            RowOutcome::Unknown { .. } => "unknown",
            RowOutcome::NotSent { .. } => "not_sent",
        }
    }

    /// The report's `detail` column: the reason, the diagnosis, or a note.
    pub fn detail(&self) -> String {
        match self {
            RowOutcome::Registered { reconciled, .. } => {
                if *reconciled {
                    "registered; the answer to the request was lost, and listing the registrants confirmed it".to_owned()
                } else {
                    String::new()
                }
            }
            RowOutcome::AlreadyRegistered { status, .. } => {
                format!("already registered ({status}); not sent again")
            }
            RowOutcome::Duplicate { of_row } => format!("duplicate of row {of_row}"),
            RowOutcome::Invalid { problems } => problems
                .iter()
                .map(Problem::to_string)
                .collect::<Vec<_>>()
                .join("; "),
            RowOutcome::Blocked { reason } => reason.to_string(),
            RowOutcome::Failed { error, fix } => match fix {
                Some(fix) => format!("{error} Fix: {fix}"),
                None => error.clone(),
            },
            RowOutcome::Unknown { error } => format!(
                "{error}; run the import again with --resume: it checks the registrants and sends this row only if it is missing"
            ),
            RowOutcome::NotSent { reason } => {
                format!("not sent: {reason}; run the import again with --resume to send it")
            }
        }
    }

    /// Whether the row's person is registered for the event now.
    pub fn is_registered(&self) -> bool {
        matches!(
            self,
            RowOutcome::Registered { .. } | RowOutcome::AlreadyRegistered { .. }
        )
    }

    /// Whether the row needs the user's attention (and makes the CLI exit with 3).
    pub fn needs_attention(&self) -> bool {
        matches!(
            self,
            RowOutcome::Invalid { .. }
                | RowOutcome::Blocked { .. }
                | RowOutcome::Failed { .. }
                | RowOutcome::Unknown { .. }
                | RowOutcome::NotSent { .. }
        )
    }

    pub fn registrant_id(&self) -> Option<&str> {
        match self {
            RowOutcome::Registered { registrant_id, .. }
            | RowOutcome::AlreadyRegistered { registrant_id, .. } => Some(registrant_id),
            _ => None,
        }
    }

    pub fn join_url(&self) -> Option<&str> {
        match self {
            RowOutcome::Registered { join_url, .. }
            | RowOutcome::AlreadyRegistered { join_url, .. } => join_url.as_deref(),
            _ => None,
        }
    }
}

/// How many rows ended in each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeCounts {
    pub registered: usize,
    pub already_registered: usize,
    pub duplicate: usize,
    pub invalid: usize,
    pub blocked: usize,
    pub failed: usize,
    pub unknown: usize,
    pub not_sent: usize,
}

impl OutcomeCounts {
    pub fn add(&mut self, outcome: &RowOutcome) {
        let slot = match outcome {
            RowOutcome::Registered { .. } => &mut self.registered,
            RowOutcome::AlreadyRegistered { .. } => &mut self.already_registered,
            RowOutcome::Duplicate { .. } => &mut self.duplicate,
            RowOutcome::Invalid { .. } => &mut self.invalid,
            RowOutcome::Blocked { .. } => &mut self.blocked,
            RowOutcome::Failed { .. } => &mut self.failed,
            RowOutcome::Unknown { .. } => &mut self.unknown,
            RowOutcome::NotSent { .. } => &mut self.not_sent,
        };
        *slot += 1;
    }

    pub fn total(&self) -> usize {
        self.registered
            + self.already_registered
            + self.duplicate
            + self.invalid
            + self.blocked
            + self.failed
            + self.unknown
            + self.not_sent
    }

    /// Rows that need the user's attention (invalid, blocked, failed, unknown, not sent).
    pub fn needing_attention(&self) -> usize {
        self.invalid + self.blocked + self.failed + self.unknown + self.not_sent
    }
}

impl<'a> FromIterator<&'a RowOutcome> for OutcomeCounts {
    fn from_iter<I: IntoIterator<Item = &'a RowOutcome>>(outcomes: I) -> Self {
        let mut counts = OutcomeCounts::default();
        for outcome in outcomes {
            counts.add(outcome);
        }
        counts
    }
}

impl fmt::Display for OutcomeCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // (count, one, many)
        let parts = [
            (self.registered, "registered", "registered"),
            (
                self.already_registered,
                "already registered",
                "already registered",
            ),
            (self.duplicate, "duplicate", "duplicates"),
            (self.invalid, "invalid", "invalid"),
            (
                self.blocked,
                "blocked by Zoom limits",
                "blocked by Zoom limits",
            ),
            (self.failed, "failed", "failed"),
            (self.unknown, "outcome unknown", "outcome unknown"),
            (self.not_sent, "not sent", "not sent"),
        ];
        let shown: Vec<String> = parts
            .iter()
            .filter(|(count, _, _)| *count > 0)
            .map(|(count, one, many)| format!("{count} {}", if *count == 1 { one } else { many }))
            .collect();
        if shown.is_empty() {
            f.write_str("no rows")
        } else {
            f.write_str(&shown.join(", "))
        }
    }
}

/// A shared text as a plain JSON string.
mod shared_text {
    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(text: &Arc<str>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Arc<str>, D::Error> {
        String::deserialize(deserializer).map(Arc::from)
    }
}
