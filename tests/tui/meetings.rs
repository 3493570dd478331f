//! The meetings screen against the simulator: who hosts each event, when it starts in its own
//! zone, and how many people registered in each status, checked against the simulator's own
//! registrant lists; counting that stops before the rate budget runs out; and the live pane's
//! hidden state surviving a restart.

use crossterm::event::KeyCode;
use regdesk::session::status_counts::StatusCounts;
use regdesk::sim::{Category, DailyCaps, EventKind, LimitKind, RegistrantStatus, SimConfig};
use regdesk::tui::testing::{Harness, HarnessOptions};
use regdesk::zoom::{EventRef, ZonedStart};

/// The upcoming demo meetings that take registrations, as the simulator holds them.
const COUNTED_MEETINGS: [u64; 4] = [84127650391, 86350218847, 89516034472, 82209871536];

/// The simulator's own counts of an event's registrants by status.
fn ground_truth(app: &Harness, id: u64) -> StatusCounts {
    let mut counts = StatusCounts::default();
    for registrant in app.simulator.registrants(EventKind::Meeting, id) {
        match registrant.status {
            RegistrantStatus::Approved => counts.approved += 1,
            RegistrantStatus::Pending => counts.pending += 1,
            RegistrantStatus::Denied => counts.denied += 1,
        }
    }
    counts
}

/// The screen's row of the event `id` (the ID column shows at 200 columns).
fn row_of(screen: &str, id: u64) -> String {
    screen
        .lines()
        .find(|line| line.contains(&id.to_string()))
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn meetings_show_their_host_zone_and_counts_as_the_simulator_has_them() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = Harness::start(HarnessOptions {
        width: 200,
        height: 50,
        ..HarnessOptions::new(data.path().to_path_buf())
    })
    .await;
    let expected: Vec<(u64, String)> = COUNTED_MEETINGS
        .iter()
        .map(|id| (*id, ground_truth(&app, *id).compact()))
        .collect();
    assert!(
        expected
            .iter()
            .any(|(_, counts)| counts.contains('…') || counts.contains('✗')),
        "the demo has pending or denied people somewhere: {expected:?}"
    );
    let screen = app
        .wait_for("every counted meeting's counts", |screen| {
            expected.iter().all(|(id, counts)| {
                row_of(screen, *id)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .ends_with(counts.as_str())
            })
        })
        .await;
    let client = regdesk::session::Session::on_simulator(&app.simulator, "truth")
        .expect("session")
        .client;
    for (id, host, zone) in [
        (
            84127650391,
            "maya.lindqvist@northwind-events.example",
            "Europe/Stockholm",
        ),
        (
            89516034472,
            "daniel.okafor@northwind-events.example",
            "America/New_York",
        ),
    ] {
        let event = client
            .get_event(EventRef::meeting(id), None)
            .await
            .expect("the event");
        let start = ZonedStart::of(
            event.summary.start_time.expect("a start"),
            event.summary.timezone.as_deref(),
        );
        assert_eq!(start.zone, zone);
        let row = row_of(&screen, id);
        assert!(
            row.starts_with(&start.local) && row.contains(zone) && row.contains(host),
            "{id} starts {start} and is hosted by {host}:\n{screen}"
        );
    }
    let no_registration = row_of(&screen, 87743215908);
    assert!(
        no_registration.contains("off") && no_registration.ends_with('–'),
        "{screen}"
    );
    app.quit().await.expect("the app quits");
}

/// With a small daily Medium budget, counting stops while enough is left for the user (the
/// screen says so) and Zoom never has to refuse a request for the day.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counting_stops_before_the_daily_budget_runs_out() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = Harness::start(HarnessOptions {
        width: 200,
        height: 50,
        simulator: SimConfig {
            daily_caps: Some(DailyCaps {
                light: None,
                medium: Some(16),
                heavy: None,
            }),
            ..SimConfig::default()
        },
        ..HarnessOptions::new(data.path().to_path_buf())
    })
    .await;
    let screen = app.wait_for_text("counts wait: rate budget low").await;
    let stats = app.simulator.stats();
    assert_eq!(
        stats.rate_limited.get(&LimitKind::Daily),
        None,
        "nothing was refused for the day: {stats:?}\n{screen}"
    );
    let medium = stats
        .requests_per_category
        .get(&Category::Medium)
        .copied()
        .unwrap_or(0);
    assert!(medium < 16, "{medium} Medium requests\n{screen}");
    assert!(
        COUNTED_MEETINGS
            .iter()
            .any(|id| row_of(&screen, *id).ends_with('…')),
        "some counts wait: {screen}"
    );
    app.quit().await.expect("the app quits");
}

/// The live pane's status line as the only trace of it: the strip's request list is gone.
fn live_pane_hidden(screen: &str) -> bool {
    screen.contains("Meetings (") && !screen.contains("Live · L enlarges")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hiding_the_live_pane_is_remembered_after_a_restart() {
    let data = tempfile::tempdir().expect("temp dir");
    let config = tempfile::tempdir().expect("temp dir");
    let options = || HarnessOptions {
        config_dir: Some(config.path().to_path_buf()),
        ..HarnessOptions::new(data.path().to_path_buf())
    };
    let mut app = Harness::start(options()).await;
    app.wait_for("the live strip", |screen| {
        screen.contains("Meetings (") && screen.contains("Live · L enlarges")
    })
    .await;
    app.press(KeyCode::Char('H'));
    app.wait_for("the live pane hidden", live_pane_hidden).await;
    app.quit().await.expect("the app quits");

    let mut again = Harness::start(options()).await;
    let screen = again
        .wait_for("the meetings after the restart", |screen| {
            screen.contains("Meetings (") && screen.contains("Quarterly Product Roadmap")
        })
        .await;
    assert!(live_pane_hidden(&screen), "{screen}");
    again.press(KeyCode::Char('H'));
    again
        .wait_for("the live strip back", |screen| {
            screen.contains("Live · L enlarges")
        })
        .await;
    again.quit().await.expect("the app quits");

    let mut third = Harness::start(options()).await;
    third
        .wait_for("the strip, as last left", |screen| {
            screen.contains("Meetings (") && screen.contains("Live · L enlarges")
        })
        .await;
    third.quit().await.expect("the app quits");
}
