//! Opening meetings and registrants, changing registrants, filtering, selecting, errors — each
//! read from the drawn screen and checked against the simulator's ground truth.

use crossterm::event::KeyCode;
use regdesk::sim::{EventKind, RegistrantStatus, SimRegistrant};
use regdesk::tui::testing::{Harness, HarnessOptions};

/// Customer Advisory Board — Spring Session: manual approval, 13 pending in the demo data.
const ADVISORY_BOARD: u64 = 86_350_218_847;
/// Partner Enablement: Selling Hybrid Events: a webinar with 38 pending.
const PARTNER_WEBINAR: u64 = 95_531_870_264;

async fn started() -> (Harness, tempfile::TempDir) {
    let data = tempfile::tempdir().expect("temp dir");
    let harness = Harness::start(HarnessOptions::new(data.path().to_path_buf())).await;
    (harness, data)
}

/// Filters the meetings (or webinars) list down to `topic` and opens it.
pub(crate) async fn open_event(app: &mut Harness, webinar: bool, topic: &str) {
    app.wait_for_text("Meetings (").await;
    if webinar {
        app.press(KeyCode::Tab);
        app.wait_for_text("Webinars (").await;
    }
    app.press(KeyCode::Char('/'));
    app.type_text(topic);
    app.press(KeyCode::Enter);
    app.wait_for(&format!("only {topic} listed"), |screen| {
        screen.contains(topic) && screen.contains(&format!("/{topic}"))
    })
    .await;
    app.press(KeyCode::Enter);
    app.wait_for(&format!("the registrants of {topic}"), |screen| {
        screen.contains("Pending (") && !screen.contains("Loading registrants")
    })
    .await;
}

/// The registrants with `status`, in the screen's default order (by name).
fn by_name(
    app: &Harness,
    kind: EventKind,
    id: u64,
    status: RegistrantStatus,
) -> Vec<SimRegistrant> {
    let mut people: Vec<SimRegistrant> = app
        .simulator
        .registrants(kind, id)
        .into_iter()
        .filter(|person| person.status == status)
        .collect();
    people.sort_by_cached_key(|person| {
        let name = if person.last_name.is_empty() {
            person.first_name.clone()
        } else {
            format!("{} {}", person.first_name, person.last_name)
        };
        name.to_lowercase()
    });
    people
}

/// Opens the advisory board's Approved tab; returns its people in the screen's order.
async fn advisory_board_approved(app: &mut Harness) -> Vec<SimRegistrant> {
    open_event(app, false, "Advisory").await;
    app.press(KeyCode::Tab);
    app.wait_for_text("Registered (UTC)").await;
    by_name(
        app,
        EventKind::Meeting,
        ADVISORY_BOARD,
        RegistrantStatus::Approved,
    )
}

fn status_of(
    app: &Harness,
    kind: EventKind,
    id: u64,
    registrant: &str,
) -> Option<RegistrantStatus> {
    app.simulator
        .registrants(kind, id)
        .into_iter()
        .find(|person| person.id == registrant)
        .map(|person| person.status)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_meetings_screen_lists_the_accounts_meetings_with_their_registration_state() {
    let (mut app, _data) = started().await;
    let screen = app
        .wait_for("meetings with their registration state", |screen| {
            screen.contains("Quarterly Product Roadmap Briefing")
                && screen.lines().filter(|line| approval_known(line)).count() == 6
        })
        .await;
    assert!(screen.contains("Meetings (6)"), "{screen}");
    assert!(screen.contains("token ok · expires in"), "{screen}");
    app.press(KeyCode::Tab);
    let screen = app.wait_for_text("Webinars (3)").await;
    assert!(screen.contains("Partner Enablement"), "{screen}");
    app.quit().await.expect("quits cleanly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approving_the_current_pending_registrant_after_confirming() {
    let (mut app, _data) = started().await;
    open_event(&mut app, false, "Advisory").await;
    let screen = app.wait_for_text("Pending (13)").await;
    let first = by_name(
        &app,
        EventKind::Meeting,
        ADVISORY_BOARD,
        RegistrantStatus::Pending,
    )
    .remove(0);
    assert!(
        screen.contains(&first.email),
        "the cursor starts on {}:\n{screen}",
        first.email
    );

    app.press(KeyCode::Char('A'));
    let dialog = app.wait_for_text("Approve 1 registrant of meeting").await;
    assert!(dialog.contains(&first.email), "{dialog}");
    assert!(dialog.contains("1 request to Zoom"), "{dialog}");
    assert_eq!(
        status_of(&app, EventKind::Meeting, ADVISORY_BOARD, &first.id),
        Some(RegistrantStatus::Pending),
        "nothing is sent before the confirmation"
    );
    app.press(KeyCode::Char('y'));
    app.wait_for("the approval and the reloaded counts", |screen| {
        screen.contains("Approved 1 registrant (1 call)") && screen.contains("Pending (12)")
    })
    .await;
    assert_eq!(
        status_of(&app, EventKind::Meeting, ADVISORY_BOARD, &first.id),
        Some(RegistrantStatus::Approved)
    );
    // The enlarged live pane lists the status call among the requests.
    app.press(KeyCode::Char('L'));
    let screen = app
        .wait_for_text("PUT    /meetings/86350218847/registrants/status 204")
        .await;
    assert!(screen.contains("Approved (37)"), "{screen}");
    app.quit().await.expect("quits cleanly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn denying_and_deleting_and_a_refused_confirmation_changes_nothing() {
    let (mut app, _data) = started().await;
    open_event(&mut app, false, "Advisory").await;
    app.wait_for_text("Pending (13)").await;
    let pending = by_name(
        &app,
        EventKind::Meeting,
        ADVISORY_BOARD,
        RegistrantStatus::Pending,
    );

    app.press(KeyCode::Char('D'));
    app.wait_for_text("Deny 1 registrant").await;
    app.press(KeyCode::Char('n'));
    app.wait_for_text("Nothing changed.").await;
    assert_eq!(
        status_of(&app, EventKind::Meeting, ADVISORY_BOARD, &pending[0].id),
        Some(RegistrantStatus::Pending)
    );

    app.press(KeyCode::Char('D'));
    app.wait_for_text("Deny 1 registrant").await;
    app.press(KeyCode::Enter);
    app.wait_for("the denial", |screen| {
        screen.contains("Denied 1 registrant (1 call)") && screen.contains("Denied (8)")
    })
    .await;
    assert_eq!(
        status_of(&app, EventKind::Meeting, ADVISORY_BOARD, &pending[0].id),
        Some(RegistrantStatus::Denied)
    );

    // The cursor is now on the next pending person.
    app.press(KeyCode::Char('x'));
    let dialog = app.wait_for_text("Delete 1 registrant").await;
    assert!(dialog.contains(&pending[1].email), "{dialog}");
    assert!(dialog.contains("cannot be undone"), "{dialog}");
    app.press(KeyCode::Char('y'));
    app.wait_for("the deletion", |screen| {
        screen.contains("Deleted 1 registrant.") && screen.contains("Pending (11)")
    })
    .await;
    assert_eq!(
        status_of(&app, EventKind::Meeting, ADVISORY_BOARD, &pending[1].id),
        None
    );
    app.quit().await.expect("quits cleanly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filtering_registrants_by_name_or_email() {
    let (mut app, _data) = started().await;
    let approved = advisory_board_approved(&mut app).await;
    let wanted = &approved[approved.len() - 1];
    let other = &approved[0];
    app.press(KeyCode::Char('/'));
    app.type_text(&wanted.email);
    let screen = app
        .wait_for("only the filtered person", |screen| {
            screen.contains(&format!("/{}", wanted.email)) && !screen.contains(&other.email)
        })
        .await;
    assert!(screen.contains(&wanted.first_name), "{screen}");
    app.press(KeyCode::Esc);
    app.wait_for_text(&other.email).await;
    app.quit().await.expect("quits cleanly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn selecting_31_and_approving_them_takes_two_calls() {
    let (mut app, _data) = started().await;
    open_event(&mut app, true, "Partner Enablement").await;
    app.wait_for_text("Pending (38)").await;
    for _ in 0..31 {
        app.press(KeyCode::Char(' '));
    }
    app.wait_for_text("31 selected").await;
    app.press(KeyCode::Char('A'));
    let dialog = app.wait_for_text("Approve 31 registrants of webinar").await;
    assert!(dialog.contains("2 requests to Zoom"), "{dialog}");
    app.press(KeyCode::Char('y'));
    app.wait_for("31 approvals", |screen| {
        screen.contains("Approved 31 registrants (2 calls)") && screen.contains("Pending (7)")
    })
    .await;
    let stats = app.simulator.stats();
    assert_eq!(
        stats.requests_per_endpoint["PUT /webinars/{webinarId}/registrants/status"],
        2
    );
    let still_pending = by_name(
        &app,
        EventKind::Webinar,
        PARTNER_WEBINAR,
        RegistrantStatus::Pending,
    );
    assert_eq!(still_pending.len(), 7);
    app.quit().await.expect("quits cleanly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_meeting_without_registration_shows_the_diagnosis_not_a_crash() {
    let (mut app, _data) = started().await;
    app.wait_for_text("Events Team Weekly Sync").await;
    app.press(KeyCode::Char('/'));
    app.type_text("Weekly Sync");
    app.press(KeyCode::Enter);
    app.press(KeyCode::Enter);
    let screen = app
        .wait_for_text("Cannot list the registrants: Registration is not enabled for this meeting.")
        .await;
    assert!(
        screen.contains("fix: In Zoom, edit the meeting"),
        "{screen}"
    );
    // The failed request is in the live pane, and its detail carries the diagnosis.
    app.press(KeyCode::Char('L'));
    app.wait_for_text("select a request").await;
    let screen = app.wait_for_text("why:").await;
    assert!(screen.contains("Registration is not enabled"), "{screen}");
    app.press(KeyCode::Char('L'));
    app.press(KeyCode::Esc);
    // The meetings filter is still on, and says so.
    app.wait_for_text("Meetings (1 of 6)").await;
    app.quit().await.expect("quits cleanly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_detail_shows_every_field_and_y_copies_the_join_url_with_osc_52() {
    let (mut app, _data) = started().await;
    let first = advisory_board_approved(&mut app).await.remove(0);
    app.press(KeyCode::Enter);
    let screen = app.wait_for_text("Join URL").await;
    assert!(screen.contains(&first.email), "{screen}");
    assert!(screen.contains("Custom questions"), "{screen}");
    let join_url = first.json["join_url"]
        .as_str()
        .expect("approved people have a join URL");
    assert!(screen.contains(join_url), "{screen}");
    app.press(KeyCode::Char('y'));
    app.wait_for_text("Copied the join URL").await;
    let copied =
        String::from_utf8(app.clipboard.lock().expect("clipboard").clone()).expect("ASCII escape");
    use base64::Engine;
    let expected = format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(join_url)
    );
    assert_eq!(copied, expected);
    app.quit().await.expect("quits cleanly");
}

/// Hands-on Lab: Registration Workflows: a recurring meeting with 4 occurrences.
const HANDS_ON_LAB: u64 = 82_209_871_536;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_writes_every_registrant_to_a_csv_in_the_data_dir() {
    let (mut app, data) = started().await;
    open_event(&mut app, false, "Advisory").await;
    app.press(KeyCode::Char('e'));
    let prompt = app.wait_for_text("as CSV, to:").await;
    assert!(
        prompt.contains("exports/86350218847-registrants-"),
        "{prompt}"
    );
    app.press(KeyCode::Enter);
    let screen = app.wait_for_text("Exported 56 registrants to").await;
    let exports: Vec<_> = std::fs::read_dir(data.path().join("exports"))
        .expect("the exports dir exists")
        .map(|entry| entry.expect("dir entry").path())
        .collect();
    assert_eq!(exports.len(), 1, "{exports:?}\n{screen}");
    let csv = std::fs::read_to_string(&exports[0]).expect("the CSV is readable");
    assert_eq!(csv.lines().count(), 57, "a header and 56 rows");
    let everyone = app
        .simulator
        .registrants(EventKind::Meeting, ADVISORY_BOARD);
    assert!(everyone.iter().all(|person| csv.contains(&person.email)));
    app.quit().await.expect("quits cleanly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_occurrence_picker_lists_one_occurrences_registrants() {
    let (mut app, _data) = started().await;
    open_event(&mut app, false, "Hands-on Lab").await;
    app.wait_for_text("all occurrences (o: pick one)").await;
    app.press(KeyCode::Char('o'));
    app.wait_for_text("All occurrences").await;
    app.press(KeyCode::Down);
    app.press(KeyCode::Enter);
    // The first occurrence, named in the header by its start in the meeting's own zone.
    let detail = regdesk::session::Session::on_simulator(&app.simulator, "test")
        .expect("session")
        .client
        .get_event(regdesk::zoom::EventRef::meeting(HANDS_ON_LAB), None)
        .await
        .expect("the lab");
    let first = detail.occurrences.first().expect("occurrences");
    let zone = detail
        .summary
        .timezone
        .as_deref()
        .and_then(|name| jiff::tz::TimeZone::get(name).ok())
        .expect("the lab's zone");
    let when = first
        .start_time
        .expect("a start")
        .to_zoned(zone)
        .strftime("%a %-d %b %Y %H:%M %:z")
        .to_string();
    let screen = app.wait_for_text(&format!("· {when} (o: change)")).await;
    assert!(
        !screen.contains("· occurrence "),
        "no raw occurrence ID:\n{screen}"
    );
    let occurrence = first.occurrence_id.clone();
    let expected = app
        .simulator
        .registrants(EventKind::Meeting, HANDS_ON_LAB)
        .into_iter()
        .filter(|person| {
            person.occurrence_ids.is_empty() || person.occurrence_ids.contains(&occurrence)
        })
        .count();
    app.wait_for(
        &format!("{expected} registrants of occurrence {occurrence}"),
        |screen| {
            let counts: usize = ["Pending (", "Approved (", "Denied ("]
                .iter()
                .filter_map(|tab| {
                    screen
                        .split(tab)
                        .nth(1)
                        .and_then(|rest| rest.split(')').next())
                        .and_then(|count| count.parse::<usize>().ok())
                })
                .sum();
            counts == expected && !screen.contains("loading")
        },
    )
    .await;
    app.quit().await.expect("quits cleanly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_credentials_the_login_screen_offers_the_demo() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut options = HarnessOptions::new(data.path().to_path_buf());
    options.login_screen = true;
    let mut app = Harness::start(options).await;
    app.wait_for_text("No Zoom credentials yet.").await;
    // Letters type into the field: `q` does not quit here.
    app.type_text("q");
    app.wait_for_text("Account ID    q").await;
    app.key(crossterm::event::KeyEvent::new(
        KeyCode::Char('o'),
        crossterm::event::KeyModifiers::CONTROL,
    ));
    let screen = app
        .wait_for("the demo's meetings", |screen| {
            screen.contains(" demo ") && screen.contains("Customer Advisory Board")
        })
        .await;
    assert!(screen.contains("token ok · expires in"), "{screen}");
    app.quit().await.expect("quits cleanly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_an_approved_registration_leaves_them_denied() {
    let (mut app, _data) = started().await;
    let first = advisory_board_approved(&mut app).await.remove(0);
    app.press(KeyCode::Char('C'));
    let dialog = app.wait_for_text("Cancel 1 registrant of meeting").await;
    assert!(dialog.contains(&first.email), "{dialog}");
    app.press(KeyCode::Char('y'));
    app.wait_for("the cancellation", |screen| {
        screen.contains("Cancelled 1 registrant (1 call)") && screen.contains("Approved (35)")
    })
    .await;
    assert_eq!(
        status_of(&app, EventKind::Meeting, ADVISORY_BOARD, &first.id),
        Some(RegistrantStatus::Denied)
    );
    app.quit().await.expect("quits cleanly");
}

/// An account with many meetings: the Registration column asks Zoom for the settings of the rows
/// on screen (and a few below) only, not one request per meeting.
#[tokio::test]
async fn many_meetings_ask_settings_only_for_the_rows_on_screen() {
    /// Rows of the meetings table at the harness's 120x40 (title, tabs, header, live strip and
    /// hint row take the rest), plus the margin the screen asks for below them.
    const ROWS_ASKED: u64 = 28 + regdesk::tui::screens::meetings::DETAIL_MARGIN_ROWS as u64;
    const CREATED: u64 = 150;
    let (mut app, _data) = started().await;
    app.wait_for(
        "the demo meetings with their registration state",
        all_rows_known,
    )
    .await;
    for n in 0..CREATED {
        app.simulator
            .create_meeting(serde_json::json!({
                "topic": format!("Bulk planning {n:03}"),
                "start_in_minutes": 24 * 60 + n,
            }))
            .expect("a meeting");
    }
    let before = details_asked(&app);
    app.press(KeyCode::Char('r'));
    app.wait_for(
        "every row on screen with its registration state",
        |screen| screen.contains("Bulk planning") && all_rows_known(screen),
    )
    .await;
    let asked = details_asked(&app) - before;
    assert!(
        asked > 0 && asked <= ROWS_ASKED,
        "{asked} settings requests for {CREATED} new meetings:\n{}",
        app.screen()
    );
    app.quit().await.expect("quit");
}

/// The meetings list is shown and none of its rows waits for its registration state (…).
fn all_rows_known(screen: &str) -> bool {
    let mut rows = screen
        .lines()
        .filter(|row| row.starts_with("2026-"))
        .peekable();
    rows.peek().is_some() && rows.all(approval_known)
}

/// A meetings row whose approval column says auto, manual or off (… until it is known).
fn approval_known(row: &str) -> bool {
    row.split_whitespace()
        .any(|word| matches!(word, "auto" | "manual" | "off"))
}

/// `GET /meetings/{meetingId}` requests the simulator has seen.
fn details_asked(app: &Harness) -> u64 {
    app.simulator
        .stats()
        .requests_per_endpoint
        .get("GET /meetings/{meetingId}")
        .copied()
        .unwrap_or(0)
}
