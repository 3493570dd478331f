//! `next_page_token` paging as Zoom does it: `page_size` defaults to 30 and is capped at 300, and a
//! non-empty token means more results. A token stands for a snapshot of the list taken on the
//! first page and expires after the configured TTL (Zoom: 15 minutes); an unknown or expired token,
//! or one used for another list, is Zoom's 300 "The next page token is invalid or expired.".

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::errors::{ApiError, ApiResult};
use super::tokens::random_alnum;

pub(crate) const DEFAULT_PAGE_SIZE: usize = 30;
pub(crate) const MAX_PAGE_SIZE: usize = 300;

/// The paging parameters of a list request.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageRequest {
    pub page_size: Option<String>,
    pub next_page_token: Option<String>,
    pub page_number: Option<String>,
}

/// One page of a list, with what the response envelope reports.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub keys: Vec<String>,
    pub page_size: usize,
    pub page_number: usize,
    pub page_count: usize,
    pub total_records: usize,
    pub next_page_token: String,
}

struct Cursor {
    list: String,
    keys: Arc<Vec<String>>,
    offset: usize,
    issued: Instant,
}

#[derive(Default)]
pub(crate) struct PageTokens {
    cursors: HashMap<String, Cursor>,
}

impl PageTokens {
    /// Returns the page asked for. `list` names the list and its filters; `keys` is the whole list
    /// now (used when no token is given).
    pub(crate) fn page(
        &mut self,
        list: &str,
        request: &PageRequest,
        keys: impl FnOnce() -> Vec<String>,
        ttl: Duration,
        now: Instant,
    ) -> ApiResult<Page> {
        self.cursors
            .retain(|_, cursor| now.duration_since(cursor.issued) < ttl);
        let page_size = page_size(request.page_size.as_deref())?;
        let (keys, offset) = match request.next_page_token.as_deref().filter(|t| !t.is_empty()) {
            Some(token) => match self.cursors.get(token) {
                Some(cursor) if cursor.list == list => (Arc::clone(&cursor.keys), cursor.offset),
                _ => return Err(ApiError::bad_page_token()),
            },
            None => {
                let page_number = match request.page_number.as_deref() {
                    None | Some("") => 1,
                    Some(raw) => match raw.parse::<usize>() {
                        Ok(n) if n >= 1 => n,
                        _ => return Err(ApiError::invalid_field("page_number")),
                    },
                };
                (
                    Arc::new(keys()),
                    (page_number - 1).saturating_mul(page_size),
                )
            }
        };
        let total_records = keys.len();
        let end = offset.saturating_add(page_size).min(total_records);
        let slice = keys
            .get(offset.min(total_records)..end)
            .map(<[String]>::to_vec)
            .unwrap_or_default();
        let next_page_token = if end < total_records {
            let token = random_alnum(&mut rand::rng(), 35);
            self.cursors.insert(
                token.clone(),
                Cursor {
                    list: list.to_owned(),
                    keys,
                    offset: end,
                    issued: now,
                },
            );
            token
        } else {
            String::new()
        };
        Ok(Page {
            keys: slice,
            page_size,
            page_number: offset / page_size + 1,
            page_count: total_records.div_ceil(page_size),
            total_records,
            next_page_token,
        })
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.cursors.len()
    }
}

/// `page_size`: default 30; above 300 Zoom quietly returns 300 (a client that ignores
/// `next_page_token` then silently misses the rest, as with Zoom); not a positive number → 300.
fn page_size(raw: Option<&str>) -> ApiResult<usize> {
    match raw {
        None | Some("") => Ok(DEFAULT_PAGE_SIZE),
        Some(raw) => match raw.parse::<usize>() {
            Ok(0) | Err(_) => Err(ApiError::invalid_field("page_size")),
            Ok(n) => Ok(n.min(MAX_PAGE_SIZE)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("k{i:03}")).collect()
    }

    #[test]
    fn pages_through_a_snapshot_and_ends_with_an_empty_token() {
        let mut pages = PageTokens::default();
        let now = crate::sim::state::monotonic_now();
        let ttl = Duration::from_secs(900);
        let first_request = PageRequest {
            page_size: Some("300".into()),
            ..PageRequest::default()
        };
        let first = pages
            .page("list", &first_request, || keys(301), ttl, now)
            .unwrap();
        assert_eq!(
            (first.keys.len(), first.page_count, first.total_records),
            (300, 2, 301)
        );
        let next = PageRequest {
            next_page_token: Some(first.next_page_token.clone()),
            ..first_request.clone()
        };
        let second = pages
            .page(
                "list",
                &next,
                || unreachable!("a token pages its snapshot"),
                ttl,
                now,
            )
            .unwrap();
        assert_eq!(
            (
                second.keys,
                second.page_number,
                second.next_page_token.as_str()
            ),
            (vec!["k300".to_string()], 2, "")
        );
        let elsewhere = pages
            .page("other list", &next, Vec::new, ttl, now)
            .unwrap_err();
        assert_eq!(
            elsewhere.message,
            "The next page token is invalid or expired."
        );
        let later = pages
            .page("list", &next, Vec::new, ttl, now + ttl)
            .unwrap_err();
        assert_eq!(later.code, 300);
        assert_eq!(pages.len(), 0);
    }

    #[test]
    fn page_size_defaults_caps_and_rejects() {
        assert_eq!(page_size(None).unwrap(), 30);
        assert_eq!(page_size(Some("1000")).unwrap(), 300);
        assert!(page_size(Some("0")).is_err());
        assert!(page_size(Some("ten")).is_err());
    }
}
