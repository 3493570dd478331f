//! Panes shown beside every screen. Today one: the live token, clock, rate-limit and request pane.

pub mod live;
