//! The commands' output and effect: `meetings`, and add → registrants → status → export → delete
//! round trips for a meeting and a webinar, checked against the simulator's ground truth.

use regdesk::sim::{EventKind, RegistrantStatus, Simulator};

use crate::support::*;

#[tokio::test]
async fn meetings_lists_the_demo_meetings_with_their_registration() {
    let sim = start().await;
    let run = regdesk(&sim, &["meetings", "--format", "json"]).await.ok();
    let meetings = run.json();
    let find = |id: u64| {
        meetings
            .as_array()
            .unwrap()
            .iter()
            .find(|meeting| meeting["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} missing: {meetings}"))
    };
    assert_eq!(find(ROADMAP)["registration"]["enabled"], true);
    assert_eq!(find(ROADMAP)["registration"]["approval"], "auto-approve");
    assert_eq!(find(WEEKLY_SYNC)["registration"]["enabled"], false);
    assert_eq!(find(ROADMAP)["topic"], "Quarterly Product Roadmap Briefing");

    let run = regdesk(&sim, &["meetings", "--webinars", "--format", "csv"])
        .await
        .ok();
    let mut lines = run.stdout.lines();
    assert_eq!(
        lines.next(),
        Some("id,topic,type,start_time,duration,timezone,registration,join_url")
    );
    assert!(
        lines.any(|line| line.starts_with(&STATE_OF_TECH.to_string())),
        "{}",
        run.stdout
    );

    let run = regdesk(&sim, &["meetings"]).await.ok();
    assert!(run.stdout.starts_with("ID"), "{}", run.stdout);
    assert!(run.stdout.contains("manual approval"));
}

fn status_of(sim: &Simulator, kind: EventKind, id: u64, email: &str) -> Option<RegistrantStatus> {
    sim.registrants(kind, id)
        .into_iter()
        .find(|registrant| registrant.email == email)
        .map(|registrant| registrant.status)
}

async fn round_trip(
    sim: &Simulator,
    kind: EventKind,
    id: u64,
    fields: &[&str],
    question: (&str, &str),
) {
    let id_text = id.to_string();
    let webinar: &[&str] = if kind == EventKind::Webinar {
        &["--webinar"]
    } else {
        &[]
    };
    let with_kind = |args: &[&str]| -> Vec<String> {
        args.iter()
            .chain(webinar)
            .map(|arg| (*arg).to_owned())
            .collect()
    };
    let email = "cli.person@example.com";

    let mut add = with_kind(&[
        "add",
        &id_text,
        "--email",
        email,
        "--first-name",
        "Cli",
        "--last-name",
        "Person",
        "--format",
        "json",
    ]);
    for field in fields {
        add.push("--field".into());
        add.push((*field).into());
    }
    add.push("--field".into());
    add.push(format!("{}={}", question.0, question.1.to_lowercase()));
    let args: Vec<&str> = add.iter().map(String::as_str).collect();
    let added = regdesk(sim, &args).await.ok().json();
    assert_eq!(added["resolution"], "created");
    assert_eq!(added["email"], email);
    let stored = sim
        .registrants(kind, id)
        .into_iter()
        .find(|registrant| registrant.email == email)
        .expect("registered");
    assert_eq!(stored.id, added["registrant_id"]);
    let answers = stored.json["custom_questions"].to_string();
    assert!(
        answers.contains(question.1),
        "the answer is stored in its canonical spelling: {answers}"
    );

    // Adding again sends nothing and says so.
    let again = regdesk(sim, &args).await.ok().json();
    assert_eq!(again["resolution"], "already_registered");

    let listed = regdesk(
        sim,
        &with_kind(&[
            "registrants",
            &id_text,
            "--status",
            "all",
            "--format",
            "json",
        ])
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>(),
    )
    .await
    .ok()
    .json();
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|registrant| registrant["email"] == email)
    );

    regdesk(
        sim,
        &with_kind(&["status", &id_text, "deny", "--email", email])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    )
    .await
    .ok();
    assert_eq!(
        status_of(sim, kind, id, email),
        Some(RegistrantStatus::Denied)
    );
    let stored_id = stored.id.clone();
    regdesk(
        sim,
        &with_kind(&["status", &id_text, "approve", "--id", &stored_id])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    )
    .await
    .ok();
    assert_eq!(
        status_of(sim, kind, id, email),
        Some(RegistrantStatus::Approved)
    );

    let directory = tempfile::tempdir().unwrap();
    let file = directory.path().join("export.csv");
    let file_text = file.to_str().unwrap().to_owned();
    let exported = regdesk(
        sim,
        &with_kind(&["export", &id_text, &file_text])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    )
    .await
    .ok();
    assert!(exported.stdout.contains("Exported"));
    let mut reader = csv::Reader::from_path(&file).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|header| header == name)
            .unwrap_or_else(|| panic!("no column {name}: {headers:?}"))
    };
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(
        rows.len(),
        sim.registrants(kind, id).len(),
        "every status is exported"
    );
    let row = rows
        .iter()
        .find(|row| &row[column("email")] == email)
        .expect("exported");
    assert_eq!(&row[column(question.0)], question.1);
    assert_eq!(&row[column("last_name")], "Person");
    assert_eq!(&row[column("status")], "approved");
    assert!(!directory.path().join("export.csv.partial").exists());

    let deleted = regdesk(
        sim,
        &with_kind(&["delete", &id_text, "--email", email])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    )
    .await
    .ok();
    assert!(deleted.stdout.contains("Deleted"));
    assert_eq!(status_of(sim, kind, id, email), None);
}

#[tokio::test]
async fn a_meeting_round_trip() {
    let sim = start().await;
    round_trip(
        &sim,
        EventKind::Meeting,
        ROADMAP,
        &["org=Acme", "Job Title=Chef"],
        ("How did you hear about this briefing?", "LinkedIn"),
    )
    .await;
}

#[tokio::test]
async fn a_webinar_round_trip() {
    let sim = start().await;
    round_trip(
        &sim,
        EventKind::Webinar,
        STATE_OF_TECH,
        &["org=Acme", "job_title=Chef", "country=SE"],
        ("Which best describes your organization?", "Agency"),
    )
    .await;
}

#[tokio::test]
async fn status_for_31_people_is_two_calls() {
    let sim = start().await;
    let approved: Vec<String> = sim
        .registrants(EventKind::Webinar, STATE_OF_TECH)
        .into_iter()
        .filter(|registrant| registrant.status == RegistrantStatus::Approved)
        .take(31)
        .map(|registrant| registrant.email)
        .collect();
    assert_eq!(approved.len(), 31);
    let id_text = STATE_OF_TECH.to_string();
    let mut args = vec!["status", &id_text, "deny", "--webinar"];
    for email in &approved {
        args.push("--email");
        args.push(email);
    }
    let run = regdesk(&sim, &args).await.ok();
    assert_eq!(
        run.stdout
            .lines()
            .filter(|line| line.starts_with("Denied"))
            .count(),
        31
    );
    assert_eq!(
        sim.stats().requests_per_endpoint["PUT /webinars/{webinarId}/registrants/status"],
        2
    );
    assert!(approved.iter().all(
        |email| status_of(&sim, EventKind::Webinar, STATE_OF_TECH, email)
            == Some(RegistrantStatus::Denied)
    ));
}
