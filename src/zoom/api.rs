//! The endpoint methods of [`ZoomClient`]: users, meetings and webinars, registrants (list, get,
//! add, batch, status, delete), registration questions, and token checks for login and doctor.
//! Registrant endpoints take an [`EventRef`], whose kind picks `/meetings` or `/webinars`.
//! Adds and batches whose outcome is unknown are reconciled by listing before anything is re-sent.

use std::collections::HashMap;
use std::time::Duration;

use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};

use super::client_events::{ClockOffset, TokenStatus};
use super::endpoint::Endpoint;
use super::error::{RateLimitKind, ZoomError};
use super::models::*;
use super::pipeline::RequestSpec;
use super::{Inner, ZoomClient};

/// Zoom's limit of people per batch-registration and status call.
pub const CHUNK_SIZE: usize = 30;

/// The result of [`ZoomClient::verify`].
#[derive(Debug, Clone)]
pub struct Verification {
    pub token: TokenStatus,
    pub clock_offset: Option<ClockOffset>,
    /// How long the test call to the API took.
    pub api_latency: Duration,
}

/// Percent-encodes one path segment (user emails, registrant IDs).
fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~' | b'@' | b'+') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn invalid(field: &str, problem: impl Into<String>) -> ZoomError {
    ZoomError::InvalidRequest {
        field: field.to_owned(),
        problem: problem.into(),
    }
}

fn check_person(email: &str, first_name: &str) -> Result<(), ZoomError> {
    check_email(email)?;
    check_first_name(first_name)
}

/// The email checks every add makes before sending (the TUI's add form runs them as you type).
pub(crate) fn check_email(email: &str) -> Result<(), ZoomError> {
    if !email_address::EmailAddress::is_valid(email.trim()) {
        return Err(invalid(
            "email",
            format!("{email:?} is not an email address"),
        ));
    }
    if email.len() > 128 {
        return Err(invalid("email", "is longer than Zoom's 128 characters"));
    }
    Ok(())
}

/// The first-name checks every add makes before sending.
pub(crate) fn check_first_name(first_name: &str) -> Result<(), ZoomError> {
    if first_name.trim().is_empty() {
        return Err(invalid("first_name", "is required"));
    }
    if first_name.chars().count() > 64 {
        return Err(invalid("first_name", "is longer than Zoom's 64 characters"));
    }
    Ok(())
}

#[derive(Deserialize)]
struct AddResponse {
    #[serde(default, deserialize_with = "lenient::string")]
    registrant_id: String,
    #[serde(default)]
    join_url: Option<String>,
    #[serde(default)]
    topic: Option<String>,
    #[serde(default, with = "lenient::timestamp")]
    start_time: Option<jiff::Timestamp>,
    #[serde(default)]
    occurrences: Vec<Occurrence>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    participant_pin_code: Option<u64>,
}

#[derive(Deserialize)]
struct BatchResponse {
    #[serde(default)]
    registrants: Vec<BatchResponseItem>,
}

#[derive(Deserialize)]
struct BatchResponseItem {
    #[serde(default)]
    email: String,
    #[serde(default, deserialize_with = "lenient::string")]
    registrant_id: String,
    #[serde(default)]
    join_url: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    participant_pin_code: Option<u64>,
}

fn outcome_from_listing(registrant: Registrant, resolution: AddResolution) -> AddOutcome {
    AddOutcome {
        registrant_id: registrant.id,
        email: registrant.email,
        join_url: registrant.join_url,
        topic: None,
        start_time: None,
        occurrences: Vec::new(),
        participant_pin_code: registrant.participant_pin_code,
        status: Some(registrant.status),
        resolution,
    }
}

/// Whether a failed chunk's error would fail every other chunk too (so they are not sent).
fn fails_every_chunk(error: &ZoomError) -> bool {
    !matches!(
        error,
        ZoomError::RateLimited(limit)
            if matches!(limit.kind, RateLimitKind::RegistrantAdds | RateLimitKind::RegistrantStatus)
    ) && !matches!(error, ZoomError::OutcomeUnknown { .. })
}

/// Records a failed chunk. If its error would fail every chunk, the chunks not sent yet are
/// recorded as failed with it instead of being sent.
fn fail_chunk<'a, Done, Item: Clone + 'a>(
    outcome: &mut ChunkedOutcome<Done, Item>,
    items: Vec<Item>,
    error: ZoomError,
    unsent: &mut impl Iterator<Item = &'a [Item]>,
) {
    let stop = fails_every_chunk(&error);
    outcome.failed.push(ChunkFailure {
        items,
        error: error.clone(),
    });
    if stop {
        for rest in unsent {
            outcome.failed.push(ChunkFailure {
                items: rest.to_vec(),
                error: error.clone(),
            });
        }
    }
}

impl Inner {
    /// Reads a 2xx answer as `T`; one that does not fit is an error naming the endpoint (its
    /// text redacted), never a default value.
    fn parse<T: serde::de::DeserializeOwned>(
        &self,
        endpoint: Endpoint,
        status: u16,
        body: Value,
    ) -> Result<T, ZoomError> {
        if !body.is_object() {
            let shown: String = body.to_string().chars().take(80).collect();
            return Err(self.unexpected(
                endpoint,
                status,
                &format!("the answer is not a JSON object: {shown}"),
            ));
        }
        serde_json::from_value(body)
            .map_err(|error| self.unexpected(endpoint, status, &error.to_string()))
    }

    /// Sends a request and reads its answer as `T`.
    pub(super) async fn fetch<T: serde::de::DeserializeOwned>(
        &self,
        spec: &RequestSpec,
    ) -> Result<T, ZoomError> {
        let response = self.execute(spec).await?;
        self.parse(spec.endpoint, response.status, response.body)
    }

    /// After a POST whose outcome is unknown: which of these people Zoom has (any status). If
    /// the listing fails too, the outcome stays unknown.
    async fn reconcile(
        &self,
        event: EventRef,
        emails: &[&str],
        unknown: &ZoomError,
    ) -> Result<HashMap<String, Registrant>, ZoomError> {
        let endpoint = match unknown {
            ZoomError::OutcomeUnknown { endpoint, .. } => *endpoint,
            _ => Endpoint::AddRegistrant(event.kind),
        };
        self.find_by_email(event, emails, None)
            .await
            .map_err(|listing| ZoomError::OutcomeUnknown {
                endpoint,
                detail: format!("{unknown}; listing the registrants to check failed: {listing}"),
            })
    }

    async fn list_registrants(
        &self,
        event: EventRef,
        status: ListStatus,
        occurrence: Option<&str>,
    ) -> Result<Vec<Registrant>, ZoomError> {
        let spec = RequestSpec::new(
            Endpoint::ListRegistrants(event.kind),
            Method::GET,
            format!("{}/registrants", event.path()),
        )
        .query("status", status.as_str())
        .query_opt("occurrence_id", occurrence);
        let mut registrants: Vec<Registrant> = self.list_all(&spec, "registrants").await?;
        for registrant in &mut registrants {
            if registrant.status == RegistrantStatus::Other(String::new()) {
                registrant.status = status.status();
            }
        }
        Ok(registrants)
    }

    /// The registrants (any status) with these emails, keyed by lower-case email. Stops listing
    /// once every email is found.
    async fn find_by_email(
        &self,
        event: EventRef,
        emails: &[&str],
        occurrence: Option<&str>,
    ) -> Result<HashMap<String, Registrant>, ZoomError> {
        let mut wanted: Vec<String> = emails
            .iter()
            .map(|email| email.trim().to_lowercase())
            .collect();
        wanted.sort();
        wanted.dedup();
        let mut found = HashMap::new();
        // Approved first: that is where most people are.
        for status in [
            ListStatus::Approved,
            ListStatus::Pending,
            ListStatus::Denied,
        ] {
            if found.len() == wanted.len() {
                break;
            }
            for registrant in self.list_registrants(event, status, occurrence).await? {
                let key = registrant.email.trim().to_lowercase();
                if wanted.binary_search(&key).is_ok() {
                    found.entry(key).or_insert(registrant);
                }
            }
        }
        Ok(found)
    }

    /// Sends one batch (≤ 30 people), reconciling unknown outcomes by listing.
    async fn batch_chunk(
        &self,
        event: EventRef,
        chunk: &[BatchRegistrant],
        options: BatchOptions,
        outcome: &mut BatchOutcome,
    ) -> Result<(), ZoomError> {
        let mut pending: Vec<BatchRegistrant> = chunk.to_vec();
        let mut rounds = 0;
        while !pending.is_empty() {
            rounds += 1;
            let mut body = json!({ "registrants": pending });
            if let Some(auto_approve) = options.auto_approve {
                body["auto_approve"] = Value::Bool(auto_approve);
            }
            if event.kind == EventKind::Meeting
                && let Some(confirm) = options.registrants_confirmation_email
            {
                body["registrants_confirmation_email"] = Value::Bool(confirm);
            }
            let spec = RequestSpec::new(
                Endpoint::BatchRegister(event.kind),
                Method::POST,
                format!("{}/batch_registrants", event.path()),
            )
            .json(body);
            let unknown = match self.execute(&spec).await {
                Ok(response) => {
                    let parsed: BatchResponse =
                        self.parse(spec.endpoint, response.status, response.body)?;
                    // Someone without a registrant ID is not known to be registered: they are
                    // checked by listing, like people the answer left out.
                    let mut answered: HashMap<String, BatchResponseItem> = parsed
                        .registrants
                        .into_iter()
                        .filter(|item| !item.registrant_id.trim().is_empty())
                        .map(|item| (item.email.trim().to_lowercase(), item))
                        .collect();
                    let mut missing = Vec::new();
                    for person in pending.drain(..) {
                        match answered.remove(&person.email.trim().to_lowercase()) {
                            Some(item) => outcome.done.push(BatchRegistered {
                                email: person.email,
                                registrant_id: item.registrant_id,
                                join_url: item.join_url,
                                participant_pin_code: item.participant_pin_code,
                                resolution: AddResolution::Created,
                            }),
                            None => missing.push(person),
                        }
                    }
                    if missing.is_empty() {
                        return Ok(());
                    }
                    // Zoom's answer left people out: find out by listing, as for a lost answer.
                    pending = missing;
                    ZoomError::OutcomeUnknown {
                        endpoint: spec.endpoint,
                        detail: "Zoom's answer did not list everyone sent".to_owned(),
                    }
                }
                Err(error @ ZoomError::OutcomeUnknown { .. }) => error,
                Err(error) => return Err(error),
            };
            let emails: Vec<&str> = pending.iter().map(|person| person.email.as_str()).collect();
            let found = self.reconcile(event, &emails, &unknown).await?;
            pending.retain(
                |person| match found.get(&person.email.trim().to_lowercase()) {
                    Some(registrant) => {
                        outcome.done.push(BatchRegistered {
                            email: person.email.clone(),
                            registrant_id: registrant.id.clone(),
                            join_url: registrant.join_url.clone(),
                            participant_pin_code: registrant.participant_pin_code,
                            resolution: AddResolution::Reconciled,
                        });
                        false
                    }
                    None => true,
                },
            );
            if !pending.is_empty() && rounds >= self.config.retry.max_attempts {
                return Err(unknown);
            }
        }
        Ok(())
    }
}

impl ZoomClient {
    /// The account's active users.
    pub async fn list_users(&self) -> Result<Vec<User>, ZoomError> {
        let spec = RequestSpec::new(Endpoint::ListUsers, Method::GET, "/users".to_owned())
            .query("status", "active");
        self.inner.list_all(&spec, "users").await
    }

    /// The meetings or webinars of a user (an ID, an email or `me`).
    pub async fn list_events(
        &self,
        user: &str,
        kind: EventKind,
        scope: ListScope,
    ) -> Result<Vec<EventSummary>, ZoomError> {
        let user = user.trim();
        if user.is_empty() {
            return Err(invalid("user", "is empty: use a user ID, an email or `me`"));
        }
        let spec = RequestSpec::new(
            Endpoint::ListEvents(kind),
            Method::GET,
            format!("/users/{}/{}", segment(user), kind.path_segment()),
        )
        .query("type", scope.query_value());
        self.inner.list_all(&spec, kind.path_segment()).await
    }

    /// A meeting or webinar with its registration settings and occurrences.
    pub async fn get_event(
        &self,
        event: EventRef,
        occurrence: Option<&str>,
    ) -> Result<EventDetail, ZoomError> {
        let spec = RequestSpec::new(Endpoint::GetEvent(event.kind), Method::GET, event.path())
            .query_opt("occurrence_id", occurrence);
        self.inner.fetch(&spec).await
    }

    /// Every registrant with this status (all pages).
    pub async fn list_registrants(
        &self,
        event: EventRef,
        status: ListStatus,
        occurrence: Option<&str>,
    ) -> Result<Vec<Registrant>, ZoomError> {
        self.inner.list_registrants(event, status, occurrence).await
    }

    /// How many registrants have this status, from one page of one item (Zoom's
    /// `total_records`): one request however many there are.
    pub async fn count_registrants(
        &self,
        event: EventRef,
        status: ListStatus,
    ) -> Result<u64, ZoomError> {
        let spec = RequestSpec::new(
            Endpoint::ListRegistrants(event.kind),
            Method::GET,
            format!("{}/registrants", event.path()),
        )
        .query("status", status.as_str());
        let page = self.inner.first_page(&spec).await?;
        let total = page.get("total_records").and_then(Value::as_u64);
        let listed = page.get("registrants").and_then(Value::as_array);
        let more = page
            .get("next_page_token")
            .and_then(Value::as_str)
            .is_some_and(|token| !token.is_empty());
        match (total, listed) {
            (Some(total), _) => Ok(total),
            // No total: a page that holds everyone still counts them.
            (None, Some(listed)) if !more => Ok(listed.len() as u64),
            _ => Err(ZoomError::UnexpectedResponse {
                endpoint: spec.endpoint,
                status: 200,
                detail: "the registrant list says neither total_records nor the whole list"
                    .to_owned(),
            }),
        }
    }

    /// Every registrant: pending, approved and denied (Zoom lists only approved ones by default).
    pub async fn list_all_registrants(
        &self,
        event: EventRef,
        occurrence: Option<&str>,
    ) -> Result<Vec<Registrant>, ZoomError> {
        let (pending, approved, denied) = futures::try_join!(
            self.inner
                .list_registrants(event, ListStatus::Pending, occurrence),
            self.inner
                .list_registrants(event, ListStatus::Approved, occurrence),
            self.inner
                .list_registrants(event, ListStatus::Denied, occurrence),
        )?;
        let mut all = pending;
        all.extend(approved);
        all.extend(denied);
        Ok(all)
    }

    /// The registrants (any status) with these emails, keyed by lower-case email; absent emails
    /// are not in the map.
    pub async fn find_registrants_by_email(
        &self,
        event: EventRef,
        emails: &[&str],
        occurrence: Option<&str>,
    ) -> Result<HashMap<String, Registrant>, ZoomError> {
        self.inner.find_by_email(event, emails, occurrence).await
    }

    /// One registrant.
    pub async fn get_registrant(
        &self,
        event: EventRef,
        registrant_id: &str,
        occurrence: Option<&str>,
    ) -> Result<Registrant, ZoomError> {
        let spec = RequestSpec::new(
            Endpoint::GetRegistrant(event.kind),
            Method::GET,
            format!("{}/registrants/{}", event.path(), segment(registrant_id)),
        )
        .query_opt("occurrence_id", occurrence);
        self.inner.fetch(&spec).await
    }

    /// Registers one person with every field. If the answer is lost, the registrants are listed
    /// and the request is re-sent only if the person is verifiably absent.
    pub async fn add_registrant(
        &self,
        event: EventRef,
        person: &NewRegistrant,
        options: &AddOptions,
    ) -> Result<AddOutcome, ZoomError> {
        check_person(&person.email, &person.first_name)?;
        if options.check_existing {
            let found = self
                .inner
                .find_by_email(event, &[&person.email], None)
                .await?;
            if let Some(existing) = found.into_values().next() {
                return Ok(outcome_from_listing(
                    existing,
                    AddResolution::AlreadyRegistered,
                ));
            }
        }
        let mut body = serde_json::to_value(person)
            .map_err(|error| invalid("registrant", error.to_string()))?;
        if event.kind == EventKind::Meeting
            && let Some(auto_approve) = options.auto_approve
        {
            body["auto_approve"] = Value::Bool(auto_approve);
        }
        let occurrences = options.occurrence_ids.join(",");
        let spec = RequestSpec::new(
            Endpoint::AddRegistrant(event.kind),
            Method::POST,
            format!("{}/registrants", event.path()),
        )
        .query_opt("occurrence_ids", Some(occurrences.as_str()))
        .json(body);
        let mut rounds = 0;
        loop {
            rounds += 1;
            match self.inner.execute(&spec).await {
                Ok(response) => {
                    let status = response.status;
                    let added: AddResponse =
                        self.inner.parse(spec.endpoint, status, response.body)?;
                    if added.registrant_id.trim().is_empty() {
                        return Err(self.inner.unexpected(
                            spec.endpoint,
                            status,
                            "the answer has no registrant_id: Zoom did not confirm the registration",
                        ));
                    }
                    return Ok(AddOutcome {
                        registrant_id: added.registrant_id,
                        email: person.email.clone(),
                        join_url: added.join_url,
                        topic: added.topic,
                        start_time: added.start_time,
                        occurrences: added.occurrences,
                        participant_pin_code: added.participant_pin_code,
                        status: None,
                        resolution: AddResolution::Created,
                    });
                }
                Err(unknown @ ZoomError::OutcomeUnknown { .. }) => {
                    let found = self
                        .inner
                        .reconcile(event, &[&person.email], &unknown)
                        .await?;
                    if let Some(registrant) = found.into_values().next() {
                        return Ok(outcome_from_listing(registrant, AddResolution::Reconciled));
                    }
                    if rounds >= self.inner.config.retry.max_attempts {
                        return Err(unknown);
                    }
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// Registers people in batches of 30 (email, first and last name only). Chunks that fail are
    /// reported with their people and error; a failure every chunk would share (auth, scope,
    /// registration off) stops sending.
    pub async fn batch_register(
        &self,
        event: EventRef,
        people: &[BatchRegistrant],
        auto_approve: Option<bool>,
    ) -> Result<BatchOutcome, ZoomError> {
        let options = BatchOptions {
            auto_approve,
            ..BatchOptions::default()
        };
        self.batch_register_with(event, people, options).await
    }

    /// [`Self::batch_register`] with every option of the batch endpoint.
    pub async fn batch_register_with(
        &self,
        event: EventRef,
        people: &[BatchRegistrant],
        options: BatchOptions,
    ) -> Result<BatchOutcome, ZoomError> {
        for person in people {
            check_person(&person.email, &person.first_name)?;
        }
        let mut outcome = BatchOutcome {
            done: Vec::new(),
            failed: Vec::new(),
        };
        let mut chunks = people.chunks(CHUNK_SIZE);
        while let Some(chunk) = chunks.next() {
            let before = outcome.done.len();
            if let Err(error) = self
                .inner
                .batch_chunk(event, chunk, options, &mut outcome)
                .await
            {
                let done: Vec<String> = outcome.done[before..]
                    .iter()
                    .map(|done| done.email.to_lowercase())
                    .collect();
                let failed: Vec<BatchRegistrant> = chunk
                    .iter()
                    .filter(|person| !done.contains(&person.email.to_lowercase()))
                    .cloned()
                    .collect();
                fail_chunk(&mut outcome, failed, error, &mut chunks);
            }
        }
        Ok(outcome)
    }

    /// Approves, denies or cancels registrants, 30 per call.
    pub async fn update_status(
        &self,
        event: EventRef,
        action: StatusAction,
        registrants: &[RegistrantRef],
        occurrence: Option<&str>,
    ) -> Result<StatusOutcome, ZoomError> {
        if let Some(blank) = registrants
            .iter()
            .find(|registrant| registrant.id.trim().is_empty())
        {
            return Err(invalid(
                "registrant ID",
                format!("missing for {:?}", blank.email.as_deref().unwrap_or("")),
            ));
        }
        let mut outcome = StatusOutcome {
            done: Vec::new(),
            failed: Vec::new(),
        };
        let mut chunks = registrants.chunks(CHUNK_SIZE);
        while let Some(chunk) = chunks.next() {
            let spec = RequestSpec::new(
                Endpoint::UpdateStatus(event.kind),
                Method::PUT,
                format!("{}/registrants/status", event.path()),
            )
            .query_opt("occurrence_id", occurrence)
            .json(json!({ "action": action.as_str(), "registrants": chunk }));
            match self.inner.execute(&spec).await {
                Ok(_) => outcome.done.extend(chunk.iter().cloned()),
                Err(error) => fail_chunk(&mut outcome, chunk.to_vec(), error, &mut chunks),
            }
        }
        Ok(outcome)
    }

    /// Deletes a registrant. If an earlier try's answer was lost and the retry finds nothing,
    /// the outcome is [`DeleteOutcome::AlreadyGone`].
    pub async fn delete_registrant(
        &self,
        event: EventRef,
        registrant_id: &str,
        occurrence: Option<&str>,
    ) -> Result<DeleteOutcome, ZoomError> {
        if registrant_id.trim().is_empty() {
            return Err(invalid("registrant ID", "is empty"));
        }
        let spec = RequestSpec::new(
            Endpoint::DeleteRegistrant(event.kind),
            Method::DELETE,
            format!(
                "{}/registrants/{}",
                event.path(),
                segment(registrant_id.trim())
            ),
        )
        .query_opt("occurrence_id", occurrence);
        let response = self.inner.execute(&spec).await?;
        Ok(if response.already_gone {
            DeleteOutcome::AlreadyGone
        } else {
            DeleteOutcome::Deleted
        })
    }

    /// The registration questions.
    pub async fn get_questions(&self, event: EventRef) -> Result<Questions, ZoomError> {
        let spec = RequestSpec::new(
            Endpoint::GetQuestions(event.kind),
            Method::GET,
            format!("{}/registrants/questions", event.path()),
        );
        let response = self.inner.execute(&spec).await?;
        let promised = response.body.as_object().is_some_and(|answer| {
            answer.contains_key("questions") || answer.contains_key("custom_questions")
        });
        if !promised {
            let shown: String = response.body.to_string().chars().take(80).collect();
            return Err(self.inner.unexpected(
                spec.endpoint,
                response.status,
                &format!("the answer has neither `questions` nor `custom_questions`: {shown}"),
            ));
        }
        self.inner
            .parse(spec.endpoint, response.status, response.body)
    }

    /// Replaces the registration questions.
    pub async fn update_questions(
        &self,
        event: EventRef,
        questions: &Questions,
    ) -> Result<(), ZoomError> {
        let body = serde_json::to_value(questions)
            .map_err(|error| invalid("questions", error.to_string()))?;
        let spec = RequestSpec::new(
            Endpoint::UpdateQuestions(event.kind),
            Method::PATCH,
            format!("{}/registrants/questions", event.path()),
        )
        .json(body);
        self.inner.execute(&spec).await.map(|_| ())
    }

    /// Gets a new token now (S2S: from Zoom; JWT: signed) and returns its state, with the granted
    /// scopes. For `login` and `doctor`.
    pub async fn fetch_token(&self) -> Result<TokenStatus, ZoomError> {
        self.inner.renew_token().await
    }

    /// Checks the credentials end to end: a new token, then one small API call (the first page of
    /// `me`'s meetings), which also measures the clock offset.
    pub async fn verify(&self) -> Result<Verification, ZoomError> {
        let token = self.fetch_token().await?;
        let spec = RequestSpec::new(
            Endpoint::ListEvents(EventKind::Meeting),
            Method::GET,
            "/users/me/meetings".to_owned(),
        );
        let started = self.inner.time.instant();
        self.inner.first_page(&spec).await?;
        // The status now, unless the token the check fetched was invalidated meanwhile.
        let now = self.token_status();
        Ok(Verification {
            token: if now.valid { now } else { token },
            clock_offset: self.clock_offset(),
            api_latency: self.inner.time.instant().saturating_duration_since(started),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_escaped() {
        assert_eq!(segment("ann@example.com"), "ann@example.com");
        assert_eq!(segment("a b/c?d"), "a%20b%2Fc%3Fd");
    }

    #[test]
    fn people_are_checked_before_sending() {
        assert!(check_person("ann@example.com", "Ann").is_ok());
        assert!(
            matches!(check_person("ann", "Ann"), Err(ZoomError::InvalidRequest { field, .. }) if field == "email")
        );
        assert!(
            matches!(check_person("ann@example.com", " "), Err(ZoomError::InvalidRequest { field, .. }) if field == "first_name")
        );
    }
}
