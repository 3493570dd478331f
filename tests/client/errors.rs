//! Each class of error Zoom (the simulator) can produce surfaces as the right typed error, with
//! a diagnosis in plain words.

use std::time::Duration;

use regdesk::sim::{self, DailyCaps};
use regdesk::zoom::*;
use secrecy::SecretString;

use crate::support::*;

fn kind(error: &ZoomError) -> ApiErrorKind {
    api(error).kind.clone()
}

fn api(error: &ZoomError) -> &ApiError {
    match error {
        ZoomError::Api(api) => api,
        other => panic!("not an API error: {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn missing_things_and_closed_registration() {
    let sim = start(sim::Plan::Pro).await;
    let client = client(&sim);

    let error = client
        .get_event(EventRef::meeting(12345678901), None)
        .await
        .unwrap_err();
    assert_eq!(
        kind(&error),
        ApiErrorKind::NotFound {
            what: NotFoundWhat::Event
        }
    );
    assert!(error.diagnosis().fix.contains("--webinar"));

    // A webinar ID used as a meeting.
    let error = client
        .list_registrants(EventRef::meeting(STATE_OF_TECH), ListStatus::Approved, None)
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "{error:?}");

    let error = client
        .get_registrant(EventRef::meeting(ROADMAP), "no-such-registrant", None)
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "{error:?}");

    let error = client
        .list_events("nobody@example.com", EventKind::Meeting, ListScope::All)
        .await
        .unwrap_err();
    assert_eq!(
        kind(&error),
        ApiErrorKind::NotFound {
            what: NotFoundWhat::User
        }
    );

    let error = client
        .add_registrant(
            EventRef::meeting(WEEKLY_SYNC),
            &NewRegistrant::new("a@example.com", "A"),
            &AddOptions::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(kind(&error), ApiErrorKind::RegistrationNotEnabled);
    let diagnosis = error.diagnosis();
    assert!(diagnosis.summary.contains("Registration is not enabled"));
    assert!(diagnosis.fix.contains("Required"));
}

#[tokio::test(start_paused = true)]
async fn webinar_hosts_capacity_and_batch_types() {
    let sim = start(sim::Plan::Pro).await;
    let client = client(&sim);

    let questions = client
        .get_questions(EventRef::webinar(STATE_OF_TECH))
        .await
        .unwrap();
    let host = complete_person(&questions, HOST_EMAIL, "Maya");
    let error = client
        .add_registrant(
            EventRef::webinar(STATE_OF_TECH),
            &host,
            &AddOptions::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(kind(&error), ApiErrorKind::HostCannotRegister, "{error:?}");
    assert!(error.diagnosis().fix.contains("different address"));

    let full = sim
        .create_webinar(serde_json::json!({"topic": "Tiny", "type": 5, "approval_type": 0, "registrants_restrict_number": 1,
            "registrants": [{"email": "first@example.com", "first_name": "First"}]}))
        .unwrap();
    let error = client
        .add_registrant(
            EventRef::webinar(full),
            &NewRegistrant::new("second@example.com", "Second"),
            &AddOptions::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(kind(&error), ApiErrorKind::CapacityReached, "{error:?}");
    assert!(error.diagnosis().summary.contains("full"));

    // Zoom's own ceiling: 4,999 registrants per meeting (code 3043).
    let nearly_full = sim
        .create_meeting(
            serde_json::json!({"topic": "Town hall", "type": 2, "approval_type": 0,
            "generated_registrants": 4998}),
        )
        .unwrap();
    let add = |email: &'static str| {
        let person = NewRegistrant::new(email, "Guest");
        let client = client.clone();
        async move {
            client
                .add_registrant(
                    EventRef::meeting(nearly_full),
                    &person,
                    &AddOptions::default(),
                )
                .await
        }
    };
    add("last.seat@example.com").await.unwrap();
    let error = add("one.more@example.com").await.unwrap_err();
    assert_eq!(kind(&error), ApiErrorKind::CapacityReached, "{error:?}");
    assert_eq!(api(&error).code, Some(3043));
    assert!(error.diagnosis().explanation.contains("4,999"));
    assert_eq!(
        sim.registrants(sim::EventKind::Meeting, nearly_full).len(),
        4999
    );

    let people = [BatchRegistrant {
        email: "b@example.com".into(),
        first_name: "B".into(),
        last_name: None,
    }];
    let outcome = client
        .batch_register(EventRef::meeting(OFFICE_HOURS), &people, None)
        .await
        .unwrap();
    assert_eq!(outcome.failed.len(), 1);
    assert_eq!(
        kind(&outcome.failed[0].error),
        ApiErrorKind::WrongEventType,
        "{:?}",
        outcome.failed[0].error
    );
}

#[tokio::test(start_paused = true)]
async fn fields_zoom_refuses_come_back_named() {
    let sim = start(sim::Plan::Pro).await;
    let client = client(&sim);
    let mut person = NewRegistrant::new("valid.person@example.com", "Valid");
    person.fields.set(&QuestionField::LastName, "Person");
    person.fields.set(&QuestionField::Org, "Acme");
    person.fields.set(&QuestionField::Country, "Sweden");
    person.custom_questions.push(CustomAnswer {
        title: REQUIRED_QUESTION.into(),
        value: "Carrier pigeon".into(),
    });
    let error = client
        .add_registrant(EventRef::meeting(ROADMAP), &person, &AddOptions::default())
        .await
        .unwrap_err();
    assert_eq!(kind(&error), ApiErrorKind::ValidationFailed, "{error:?}");
    let fields: Vec<&str> = api(&error)
        .field_errors
        .iter()
        .map(|field| field.field.as_str())
        .collect();
    assert!(
        fields.contains(&"country") && fields.contains(&"custom_questions[0].value"),
        "{fields:?}"
    );
    let diagnosis = error.diagnosis();
    assert!(diagnosis.explanation.contains("country ("), "{diagnosis:?}");
    assert!(
        diagnosis.fix.contains("two-letter country code"),
        "{diagnosis:?}"
    );
    assert!(
        ground_truth(&sim, sim::EventKind::Meeting, ROADMAP)
            .iter()
            .all(|email| email != "valid.person@example.com")
    );
}

#[tokio::test(start_paused = true)]
async fn a_missing_scope_is_named_with_the_features_that_need_it() {
    let sim = start(sim::Plan::Pro).await;
    let app = sim.create_s2s_app(&["meeting:read:list_meetings:admin"]);
    let client = ZoomClient::new(s2s_credentials(&app), config(&sim, Plan::Pro)).unwrap();
    client
        .list_events("me", EventKind::Meeting, ListScope::All)
        .await
        .unwrap();
    let error = client
        .list_registrants(EventRef::meeting(ROADMAP), ListStatus::Approved, None)
        .await
        .unwrap_err();
    let ApiErrorKind::MissingScopes { missing } = kind(&error) else {
        panic!("{error:?}")
    };
    assert!(!missing.is_empty());
    let diagnosis = error.diagnosis();
    assert!(
        diagnosis
            .explanation
            .contains("meeting:read:list_registrants:admin"),
        "{diagnosis:?}"
    );
    assert!(
        diagnosis
            .explanation
            .contains("The token has: meeting:read:list_meetings:admin"),
        "{diagnosis:?}"
    );
    assert!(diagnosis.explanation.contains("`export`"), "{diagnosis:?}");
    assert!(error.is_auth());
}

#[tokio::test(start_paused = true)]
async fn daily_and_per_registrant_limits_are_not_retried() {
    let sim = start(sim::Plan::Pro).await;
    let client = client(&sim);
    let id = plain_meeting(&sim, "Limits");
    let event = EventRef::meeting(id);

    // Zoom's 3 registration requests per person and day (duplicates count too).
    let person = NewRegistrant::new("thrice@example.com", "Thrice");
    for _ in 0..3 {
        client
            .add_registrant(event, &person, &AddOptions::default())
            .await
            .unwrap();
    }
    let error = client
        .add_registrant(event, &person, &AddOptions::default())
        .await
        .unwrap_err();
    let ZoomError::RateLimited(limit) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(limit.kind, RateLimitKind::RegistrantAdds);
    assert!(
        limit
            .reset_at
            .is_some_and(|reset| reset > jiff::Timestamp::now())
    );
    assert!(error.diagnosis().summary.contains("3 times"));
    assert_eq!(
        ground_truth(&sim, sim::EventKind::Meeting, id),
        vec!["thrice@example.com".to_owned()]
    );

    // The account's daily cap of a category.
    sim.set_daily_caps(Some(DailyCaps {
        light: Some(1),
        medium: None,
        heavy: None,
    }));
    let sent_before = client.request_log().len();
    let error = client.get_questions(event).await.unwrap_err();
    let ZoomError::RateLimited(limit) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(limit.kind, RateLimitKind::Daily);
    assert_eq!(limit.category, Some(Category::Light));
    let reset = limit.reset_at.expect("reset time");
    assert!(
        error
            .diagnosis()
            .fix
            .contains(&reset.strftime("%Y-%m-%d %H:%M UTC").to_string())
    );
    assert_eq!(client.request_log().len(), sent_before + 1, "not retried");
    // The log shows what Zoom said about the limit, as the live pane will.
    let refused = client.request_log().pop().unwrap();
    assert_eq!(
        (refused.method.as_str(), refused.status, refused.zoom_code),
        ("GET", Some(429), Some(429))
    );
    assert_eq!(
        refused.path,
        format!("/meetings/{id}/registrants/questions")
    );
    assert_eq!(refused.rate_limit.category.as_deref(), Some("Light"));
    assert_eq!(
        refused.rate_limit.limit_type.as_deref(),
        Some("Daily-limit")
    );
    assert_eq!(
        (refused.rate_limit.limit, refused.rate_limit.remaining),
        (Some(1), Some(0))
    );
    assert_eq!(
        refused.rate_limit.retry_after,
        Some(reset.to_string()),
        "Zoom's ISO-8601 reset time, as sent"
    );
    assert!(refused.diagnosis.is_some());
    // Later Light calls fail at once, without a request.
    assert!(client.get_questions(event).await.is_err());
    assert_eq!(client.request_log().len(), sent_before + 1);
}

#[tokio::test(start_paused = true)]
async fn token_endpoint_refusals_and_unreachable_hosts() {
    let sim = start(sim::Plan::Pro).await;
    let mut app = sim.s2s_app();
    app.client_secret = "wrong-secret-value-0000".into();
    let client = ZoomClient::new(s2s_credentials(&app), config(&sim, Plan::Pro)).unwrap();
    let error = client.fetch_token().await.unwrap_err();
    let ZoomError::TokenRequest(refusal) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(refusal.kind, TokenErrorKind::InvalidClient, "{refusal:?}");
    assert!(
        error
            .diagnosis()
            .summary
            .contains("client ID or client secret")
    );
    assert!(error.is_auth());

    let mut app = sim.s2s_app();
    app.account_id = "not-the-account".into();
    let client = ZoomClient::new(s2s_credentials(&app), config(&sim, Plan::Pro)).unwrap();
    let error = client.fetch_token().await.unwrap_err();
    assert!(matches!(&error, ZoomError::TokenRequest(_)), "{error:?}");

    let pasted = Credentials::ServerToServer {
        account_id: app.account_id.clone(),
        client_id: app.client_id.clone(),
        client_secret: SecretString::from(
            r#"{"access_token":"eyJhbGciOiJIUzUxMiJ9.e30.c2ln","token_type":"bearer","expires_in":3600}"#,
        ),
    };
    let client = ZoomClient::new(pasted, config(&sim, Plan::Pro)).unwrap();
    let error = client
        .get_questions(EventRef::meeting(ROADMAP))
        .await
        .unwrap_err();
    assert!(
        matches!(error, ZoomError::SecretLooksLikeToken { .. }),
        "{error:?}"
    );
    assert!(client.request_log().is_empty(), "nothing is sent");
    assert!(sim.stats().tokens_issued == 0);

    let api_url = sim.api_url();
    let oauth_url = sim.oauth_url();
    sim.shutdown().await;
    let gone = ZoomClient::new(
        s2s_credentials(&app),
        ClientConfig {
            retry: RetryPolicy {
                max_attempts: 2,
                base_delay: Duration::from_millis(5),
                max_delay: Duration::from_millis(5),
                ..RetryPolicy::default()
            },
            ..ClientConfig::new(api_url, oauth_url)
        },
    )
    .unwrap();
    let error = gone.fetch_token().await.unwrap_err();
    assert!(matches!(error, ZoomError::Unreachable { .. }), "{error:?}");
    assert!(error.diagnosis().summary.starts_with("Cannot reach Zoom"));
}
