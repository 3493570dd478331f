//! The bulk-import engine: read spreadsheets, map and validate rows, plan against existing registrants, send governed batches, journal and resume, report.
