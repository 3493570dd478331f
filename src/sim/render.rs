//! The JSON Zoom answers with, built from the OpenAPI file's response schemas: users, meetings and
//! webinars (list items and details), occurrences, registrants, questions. Only documented fields
//! are sent, so a client cannot come to depend on something Zoom does not promise. Links point at
//! the simulator itself (loopback), never at the internet.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::{Map, Value, json};

use super::clock::iso;
use super::world::{
    Event, EventKind, Registrant, RegistrantStatus, STANDARD_FIELDS, User, derived_token,
};

/// Zoom truncates agendas to 250 characters in lists.
const LIST_AGENDA_MAX: usize = 250;

pub(crate) fn user(user: &User) -> Value {
    let mut value = json!({
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "display_name": format!("{} {}", user.first_name, user.last_name),
        "type": user.user_type,
        "status": user.status,
        "pmi": user.pmi,
        "timezone": user.timezone,
        "dept": user.dept,
        "created_at": iso(user.created_at),
        "user_created_at": iso(user.created_at),
        "last_login_time": iso(user.last_login_time),
        "last_client_version": "6.2.5.4552(mac)",
        "language": user.language,
        "role_id": user.role_id,
        "verified": 1,
        "group_ids": [],
        "im_group_ids": [],
    });
    // Zoom returns no `id` for users who have not accepted their invitation.
    if user.status != "pending" {
        value["id"] = json!(user.id);
    }
    value
}

pub(crate) fn event_join_url(event: &Event, base: &str) -> String {
    format!(
        "{base}/j/{}?pwd={}",
        event.id,
        derived_token(&["pwd-link", &event.id.to_string()], 32)
    )
}

fn start_url(event: &Event, base: &str) -> String {
    format!(
        "{base}/s/{}?zak={}",
        event.id,
        derived_token(&["zak", &event.id.to_string()], 40)
    )
}

/// The start shown for an event: the next occurrence of a recurring one.
fn next_start(event: &Event, now: Timestamp) -> Timestamp {
    event
        .occurrences
        .iter()
        .find(|o| o.start >= now)
        .or(event.occurrences.last())
        .map_or(event.start, |o| o.start)
}

pub(crate) fn event_list_item(event: &Event, base: &str, now: Timestamp) -> Value {
    let mut value = json!({
        "uuid": event.uuid,
        "id": event.id,
        "host_id": event.host_id,
        "topic": event.topic,
        "type": event.event_type,
        "start_time": iso(next_start(event, now)),
        "duration": event.duration,
        "timezone": event.timezone,
        "agenda": event.agenda.chars().take(LIST_AGENDA_MAX).collect::<String>(),
        "created_at": iso(event.created_at),
        "join_url": event_join_url(event, base),
    });
    if event.kind == EventKind::Webinar {
        value["is_simulive"] = json!(false);
    }
    value
}

pub(crate) fn occurrences<'a>(
    event: &'a Event,
    keep: impl Fn(&str, Timestamp) -> bool + 'a,
) -> Vec<Value> {
    event
        .occurrences
        .iter()
        .filter(|o| keep(&o.id, o.start))
        .map(|o| {
            json!({
                "occurrence_id": o.id,
                "start_time": iso(o.start),
                "duration": o.duration,
                "status": "available",
            })
        })
        .collect()
}

pub(crate) fn event_detail(
    event: &Event,
    host: &User,
    base: &str,
    now: Timestamp,
    show_previous: bool,
) -> Value {
    let recurring_fixed = event.kind.is_recurring_fixed_time(event.event_type);
    let mut settings = json!({
        "host_video": true,
        "approval_type": event.approval_type,
        "audio": "both",
        "auto_recording": if event.kind == EventKind::Webinar { "cloud" } else { "none" },
        "close_registration": false,
        "show_share_button": true,
        "allow_multiple_devices": false,
        "alternative_hosts": "",
        "contact_name": format!("{} {}", host.first_name, host.last_name),
        "contact_email": host.email,
        "registrants_confirmation_email": true,
        "registrants_email_notification": true,
        "meeting_authentication": false,
    });
    match event.kind {
        EventKind::Meeting => {
            for (key, value) in [
                ("participant_video", false),
                ("join_before_host", false),
                ("mute_upon_entry", true),
                ("waiting_room", false),
                ("watermark", false),
                ("use_pmi", false),
                ("email_notification", true),
                ("private_meeting", false),
                ("focus_mode", false),
            ] {
                settings[key] = json!(value);
            }
            settings["encryption_type"] = json!("enhanced_encryption");
        }
        EventKind::Webinar => {
            for (key, value) in [
                ("panelists_video", true),
                ("practice_session", false),
                ("hd_video", true),
                ("on_demand", false),
                ("notify_registrants", true),
                ("post_webinar_survey", false),
                ("panelists_invitation_email_notification", true),
            ] {
                settings[key] = json!(value);
            }
            settings["email_language"] = json!("en-US");
            settings["registrants_restrict_number"] = json!(event.registrants_restrict_number);
        }
    }
    if recurring_fixed {
        settings["registration_type"] = json!(event.registration_type);
    }
    let mut value = json!({
        "uuid": event.uuid,
        "id": event.id,
        "host_id": event.host_id,
        "host_email": host.email,
        "topic": event.topic,
        "type": event.event_type,
        "start_time": iso(next_start(event, now)),
        "duration": event.duration,
        "timezone": event.timezone,
        "agenda": event.agenda,
        "created_at": iso(event.created_at),
        "start_url": start_url(event, base),
        "join_url": event_join_url(event, base),
        "password": event.password,
        "settings": settings,
    });
    match event.kind {
        EventKind::Meeting => {
            value["status"] = json!(if event.start <= now && now < event.end() {
                "started"
            } else {
                "waiting"
            });
            value["pre_schedule"] = json!(false);
        }
        EventKind::Webinar => value["is_simulive"] = json!(false),
    }
    if recurring_fixed {
        value["occurrences"] = Value::Array(occurrences(event, move |_, start| {
            show_previous || start >= now
        }));
        let weekday = event
            .start
            .to_zoned(TimeZone::UTC)
            .weekday()
            .to_sunday_one_offset();
        value["recurrence"] = json!({
            "type": 2,
            "repeat_interval": event.repeat_interval_weeks,
            "weekly_days": weekday.to_string(),
            "end_times": event.occurrences.len(),
        });
    }
    value
}

/// A registrant's personal join link; Zoom gives one only to approved registrants.
pub(crate) fn registrant_join_url(
    event: &Event,
    registrant: &Registrant,
    base: &str,
) -> Option<String> {
    (registrant.status == RegistrantStatus::Approved)
        .then(|| format!("{base}/w/{}?tk={}", event.id, registrant.join_token))
}

/// A registrant as the list and get endpoints return it. `single` adds what only the get-one
/// endpoint of webinars returns (`language`).
pub(crate) fn registrant(
    event: &Event,
    registrant: &Registrant,
    base: &str,
    single: bool,
) -> Value {
    let mut value = Map::new();
    value.insert("id".into(), json!(registrant.id));
    let person = &registrant.person;
    value.insert("email".into(), json!(person.email));
    value.insert("first_name".into(), json!(person.first_name));
    value.insert("last_name".into(), json!(person.last_name));
    for field in STANDARD_FIELDS {
        value.insert(
            field.into(),
            json!(person.fields.get(field).map_or("", String::as_str)),
        );
    }
    value.insert(
        "custom_questions".into(),
        Value::Array(
            person
                .answers
                .iter()
                .map(|(title, answer)| json!({ "title": title, "value": answer }))
                .collect(),
        ),
    );
    value.insert("status".into(), json!(registrant.status.as_str()));
    value.insert("create_time".into(), json!(iso(registrant.create_time)));
    if let Some(url) = registrant_join_url(event, registrant, base) {
        value.insert("join_url".into(), json!(url));
    }
    match event.kind {
        EventKind::Meeting => {
            value.insert("participant_pin_code".into(), json!(registrant.pin_code));
        }
        EventKind::Webinar => {
            if let (true, Some(language)) = (single, &person.language) {
                value.insert("language".into(), json!(language));
            }
        }
    }
    Value::Object(value)
}

/// The 201 body of an add-registrant request.
pub(crate) fn added(event: &Event, registrant: &Registrant, base: &str, now: Timestamp) -> Value {
    let mut value = json!({
        "id": event.id,
        "registrant_id": registrant.id,
        "topic": event.topic,
        "start_time": iso(next_start(event, now)),
    });
    // "The API will not return this field if the meeting was created with the approval_type
    // field value of 1 (manual approval)."
    if event.approval_type != 1
        && let Some(url) = registrant_join_url(event, registrant, base)
    {
        value["join_url"] = json!(url);
    }
    if event.is_recurring() {
        let chosen = registrant.occurrence_ids.clone();
        value["occurrences"] = Value::Array(occurrences(event, move |id, _| {
            chosen.is_empty() || chosen.iter().any(|c| c == id)
        }));
    }
    if event.kind == EventKind::Meeting {
        value["participant_pin_code"] = json!(registrant.pin_code);
    }
    value
}

pub(crate) fn questions(event: &Event) -> Value {
    json!({
        "questions": event.questions,
        "custom_questions": event.custom_questions,
    })
}

/// A list response: the paging envelope around `items` under `key`.
pub(crate) fn list(key: &str, items: Vec<Value>, page: &super::paging::Page) -> Value {
    let mut value = json!({
        "page_count": page.page_count,
        "page_number": page.page_number,
        "page_size": page.page_size,
        "total_records": page.total_records,
        "next_page_token": page.next_page_token,
    });
    value[key] = Value::Array(items);
    value
}
