//! The scriptable CLI end to end: the real `regdesk` binary, spawned with credentials in the
//! environment, against an in-process simulator on 127.0.0.1:0.

// A test crate: an unmet `expect` is the test failing (clippy.toml allows it only inside
// `#[test]` functions, not in the helpers around them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "cli/support.rs"]
mod support;

#[path = "cli/attendance.rs"]
mod attendance;
#[path = "cli/commands.rs"]
mod commands;
#[path = "cli/crash.rs"]
mod crash;
#[path = "cli/event_ids.rs"]
mod event_ids;
#[path = "cli/exit_codes.rs"]
mod exit_codes;
#[path = "cli/help.rs"]
mod help;
#[path = "cli/hostile_text.rs"]
mod hostile_text;
#[path = "cli/logging.rs"]
mod logging;
#[path = "cli/scripts.rs"]
mod scripts;
#[path = "cli/watch.rs"]
mod watch;
