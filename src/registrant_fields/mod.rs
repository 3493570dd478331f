//! The one catalogue of Zoom's registrant fields (names, labels, synonyms, limits, allowed
//! values, country codes, name splitting) and the one way to turn a person's typed values into a
//! registrant or into problems named by field, shared by `regdesk add`, the TUI's add form and
//! the import. Below the front ends and the import; it reads only the client's wire types.

pub mod catalogue;
pub mod countries;
mod country_table;
pub mod names;
pub mod person;
