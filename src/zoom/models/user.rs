//! A user of the account.

use super::*;

/// A user of the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// Absent for users whose invitation is pending.
    #[serde(default)]
    pub id: Option<String>,
    pub email: String,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    /// 1 Basic, 2 Licensed, 4 No Meeting License, 99 None.
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_int")]
    pub user_type: Option<i64>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub timezone: Option<String>,
}
