//! regdesk: a registration desk at the terminal for the registrants of Zoom meetings and webinars.
//!
//! `zoom` is the API client, `sim` the Zoom simulator (sharing no code with the client), `secrets`
//! the credential stores, `text` the rules that make strangers' text safe for a terminal or a
//! spreadsheet, `registrant_fields` the one catalogue of registrant fields, `import` the
//! bulk-import engine, `session` what both front ends do with credentials and registrants, `tui`
//! the interactive app and `cli` the
//! scriptable commands that tie them together.

pub mod cli;
pub mod crash;
pub mod import;
pub mod logging;
pub mod paths;
pub mod private_fs;
pub mod profiles;
pub mod registrant_fields;
pub mod secrets;
pub mod session;
pub mod sim;
pub mod text;
pub mod tui;
pub mod zoom;
