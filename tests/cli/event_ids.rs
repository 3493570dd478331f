//! Meeting IDs as people have them (spaces, dashes, join and registration links), meeting or
//! webinar found out at Zoom when `--webinar` is absent, and a link's passcode never printed.

use crate::support::*;

/// The registrants listed for `id_text`, as JSON.
async fn listed(sim: &regdesk::sim::Simulator, id_text: &str) -> Run {
    regdesk(
        sim,
        &[
            "registrants",
            id_text,
            "--status",
            "all",
            "--format",
            "json",
        ],
    )
    .await
}

#[tokio::test]
async fn a_meeting_id_is_taken_with_spaces_dashes_or_as_a_join_link() {
    let sim = start().await;
    let plain = listed(&sim, "84127650391").await.ok().json();
    assert!(plain.as_array().is_some_and(|list| !list.is_empty()));
    for form in [
        "841 2765 0391",
        "841-2765-0391",
        "https://us02web.zoom.us/j/84127650391?pwd=Rd8xQ2passcode",
        "https://zoom.us/meeting/register/84127650391",
    ] {
        let run = listed(&sim, form).await.ok();
        assert_eq!(run.json(), plain, "{form}");
        assert!(!run.stderr.contains("Rd8xQ2passcode"), "{}", run.stderr);
    }
}

#[tokio::test]
async fn a_webinar_id_without_webinar_is_found_at_zoom_once_and_said_on_stderr() {
    let sim = start().await;
    let id = STATE_OF_TECH.to_string();
    let run = regdesk(&sim, &["registrants", &id, "--format", "json"])
        .await
        .ok();
    assert!(run.json().as_array().is_some_and(|list| !list.is_empty()));
    assert!(
        run.stderr.contains(&format!("{id} is a webinar")),
        "{}",
        run.stderr
    );
    let stats = sim.stats().requests_per_endpoint;
    assert_eq!(
        stats.get("GET /meetings/{meetingId}"),
        Some(&1),
        "{stats:?}"
    );
    assert_eq!(
        stats.get("GET /webinars/{webinarId}"),
        Some(&1),
        "{stats:?}"
    );

    // With --webinar, or a webinar link, nothing is looked up and nothing is said.
    let sim = start().await;
    for args in [
        vec!["registrants", id.as_str(), "--webinar", "--format", "json"],
        vec![
            "registrants",
            "https://us02web.zoom.us/w/91284503317?tk=abc&pwd=Wq9",
            "--format",
            "json",
        ],
    ] {
        let run = regdesk(&sim, &args).await.ok();
        assert!(!run.stderr.contains("is a webinar"), "{}", run.stderr);
    }
    let stats = sim.stats().requests_per_endpoint;
    assert_eq!(stats.get("GET /webinars/{webinarId}"), None, "{stats:?}");
    assert_eq!(stats.get("GET /meetings/{meetingId}"), None, "{stats:?}");
}

#[tokio::test]
async fn a_webinar_found_at_zoom_takes_every_command_with_one_lookup() {
    let sim = start().await;
    let id = STATE_OF_TECH.to_string();
    let run = regdesk(
        &sim,
        &[
            "add",
            &id,
            "--email",
            "ida.lund@example.com",
            "--first-name",
            "Ida",
            "--last-name",
            "Lund",
            "--field",
            "org=Acme",
            "--field",
            "job_title=Chef",
            "--field",
            "country=SE",
            "--field",
            "Which best describes your organization?=Agency",
            "--format",
            "json",
        ],
    )
    .await
    .ok();
    assert_eq!(run.json()["event"]["kind"], "webinar", "{}", run.stdout);
    assert!(
        sim.registrants(regdesk::sim::EventKind::Webinar, STATE_OF_TECH)
            .iter()
            .any(|registrant| registrant.email == "ida.lund@example.com")
    );
    let meeting_lookups = sim.stats().requests_per_endpoint["GET /meetings/{meetingId}"];
    assert_eq!(meeting_lookups, 1);
}

#[tokio::test]
async fn an_id_that_cannot_be_read_is_a_usage_error_that_never_prints_the_passcode() {
    let sim = start().await;
    for form in [
        "841 2765",
        "https://example.com/j/84127650391?pwd=TopSecret1",
        "https://zoom.us/meeting/register/tJ0kcOmurj4?pwd=TopSecret1",
        "84127650391abc",
    ] {
        let run = regdesk(&sim, &["registrants", form]).await;
        assert_eq!(run.code, 2, "{form}: {}", run.stderr);
        assert!(run.stderr.contains("MEETING_ID"), "{}", run.stderr);
        assert!(!run.stderr.contains("TopSecret1"), "{}", run.stderr);
    }
    assert!(sim.stats().requests_per_endpoint.is_empty());
}

#[tokio::test]
async fn an_id_that_is_neither_a_meeting_nor_a_webinar_says_so() {
    let sim = start().await;
    let run = regdesk(&sim, &["registrants", "999 9999 9999"]).await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("no meeting or webinar 99999999999"),
        "{}",
        run.stderr
    );
}
