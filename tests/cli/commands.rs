//! The commands' output and effect: `meetings`, and add → registrants → status → export → delete
//! round trips for a meeting and a webinar in table, JSON and CSV, checked against the simulator's
//! ground truth; and the same session against a `regdesk sim` process, configured only by the
//! exports it prints.

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
        Some("id,topic,type,start_time,duration,timezone,registration,join_url,host")
    );
    assert!(
        lines.any(|line| line.starts_with(&STATE_OF_TECH.to_string())),
        "{}",
        run.stdout
    );

    let run = regdesk(&sim, &["meetings"]).await.ok();
    assert!(run.stdout.starts_with("ID"), "{}", run.stdout);
    assert!(run.stdout.contains("manual approval"));

    // Another host's meetings, by email; a user the account does not have is named.
    let run = regdesk(
        &sim,
        &["meetings", "--user", OTHER_HOST_EMAIL, "--format", "json"],
    )
    .await
    .ok();
    let listed = run.json();
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|meeting| meeting["id"] == OFFICE_HOURS && meeting["type"] == 8),
        "{listed}"
    );
    let office_hours = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|meeting| meeting["id"] == OFFICE_HOURS)
        .unwrap();
    assert_eq!(
        office_hours["registration"]["occurrences"]
            .as_array()
            .map(Vec::len),
        Some(6)
    );
    let run = regdesk(&sim, &["meetings", "--user", OTHER_HOST_EMAIL])
        .await
        .ok();
    assert!(run.stdout.contains("6 occurrences"), "{}", run.stdout);

    let run = regdesk(&sim, &["meetings", "--user", "nobody@example.com"]).await;
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("no such user") && run.stderr.contains("nobody@example.com"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn recurring_meetings_take_chosen_occurrences() {
    let sim = start().await;
    let listed = regdesk(
        &sim,
        &["meetings", "--user", OTHER_HOST_EMAIL, "--format", "json"],
    )
    .await
    .ok()
    .json();
    let occurrence_ids: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|meeting| meeting["id"] == OFFICE_HOURS)
        .expect("the recurring meeting")["registration"]["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|occurrence| occurrence["occurrence_id"].as_str().unwrap().to_owned())
        .collect();
    let chosen = format!("{},{}", occurrence_ids[1], occurrence_ids[3]);
    let id = OFFICE_HOURS.to_string();
    let email = "weekly.visitor@example.com";
    let add = [
        "add",
        &id,
        "--email",
        email,
        "--first-name",
        "Wes",
        "--occurrences",
        &chosen,
    ];
    regdesk(&sim, &add).await.ok();
    let stored = sim
        .registrants(EventKind::Meeting, OFFICE_HOURS)
        .into_iter()
        .find(|registrant| registrant.email == email)
        .expect("registered");
    assert_eq!(
        stored.occurrence_ids,
        [occurrence_ids[1].clone(), occurrence_ids[3].clone()]
    );
    let emails_of = |occurrence: &str| {
        let args = [
            "registrants",
            &id,
            "--occurrence",
            occurrence,
            "--format",
            "json",
        ]
        .map(str::to_owned);
        let sim = &sim;
        async move {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let listed = regdesk(sim, &args).await.ok().json();
            listed
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|registrant| registrant["email"].as_str().map(str::to_owned))
                .collect::<Vec<_>>()
        }
    };
    assert!(
        emails_of(&occurrence_ids[3])
            .await
            .iter()
            .any(|e| e == email)
    );
    assert!(
        !emails_of(&occurrence_ids[0])
            .await
            .iter()
            .any(|e| e == email)
    );
}

fn status_of(sim: &Simulator, kind: EventKind, id: u64, email: &str) -> Option<RegistrantStatus> {
    sim.registrants(kind, id)
        .into_iter()
        .find(|registrant| registrant.email == email)
        .map(|registrant| registrant.status)
}

/// The same command with `--format csv`.
fn as_csv<'a>(args: &[&'a str]) -> Vec<&'a str> {
    args.iter().copied().chain(["--format", "csv"]).collect()
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

    // Adding again sends nothing and says so, in each format.
    let noun = match kind {
        EventKind::Meeting => "meeting",
        EventKind::Webinar => "webinar",
    };
    let posts = || {
        sim.stats()
            .requests_per_endpoint
            .get(&format!("POST /{noun}s/{{{noun}Id}}/registrants"))
            .copied()
    };
    let posts_before = posts();
    let again = regdesk(sim, &args).await.ok().json();
    assert_eq!(again["resolution"], "already_registered");
    let mut as_table = args.clone();
    as_table.retain(|arg| *arg != "--format" && *arg != "json");
    let again = regdesk(sim, &as_table).await.ok();
    assert!(
        again
            .stdout
            .contains(&format!("{email} is already registered"))
            && again.stdout.contains("nothing was sent"),
        "{}",
        again.stdout
    );
    let again = regdesk(sim, &as_csv(&as_table)).await.ok();
    let (_, rows) = again.csv();
    let row: Vec<String> = rows[0].iter().map(str::to_owned).collect();
    assert_eq!(
        row[..6],
        [
            noun.to_owned(),
            id_text.clone(),
            stored.id.clone(),
            email.to_owned(),
            "approved".to_owned(),
            "already_registered".to_owned()
        ]
    );
    assert_eq!(posts(), posts_before, "nothing re-sent");

    let all_statuses = with_kind(&["registrants", &id_text, "--status", "all"]);
    let all_statuses: Vec<&str> = all_statuses.iter().map(String::as_str).collect();
    let table = regdesk(sim, &all_statuses).await.ok();
    let line = table
        .stdout
        .lines()
        .find(|line| line.contains(email))
        .unwrap_or_else(|| panic!("{email} not in the table: {}", table.stdout));
    assert!(
        line.contains("Cli Person") && line.contains("approved"),
        "{line}"
    );
    assert!(
        table.stderr.contains(&format!(
            "{} registrants (all statuses).",
            sim.registrants(kind, id).len()
        )),
        "{}",
        table.stderr
    );
    let (headers, records) = regdesk(sim, &as_csv(&all_statuses)).await.ok().csv();
    assert_eq!(records.len(), sim.registrants(kind, id).len());
    let email_column = headers.iter().position(|header| header == "email").unwrap();
    assert!(records.iter().any(|record| &record[email_column] == email));

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
        &with_kind(&["delete", &id_text, "--email", email, "--yes"])
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
    let mut args = vec!["status", &id_text, "deny", "--webinar", "--yes"];
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

#[tokio::test]
async fn regdesk_sim_and_the_exports_it_prints_carry_the_readme_session() {
    use tokio::io::{AsyncBufReadExt, BufReader};

    let mut sim = tokio::process::Command::new(env!("CARGO_BIN_EXE_regdesk"))
        .args(["sim", "--addr", "127.0.0.1:0"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("regdesk sim starts");
    let mut stdout = BufReader::new(sim.stdout.take().unwrap()).lines();
    let mut stderr = BufReader::new(sim.stderr.take().unwrap()).lines();
    let deadline = std::time::Duration::from_secs(60);
    let ready = tokio::time::timeout(deadline, stdout.next_line())
        .await
        .expect("ready within a minute")
        .unwrap()
        .expect("the ready line");
    let ready: serde_json::Value = serde_json::from_str(&ready).expect("JSON");

    // What a person copies from the hint: every `export NAME=VALUE` up to the example command.
    let mut exported = Vec::new();
    loop {
        let line = tokio::time::timeout(deadline, stderr.next_line())
            .await
            .expect("the hint within a minute")
            .unwrap()
            .expect("the hint ends with an example command");
        let line = line.trim();
        if line == "regdesk meetings" {
            break;
        }
        if let Some(assignments) = line.strip_prefix("export ") {
            for assignment in assignments.split_whitespace() {
                let (name, value) = assignment.split_once('=').expect("NAME=VALUE");
                exported.push((name.to_owned(), value.to_owned()));
            }
        }
    }
    let names: Vec<&str> = exported.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "ZOOM_ACCOUNT_ID",
            "ZOOM_CLIENT_ID",
            "ZOOM_CLIENT_SECRET",
            "REGDESK_API_URL",
            "REGDESK_OAUTH_URL"
        ]
    );
    let value = |name: &str| &exported.iter().find(|(n, _)| n == name).unwrap().1;
    assert_eq!(value("REGDESK_API_URL"), &ready["api_url"]);
    assert_eq!(value("ZOOM_CLIENT_SECRET"), &ready["client_secret"]);

    let env: Vec<(&str, &str)> = exported
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let meetings = run_with_env(&["meetings", "--format", "json"], &env)
        .await
        .ok()
        .json();
    let ids = |listing: &serde_json::Value| -> Vec<u64> {
        let events = listing.as_array().expect("a JSON array");
        events
            .iter()
            .filter_map(|event| event["id"].as_u64())
            .collect()
    };
    let meeting_ids = ids(&meetings);
    assert!(
        meeting_ids.contains(&ROADMAP) && meeting_ids.contains(&WEEKLY_SYNC),
        "{meeting_ids:?}"
    );
    let webinars = run_with_env(&["meetings", "--webinars", "--format", "json"], &env)
        .await
        .ok()
        .json();
    assert!(ids(&webinars).contains(&STATE_OF_TECH), "{webinars}");

    // The README's session against the process, for a meeting and a webinar.
    let roadmap = [
        "--field",
        "org=Acme",
        "--field",
        "How did you hear about this briefing?=LinkedIn",
    ];
    cli_only_round_trip(&env, ROADMAP, false, &roadmap).await;
    let state_of_tech = [
        "--field",
        "org=Acme",
        "--field",
        "job_title=CTO",
        "--field",
        "country=SE",
        "--field",
        "Which best describes your organization?=Agency",
    ];
    cli_only_round_trip(&env, STATE_OF_TECH, true, &state_of_tech).await;
    sim.kill().await.expect("stopped");
}

/// add → registrants → status → export → delete with nothing but regdesk's own output to go by
/// (the simulator is another process).
async fn cli_only_round_trip(env: &[(&str, &str)], id: u64, webinar: bool, fields: &[&str]) {
    let id = id.to_string();
    let email = "readme.session@example.com";
    let command = |args: &[&str]| -> Vec<String> {
        let kind: &[&str] = if webinar { &["--webinar"] } else { &[] };
        args.iter()
            .chain(kind)
            .map(|arg| (*arg).to_owned())
            .collect()
    };
    let run = |args: Vec<String>| async move {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_with_env(&args, env).await.ok()
    };
    let status = |registrant_id: String| {
        let list = command(&["registrants", &id, "--status", "all", "--format", "json"]);
        async move {
            let listed = run(list).await.json();
            listed
                .as_array()
                .expect("a JSON array")
                .iter()
                .find(|registrant| registrant["id"] == registrant_id.as_str())
                .map(|registrant| registrant["status"].clone())
        }
    };

    let mut add = command(&[
        "add",
        &id,
        "--email",
        email,
        "--first-name",
        "Ann",
        "--last-name",
        "Lee",
        "--format",
        "json",
    ]);
    add.extend(fields.iter().map(|field| (*field).to_owned()));
    let added = run(add).await.json();
    assert_eq!(added["resolution"], "created", "{added}");
    let registrant_id = added["registrant_id"].as_str().unwrap().to_owned();
    assert_eq!(status(registrant_id.clone()).await, Some("approved".into()));

    run(command(&["status", &id, "deny", "--email", email])).await;
    assert_eq!(status(registrant_id.clone()).await, Some("denied".into()));
    run(command(&["status", &id, "approve", "--id", &registrant_id])).await;

    let directory = tempfile::tempdir().unwrap();
    let file = directory.path().join("export.csv");
    run(command(&["export", &id, file.to_str().unwrap()])).await;
    let mut reader = csv::Reader::from_path(&file).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|header| header == name).unwrap();
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|row| &row[column("email")] == email)
        .expect("exported");
    assert_eq!(&row[column("status")], "approved");

    run(command(&["delete", &id, "--email", email, "--yes"])).await;
    assert_eq!(status(registrant_id).await, None);
}
