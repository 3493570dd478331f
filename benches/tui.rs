//! How fast the TUI draws and starts; prints figures, asserts nothing (the box is busy, timings are
//! for people to read). `cargo bench --bench tui`.
//!
//! - Rendering the registrants screen with 5,000 and with 50,000 rows (the largest webinars) on
//!   a 120×40 `TestBackend`: the median of many full frames, a keystroke in the search (update +
//!   frame; it reads every column of every status tab) with its median and max, and a sort
//!   change. Targets at 50,000: a keystroke under 5 ms median, a sort under 10 ms.
//! - Start to first frame, two ways: in process (App construction, the first screen's work
//!   issued, first frame drawn, no network) and the real binary (`regdesk --demo` in a tmux pane:
//!   process start until the first frame shows, and until the demo's meetings are listed).

use std::process::Command;
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use regdesk::tui::app::App;
use regdesk::tui::message::{Effect, Msg, Outcome};
use regdesk::tui::screens::meetings::MeetingsScreen;
use regdesk::tui::screens::registrants::RegistrantsScreen;
use regdesk::tui::testing::snapshot_config;
use regdesk::zoom::{EventKind, EventRef, Registrant};

/// List sizes benched: a big meeting and the largest webinars.
const SIZES: [usize; 2] = [5_000, 50_000];
const FRAMES: usize = 200;
const STARTS: usize = 5;

fn main() {
    println!("regdesk TUI bench (release build; {} CPUs)", cpus());
    for rows in SIZES {
        registrants_screen(rows);
    }
    first_frame_in_process();
    first_frame_of_the_binary();
}

fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn show(what: &str, samples: Vec<Duration>) {
    let count = samples.len();
    let max = samples.iter().max().copied().unwrap_or_default();
    println!(
        "{what:<58} median {:>9.3} ms  (max {:>8.3} ms, n={count})",
        median(samples).as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3
    );
}

/// A made-up registrant; every tenth is pending, every 50th denied.
fn person(index: usize) -> Registrant {
    const FIRST: [&str; 7] = ["Ana", "Bilal", "Chen", "Dora", "Emeka", "Fatima", "Goran"];
    const LAST: [&str; 6] = ["Souza", "Haddad", "Wei", "Novak", "Okafor", "Lindqvist"];
    let status = match index {
        i if i % 50 == 0 => "denied",
        i if i % 10 == 0 => "pending",
        _ => "approved",
    };
    let first = FIRST[index % FIRST.len()];
    let last = LAST[(index / FIRST.len()) % LAST.len()];
    let value = serde_json::json!({
        "id": format!("bench{index:05}"),
        "email": format!("{}.{}{index}@bench.example", first.to_lowercase(), last.to_lowercase()),
        "first_name": first,
        "last_name": last,
        "org": "Bench Org",
        "status": status,
        "create_time": format!("2026-10-{:02}T{:02}:{:02}:00Z", 1 + index % 28, index % 24, index % 60),
    });
    match serde_json::from_value(value) {
        Ok(registrant) => registrant,
        Err(error) => panic!("bench registrant {index}: {error}"),
    }
}

fn press(app: &mut App, code: KeyCode) {
    app.update(Msg::Input(Event::Key(KeyEvent::new(
        code,
        KeyModifiers::NONE,
    ))));
}

fn terminal() -> Terminal<TestBackend> {
    match Terminal::new(TestBackend::new(120, 40)) {
        Ok(terminal) => terminal,
        Err(never) => match never {},
    }
}

fn frame(terminal: &mut Terminal<TestBackend>, app: &App) -> Duration {
    let started = Instant::now();
    match terminal.draw(|frame| app.render(frame)) {
        Ok(_) => started.elapsed(),
        Err(never) => match never {},
    }
}

fn registrants_screen(rows: usize) {
    let event = EventRef {
        kind: EventKind::Meeting,
        id: 86_350_218_847,
    };
    let screen = RegistrantsScreen::new(event, "Bench meeting".to_owned(), None);
    let mut app = App::new(snapshot_config(), Box::new(screen));
    let effects = app.start();
    let Some(request) = effects.iter().find_map(|effect| match effect {
        Effect::LoadRegistrants { request, .. } => Some(*request),
        _ => None,
    }) else {
        panic!("the registrants screen did not load its list: {effects:?}");
    };
    let people: Vec<Registrant> = (0..rows).map(person).collect();
    let started = Instant::now();
    app.update(Msg::Done {
        request,
        outcome: Outcome::Registrants(Ok(people)),
    });
    let accepted = started.elapsed();
    println!(
        "taking a loaded list of {rows} registrants (update)          {:>9.3} ms",
        accepted.as_secs_f64() * 1e3
    );

    let mut terminal = terminal();
    // Approved is the big tab: 88% of the rows.
    press(&mut app, KeyCode::Tab);
    let frames: Vec<Duration> = (0..FRAMES).map(|_| frame(&mut terminal, &app)).collect();
    show(
        &format!("render registrants, {rows} rows, 120x40 (one frame)"),
        frames,
    );
    // Moving the cursor changes what is drawn every frame (no diff shortcut).
    let moves: Vec<Duration> = (0..FRAMES)
        .map(|_| {
            let started = Instant::now();
            press(&mut app, KeyCode::Down);
            frame(&mut terminal, &app);
            started.elapsed()
        })
        .collect();
    show("cursor down: update + frame", moves);

    let mut keystrokes = Vec::new();
    for _ in 0..20 {
        press(&mut app, KeyCode::Char('/'));
        for c in "okafor1".chars() {
            let started = Instant::now();
            press(&mut app, KeyCode::Char(c));
            frame(&mut terminal, &app);
            keystrokes.push(started.elapsed());
        }
        // Empty the filter again for the next round.
        for _ in 0.."okafor1".len() {
            press(&mut app, KeyCode::Backspace);
        }
        press(&mut app, KeyCode::Enter);
    }
    show(
        &format!("search keystroke over {rows} (every column, every tab): update + frame"),
        keystrokes,
    );

    let sorts: Vec<Duration> = (0..60)
        .map(|_| {
            let started = Instant::now();
            press(&mut app, KeyCode::Char('s'));
            frame(&mut terminal, &app);
            started.elapsed()
        })
        .collect();
    show(&format!("sort change over {rows}: update + frame"), sorts);
}

fn first_frame_in_process() {
    let samples: Vec<Duration> = (0..FRAMES)
        .map(|_| {
            let started = Instant::now();
            let mut app = App::new(snapshot_config(), Box::new(MeetingsScreen::new()));
            let effects = app.start();
            assert!(!effects.is_empty(), "the meetings screen loads its list");
            let mut terminal = terminal();
            frame(&mut terminal, &app);
            started.elapsed()
        })
        .collect();
    show(
        "in process: App::new + start + first frame (no network)",
        samples,
    );
}

/// The real binary in a tmux pane: from starting the process until its first frame is on screen,
/// and until the demo's meetings are listed (in-process simulator with ~100 ms latency).
fn first_frame_of_the_binary() {
    if !Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|output| output.status.success())
    {
        println!("the real binary: SKIPPED (tmux is not installed)");
        return;
    }
    let binary = env!("CARGO_BIN_EXE_regdesk");
    let mut first_frames = Vec::new();
    let mut listed = Vec::new();
    for run in 0..STARTS {
        let dir = match tempfile::tempdir() {
            Ok(dir) => dir,
            Err(error) => panic!("temp dir: {error}"),
        };
        let socket = dir.path().join("tmux.sock");
        let home = dir.path().display().to_string();
        let tmux = |args: &[&str]| match Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args(args)
            .output()
        {
            Ok(output) => String::from_utf8_lossy(&output.stdout).into_owned(),
            Err(error) => panic!("tmux: {error}"),
        };
        let command = format!(
            "env HOME='{home}' XDG_CONFIG_HOME='{home}/config' XDG_DATA_HOME='{home}/data' \
             REGDESK_CONFIG_DIR='{home}/regdesk-config' REGDESK_DATA_DIR='{home}/regdesk-data' \
             '{binary}' --demo; sleep 60"
        );
        let started = Instant::now();
        tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "bench",
            "-x",
            "120",
            "-y",
            "40",
            &command,
        ]);
        let mut first_frame = None;
        loop {
            let screen = tmux(&["capture-pane", "-p", "-t", "bench"]);
            if first_frame.is_none() && screen.contains(" regdesk ") {
                first_frame = Some(started.elapsed());
            }
            if screen.contains("Meetings (") && screen.contains("Customer Advisory Board") {
                listed.push(started.elapsed());
                break;
            }
            if started.elapsed() > Duration::from_secs(30) {
                println!("run {run}: no meetings within 30 s; the pane shows:\n{screen}");
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        first_frames.extend(first_frame);
        tmux(&["kill-server"]);
    }
    show(
        "real binary in tmux: process start → first frame",
        first_frames,
    );
    show(
        "real binary in tmux: process start → demo meetings listed",
        listed,
    );
    println!("  (tmux figures include tmux starting the pane and a capture-pane poll of ~2-5 ms)");
}
