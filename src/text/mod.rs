//! Text from strangers made safe for where it goes: [`terminal`] for anything drawn on a terminal
//! (the CLI's tables, messages and CSV on stdout; every widget of the TUI), [`spreadsheet`] for
//! cells a spreadsheet will open (exports, `--format csv`, the import report) and for reading
//! them back. This module sits at the bottom of the crate: it depends on nothing else in it, so
//! the client, the import engine, the CLI and the TUI all use the same rules.

pub mod spreadsheet;
pub mod terminal;
