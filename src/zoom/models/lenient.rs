//! Deserializers that accept what Zoom actually sends: numbers as strings and the other way
//! round, empty strings for absent dates, null for absent values.

use serde::{Deserialize, Deserializer, Serializer, de::Error};
use serde_json::Value;

fn number_or_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    let value = Option::<Value>::deserialize(deserializer)?;
    Ok(value.filter(|value| !value.is_null()))
}

pub fn int<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    opt_int(deserializer)?.ok_or_else(|| D::Error::custom("expected an integer"))
}

pub fn opt_int<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    match number_or_string(deserializer)? {
        None => Ok(None),
        Some(Value::Number(number)) => number
            .as_i64()
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("{number} is not an integer"))),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
        Some(Value::String(text)) => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| D::Error::custom(format!("{text:?} is not an integer"))),
        Some(other) => Err(D::Error::custom(format!("{other} is not an integer"))),
    }
}

pub fn u64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    opt_u64(deserializer)?.ok_or_else(|| D::Error::custom("expected a number"))
}

pub fn opt_u64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    match number_or_string(deserializer)? {
        None => Ok(None),
        Some(Value::Number(number)) => number
            .as_u64()
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("{number} is not a non-negative integer"))),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
        Some(Value::String(text)) => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| D::Error::custom(format!("{text:?} is not a non-negative integer"))),
        Some(other) => Err(D::Error::custom(format!("{other} is not a number"))),
    }
}

pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(opt_string(deserializer)?.unwrap_or_default())
}

pub fn opt_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(match number_or_string(deserializer)? {
        None => None,
        Some(Value::String(text)) => Some(text),
        Some(other) => Some(other.to_string()),
    })
}

/// Optional ISO-8601 timestamps; empty or unparseable values become `None` rather than
/// failing the whole response.
pub mod timestamp {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<jiff::Timestamp>, D::Error> {
        Ok(super::opt_string(deserializer)?
            .and_then(|text| text.trim().parse::<jiff::Timestamp>().ok()))
    }

    pub fn serialize<S: Serializer>(
        value: &Option<jiff::Timestamp>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(timestamp) => serializer.serialize_str(&timestamp.to_string()),
            None => serializer.serialize_none(),
        }
    }
}
