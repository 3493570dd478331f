//! `regdesk registrants`: the registrants of a meeting or webinar, by status (Zoom lists only
//! approved ones unless asked; `--status all` lists all three), as a table, JSON or CSV; with
//! `--watch`, the people who register from now on, as they come (see [`watch`]).

use std::collections::HashSet;
use std::time::Duration;

use super::context::{build_client, resolve_event};
use super::output::{print_json, print_json_line, render_table, short_time, usage, write_csv};
use super::{ExitCode, GlobalArgs, OutputFormat, RegistrantsArgs, StatusFilter};
use crate::registrant_fields::person::full_name;
use crate::session::export::registrant_csv;
use crate::text::terminal;
use crate::zoom::watch_pace::{WatchPace, calls_per_look, seconds_text, watch_floor};
use crate::zoom::{Category, RateLimitSnapshot};
use crate::zoom::{EventRef, ListStatus, Registrant, ZoomClient, ZoomError};

/// The registrants a status filter selects.
pub async fn fetch(
    client: &ZoomClient,
    event: EventRef,
    status: StatusFilter,
    occurrence: Option<&str>,
) -> Result<Vec<Registrant>, ZoomError> {
    let single = match status {
        StatusFilter::All => return client.list_all_registrants(event, occurrence).await,
        StatusFilter::Pending => ListStatus::Pending,
        StatusFilter::Approved => ListStatus::Approved,
        StatusFilter::Denied => ListStatus::Denied,
    };
    client.list_registrants(event, single, occurrence).await
}

pub async fn run(args: RegistrantsArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let client = build_client(global).await?;
    let least = if args.watch {
        Some(check_watch_args(&client, &args)?)
    } else {
        None
    };
    let event = resolve_event(&client, args.meeting_id, args.webinar).await?;
    if least.is_some() {
        return watch(&client, event, &args).await;
    }
    let registrants = fetch(&client, event, args.status, args.occurrence.as_deref()).await?;
    match args.format {
        OutputFormat::Json => print_json(&registrants)?,
        OutputFormat::Csv => {
            let (headers, rows) = registrant_csv(&registrants, &[]);
            write_csv(std::io::stdout().lock(), &headers, &rows)?;
        }
        OutputFormat::Table if registrants.is_empty() => {
            crate::note!("No {} of {event}.", describe(args.status));
        }
        OutputFormat::Table => {
            let rows: Vec<Vec<String>> = registrants
                .iter()
                .map(|registrant| {
                    let name = full_name(
                        &registrant.first_name,
                        registrant.fields.last_name.as_deref(),
                    );
                    vec![
                        registrant.id.clone(),
                        registrant.email.clone(),
                        name,
                        registrant.status.to_string(),
                        short_time(registrant.create_time, None),
                    ]
                })
                .collect();
            print!(
                "{}",
                render_table(&["ID", "EMAIL", "NAME", "STATUS", "REGISTERED"], &rows)
            );
            crate::note!("{} {}.", registrants.len(), describe(args.status));
        }
    }
    Ok(ExitCode::Ok)
}

fn describe(status: StatusFilter) -> &'static str {
    match status {
        StatusFilter::Pending => "pending registrants",
        StatusFilter::Approved => "approved registrants",
        StatusFilter::Denied => "denied registrants",
        StatusFilter::All => "registrants (all statuses)",
    }
}

/// Failed looks in a row that end a watch (each is reported; the client has retried it already).
const FAILED_LOOKS_TO_GIVE_UP: u32 = 5;

/// `--for`: "90s", "45m", "2h 30m" (jiff's friendly format or ISO 8601), or a bare number of
/// seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Ok(Duration::from_secs(seconds));
    }
    let parsed: jiff::SignedDuration = text
        .parse()
        .map_err(|error| format!("{text:?} is not a duration such as 90s, 45m or 2h ({error})"))?;
    Duration::try_from(parsed).map_err(|_| format!("{text:?} is negative"))
}

/// The Medium category's state as the client knows it (the plan's limits before any request).
fn medium_limits(client: &ZoomClient) -> Option<RateLimitSnapshot> {
    client
        .rate_limits()
        .into_iter()
        .find(|snapshot| snapshot.category == Category::Medium)
}

/// The least interval between looks of `calls` calls each, and why.
fn floor(client: &ZoomClient, calls: u32) -> (WatchPace, String) {
    let now = jiff::Timestamp::now();
    match medium_limits(client) {
        Some(medium) => {
            let pace = watch_floor(calls, &medium, now);
            let reason = pace.reason(&medium);
            (pace, reason)
        }
        None => (
            WatchPace {
                interval: crate::zoom::watch_pace::MIN_WATCH_INTERVAL,
                bound: crate::zoom::watch_pace::PaceBound::Minimum,
                calls_per_look: calls,
            },
            "the least regdesk waits between looks".to_owned(),
        ),
    }
}

/// The calls the next look will cost, from what this one listed.
fn calls_for(registrants: &[Registrant], status: StatusFilter) -> u32 {
    match status {
        StatusFilter::All => {
            let per_status: Vec<usize> = ListStatus::ALL
                .iter()
                .map(|tab| {
                    let status = tab.status();
                    registrants
                        .iter()
                        .filter(|registrant| registrant.status == status)
                        .count()
                })
                .collect();
            calls_per_look(&per_status)
        }
        _ => calls_per_look(&[registrants.len()]),
    }
}

/// How a watch ended.
enum WatchEnd {
    Interrupted,
    TimeUp,
    Counted,
}

/// The watch's flags, checked before anything is sent: the format, and `--interval` against the
/// floor the rate limits set. Returns the floor.
fn check_watch_args(client: &ZoomClient, args: &RegistrantsArgs) -> anyhow::Result<WatchPace> {
    if args.format == OutputFormat::Csv {
        return usage(
            "--watch prints table lines or JSON lines, not CSV\n\
             why: a CSV's columns depend on everyone in it, and a watch prints people one by one\n\
             fix: use --format json (one object a line) or table; `regdesk export` writes a CSV",
        );
    }
    let statuses = if args.status == StatusFilter::All {
        3
    } else {
        1
    };
    let (least, reason) = floor(client, statuses);
    if let Some(asked) = args.interval
        && Duration::from_secs(asked) < least.interval
    {
        let floor_secs = least.interval.as_secs();
        return usage(format!(
            "--interval {asked} is below the floor of {floor_secs} s between looks\n\
             why: {reason}\n\
             fix: give --interval {floor_secs} or more, or leave --interval out"
        ));
    }
    Ok(least)
}

/// `--watch`: the count now, then each new person as a line, until Ctrl-C, `--for` or `--count`.
async fn watch(
    client: &ZoomClient,
    event: EventRef,
    args: &RegistrantsArgs,
) -> anyhow::Result<ExitCode> {
    let occurrence = args.occurrence.as_deref();
    let started = tokio::time::Instant::now();
    let deadline = args.watch_for.map(|length| started + length);
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    let first = tokio::select! {
        _ = &mut ctrl_c => return Ok(summary(started, 0, 0, WatchEnd::Interrupted)),
        list = fetch(client, event, args.status, occurrence) => list?,
    };
    let mut seen: HashSet<String> = first.iter().map(|person| person.id.clone()).collect();
    let mut calls = calls_for(&first, args.status);
    let (pace, _) = floor(client, calls);
    let interval_of = |pace: &WatchPace| {
        args.interval.map_or(pace.interval, |asked| {
            Duration::from_secs(asked).max(pace.interval)
        })
    };
    crate::note!(
        "{} {} of {event} now. Watching for new ones every {} (Ctrl-C stops).",
        first.len(),
        describe(args.status),
        seconds_text(interval_of(&pace))
    );
    let (mut looks, mut arrivals, mut failures) = (1_u64, 0_u64, 0_u32);
    let mut slowed_to: Option<Duration> = None;
    let end = loop {
        let (pace, reason) = floor(client, calls);
        let interval = interval_of(&pace);
        if args
            .interval
            .is_some_and(|asked| Duration::from_secs(asked) < interval)
            && slowed_to.is_none_or(|before| before != interval)
        {
            crate::note!(
                "Looking every {} instead: {reason}.",
                seconds_text(interval)
            );
            slowed_to = Some(interval);
        }
        let mut wake = tokio::time::Instant::now() + interval;
        if let Some(deadline) = deadline {
            wake = wake.min(deadline);
        }
        tokio::select! {
            _ = &mut ctrl_c => break WatchEnd::Interrupted,
            () = tokio::time::sleep_until(wake) => {}
        }
        if deadline.is_some_and(|deadline| tokio::time::Instant::now() >= deadline) {
            break WatchEnd::TimeUp;
        }
        let listed = tokio::select! {
            _ = &mut ctrl_c => break WatchEnd::Interrupted,
            list = fetch(client, event, args.status, occurrence) => list,
        };
        looks += 1;
        let list = match listed {
            Ok(list) => {
                failures = 0;
                list
            }
            Err(error) => {
                failures += 1;
                if failures >= FAILED_LOOKS_TO_GIVE_UP {
                    return Err(error.into());
                }
                crate::note!(
                    "A look failed ({}); trying again at the next one.",
                    error.diagnosis().summary
                );
                continue;
            }
        };
        calls = calls_for(&list, args.status);
        let mut new: Vec<&Registrant> = list
            .iter()
            .filter(|person| !seen.contains(&person.id))
            .collect();
        new.sort_by_key(|person| person.create_time);
        let mut counted = false;
        for person in new {
            seen.insert(person.id.clone());
            print_arrival(person, args.format)?;
            arrivals += 1;
            if args.count.is_some_and(|count| arrivals >= count) {
                counted = true;
                break;
            }
        }
        if counted {
            break WatchEnd::Counted;
        }
    };
    Ok(summary(started, looks, arrivals, end))
}

/// One new person: a line of the table's columns, or one JSON object.
fn print_arrival(person: &Registrant, format: OutputFormat) -> anyhow::Result<()> {
    if format == OutputFormat::Json {
        return print_json_line(person);
    }
    let name = full_name(&person.first_name, person.fields.last_name.as_deref());
    let cells = [
        person.id.as_str(),
        person.email.as_str(),
        name.as_str(),
        person.status.as_str(),
        &short_time(person.create_time, None),
    ];
    let line: Vec<String> = cells
        .iter()
        .map(|cell| terminal::sanitise(cell).into_owned())
        .collect();
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", line.join("  "))?;
    stdout.flush()?;
    Ok(())
}

/// The watch's last line on stderr; a watch that ends as asked exits 0.
fn summary(started: tokio::time::Instant, looks: u64, arrivals: u64, end: WatchEnd) -> ExitCode {
    let why = match end {
        WatchEnd::Interrupted => "until Ctrl-C",
        WatchEnd::TimeUp => "until --for ran out",
        WatchEnd::Counted => "until --count was reached",
    };
    crate::note!(
        "Watched {} ({looks} look{}, {why}): {arrivals} new registrant{}.",
        seconds_text(Duration::from_secs(started.elapsed().as_secs())),
        if looks == 1 { "" } else { "s" },
        if arrivals == 1 { "" } else { "s" },
    );
    ExitCode::Ok
}
