//! Import throughput against the real simulator binary: `regdesk sim --plan pro --latency-ms 150`
//! as a process, 4,000 new people imported by the real `regdesk import` binary, timed from spawn
//! to exit and compared with the least time Pro's rate limits allow; beside it, the same people
//! imported one request at a time (what hand-written scripts do) in the same run.
//!
//! Then `regdesk copy` of 1,500 approved people from one meeting to another on the same simulator,
//! timed likewise against the least time Pro's limits allow for it (see [`copy_minimum`]).
//!
//! `cargo bench --bench import [-- --rows N] [--naive-rows N] [--latency-ms MS] [--copy-rows N]`
//! `--naive-rows N` times the one-at-a-time import on the first N rows only and extrapolates to
//! all rows; the output says so.
//!
//! The minimum, printed with its parts:
//! - two round trips before the first registration can leave: the token, then the event reads
//!   (settings, questions, and the registrants already there, listed per status 300 to a page;
//!   all concurrently, so as many round trips as the longest status listing has pages, at least
//!   one; the bench's meeting starts empty, so one);
//! - the sending: batch calls (Heavy, 10/s on Pro, 30 people each) and single adds (Light, 30/s)
//!   count against separate budgets and run concurrently. Zoom counts a sliding one-second
//!   window, so the fastest a category can go is its limit's worth at once and the next worth
//!   one second later: each second moves at most 10 × 30 + 30 = 330 people, and R people need
//!   ceil(R / 330) windows, the last one starting ceil(R / 330) − 1 seconds after the first;
//! - one round trip for the last answer;
//! - the daily caps are checked, not assumed away: Pro's 30,000 Heavy calls a day and Zoom's
//!   3 registrations per person, event and day (each new person is sent once) are far off here;
//!   were they reached, the rest would wait for 00:00 UTC.

use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

#[path = "support/sim_process.rs"]
mod sim_process;

use serde_json::{Value, json};
use sim_process::{Sim, field, start_sim};

const MEETING_FOR_REGDESK: u64 = 91_000_000_001;
const MEETING_FOR_SCRIPT: u64 = 91_000_000_002;
const MEETING_COPIED_FROM: u64 = 91_000_000_003;
const MEETING_COPIED_TO: u64 = 91_000_000_004;
const HEAVY_PER_SECOND: usize = 10;
const LIGHT_PER_SECOND: usize = 30;
const BATCH_SIZE: usize = 30;

struct Options {
    rows: usize,
    naive_rows: Option<usize>,
    latency_ms: u64,
    copy_rows: usize,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        rows: 4000,
        naive_rows: None,
        latency_ms: 150,
        copy_rows: 1500,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            args.next()
                .and_then(|value| value.parse().ok())
                .ok_or_else(|| format!("{name} needs a whole number"))
        };
        match arg.as_str() {
            "--rows" => options.rows = number("--rows")? as usize,
            "--naive-rows" => options.naive_rows = Some(number("--naive-rows")? as usize),
            "--latency-ms" => options.latency_ms = number("--latency-ms")?,
            "--copy-rows" => options.copy_rows = number("--copy-rows")? as usize,
            // `cargo bench` passes --bench (and filters) to harness-less benches.
            _ => {}
        }
    }
    Ok(options)
}

/// The simulator's data: the demo account and apps, two empty scheduled meetings for the import,
/// and for the copy, a meeting with `copy_rows` approved registrants and an empty one.
fn sim_data(dir: &Path, copy_rows: usize) -> Result<std::path::PathBuf, String> {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo.json");
    let text = std::fs::read_to_string(&demo).map_err(|e| format!("{}: {e}", demo.display()))?;
    let mut data: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let meeting = |id: u64, topic: &str| json!({"id": id, "topic": topic, "type": 2, "approval_type": 0, "duration": 60});
    let mut copied_from = meeting(MEETING_COPIED_FROM, "Copied from");
    copied_from["registrants"] = people(copy_rows, "copied")
        .into_iter()
        .map(|(email, first_name, last_name)| {
            json!({"email": email, "first_name": first_name, "last_name": last_name, "status": "approved"})
        })
        .collect();
    data["meetings"] = json!([
        meeting(MEETING_FOR_REGDESK, "Imported by regdesk"),
        meeting(MEETING_FOR_SCRIPT, "Imported one request at a time"),
        copied_from,
        meeting(MEETING_COPIED_TO, "Copied to"),
    ]);
    data["webinars"] = json!([]);
    let path = dir.join("bench-data.json");
    std::fs::write(&path, data.to_string()).map_err(|e| e.to_string())?;
    Ok(path)
}

fn people(rows: usize, prefix: &str) -> Vec<(String, String, String)> {
    (0..rows)
        .map(|i| {
            (
                format!("{prefix}{i}@bench.example"),
                format!("First{i}"),
                format!("Last{i}"),
            )
        })
        .collect()
}

/// Runs `regdesk import` and returns its wall time and its printed plan.
fn regdesk_import(sim: &Sim, file: &Path, data_dir: &Path) -> Result<(Duration, String), String> {
    let file = file.display().to_string();
    regdesk(
        sim,
        &["import", &MEETING_FOR_REGDESK.to_string(), &file],
        data_dir,
    )
}

/// Runs `regdesk ARGS` against the simulator and returns its wall time and its stdout.
fn regdesk(sim: &Sim, args: &[&str], data_dir: &Path) -> Result<(Duration, String), String> {
    let ready = &sim.ready;
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_regdesk"))
        .args(args)
        .env("REGDESK_API_URL", field(ready, "api_url"))
        .env("REGDESK_OAUTH_URL", field(ready, "oauth_url"))
        .env("ZOOM_ACCOUNT_ID", field(ready, "account_id"))
        .env("ZOOM_CLIENT_ID", field(ready, "client_id"))
        .env("ZOOM_CLIENT_SECRET", field(ready, "client_secret"))
        .env("REGDESK_PLAN", "pro")
        .env("REGDESK_DATA_DIR", data_dir)
        // No profile of the person running the bench: the credentials come from the environment.
        .env("REGDESK_CONFIG_DIR", data_dir.join("config"))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run regdesk {}: {e}", args.join(" ")))?;
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        return Err(format!(
            "regdesk {} failed ({}):\n{stdout}\n{}",
            args.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok((elapsed, stdout))
}

/// An HTTP client and an access token of the simulator's demo app, as a script gets them.
async fn connect(sim: &Sim) -> Result<(reqwest::Client, String), String> {
    let ready = &sim.ready;
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .map_err(|e| e.to_string())?;
    let token: Value = http
        .post(format!("{}/oauth/token", field(ready, "oauth_url")))
        .basic_auth(
            field(ready, "client_id"),
            Some(field(ready, "client_secret")),
        )
        .form(&[
            ("grant_type", "account_credentials"),
            ("account_id", field(ready, "account_id")),
        ])
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let bearer = token["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    Ok((http, bearer))
}

/// What the scripts in the field do: one token, then one add-registrant call after another.
async fn one_at_a_time(sim: &Sim, people: &[(String, String, String)]) -> Result<Duration, String> {
    let ready = &sim.ready;
    let started = Instant::now();
    let (http, bearer) = connect(sim).await?;
    let url = format!(
        "{}/meetings/{MEETING_FOR_SCRIPT}/registrants",
        field(ready, "api_url")
    );
    for (email, first, last) in people {
        loop {
            let response = http
                .post(&url)
                .bearer_auth(&bearer)
                .json(&json!({"email": email, "first_name": first, "last_name": last}))
                .send()
                .await
                .map_err(|e| e.to_string())?;
            match response.status().as_u16() {
                201 | 200 => break,
                // Even a naive script has to wait out a per-second 429.
                429 => tokio::time::sleep(Duration::from_secs(1)).await,
                status => return Err(format!("add registrant {email}: HTTP {status}")),
            }
        }
    }
    Ok(started.elapsed())
}

/// Registrants of a meeting (approved, which is everyone in these auto-approve meetings).
async fn registered(sim: &Sim, meeting: u64) -> Result<u64, String> {
    let ready = &sim.ready;
    let (http, bearer) = connect(sim).await?;
    let listing: Value = http
        .get(format!(
            "{}/meetings/{meeting}/registrants?page_size=300",
            field(ready, "api_url")
        ))
        .bearer_auth(&bearer)
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    Ok(listing["total_records"].as_u64().unwrap_or(0))
}

/// The least time Pro's limits allow for importing `rows` new people into an event that holds
/// `existing` registrants (see the module docs).
struct Minimum {
    total: Duration,
    send: Duration,
    round_trips: u32,
    listing_round_trips: u32,
    heavy_calls_if_all_batched: usize,
}

const PEOPLE_PER_WINDOW: usize = HEAVY_PER_SECOND * BATCH_SIZE + LIGHT_PER_SECOND;
const PAGE_SIZE: usize = 300;
const HEAVY_DAILY_CAP: usize = 30_000;
const REGISTRATIONS_PER_PERSON_PER_DAY: usize = 3;

fn minimum(rows: usize, existing_per_status: [usize; 3], latency: Duration) -> Minimum {
    let windows = rows.div_ceil(PEOPLE_PER_WINDOW);
    let send = Duration::from_secs(windows.saturating_sub(1) as u64);
    let listing_round_trips = existing_per_status
        .iter()
        .map(|people| people.div_ceil(PAGE_SIZE).max(1) as u32)
        .max()
        .unwrap_or(1);
    // Token, event reads (as long as the longest listing), last answer.
    let round_trips = 1 + listing_round_trips + 1;
    Minimum {
        total: send + latency * round_trips,
        send,
        round_trips,
        listing_round_trips,
        heavy_calls_if_all_batched: rows.div_ceil(BATCH_SIZE),
    }
}

/// The least time Pro's limits allow for copying `rows` people into an empty event: the token;
/// the source's listing, `PAGE_SIZE` a page one after the other (Zoom's next-page token), which the
/// target's reads could share; the sending as for an import; the last answer.
fn copy_minimum(rows: usize, latency: Duration) -> Minimum {
    let import = minimum(rows, [0, 0, 0], latency);
    let listing_round_trips = rows.div_ceil(PAGE_SIZE).max(1) as u32;
    let round_trips = 1 + listing_round_trips + 1;
    Minimum {
        total: import.send + latency * round_trips,
        round_trips,
        listing_round_trips,
        ..import
    }
}

/// Copies `rows` approved people between two meetings with `regdesk copy` and prints the time
/// against [`copy_minimum`].
fn bench_copy(sim: &Sim, rows: usize, latency: Duration, data_dir: &Path) -> Result<(), String> {
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    println!(
        "copy of {rows} approved people between two of a Pro account's meetings, simulator latency {} ms",
        latency.as_millis()
    );
    let (elapsed, printed) = regdesk(
        sim,
        &[
            "copy",
            &MEETING_COPIED_FROM.to_string(),
            &MEETING_COPIED_TO.to_string(),
        ],
        data_dir,
    )?;
    let count = runtime.block_on(registered(sim, MEETING_COPIED_TO))?;
    if count != rows as u64 {
        return Err(format!("regdesk copied {count} of {rows} people"));
    }
    for line in plan_lines(&printed) {
        println!("  regdesk's plan: {line}");
    }
    let least = copy_minimum(rows, latency);
    println!(
        "regdesk copy:          {:>8.2} s   = {:.3} × the minimum ({:.0} people/s, spawn to exit)",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() / least.total.as_secs_f64(),
        rows as f64 / elapsed.as_secs_f64()
    );
    println!(
        "minimum:               {:>8.2} s   = {} s of sending + {} round trips × {} ms (token; the source's {} listing page(s), {PAGE_SIZE} a page, one after the other; the last answer)",
        least.total.as_secs_f64(),
        least.send.as_secs(),
        least.round_trips,
        latency.as_millis(),
        least.listing_round_trips
    );
    Ok(())
}

/// The lines of regdesk's printed plan (the block after `Plan:`).
fn plan_lines(printed: &str) -> Vec<&str> {
    printed
        .lines()
        .skip_while(|line| !line.starts_with("Plan:"))
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .map(str::trim)
        .collect()
}

fn run() -> Result<(), String> {
    let options = options()?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let data = sim_data(dir.path(), options.copy_rows)?;
    let sim = start_sim(&data, options.latency_ms, true)?;
    let latency = Duration::from_millis(options.latency_ms);

    let file = dir.path().join("people.csv");
    let mut csv = String::from("email,first_name,last_name\n");
    for (email, first, last) in people(options.rows, "regdesk") {
        csv.push_str(&format!("{email},{first},{last}\n"));
    }
    std::fs::write(&file, csv).map_err(|e| e.to_string())?;

    println!(
        "import of {} new people into a Pro account's meeting, simulator latency {} ms",
        options.rows, options.latency_ms
    );
    let (elapsed, printed) = regdesk_import(&sim, &file, &dir.path().join("data"))?;
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let count = runtime.block_on(registered(&sim, MEETING_FOR_REGDESK))?;
    if count != options.rows as u64 {
        return Err(format!(
            "regdesk registered {count} of {} people",
            options.rows
        ));
    }
    let least = minimum(options.rows, [0, 0, 0], latency);
    if least.heavy_calls_if_all_batched > HEAVY_DAILY_CAP {
        return Err(
            "this many rows would reach Pro's daily caps; the minimum would be a day".into(),
        );
    }
    for line in plan_lines(&printed) {
        println!("  regdesk's plan: {line}");
    }
    println!(
        "regdesk import:        {:>8.2} s   = {:.3} × the minimum ({:.0} people/s, spawn to exit)",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() / least.total.as_secs_f64(),
        options.rows as f64 / elapsed.as_secs_f64()
    );
    println!(
        "minimum:               {:>8.2} s   = {} s of sending + {} round trips × {} ms",
        least.total.as_secs_f64(),
        least.send.as_secs(),
        least.round_trips,
        options.latency_ms
    );
    println!(
        "  sending: batch calls (Heavy {HEAVY_PER_SECOND}/s × {BATCH_SIZE} people) and single adds (Light {LIGHT_PER_SECOND}/s) run concurrently on separate budgets; a sliding 1 s window lets each send its limit at once and again 1 s later, so each second moves at most {PEOPLE_PER_WINDOW} people: {} people = {} windows, the last starting {} s after the first",
        options.rows,
        options.rows.div_ceil(PEOPLE_PER_WINDOW),
        least.send.as_secs()
    );
    println!(
        "  round trips: token; event reads (settings, questions and the registrants already there, 3 statuses listed concurrently, {PAGE_SIZE} a page: {} round trip(s) for this empty meeting); the last answer",
        least.listing_round_trips
    );
    println!(
        "  daily caps: not reached (at most {} Heavy calls of Pro's {HEAVY_DAILY_CAP} a day; each person sent once of Zoom's {REGISTRATIONS_PER_PERSON_PER_DAY} a day)",
        least.heavy_calls_if_all_batched
    );

    let naive_rows = options.naive_rows.unwrap_or(options.rows).min(options.rows);
    let script_people = people(naive_rows, "script");
    let naive = runtime.block_on(one_at_a_time(&sim, &script_people))?;
    let scale = options.rows as f64 / naive_rows.max(1) as f64;
    let naive_total = naive.as_secs_f64() * scale;
    let label = if naive_rows == options.rows {
        String::new()
    } else {
        format!(
            "  (EXTRAPOLATED: timed {naive_rows} rows, {:.2} s, scaled to {})",
            naive.as_secs_f64(),
            options.rows
        )
    };
    println!(
        "one request at a time: {naive_total:>8.2} s   = {:.1} × regdesk{label}",
        naive_total / elapsed.as_secs_f64()
    );
    println!();
    bench_copy(&sim, options.copy_rows, latency, &dir.path().join("data"))?;
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bench failed: {error}");
            ExitCode::FAILURE
        }
    }
}
