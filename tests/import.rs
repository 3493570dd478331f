//! Import engine tests: every fixture dialect and encoding read and mapped (`files`), the engine
//! against the simulator over real HTTP (`engine`), the real binary killed with SIGKILL half-way
//! and resumed (`cli`), one file registered into several events (`multi`), and what keeps
//! imports safe on disk and side by side: private files, torn and damaged journals, one import
//! per event, bounded input files (`safety`).

// A test crate: an unmet `expect` is the test failing (clippy.toml allows it only inside
// `#[test]` functions, not in the helpers around them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "import/cli.rs"]
mod cli;
#[path = "import/engine.rs"]
mod engine;
#[path = "import/files.rs"]
mod files;
#[path = "import/multi.rs"]
mod multi;
#[path = "import/safety.rs"]
mod safety;
#[path = "import/support.rs"]
mod support;
