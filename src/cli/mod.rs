//! The command line: the clap definitions of the CLI contract (DESIGN.md) and the dispatch of each
//! subcommand to its own module. Every subcommand returns an [`ExitCode`] per the contract.

use std::path::PathBuf;

mod add;
mod attendance;
mod completions;
mod confirm;
pub mod context;
mod copy;
mod delete;
pub mod doctor;
pub mod event_id;
pub mod examples;
pub(crate) mod export;
mod import;
mod import_events;
mod import_json;
mod login;
mod logout;
mod meetings;
pub mod output;
mod profiles;
mod prompt;
mod registrants;
mod sim;
mod status;

use event_id::{EventIdArg, EventIdParser};

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Exit codes of the CLI contract: scripts depend on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Everything asked for was done.
    Ok = 0,
    /// A runtime failure: the network, Zoom, the keyring, a file.
    Failure = 1,
    /// The command line itself was wrong.
    Usage = 2,
    /// Some of the work was done and some failed (an import with failed rows).
    Partial = 3,
    /// Stopped by Ctrl-C (an import: `--resume` finishes it); the shell's convention, 128 + SIGINT.
    Cancelled = 130,
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code as u8)
    }
}

/// `--version`: the package version, and the commit and build date when the build knew them
/// (build.rs reads git; a build from a source package has neither).
pub const VERSION: &str = match option_env!("REGDESK_BUILD_INFO") {
    Some(info) => info,
    None => env!("CARGO_PKG_VERSION"),
};

/// What every meeting or webinar argument accepts, for `--help`.
const MEETING_ID_HELP: &str = "The meeting or webinar: its ID as Zoom shows it (84127650391, \
\"841 2765 0391\", 841-2765-0391) or its join or registration link (…zoom.us/j/ID?pwd=…, /w/ID, \
/meeting/register/ID); meeting or webinar is found out at Zoom unless --webinar is given or the \
link says it";

#[derive(Debug, Parser)]
#[command(
    name = "regdesk",
    version = VERSION,
    about = "A registration desk at the terminal: manage the registrants of Zoom meetings and webinars",
    long_about = None,
    propagate_version = true,
    after_help = examples::TUI,
)]
pub struct Cli {
    /// Open the TUI against the embedded Zoom simulator with demo data (no Zoom account needed).
    #[arg(long)]
    pub demo: bool,

    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every subcommand understands.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// The profile to use (default: the profile marked default).
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// The Zoom API base, with its version.
    #[arg(long, global = true, env = "REGDESK_API_URL", value_name = "URL")]
    pub api_url: Option<String>,

    /// The Zoom OAuth host; the token endpoint is {oauth_url}/oauth/token.
    #[arg(long, global = true, env = "REGDESK_OAUTH_URL", value_name = "URL")]
    pub oauth_url: Option<String>,

    /// Write a debug log, redacted, to <data dir>/logs/regdesk.log (REGDESK_LOG=FILTER picks
    /// any other level, e.g. REGDESK_LOG=trace).
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// Print only results and errors: no progress, counts or notes on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// Output formats of the commands that print a plan and a summary (`import`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum PlanFormat {
    /// Lines for people.
    #[default]
    Table,
    /// Machine-readable JSON only.
    Json,
}

/// Output formats of the listing commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for people.
    #[default]
    Table,
    /// Machine-readable JSON only.
    Json,
    /// RFC 4180 CSV with a header row, without a BOM; as on screen, control and invisible
    /// characters are replaced or dropped, and a cell starting with = + - @ gets a leading '
    /// (json keeps the exact values; `regdesk export` writes a file for spreadsheets).
    Csv,
}

/// Which registrants to list or export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum StatusFilter {
    /// Waiting for the host's approval.
    Pending,
    /// Approved (Zoom's default listing).
    #[default]
    Approved,
    /// Denied or cancelled.
    Denied,
    /// Pending, approved and denied together.
    All,
}

/// What a status change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusVerb {
    /// Approve pending (or denied) registrants: Zoom emails them their join link.
    Approve,
    /// Deny pending registrants (or cancel approved ones).
    Deny,
    /// Cancel approved registrants' registration.
    Cancel,
}

/// Rate-limit plans of Zoom accounts (and of the simulator).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum PlanArg {
    /// Zoom's Free (Basic) account limits.
    Free,
    /// Zoom's Pro account limits.
    #[default]
    Pro,
    /// Zoom's Business (and higher) account limits.
    Business,
    /// No rate limits.
    Unlimited,
}

/// Picks registrants by email or by registrant ID.
#[derive(Debug, Clone, Args)]
pub struct RegistrantSelector {
    /// A registrant's email address (repeatable where the command takes several).
    #[arg(long = "email", value_name = "E")]
    pub emails: Vec<String>,
    /// A registrant's ID (repeatable where the command takes several). Zoom's IDs may start
    /// with `-`, so the value after `--id` is never taken for a flag.
    #[arg(long = "id", value_name = "ID", allow_hyphen_values = true)]
    pub ids: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Store a Zoom app's credentials in the OS keyring (hidden prompt; stdin lines without a TTY).
    #[command(after_help = examples::LOGIN)]
    Login(login::LoginArgs),
    /// Remove a profile's credentials from the keyring.
    #[command(after_help = examples::LOGOUT)]
    Logout,
    /// List profiles, or choose the default one.
    #[command(after_help = examples::PROFILES)]
    Profiles(ProfilesArgs),
    /// Check the credential store, token, clock offset, scopes, rate-limit plan and reachability.
    #[command(after_help = examples::DOCTOR)]
    Doctor(DoctorArgs),
    /// List the account's meetings (or webinars), every host's, with their registration.
    #[command(after_help = examples::MEETINGS)]
    Meetings(MeetingsArgs),
    /// List the registrants of a meeting or webinar.
    #[command(after_help = examples::REGISTRANTS)]
    Registrants(RegistrantsArgs),
    /// Register one person.
    #[command(after_help = examples::ADD)]
    Add(AddArgs),
    /// Approve, deny or cancel registrants.
    #[command(after_help = examples::STATUS)]
    Status(StatusArgs),
    /// Delete registrants (asks first on a terminal; scripts give --yes).
    #[command(after_help = examples::DELETE)]
    Delete(DeleteArgs),
    /// Register everyone in a CSV/TSV file, resumably.
    #[command(after_help = import::after_help(), allow_missing_positional = true)]
    Import(ImportArgs),
    /// Register a meeting's or webinar's registrants into another one (or move them), resumably.
    #[command(after_help = examples::COPY)]
    Copy(copy::CopyArgs),
    /// After an event: who registered but did not attend, who attended without registering.
    #[command(after_help = examples::ATTENDANCE)]
    Attendance(attendance::AttendanceArgs),
    /// Write the registrants of a meeting or webinar to a CSV file (UTF-8 with a BOM, for Excel).
    #[command(after_help = export::after_help())]
    Export(ExportArgs),
    /// Run the Zoom simulator on loopback (prints one JSON line when ready).
    #[command(after_help = examples::SIM)]
    Sim(SimArgs),
    /// Print a shell's completion script (profile names complete in bash, zsh and fish).
    #[command(after_help = examples::COMPLETIONS)]
    Completions(CompletionsArgs),
    /// Print the manual page (roff), with every command.
    #[command(after_help = examples::MAN)]
    Man,
    /// The profile names, one a line, for the completion scripts.
    #[command(name = "__complete-profiles", hide = true)]
    CompleteProfiles,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// table for people; json (only JSON on stdout) or csv for scripts.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: completions::Shell,
}

/// Asking before what cannot be undone.
#[derive(Debug, Clone, Copy, Args)]
pub struct ConfirmArgs {
    /// Do it without asking (needed without a terminal, e.g. in scripts).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Show who would change; send nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ProfilesArgs {
    /// Make this profile the default.
    #[arg(long, value_name = "NAME")]
    pub set_default: Option<String>,
    /// table for people; json (only JSON on stdout) or csv for scripts.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct MeetingsArgs {
    /// List webinars instead of meetings.
    #[arg(long)]
    pub webinars: bool,
    /// Only this host's: a user ID, an email, or `me` (default: every host of the account, as
    /// the app shows them).
    #[arg(long, visible_alias = "host", value_name = "ID|EMAIL|me")]
    pub user: Option<String>,
    /// table for people; json (only JSON on stdout) or csv for scripts.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct RegistrantsArgs {
    #[arg(help = MEETING_ID_HELP, value_parser = EventIdParser)]
    pub meeting_id: EventIdArg,
    /// The ID is a webinar's (skips finding that out at Zoom).
    #[arg(long)]
    pub webinar: bool,
    /// Which registrants, by status.
    #[arg(long, value_enum, default_value_t)]
    pub status: StatusFilter,
    /// Only the registrants of this occurrence of a recurring meeting (its ID from
    /// `regdesk meetings --format json`).
    #[arg(long, value_name = "ID")]
    pub occurrence: Option<String>,
    /// table for people; json (only JSON on stdout) or csv for scripts.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
    /// Keep watching: say how many there are now, then print each person who registers from
    /// now on, one line each (one JSON object a line with --format json), until Ctrl-C.
    #[arg(long)]
    pub watch: bool,
    /// With --watch: seconds between looks. By default, and at least, what the rate limits
    /// allow (a watch takes at most a tenth of the Medium rate and half a daily cap).
    #[arg(long, value_name = "SECS", requires = "watch")]
    pub interval: Option<u64>,
    /// With --watch: stop after this long (90s, 45m, 2h; a bare number is seconds).
    #[arg(long = "for", value_name = "DURATION", requires = "watch", value_parser = registrants::parse_duration)]
    pub watch_for: Option<std::time::Duration>,
    /// With --watch: stop after this many new people.
    #[arg(long, value_name = "N", requires = "watch")]
    pub count: Option<u64>,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(help = MEETING_ID_HELP, value_parser = EventIdParser)]
    pub meeting_id: EventIdArg,
    /// The person's email address (Zoom sends the join link there).
    #[arg(long, value_name = "E")]
    pub email: String,
    /// The person's first name.
    #[arg(long, value_name = "F")]
    pub first_name: String,
    /// The person's last name (required by many events).
    #[arg(long, value_name = "L")]
    pub last_name: Option<String>,
    /// Another registration field or a custom question's answer, by name or question title.
    #[arg(long = "field", value_name = "NAME=VALUE")]
    pub fields: Vec<String>,
    /// The ID is a webinar's (skips finding that out at Zoom).
    #[arg(long)]
    pub webinar: bool,
    /// Register for these occurrences of a recurring meeting (comma-separated IDs).
    #[arg(long, value_name = "IDS")]
    pub occurrences: Option<String>,
    /// Check the fields against the event's questions and show what would be sent; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// table for people; json (only JSON on stdout) or csv for scripts.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[arg(help = MEETING_ID_HELP, value_parser = EventIdParser)]
    pub meeting_id: EventIdArg,
    /// What to do with the registrants named.
    #[arg(value_enum)]
    pub action: StatusVerb,
    #[command(flatten)]
    pub who: RegistrantSelector,
    /// The ID is a webinar's (skips finding that out at Zoom).
    #[arg(long)]
    pub webinar: bool,
    /// Only for this occurrence of a recurring meeting (its ID from
    /// `regdesk meetings --format json`).
    #[arg(long, value_name = "ID")]
    pub occurrence: Option<String>,
    #[command(flatten)]
    pub confirm: ConfirmArgs,
    /// table for people; json (only JSON on stdout) or csv for scripts.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    #[arg(help = MEETING_ID_HELP, value_parser = EventIdParser)]
    pub meeting_id: EventIdArg,
    #[command(flatten)]
    pub who: RegistrantSelector,
    /// The ID is a webinar's (skips finding that out at Zoom).
    #[arg(long)]
    pub webinar: bool,
    /// Only for this occurrence of a recurring meeting (its ID from
    /// `regdesk meetings --format json`).
    #[arg(long, value_name = "ID")]
    pub occurrence: Option<String>,
    #[command(flatten)]
    pub confirm: ConfirmArgs,
    /// table for people; json (only JSON on stdout) or csv for scripts.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

/// What `regdesk import`'s meeting argument accepts, for `--help`.
const IMPORT_MEETING_ID_HELP: &str = "The meeting or webinar: its ID as Zoom shows it \
(84127650391, \"841 2765 0391\", 841-2765-0391) or its join or registration link; leave it out \
when the file has an event column naming each row's meeting or webinar (see --event-column)";

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[arg(help = IMPORT_MEETING_ID_HELP, value_parser = EventIdParser)]
    pub meeting_id: Option<EventIdArg>,
    /// The spreadsheet to import: CSV, TSV or semicolon-separated (see below).
    pub file: PathBuf,
    /// The ID is a webinar's (skips finding that out at Zoom).
    #[arg(long, requires = "meeting_id")]
    pub webinar: bool,
    /// Without MEETING_ID: the column naming each row's meeting or webinar (ID, link or exact
    /// topic), when its header is not one regdesk knows ("Meeting ID", "Event", "Webinar ID"…).
    #[arg(long, value_name = "NAME", conflicts_with = "meeting_id")]
    pub event_column: Option<String>,
    /// table for people; json prints only JSON on stdout: the plan of a dry run, else the
    /// summary of the run.
    #[arg(long, value_enum, default_value_t)]
    pub format: PlanFormat,
    /// Validate and print the plan; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Map a column to a field or question title, overriding the header aliases.
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    pub maps: Vec<String>,
    /// Finish an interrupted import of this file from its journal.
    #[arg(long, conflicts_with = "restart")]
    pub resume: bool,
    /// Abandon an unfinished import of this file and start over (whom it registered count as
    /// already registered).
    #[arg(long)]
    pub restart: bool,
    /// Where to write the per-row report (CSV).
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,
    /// Rename this event's unreadable (damaged, empty) import journals out of the way, keeping
    /// them, and check against Zoom's registrant list instead.
    #[arg(long)]
    pub set_aside_journal: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(help = MEETING_ID_HELP, value_parser = EventIdParser)]
    pub meeting_id: EventIdArg,
    /// The CSV file to write (replaced if it exists; written whole or not at all).
    pub file: PathBuf,
    /// The ID is a webinar's (skips finding that out at Zoom).
    #[arg(long)]
    pub webinar: bool,
    /// Which registrants, by status.
    #[arg(long, value_enum, default_value_t = StatusFilter::All)]
    pub status: StatusFilter,
    /// Only the registrants of this occurrence of a recurring meeting (its ID from
    /// `regdesk meetings --format json`).
    #[arg(long, value_name = "ID")]
    pub occurrence: Option<String>,
    /// Leave out the UTF-8 byte order mark at the start of the file (for tools that dislike it;
    /// Excel then garbles accents).
    #[arg(long)]
    pub no_bom: bool,
    /// table for people; json (only JSON on stdout) or csv for scripts.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct SimArgs {
    /// Where to listen; only loopback addresses are accepted.
    #[arg(long, default_value = "127.0.0.1:0")]
    pub addr: std::net::SocketAddr,
    /// The account plan whose rate limits apply (per second and per day).
    #[arg(long, value_enum, default_value_t)]
    pub plan: PlanArg,
    /// Added to every response, in milliseconds.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub latency_ms: u64,
    /// Fault rates and a seed, e.g. 5xx=0.03,drop-before=0.01,drop-after=0.01,slow=0.02,429=0.02,revoke=0.001,seed=7
    #[arg(long, value_name = "SPEC")]
    pub faults: Option<String>,
    /// Shift the simulator's clock (the Date header and JWT expiry checks) by this many seconds.
    #[arg(
        long,
        default_value_t = 0,
        value_name = "SECS",
        allow_hyphen_values = true
    )]
    pub clock_offset: i64,
    /// Load accounts, meetings and registrants from this JSON file instead of the demo data.
    #[arg(long, value_name = "PATH")]
    pub data: Option<PathBuf>,
    /// Up to this much more latency per response, drawn per request, in milliseconds.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub latency_jitter_ms: u64,
    /// Lifetime of S2S access tokens (`expires_in`), in seconds.
    #[arg(long, default_value_t = 3600, value_name = "SECS")]
    pub token_lifetime: u64,
    /// Each new S2S token invalidates the app's previous ones, as Zoom did in 2022-23.
    #[arg(long)]
    pub invalidate_previous_tokens: bool,
}

/// Parses the command line, runs the chosen subcommand on a tokio runtime and returns the exit
/// code of the CLI contract.
///
/// A panic anywhere ends the process with [`ExitCode::Failure`] after a crash report
/// ([`crate::crash`]): one on the main thread unwinds to here, one on another thread wakes the
/// dispatcher, which stops the command rather than wait for work that died with the thread.
pub fn main() -> std::process::ExitCode {
    crate::crash::install_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help and version itself (exit 0) and usage errors with exit code 2.
            let _printed = err.print();
            return std::process::ExitCode::from(err.exit_code().clamp(0, 255) as u8);
        }
    };
    output::set_quiet(cli.global.quiet);
    if let Some(log) = crate::logging::init(cli.global.verbose) {
        tracing::info!(
            "regdesk {} (pid {}) logging to {}",
            env!("CARGO_PKG_VERSION"),
            std::process::id(),
            log.display()
        );
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::Failure.into();
        }
    };
    let code = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        runtime.block_on(dispatch(cli))
    }))
    // The hook has written the report and told the user where it is.
    .unwrap_or(ExitCode::Failure);
    // A keyring call that timed out still occupies a blocking thread (it cannot be cancelled);
    // dropping the runtime would wait for it forever, so give blocking threads only a moment.
    runtime.shutdown_timeout(std::time::Duration::from_millis(250));
    code.into()
}

/// Runs the command until it ends or any thread's panic has been reported. A command that ended
/// because of a panic (the TUI stops on a panicked task) waits for the report to be finished, so
/// that the process does not exit under the hook writing it.
async fn dispatch(cli: Cli) -> ExitCode {
    let code = tokio::select! {
        biased;
        () = crate::crash::wait_for_report() => ExitCode::Failure,
        code = run_command(cli) => code,
    };
    if !crate::crash::panicked() {
        return code;
    }
    if tokio::time::timeout(crate::crash::REPORT_GRACE, crate::crash::wait_for_report())
        .await
        .is_err()
    {
        eprintln!("regdesk: internal error (a bug); its crash report could not be finished");
    }
    ExitCode::Failure
}

async fn run_command(cli: Cli) -> ExitCode {
    #[cfg(debug_assertions)]
    debug_panics().await;
    let global = cli.global;
    let result = match cli.command {
        None => crate::tui::run(
            cli.demo,
            &global.session_options(),
            &prompt::passphrase_prompt,
        )
        .await
        .map(|exit| {
            if exit.interrupted() {
                ExitCode::Cancelled
            } else {
                ExitCode::Ok
            }
        }),
        Some(Command::Sim(args)) => sim::run(args).await,
        Some(Command::Login(args)) => login::run(args, &global).await,
        Some(Command::Logout) => logout::run(&global).await,
        Some(Command::Doctor(args)) => doctor::run(args, &global).await,
        Some(Command::Profiles(args)) => profiles::run(args).await,
        Some(Command::Meetings(args)) => meetings::run(args, &global).await,
        Some(Command::Registrants(args)) => registrants::run(args, &global).await,
        Some(Command::Add(args)) => add::run(args, &global).await,
        Some(Command::Status(args)) => status::run(args, &global).await,
        Some(Command::Delete(args)) => delete::run(args, &global).await,
        Some(Command::Export(args)) => export::run(args, &global).await,
        // Without a meeting ID, the file's event column names each row's event.
        Some(Command::Import(args)) if args.meeting_id.is_none() => {
            import_events::run(args, &global).await
        }
        Some(Command::Import(args)) => import::run(args, &global).await,
        Some(Command::Completions(args)) => completions::print_script(args.shell),
        Some(Command::Man) => completions::print_man_page(),
        Some(Command::CompleteProfiles) => completions::print_profile_names(),
        Some(Command::Copy(args)) => copy::run(args, &global).await,
        Some(Command::Attendance(args)) => attendance::run(args, &global).await,
    };
    match result {
        Ok(code) => code,
        // A panic elsewhere ended the command; its hook has said so already.
        Err(_) if crate::crash::panicked() => ExitCode::Failure,
        Err(err) => output::report_error(&err),
    }
}

/// The test hook of debug builds ([`crate::crash::DEBUG_PANIC_ENV`]): panics on the main thread,
/// or in a detached task or blocking thread while the command waits for an answer that never
/// comes, as a command would whose helper died.
#[cfg(debug_assertions)]
async fn debug_panics() {
    use crate::crash::debug_panic_requested;
    if debug_panic_requested("cli") {
        panic!("REGDESK_DEBUG_PANIC=cli: a panic on the main thread, on purpose");
    }
    if debug_panic_requested("task") {
        let _detached = tokio::spawn(async {
            panic!("REGDESK_DEBUG_PANIC=task: a panic in a tokio task, on purpose");
        });
        std::future::pending::<()>().await;
    }
    if debug_panic_requested("blocking") {
        let _detached = tokio::task::spawn_blocking(|| {
            panic!("REGDESK_DEBUG_PANIC=blocking: a panic in a blocking thread, on purpose");
        });
        std::future::pending::<()>().await;
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    /// Every argument and option of every command, with the command's name.
    fn every_argument() -> Vec<(String, clap::Arg)> {
        let mut command = Cli::command();
        command.build();
        let mut found: Vec<(String, clap::Arg)> = command
            .get_arguments()
            .map(|arg| ("regdesk".to_owned(), arg.clone()))
            .collect();
        for sub in command.get_subcommands() {
            found.extend(
                sub.get_arguments()
                    .map(|arg| (sub.get_name().to_owned(), arg.clone())),
            );
        }
        found
    }

    #[test]
    fn every_argument_and_option_of_every_command_is_described() {
        let undescribed: Vec<String> = every_argument()
            .into_iter()
            .filter(|(_, arg)| !arg.is_hide_set())
            .filter(|(_, arg)| arg.get_help().is_none() && arg.get_long_help().is_none())
            .map(|(command, arg)| format!("{command} {}", arg.get_id()))
            .collect();
        assert!(undescribed.is_empty(), "undescribed: {undescribed:?}");
    }

    #[test]
    fn global_options_have_their_own_heading_in_every_command() {
        for (command, arg) in every_argument() {
            if arg.is_global_set() {
                assert_eq!(
                    arg.get_help_heading(),
                    Some("Global options"),
                    "{command} {}",
                    arg.get_id()
                );
            }
        }
    }
}
