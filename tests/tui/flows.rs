//! Opening meetings and registrants, changing registrants, filtering, selecting, errors.

use regdesk::tui::testing::{Harness, HarnessOptions};

async fn started() -> (Harness, tempfile::TempDir) {
    let data = tempfile::tempdir().expect("temp dir");
    let harness = Harness::start(HarnessOptions::new(data.path().to_path_buf())).await;
    (harness, data)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_meetings_screen_lists_the_accounts_meetings_with_their_registration_state() {
    let (mut app, _data) = started().await;
    let screen = app
        .wait_for("meetings with their registration state", |screen| {
            screen.contains("Quarterly Product Roadmap Briefing")
                && screen.contains("Onboarding Office Hours")
                && screen
                    .lines()
                    .filter(|line| {
                        line.ends_with(" auto")
                            || line.ends_with(" manual")
                            || line.ends_with(" off")
                    })
                    .count()
                    == 6
        })
        .await;
    assert!(screen.contains("Meetings (6)"), "{screen}");
    assert!(screen.contains("token ok · expires in"), "{screen}");
    app.quit().await.expect("quits cleanly");
}
