//! The bulk-import engine: read spreadsheets, map and validate rows, plan against existing
//! registrants, send governed batches, journal and resume, report; and copying another event's
//! registrants through it (`copy`).

pub mod copy;
pub mod job;
pub mod journal;
pub mod mapping;
pub mod multi;
pub mod outcome;
pub mod plan;
pub mod read;
pub mod report;
pub mod run;
pub mod validate;
