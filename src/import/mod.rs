//! The bulk-import engine: read spreadsheets, map and validate rows, plan against existing
//! registrants, send governed batches, journal and resume, report.

pub mod journal;
pub mod mapping;
pub mod outcome;
pub mod plan;
pub mod read;
pub mod report;
pub mod run;
pub mod session;
pub mod validate;
