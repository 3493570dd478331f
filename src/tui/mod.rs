//! The interactive terminal app: one loop owns the state, messages in, effects out; screens and the live pane.
