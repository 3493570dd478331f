//! Tokens and authorization: the S2S token endpoint and its errors, every flavour of code 124,
//! missing scopes (4711), user-level scopes, legacy JWT apps judged by a shifted clock, and the
//! `Date` header.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jiff::Timestamp;
use serde_json::{Value, json};

use super::common::*;

fn jwt_part(token: &str, index: usize) -> Value {
    let part = token.split('.').nth(index).expect("three parts");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).expect("base64url")).expect("JSON")
}

/// A request to the token endpoint with these Basic credentials (if any).
fn token_endpoint(h: &Harness, credentials: Option<(&str, &str)>) -> reqwest::RequestBuilder {
    let request = h.http.post(format!("{}/oauth/token", h.sim.oauth_url()));
    match credentials {
        Some((id, secret)) => request.basic_auth(id, Some(secret)),
        None => request,
    }
}

/// The status and OAuth `error` of a token-endpoint answer.
async fn oauth_error(request: reqwest::RequestBuilder) -> (u16, String) {
    let reply = send(request).await;
    (
        reply.status,
        reply.body["error"].as_str().unwrap_or_default().to_owned(),
    )
}

#[tokio::test]
async fn the_token_endpoint_issues_zoom_shaped_tokens() {
    let h = start().await;
    let app = h.sim.s2s_app();
    let form = [
        ("grant_type", "account_credentials"),
        ("account_id", app.account_id.as_str()),
    ];
    let credentials = Some((app.client_id.as_str(), app.client_secret.as_str()));
    let reply = send(token_endpoint(&h, credentials).form(&form)).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["token_type"], "bearer");
    assert_eq!(reply.body["expires_in"], 3600);
    assert_eq!(
        reply.body["api_url"],
        h.sim.oauth_url(),
        "Zoom's api_url is the host, without /v2"
    );
    let scope = reply.body["scope"].as_str().expect("scope is one string");
    assert!(
        scope
            .split(' ')
            .any(|s| s == "meeting:write:registrant:admin"),
        "{scope}"
    );

    let token = reply.body["access_token"].as_str().expect("token");
    assert_eq!(jwt_part(token, 0)["alg"], "HS512");
    let claims = jwt_part(token, 1);
    assert_eq!(claims["iss"], format!("zm:cid:{}", app.client_id));
    assert_eq!(claims["aud"], "https://oauth.zoom.us");
    assert_eq!(claims["aid"], app.account_id);
    assert_eq!(claims["uid"], OWNER_ID);
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        3600
    );
    assert!(claims["nbf"].is_i64() && claims["jti"].is_string());

    let me = send(h.http.get(h.url("/users/me/meetings")).bearer_auth(token)).await;
    assert_eq!(me.status, 200, "{}", me.text);
    assert_eq!(h.sim.stats().tokens_issued, 2);

    h.sim.set_token_lifetime(Duration::from_secs(60));
    let short = send(token_endpoint(&h, credentials).form(&form)).await;
    assert_eq!(short.body["expires_in"], 60);
    assert_eq!(h.sim.stats().requests_per_endpoint["POST /oauth/token"], 3);
}

#[tokio::test]
async fn the_token_endpoint_answers_the_common_mistakes_like_zoom() {
    let h = start().await;
    let app = h.sim.s2s_app();
    let jwt = h.sim.jwt_app();
    let good = Some((app.client_id.as_str(), app.client_secret.as_str()));
    let form = |grant: &'static str, account: &str| {
        [("grant_type", grant), ("account_id", account)].map(|(k, v)| (k, v.to_owned()))
    };
    let good_form = form("account_credentials", &app.account_id);
    let invalid_client = (401, String::from("invalid_client"));
    let unsupported = (400, String::from("unsupported_grant_type"));
    let invalid_request = (400, String::from("invalid_request"));

    let wrong_secret = token_endpoint(&h, Some((&app.client_id, "nope"))).form(&good_form);
    assert_eq!(oauth_error(wrong_secret).await, invalid_client);
    assert_eq!(
        oauth_error(token_endpoint(&h, None).form(&good_form)).await,
        invalid_client
    );

    let wrong_grant =
        send(token_endpoint(&h, good).form(&form("client_credentials", &app.account_id))).await;
    assert_eq!(wrong_grant.status, 400);
    assert_eq!(
        wrong_grant.body,
        json!({"reason": "unsupported grant type", "error": "unsupported_grant_type"})
    );
    let as_json = token_endpoint(&h, good)
        .json(&json!({"grant_type": "account_credentials", "account_id": app.account_id}));
    assert_eq!(oauth_error(as_json).await, unsupported);
    let other_account = token_endpoint(&h, good).form(&form("account_credentials", "someone-else"));
    assert_eq!(oauth_error(other_account).await, invalid_request);
    let jwt_credentials =
        token_endpoint(&h, Some((&jwt.api_key, &jwt.api_secret))).form(&good_form);
    assert_eq!(oauth_error(jwt_credentials).await, unsupported);
    assert_eq!(
        h.sim.stats().tokens_issued,
        1,
        "none of the mistakes got a token"
    );
}

#[tokio::test]
async fn the_token_endpoint_takes_its_parameters_in_the_query_string_too() {
    let h = start().await;
    let app = h.sim.s2s_app();
    let good = Some((app.client_id.as_str(), app.client_secret.as_str()));
    let form = |grant: &str, account: &str| {
        [("grant_type", grant), ("account_id", account)].map(|(k, v)| (k, v.to_owned()))
    };
    let good_form = form("account_credentials", &app.account_id);

    // Zoom's documented example: `POST /oauth/token?grant_type=account_credentials&account_id=…`.
    let query_only = send(token_endpoint(&h, good).query(&good_form)).await;
    assert_eq!(query_only.status, 200, "{}", query_only.text);
    assert!(query_only.body["access_token"].is_string());
    let query_with_form_type = send(
        token_endpoint(&h, good)
            .query(&good_form)
            .header("content-type", "application/x-www-form-urlencoded"),
    )
    .await;
    assert_eq!(
        query_with_form_type.status, 200,
        "{}",
        query_with_form_type.text
    );
    let both_agreeing = send(token_endpoint(&h, good).query(&good_form).form(&good_form)).await;
    assert_eq!(both_agreeing.status, 200, "{}", both_agreeing.text);
    // One parameter in each place works as well.
    let split = send(
        token_endpoint(&h, good)
            .query(&[("grant_type", "account_credentials")])
            .form(&[("account_id", app.account_id.as_str())]),
    )
    .await;
    assert_eq!(split.status, 200, "{}", split.text);

    // Copies that disagree get the stricter answer: a 400 naming the parameter.
    let disagreeing = send(
        token_endpoint(&h, good)
            .query(&form("account_credentials", "someone-else"))
            .form(&good_form),
    )
    .await;
    assert_eq!(disagreeing.status, 400);
    assert_eq!(disagreeing.body["error"], "invalid_request");
    assert!(
        disagreeing.body["reason"]
            .as_str()
            .is_some_and(|reason| reason.contains("account_id")),
        "{}",
        disagreeing.text
    );
    let wrong_grant_in_query =
        token_endpoint(&h, good).query(&form("client_credentials", &app.account_id));
    assert_eq!(
        oauth_error(wrong_grant_in_query).await,
        (400, "unsupported_grant_type".to_owned())
    );
    // The harness fetched one before the four above.
    assert_eq!(h.sim.stats().tokens_issued, 5);
}

#[tokio::test]
async fn code_124_covers_every_way_a_token_goes_wrong() {
    let h = start().await;
    let path = "/users/me/meetings";
    let invalid = |reply: &Reply| reply.assert_error(401, 124, "Invalid access token.");

    invalid(&send(h.http.get(h.url(path)).bearer_auth("not-a-token")).await);
    invalid(&send(h.http.get(h.url(path))).await);
    let json_as_bearer = format!("{{\"access_token\":\"{}\"}}", h.token);
    invalid(&send(h.http.get(h.url(path)).bearer_auth(json_as_bearer)).await);
    invalid(
        &send(
            h.http
                .get(h.url(path))
                .bearer_auth(format!("Bearer {}", h.token)),
        )
        .await,
    );

    // A flipped signature byte.
    let (signed, signature) = h.token.rsplit_once('.').unwrap();
    let mut bytes = URL_SAFE_NO_PAD.decode(signature).unwrap();
    bytes[0] ^= 1;
    let forged = format!("{signed}.{}", URL_SAFE_NO_PAD.encode(bytes));
    invalid(&send(h.http.get(h.url(path)).bearer_auth(forged)).await);

    send(h.http.get(h.url(path)).query(&[("access_token", &h.token)]))
        .await
        .assert_error(
            401,
            124,
            "Invalid access token, this access token is not supported as query parameter string.",
        );

    assert_eq!(h.get(path).await.status, 200);
    h.sim.set_clock_offset(3601);
    h.get(path)
        .await
        .assert_error(401, 124, "Access token is expired.");
    h.sim.set_clock_offset(0);
    assert_eq!(h.get(path).await.status, 200);

    h.sim.revoke_all_tokens();
    invalid(&h.get(path).await);
    assert_eq!(
        h.sim.stats().requests_per_category.values().sum::<u64>(),
        10
    );
}

#[tokio::test]
async fn a_newer_token_invalidates_the_older_one_when_configured() {
    let h = start().await;
    let app = h.sim.s2s_app();
    let path = "/users/me/meetings";
    // Today's behaviour: several tokens live at once.
    let second = token_for(&h.http, &h.sim, &app).await;
    assert_eq!(h.get(path).await.status, 200);
    assert_eq!(
        send(h.http.get(h.url(path)).bearer_auth(&second))
            .await
            .status,
        200
    );

    // 2022-23: each new token killed the previous ones (concurrent processes got 124).
    h.sim.set_invalidate_previous_tokens(true);
    let third = token_for(&h.http, &h.sim, &app).await;
    send(h.http.get(h.url(path)).bearer_auth(&second))
        .await
        .assert_error(401, 124, "Invalid access token.");
    h.get(path)
        .await
        .assert_error(401, 124, "Invalid access token.");
    assert_eq!(
        send(h.http.get(h.url(path)).bearer_auth(&third))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn missing_scopes_are_4711_listing_classic_and_granular_alternatives() {
    let h = start().await;
    let reader = h.sim.create_s2s_app(&["meeting:read:admin"]);
    let token = token_for(&h.http, &h.sim, &reader).await;
    let list = send(
        h.http
            .get(h.url(&format!("/meetings/{MEETING_AUTO}/registrants")))
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(list.status, 200, "{}", list.text);
    let add = send(
        h.http
            .post(h.url(&format!("/meetings/{MEETING_AUTO}/registrants")))
            .bearer_auth(&token)
            .json(&auto_meeting_registrant("scope@test.example")),
    )
    .await;
    add.assert_error(
        400,
        4711,
        "Invalid access token, does not contain scopes:[meeting:write:registrant, meeting:write:registrant:admin, meeting:write:admin, meeting:write].",
    );
    assert!(
        h.sim
            .registrants(regdesk::sim::EventKind::Meeting, MEETING_AUTO)
            .iter()
            .all(|r| r.email != "scope@test.example")
    );

    let granular = h
        .sim
        .create_s2s_app(&["webinar:read:list_registrants:admin"]);
    let token = token_for(&h.http, &h.sim, &granular).await;
    let list = send(
        h.http
            .get(h.url(&format!("/webinars/{WEBINAR_BIG}/registrants")))
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(list.status, 200, "{}", list.text);
    send(h.http.get(h.url(&format!("/webinars/{WEBINAR_BIG}"))).bearer_auth(&token)).await.assert_error(
        400,
        4711,
        "Invalid access token, does not contain scopes:[webinar:read:webinar, webinar:read:webinar:admin, webinar:read:admin, webinar:read].",
    );
    send(h.http.get(h.url("/users")).bearer_auth(&token)).await.assert_error(
        400,
        4711,
        "Invalid access token, does not contain scopes:[user:read:list_users:admin, user:read:admin, user:read, user:write:admin, user:write].",
    );
}

#[tokio::test]
async fn user_level_scopes_reach_only_the_owners_own_meetings() {
    let h = start().await;
    let app = h
        .sim
        .create_s2s_app(&["meeting:read", "meeting:read:list_meetings"]);
    let token = token_for(&h.http, &h.sim, &app).await;
    let get = |path: String| send(h.http.get(h.url(&path)).bearer_auth(&token));
    assert_eq!(get("/users/me/meetings".into()).await.status, 200);
    assert_eq!(get(format!("/meetings/{MEETING_AUTO}")).await.status, 200);
    get(format!("/users/{HOST_ID}/meetings"))
        .await
        .assert_error(400, 200, "No permission.");
    get(format!("/meetings/{MEETING_RECURRING}"))
        .await
        .assert_error(400, 3003, "You are not the meeting host.");
}

#[tokio::test]
async fn legacy_jwt_tokens_fail_when_the_client_clock_is_behind() {
    let h = start().await;
    let app = h.sim.jwt_app();
    let mint = |exp: i64, secret: &str| {
        jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
            &json!({ "iss": app.api_key, "exp": exp }),
            &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
        )
        .expect("HS256 signs")
    };
    let client_now = Timestamp::now().as_second();
    let token = mint(client_now + 60, &app.api_secret);
    let call = |token: String| send(h.http.get(h.url("/users/me/meetings")).bearer_auth(token));
    assert_eq!(call(token.clone()).await.status, 200);

    // Zoom's clock is two minutes ahead of this client: the one-minute token is already expired.
    h.sim.set_clock_offset(120);
    call(token)
        .await
        .assert_error(401, 124, "Access token is expired.");
    // The fix: mint from Zoom's time (or with a longer exp).
    assert_eq!(
        call(mint(client_now + 120 + 60, &app.api_secret))
            .await
            .status,
        200
    );

    call(mint(client_now + 600, "the wrong secret"))
        .await
        .assert_error(401, 124, "Invalid access token.");
    // `exp` in milliseconds (Zoom's own sample did this) lies far in the future and passes.
    assert_eq!(
        call(mint(client_now * 1000, &app.api_secret)).await.status,
        200
    );
}

#[tokio::test]
async fn every_response_carries_the_simulators_date() {
    let h = start().await;
    let parse = |reply: &Reply| -> Timestamp {
        let date = reply.header("date").expect("a Date header");
        jiff::fmt::rfc2822::parse(date)
            .expect("an HTTP-date")
            .timestamp()
    };
    let three_days = 3 * 86_400;
    h.sim.set_clock_offset(three_days);
    let app = h.sim.s2s_app();
    let replies = [
        h.get("/users/me/meetings").await,
        h.get("/meetings/1").await,
        h.get("/no/such/route").await,
        send(h.http.get(h.url("/users/me/meetings")).bearer_auth("bad")).await,
        send(
            token_endpoint(&h, Some((&app.client_id, "wrong")))
                .form(&[("grant_type", "account_credentials")]),
        )
        .await,
    ];
    for reply in &replies {
        let ahead = parse(reply).as_second() - Timestamp::now().as_second();
        assert!(
            (three_days - 60..=three_days + 60).contains(&ahead),
            "Date {ahead}s ahead: {reply:?}"
        );
        assert!(reply.header("date").unwrap().ends_with(" GMT"));
    }
}
