//! The Zoom API client: auth (S2S OAuth, legacy JWT), clock offset, rate-limit governor, retries, redacted request log, typed models, errors with diagnoses, pagination.

pub mod credentials;

pub use credentials::Credentials;
