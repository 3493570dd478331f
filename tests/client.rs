//! The API client against the simulator on 127.0.0.1:0, over real HTTP: every endpoint, each
//! error class with its diagnosis, tokens (refresh, single flight, revocation, the legacy JWT
//! clock case), paging, pacing at each plan, faults, and the redaction of the request log.

// A test crate: an unmet `expect` is the test failing (clippy.toml allows it only inside
// `#[test]` functions, not in the helpers around them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "client/support.rs"]
mod support;

#[path = "client/auth.rs"]
mod auth;
#[path = "client/endpoints.rs"]
mod endpoints;
#[path = "client/errors.rs"]
mod errors;
#[path = "client/faults.rs"]
mod faults;
#[path = "client/hostile.rs"]
mod hostile;
#[path = "client/limits.rs"]
mod limits;
#[path = "client/paging.rs"]
mod paging;
