//! The release binary as people install it (`cargo install --locked --path .`): its size and the
//! start-to-exit time of `regdesk --version` (process start, argument parsing, exit: what every
//! completion and every script pays), beside the same figures of a binary built before the
//! release profile had LTO, one codegen unit and stripping.
//!
//! `cargo bench --bench release [-- --runs N] [--binary PATH] [--before PATH]`
//!
//! Builds `cargo build --release --locked --bin regdesk` first (skipped with `--binary`, which
//! measures any regdesk binary). Do not pass `--binary target/release/regdesk`: `cargo bench`
//! has just put its own bench-profile build there (no LTO, not stripped); without `--binary` the
//! release build is put back (cargo keeps it, so this takes a second) and measured. `--before PATH` measures a second binary the same way, side by
//! side: the pre-change figures, from a release build of commit d3513de (the last one with
//! cargo's default release profile):
//!
//! ```sh
//! git worktree add /tmp/regdesk-before d3513de
//! cargo build --release --locked --manifest-path /tmp/regdesk-before/Cargo.toml
//! cargo bench --bench release -- --before /tmp/regdesk-before/target/release/regdesk
//! ```
//!
//! Each binary runs `--version` N times (default 200) after 10 warm-up runs, the two
//! interleaved so that a busy machine weighs on both alike; printed: size, median, 10th and 90th
//! percentiles, fastest run.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

struct Options {
    runs: usize,
    binary: Option<PathBuf>,
    before: Option<PathBuf>,
}

fn main() -> ExitCode {
    let options = match parse_options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!(
                "release bench: {message}\nusage: cargo bench --bench release [-- --runs N] \
                 [--binary PATH] [--before PATH]"
            );
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("release bench: {message}");
            ExitCode::FAILURE
        }
    }
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        runs: 200,
        binary: None,
        before: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => {
                options.runs = args
                    .next()
                    .and_then(|value| value.parse().ok())
                    .filter(|runs| *runs > 0)
                    .ok_or("--runs takes a number above 0")?;
            }
            "--binary" => options.binary = Some(args.next().ok_or("--binary takes a path")?.into()),
            "--before" => options.before = Some(args.next().ok_or("--before takes a path")?.into()),
            // cargo bench passes --bench to every bench binary.
            "--bench" => {}
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(options)
}

fn run(options: &Options) -> Result<(), String> {
    let binary = match &options.binary {
        Some(binary) => binary.clone(),
        None => build_release()?,
    };
    let mut measured = vec![("this build", binary)];
    if let Some(before) = &options.before {
        measured.push(("before", before.clone()));
    }
    let sizes: Vec<u64> = measured
        .iter()
        .map(|(_, path)| {
            std::fs::metadata(path)
                .map(|metadata| metadata.len())
                .map_err(|error| format!("cannot read {}: {error}", path.display()))
        })
        .collect::<Result<_, _>>()?;
    let paths: Vec<&Path> = measured.iter().map(|(_, path)| path.as_path()).collect();
    let times = time_version(&paths, options.runs)?;

    for (name, path) in &measured {
        println!("{name}: {}", path.display());
    }
    let cell = |values: Vec<String>| -> String {
        values
            .iter()
            .map(|value| format!("{value:>18}"))
            .collect::<String>()
    };
    let names: Vec<String> = measured
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect();
    println!("{:<36}{}", "", cell(names));
    println!(
        "{:<36}{}",
        "size",
        cell(sizes.iter().map(|size| mib(*size)).collect())
    );
    let percentile = |sorted: &[Duration], p: usize| sorted[(sorted.len() - 1) * p / 100];
    for (label, p) in [
        (format!("`--version`, median of {}", options.runs), 50),
        ("  10th percentile".to_owned(), 10),
        ("  90th percentile".to_owned(), 90),
        ("  fastest".to_owned(), 0),
    ] {
        println!(
            "{label:<36}{}",
            cell(
                times
                    .iter()
                    .map(|sorted| millis(percentile(sorted, p)))
                    .collect()
            )
        );
    }
    if options.before.is_none() {
        println!("(no --before binary: see the header of benches/release.rs for the comparison)");
    }
    Ok(())
}

/// Builds the release binary with the cargo that runs this bench; its path.
fn build_release() -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    eprintln!("release bench: cargo build --release --locked --bin regdesk …");
    let status = Command::new(cargo)
        .args(["build", "--release", "--locked", "--bin", "regdesk"])
        .current_dir(manifest_dir)
        .status()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if !status.success() {
        return Err(format!("the release build failed ({status})"));
    }
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir.join("target"));
    Ok(target_dir
        .join("release")
        .join(format!("regdesk{}", std::env::consts::EXE_SUFFIX)))
}

/// `runs` sorted timings of `binary --version` per binary, start to exit, after warm-up runs;
/// the binaries take turns.
fn time_version(binaries: &[&Path], runs: usize) -> Result<Vec<Vec<Duration>>, String> {
    let run_once = |binary: &Path| -> Result<Duration, String> {
        let started = Instant::now();
        let status = Command::new(binary)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|error| format!("cannot run {}: {error}", binary.display()))?;
        let elapsed = started.elapsed();
        if !status.success() {
            return Err(format!("{} --version failed ({status})", binary.display()));
        }
        Ok(elapsed)
    };
    for _ in 0..10 {
        for binary in binaries {
            run_once(binary)?;
        }
    }
    let mut times = vec![Vec::with_capacity(runs); binaries.len()];
    for _ in 0..runs {
        for (index, binary) in binaries.iter().enumerate() {
            times[index].push(run_once(binary)?);
        }
    }
    for sorted in &mut times {
        sorted.sort();
    }
    Ok(times)
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn millis(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}
