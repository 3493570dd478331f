//! Text typed by strangers, end to end: registrant names holding terminal escape sequences, bidi
//! overrides and zero-width characters reach the terminal harmless; CJK names align; formulas in
//! an export are inert in a spreadsheet, and importing the export gives back the exact values.

use regdesk::sim::Simulator;
use serde_json::json;
use unicode_width::UnicodeWidthStr;

use crate::support::*;

const HOSTILE_MEETING: u64 = 81000000001;
const EMPTY_MEETING: u64 = 81000000002;

/// Sets the window title, writes the clipboard (OSC 52), clears the screen, reverses what
/// follows and hides a zero-width space.
const HOSTILE_FIRST_NAME: &str =
    "\u{1b}]0;pwned\u{7}\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{202E}Eve\u{200B}";
const FORMULA_FIRST_NAME: &str = "=HYPERLINK(\"http://x\",\"y\")";
const FORMULA_LAST_NAME: &str = "@SUM(A1)";

/// What must never reach the terminal from a registrant's name.
const FORBIDDEN: [char; 6] = [
    '\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{200b}', '\u{9d}',
];

async fn sim_with_hostile_registrants() -> Simulator {
    let sim = start().await;
    let meeting = |id: u64, registrants: serde_json::Value| {
        json!({
            "id": id, "topic": format!("Hostile text {id}"), "type": 2, "approval_type": 0,
            "questions": [{"field_name": "last_name", "required": false}],
            "registrants": registrants,
        })
    };
    sim.create_meeting(meeting(
        HOSTILE_MEETING,
        json!([
            {"email": "eve@example.org", "first_name": HOSTILE_FIRST_NAME, "last_name": "Lee"},
            {"email": "wang@example.org", "first_name": "王秀英", "last_name": "王"},
            {"email": "ann@example.org", "first_name": "Ann", "last_name": "Archer"},
            {"email": "formula@example.org", "first_name": FORMULA_FIRST_NAME,
             "last_name": FORMULA_LAST_NAME},
        ]),
    ))
    .expect("hostile meeting");
    sim.create_meeting(meeting(EMPTY_MEETING, json!([])))
        .expect("empty meeting");
    sim
}

#[tokio::test]
async fn escape_sequences_bidi_and_zero_width_characters_in_names_never_reach_the_terminal() {
    let sim = sim_with_hostile_registrants().await;
    let id = HOSTILE_MEETING.to_string();
    for format in ["table", "csv"] {
        let run = regdesk(&sim, &["registrants", &id, "--format", format])
            .await
            .ok();
        for output in [&run.stdout, &run.stderr] {
            assert!(
                !output.contains(FORBIDDEN),
                "{format}: {output:?} holds a control character"
            );
            assert!(
                !output.contains("pwned") && !output.contains("cHduZWQ"),
                "{format}: the sequences' payload is shown: {output:?}"
            );
        }
        assert!(
            run.stdout.contains("�Eve"),
            "{format}: the name is shown with a visible mark: {}",
            run.stdout
        );
    }
    // JSON keeps the exact value (its escaping keeps the controls out of the terminal).
    let run = regdesk(&sim, &["registrants", &id, "--format", "json"])
        .await
        .ok();
    assert!(!run.stdout.contains(FORBIDDEN));
    let listed = run.json();
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|registrant| registrant["first_name"] == HOSTILE_FIRST_NAME),
        "{listed}"
    );
}

#[tokio::test]
async fn cjk_names_align_with_the_other_rows_of_the_registrants_table() {
    let sim = sim_with_hostile_registrants().await;
    let run = regdesk(&sim, &["registrants", &HOSTILE_MEETING.to_string()])
        .await
        .ok();
    // The STATUS column starts at the same display column on every line.
    let status_columns: Vec<usize> = run
        .stdout
        .lines()
        .map(|line| {
            let at = line
                .find("approved")
                .or_else(|| line.find("STATUS"))
                .unwrap_or_else(|| panic!("no status in {line:?}"));
            UnicodeWidthStr::width(&line[..at])
        })
        .collect();
    assert!(run.stdout.contains("王秀英 王"), "{}", run.stdout);
    assert_eq!(status_columns.len(), 5, "{}", run.stdout);
    assert!(
        status_columns
            .iter()
            .all(|column| *column == status_columns[0]),
        "{status_columns:?}\n{}",
        run.stdout
    );
}

#[tokio::test]
async fn csv_on_stdout_neutralises_formulas() {
    let sim = sim_with_hostile_registrants().await;
    let run = regdesk(
        &sim,
        &[
            "registrants",
            &HOSTILE_MEETING.to_string(),
            "--format",
            "csv",
        ],
    )
    .await
    .ok();
    assert!(!run.stdout.starts_with('\u{feff}'), "no BOM for scripts");
    let (headers, records) = run.csv();
    let first_name = headers.iter().position(|h| h == "first_name").unwrap();
    let last_name = headers.iter().position(|h| h == "last_name").unwrap();
    let formula = records
        .iter()
        .find(|record| &record[1] == "formula@example.org")
        .expect("listed");
    assert_eq!(&formula[first_name], format!("'{FORMULA_FIRST_NAME}"));
    assert_eq!(&formula[last_name], format!("'{FORMULA_LAST_NAME}"));
}

#[tokio::test]
async fn an_export_is_inert_in_a_spreadsheet_starts_with_a_bom_and_imports_back_exactly() {
    let sim = sim_with_hostile_registrants().await;
    let directory = tempfile::tempdir().unwrap();
    let file = directory.path().join("export.csv");
    let file_text = file.to_str().unwrap();
    regdesk(&sim, &["export", &HOSTILE_MEETING.to_string(), file_text])
        .await
        .ok();
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "a BOM for Excel");
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        "{text}"
    );
    assert!(text.contains(",'@SUM(A1),"), "{text}");
    assert!(
        text.contains(HOSTILE_FIRST_NAME),
        "a file keeps the exact data: {text:?}"
    );

    let plain = directory.path().join("plain.csv");
    regdesk(
        &sim,
        &[
            "export",
            &HOSTILE_MEETING.to_string(),
            plain.to_str().unwrap(),
            "--no-bom",
        ],
    )
    .await
    .ok();
    assert!(std::fs::read(&plain).unwrap().starts_with(b"id,email,"));

    // Reading the export back gives the original values: the dry run plans everyone, and the
    // import registers them with the names as they were.
    let target = EMPTY_MEETING.to_string();
    let dry = regdesk(&sim, &["import", &target, file_text, "--dry-run"])
        .await
        .ok();
    assert!(dry.stdout.contains("4 to register"), "{}", dry.stdout);
    assert!(!dry.stdout.contains(FORBIDDEN), "{:?}", dry.stdout);
    regdesk(&sim, &["import", &target, file_text]).await.ok();
    let imported = regdesk(&sim, &["registrants", &target, "--format", "json"])
        .await
        .ok()
        .json();
    let name_of = |email: &str| {
        let registrant = imported
            .as_array()
            .unwrap()
            .iter()
            .find(|registrant| registrant["email"] == email)
            .unwrap_or_else(|| panic!("{email} not imported: {imported}"))
            .clone();
        (
            registrant["first_name"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            registrant["last_name"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        )
    };
    assert_eq!(
        name_of("formula@example.org"),
        (FORMULA_FIRST_NAME.to_owned(), FORMULA_LAST_NAME.to_owned())
    );
    assert_eq!(
        name_of("wang@example.org"),
        ("王秀英".to_owned(), "王".to_owned())
    );
}

/// A fake Zoom on 127.0.0.1 whose token endpoint answers `token`, and whose API answers every
/// request with `api` (status, JSON body): for what a real Zoom would not send.
async fn hostile_zoom(
    token: (u16, serde_json::Value),
    api: (u16, serde_json::Value),
) -> (String, tokio::task::JoinHandle<()>) {
    use axum::http::StatusCode;
    let answer = |(status, body): (u16, serde_json::Value)| {
        move || {
            let body = body.clone();
            async move { (StatusCode::from_u16(status).unwrap(), axum::Json(body)) }
        }
    };
    let router = axum::Router::new()
        .route("/oauth/token", axum::routing::post(answer(token)))
        .fallback(answer(api));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    (base, server)
}

async fn regdesk_against(base: &str, args: &[&str]) -> Run {
    let api = format!("{base}/v2");
    run_with_env(
        args,
        &[
            ("ZOOM_ACCOUNT_ID", "acct"),
            ("ZOOM_CLIENT_ID", "client"),
            ("ZOOM_CLIENT_SECRET", "secret"),
            ("REGDESK_API_URL", &api),
            ("REGDESK_OAUTH_URL", base),
        ],
    )
    .await
}

#[tokio::test]
async fn a_token_refusal_and_an_api_error_are_printed_without_their_escape_sequences() {
    let hostile = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202E}Invalid client\u{200B}";
    let (base, server) = hostile_zoom(
        (400, json!({"reason": hostile, "error": "invalid_client"})),
        (404, json!({})),
    )
    .await;
    let refused = regdesk_against(&base, &["registrants", "1"]).await;
    server.abort();
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("Invalid client"),
        "{}",
        refused.stderr
    );
    assert!(
        !refused.stderr.contains(FORBIDDEN) && !refused.stderr.contains("pwned"),
        "{:?}",
        refused.stderr
    );

    let (base, server) = hostile_zoom(
        (
            200,
            json!({"access_token": "token", "token_type": "bearer", "expires_in": 3600,
                   "scope": "meeting:read:list_registrants:admin"}),
        ),
        (
            404,
            json!({"code": 3001, "message": format!("Meeting {hostile} is not found")}),
        ),
    )
    .await;
    let failed = regdesk_against(&base, &["registrants", "1"]).await;
    server.abort();
    assert_eq!(failed.code, 1, "{}", failed.stderr);
    assert!(
        failed.stderr.contains("Invalid client"),
        "{}",
        failed.stderr
    );
    assert!(
        !failed.stderr.contains(FORBIDDEN) && !failed.stderr.contains("pwned"),
        "{:?}",
        failed.stderr
    );
}
