//! The TUI end to end in process: the real app loop, driven with key events on a `TestBackend`,
//! against the simulator on 127.0.0.1:0. Each test awaits what a person would see on screen
//! (with a deadline, never a sleep) and checks the simulator's ground truth.

// A test crate: an unmet `expect` is the test failing (clippy.toml allows it only inside
// `#[test]` functions, not in the helpers around them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "tui/child_process.rs"]
mod child_process;
#[path = "tui/flows.rs"]
mod flows;

#[path = "tui/add_form.rs"]
mod add_form;
#[path = "tui/attendance.rs"]
mod attendance;
#[path = "tui/copy_to.rs"]
mod copy_to;
#[path = "tui/hostile_text.rs"]
mod hostile_text;
#[path = "tui/import_wizard.rs"]
mod import_wizard;
#[path = "tui/live_pane.rs"]
mod live_pane;
#[path = "tui/login_agreement.rs"]
mod login_agreement;
#[path = "tui/login_store.rs"]
mod login_store;
#[path = "tui/meetings.rs"]
mod meetings;
#[path = "tui/multi_import.rs"]
mod multi_import;
#[path = "tui/panics.rs"]
mod panics;
#[path = "tui/watch.rs"]
mod watch;
