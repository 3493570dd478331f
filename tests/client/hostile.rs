//! A hostile fake Zoom on 127.0.0.1 (a raw TCP server, so that it can send what no real Zoom
//! would: endless or enormous bodies, garbled or absurdly nested JSON, absurd `Retry-After` and
//! `expires_in`, page tokens that go round in circles, error bodies echoing the bearer token).
//! The client must fail with an error that names the endpoint, quickly, without panicking and
//! without printing a secret; the user-visible cases run the `regdesk` binary over real HTTP.
//! Library cases run on tokio's paused time with a [`TokioClock`], so no wait is real.

use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use regdesk::zoom::{
    ClientConfig, ClientEvent, Credentials, EventRef, ListStatus, NewRegistrant, Plan, TokioClock,
    ZoomClient, ZoomError,
};
use secrecy::SecretString;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::support::{drain, quick_retries};

/// The access token the fake hands out: not JWT-shaped, so only the client's memory of the
/// tokens it fetched can keep it out of messages.
const TOKEN: &str = "hostile-access-token-0123456789";
const SECRET: &str = "hostile-client-secret-abcdef";

/// One request as the fake saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    /// The path with its query string.
    target: String,
}

/// What the fake answers.
enum Answer {
    /// A status, extra headers and a body sent as is (with its Content-Length).
    Raw(u16, Vec<(&'static str, String)>, Vec<u8>),
    /// A 200 whose body never ends (no Content-Length; bytes until the client hangs up).
    Endless,
    /// A 200 announcing `length` bytes and sending them.
    Huge(u64),
}

fn json(status: u16, body: &str) -> Answer {
    Answer::Raw(status, Vec::new(), body.as_bytes().to_vec())
}

fn token_answer() -> Answer {
    json(
        200,
        &format!(
            r#"{{"access_token":"{TOKEN}","token_type":"bearer","expires_in":3599,"scope":"meeting:read:admin"}}"#
        ),
    )
}

type Script = dyn Fn(&Seen, usize) -> Answer + Send + Sync;

struct Hostile {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Hostile {
    /// Answers the token endpoint with a good token unless `script` is asked for it; every
    /// request is answered by `script(request, requests to the same path before it)`.
    async fn start(script: impl Fn(&Seen, usize) -> Answer + Send + Sync + 'static) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Script> = Arc::new(script);
        let log = seen.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let script = script.clone();
                let log = log.clone();
                tokio::spawn(async move { serve(socket, &*script, &log).await });
            }
        });
        Hostile { url, seen }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn config(&self) -> ClientConfig {
        ClientConfig {
            plan: Plan::Unlimited,
            retry: quick_retries(),
            clock: Arc::new(TokioClock::new()),
            ..ClientConfig::new(format!("{}/v2", self.url), self.url.clone())
        }
    }

    fn client(&self) -> ZoomClient {
        ZoomClient::new(credentials(), self.config()).expect("client")
    }

    /// Runs `regdesk ARGS` against the fake, with real time and the default retry policy.
    async fn regdesk(&self, args: &[&str]) -> (i32, String, String) {
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_regdesk"));
        command
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, _) in std::env::vars() {
            if name.starts_with("ZOOM_") || name.starts_with("REGDESK_") {
                command.env_remove(name);
            }
        }
        let home = tempfile::tempdir().expect("temporary home");
        command
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path())
            .env("XDG_DATA_HOME", home.path())
            .env("REGDESK_PLAN", "pro")
            .env("ZOOM_ACCOUNT_ID", "hostile-account")
            .env("ZOOM_CLIENT_ID", "hostile-client")
            .env("ZOOM_CLIENT_SECRET", SECRET)
            .env("REGDESK_API_URL", format!("{}/v2", self.url))
            .env("REGDESK_OAUTH_URL", &self.url);
        let output = command.output().await.expect("regdesk runs");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}

fn credentials() -> Credentials {
    Credentials::ServerToServer {
        account_id: "hostile-account".into(),
        client_id: "hostile-client".into(),
        client_secret: SecretString::from(SECRET),
    }
}

async fn serve(mut socket: TcpStream, script: &Script, log: &Mutex<Vec<Seen>>) {
    let Some(request) = read_request(&mut socket).await else {
        return;
    };
    let before = {
        let mut log = log.lock().unwrap();
        let path = request.target.split('?').next().unwrap_or_default();
        let before = log
            .iter()
            .filter(|seen| seen.target.split('?').next() == Some(path))
            .count();
        log.push(request.clone());
        before
    };
    let date =
        jiff::fmt::rfc2822::to_string(&jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC))
            .unwrap_or_default()
            .replace("+0000", "GMT");
    let head = |status: u16, extra: &[(&str, String)], length: Option<u64>| {
        let mut head = format!(
            "HTTP/1.1 {status} X\r\nDate: {date}\r\nConnection: close\r\ncontent-type: application/json\r\n"
        );
        for (name, value) in extra {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if let Some(length) = length {
            head.push_str(&format!("content-length: {length}\r\n"));
        }
        head.push_str("\r\n");
        head
    };
    match script(&request, before) {
        Answer::Raw(status, extra, body) => {
            let head = head(status, &extra, Some(body.len() as u64));
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(&body).await;
        }
        Answer::Endless => {
            let _ = socket.write_all(head(200, &[], None).as_bytes()).await;
            let chunk = vec![b'['; 64 * 1024];
            while socket.write_all(&chunk).await.is_ok() {}
        }
        Answer::Huge(length) => {
            let _ = socket
                .write_all(head(200, &[], Some(length)).as_bytes())
                .await;
            let chunk = vec![b' '; 64 * 1024];
            let mut sent = 0;
            while sent < length && socket.write_all(&chunk).await.is_ok() {
                sent += chunk.len() as u64;
            }
        }
    }
    let _ = socket.shutdown().await;
}

async fn read_request(socket: &mut TcpStream) -> Option<Seen> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let header_end = loop {
        let read = socket.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(end) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break end + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..header_end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buffer.len() < header_end + length {
        let read = socket.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let mut words = head.lines().next()?.split_whitespace();
    Some(Seen {
        method: words.next()?.to_owned(),
        target: words.next()?.to_owned(),
    })
}

fn is_token(request: &Seen) -> bool {
    request.target.starts_with("/oauth/token")
}

/// A fake that answers the token endpoint properly and every API request with `answer`.
async fn api_answers(answer: impl Fn(&Seen, usize) -> Answer + Send + Sync + 'static) -> Hostile {
    Hostile::start(move |request, before| {
        if is_token(request) {
            token_answer()
        } else {
            answer(request, before)
        }
    })
    .await
}

fn meeting() -> EventRef {
    EventRef::meeting(81234567890)
}

async fn list_error(hostile: &Hostile) -> ZoomError {
    hostile
        .client()
        .list_registrants(meeting(), ListStatus::Approved, None)
        .await
        .expect_err("the listing must fail, not come back empty")
}

#[tokio::test(start_paused = true)]
async fn an_endless_body_is_cut_off_at_the_cap() {
    let hostile = api_answers(|_, _| Answer::Endless).await;
    let error = list_error(&hostile).await;
    let text = error.to_string();
    assert!(
        matches!(error, ZoomError::UnexpectedResponse { .. })
            && text.contains("larger than 16 MiB"),
        "{text}"
    );
    assert!(text.contains("list meeting registrants"), "{text}");
}

#[tokio::test(start_paused = true)]
async fn a_hundred_megabyte_body_is_refused_without_reading_it() {
    let hostile = api_answers(|_, _| Answer::Huge(100 * 1024 * 1024)).await;
    let text = list_error(&hostile).await.to_string();
    assert!(text.contains("larger than 16 MiB"), "{text}");
}

#[tokio::test(start_paused = true)]
async fn a_token_answer_larger_than_its_cap_is_refused() {
    let hostile = Hostile::start(|_, _| Answer::Huge(1024 * 1024)).await;
    let error = hostile.client().fetch_token().await.expect_err("no token");
    let text = error.to_string();
    assert!(text.contains("larger than 64 KiB"), "{text}");
    assert!(text.contains("get an access token"), "{text}");
}

#[tokio::test(start_paused = true)]
async fn deeply_nested_json_is_an_error_not_a_stack_overflow_or_an_empty_list() {
    let depth = 100_000;
    let body = format!(
        r#"{{"registrants":{}{}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let hostile = api_answers(move |_, _| json(200, &body)).await;
    let text = list_error(&hostile).await.to_string();
    assert!(text.contains("recursion limit"), "{text}");
    assert!(text.contains("list meeting registrants"), "{text}");
}

#[tokio::test(start_paused = true)]
async fn garbled_json_on_a_list_is_an_error_naming_the_endpoint() {
    let hostile = api_answers(|_, _| json(200, r#"{"registrants": [{"id": "a", "email"#)).await;
    let text = list_error(&hostile).await.to_string();
    assert!(text.contains("list meeting registrants"), "{text}");
    assert!(text.contains("not JSON"), "{text}");
}

#[tokio::test(start_paused = true)]
async fn a_page_without_its_list_is_an_error_unless_it_says_it_is_empty() {
    let hostile = api_answers(|_, _| json(200, r#"{"page_size":300,"next_page_token":""}"#)).await;
    let text = list_error(&hostile).await.to_string();
    assert!(text.contains("no `registrants` list"), "{text}");

    let empty = api_answers(|_, _| json(200, r#"{"total_records":0,"next_page_token":""}"#)).await;
    let listed = empty
        .client()
        .list_registrants(meeting(), ListStatus::Approved, None)
        .await
        .expect("an empty page that says so");
    assert!(listed.is_empty());
}

#[tokio::test(start_paused = true)]
async fn an_add_answer_without_registrant_id_is_not_a_registration() {
    let hostile = api_answers(|request, _| match request.method.as_str() {
        "POST" => json(
            201,
            r#"{"id":81234567890,"join_url":"https://example.invalid/j"}"#,
        ),
        _ => json(
            200,
            r#"{"registrants":[],"total_records":0,"next_page_token":""}"#,
        ),
    })
    .await;
    let error = hostile
        .client()
        .add_registrant(
            meeting(),
            &NewRegistrant::new("ann@example.com", "Ann"),
            &Default::default(),
        )
        .await
        .expect_err("no registrant_id: not registered");
    let text = error.to_string();
    assert!(text.contains("registrant_id"), "{text}");
    assert!(text.contains("add a meeting registrant"), "{text}");
}

#[tokio::test(start_paused = true)]
async fn a_batch_answer_without_registrant_ids_is_checked_by_listing() {
    let hostile = api_answers(|request, _| match request.method.as_str() {
        "POST" => json(
            201,
            r#"{"registrants":[{"email":"ann@example.com","join_url":"https://example.invalid/j"}]}"#,
        ),
        _ => json(200, r#"{"registrants":[],"total_records":0,"next_page_token":""}"#),
    })
    .await;
    let people = [regdesk::zoom::BatchRegistrant {
        email: "ann@example.com".to_owned(),
        first_name: "Ann".to_owned(),
        last_name: None,
    }];
    let outcome = hostile
        .client()
        .batch_register(meeting(), &people, None)
        .await
        .expect("the batch call itself completes");
    assert!(outcome.done.is_empty(), "{:?}", outcome.done);
    assert_eq!(outcome.failed.len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_of_a_day_on_a_5xx_is_an_error_at_once() {
    let hostile = api_answers(|_, _| {
        Answer::Raw(
            503,
            vec![("retry-after", "86400".to_owned())],
            b"{}".to_vec(),
        )
    })
    .await;
    let client = hostile.client();
    let started = tokio::time::Instant::now();
    let error = client
        .list_registrants(meeting(), ListStatus::Approved, None)
        .await
        .expect_err("not a day's wait");
    // Paused time moves only when the client sleeps: it did not wait for the day.
    assert!(started.elapsed() < Duration::from_secs(60));
    let text = error.to_string();
    assert!(matches!(error, ZoomError::WaitTooLong { .. }), "{text}");
    assert!(
        text.contains("Zoom asked to retry after 86400 s (a day)")
            && text.contains("not waiting longer than 60 s")
            && text.contains("HTTP 503"),
        "{text}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_of_a_day_on_the_token_endpoint_is_an_error_at_once() {
    let hostile = Hostile::start(|_, _| {
        Answer::Raw(
            429,
            vec![("retry-after", "86400".to_owned())],
            b"{}".to_vec(),
        )
    })
    .await;
    let error = hostile.client().fetch_token().await.expect_err("no token");
    let text = error.to_string();
    assert!(
        text.contains("get an access token") && text.contains("86400 s (a day)"),
        "{text}"
    );
    assert_eq!(hostile.seen().len(), 1, "asked once, not retried for a day");
}

#[tokio::test(start_paused = true)]
async fn waits_zoom_asks_for_are_announced_and_then_retried() {
    let hostile = api_answers(|_, before| {
        if before == 0 {
            Answer::Raw(503, vec![("retry-after", "42".to_owned())], b"{}".to_vec())
        } else {
            json(
                200,
                r#"{"registrants":[],"total_records":0,"next_page_token":""}"#,
            )
        }
    })
    .await;
    let client = hostile.client();
    let mut events = client.subscribe();
    let started = tokio::time::Instant::now();
    client
        .list_registrants(meeting(), ListStatus::Approved, None)
        .await
        .expect("the retry succeeds");
    assert!(
        started.elapsed() >= Duration::from_secs(42),
        "Zoom's wait was honoured"
    );
    let notices: Vec<String> = drain(&mut events)
        .into_iter()
        .filter_map(|event| match event {
            ClientEvent::Waiting(notice) => Some(notice.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(
        notices,
        ["Zoom asked to wait 42 s (HTTP 503 on list meeting registrants); waiting…"]
    );
}

#[tokio::test(start_paused = true)]
async fn a_routine_one_second_wait_is_not_announced() {
    let hostile = api_answers(|_, before| {
        if before == 0 {
            Answer::Raw(503, vec![("retry-after", "1".to_owned())], b"{}".to_vec())
        } else {
            json(
                200,
                r#"{"registrants":[],"total_records":0,"next_page_token":""}"#,
            )
        }
    })
    .await;
    let client = hostile.client();
    let mut events = client.subscribe();
    client
        .list_registrants(meeting(), ListStatus::Approved, None)
        .await
        .expect("the retry succeeds");
    let waits = drain(&mut events)
        .into_iter()
        .filter(|event| matches!(event, ClientEvent::Waiting(_)))
        .count();
    assert_eq!(waits, 0);
    assert_eq!(hostile.seen().len(), 3, "token, 503, retry");
}

#[tokio::test(start_paused = true)]
async fn an_absurd_expires_in_does_not_panic() {
    for expires_in in ["18446744073709551615", "1e300", "-5"] {
        let body = format!(r#"{{"access_token":"{TOKEN}","expires_in":{expires_in}}}"#);
        let hostile = Hostile::start(move |request, _| {
            if is_token(request) {
                json(200, &body)
            } else {
                json(
                    200,
                    r#"{"registrants":[],"total_records":0,"next_page_token":""}"#,
                )
            }
        })
        .await;
        let client = hostile.client();
        client
            .list_registrants(meeting(), ListStatus::Approved, None)
            .await
            .unwrap_or_else(|error| panic!("expires_in {expires_in}: {error}"));
        let status = client.token_status();
        assert!(status.valid, "expires_in {expires_in}: {status:?}");
        assert!(
            status
                .remaining
                .is_some_and(|left| left <= Duration::from_secs(86_400)),
            "expires_in {expires_in}: {status:?}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_garbled_token_answer_is_an_error_that_does_not_show_the_token() {
    for body in [
        format!(r#"{{"access_token":"{TOKEN}","expires_in":"#),
        format!(r#"{{"token":"{TOKEN}"}}"#),
    ] {
        let hostile = Hostile::start(move |_, _| json(200, &body)).await;
        let error = hostile.client().fetch_token().await.expect_err("no token");
        let shown = format!("{error}\n{}", error.diagnosis());
        assert!(shown.contains("get an access token"), "{shown}");
        assert!(!shown.contains(TOKEN), "the token leaked: {shown}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_page_token_that_comes_back_round_is_an_error() {
    // A → B → A → B …: never the same token twice in a row, but a circle.
    let hostile = api_answers(|_, before| {
        let next = if before % 2 == 0 { "A" } else { "B" };
        json(
            200,
            &format!(
                r#"{{"registrants":[{{"id":"r{before}","email":"p{before}@example.com"}}],"next_page_token":"{next}"}}"#
            ),
        )
    })
    .await;
    let text = list_error(&hostile).await.to_string();
    assert!(text.contains("returned before"), "{text}");
    assert!(
        hostile.seen().len() <= 5,
        "{} requests",
        hostile.seen().len()
    );
}

#[tokio::test(start_paused = true)]
async fn an_error_body_echoing_the_bearer_token_is_redacted() {
    let hostile = api_answers(|_, _| {
        json(
            400,
            &format!(
                r#"{{"code":300,"message":"Bad request with Authorization: Bearer {TOKEN} (token {TOKEN})","errors":[{{"field":"{TOKEN}","message":"secret {SECRET}"}}]}}"#
            ),
        )
    })
    .await;
    let error = list_error(&hostile).await;
    let shown = format!("{error}\n{}\n{error:?}", error.diagnosis());
    for secret in [TOKEN, SECRET] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
    assert!(shown.contains("[redacted]"), "{shown}");
}

/// A fake for the CLI: good tokens, a meeting for the CLI's meeting-or-webinar lookup, and
/// `answer` for everything else (the registrant listings), told how many of those came before.
async fn cli_fake(answer: impl Fn(&Seen, usize) -> Answer + Send + Sync + 'static) -> Hostile {
    let listings_before = std::sync::atomic::AtomicUsize::new(0);
    api_answers(move |request, _| {
        let path = request.target.split('?').next().unwrap_or_default();
        if request.target.contains("/registrants/questions") {
            json(200, r#"{"questions":[],"custom_questions":[]}"#)
        } else if path.ends_with("/meetings/81234567890") {
            json(
                200,
                r#"{"id":81234567890,"uuid":"aBcDeFgHiJkLmNoPqRsTuV==","host_id":"h1",
                    "topic":"Hostile","type":2,"start_time":"2026-12-05T19:00:00Z",
                    "duration":60,"timezone":"UTC","settings":{"approval_type":0}}"#,
            )
        } else {
            let before = listings_before.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            answer(request, before)
        }
    })
    .await
}

#[tokio::test]
async fn the_cli_fails_on_a_garbled_list_and_export_instead_of_exporting_nothing() {
    let hostile = cli_fake(|_, _| json(200, "{\"registrants\": [ garbled")).await;
    let (code, stdout, stderr) = hostile.regdesk(&["registrants", "81234567890"]).await;
    assert_ne!(code, 0, "stdout: {stdout}\nstderr: {stderr}");
    assert!(stderr.contains("list meeting registrants"), "{stderr}");

    let folder = tempfile::tempdir().expect("folder");
    let file = folder.path().join("out.csv");
    let (code, stdout, stderr) = hostile
        .regdesk(&["export", "81234567890", file.to_str().expect("utf-8 path")])
        .await;
    assert_ne!(code, 0, "stdout: {stdout}\nstderr: {stderr}");
    assert!(!stdout.contains("Exported 0"), "{stdout}");
    assert!(stderr.contains("list meeting registrants"), "{stderr}");
    assert!(!file.exists(), "no file for a failed export");
}

#[tokio::test]
async fn the_cli_says_what_zoom_asked_for_instead_of_waiting_a_day() {
    let hostile = cli_fake(|_, _| {
        Answer::Raw(
            503,
            vec![("retry-after", "86400".to_owned())],
            b"{}".to_vec(),
        )
    })
    .await;
    let (code, _, stderr) = hostile.regdesk(&["registrants", "81234567890"]).await;
    assert_ne!(code, 0, "{stderr}");
    assert!(
        stderr.contains("Zoom asked to retry after 86400 s (a day)")
            && stderr.contains("not waiting longer than 60 s"),
        "{stderr}"
    );

    let token_busy = Hostile::start(|_, _| {
        Answer::Raw(
            503,
            vec![("retry-after", "86400".to_owned())],
            b"{}".to_vec(),
        )
    })
    .await;
    let (code, _, stderr) = token_busy.regdesk(&["registrants", "81234567890"]).await;
    assert_ne!(code, 0, "{stderr}");
    assert!(stderr.contains("86400 s (a day)"), "{stderr}");
}

#[tokio::test]
async fn the_cli_announces_a_wait_zoom_asked_for() {
    let hostile = cli_fake(|_, before| {
        if before == 0 {
            Answer::Raw(503, vec![("retry-after", "2".to_owned())], b"{}".to_vec())
        } else {
            json(
                200,
                r#"{"registrants":[],"total_records":0,"next_page_token":""}"#,
            )
        }
    })
    .await;
    let (code, stdout, stderr) = hostile
        .regdesk(&["registrants", "81234567890", "--status", "approved"])
        .await;
    assert_eq!(code, 0, "stdout: {stdout}\nstderr: {stderr}");
    assert!(
        stderr.contains("Zoom asked to wait 2 s (HTTP 503 on list meeting registrants); waiting…"),
        "{stderr}"
    );
}

#[tokio::test]
async fn the_cli_never_prints_a_bearer_token_zoom_echoes() {
    let hostile = cli_fake(|_, _| {
        json(
            400,
            &format!(r#"{{"code":300,"message":"Invalid request: Bearer {TOKEN} / {TOKEN}"}}"#),
        )
    })
    .await;
    let (code, stdout, stderr) = hostile.regdesk(&["registrants", "81234567890"]).await;
    assert_ne!(code, 0, "{stderr}");
    for secret in [TOKEN, SECRET] {
        assert!(
            !stderr.contains(secret) && !stdout.contains(secret),
            "{secret} leaked: {stdout}\n{stderr}"
        );
    }
    assert!(stderr.contains("[redacted]"), "{stderr}");
}
