//! The live pane as the token changes: a short token lifetime makes the client refresh during
//! the test, and the pane shows the refresh while it happens and the countdown starting over.

use std::time::Duration;

use crossterm::event::KeyCode;
use regdesk::sim::SimConfig;
use regdesk::tui::testing::{Harness, HarnessOptions};

/// Seconds left on the token countdown ("token ok · expires in 0:05"), if it is shown.
fn seconds_left(screen: &str) -> Option<i64> {
    let (_, after) = screen.split_once("token ok · expires in ")?;
    let clock: String = after
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let (minutes, seconds) = clock.split_once(':')?;
    Some(minutes.parse::<i64>().ok()? * 60 + seconds.parse::<i64>().ok()?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_refresh_shows_while_it_happens_and_the_countdown_restarts() {
    const LIFETIME_SECS: i64 = 8;
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = Harness::start(HarnessOptions {
        simulator: SimConfig {
            token_lifetime: Duration::from_secs(LIFETIME_SECS as u64),
            ..SimConfig::default()
        },
        ..HarnessOptions::new(data.path().to_path_buf())
    })
    .await;
    app.wait_for("the first token's countdown", |screen| {
        screen.contains("Meetings (") && seconds_left(screen).is_some()
    })
    .await;
    // The client replaces a token in the second half of its life, at the next request.
    app.wait_for("the token past half its life", |screen| {
        seconds_left(screen).is_some_and(|left| left < LIFETIME_SECS / 2)
    })
    .await;
    // Slow answers, so that the refresh is on screen for several frames.
    app.simulator
        .set_latency(Duration::from_millis(1500), Duration::ZERO);
    app.press(KeyCode::Char('r'));
    app.wait_for_text("token refreshing… (ahead of expiry)")
        .await;
    let screen = app
        .wait_for("the new token's countdown", |screen| {
            seconds_left(screen).is_some_and(|left| left > LIFETIME_SECS / 2)
        })
        .await;
    assert!(
        screen.contains("refreshed at") && screen.contains("2 tokens so far"),
        "{screen}"
    );
    app.quit().await.expect("the app quits");
}
