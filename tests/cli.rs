//! The scriptable CLI end to end: the real `regdesk` binary, spawned with credentials in the
//! environment, against an in-process simulator on 127.0.0.1:0.

#[path = "cli/support.rs"]
mod support;

#[path = "cli/commands.rs"]
mod commands;
#[path = "cli/exit_codes.rs"]
mod exit_codes;
#[path = "cli/hostile_text.rs"]
mod hostile_text;
