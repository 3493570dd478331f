//! `regdesk copy` tests: the real binary against an in-process simulator over real HTTP, with the
//! simulator's registrant lists as ground truth: status filters, questions answered by title and
//! by `--answer`, the dry run, copies under faults and after a SIGKILL (`--resume`: nobody lost,
//! nobody doubled), and moves that cancel in the source only whom the target accepted.

// A test crate: an unmet `expect` is the test failing (clippy.toml allows it only inside
// `#[test]` functions, not in the helpers around them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "copy/copying.rs"]
mod copying;
#[path = "copy/moving.rs"]
mod moving;
#[path = "copy/support.rs"]
mod support;
