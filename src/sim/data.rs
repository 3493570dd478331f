//! The simulator's data file (`assets/demo.json`, or `--data PATH`): its serde shape, the check
//! that it describes a consistent account, and the conversion into a [`World`]. Times are stored
//! as offsets from "now" (rounded down to the hour) so the demo always looks current. The same
//! event shape, with every field optional, is what `Simulator::create_meeting` accepts.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;

use super::data_error::DataError;
use super::past::PastInstanceData;
use super::validate::{COUNTRY_CODES, QUESTION_FIELDS, custom_question_types};
use super::world::{
    Account, App, AppCredentials, CustomQuestion, Event, EventKind, MAX_REGISTRANTS, Occurrence,
    Person, Question, Registrant, RegistrantStatus, STANDARD_FIELDS, User, World, derived_token,
};

const EMBEDDED_DEMO: &str = include_str!("../../assets/demo.json");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DataFile {
    account: AccountData,
    users: Vec<UserData>,
    apps: Vec<AppData>,
    #[serde(default)]
    meetings: Vec<EventData>,
    #[serde(default)]
    webinars: Vec<EventData>,
    /// Seeds the IDs of registrants and meetings created while the simulator runs.
    #[serde(default)]
    id_seed: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountData {
    id: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct UserData {
    id: String,
    email: String,
    first_name: String,
    last_name: String,
    /// 1 Basic, 2 Licensed.
    #[serde(rename = "type")]
    user_type: u8,
    #[serde(default = "default_user_status")]
    status: String,
    #[serde(default = "default_role")]
    role_id: String,
    #[serde(default)]
    dept: String,
    #[serde(default = "default_timezone")]
    timezone: String,
    #[serde(default = "default_language")]
    language: String,
    pmi: u64,
    #[serde(default)]
    webinar: bool,
    #[serde(default)]
    created_days_ago: i64,
    #[serde(default)]
    last_login_minutes_ago: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
enum AppData {
    #[serde(rename = "s2s")]
    ServerToServer {
        owner: String,
        client_id: String,
        client_secret: String,
        scopes: Vec<String>,
    },
    #[serde(rename = "jwt")]
    Jwt {
        owner: String,
        api_key: String,
        api_secret: String,
    },
}

/// A meeting or webinar as the data file (or `create_meeting`) describes it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EventData {
    #[serde(default)]
    id: Option<u64>,
    /// The host's user ID or email; default: the account owner (the first user).
    #[serde(default)]
    host: Option<String>,
    #[serde(default)]
    topic: Option<String>,
    /// Default 2 for meetings, 5 for webinars.
    #[serde(default, rename = "type")]
    event_type: Option<u8>,
    #[serde(default)]
    agenda: String,
    #[serde(default)]
    timezone: Option<String>,
    /// Minutes after "now" rounded down to the hour; default one week.
    #[serde(default)]
    start_in_minutes: Option<i64>,
    /// An absolute start instead (tests).
    #[serde(default)]
    start_time: Option<Timestamp>,
    #[serde(default)]
    duration: Option<u32>,
    #[serde(default)]
    created_days_ago: Option<i64>,
    #[serde(default)]
    password: Option<String>,
    /// 0 automatic, 1 manual, 2 no registration. Default 0.
    #[serde(default)]
    approval_type: Option<u8>,
    /// Recurring fixed-time events only; default 1.
    #[serde(default)]
    registration_type: Option<u8>,
    /// Number of weekly occurrences of a recurring fixed-time event; default 4.
    #[serde(default)]
    occurrences: Option<u32>,
    #[serde(default)]
    repeat_interval_weeks: Option<u32>,
    #[serde(default)]
    registrants_restrict_number: u32,
    #[serde(default)]
    questions: Vec<Question>,
    #[serde(default)]
    custom_questions: Vec<CustomQuestion>,
    #[serde(default)]
    registrants: Vec<RegistrantData>,
    /// This many more placeholder registrants (approved), e.g. to fill a meeting to capacity.
    #[serde(default)]
    generated_registrants: usize,
    /// The times the event took place, with who joined (`past.rs`).
    #[serde(default)]
    past_instances: Vec<PastInstanceData>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistrantData {
    #[serde(default)]
    id: Option<String>,
    email: String,
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default = "default_registrant_status")]
    status: String,
    #[serde(default = "default_registered_minutes_ago")]
    registered_minutes_ago: i64,
    #[serde(default)]
    fields: BTreeMap<String, String>,
    #[serde(default)]
    custom_questions: Vec<AnswerData>,
    /// Indexes into the event's occurrences; absent = all of them.
    #[serde(default)]
    occurrences: Option<Vec<usize>>,
    #[serde(default)]
    language: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerData {
    title: String,
    value: String,
}

fn default_user_status() -> String {
    String::from("active")
}
fn default_role() -> String {
    String::from("2")
}
fn default_timezone() -> String {
    String::from("UTC")
}
fn default_language() -> String {
    String::from("en-US")
}
fn default_registrant_status() -> String {
    String::from("approved")
}
fn default_registered_minutes_ago() -> i64 {
    60
}

/// The embedded demo data, parsed once per process (starting a simulator stays cheap).
pub(crate) fn embedded_demo() -> Result<&'static DataFile, DataError> {
    static DEMO: OnceLock<Result<DataFile, DataError>> = OnceLock::new();
    DEMO.get_or_init(|| {
        serde_json::from_str(EMBEDDED_DEMO)
            .map_err(|err| DataError::at("embedded assets/demo.json", err))
    })
    .as_ref()
    .map_err(Clone::clone)
}

pub(crate) fn load_file(path: &Path) -> Result<DataFile, DataError> {
    let place = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|err| DataError::at(&place, err))?;
    serde_json::from_str(&text).map_err(|err| DataError::at(&place, err))
}

pub(crate) fn parse_event(spec: serde_json::Value) -> Result<EventData, DataError> {
    serde_json::from_value(spec).map_err(|err| DataError::at("event", err))
}

/// What the ready line and the in-process API report about the data's apps.
pub(crate) struct Credentials {
    pub s2s: Option<(String, String)>,
    pub jwt: Option<(String, String)>,
}

impl DataFile {
    /// The first S2S app (the full-scope demo app) and the first JWT app.
    pub(crate) fn credentials(&self) -> Credentials {
        let mut credentials = Credentials {
            s2s: None,
            jwt: None,
        };
        for app in &self.apps {
            match app {
                AppData::ServerToServer {
                    client_id,
                    client_secret,
                    ..
                } if credentials.s2s.is_none() => {
                    credentials.s2s = Some((client_id.clone(), client_secret.clone()));
                }
                AppData::Jwt {
                    api_key,
                    api_secret,
                    ..
                } if credentials.jwt.is_none() => {
                    credentials.jwt = Some((api_key.clone(), api_secret.clone()));
                }
                _ => {}
            }
        }
        credentials
    }

    /// Builds the account as of `now`, checking that the file is consistent.
    pub(crate) fn build(&self, now: Timestamp) -> Result<World, DataError> {
        if self.users.is_empty() {
            return Err(DataError::at(
                "users",
                "at least one user (the account owner) is needed",
            ));
        }
        let users = self
            .users
            .iter()
            .enumerate()
            .map(|(i, u)| u.build(i, now))
            .collect::<Result<Vec<_>, _>>()?;
        let mut seen = HashSet::new();
        for (i, user) in users.iter().enumerate() {
            if !seen.insert(user.id.clone()) || !seen.insert(user.email.to_ascii_lowercase()) {
                return Err(DataError::at(
                    &format!("users[{i}]"),
                    "duplicate user id or email",
                ));
            }
        }
        let mut apps = Vec::new();
        for (i, app) in self.apps.iter().enumerate() {
            let place = format!("apps[{i}]");
            let (owner, credentials) = match app {
                AppData::ServerToServer {
                    owner,
                    client_id,
                    client_secret,
                    scopes,
                } => (
                    owner,
                    AppCredentials::ServerToServer {
                        client_id: client_id.clone(),
                        client_secret: client_secret.clone(),
                        scopes: scopes.clone(),
                    },
                ),
                AppData::Jwt {
                    owner,
                    api_key,
                    api_secret,
                } => (
                    owner,
                    AppCredentials::Jwt {
                        api_key: api_key.clone(),
                        api_secret: api_secret.clone(),
                    },
                ),
            };
            let Some(owner) = users
                .iter()
                .find(|u| &u.id == owner || u.email.eq_ignore_ascii_case(owner))
            else {
                return Err(DataError::at(
                    &format!("{place}.owner"),
                    format!("no user `{owner}`"),
                ));
            };
            apps.push(App {
                owner_user_id: owner.id.clone(),
                credentials,
            });
        }
        let mut world = World::new(
            Account {
                id: self.account.id.clone(),
            },
            users,
            apps,
            self.id_seed,
        );
        for (kind, list, name) in [
            (EventKind::Meeting, &self.meetings, "meetings"),
            (EventKind::Webinar, &self.webinars, "webinars"),
        ] {
            for (i, event) in list.iter().enumerate() {
                let event = event.build(kind, &mut world, now, &format!("{name}[{i}]"))?;
                world.events.insert((kind, event.id), event);
            }
        }
        Ok(world)
    }
}

impl UserData {
    fn build(&self, index: usize, now: Timestamp) -> Result<User, DataError> {
        let place = format!("users[{index}]");
        if !matches!(self.user_type, 1 | 2) {
            return Err(DataError::at(
                &format!("{place}.type"),
                "1 (Basic) or 2 (Licensed) expected",
            ));
        }
        if !matches!(self.status.as_str(), "active" | "inactive" | "pending") {
            return Err(DataError::at(
                &format!("{place}.status"),
                "active, inactive or pending expected",
            ));
        }
        Ok(User {
            id: self.id.clone(),
            email: self.email.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            user_type: self.user_type,
            status: self.status.clone(),
            role_id: self.role_id.clone(),
            dept: self.dept.clone(),
            timezone: self.timezone.clone(),
            language: self.language.clone(),
            pmi: self.pmi,
            created_at: minutes_before(now, self.created_days_ago * 24 * 60),
            last_login_time: minutes_before(now, self.last_login_minutes_ago),
            webinar: self.webinar,
        })
    }
}

/// "now" rounded down to the hour: the anchor of the data's relative start times, so meetings
/// start at plausible round times.
fn anchor(now: Timestamp) -> Timestamp {
    Timestamp::from_second(now.as_second() - now.as_second().rem_euclid(3600)).unwrap_or(now)
}

fn minutes_before(now: Timestamp, minutes: i64) -> Timestamp {
    now.saturating_sub(SignedDuration::from_mins(minutes))
        .unwrap_or(now)
}

impl EventData {
    pub(crate) fn build(
        &self,
        kind: EventKind,
        world: &mut World,
        now: Timestamp,
        place: &str,
    ) -> Result<Event, DataError> {
        let at = |field: &str| format!("{place}.{field}");
        let owner_id = world
            .users
            .first()
            .map(|u| u.id.clone())
            .unwrap_or_default();
        let host_key = self.host.clone().unwrap_or(owner_id);
        let Some(host) = world.user_by_id_or_email(&host_key).cloned() else {
            return Err(DataError::at(&at("host"), format!("no user `{host_key}`")));
        };
        let event_type = self.event_type.unwrap_or(match kind {
            EventKind::Meeting => 2,
            EventKind::Webinar => 5,
        });
        let valid_types: &[u8] = match kind {
            EventKind::Meeting => &[1, 2, 3, 8],
            EventKind::Webinar => &[5, 6, 9],
        };
        if !valid_types.contains(&event_type) {
            return Err(DataError::at(
                &at("type"),
                format!("{event_type} is not a {} type", kind.name()),
            ));
        }
        let approval_type = self.approval_type.unwrap_or(0);
        if approval_type > 2 {
            return Err(DataError::at(&at("approval_type"), "0, 1 or 2 expected"));
        }
        if approval_type != 2 && !host.is_licensed() {
            return Err(DataError::at(
                &at("approval_type"),
                "registration cannot be enabled for a Basic user (Zoom: the host must be Licensed)",
            ));
        }
        if kind == EventKind::Webinar && !host.webinar {
            return Err(DataError::at(
                &at("host"),
                format!("{} has no webinar add-on", host.email),
            ));
        }
        let registration_type = self.registration_type.unwrap_or(1);
        if !(1..=3).contains(&registration_type) {
            return Err(DataError::at(
                &at("registration_type"),
                "1, 2 or 3 expected",
            ));
        }
        let id = match self.id {
            Some(id) if world.event(kind, id).is_some() => {
                return Err(DataError::at(&at("id"), format!("{id} is already used")));
            }
            Some(id) => id,
            None => world.new_event_id(kind),
        };
        let start = match (self.start_time, self.start_in_minutes) {
            (Some(start), _) => start,
            (None, minutes) => anchor(now)
                .saturating_add(SignedDuration::from_mins(minutes.unwrap_or(7 * 24 * 60)))
                .unwrap_or(now),
        };
        let duration = self.duration.unwrap_or(60);
        let repeat_interval_weeks = self.repeat_interval_weeks.unwrap_or(1).max(1);
        let occurrences = if kind.is_recurring_fixed_time(event_type) {
            let count = self.occurrences.unwrap_or(4);
            if !(1..=50).contains(&count) {
                return Err(DataError::at(
                    &at("occurrences"),
                    "1 to 50 occurrences expected",
                ));
            }
            (0..count)
                .map(|n| {
                    let weeks = i64::from(n) * i64::from(repeat_interval_weeks);
                    let when = start
                        .saturating_add(SignedDuration::from_hours(weeks * 7 * 24))
                        .unwrap_or(start);
                    Occurrence {
                        id: when.as_millisecond().to_string(),
                        start: when,
                        duration,
                    }
                })
                .collect()
        } else {
            if self.occurrences.is_some() {
                return Err(DataError::at(
                    &at("occurrences"),
                    "only recurring fixed-time events (type 8, 9) have them",
                ));
            }
            Vec::new()
        };
        for (i, question) in self.questions.iter().enumerate() {
            if !QUESTION_FIELDS.contains(&question.field_name.as_str()) {
                return Err(DataError::at(
                    &at(&format!("questions[{i}].field_name")),
                    format!("`{}` is not a registration field", question.field_name),
                ));
            }
        }
        for (i, question) in self.custom_questions.iter().enumerate() {
            if !custom_question_types(kind).contains(&question.kind.as_str()) {
                return Err(DataError::at(
                    &at(&format!("custom_questions[{i}].type")),
                    format!(
                        "`{}` is not one of {:?}",
                        question.kind,
                        custom_question_types(kind)
                    ),
                ));
            }
        }
        let mut event = Event {
            kind,
            id,
            uuid: format!("{}==", derived_token(&["uuid", &id.to_string()], 22)),
            host_id: host.id.clone(),
            topic: self
                .topic
                .clone()
                .unwrap_or_else(|| format!("Test {}", kind.name())),
            event_type,
            start,
            duration,
            timezone: self
                .timezone
                .clone()
                .unwrap_or_else(|| host.timezone.clone()),
            agenda: self.agenda.clone(),
            created_at: minutes_before(now, self.created_days_ago.unwrap_or(7) * 24 * 60),
            password: self
                .password
                .clone()
                .unwrap_or_else(|| derived_token(&["pwd", &id.to_string()], 8)),
            approval_type,
            registration_type,
            occurrences,
            repeat_interval_weeks,
            registrants_restrict_number: self.registrants_restrict_number,
            questions: self.questions.clone(),
            custom_questions: self.custom_questions.clone(),
            registrants: Vec::new(),
            instances: Vec::new(),
        };
        if (!self.registrants.is_empty() || self.generated_registrants > 0)
            && !event.registration_enabled()
        {
            return Err(DataError::at(
                &at("registrants"),
                "registration is off (approval_type 2)",
            ));
        }
        let mut emails = HashSet::new();
        for (i, data) in self.registrants.iter().enumerate() {
            let registrant = data.build(&event, world, now, &at(&format!("registrants[{i}]")))?;
            if !emails.insert(registrant.person.email.to_ascii_lowercase()) {
                return Err(DataError::at(
                    &at(&format!("registrants[{i}].email")),
                    "registered twice",
                ));
            }
            event.registrants.push(registrant);
        }
        for n in 0..self.generated_registrants {
            let email = format!("guest{:05}@placeholder-{id}.example", n + 1);
            let registrant_id = world.new_registrant_id();
            let person = Person {
                email,
                first_name: String::from("Guest"),
                last_name: format!("{:05}", n + 1),
                ..Person::default()
            };
            event.registrants.push(Registrant::new(
                id,
                registrant_id,
                person,
                RegistrantStatus::Approved,
                minutes_before(now, 60),
                Vec::new(),
            ));
        }
        if event.registrants.len() > MAX_REGISTRANTS {
            return Err(DataError::at(
                &at("registrants"),
                format!("more than Zoom's {MAX_REGISTRANTS}"),
            ));
        }
        for (i, data) in self.past_instances.iter().enumerate() {
            let instance = data.build(&event, world, now, &at(&format!("past_instances[{i}]")))?;
            event.instances.push(instance);
        }
        event.instances.sort_by_key(|instance| instance.start);
        Ok(event)
    }
}

impl RegistrantData {
    fn build(
        &self,
        event: &Event,
        world: &mut World,
        now: Timestamp,
        place: &str,
    ) -> Result<Registrant, DataError> {
        let at = |field: &str| format!("{place}.{field}");
        let status = RegistrantStatus::parse(&self.status)
            .ok_or_else(|| DataError::at(&at("status"), "approved, pending or denied expected"))?;
        for (name, value) in &self.fields {
            if !STANDARD_FIELDS.contains(&name.as_str()) {
                return Err(DataError::at(
                    &at(&format!("fields.{name}")),
                    "not a registration field",
                ));
            }
            if name == "country" && !COUNTRY_CODES.contains(&value.as_str()) {
                return Err(DataError::at(
                    &at("fields.country"),
                    format!("`{value}` is not a 2-letter country code"),
                ));
            }
        }
        for answer in &self.custom_questions {
            if !event
                .custom_questions
                .iter()
                .any(|q| q.title == answer.title)
            {
                return Err(DataError::at(
                    &at("custom_questions"),
                    format!("no question titled `{}`", answer.title),
                ));
            }
        }
        let occurrence_ids = match &self.occurrences {
            None => Vec::new(),
            Some(indexes) => indexes
                .iter()
                .map(|&i| {
                    event
                        .occurrences
                        .get(i)
                        .map(|o| o.id.clone())
                        .ok_or_else(|| {
                            DataError::at(
                                &at("occurrences"),
                                format!("the event has no occurrence #{i}"),
                            )
                        })
                })
                .collect::<Result<_, _>>()?,
        };
        let id = match &self.id {
            Some(id) => {
                if !world.claim_registrant_id(id) {
                    return Err(DataError::at(&at("id"), format!("`{id}` is used twice")));
                }
                id.clone()
            }
            None => world.new_registrant_id(),
        };
        let person = Person {
            email: self.email.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            fields: self.fields.clone(),
            answers: self
                .custom_questions
                .iter()
                .map(|a| (a.title.clone(), a.value.clone()))
                .collect(),
            language: self.language.clone(),
        };
        let create_time = minutes_before(now, self.registered_minutes_ago);
        Ok(Registrant::new(
            event.id,
            id,
            person,
            status,
            create_time,
            occurrence_ids,
        ))
    }
}
