//! Peak memory (the child's `ru_maxrss`, from `wait4`) of the real release binary in two cases a
//! user can bring about with ordinary input:
//! - `import --dry-run` of a generated 1,000,000-row CSV (email, first_name, last_name, org;
//!   about 60 MB) into a meeting of `regdesk sim` (run as a process, credentials in `ZOOM_*`);
//! - `registrants MEETING` against an "endless response": a small server in this bench on
//!   127.0.0.1 that answers the token request normally, then the registrant listing with 200 and a
//!   chunked body that never ends by itself. The server stops on its own after `--endless-mb`
//!   megabytes (default 2048) or `--endless-secs` seconds (default 60) in all, so the bench cannot
//!   run away whatever the client does.
//!
//! `cargo bench --bench memory [-- --rows N] [--endless-mb N] [--endless-secs N]`
//!
//! Prints one table row per case: peak RSS, exit code, elapsed time, and what was fed in. A client
//! that bounds what it reads ends the endless case early with a small peak; one that buffers
//! whole bodies grows with everything sent.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[path = "support/sim_process.rs"]
mod sim_process;

use serde_json::{Value, json};
use sim_process::{field, start_sim};

const MEETING: u64 = 92_000_000_001;
/// A command still running after this is killed (and the row says so).
const COMMAND_DEADLINE: Duration = Duration::from_secs(150);
const MIB: u64 = 1024 * 1024;

struct Options {
    rows: usize,
    endless_mb: u64,
    endless_secs: u64,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        rows: 1_000_000,
        endless_mb: 2048,
        endless_secs: 60,
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
            "--endless-mb" => options.endless_mb = number("--endless-mb")?,
            "--endless-secs" => options.endless_secs = number("--endless-secs")?,
            // `cargo bench` passes --bench (and filters) to harness-less benches.
            _ => {}
        }
    }
    Ok(options)
}

/// How one run of the binary went.
struct Measured {
    peak_rss_kib: u64,
    exit: String,
    elapsed: Duration,
    /// The last line the command printed (stdout, else stderr), for the table.
    last_line: String,
}

/// Waits for `child` with `wait4`, which reports the child's peak resident set size; kills it
/// after [`COMMAND_DEADLINE`].
fn wait_measured(child: Child, started: Instant, output: &Output) -> Result<Measured, String> {
    let pid = child.id();
    let (done, finished) = mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if finished.recv_timeout(COMMAND_DEADLINE).is_err() {
            // Still running (not yet reaped, so the pid is still the child's).
            let _status = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
    });
    let waited = wait4(pid);
    let elapsed = started.elapsed();
    let _sent = done.send(());
    let _joined = watchdog.join();
    let (status, peak_rss_kib) = waited.map_err(|error| format!("wait4 failed: {error}"))?;
    let exit = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status).to_string()
    } else if libc::WIFSIGNALED(status) {
        format!("signal {}", libc::WTERMSIG(status))
    } else {
        format!("status {status}")
    };
    let last_line = |path: &Path| -> Option<String> {
        std::fs::read_to_string(path)
            .ok()?
            .lines()
            .rev()
            .find(|line| !line.trim().is_empty())
            .map(|line| line.trim().chars().take(110).collect())
    };
    Ok(Measured {
        peak_rss_kib,
        exit,
        elapsed,
        last_line: last_line(&output.stdout)
            .or_else(|| last_line(&output.stderr))
            .unwrap_or_default(),
    })
}

/// Where a command's stdout and stderr go (files, read after it ended).
struct Output {
    stdout: PathBuf,
    stderr: PathBuf,
}

impl Output {
    fn new(dir: &Path, name: &str) -> Output {
        Output {
            stdout: dir.join(format!("{name}.stdout")),
            stderr: dir.join(format!("{name}.stderr")),
        }
    }

    fn attach(&self, command: &mut Command) -> Result<(), String> {
        let create = |path: &Path| {
            std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))
        };
        command
            .stdout(create(&self.stdout)?)
            .stderr(create(&self.stderr)?);
        Ok(())
    }
}

/// `wait4(pid)`: the exit status and `ru_maxrss` (KiB on Linux) of the reaped child.
#[allow(unsafe_code)]
fn wait4(pid: u32) -> io::Result<(libc::c_int, u64)> {
    let pid = libc::pid_t::try_from(pid).map_err(io::Error::other)?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data, for which all-zero bytes are a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: both pointers are to live locals of the right types for the whole call.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            return Ok((status, u64::try_from(usage.ru_maxrss).unwrap_or(0)));
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

/// A private HOME and regdesk dirs, so that no profile or keyring of the user's is read.
fn isolate(command: &mut Command, dir: &Path) {
    for (name, _) in std::env::vars() {
        if name.starts_with("ZOOM_") || name.starts_with("REGDESK_") {
            command.env_remove(name);
        }
    }
    command
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("REGDESK_CONFIG_DIR", dir.join("regdesk-config"))
        .env("REGDESK_DATA_DIR", dir.join("regdesk-data"))
        .env("REGDESK_PLAN", "pro");
}

// ---- (a) a dry run of a big file ----

/// The simulator's data: the demo account and apps, and one empty meeting with registration.
fn sim_data(dir: &Path) -> Result<PathBuf, String> {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo.json");
    let text = std::fs::read_to_string(&demo).map_err(|e| format!("{}: {e}", demo.display()))?;
    let mut data: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    data["meetings"] = json!([{"id": MEETING, "topic": "A very large import", "type": 2,
        "approval_type": 0, "duration": 60}]);
    data["webinars"] = json!([]);
    let path = dir.join("bench-data.json");
    std::fs::write(&path, data.to_string()).map_err(|e| e.to_string())?;
    Ok(path)
}

/// Writes `rows` people with realistic columns; returns the file's size in bytes.
fn write_csv(path: &Path, rows: usize) -> Result<u64, String> {
    let file = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = io::BufWriter::new(file);
    let write = |out: &mut io::BufWriter<std::fs::File>, text: &str| {
        out.write_all(text.as_bytes()).map_err(|e| e.to_string())
    };
    write(&mut out, "email,first_name,last_name,org\n")?;
    let orgs = ["Northwind", "Contoso", "Fabrikam", "Tailspin"];
    for i in 0..rows {
        let line = format!(
            "attendee{i}@ex{}.example,First{i},Last{i},{}\n",
            i % 97,
            orgs[i % orgs.len()],
        );
        write(&mut out, &line)?;
    }
    out.flush().map_err(|e| e.to_string())?;
    std::fs::metadata(path)
        .map(|meta| meta.len())
        .map_err(|e| e.to_string())
}

fn dry_run_import(dir: &Path, rows: usize) -> Result<(Measured, String), String> {
    let sim = start_sim(&sim_data(dir)?, 0, false)?;
    let csv = dir.join("people.csv");
    let bytes = write_csv(&csv, rows)?;
    let ready = &sim.ready;
    let output = Output::new(dir, "import");
    let mut command = Command::new(env!("CARGO_BIN_EXE_regdesk"));
    isolate(&mut command, dir);
    command
        .args(["import", &MEETING.to_string()])
        .arg(&csv)
        .arg("--dry-run")
        .env("REGDESK_API_URL", field(ready, "api_url"))
        .env("REGDESK_OAUTH_URL", field(ready, "oauth_url"))
        .env("ZOOM_ACCOUNT_ID", field(ready, "account_id"))
        .env("ZOOM_CLIENT_ID", field(ready, "client_id"))
        .env("ZOOM_CLIENT_SECRET", field(ready, "client_secret"))
        .stdin(Stdio::null());
    output.attach(&mut command)?;
    let started = Instant::now();
    let child = command
        .spawn()
        .map_err(|e| format!("cannot start regdesk import: {e}"))?;
    let measured = wait_measured(child, started, &output)?;
    Ok((
        measured,
        format!("{rows} rows, {:.1} MB CSV", bytes as f64 / 1e6),
    ))
}

// ---- (b) an endless response ----

/// The endless server's totals, shared by its connection threads.
struct Budget {
    sent: AtomicU64,
    limit: u64,
    until: Instant,
    closed: AtomicBool,
}

impl Budget {
    fn spent(&self) -> bool {
        self.sent.load(Ordering::Relaxed) >= self.limit || Instant::now() >= self.until
    }
}

/// Serves on 127.0.0.1 until the budget is spent; then every connection is closed unanswered.
fn start_endless_server(budget: Arc<Budget>) -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let shared = budget.clone();
            std::thread::spawn(move || {
                // A client closing its end is how an endless body should end: not a failure.
                let _ended = serve(stream, &shared);
            });
            if budget.closed.load(Ordering::Relaxed) {
                break;
            }
        }
    });
    Ok(port)
}

/// Reads one request head (and a `Content-Length` body); returns the request line.
fn read_request(reader: &mut BufReader<TcpStream>) -> io::Result<Option<String>> {
    let mut request_line = String::new();
    if reader.read_line(&mut request_line)? == 0 {
        return Ok(None);
    }
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length.min(64 * 1024)];
    reader.read_exact(&mut body)?;
    Ok(Some(request_line))
}

fn serve(stream: TcpStream, budget: &Budget) -> io::Result<()> {
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    while let Some(request_line) = read_request(&mut reader)? {
        if budget.spent() {
            budget.closed.store(true, Ordering::Relaxed);
            return Ok(());
        }
        let path = request_line.split_whitespace().nth(1).unwrap_or_default();
        if path.starts_with("/oauth/token") {
            let body = json!({
                "access_token": "bench-access-token-0123456789",
                "token_type": "bearer",
                "expires_in": 3600,
                "scope": "meeting:read:list_registrants:admin meeting:read:meeting:admin",
            })
            .to_string();
            write!(
                writer,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )?;
            writer.flush()?;
        } else if path.contains("/registrants") {
            return endless_registrants(&mut writer, budget);
        } else {
            let body = r#"{"code":404,"message":"not served by the endless server"}"#;
            write!(
                writer,
                "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )?;
            writer.flush()?;
        }
    }
    Ok(())
}

/// 200 and a registrant list whose body goes on until the budget is spent or the client leaves.
fn endless_registrants(writer: &mut TcpStream, budget: &Budget) -> io::Result<()> {
    write!(
        writer,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )?;
    let chunk = |out: &mut TcpStream, data: &[u8]| -> io::Result<()> {
        write!(out, "{:x}\r\n", data.len())?;
        out.write_all(data)?;
        out.write_all(b"\r\n")
    };
    chunk(
        writer,
        br#"{"page_size":300,"total_records":300,"next_page_token":"","registrants":["#,
    )?;
    let mut block = Vec::with_capacity(64 * 1024);
    let mut id = 0u64;
    while !budget.spent() {
        block.clear();
        while block.len() < 60 * 1024 {
            let person = format!(
                r#"{{"id":"endless{id}","email":"endless.{id}@bench.example","first_name":"Endless","last_name":"Person{id}","status":"approved","create_time":"2026-11-23T12:00:00Z"}},"#
            );
            block.extend_from_slice(person.as_bytes());
            id += 1;
        }
        chunk(writer, &block)?;
        budget.sent.fetch_add(block.len() as u64, Ordering::Relaxed);
    }
    // The bound is reached: the body stops without its end, as a broken server's would.
    budget.closed.store(true, Ordering::Relaxed);
    Ok(())
}

fn endless_response(dir: &Path, options: &Options) -> Result<(Measured, String), String> {
    let budget = Arc::new(Budget {
        sent: AtomicU64::new(0),
        limit: options.endless_mb * MIB,
        until: Instant::now() + Duration::from_secs(options.endless_secs),
        closed: AtomicBool::new(false),
    });
    let port = start_endless_server(budget.clone())?;
    let output = Output::new(dir, "registrants");
    let mut command = Command::new(env!("CARGO_BIN_EXE_regdesk"));
    isolate(&mut command, dir);
    command
        .args(["registrants", &MEETING.to_string(), "--format", "json"])
        .env("REGDESK_API_URL", format!("http://127.0.0.1:{port}/v2"))
        .env("REGDESK_OAUTH_URL", format!("http://127.0.0.1:{port}"))
        .env("ZOOM_ACCOUNT_ID", "bench-account")
        .env("ZOOM_CLIENT_ID", "bench-client")
        .env("ZOOM_CLIENT_SECRET", "bench-client-secret")
        .stdin(Stdio::null());
    output.attach(&mut command)?;
    let started = Instant::now();
    let child = command
        .spawn()
        .map_err(|e| format!("cannot start regdesk registrants: {e}"))?;
    let measured = wait_measured(child, started, &output)?;
    let sent = budget.sent.load(Ordering::Relaxed);
    Ok((
        measured,
        format!(
            "{:.0} MiB of body sent (bound {} MiB / {} s)",
            sent as f64 / MIB as f64,
            options.endless_mb,
            options.endless_secs
        ),
    ))
}

fn print_row(case: &str, measured: &Measured, input: &str) {
    println!(
        "{case:<28} {:>10.1} {:>6} {:>9.1}s   {input}",
        measured.peak_rss_kib as f64 / 1024.0,
        measured.exit,
        measured.elapsed.as_secs_f64(),
    );
    println!("{:<28} last line: {}", "", measured.last_line);
}

fn run() -> Result<(), String> {
    let options = options()?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    println!(
        "{:<28} {:>10} {:>6} {:>10}   input",
        "case", "peak MiB", "exit", "elapsed"
    );
    let (measured, input) = dry_run_import(dir.path(), options.rows)?;
    print_row("import --dry-run", &measured, &input);
    let (measured, input) = endless_response(dir.path(), &options)?;
    print_row("registrants (endless body)", &measured, &input);
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("memory bench failed: {error}");
            ExitCode::FAILURE
        }
    }
}
