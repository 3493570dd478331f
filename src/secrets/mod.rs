//! Credential stores: the OS keyring (Secret Service, kernel keyutils, native stores), the `ZOOM_*` environment variables, and an opt-in file; and the selection among them.
