//! The simulator's answers against Zoom's own OpenAPI file
//! (`shared/reference/zoom-registrants-openapi.json`): every endpoint's success body must match
//! the response schema of its status code, with no undocumented fields. The spec has no schemas
//! for errors, so error bodies are checked against Zoom's documented error shape (zoom-api.md §6).
//!
//! The spec is read at test time from `$REGDESK_SHARED_DIR/reference/` or
//! `<manifest>/../shared/reference/`; when it is absent the tests say so on stderr and skip.
//!
//! The validator is small and honest: it understands the schema keywords the spec uses (`type`,
//! `properties`, `required`, `items`, `enum`, `maxLength`, `maxItems`, `minimum`/`maximum` on
//! numbers, `format` date-time/email/int64, `nullable`, `allOf`/`anyOf`/`oneOf`) and fails on
//! anything it cannot judge rather than passing it; the negative tests prove it fails.

use std::io::Write;
use std::path::PathBuf;

use serde_json::{Value, json};

use super::common::*;

fn spec() -> Option<Value> {
    let dir = std::env::var_os("REGDESK_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let path = dir.join("reference/zoom-registrants-openapi.json");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(serde_json::from_str(&text).expect("the OpenAPI file is JSON")),
        Err(_) => {
            // Straight to stderr: the test harness swallows `eprintln!` of passing tests, and a
            // skip must be seen.
            let notice = format!(
                "NOTICE: skipping the OpenAPI checks: {} is absent (set REGDESK_SHARED_DIR to the shared folder)\n",
                path.display()
            );
            std::io::stderr()
                .write_all(notice.as_bytes())
                .expect("stderr is writable");
            None
        }
    }
}

/// Validates `value` against `schema`, collecting "path: problem" lines. `strict` also rejects
/// object properties the schema does not declare.
fn validate(schema: &Value, value: &Value, path: &str, strict: bool, problems: &mut Vec<String>) {
    let Some(schema) = schema.as_object() else {
        problems.push(format!("{path}: the schema is not an object"));
        return;
    };
    const KNOWN: &[&str] = &[
        "type",
        "properties",
        "required",
        "items",
        "enum",
        "maxLength",
        "maxItems",
        "minimum",
        "maximum",
        "format",
        "nullable",
        "allOf",
        "anyOf",
        "oneOf",
        "description",
        "example",
        "default",
        "title",
        "deprecated",
        "extensions",
        "x-enum-descriptions",
    ];
    for keyword in schema.keys() {
        if !KNOWN.contains(&keyword.as_str()) {
            problems.push(format!(
                "{path}: the validator does not know the keyword `{keyword}`"
            ));
        }
    }
    if value.is_null() && schema.get("nullable") == Some(&Value::Bool(true)) {
        return;
    }
    for (keyword, all) in [("allOf", true), ("anyOf", false), ("oneOf", false)] {
        let Some(alternatives) = schema.get(keyword).and_then(Value::as_array) else {
            continue;
        };
        let results: Vec<Vec<String>> = alternatives
            .iter()
            .map(|alternative| {
                let mut found = Vec::new();
                validate(alternative, value, path, false, &mut found);
                found
            })
            .collect();
        let passing = results.iter().filter(|r| r.is_empty()).count();
        let ok = match (all, keyword) {
            (true, _) => passing == results.len(),
            (false, "oneOf") => passing == 1,
            _ => passing >= 1,
        };
        if !ok {
            problems.push(format!("{path}: does not satisfy {keyword}: {results:?}"));
        }
    }
    let type_ok = match schema.get("type").and_then(Value::as_str) {
        None => true,
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        Some(other) => {
            problems.push(format!("{path}: unknown type `{other}`"));
            return;
        }
    };
    if !type_ok {
        problems.push(format!("{path}: expected {}, got {value}", schema["type"]));
        return;
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        problems.push(format!("{path}: {value} is not one of {allowed:?}"));
    }
    match value {
        Value::String(text) => {
            if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
                && text.chars().count() as u64 > max
            {
                problems.push(format!("{path}: longer than {max}"));
            }
            match schema.get("format").and_then(Value::as_str) {
                Some("date-time") if text.parse::<jiff::Timestamp>().is_err() => {
                    problems.push(format!("{path}: `{text}` is not a date-time"))
                }
                Some("email") if !looks_like_email(text) => {
                    problems.push(format!("{path}: `{text}` is not an email"))
                }
                Some("date-time" | "email" | "url" | "string" | "date") | None => {}
                Some(other) => problems.push(format!("{path}: unknown string format `{other}`")),
            }
        }
        Value::Number(number) => {
            let n = number.as_f64().unwrap_or(f64::NAN);
            if let Some(min) = schema.get("minimum").and_then(Value::as_f64)
                && n < min
            {
                problems.push(format!("{path}: {n} < minimum {min}"));
            }
            if let Some(max) = schema.get("maximum").and_then(Value::as_f64)
                && n > max
            {
                problems.push(format!("{path}: {n} > maximum {max}"));
            }
            if schema.get("format").and_then(Value::as_str) == Some("int64")
                && number.as_i64().is_none()
            {
                problems.push(format!("{path}: {number} is not an int64"));
            }
        }
        Value::Array(items) => {
            if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
                && items.len() as u64 > max
            {
                problems.push(format!("{path}: more than {max} items"));
            }
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    validate(item_schema, item, &format!("{path}[{i}]"), strict, problems);
                }
            }
        }
        Value::Object(map) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            for required in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let name = required.as_str().unwrap_or_default();
                if !map.contains_key(name) {
                    problems.push(format!("{path}: required `{name}` is missing"));
                }
            }
            for (name, field) in map {
                match properties.and_then(|p| p.get(name)) {
                    Some(field_schema) => validate(
                        field_schema,
                        field,
                        &format!("{path}.{name}"),
                        strict,
                        problems,
                    ),
                    None if strict && properties.is_some() => {
                        problems.push(format!("{path}: `{name}` is not in the schema"))
                    }
                    None => {}
                }
            }
        }
        _ => {}
    }
}

fn looks_like_email(text: &str) -> bool {
    text.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && domain.contains('.') && !text.contains(' ')
    })
}

fn problems_of(schema: &Value, value: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    validate(schema, value, "$", true, &mut problems);
    problems
}

/// The response schema the spec gives for `method path` answering `status`.
fn response_schema<'s>(
    spec: &'s Value,
    method: &str,
    path: &str,
    status: u16,
) -> Option<&'s Value> {
    spec["paths"][path][method]["responses"][status.to_string()]["content"]["application/json"]
        .get("schema")
}

/// Zoom's documented error shape (zoom-api.md §6); the OpenAPI file has none.
fn error_schema() -> Value {
    json!({
        "type": "object",
        "required": ["code", "message"],
        "properties": {
            "code": {"type": "integer"},
            "message": {"type": "string"},
            "errors": {"type": "array", "items": {"type": "object", "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}},
        },
    })
}

/// Checks one exchange: a success against the spec's schema for its status, an error against
/// the error shape. Returns the problems, prefixed with the operation.
fn check(spec: &Value, method: &str, path: &str, reply: &Reply) -> Vec<String> {
    let label = format!("{} {path} -> {}", method.to_uppercase(), reply.status);
    let documented = &spec["paths"][path][method]["responses"];
    if documented.is_null() {
        return vec![format!("{label}: the spec has no such operation")];
    }
    if reply.status >= 400 {
        return problems_of(&error_schema(), &reply.body)
            .into_iter()
            .map(|p| format!("{label}: {p}"))
            .collect();
    }
    if documented.get(reply.status.to_string()).is_none() {
        return vec![format!(
            "{label}: status not documented (documented: {:?})",
            documented.as_object().map(|o| o.keys().collect::<Vec<_>>())
        )];
    }
    match response_schema(spec, method, path, reply.status) {
        Some(schema) => problems_of(schema, &reply.body)
            .into_iter()
            .map(|p| format!("{label}: {p}"))
            .collect(),
        None if reply.text.is_empty() => Vec::new(),
        None => vec![format!(
            "{label}: the spec documents no body, got {}",
            reply.text
        )],
    }
}

#[tokio::test]
async fn every_endpoint_answers_in_the_shape_of_zooms_openapi_file() {
    let Some(spec) = spec() else { return };
    let h = start().await;
    let mut problems = Vec::new();
    let mut covered = Vec::new();
    let mut exchange = |method: &str, spec_path: &str, reply: Reply| {
        assert!(reply.status < 400, "{method} {spec_path}: {}", reply.text);
        problems.extend(check(&spec, method, spec_path, &reply));
        covered.push(format!("{method} {spec_path}"));
        reply
    };

    exchange(
        "get",
        "/users/{userId}/meetings",
        h.get("/users/me/meetings").await,
    );
    exchange(
        "get",
        "/users/{userId}/meetings",
        h.get(&format!("/users/{HOST_ID}/meetings")).await,
    );
    exchange(
        "get",
        "/users/{userId}/webinars",
        h.get("/users/me/webinars").await,
    );
    for id in [
        MEETING_AUTO,
        MEETING_MANUAL,
        MEETING_RECURRING,
        MEETING_LAB,
        MEETING_NO_REGISTRATION,
    ] {
        exchange(
            "get",
            "/meetings/{meetingId}",
            h.get(&format!("/meetings/{id}")).await,
        );
    }
    for id in [WEBINAR_BIG, WEBINAR_MANUAL, WEBINAR_RECURRING] {
        exchange(
            "get",
            "/webinars/{webinarId}",
            h.get(&format!("/webinars/{id}")).await,
        );
    }
    for (family, id) in [
        ("meetings", MEETING_MANUAL),
        ("meetings", MEETING_RECURRING),
        ("webinars", WEBINAR_MANUAL),
        ("webinars", WEBINAR_BIG),
    ] {
        let spec_path = if family == "meetings" {
            "/meetings/{meetingId}"
        } else {
            "/webinars/{webinarId}"
        };
        for status in ["approved", "pending", "denied"] {
            let list = h
                .get(&format!(
                    "/{family}/{id}/registrants?status={status}&page_size=300"
                ))
                .await;
            let first = list.body["registrants"][0]["id"]
                .as_str()
                .map(str::to_owned);
            exchange("get", &format!("{spec_path}/registrants"), list);
            if let Some(registrant) = first {
                let one = h
                    .get(&format!("/{family}/{id}/registrants/{registrant}"))
                    .await;
                exchange(
                    "get",
                    &format!("{spec_path}/registrants/{{registrantId}}"),
                    one,
                );
            }
        }
        exchange(
            "get",
            &format!("{spec_path}/registrants/questions"),
            h.get(&format!("/{family}/{id}/registrants/questions"))
                .await,
        );
    }

    let added = exchange(
        "post",
        "/meetings/{meetingId}/registrants",
        h.post(
            &format!("/meetings/{MEETING_AUTO}/registrants"),
            &auto_meeting_registrant("schema@x.example"),
        )
        .await,
    );
    let recurring_add = h
        .request(reqwest::Method::POST, &format!("/meetings/{MEETING_RECURRING}/registrants"))
        .json(&json!({"email": "schema@x.example", "first_name": "S", "country": "DE", "no_of_employees": "1-20"}));
    exchange(
        "post",
        "/meetings/{meetingId}/registrants",
        send(recurring_add).await,
    );
    let webinar_added = exchange(
        "post",
        "/webinars/{webinarId}/registrants",
        h.post(
            &format!("/webinars/{WEBINAR_MANUAL}/registrants"),
            &json!({"email": "schema@x.example", "first_name": "S", "last_name": "T", "org": "O", "language": "de-DE",
                "custom_questions": [{"title": "Partner tier", "value": "Silver"}]}),
        )
        .await,
    );
    let webinar_registrant = webinar_added.body["registrant_id"]
        .as_str()
        .unwrap()
        .to_owned();
    exchange(
        "get",
        "/webinars/{webinarId}/registrants/{registrantId}",
        h.get(&format!(
            "/webinars/{WEBINAR_MANUAL}/registrants/{webinar_registrant}"
        ))
        .await,
    );
    exchange(
        "put",
        "/webinars/{webinarId}/registrants/status",
        h.put(
            &format!("/webinars/{WEBINAR_MANUAL}/registrants/status"),
            &json!({"action": "approve", "registrants": [{"id": webinar_registrant}]}),
        )
        .await,
    );
    exchange(
        "put",
        "/meetings/{meetingId}/registrants/status",
        h.put(
            &format!("/meetings/{MEETING_AUTO}/registrants/status"),
            &json!({"action": "cancel", "registrants": [{"email": "schema@x.example"}]}),
        )
        .await,
    );
    exchange(
        "post",
        "/meetings/{meetingId}/batch_registrants",
        h.post(&format!("/meetings/{MEETING_MANUAL}/batch_registrants"), &json!({"auto_approve": true, "registrants": [{"email": "b@x.example", "first_name": "B"}]})).await,
    );
    exchange(
        "post",
        "/webinars/{webinarId}/batch_registrants",
        h.post(
            &format!("/webinars/{WEBINAR_BIG}/batch_registrants"),
            &json!({"registrants": [{"email": "b@x.example", "first_name": "B"}]}),
        )
        .await,
    );
    exchange(
        "patch",
        "/meetings/{meetingId}/registrants/questions",
        h.patch(
            &format!("/meetings/{MEETING_MANUAL}/registrants/questions"),
            &json!({"questions": [{"field_name": "city", "required": false}]}),
        )
        .await,
    );
    exchange(
        "patch",
        "/webinars/{webinarId}/registrants/questions",
        h.patch(&format!("/webinars/{WEBINAR_MANUAL}/registrants/questions"), &json!({"custom_questions": [{"title": "Region", "type": "single_radio", "required": true, "answers": ["EMEA", "AMER", "APAC"]}]})).await,
    );
    let meeting_registrant = added.body["registrant_id"].as_str().unwrap().to_owned();
    exchange(
        "delete",
        "/meetings/{meetingId}/registrants/{registrantId}",
        h.delete(&format!(
            "/meetings/{MEETING_AUTO}/registrants/{meeting_registrant}"
        ))
        .await,
    );
    exchange(
        "delete",
        "/webinars/{webinarId}/registrants/{registrantId}",
        h.delete(&format!(
            "/webinars/{WEBINAR_MANUAL}/registrants/{webinar_registrant}"
        ))
        .await,
    );

    // Every operation of the spec was exercised.
    for (path, operations) in spec["paths"].as_object().unwrap() {
        for method in operations.as_object().unwrap().keys() {
            assert!(
                covered.contains(&format!("{method} {path}")),
                "{method} {path} was not exercised"
            );
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[tokio::test]
async fn error_bodies_have_zooms_error_shape() {
    let Some(spec) = spec() else { return };
    let h = start().await;
    let path = format!("/meetings/{MEETING_AUTO}/registrants");
    let replies = [
        ("get", "/meetings/{meetingId}", h.get("/meetings/1").await),
        (
            "post",
            "/meetings/{meetingId}/registrants",
            h.post(&path, &json!({"email": "bad"})).await,
        ),
        (
            "post",
            "/meetings/{meetingId}/registrants",
            send(
                h.request(reqwest::Method::POST, &path)
                    .query(&[("email", "a@b.example")]),
            )
            .await,
        ),
        (
            "get",
            "/meetings/{meetingId}/registrants",
            h.get(&format!("{path}?next_page_token=nope")).await,
        ),
        (
            "get",
            "/meetings/{meetingId}/registrants",
            send(h.http.get(h.url(&path)).bearer_auth("expired")).await,
        ),
    ];
    for (method, spec_path, reply) in &replies {
        assert!(reply.status >= 400);
        let problems = check(&spec, method, spec_path, reply);
        assert!(problems.is_empty(), "{problems:?}");
    }
}

#[test]
fn the_validator_fails_on_wrong_types_missing_fields_and_values_outside_the_enum() {
    let schema = json!({
        "type": "object",
        "required": ["email", "first_name"],
        "properties": {
            "email": {"type": "string", "format": "email", "maxLength": 128},
            "first_name": {"type": "string", "maxLength": 64},
            "status": {"type": "string", "enum": ["approved", "denied", "pending"]},
            "participant_pin_code": {"type": "integer", "format": "int64"},
            "create_time": {"type": "string", "format": "date-time"},
            "custom_questions": {"type": "array", "items": {"type": "object", "properties": {"value": {"type": "string", "maxLength": 128}}}},
        },
    });
    let good = json!({"email": "a@b.example", "first_name": "A", "status": "pending", "participant_pin_code": 123456,
        "create_time": "2026-01-02T03:04:05Z", "custom_questions": [{"value": "x"}]});
    assert_eq!(problems_of(&schema, &good), Vec::<String>::new());
    let cases = [
        (
            "a wrong type",
            json!({"email": "a@b.example", "first_name": 7}),
        ),
        ("a missing required field", json!({"email": "a@b.example"})),
        (
            "a value outside the enum",
            json!({"email": "a@b.example", "first_name": "A", "status": "cancelled"}),
        ),
        (
            "a bad date-time",
            json!({"email": "a@b.example", "first_name": "A", "create_time": "yesterday"}),
        ),
        ("a bad email", json!({"email": "nobody", "first_name": "A"})),
        (
            "a string too long",
            json!({"email": "a@b.example", "first_name": "A".repeat(65)}),
        ),
        (
            "a nested wrong type",
            json!({"email": "a@b.example", "first_name": "A", "custom_questions": [{"value": 1}]}),
        ),
        (
            "an undocumented field",
            json!({"email": "a@b.example", "first_name": "A", "nickname": "Al"}),
        ),
        (
            "a float where an integer belongs",
            json!({"email": "a@b.example", "first_name": "A", "participant_pin_code": 1.5}),
        ),
    ];
    for (what, value) in cases {
        assert!(
            !problems_of(&schema, &value).is_empty(),
            "the validator missed {what}: {value}"
        );
    }
    assert!(
        !problems_of(
            &json!({"type": "object", "patternProperties": {}}),
            &json!({})
        )
        .is_empty(),
        "unknown keywords fail"
    );
}

#[tokio::test]
async fn the_validator_catches_a_real_response_that_was_tampered_with() {
    let Some(spec) = spec() else { return };
    let h = start().await;
    let reply = h
        .get(&format!(
            "/meetings/{MEETING_MANUAL}/registrants?status=pending"
        ))
        .await;
    let path = "/meetings/{meetingId}/registrants";
    assert!(check(&spec, "get", path, &reply).is_empty());
    let schema = response_schema(&spec, "get", path, 200).expect("a schema");
    let mut tampered = reply.body.clone();
    tampered["registrants"][0]["status"] = json!("waitlisted");
    assert!(!problems_of(schema, &tampered).is_empty());
    let mut tampered = reply.body.clone();
    tampered["registrants"][0]
        .as_object_mut()
        .unwrap()
        .remove("email");
    assert!(!problems_of(schema, &tampered).is_empty());
    let mut tampered = reply.body;
    tampered["total_records"] = json!("56");
    assert!(!problems_of(schema, &tampered).is_empty());
}
