//! The Zoom simulator, tested the way a client meets it: real HTTP to 127.0.0.1 with plain
//! reqwest (never through `src/zoom`, which must stay independent of the simulator). One module
//! per area; `schema` checks the answers against Zoom's own OpenAPI file.

// A test crate: an unmet `expect` is the test failing (clippy.toml allows it only inside
// `#[test]` functions, not in the helpers around them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "sim/common.rs"]
mod common;

#[path = "sim/attendance.rs"]
mod attendance;
#[path = "sim/auth.rs"]
mod auth;
#[path = "sim/catalog.rs"]
mod catalog;
#[path = "sim/cli.rs"]
mod cli;
#[path = "sim/faults.rs"]
mod faults;
#[path = "sim/limits.rs"]
mod limits;
#[path = "sim/registrants.rs"]
mod registrants;
#[path = "sim/schema.rs"]
mod schema;
