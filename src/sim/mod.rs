//! The Zoom simulator: an axum server on loopback written from Zoom's documents (not from the client's types).
