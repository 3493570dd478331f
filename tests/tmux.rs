//! `regdesk --demo` in a real terminal: tmux runs the built binary in a 120×40 pane, `send-keys`
//! types, `capture-pane -p` reads what a person would see. This catches what in-process tests
//! cannot: raw mode, the alternate screen, and leaving the shell's terminal as it was — after `q`,
//! after Ctrl-C and after SIGTERM.
//!
//! Each test runs its own tmux server on a private socket, with HOME, XDG and regdesk's dirs in a
//! temporary directory. Conditions are awaited by polling the pane until a deadline. Without tmux
//! the tests skip with a notice, unless REGDESK_REQUIRE_SYSTEM_TESTS=1 (tests/run) makes that a
//! failure.

// A test crate: an unmet `expect` is the test failing (clippy.toml allows it only inside
// `#[test]` functions, not in the helpers around them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// How long any one screen condition may take on a busy 2-core box.
const DEADLINE: Duration = Duration::from_secs(45);
/// How often the pane is read while waiting.
const POLL: Duration = Duration::from_millis(50);
const PROMPT: &str = "regdesk-test$ ";
const ADVISORY_TOPIC: &str = "Customer Advisory Board";
/// A webinar with manual approval, hosted by Maya Lindqvist, who cannot register for it.
const PARTNER_TOPIC: &str = "Partner Enablement";
const PARTNER_HOST: &str = "maya.lindqvist@northwind-events.example";

/// Whether tmux can run here; `None` (after a notice) when the test should skip.
fn tmux_available() -> Option<()> {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|output| output.status.success());
    if found {
        return Some(());
    }
    if std::env::var("REGDESK_REQUIRE_SYSTEM_TESTS").as_deref() == Ok("1") {
        panic!("tmux is required (REGDESK_REQUIRE_SYSTEM_TESTS=1) but cannot be run");
    }
    eprintln!("SKIPPED: tmux is not installed; the real-terminal tests did not run");
    None
}

/// A tmux server with one 120×40 session running a plain bash, and the dirs it lives in.
struct Pane {
    dir: tempfile::TempDir,
    socket: PathBuf,
}

impl Pane {
    fn start() -> Pane {
        let dir = tempfile::tempdir().expect("temp dir");
        let socket = dir.path().join("tmux.sock");
        let home = dir.path().join("home");
        for sub in [
            "",
            "config",
            "data",
            "state",
            "cache",
            "regdesk-config",
            "regdesk-data",
        ] {
            std::fs::create_dir_all(home.join(sub)).expect("home dirs");
        }
        // bash reads this instead of any user's rc: isolated dirs and a prompt to wait for.
        let mut rc = String::new();
        for (variable, value) in [
            ("HOME", home.clone()),
            ("XDG_CONFIG_HOME", home.join("config")),
            ("XDG_DATA_HOME", home.join("data")),
            ("XDG_STATE_HOME", home.join("state")),
            ("XDG_CACHE_HOME", home.join("cache")),
            ("REGDESK_CONFIG_DIR", home.join("regdesk-config")),
            ("REGDESK_DATA_DIR", home.join("regdesk-data")),
        ] {
            rc.push_str(&format!("export {variable}='{}'\n", value.display()));
        }
        rc.push_str(&format!(
            "PS1='{PROMPT}'\nHISTFILE=/dev/null\nunset PROMPT_COMMAND\n"
        ));
        let rc_file = dir.path().join("bashrc");
        std::fs::write(&rc_file, rc).expect("bashrc");
        let pane = Pane { dir, socket };
        pane.tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "regdesk",
            "-x",
            "120",
            "-y",
            "40",
            &format!("bash --noprofile --rcfile '{}' -i", rc_file.display()),
        ]);
        pane.wait_for("the shell prompt", |screen| {
            screen
                .lines()
                .any(|line| line.trim_end() == PROMPT.trim_end())
        });
        pane
    }

    fn tmux<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> Output {
        let output = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs");
        assert!(
            output.status.success(),
            "tmux {:?} failed: {}",
            args.iter()
                .map(|a| a.as_ref().to_owned())
                .collect::<Vec<_>>(),
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Types `text` literally (no key names).
    fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "regdesk", "-l", text]);
    }

    /// Presses keys by tmux name (`Enter`, `Escape`, `C-s`, `Tab`).
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "regdesk"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Runs a shell command line in the pane.
    fn run(&self, line: &str) {
        self.type_text(line);
        self.keys(&["Enter"]);
    }

    fn screen(&self) -> String {
        let output = self.tmux(&["capture-pane", "-p", "-t", "regdesk"]);
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn format(&self, format: &str) -> String {
        let output = self.tmux(&["display-message", "-p", "-t", "regdesk", format]);
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    /// Polls the pane until `condition` holds on two reads in a row and returns the later one;
    /// panics with the screen after [`DEADLINE`]. One read is not enough: tmux applies a frame
    /// as its bytes arrive, so a read can catch half of one frame over the rest of the last
    /// (seen in CI: a reopened form showing the previous frame's empty fields).
    fn wait_for(&self, what: &str, condition: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        let mut held_before = false;
        loop {
            let screen = self.screen();
            let holds = condition(&screen);
            if holds && held_before {
                return screen;
            }
            held_before = holds;
            assert!(
                started.elapsed() < DEADLINE,
                "no {what} within {DEADLINE:?}; the pane shows:\n{screen}"
            );
            std::thread::sleep(POLL);
        }
    }

    fn wait_for_text(&self, text: &str) -> String {
        self.wait_for(&format!("{text:?}"), |screen| screen.contains(text))
    }

    /// Saves the terminal's settings (`stty -g`) under `name` and waits until the shell is done.
    fn save_stty(&self, name: &str) -> String {
        let file = self.path(name);
        let marker = format!("saved-{name}");
        self.run(&format!("stty -g > '{}'; echo {marker}", file.display()));
        self.wait_for(&format!("the shell saving {name}"), |screen| {
            screen.lines().any(|line| line.trim() == marker)
        });
        std::fs::read_to_string(&file)
            .expect("stty output")
            .trim()
            .to_owned()
    }

    /// Starts regdesk --demo from the shell, its pid written to `pid`, and waits for the
    /// meetings.
    fn start_regdesk(&self) {
        self.start_regdesk_with("");
    }

    /// [`Pane::start_regdesk`] with `env` (`NAME=value …`, shell-safe) in regdesk's environment.
    fn start_regdesk_with(&self, env: &str) {
        let binary = env!("CARGO_BIN_EXE_regdesk");
        // `exec` keeps the pid written by the shell the pid of regdesk (for the SIGTERM test).
        self.run(&format!(
            "clear; {env} sh -c 'echo $$ > \"$1\"; exec \"$0\" --demo' '{binary}' '{}'; echo \"regdesk-exit=$?\"",
            self.path("pid").display()
        ));
        self.wait_for("the meetings list of the demo", |screen| {
            screen.contains("Meetings (") && screen.contains(ADVISORY_TOPIC)
        });
    }

    /// After regdesk ended: the shell prompt is back, the alternate screen is gone and the
    /// terminal's settings are those saved before.
    fn assert_terminal_restored(&self, before: &str) {
        let screen = self.wait_for("regdesk's exit and the prompt", |screen| {
            let exited = screen.lines().any(|line| {
                line.strip_prefix("regdesk-exit=")
                    .is_some_and(|code| code.starts_with(|c: char| c.is_ascii_digit()))
            });
            exited && screen.trim_end().ends_with(PROMPT.trim_end())
        });
        assert_eq!(
            self.format("#{alternate_on}"),
            "0",
            "the alternate screen is left:\n{screen}"
        );
        assert_eq!(
            self.format("#{cursor_flag}"),
            "1",
            "the cursor is visible again"
        );
        assert_eq!(self.save_stty("after"), before, "stty -g before and after");
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        // Ends this test's server only (its own socket).
        if let Err(error) = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .output()
        {
            eprintln!("could not stop the test's tmux server: {error}");
        }
    }
}

/// "expires in 59:58" → "59:58", from the live pane's token line.
fn countdown(screen: &str) -> Option<String> {
    let start = screen.find("expires in ")? + "expires in ".len();
    let rest = &screen[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    Some(rest[..end].to_owned()).filter(|value| !value.is_empty())
}

fn pending_count(screen: &str) -> Option<usize> {
    let start = screen.find("Pending (")? + "Pending (".len();
    let rest = &screen[start..];
    rest[..rest.find(')')?].parse().ok()
}

/// A pane running regdesk --demo on its meetings, with the shell's `stty -g` from before; `None`
/// when tmux is missing (and the test should skip).
fn regdesk_in_a_pane() -> Option<(Pane, String)> {
    tmux_available()?;
    let pane = Pane::start();
    let before = pane.save_stty("before");
    pane.start_regdesk();
    Some((pane, before))
}

#[test]
fn a_session_in_a_real_terminal_adds_approves_and_leaves_it_as_it_was() {
    let Some((pane, before)) = regdesk_in_a_pane() else {
        return;
    };
    assert_eq!(
        pane.format("#{alternate_on}"),
        "1",
        "the app draws on the alternate screen"
    );

    // The live pane's token countdown moves on its own.
    let first = pane.wait_for("a token countdown", |screen| countdown(screen).is_some());
    let first = countdown(&first).unwrap_or_default();
    pane.wait_for("the countdown to move", |screen| {
        countdown(screen).is_some_and(|now| now != first)
    });

    // Open the advisory board (manual approval).
    pane.type_text(&format!("/{ADVISORY_TOPIC}"));
    pane.keys(&["Enter"]);
    pane.wait_for("only the advisory board", |screen| {
        screen.contains(&format!("/{ADVISORY_TOPIC}"))
    });
    pane.keys(&["Enter"]);
    let list = pane.wait_for("the registrants", |screen| {
        pending_count(screen).is_some() && !screen.contains("Loading registrants")
    });
    let pending = pending_count(&list).unwrap_or_default();

    // Add one person through the form; q and ? type into it.
    pane.type_text("a");
    pane.wait_for("the form with its questions", |screen| {
        screen.contains("New registrant") && screen.contains("What is your role")
    });
    for value in [
        "quinn.qa@example.com",
        "Quinn?",
        "Tester",
        "Northwind",
        "QA lead",
        "",
    ] {
        pane.type_text(value);
        pane.keys(&["Enter"]);
    }
    pane.type_text("e");
    pane.keys(&["C-s"]);
    let screen = pane.wait_for_text("pending approval");
    assert!(
        screen.contains("Quinn? Tester <quinn.qa@example.com>"),
        "{screen}"
    );
    pane.wait_for("the add in the live pane", |screen| {
        screen.contains("POST") && screen.contains("/meetings/86350218847/registrants 201")
    });

    // Back to the list, which reloads with one more pending; approve the current one.
    pane.keys(&["Escape"]);
    pane.wait_for("the reloaded list", |screen| {
        pending_count(screen) == Some(pending + 1) && !screen.contains("New registrant")
    });
    pane.type_text("A");
    pane.wait_for_text("Approve 1 registrant");
    pane.type_text("y");
    let screen = pane.wait_for("the approval", |screen| {
        screen.contains("Approved 1 registrant") && pending_count(screen) == Some(pending)
    });
    assert!(
        screen.contains("/registrants/status 204"),
        "the live pane shows the call:\n{screen}"
    );

    // Esc to the meetings, q quits.
    pane.keys(&["Escape"]);
    pane.wait_for_text("Meetings (");
    pane.type_text("q");
    pane.assert_terminal_restored(&before);
    assert!(
        pane.screen().contains("regdesk-exit=0"),
        "{}",
        pane.screen()
    );
}

/// Zoom refuses a person after the form cleared (the webinar's host registering for it): the
/// side pane names the field and Zoom's reason; Ctrl-O, Enter put the entry back into the form,
/// filled in, to correct and send again; the list then shows the person.
#[test]
fn a_rejected_entry_is_recovered_corrected_and_resent() {
    let Some((pane, before)) = regdesk_in_a_pane() else {
        return;
    };
    pane.keys(&["Tab"]);
    pane.wait_for_text("Webinars (");
    pane.type_text(&format!("/{PARTNER_TOPIC}"));
    pane.keys(&["Enter"]);
    pane.wait_for("only the partner webinar", |screen| {
        screen.contains(&format!("/{PARTNER_TOPIC}"))
    });
    pane.keys(&["Enter"]);
    let list = pane.wait_for("the registrants", |screen| {
        pending_count(screen).is_some() && !screen.contains("Loading registrants")
    });
    let pending = pending_count(&list).unwrap_or_default();

    pane.type_text("a");
    pane.wait_for("the form with its questions", |screen| {
        screen.contains("New registrant") && screen.contains("Partner tier *")
    });
    for value in [PARTNER_HOST, "Maya", "Lindqvist", "Northwind", "Host", ""] {
        pane.type_text(value);
        pane.keys(&["Enter"]);
    }
    pane.type_text("gold");
    pane.keys(&["Enter"]);
    let screen = pane.wait_for_text("refused · Email: The webinar's host cannot");
    assert!(screen.contains("Ctrl-O, then Enter"), "{screen}");

    pane.keys(&["C-o"]);
    pane.wait_for_text("Enter: reopen it in the form");
    pane.keys(&["Enter"]);
    let screen = pane.wait_for("the entry back in the form", |screen| {
        screen.contains("✗ Zoom refused it") && screen.contains(PARTNER_HOST)
    });
    for kept in ["Lindqvist", "Northwind", "Gold"] {
        assert!(screen.contains(kept), "{kept} is back:\n{screen}");
    }
    for _ in 0..PARTNER_HOST.chars().count() {
        pane.keys(&["BSpace"]);
    }
    pane.type_text("maya.home@example.com");
    pane.keys(&["C-s"]);
    pane.wait_for("the corrected entry sent", |screen| {
        screen.contains("Maya Lindqvist <maya.home@example.com>")
            && screen.contains("pending approval")
    });

    pane.keys(&["Escape"]);
    pane.wait_for("the list with one more pending", |screen| {
        !screen.contains("New registrant") && pending_count(screen) == Some(pending + 1)
    });
    pane.type_text("/maya.home");
    pane.wait_for("the filter showing the person", |screen| {
        screen.contains("/maya.home") && screen.contains("maya.home@example.com")
    });
    pane.keys(&["Escape"]);
    pane.wait_for("the filter cleared", |screen| {
        !screen.contains("/maya.home")
    });
    pane.keys(&["Escape"]);
    pane.wait_for_text("Meetings (");
    pane.type_text("q");
    pane.assert_terminal_restored(&before);
}

#[test]
fn ctrl_c_restores_the_terminal() {
    let Some((pane, before)) = regdesk_in_a_pane() else {
        return;
    };
    // From a text input, where letters type: Ctrl-C still quits.
    pane.type_text("/");
    pane.keys(&["C-c"]);
    pane.assert_terminal_restored(&before);
}

#[test]
fn sigterm_restores_the_terminal() {
    let Some((pane, before)) = regdesk_in_a_pane() else {
        return;
    };
    let pid = read_pid(&pane.path("pid"));
    let status = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -TERM {pid}");
    pane.assert_terminal_restored(&before);
}

fn read_pid(path: &Path) -> String {
    let pid = std::fs::read_to_string(path).expect("regdesk's pid file");
    let pid = pid.trim().to_owned();
    assert!(
        !pid.is_empty() && pid.chars().all(|c| c.is_ascii_digit()),
        "pid {pid:?}"
    );
    pid
}

/// Runs the demo with `REGDESK_DEBUG_PANIC=site` (the debug-build test hook), opens a meeting
/// (which makes it panic) and checks what is left: the shell's terminal as it was, exit code 1,
/// one line naming the report, and the report private with its location in it.
fn a_panic_leaves_the_terminal_and_a_report(site: &str, location: &str) {
    if tmux_available().is_none() {
        return;
    }
    let pane = Pane::start();
    let before = pane.save_stty("before");
    pane.start_regdesk_with(&format!("REGDESK_DEBUG_PANIC={site}"));
    pane.type_text(&format!("/{ADVISORY_TOPIC}"));
    pane.keys(&["Enter"]);
    pane.wait_for("only the advisory board", |screen| {
        screen.contains(&format!("/{ADVISORY_TOPIC}"))
    });
    pane.keys(&["Enter"]);

    pane.assert_terminal_restored(&before);
    let screen = pane.screen();
    assert!(screen.contains("regdesk-exit=1"), "{screen}");
    assert!(
        screen.contains(&format!("regdesk: internal error (a bug) at {location}")),
        "one short message says what happened:\n{screen}"
    );
    assert!(
        !screen.contains("Meetings ("),
        "no frame was drawn over the shell after the terminal was given back:\n{screen}"
    );

    let crashes = pane.path("home/regdesk-data/crashes");
    let reports: Vec<PathBuf> = std::fs::read_dir(&crashes)
        .unwrap_or_else(|error| panic!("no {}: {error}", crashes.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    assert_eq!(reports.len(), 1, "{reports:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&reports[0])
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the report is the user's only");
    }
    let report = std::fs::read_to_string(&reports[0]).expect("the report reads");
    assert!(
        report.contains(&format!("location: {location}")),
        "{report}"
    );
    assert!(report.contains("registrants"), "{report}");
}

#[test]
fn a_panicking_task_restores_the_terminal_exits_1_and_leaves_a_private_crash_report() {
    a_panic_leaves_the_terminal_and_a_report("tui", "src/tui/effects.rs:");
}

#[test]
fn a_panic_in_the_app_loop_restores_the_terminal_exits_1_and_leaves_a_private_crash_report() {
    a_panic_leaves_the_terminal_and_a_report("tui-loop", "src/tui/app.rs:");
}

/// A simulator in this test's process (its registrants are the ground truth), on a runtime that
/// serves it while the test drives tmux.
struct OwnSimulator {
    simulator: regdesk::sim::Simulator,
    _runtime: tokio::runtime::Runtime,
}

const STOP_TOPIC: &str = "Stop Test Briefing";
const STOP_MEETING: u64 = 81_555_000_111;

impl OwnSimulator {
    /// A meeting without registrants, every answer 150 ms late: an import of a few hundred
    /// single adds takes seconds.
    fn start() -> OwnSimulator {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        let simulator = runtime
            .block_on(regdesk::sim::Simulator::start(regdesk::sim::SimConfig {
                latency: Duration::from_millis(150),
                ..regdesk::sim::SimConfig::default()
            }))
            .expect("the simulator starts");
        simulator
            .create_meeting(serde_json::json!({
                "id": STOP_MEETING,
                "topic": STOP_TOPIC,
                "type": 2,
                "approval_type": 0,
                "questions": [{"field_name": "last_name", "required": false}],
            }))
            .expect("the meeting");
        OwnSimulator {
            simulator,
            _runtime: runtime,
        }
    }

    /// A shell file exporting what regdesk needs to use this simulator (sourced, so that the
    /// secret is on no command line).
    fn env_file(&self, pane: &Pane) -> PathBuf {
        let app = self.simulator.s2s_app();
        let path = pane.path("sim.env");
        let lines = [
            ("REGDESK_API_URL", self.simulator.api_url()),
            ("REGDESK_OAUTH_URL", self.simulator.oauth_url()),
            ("ZOOM_ACCOUNT_ID", app.account_id),
            ("ZOOM_CLIENT_ID", app.client_id),
            ("ZOOM_CLIENT_SECRET", app.client_secret),
            ("REGDESK_PLAN", "pro".to_owned()),
        ]
        .map(|(name, value)| format!("export {name}='{value}'\n"))
        .concat();
        std::fs::write(&path, lines).expect("the env file");
        path
    }

    fn registered(&self) -> Vec<String> {
        self.simulator
            .registrants(regdesk::sim::EventKind::Meeting, STOP_MEETING)
            .into_iter()
            .map(|person| person.email.to_lowercase())
            .collect()
    }
}

impl Pane {
    /// Starts regdesk on the simulator of `env` and opens the stop test's meeting.
    fn start_regdesk_on(&self, env: &Path) {
        let binary = env!("CARGO_BIN_EXE_regdesk");
        self.run(&format!(
            "clear; . '{}'; '{binary}'; echo \"regdesk-exit=$?\"",
            env.display()
        ));
        self.wait_for("the meetings list", |screen| {
            screen.contains("Meetings (") && screen.contains(STOP_TOPIC)
        });
        self.type_text(&format!("/{STOP_TOPIC}"));
        self.keys(&["Enter"]);
        self.wait_for_text(&format!("/{STOP_TOPIC}"));
        self.keys(&["Enter"]);
        self.wait_for("the registrants", |screen| {
            screen.contains("Approved (") && !screen.contains("Loading registrants")
        });
    }

    /// Opens the import wizard on `file` and waits for `expect`.
    fn import_file(&self, file: &Path, expect: &str) {
        self.type_text("i");
        self.wait_for_text("File to import");
        self.type_text(&file.display().to_string());
        self.keys(&["Enter"]);
        self.wait_for_text(expect);
    }
}

/// "12/300 rows" → 12, from the run's gauge.
fn rows_done(screen: &str) -> Option<usize> {
    let at = screen.find("/300 rows")?;
    let digits: String = screen[..at]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().ok()
}

/// How long the question stays open while the simulator is watched: at the run's pace (about
/// 30 rows a second), sending on would register dozens. An observation window: the check is
/// that nothing changes in it, not how long anything takes.
const QUESTION_OPEN: Duration = Duration::from_millis(2_000);

#[test]
fn q_mid_import_pauses_sending_asks_stops_with_a_resume_hint_and_exit_130_and_resume_finishes() {
    if tmux_available().is_none() {
        return;
    }
    let sim = OwnSimulator::start();
    let pane = Pane::start();
    let before = pane.save_stty("before");
    let env = sim.env_file(&pane);
    let file = pane.path("three-hundred.csv");
    let mut csv = String::from("email,first_name,last_name,city\n");
    for n in 0..300 {
        csv.push_str(&format!("stop{n}@example.org,S{n},Person,Oslo\n"));
    }
    std::fs::write(&file, csv).expect("the file");

    pane.start_regdesk_on(&env);
    pane.import_file(&file, "Column → where");
    pane.keys(&["Enter"]);
    pane.wait_for_text("New: 300");
    pane.keys(&["Enter"]);
    pane.wait_for("some rows sent", |screen| {
        rows_done(screen).is_some_and(|done| done > 10)
    });

    // q asks; sending pauses while the question is open.
    pane.type_text("q");
    pane.wait_for_text("Stop the import and quit?");
    let paused = pane.wait_for_text("Sending is paused");
    let at_pause = sim.registered().len();
    let shown = rows_done(&paused);
    std::thread::sleep(QUESTION_OPEN);
    assert_eq!(
        sim.registered().len(),
        at_pause,
        "nobody was sent while the question was open"
    );
    assert_eq!(rows_done(&pane.screen()), shown, "the gauge stood still");
    assert!(at_pause < 300, "asked half-way: {at_pause}");

    // y: stops cleanly, says how to resume, exits 130.
    pane.type_text("y");
    pane.assert_terminal_restored(&before);
    let screen = pane.screen();
    assert!(screen.contains("regdesk-exit=130"), "{screen}");
    // The hint wraps at the pane's width: its words, not its line breaks, are checked.
    let words: Vec<&str> = screen.split_whitespace().collect();
    let resume = ["regdesk", "import", &STOP_MEETING.to_string()]
        .map(str::to_owned)
        .to_vec();
    assert!(
        words.windows(3).any(|three| three == resume.as_slice())
            && screen.contains("three-hundred.csv --resume"),
        "the resume hint stays on the shell's screen:\n{screen}"
    );
    assert_eq!(
        sim.registered().len(),
        at_pause,
        "nothing was sent after the pause"
    );
    let reports: Vec<PathBuf> = std::fs::read_dir(pane.path("home/regdesk-data/imports"))
        .expect("the imports folder")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.to_string_lossy().ends_with(".report.csv"))
        .collect();
    assert_eq!(reports.len(), 1, "the report is written: {reports:?}");

    // The next run resumes it: everyone registered, nobody twice.
    pane.start_regdesk_on(&env);
    pane.import_file(&file, "did not finish");
    pane.keys(&["Enter"]);
    pane.wait_for_text("Resuming the import");
    pane.keys(&["Enter"]);
    pane.wait_for_text("Import finished.");
    let mut emails = sim.registered();
    let count = emails.len();
    emails.sort();
    emails.dedup();
    assert_eq!(emails.len(), count, "nobody registered twice");
    assert_eq!(count, 300, "everyone registered");
    assert_eq!(sim.simulator.stats().repeat_registrations, 0);
    pane.keys(&["C-c"]);
    pane.assert_terminal_restored(&before);
    assert!(
        pane.screen().contains("regdesk-exit=0"),
        "{}",
        pane.screen()
    );
}

/// At 80×24 (a laptop's split pane): the registrants of the advisory board with their tabs,
/// rows, the live strip and the hint row with `? help`; `H` gives the live pane's rows to the
/// list; help scrolls to its last section; `C` on a pending person sends nothing and says why.
#[test]
fn the_80x24_layout_hides_the_live_pane_scrolls_help_and_offers_only_what_applies() {
    let Some((pane, before)) = regdesk_in_a_pane() else {
        return;
    };
    pane.tmux(&["resize-window", "-t", "regdesk", "-x", "80", "-y", "24"]);
    pane.wait_for("the 80-column frame", |screen| {
        screen.lines().all(|line| line.chars().count() <= 80) && screen.contains("Meetings (")
    });
    pane.type_text(&format!("/{ADVISORY_TOPIC}"));
    pane.keys(&["Enter"]);
    pane.wait_for_text("filter: Customer Advisory");
    pane.keys(&["Enter"]);
    let list = pane.wait_for("the registrants at 80×24", |screen| {
        pending_count(screen).is_some() && !screen.contains("Loading registrants")
    });
    assert!(list.contains("Live · L enlarges"), "{list}");
    assert!(list.contains("? help"), "{list}");
    assert!(
        !list.contains("C cancel"),
        "cancel is not offered on pending:\n{list}"
    );
    let rows_with_live = list.lines().filter(|line| line.contains("@")).count();

    pane.type_text("H");
    let collapsed = pane.wait_for("the live pane collapsed", |screen| {
        !screen.contains("Live · L enlarges")
    });
    let rows_without = collapsed.lines().filter(|line| line.contains("@")).count();
    assert!(
        rows_without > rows_with_live,
        "{rows_with_live} rows before, {rows_without} after:\n{collapsed}"
    );

    pane.type_text("?");
    pane.wait_for_text("Keys ·");
    pane.type_text("x");
    pane.keys(&["End"]);
    let help = pane.wait_for_text("quit from anywhere");
    assert!(
        help.contains("Keys ·"),
        "a stray key leaves help open:\n{help}"
    );
    pane.keys(&["Escape"]);
    pane.wait_for("help closed", |screen| !screen.contains("Keys ·"));

    pane.type_text("C");
    pane.wait_for_text("Nothing to cancel");
    pane.wait_for_text("Zoom cancels approved registrants only");

    pane.keys(&["Escape"]);
    pane.wait_for_text("Meetings (1 of");
    pane.type_text("q");
    pane.assert_terminal_restored(&before);
}

/// `regdesk copy` on a terminal asks once per required question the source cannot answer (a
/// choice question offering its first answer as the default) and uses the answer for everyone.
#[test]
fn copy_asks_once_per_missing_answer_on_a_terminal_and_uses_it_for_everyone() {
    use regdesk::sim::{EventKind, Plan, SimConfig, Simulator};
    use serde_json::json;

    if tmux_available().is_none() {
        return;
    }
    let runtime = tokio::runtime::Runtime::new().expect("a runtime for the simulator");
    let sim = runtime
        .block_on(Simulator::start(SimConfig {
            plan: Plan::Unlimited,
            ..SimConfig::default()
        }))
        .expect("the simulator starts");
    let source = sim
        .create_meeting(json!({"type": 2, "approval_type": 0, "registrants": [
            {"email": "ann@example.org", "first_name": "Ann"},
            {"email": "bo@example.org", "first_name": "Bo"},
        ]}))
        .unwrap();
    let target = sim
        .create_meeting(json!({"type": 2, "approval_type": 0, "custom_questions": [
            {"title": "Role", "type": "single", "required": true, "answers": ["Speaker", "Guest"]},
            {"title": "Team", "type": "short", "required": true},
        ]}))
        .unwrap();
    let pane = Pane::start();
    // The simulator's credentials reach regdesk through a file the shell reads, not a command line.
    let app = sim.s2s_app();
    let env_file = pane.path("sim-env.sh");
    std::fs::write(
        &env_file,
        format!(
            "export REGDESK_API_URL='{}' REGDESK_OAUTH_URL='{}' ZOOM_ACCOUNT_ID='{}' ZOOM_CLIENT_ID='{}' ZOOM_CLIENT_SECRET='{}' REGDESK_PLAN=unlimited\n",
            sim.api_url(),
            sim.oauth_url(),
            app.account_id,
            app.client_id,
            app.client_secret
        ),
    )
    .unwrap();
    pane.run(&format!(
        "clear; . '{}'; '{}' copy {source} {target}; echo \"regdesk-exit=$?\"",
        env_file.display(),
        env!("CARGO_BIN_EXE_regdesk")
    ));
    pane.wait_for_text("question \"Role\" (2 people have none) [Speaker]:");
    pane.keys(&["Enter"]);
    pane.wait_for_text("question \"Team\" (2 people have none):");
    pane.type_text("Blue");
    pane.keys(&["Enter"]);
    let screen = pane.wait_for_text("regdesk-exit=");
    assert!(screen.contains("regdesk-exit=0"), "{screen}");
    assert_eq!(screen.matches("people have none").count(), 2, "{screen}");
    let registrants = sim.registrants(EventKind::Meeting, target);
    assert_eq!(registrants.len(), 2);
    for registrant in registrants {
        let answers = registrant.json["custom_questions"].to_string();
        assert!(
            answers.contains("\"Speaker\"") && answers.contains("\"Blue\""),
            "{}: {answers}",
            registrant.email
        );
    }
}

/// `w` in a real terminal: someone who registers at Zoom while the list is watched shows up by
/// itself, marked `+` and counted in the title; `W` marks them seen; `v` shows the charts.
#[test]
fn watching_in_a_real_terminal_shows_a_newcomer_marked_and_counted_until_seen() {
    if tmux_available().is_none() {
        return;
    }
    let sim = OwnSimulator::start();
    let pane = Pane::start();
    let before = pane.save_stty("before");
    let env = sim.env_file(&pane);
    pane.start_regdesk_on(&env);
    pane.type_text("w");
    pane.wait_for_text("watching every");

    sim._runtime
        .block_on(async {
            let client = regdesk::session::Session::on_simulator(&sim.simulator, "someone else")
                .expect("a session")
                .client;
            client
                .add_registrant(
                    regdesk::zoom::EventRef::meeting(STOP_MEETING),
                    &regdesk::zoom::NewRegistrant::new("wren.okoye@example.org", "Wren"),
                    &regdesk::zoom::AddOptions::default(),
                )
                .await
        })
        .expect("the simulator registers them");
    let screen = pane.wait_for("the newcomer, counted in the title", |screen| {
        screen.contains("wren.okoye@example.org") && screen.contains("· 1 new")
    });
    let row = screen
        .lines()
        .find(|line| line.contains("wren.okoye@example.org"))
        .unwrap_or_default();
    assert!(row.trim_start().starts_with('+'), "marked +: {row:?}");

    pane.type_text("W");
    pane.wait_for("the newcomer seen", |screen| {
        screen.contains("wren.okoye@example.org") && !screen.contains("1 new")
    });
    pane.type_text("v");
    pane.wait_for_text("Registrations per day (UTC)");
    pane.keys(&["C-c"]);
    pane.assert_terminal_restored(&before);
    assert!(
        pane.screen().contains("regdesk-exit=0"),
        "{}",
        pane.screen()
    );
}

/// Copy to… in the real binary: the selection of one meeting copied into another through the
/// picker, the target's required choice answered with its default once, the dry run's counts,
/// the run and its report; the simulator then holds each person once, with the answer.
#[test]
fn copy_to_in_the_app_registers_the_selection_in_the_picked_meeting() {
    use regdesk::sim::{EventKind, Plan, SimConfig, Simulator};
    use serde_json::json;

    if tmux_available().is_none() {
        return;
    }
    let runtime = tokio::runtime::Runtime::new().expect("a runtime for the simulator");
    let sim = runtime
        .block_on(Simulator::start(SimConfig {
            plan: Plan::Unlimited,
            ..SimConfig::default()
        }))
        .expect("the simulator starts");
    sim.create_meeting(
        json!({"topic": "Tmux Copy Source", "type": 2, "approval_type": 0,
            "start_in_minutes": 300, "registrants": [
                {"email": "ann@example.org", "first_name": "Ann", "last_name": "Archer"},
                {"email": "bo@example.org", "first_name": "Bo", "last_name": "Berg"},
        ]}),
    )
    .unwrap();
    let target = sim
        .create_meeting(json!({"topic": "Tmux Copy Target", "type": 2, "approval_type": 0,
            "start_in_minutes": 600, "custom_questions": [
            {"title": "Role", "type": "single", "required": true, "answers": ["Speaker", "Guest"]},
        ]}))
        .unwrap();
    let pane = Pane::start();
    let before = pane.save_stty("before");
    let app = sim.s2s_app();
    let env_file = pane.path("sim-env.sh");
    std::fs::write(
        &env_file,
        format!(
            "export REGDESK_API_URL='{}' REGDESK_OAUTH_URL='{}' ZOOM_ACCOUNT_ID='{}' ZOOM_CLIENT_ID='{}' ZOOM_CLIENT_SECRET='{}' REGDESK_PLAN=unlimited\n",
            sim.api_url(),
            sim.oauth_url(),
            app.account_id,
            app.client_id,
            app.client_secret
        ),
    )
    .unwrap();
    pane.run(&format!(
        "clear; . '{}'; '{}'; echo \"regdesk-exit=$?\"",
        env_file.display(),
        env!("CARGO_BIN_EXE_regdesk")
    ));
    pane.wait_for("the meetings list", |screen| {
        screen.contains("Meetings (") && screen.contains("Tmux Copy Source")
    });
    pane.type_text("/Tmux Copy Source");
    pane.keys(&["Enter"]);
    pane.wait_for_text("/Tmux Copy Source");
    pane.keys(&["Enter"]);
    pane.wait_for("the registrants", |screen| {
        screen.contains("Approved (2)") && !screen.contains("Loading registrants")
    });
    pane.type_text("*");
    pane.type_text("c");
    pane.wait_for_text("Into which meeting or webinar?");
    pane.type_text("tmux copy target");
    pane.wait_for_text("1 listed");
    pane.keys(&["Enter"]);
    let screen = pane.wait_for_text("> Speaker");
    assert!(screen.contains("1 of 1: "), "{screen}");
    pane.keys(&["Enter"]);
    let screen = pane.wait_for_text("Dry run: nothing has been sent yet.");
    assert!(
        screen.contains("Will register: 2 · already registered: 0 · cannot: 0"),
        "{screen}"
    );
    pane.keys(&["Enter"]);
    pane.wait_for_text("Copy finished.");
    pane.keys(&["Enter"]);
    pane.wait_for_text("Approved (2)");
    // q leaves the registrants, then quits from the meetings.
    pane.type_text("q");
    pane.wait_for_text("Tab meetings/webinars");
    pane.type_text("q");
    pane.assert_terminal_restored(&before);
    let registrants = sim.registrants(EventKind::Meeting, target);
    let mut emails: Vec<String> = registrants.iter().map(|r| r.email.clone()).collect();
    emails.sort();
    assert_eq!(emails, ["ann@example.org", "bo@example.org"]);
    for registrant in registrants {
        let answers = registrant.json["custom_questions"].to_string();
        assert!(
            answers.contains("\"Speaker\""),
            "{}: {answers}",
            registrant.email
        );
    }
}

/// `i` on the demo's meetings list opens the import for several events: a file naming two of
/// the demo's meetings by topic reaches one plan per event, in a real terminal.
#[test]
fn the_meetings_list_imports_a_file_naming_two_events_and_shows_a_plan_per_event() {
    let Some((pane, before)) = regdesk_in_a_pane() else {
        return;
    };
    let file = pane.path("two-events.csv");
    std::fs::write(
        &file,
        format!(
            "Email,First Name,Last Name,Meeting ID\n\
             tmux.one@example.org,Una,One,{ADVISORY_TOPIC} — Spring Session\n\
             tmux.two@example.org,Duo,Two,Onboarding Office Hours\n"
        ),
    )
    .expect("write the file");
    pane.type_text("i");
    pane.wait_for_text("File to import");
    pane.type_text(&file.display().to_string());
    pane.keys(&["Enter"]);
    let columns = pane.wait_for_text("Column → where");
    assert!(columns.contains("→ the event of each row"), "{columns}");
    pane.keys(&["Enter"]);
    let screen = pane.wait_for_text("Dry run: nothing has been sent yet.");
    for expected in [
        "2 event(s)",
        &format!("“{ADVISORY_TOPIC} — Spring Session” · 1 row"),
        "“Onboarding Office Hours” · 1 row",
        "questions no column answers",
    ] {
        assert!(screen.contains(expected), "{expected} in:\n{screen}");
    }
    assert!(!screen.contains("1 rows"), "one row is a row:\n{screen}");
    // Esc goes back to the columns, to the file, to the meetings; q quits.
    pane.keys(&["Escape"]);
    pane.wait_for_text("Column → where");
    pane.keys(&["Escape"]);
    pane.wait_for_text("File to import");
    pane.keys(&["Escape"]);
    pane.wait_for_text("Tab meetings/webinars");
    pane.type_text("q");
    pane.assert_terminal_restored(&before);
}

/// The attendance follow-up in a real terminal, on the demo: the past Customer Onboarding Clinic
/// shows who registered and stayed away and who came without registering, and leaves the
/// terminal as it was.
#[test]
fn the_attendance_of_a_past_meeting_lists_its_no_shows_and_walk_ins_in_a_real_terminal() {
    let Some((pane, before)) = regdesk_in_a_pane() else {
        return;
    };
    pane.wait_for_text("Tab meetings/webinars");
    // Past meetings are listed with u; the filter leaves the clinic alone.
    pane.type_text("u");
    pane.type_text("/");
    pane.type_text("Onboarding Clinic");
    pane.keys(&["Enter"]);
    pane.wait_for("the clinic alone", |screen| {
        screen.contains("Customer Onboarding Clinic") && !screen.contains("Events Team Weekly Sync")
    });
    pane.type_text("t");
    let screen = pane.wait_for("the no-shows", |screen| {
        screen.contains("Registered, absent (") && screen.contains("registered (Europe/Stockholm)")
    });
    // The header's counts and the tabs' agree, and the demo's clinic has both kinds of people.
    let count_before = |marker: &str| -> Option<usize> {
        let head = &screen[..screen.find(marker)?];
        let digits: String = head
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.chars().rev().collect::<String>().parse().ok()
    };
    let absent = count_before(" absent,").expect("the header counts the absent");
    let walk_ins = count_before(" walk-ins").expect("the header counts the walk-ins");
    assert!(absent > 0 && walk_ins > 0, "{screen}");
    assert!(
        screen.contains(&format!("Registered, absent ({absent})"))
            && screen.contains(&format!("Attended without registering ({walk_ins})")),
        "{screen}"
    );
    pane.keys(&["Tab"]);
    pane.wait_for_text("joined → left");
    pane.keys(&["Escape"]);
    pane.wait_for_text("Tab meetings/webinars");
    pane.type_text("q");
    pane.assert_terminal_restored(&before);
}
