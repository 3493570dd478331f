//! Tests of the client against a scripted HTTP server on 127.0.0.1, for behaviour that needs
//! exact faults: connections dropped after a request arrived, 5xx on a POST, a 124 for one token,
//! expired page tokens at a chosen page, 429s of each kind. The simulator covers the rest end to
//! end (tests/client.rs).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use secrecy::SecretString;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::*;

/// One request as the scripted server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    query: String,
    authorization: String,
    body: String,
}

enum Reply {
    Json(u16, Value),
    JsonWith(u16, Vec<(&'static str, String)>, Value),
    Empty(u16),
    /// Close the connection without answering (after reading the request).
    Drop,
}

type Script = dyn Fn(&Seen, usize) -> Reply + Send + Sync;

struct Server {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    /// Serves `script(request, number_of_requests_before_it)` until the test ends. `clock_offset`
    /// shifts the Date header.
    async fn start(
        clock_offset: i64,
        script: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Script> = Arc::new(script);
        let count = Arc::new(AtomicUsize::new(0));
        let log = seen.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let script = script.clone();
                let log = log.clone();
                let count = count.clone();
                tokio::spawn(async move {
                    let Some(request) = read_request(&mut socket).await else {
                        return;
                    };
                    let number = count.fetch_add(1, Ordering::SeqCst);
                    log.lock().unwrap().push(request.clone());
                    let reply = script(&request, number);
                    let (status, headers, body) = match reply {
                        Reply::Drop => return,
                        Reply::Json(status, body) => (status, Vec::new(), body.to_string()),
                        Reply::JsonWith(status, headers, body) => {
                            (status, headers, body.to_string())
                        }
                        Reply::Empty(status) => (status, Vec::new(), String::new()),
                    };
                    let date = jiff::fmt::rfc2822::to_string(
                        &(jiff::Timestamp::now() + jiff::SignedDuration::from_secs(clock_offset))
                            .to_zoned(jiff::tz::TimeZone::UTC),
                    )
                    .unwrap()
                    .replace("+0000", "GMT");
                    let mut head = format!(
                        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\nDate: {date}\r\n",
                        body.len()
                    );
                    for (name, value) in headers {
                        head.push_str(&format!("{name}: {value}\r\n"));
                    }
                    head.push_str("\r\n");
                    // A client that hung up early is the client's business.
                    if socket.write_all(head.as_bytes()).await.is_ok()
                        && socket.write_all(body.as_bytes()).await.is_ok()
                    {
                        socket.shutdown().await.ok();
                    }
                });
            }
        });
        Server { url, seen }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn count(&self, method: &str, path_end: &str) -> usize {
        self.seen()
            .iter()
            .filter(|seen| seen.method == method && seen.path.ends_with(path_end))
            .count()
    }
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<Seen> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let read = socket.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(end) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break end + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_string();
    let mut lines = head.lines();
    let mut first = lines.next()?.split_whitespace();
    let method = first.next()?.to_owned();
    let target = first.next()?.to_owned();
    let mut length = 0;
    let mut authorization = String::new();
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            match name.trim().to_ascii_lowercase().as_str() {
                "content-length" => length = value.trim().parse().unwrap_or(0),
                "authorization" => authorization = value.trim().to_owned(),
                _ => {}
            }
        }
    }
    while buffer.len() < head_end + length {
        let read = socket.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let body = String::from_utf8_lossy(&buffer[head_end..]).to_string();
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), query.to_owned()),
        None => (target, String::new()),
    };
    Some(Seen {
        method,
        path,
        query,
        authorization,
        body,
    })
}

const SECRET: &str = "client-secret-value-123";

fn token_reply(number: usize) -> Reply {
    Reply::Json(
        200,
        json!({"access_token": format!("tok-{number}-abcdefgh"), "token_type": "bearer", "expires_in": 3600,
               "scope": "meeting:read:admin meeting:write:admin", "api_url": "https://api.zoom.us"}),
    )
}

fn s2s_client(server: &Server) -> ZoomClient {
    let config = ClientConfig {
        plan: Plan::Unlimited,
        retry: RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(20),
            rate_limit_patience: Duration::from_secs(10),
            max_server_wait: Duration::from_secs(60),
        },
        ..ClientConfig::new(format!("{}/v2", server.url), server.url.clone())
    };
    let credentials = Credentials::ServerToServer {
        account_id: "acct".into(),
        client_id: "cid".into(),
        client_secret: SecretString::from(SECRET),
    };
    ZoomClient::new(credentials, config).unwrap()
}

fn registrant(id: &str, email: &str) -> Value {
    json!({"id": id, "email": email, "first_name": "X", "status": "approved"})
}

fn assert_log_clean(client: &ZoomClient) {
    for entry in client.request_log() {
        let text = entry.all_text();
        for secret in [SECRET, "tok-", "Bearer", "Basic"] {
            assert!(!text.contains(secret), "{secret} in log entry {text}");
        }
    }
}

#[tokio::test]
async fn the_token_request_and_bearer_follow_zooms_rules() {
    let server = Server::start(0, |seen, number| {
        if seen.path == "/oauth/token" {
            token_reply(number)
        } else {
            Reply::Json(200, json!({"meetings": [], "next_page_token": ""}))
        }
    })
    .await;
    let client = s2s_client(&server);
    client
        .list_events("me", EventKind::Meeting, ListScope::All)
        .await
        .unwrap();
    let seen = server.seen();
    assert_eq!(seen[0].method, "POST");
    assert_eq!(
        seen[0].body,
        "grant_type=account_credentials&account_id=acct"
    );
    let basic = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        format!("cid:{SECRET}"),
    );
    assert_eq!(seen[0].authorization, format!("Basic {basic}"));
    assert_eq!(seen[1].authorization, "Bearer tok-0-abcdefgh");
    assert!(seen[1].query.contains("page_size=300"), "{}", seen[1].query);
    let status = client.token_status();
    assert_eq!(
        status.scopes,
        vec!["meeting:read:admin", "meeting:write:admin"]
    );
    assert!(status.valid);
    assert_log_clean(&client);
}

#[tokio::test]
async fn concurrent_callers_share_one_token_fetch() {
    let server = Server::start(0, |seen, number| {
        if seen.path == "/oauth/token" {
            token_reply(number)
        } else {
            Reply::Json(200, json!({"questions": [], "custom_questions": []}))
        }
    })
    .await;
    let client = s2s_client(&server);
    let calls = (0..50).map(|_| client.get_questions(EventRef::meeting(1)));
    for result in futures::future::join_all(calls).await {
        result.unwrap();
    }
    assert_eq!(server.count("POST", "/oauth/token"), 1);
}

#[tokio::test]
async fn a_rejected_token_is_replaced_once_then_diagnosed() {
    // The first token is rejected as invalidated; the second works.
    let server = Server::start(0, |seen, number| match seen.path.as_str() {
        "/oauth/token" => token_reply(number),
        _ if seen.authorization.contains("tok-0-") => Reply::Json(
            401,
            json!({"code": 124, "message": "Invalid access token."}),
        ),
        _ => Reply::Json(200, json!({"questions": [], "custom_questions": []})),
    })
    .await;
    let client = s2s_client(&server);
    client.get_questions(EventRef::meeting(1)).await.unwrap();
    assert_eq!(server.count("POST", "/oauth/token"), 2);

    // Every token rejected: one renewal, then the error with its diagnosis.
    let server = Server::start(0, |seen, number| match seen.path.as_str() {
        "/oauth/token" => token_reply(number),
        _ => Reply::Json(
            401,
            json!({"code": 124, "message": "Invalid access token."}),
        ),
    })
    .await;
    let client = s2s_client(&server);
    let error = client
        .get_questions(EventRef::meeting(1))
        .await
        .unwrap_err();
    assert_eq!(error.api_kind(), Some(&ApiErrorKind::AccessTokenInvalid));
    assert!(error.diagnosis().explanation.contains("another process"));
    assert_eq!(server.count("POST", "/oauth/token"), 2);
    assert_log_clean(&client);
}

#[tokio::test]
async fn a_lost_add_is_reconciled_by_listing_not_resent() {
    // The add is applied, then the connection drops; the listing shows the person.
    let server = Server::start(0, |seen, number| match (seen.method.as_str(), seen.path.as_str()) {
        (_, "/oauth/token") => token_reply(number),
        ("POST", _) => Reply::Drop,
        ("GET", _) if seen.query.contains("status=approved") => Reply::Json(
            200,
            json!({"registrants": [registrant("r-1", "Ann@Example.com")], "next_page_token": ""}),
        ),
        _ => Reply::Json(200, json!({"registrants": [], "next_page_token": ""})),
    })
    .await;
    let client = s2s_client(&server);
    let person = NewRegistrant::new("ann@example.com", "Ann");
    let outcome = client
        .add_registrant(EventRef::meeting(7), &person, &AddOptions::default())
        .await
        .unwrap();
    assert_eq!(outcome.resolution, AddResolution::Reconciled);
    assert_eq!(outcome.registrant_id, "r-1");
    assert_eq!(server.count("POST", "/registrants"), 1, "never re-POSTed");
}

#[tokio::test]
async fn a_verifiably_absent_registrant_is_sent_again() {
    // A 502 on the first POST (nothing applied); the listing is empty; the resend works.
    let posts = Arc::new(AtomicUsize::new(0));
    let counter = posts.clone();
    let server = Server::start(0, move |seen, number| {
        match (seen.method.as_str(), seen.path.as_str()) {
            (_, "/oauth/token") => token_reply(number),
            ("POST", _) if counter.fetch_add(1, Ordering::SeqCst) == 0 => {
                Reply::Json(502, json!({"message": "Bad gateway"}))
            }
            ("POST", _) => Reply::Json(
                201,
                json!({"id": 7, "registrant_id": "r-2", "join_url": "https://zoom.us/w/7?tk=x"}),
            ),
            _ => Reply::Json(200, json!({"registrants": [], "next_page_token": ""})),
        }
    })
    .await;
    let client = s2s_client(&server);
    let person = NewRegistrant::new("bo@example.com", "Bo");
    let outcome = client
        .add_registrant(EventRef::webinar(7), &person, &AddOptions::default())
        .await
        .unwrap();
    assert_eq!(outcome.resolution, AddResolution::Created);
    assert_eq!(outcome.registrant_id, "r-2");
    assert_eq!(server.count("POST", "/webinars/7/registrants"), 2);
    assert_eq!(
        server.count("GET", "/webinars/7/registrants"),
        3,
        "one listing per status"
    );
    let posted: Value = serde_json::from_str(
        &server
            .seen()
            .iter()
            .find(|seen| seen.method == "POST" && seen.path.contains("/registrants"))
            .unwrap()
            .body,
    )
    .unwrap();
    assert_eq!(
        posted,
        json!({"email": "bo@example.com", "first_name": "Bo"})
    );
}

#[tokio::test]
async fn a_lost_batch_resends_only_the_missing_people() {
    let server = Server::start(0, |seen, number| match (seen.method.as_str(), seen.path.as_str()) {
        (_, "/oauth/token") => token_reply(number),
        ("POST", _) if !seen.body.contains("c@example.com") || seen.body.contains("a@example.com") => Reply::Drop,
        ("POST", _) => Reply::Json(201, json!({"registrants": [
            {"email": "c@example.com", "registrant_id": "r-c", "join_url": "u"}]})),
        // After the drop Zoom holds a and b, not c.
        ("GET", _) if seen.query.contains("status=approved") => Reply::Json(200, json!({
            "registrants": [registrant("r-a", "a@example.com"), registrant("r-b", "b@example.com")], "next_page_token": ""})),
        _ => Reply::Json(200, json!({"registrants": [], "next_page_token": ""})),
    })
    .await;
    let client = s2s_client(&server);
    let people: Vec<BatchRegistrant> = ["a", "b", "c"]
        .iter()
        .map(|name| BatchRegistrant {
            email: format!("{name}@example.com"),
            first_name: name.to_uppercase(),
            last_name: None,
        })
        .collect();
    let outcome = client
        .batch_register(EventRef::meeting(9), &people, Some(true))
        .await
        .unwrap();
    assert!(outcome.is_complete());
    let mut done: Vec<(String, AddResolution)> = outcome
        .done
        .iter()
        .map(|done| (done.registrant_id.clone(), done.resolution))
        .collect();
    done.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        done,
        vec![
            ("r-a".into(), AddResolution::Reconciled),
            ("r-b".into(), AddResolution::Reconciled),
            ("r-c".into(), AddResolution::Created),
        ]
    );
    let posts: Vec<Seen> = server
        .seen()
        .into_iter()
        .filter(|seen| seen.method == "POST" && seen.path.contains("batch"))
        .collect();
    assert_eq!(posts.len(), 2);
    let resent: Value = serde_json::from_str(&posts[1].body).unwrap();
    assert_eq!(
        resent,
        json!({"auto_approve": true, "registrants": [{"email": "c@example.com", "first_name": "C"}]})
    );
}

#[tokio::test]
async fn a_delete_whose_answer_was_lost_counts_as_done_when_gone() {
    let server = Server::start(0, |seen, number| match seen.method.as_str() {
        "POST" => token_reply(number),
        _ if number == 1 => Reply::Drop,
        _ => Reply::Json(
            400,
            json!({"code": 3000, "message": "Registrant r-9 was not found."}),
        ),
    })
    .await;
    let client = s2s_client(&server);
    let outcome = client
        .delete_registrant(EventRef::webinar(3), "r-9", None)
        .await
        .unwrap();
    assert_eq!(outcome, DeleteOutcome::AlreadyGone);
    // Without a lost answer, "not found" is an error.
    let error = client
        .delete_registrant(EventRef::webinar(3), "r-9", None)
        .await
        .unwrap_err();
    assert!(error.is_not_found());
}

#[tokio::test]
async fn per_second_429s_are_retried_and_daily_ones_are_not() {
    let server = Server::start(0, |seen, number| match seen.path.as_str() {
        "/oauth/token" => token_reply(number),
        path if path.ends_with("/questions") && number == 1 => Reply::JsonWith(
            429,
            vec![("X-RateLimit-Type", "QPS".into()), ("X-RateLimit-Category", "Light".into()), ("Retry-After", "0".into())],
            json!({"code": 429, "message": "You have reached the maximum per-second rate limit for this API. Try again later."}),
        ),
        path if path.ends_with("/questions") => Reply::Json(200, json!({"questions": []})),
        _ => Reply::JsonWith(
            429,
            vec![("X-RateLimit-Type", "Daily-limit".into()), ("Retry-After", "2030-01-01T00:00:00Z".into())],
            json!({"code": 429, "message": "You have reached the maximum daily rate limit for this API."}),
        ),
    })
    .await;
    let client = s2s_client(&server);
    client.get_questions(EventRef::meeting(1)).await.unwrap();
    assert_eq!(server.count("GET", "/questions"), 2);

    let error = client
        .list_registrants(EventRef::meeting(1), ListStatus::Pending, None)
        .await
        .unwrap_err();
    let ZoomError::RateLimited(limit) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(limit.kind, RateLimitKind::Daily);
    assert_eq!(
        limit.reset_at,
        Some("2030-01-01T00:00:00Z".parse().unwrap())
    );
    assert!(error.diagnosis().fix.contains("2030-01-01 00:00 UTC"));
    // The category is now blocked: the next Medium call fails without being sent.
    let again = client
        .list_registrants(EventRef::meeting(1), ListStatus::Denied, None)
        .await
        .unwrap_err();
    assert!(matches!(again, ZoomError::RateLimited(_)));
    assert_eq!(server.count("GET", "/registrants"), 1);
}

#[tokio::test]
async fn the_per_registrant_add_limit_is_not_retried() {
    let server = Server::start(0, |seen, number| match seen.path.as_str() {
        "/oauth/token" => token_reply(number),
        _ => Reply::JsonWith(429, vec![("X-RateLimit-Limit", "3".into())], json!({"code": 429,
            "message": "You have exceeded the daily rate limit (3) of Add meeting registrant API requests permitted for this particular registrant. You may resume these requests at GMT 00:00:00."})),
    })
    .await;
    let client = s2s_client(&server);
    let error = client
        .add_registrant(
            EventRef::meeting(5),
            &NewRegistrant::new("a@example.com", "A"),
            &AddOptions::default(),
        )
        .await
        .unwrap_err();
    let ZoomError::RateLimited(limit) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(limit.kind, RateLimitKind::RegistrantAdds);
    assert!(limit.reset_at.is_some());
    assert_eq!(server.count("POST", "/registrants"), 1);
    assert!(error.diagnosis().summary.contains("3 times"));
}

#[tokio::test]
async fn an_expired_page_token_restarts_the_listing() {
    let server = Server::start(0, |seen, number| {
        if seen.path == "/oauth/token" {
            return token_reply(number);
        }
        let page = |ids: &[&str], next: &str| {
            Reply::Json(200, json!({
                "registrants": ids.iter().map(|id| registrant(id, &format!("{id}@example.com"))).collect::<Vec<_>>(),
                "next_page_token": next}))
        };
        match seen.query.split('&').find_map(|pair| pair.strip_prefix("next_page_token=")) {
            None => page(&["a", "b"], "P2"),
            // The first time page 2 is asked for, its token has expired.
            Some("P2") if number == 2 => Reply::Json(400, json!({"code": 300, "message": "The next page token is invalid or expired."})),
            Some("P2") => page(&["c"], ""),
            Some(other) => panic!("unexpected page token {other}"),
        }
    })
    .await;
    let client = s2s_client(&server);
    let registrants = client
        .list_registrants(EventRef::meeting(2), ListStatus::Approved, None)
        .await
        .unwrap();
    let ids: Vec<&str> = registrants
        .iter()
        .map(|registrant| registrant.id.as_str())
        .collect();
    assert_eq!(ids, vec!["a", "b", "c"]);
    assert_eq!(server.count("GET", "/registrants"), 4);
}

#[tokio::test]
async fn token_endpoint_refusals_are_diagnosed() {
    let server = Server::start(0, |_, _| {
        Reply::Json(
            400,
            json!({"reason": "Invalid client_id or client_secret", "error": "invalid_client"}),
        )
    })
    .await;
    let client = s2s_client(&server);
    let error = client.fetch_token().await.unwrap_err();
    let ZoomError::TokenRequest(refusal) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(refusal.kind, TokenErrorKind::InvalidClient);
    assert!(error.diagnosis().fix.contains("Client secret"));
    assert_eq!(client.request_log().len(), 1);
    assert!(client.request_log()[0].diagnosis.is_some());

    let server = Server::start(0, |_, _| {
        Reply::Json(
            400,
            json!({"reason": "unsupported grant type", "error": "unsupported_grant_type"}),
        )
    })
    .await;
    let error = s2s_client(&server).fetch_token().await.unwrap_err();
    assert!(
        matches!(&error, ZoomError::TokenRequest(refusal) if refusal.kind == TokenErrorKind::UnsupportedGrant)
    );

    // A pasted token response is refused before anything is sent.
    let server = Server::start(0, |_, number| token_reply(number)).await;
    let pasted = ZoomClient::new(
        Credentials::ServerToServer {
            account_id: "acct".into(),
            client_id: "cid".into(),
            client_secret: SecretString::from(
                r#"{"access_token":"eyJhbGciOiJIUzUxMiJ9.e30.c2ln","expires_in":3600}"#,
            ),
        },
        ClientConfig::new(format!("{}/v2", server.url), server.url.clone()),
    )
    .unwrap();
    let error = pasted.fetch_token().await.unwrap_err();
    assert!(matches!(error, ZoomError::SecretLooksLikeToken { .. }));
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn an_unreachable_api_is_diagnosed_after_retries() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = s2s_client(&Server {
        url,
        seen: Arc::default(),
    });
    let error = client.fetch_token().await.unwrap_err();
    assert!(matches!(error, ZoomError::Unreachable { .. }), "{error:?}");
    assert_eq!(client.request_log().len(), 4, "one entry per attempt");
    assert!(error.diagnosis().fix.contains("regdesk sim"));
}

#[tokio::test]
async fn jwt_tokens_follow_zooms_clock() {
    const KEY: &str = "api-key";
    const API_SECRET: &str = "api-secret-value";
    // Zoom's clock is two minutes ahead; it checks `exp` against its own time.
    let server = Server::start(120, |seen, _| {
        let token = seen.authorization.trim_start_matches("Bearer ");
        let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
        validation.validate_exp = false;
        validation.required_spec_claims.clear();
        let claims: Value = jsonwebtoken::decode(
            token,
            &jsonwebtoken::DecodingKey::from_secret(API_SECRET.as_bytes()),
            &validation,
        )
        .unwrap()
        .claims;
        assert_eq!(claims["iss"], KEY);
        let zoom_now = jiff::Timestamp::now().as_second() + 120;
        if claims["exp"].as_i64().unwrap() <= zoom_now {
            Reply::Json(
                401,
                json!({"code": 124, "message": "Access token is expired."}),
            )
        } else {
            Reply::Json(200, json!({"questions": []}))
        }
    })
    .await;
    let config = ClientConfig {
        jwt_lifetime: Duration::from_secs(60),
        ..ClientConfig::new(format!("{}/v2", server.url), server.url.clone())
    };
    let client = ZoomClient::new(
        Credentials::LegacyJwt {
            api_key: KEY.into(),
            api_secret: SecretString::from(API_SECRET),
        },
        config,
    )
    .unwrap();
    client.get_questions(EventRef::meeting(1)).await.unwrap();
    let offset = client.clock_offset().unwrap();
    assert!((offset.estimate_secs - 120.0).abs() <= 1.5, "{offset:?}");
    // The second call is signed with the corrected clock at once.
    client.get_questions(EventRef::meeting(1)).await.unwrap();
    assert_eq!(server.seen().len(), 3);
    let entries = client.request_log();
    assert_eq!(entries[0].zoom_code, Some(124));
    assert!(
        entries[0]
            .diagnosis
            .as_ref()
            .unwrap()
            .explanation
            .contains("2 min")
    );
    for entry in &entries {
        assert!(!entry.all_text().contains(API_SECRET));
        assert!(!entry.all_text().contains("eyJ"));
    }
}

#[tokio::test]
async fn status_changes_go_thirty_at_a_time() {
    let server = Server::start(0, |seen, number| match seen.method.as_str() {
        "POST" => token_reply(number),
        _ => Reply::Empty(204),
    })
    .await;
    let client = s2s_client(&server);
    let people: Vec<RegistrantRef> = (0..31)
        .map(|index| RegistrantRef::by_id(format!("r{index}")))
        .collect();
    let outcome = client
        .update_status(
            EventRef::meeting(4),
            StatusAction::Approve,
            &people,
            Some("1648194360000"),
        )
        .await
        .unwrap();
    assert_eq!(outcome.done.len(), 31);
    let puts: Vec<Seen> = server
        .seen()
        .into_iter()
        .filter(|seen| seen.method == "PUT")
        .collect();
    assert_eq!(puts.len(), 2);
    let first: Value = serde_json::from_str(&puts[0].body).unwrap();
    assert_eq!(first["action"], "approve");
    assert_eq!(first["registrants"].as_array().unwrap().len(), 30);
    assert!(puts[0].query.contains("occurrence_id=1648194360000"));
}

#[tokio::test]
async fn observers_get_events_and_snapshots() {
    let server = Server::start(0, |seen, number| match seen.method.as_str() {
        "POST" => token_reply(number),
        _ => Reply::JsonWith(
            200,
            vec![
                ("X-RateLimit-Category", "Light".into()),
                ("X-RateLimit-Limit", "30".into()),
                ("X-RateLimit-Remaining", "29".into()),
            ],
            json!({"questions": []}),
        ),
    })
    .await;
    let client = s2s_client(&server);
    let mut events = client.subscribe();
    client.get_questions(EventRef::meeting(1)).await.unwrap();
    let mut kinds = Vec::new();
    while let Ok(event) = events.try_recv() {
        kinds.push(match event {
            ClientEvent::Request(entry) => format!("request {}", entry.path),
            ClientEvent::Token(token) => format!("token {:?}", token.kind),
            ClientEvent::TokenFetchStarted(reason) => format!("token fetch {reason:?}"),
            ClientEvent::ClockOffset(_) => "clock".to_owned(),
            ClientEvent::RateLimit(category, snapshot) => {
                format!("limit {category} {:?}", snapshot.remaining)
            }
            ClientEvent::Waiting(notice) => format!("waiting {notice}"),
        });
    }
    assert!(
        kinds.contains(&"request /oauth/token".to_owned()),
        "{kinds:?}"
    );
    let started = kinds.iter().position(|kind| kind == "token fetch FirstUse");
    let fetched = kinds.iter().position(|kind| kind == "token Fetched");
    assert!(
        started.is_some() && started < fetched,
        "the fetch is announced before its outcome: {kinds:?}"
    );
    assert!(kinds.contains(&"clock".to_owned()), "{kinds:?}");
    assert!(
        kinds.contains(&"limit Light Some(29)".to_owned()),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&"request /meetings/1/registrants/questions".to_owned()),
        "{kinds:?}"
    );
    let light = client
        .rate_limits()
        .into_iter()
        .find(|snapshot| snapshot.category == Category::Light)
        .unwrap();
    assert_eq!(light.server_limit, Some(30));
    assert!(client.clock_offset().is_some());
}
