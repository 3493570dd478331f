//! The simulated Zoom account: its users, apps, meetings and webinars with their registration
//! settings, questions and registrants. Pure data and lookups; the Zoom rules that change it live
//! in the API handlers (`api/`), and the JSON shapes Zoom answers with in `render`.

use std::collections::{BTreeMap, HashSet};

use base64::Engine;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::faults::SplitMix64;

/// Zoom's hard ceiling of registrants per meeting (and the simulator's default for webinars).
pub(crate) const MAX_REGISTRANTS: usize = 4_999;

/// Meetings or webinars: the two families of endpoints, which differ in details (§3.12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Meeting,
    Webinar,
}

impl EventKind {
    pub fn name(self) -> &'static str {
        match self {
            EventKind::Meeting => "meeting",
            EventKind::Webinar => "webinar",
        }
    }

    /// The only event type batch registration accepts: scheduled meeting 2, scheduled webinar 5.
    pub(crate) fn batch_type(self) -> u8 {
        match self {
            EventKind::Meeting => 2,
            EventKind::Webinar => 5,
        }
    }

    pub(crate) fn is_recurring_fixed_time(self, event_type: u8) -> bool {
        matches!(
            (self, event_type),
            (EventKind::Meeting, 8) | (EventKind::Webinar, 9)
        )
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub id: String,
}

#[derive(Debug, Clone)]
pub(crate) struct User {
    pub id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// 1 Basic, 2 Licensed.
    pub user_type: u8,
    /// active, inactive or pending.
    pub status: String,
    pub role_id: String,
    pub dept: String,
    pub timezone: String,
    pub language: String,
    pub pmi: u64,
    pub created_at: Timestamp,
    pub last_login_time: Timestamp,
    /// Has the webinar add-on.
    pub webinar: bool,
}

impl User {
    pub(crate) fn is_licensed(&self) -> bool {
        self.user_type == 2
    }
}

#[derive(Debug, Clone)]
pub(crate) enum AppCredentials {
    ServerToServer {
        client_id: String,
        client_secret: String,
        scopes: Vec<String>,
    },
    Jwt {
        api_key: String,
        api_secret: String,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct App {
    pub owner_user_id: String,
    pub credentials: AppCredentials,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Question {
    pub field_name: String,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CustomQuestion {
    pub title: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub required: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Occurrence {
    /// Zoom's occurrence ID: the occurrence's start in milliseconds since the epoch, as a string.
    pub id: String,
    pub start: Timestamp,
    pub duration: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegistrantStatus {
    Approved,
    Pending,
    Denied,
}

impl RegistrantStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RegistrantStatus::Approved => "approved",
            RegistrantStatus::Pending => "pending",
            RegistrantStatus::Denied => "denied",
        }
    }

    pub(crate) fn parse(value: &str) -> Option<Self> {
        match value {
            "approved" => Some(RegistrantStatus::Approved),
            "pending" => Some(RegistrantStatus::Pending),
            "denied" => Some(RegistrantStatus::Denied),
            _ => None,
        }
    }
}

/// The optional registration fields every registrant may carry, in Zoom's order.
pub(crate) const STANDARD_FIELDS: [&str; 13] = [
    "address",
    "city",
    "state",
    "zip",
    "country",
    "phone",
    "comments",
    "industry",
    "job_title",
    "no_of_employees",
    "org",
    "purchasing_time_frame",
    "role_in_purchase_process",
];

/// Who registered: what the registration form collects.
#[derive(Debug, Clone, Default)]
pub(crate) struct Person {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// Values of [`STANDARD_FIELDS`] that were given.
    pub fields: BTreeMap<String, String>,
    /// (title, value) answers to custom questions.
    pub answers: Vec<(String, String)>,
    /// Confirmation-email language (webinars report it back).
    pub language: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Registrant {
    pub id: String,
    pub person: Person,
    pub status: RegistrantStatus,
    pub create_time: Timestamp,
    /// The occurrences registered for; empty = all of them (or a non-recurring event).
    pub occurrence_ids: Vec<String>,
    /// The `tk` of the personal join link.
    pub join_token: String,
    pub pin_code: u64,
}

impl Registrant {
    /// A registration of `person` for event `event_id`; its join link and PIN derive from the
    /// two IDs, so the same data gives the same links on every run.
    pub(crate) fn new(
        event_id: u64,
        id: String,
        person: Person,
        status: RegistrantStatus,
        create_time: Timestamp,
        occurrence_ids: Vec<String>,
    ) -> Self {
        let event_id = event_id.to_string();
        Self {
            join_token: derived_token(&["join", &event_id, &id], 32),
            pin_code: derived_pin(&[&event_id, &id]),
            id,
            person,
            status,
            create_time,
            occurrence_ids,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub kind: EventKind,
    pub id: u64,
    pub uuid: String,
    pub host_id: String,
    pub topic: String,
    /// Meetings: 1 instant, 2 scheduled, 3 recurring without fixed time, 8 recurring fixed time.
    /// Webinars: 5 webinar, 6 recurring without fixed time, 9 recurring fixed time.
    pub event_type: u8,
    pub start: Timestamp,
    pub duration: u32,
    pub timezone: String,
    pub agenda: String,
    pub created_at: Timestamp,
    pub password: String,
    /// 0 automatic approval, 1 manual approval, 2 no registration.
    pub approval_type: u8,
    /// 1 register once for all, 2 per occurrence, 3 once choosing occurrences.
    pub registration_type: u8,
    pub occurrences: Vec<Occurrence>,
    /// Weeks between occurrences of a recurring event.
    pub repeat_interval_weeks: u32,
    /// Webinars' `registrants_restrict_number`; 0 = off.
    pub registrants_restrict_number: u32,
    pub questions: Vec<Question>,
    pub custom_questions: Vec<CustomQuestion>,
    pub registrants: Vec<Registrant>,
    /// The times it took place, oldest first.
    pub instances: Vec<PastInstance>,
}

impl Event {
    pub(crate) fn registration_enabled(&self) -> bool {
        self.approval_type != 2
    }

    pub(crate) fn is_recurring(&self) -> bool {
        !self.occurrences.is_empty()
    }

    /// When the last session ends.
    pub(crate) fn end(&self) -> Timestamp {
        let (start, minutes) = match self.occurrences.last() {
            Some(last) => (last.start, last.duration),
            None => (self.start, self.duration),
        };
        start
            .saturating_add(SignedDuration::from_mins(i64::from(minutes)))
            .unwrap_or(start)
    }

    pub(crate) fn is_over(&self, now: Timestamp) -> bool {
        self.end() < now
    }

    /// Registrants an event can hold: the webinar's own restriction if set, else Zoom's 4,999.
    pub(crate) fn capacity(&self) -> usize {
        match self.registrants_restrict_number {
            0 => MAX_REGISTRANTS,
            n => n as usize,
        }
    }

    pub(crate) fn find_registrant(&self, id: &str) -> Option<&Registrant> {
        self.registrants.iter().find(|r| r.id == id)
    }

    pub(crate) fn find_by_email(&self, email: &str) -> Option<usize> {
        self.registrants
            .iter()
            .position(|r| r.person.email.eq_ignore_ascii_case(email))
    }

    pub(crate) fn occurrence(&self, id: &str) -> Option<&Occurrence> {
        self.occurrences.iter().find(|o| o.id == id)
    }
}

/// Everything the simulated account holds.
#[derive(Debug)]
pub(crate) struct World {
    pub account: Account,
    pub users: Vec<User>,
    pub apps: Vec<App>,
    pub events: BTreeMap<(EventKind, u64), Event>,
    ids: SplitMix64,
    registrant_ids: HashSet<String>,
}

impl World {
    pub(crate) fn new(account: Account, users: Vec<User>, apps: Vec<App>, id_seed: u64) -> Self {
        Self {
            account,
            users,
            apps,
            events: BTreeMap::new(),
            ids: SplitMix64::new(id_seed),
            registrant_ids: HashSet::new(),
        }
    }

    pub(crate) fn user_by_id(&self, id: &str) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    /// A user by ID or email (case-insensitive), as the `{userId}` path parameter allows.
    pub(crate) fn user_by_id_or_email(&self, key: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| u.id == key || u.email.eq_ignore_ascii_case(key))
    }

    pub(crate) fn event(&self, kind: EventKind, id: u64) -> Option<&Event> {
        self.events.get(&(kind, id))
    }

    pub(crate) fn event_mut(&mut self, kind: EventKind, id: u64) -> Option<&mut Event> {
        self.events.get_mut(&(kind, id))
    }

    pub(crate) fn s2s_app(&self, client_id: &str) -> Option<&App> {
        self.apps.iter().find(
            |app| matches!(&app.credentials, AppCredentials::ServerToServer { client_id: id, .. } if id == client_id),
        )
    }

    pub(crate) fn jwt_app(&self, api_key: &str) -> Option<&App> {
        self.apps
            .iter()
            .find(|app| matches!(&app.credentials, AppCredentials::Jwt { api_key: key, .. } if key == api_key))
    }

    /// A fresh registrant ID in Zoom's style (22 URL-safe characters).
    pub(crate) fn new_registrant_id(&mut self) -> String {
        loop {
            let id = random_token(&mut self.ids, 22);
            if self.registrant_ids.insert(id.clone()) {
                return id;
            }
        }
    }

    /// Records a registrant ID that came with the data, so new IDs never collide with it.
    pub(crate) fn claim_registrant_id(&mut self, id: &str) -> bool {
        self.registrant_ids.insert(id.to_owned())
    }

    /// A fresh 11-digit meeting or webinar ID.
    pub(crate) fn new_event_id(&mut self, kind: EventKind) -> u64 {
        loop {
            let id = 81_000_000_000 + self.ids.next_u64() % 18_999_999_999;
            if !self.events.contains_key(&(kind, id)) {
                return id;
            }
        }
    }

    pub(crate) fn new_token(&mut self, len: usize) -> String {
        random_token(&mut self.ids, len)
    }
}

fn random_token(rng: &mut SplitMix64, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    (0..len)
        .map(|_| ALPHABET[(rng.next_u64() % 64) as usize] as char)
        .collect()
}

/// A stable, opaque string derived from `parts` (join-link tokens, UUIDs): the same data gives the
/// same links on every run.
pub(crate) fn derived_token(parts: &[&str], len: usize) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(hasher.finalize());
    encoded.chars().take(len).collect()
}

/// A stable participant PIN (6 digits, no leading zero) derived from `parts`.
pub(crate) fn derived_pin(parts: &[&str]) -> u64 {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
    }
    let digest = hasher.finalize();
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    100_000 + u64::from_le_bytes(bytes) % 900_000
}

/// One time an event took place.
#[derive(Debug, Clone)]
pub(crate) struct PastInstance {
    /// Zoom's instance UUID: base64 of 16 bytes, so it may hold `/` and `+`.
    pub uuid: String,
    pub start: Timestamp,
    pub participants: Vec<Participant>,
}

/// One stay of one person in an instance (a rejoin is another row).
#[derive(Debug, Clone)]
pub(crate) struct Participant {
    /// The per-meeting participant ID (`user_id`).
    pub user_id: String,
    /// The account user's ID if they signed in as one; empty for guests (Zoom hides it).
    pub account_user_id: String,
    pub name: String,
    /// The email as Zoom shows it: empty for a guest who did not register (display rules).
    pub email: String,
    /// Set when the person joined through their own registration link.
    pub registrant_id: Option<String>,
    pub join: Timestamp,
    pub leave: Timestamp,
}

impl Participant {
    /// Seconds between join and leave.
    pub(crate) fn duration_seconds(&self) -> i64 {
        self.leave.duration_since(self.join).as_secs().max(0)
    }
}

impl PastInstance {
    /// Whether someone who registered as `registrant_id` with `email` joined this instance.
    pub(crate) fn attended(&self, registrant_id: &str, email: &str) -> bool {
        self.participants.iter().any(|p| {
            p.registrant_id.as_deref() == Some(registrant_id)
                || (!p.email.is_empty() && p.email.eq_ignore_ascii_case(email))
        })
    }
}
