//! What a newcomer reads and installs: shell completions that each shell accepts (and that offer
//! the profile names), a man page that renders, help with the global options apart, `--version`
//! with the commit, and help examples that all run against the simulator.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::support::*;

/// Whether a missing tool fails the test (tests/run sets it) or skips it with a notice.
fn tool_or_skip(tool: &str) -> bool {
    let found = std::process::Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !found {
        assert!(
            std::env::var_os("REGDESK_REQUIRE_SYSTEM_TESTS").is_none(),
            "{tool} is required here (tests/system-packages installs it)"
        );
        eprintln!(
            "notice: {tool} is not installed; its check is skipped (tests/system-packages installs it)"
        );
    }
    found
}

/// Runs `program args` with `input` as a file argument; its exit status and stderr.
fn check_with(program: &str, args: &[&str], file: &Path) -> (bool, String) {
    let output = std::process::Command::new(program)
        .args(args)
        .arg(file)
        .output()
        .expect("the checker runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test]
async fn every_shells_completion_script_parses_in_that_shell() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (shell, checker) in [
        ("bash", Some(("bash", vec!["-n"]))),
        ("zsh", Some(("zsh", vec!["-n"]))),
        ("fish", Some(("fish", vec!["--no-execute"]))),
        ("powershell", None),
        ("elvish", None),
    ] {
        let run = run_with_env(&["completions", shell], &[]).await.ok();
        assert!(
            run.stdout.contains("regdesk") && run.stdout.contains("registrants"),
            "{shell}: {}",
            run.stdout
        );
        let Some((program, args)) = checker else {
            continue;
        };
        if !tool_or_skip(program) {
            continue;
        }
        let file = dir.path().join(format!("regdesk.{shell}"));
        std::fs::write(&file, &run.stdout).expect("write the script");
        let (ok, stderr) = check_with(program, &args, &file);
        assert!(ok, "{shell} rejects its completion script: {stderr}");
    }
}

/// A config dir holding two profiles (no secrets needed to list them).
fn config_with_profiles() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("profiles.toml"),
        "default = \"acme\"\n[profiles.acme]\napp = \"server-to-server\"\nstore = \"keyutils\"\n\
         [profiles.globex-eu]\napp = \"server-to-server\"\nstore = \"keyutils\"\n",
    )
    .expect("write profiles");
    dir
}

/// The folder of the regdesk binary under test, first on PATH, as an installed one would be.
fn path_with_regdesk() -> String {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_regdesk"));
    let dir = bin.parent().expect("the binary's folder");
    format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

#[tokio::test]
async fn bash_zsh_and_fish_complete_profile_names_after_profile() {
    let config = config_with_profiles();
    let config_dir = config.path().to_string_lossy().into_owned();
    let run = run_with_env(
        &["__complete-profiles"],
        &[("REGDESK_CONFIG_DIR", config_dir.as_str())],
    )
    .await
    .ok();
    assert_eq!(run.stdout, "acme\nglobex-eu\n");

    if tool_or_skip("bash") {
        let script = run_with_env(&["completions", "bash"], &[])
            .await
            .ok()
            .stdout;
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("regdesk.bash");
        std::fs::write(&file, script).expect("write");
        let complete = |words: &str, current: usize| {
            let output = std::process::Command::new("bash")
                .arg("-c")
                .arg(format!(
                    "source {}; COMP_WORDS=({words}); COMP_CWORD={current}; \
                     COMP_LINE=\"${{COMP_WORDS[*]}}\"; COMP_POINT=${{#COMP_LINE}}; \
                     _regdesk_with_profiles regdesk \"${{COMP_WORDS[COMP_CWORD]}}\" \
                     \"${{COMP_WORDS[COMP_CWORD-1]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
                    file.display()
                ))
                .env("PATH", path_with_regdesk())
                .env("REGDESK_CONFIG_DIR", &config_dir)
                .output()
                .expect("bash runs");
            String::from_utf8_lossy(&output.stdout).into_owned()
        };
        assert_eq!(
            complete("regdesk meetings --profile ''", 3),
            "acme\nglobex-eu\n"
        );
        assert_eq!(complete("regdesk doctor --profile gl", 3), "globex-eu\n");
        assert_eq!(complete("regdesk profiles --set-default a", 3), "acme\n");
        // Everything else is clap's: subcommands complete as before.
        assert!(complete("regdesk regi", 1).contains("registrants"));
    }
    if tool_or_skip("fish") {
        let script = run_with_env(&["completions", "fish"], &[])
            .await
            .ok()
            .stdout;
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("regdesk.fish");
        std::fs::write(&file, script).expect("write");
        let output = std::process::Command::new("fish")
            .arg("--no-config")
            .arg("-c")
            .arg(format!(
                "source {}; complete -C 'regdesk meetings --profile '",
                file.display()
            ))
            .env("PATH", path_with_regdesk())
            .env("REGDESK_CONFIG_DIR", &config_dir)
            .output()
            .expect("fish runs");
        let offered = String::from_utf8_lossy(&output.stdout);
        assert!(
            offered.lines().any(|line| line.starts_with("acme"))
                && offered.lines().any(|line| line.starts_with("globex-eu")),
            "{offered}"
        );
    }
    let zsh = run_with_env(&["completions", "zsh"], &[]).await.ok().stdout;
    for flag in ["--profile", "--set-default"] {
        let lines: Vec<&str> = zsh
            .lines()
            .filter(|line| line.contains(&format!("'{flag}=[")))
            .collect();
        assert!(
            !lines.is_empty() && lines.iter().all(|line| line.contains("_regdesk_profiles")),
            "{flag} does not complete profiles in zsh: {lines:?}"
        );
    }
    assert!(zsh.contains("_regdesk_profiles() {"), "{zsh}");
}

#[tokio::test]
async fn the_man_page_covers_every_command_and_renders_without_warnings() {
    let run = run_with_env(&["man"], &[]).await.ok();
    assert!(run.stdout.starts_with(".ie") || run.stdout.contains(".TH regdesk"));
    for command in commands_in_help().await {
        assert!(
            run.stdout
                .contains(&format!(".SH \"REGDESK {}\"", command.to_uppercase())),
            "the man page has no section for {command}"
        );
    }
    if !tool_or_skip("groff") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("regdesk.1");
    std::fs::write(&file, &run.stdout).expect("write");
    let output = std::process::Command::new("groff")
        // -k: preconv, as man(1) does, reads the page as UTF-8.
        .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
        .arg(&file)
        .output()
        .expect("groff runs");
    let warnings = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && warnings.is_empty(), "{warnings}");
    let output = std::process::Command::new("groff")
        .args(["-k", "-man", "-Tutf8"])
        .arg(&file)
        .output()
        .expect("groff runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("regdesk registrants"), "{text}");
}

#[tokio::test]
async fn help_puts_global_options_under_their_own_heading_and_shows_examples() {
    for command in commands_in_help().await {
        let run = run_with_env(&[command.as_str(), "--help"], &[]).await.ok();
        let global = run
            .stdout
            .find("Global options:")
            .unwrap_or_else(|| panic!("{command}: no global heading\n{}", run.stdout));
        let options_part = &run.stdout[..global];
        for flag in ["--profile", "--api-url", "--verbose", "--quiet"] {
            assert!(
                !options_part.contains(flag),
                "{command}: {flag} among the command's own options"
            );
        }
        let examples = run
            .stdout
            .split_once("\nExamples:\n")
            .map(|(_, after)| after);
        assert!(
            examples.is_some_and(
                |text| text.contains("\n  $ regdesk ") || text.starts_with("  $ regdesk ")
            ),
            "{command} has no examples:\n{}",
            run.stdout
        );
    }
}

#[tokio::test]
async fn version_names_the_commit_and_build_date_when_built_from_git() {
    let run = run_with_env(&["--version"], &[]).await.ok();
    let line = run.stdout.trim();
    assert!(
        line.starts_with(&format!("regdesk {}", env!("CARGO_PKG_VERSION"))),
        "{line}"
    );
    assert!(line.contains("built 20"), "{line}");
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output();
    if let Some(head) = head.ok().filter(|output| output.status.success()) {
        let commit = String::from_utf8_lossy(&head.stdout).trim().to_owned();
        assert!(line.contains(&format!("commit {commit}")), "{line}");
    }
}

/// The `$ ` lines of a command's help, joined where a line ends in `\`.
fn examples_in(help: &str) -> Vec<String> {
    let mut examples = Vec::new();
    let mut lines = help
        .lines()
        .skip_while(|line| *line != "Examples:")
        .peekable();
    while let Some(line) = lines.next() {
        let Some(command) = line.trim_start().strip_prefix("$ ") else {
            continue;
        };
        let mut command = command.to_owned();
        while command.ends_with('\\') {
            command.pop();
            match lines.next() {
                Some(next) => command.push_str(next.trim_start()),
                None => break,
            }
        }
        examples.push(command);
    }
    examples
}

#[tokio::test]
async fn every_help_example_runs_against_the_simulator() {
    let sim = start().await;
    let app = sim.s2s_app();
    let home = tempfile::tempdir().expect("temp home");
    let work = home.path().join("work");
    std::fs::create_dir(&work).expect("work dir");
    // The import examples' file: a semicolon-separated sheet with a German column.
    std::fs::write(
        work.join("attendees.csv"),
        "E-mail;First Name;Last Name;Company;Land;How did you hear about this briefing?\n\
         mia.berg@example.com;Mia;Berg;Acme;Germany;Newsletter\n\
         li.wei@example.com;Li;Wei;Globex;SE;LinkedIn\n",
    )
    .expect("write attendees.csv");
    // The multi-event example's file: one row by a meeting's exact topic, one by a webinar link.
    std::fs::write(
        work.join("events.csv"),
        "Event;E-mail;First Name;Last Name\n\
         Onboarding Office Hours;noor.haddad@example.com;Noor;Haddad\n\
         https://zoom.us/w/97760241185;li.wei@example.com;Li;Wei\n",
    )
    .expect("write events.csv");
    let env = [
        ("HOME", home.path().to_string_lossy().into_owned()),
        (
            "XDG_CONFIG_HOME",
            home.path().join("config").to_string_lossy().into_owned(),
        ),
        (
            "XDG_DATA_HOME",
            home.path().join("data").to_string_lossy().into_owned(),
        ),
        ("PATH", path_with_regdesk()),
        ("REGDESK_API_URL", sim.api_url()),
        ("REGDESK_OAUTH_URL", sim.oauth_url()),
        ("REGDESK_PLAN", "pro".to_owned()),
        (
            "REGDESK_PASSPHRASE",
            "correct horse battery staple".to_owned(),
        ),
    ];
    let login_input = format!(
        "{}\n{}\n{}\n",
        app.account_id, app.client_id, app.client_secret
    );

    let commands = commands_in_help().await;
    let order: Vec<&str> = regdesk::cli::examples::RUN_ORDER.to_vec();
    let mut sorted_commands = commands.clone();
    sorted_commands.sort();
    let mut sorted_order: Vec<String> = order.iter().map(|name| (*name).to_owned()).collect();
    sorted_order.sort();
    assert_eq!(
        sorted_commands, sorted_order,
        "RUN_ORDER must list every command"
    );

    let mut ran = 0;
    for command in order {
        let help = run_with_env(&[command, "--help"], &[]).await.ok().stdout;
        let examples = examples_in(&help);
        assert!(!examples.is_empty(), "{command} has no examples");
        for example in examples {
            // Which keyring a login lands in depends on the machine (tests/credentials covers
            // the stores); here the login example stores in the encrypted file it consents to
            // by flag, its passphrase from REGDESK_PASSPHRASE.
            let example = if command == "login" {
                format!("{example} --store encrypted-file")
            } else {
                example
            };
            let mut shell = tokio::process::Command::new("bash");
            shell
                .arg("-c")
                .arg(&example)
                .current_dir(&work)
                .env_clear()
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            for (name, value) in &env {
                shell.env(name, value);
            }
            let mut child = shell.spawn().expect("bash runs");
            let mut stdin = child.stdin.take().expect("stdin");
            if command == "sim" {
                // The simulator serves until stopped: its ready line is the example's result.
                let stdout = child.stdout.take().expect("stdout");
                let mut first = String::new();
                BufReader::new(stdout)
                    .read_line(&mut first)
                    .await
                    .expect("the ready line");
                let ready: serde_json::Value =
                    serde_json::from_str(&first).unwrap_or_else(|error| {
                        panic!("`{example}`: no JSON ready line ({error}): {first}")
                    });
                assert!(ready["api_url"].is_string(), "{ready}");
                child.kill().await.expect("stop the simulator");
                ran += 1;
                continue;
            }
            if command == "login" {
                stdin
                    .write_all(login_input.as_bytes())
                    .await
                    .expect("write the credentials");
            }
            drop(stdin);
            let output = child.wait_with_output().await.expect("the example ends");
            assert!(
                output.status.success(),
                "`{example}` failed ({}):\nstdout: {}\nstderr: {}",
                output.status,
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            ran += 1;
        }
    }
    assert!(ran >= 30, "only {ran} examples ran");
    // The examples did what they say.
    let roadmap = sim.registrants(regdesk::sim::EventKind::Meeting, ROADMAP);
    assert!(
        roadmap
            .iter()
            .any(|registrant| registrant.email == "mia.berg@example.com"),
        "the import example registered nobody"
    );
    assert!(
        !roadmap
            .iter()
            .any(|registrant| registrant.email == "ann@example.com"),
        "the delete example left ann@example.com"
    );
    assert!(
        !roadmap
            .iter()
            .any(|registrant| registrant.email == "bo@example.com"),
        "a dry run registered bo@example.com"
    );
    assert!(home.path().join("work/registrants.csv").exists());
}
