//! Listings: walk `next_page_token` at page size 300 until Zoom returns none (missing or `""`),
//! and start over from the first page if Zoom says the page token is invalid or expired (it lives
//! 15 minutes). Zoom's default page size of 30 is where "missing registrants" come from.
//!
//! A page must be what Zoom promises: a JSON object with the list under its key (absent only on a
//! page that says `total_records: 0`); anything else is an error, never an empty list. A
//! `next_page_token` seen before in the same walk, or more than `MAX_PAGES` pages, is an error too.

use std::collections::HashSet;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::Inner;
use super::error::{ApiErrorKind, ZoomError};
use super::pipeline::RequestSpec;

/// The largest page Zoom serves for these listings.
pub(crate) const PAGE_SIZE: &str = "300";
/// How often a listing starts over after an expired page token before giving up.
const MAX_RESTARTS: u32 = 3;
/// A listing with more pages than this is treated as a loop (Zoom's largest lists are 4,999
/// registrants and users in the tens of thousands).
const MAX_PAGES: usize = 2_000;

impl Inner {
    /// Every item of a listing, in Zoom's order. `items_key` names the array in each page.
    pub(crate) async fn list_all<T: DeserializeOwned>(
        &self,
        spec: &RequestSpec,
        items_key: &str,
    ) -> Result<Vec<T>, ZoomError> {
        let mut restarts = 0;
        'listing: loop {
            let mut items = Vec::new();
            let mut page_token: Option<String> = None;
            let mut seen_tokens: HashSet<String> = HashSet::new();
            for page in 0..MAX_PAGES {
                let page_spec = spec
                    .clone()
                    .query("page_size", PAGE_SIZE)
                    .query_opt("next_page_token", page_token.as_deref());
                let response = match self.execute(&page_spec).await {
                    Ok(response) => response,
                    Err(ZoomError::Api(error))
                        if error.kind == ApiErrorKind::PageTokenInvalid
                            && page_token.is_some()
                            && restarts < MAX_RESTARTS =>
                    {
                        restarts += 1;
                        continue 'listing;
                    }
                    Err(error) => return Err(error),
                };
                let Some(page_object) = response.body.as_object() else {
                    return Err(self.unexpected(
                        spec.endpoint,
                        response.status,
                        &format!("a page is not a JSON object: {}", truncate(&response.body)),
                    ));
                };
                let says_empty = page_object
                    .get("total_records")
                    .and_then(Value::as_u64)
                    .is_some_and(|total| total == 0);
                let page_items = match page_object.get(items_key) {
                    Some(Value::Array(array)) => array.clone(),
                    None | Some(Value::Null) if says_empty => Vec::new(),
                    None | Some(Value::Null) => {
                        return Err(self.unexpected(
                            spec.endpoint,
                            response.status,
                            &format!(
                                "page {} has no `{items_key}` list: {}",
                                page + 1,
                                truncate(&response.body)
                            ),
                        ));
                    }
                    Some(other) => {
                        return Err(self.unexpected(
                            spec.endpoint,
                            response.status,
                            &format!("`{items_key}` is not a list: {}", truncate(other)),
                        ));
                    }
                };
                for (index, item) in page_items.into_iter().enumerate() {
                    let parsed = serde_json::from_value(item).map_err(|error| {
                        ZoomError::UnexpectedResponse {
                            endpoint: spec.endpoint,
                            status: response.status,
                            detail: format!("item {} of page {}: {error}", index + 1, page + 1),
                        }
                    })?;
                    items.push(parsed);
                }
                let next = response
                    .body
                    .get("next_page_token")
                    .and_then(Value::as_str)
                    .filter(|token| !token.is_empty())
                    .map(str::to_owned);
                match next {
                    None => return Ok(items),
                    Some(next) if !seen_tokens.insert(next.clone()) => {
                        return Err(ZoomError::UnexpectedResponse {
                            endpoint: spec.endpoint,
                            status: response.status,
                            detail: format!(
                                "Zoom returned a next_page_token it had returned before (page {}): \
                                 the listing would go round in circles",
                                page + 1
                            ),
                        });
                    }
                    Some(next) => page_token = Some(next),
                }
            }
            return Err(ZoomError::UnexpectedResponse {
                endpoint: spec.endpoint,
                status: 200,
                detail: format!(
                    "more than {MAX_PAGES} pages: Zoom keeps returning a next_page_token"
                ),
            });
        }
    }

    /// The first page only, one item long (for reachability checks).
    pub(crate) async fn first_page(&self, spec: &RequestSpec) -> Result<Value, ZoomError> {
        let spec = spec.clone().query("page_size", "1");
        Ok(self.execute(&spec).await?.body)
    }
}

fn truncate(value: &Value) -> String {
    value.to_string().chars().take(80).collect()
}
