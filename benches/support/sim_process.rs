//! The benches' simulator: a `regdesk sim` child process, its ready line, and its end when the
//! bench ends (also half-way, on failure).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

/// The simulator process and its ready line.
pub struct Sim {
    child: Child,
    pub ready: Value,
}

impl Drop for Sim {
    fn drop(&mut self) {
        // The bench started this process; stop it even when the bench fails half-way.
        if self.child.kill().is_ok() {
            let _status = self.child.wait();
        }
    }
}

/// Starts `regdesk sim --plan pro --latency-ms LATENCY --data DATA`; its stderr banner is shown
/// only when `show_banner` (it would break a table the bench prints).
pub fn start_sim(data: &Path, latency_ms: u64, show_banner: bool) -> Result<Sim, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_regdesk"))
        .args([
            "sim",
            "--plan",
            "pro",
            "--latency-ms",
            &latency_ms.to_string(),
        ])
        .arg("--data")
        .arg(data)
        .stdout(Stdio::piped())
        .stderr(if show_banner {
            Stdio::inherit()
        } else {
            Stdio::null()
        })
        .spawn()
        .map_err(|e| format!("cannot start regdesk sim: {e}"))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    let ready: Value =
        serde_json::from_str(&line).map_err(|e| format!("bad ready line {line:?}: {e}"))?;
    Ok(Sim { child, ready })
}

/// A string field of the ready line (empty when absent).
pub fn field<'a>(ready: &'a Value, key: &str) -> &'a str {
    ready[key].as_str().unwrap_or_default()
}
