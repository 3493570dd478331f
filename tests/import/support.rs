//! Shared helpers of the import tests.

use std::path::PathBuf;

/// A file of tests/fixtures/import.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}
