//! Why a simulator data file cannot be used, naming the place in it that is wrong.

/// A data file that cannot be used, with the place in it that is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DataError(String);

impl DataError {
    pub(crate) fn missing_apps() -> Self {
        Self(String::from(
            "apps: the data needs an S2S app (`\"type\": \"s2s\"`) and a JWT app (`\"type\": \"jwt\"`)",
        ))
    }

    pub(crate) fn at(place: &str, problem: impl std::fmt::Display) -> Self {
        Self(format!("{place}: {problem}"))
    }
}
