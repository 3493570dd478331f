//! `regdesk attendance`: after a meeting or webinar took place, who registered but did not come
//! (no-shows), who came without registering (walk-ins) and who came. The gathering and the
//! matching rule live in [`crate::session::attendance`] (the TUI's attendance view shares them);
//! this module prints: a table, JSON, or CSV whose no-show list has the export's columns, so that
//! `regdesk import` takes it as it is.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::context::{build_client, resolve_event};
use super::event_id::{EventIdArg, EventIdParser};
use super::output::{print_json, render_table, short_time, write_csv};
use super::{ExitCode, GlobalArgs, OutputFormat};
use crate::registrant_fields::person::full_name;
use crate::session::attendance::{self, Attendance, AttendanceList, MatchedBy, Source, minutes};
use crate::session::export::Bom;
use crate::zoom::{EventRef, InstanceRef, Registrant, ZoomClient};

/// What `regdesk attendance --help` says after the options.
pub const AFTER_HELP: &str = "No-shows are approved registrants with no stay in the instance; \
walk-ins joined without a registration of theirs (users of your account, such as the host, are \
not counted). Matching is by registrant ID, then by email, ignoring case. The report needs a Pro \
plan and the scope report:read:admin (or report:read:list_meeting_participants:admin / \
report:read:list_webinar_participants:admin); without it regdesk uses the past-participants \
endpoint (meeting:read:admin / webinar:read:admin) and says so. --format csv --show no-shows \
writes the columns of `regdesk export`, so the file can be imported into the next event: \
regdesk import NEXT_ID no-shows.csv --dry-run.";

#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct AttendanceArgs {
    /// The meeting or webinar that took place: its ID as Zoom shows it (84127650391,
    /// "841 2765 0391", 841-2765-0391) or its join link; which kind it is, is found out at Zoom
    /// unless --webinar is given or the link says it.
    #[arg(value_parser = EventIdParser)]
    pub meeting_id: EventIdArg,
    /// The ID is a webinar's (skips finding that out at Zoom).
    #[arg(long)]
    pub webinar: bool,
    /// One past instance, by the UUID `--instances` lists (default: the latest).
    #[arg(long, value_name = "UUID", allow_hyphen_values = true)]
    pub instance: Option<String>,
    /// List the times the event took place (UUID and start) instead.
    #[arg(long, conflicts_with_all = ["instance", "show", "output"])]
    pub instances: bool,
    /// Count only the registrants of this occurrence of a recurring event.
    #[arg(long, value_name = "ID")]
    pub occurrence: Option<String>,
    /// Which list to print.
    #[arg(long, value_enum, default_value_t)]
    pub show: Show,
    /// table for people; csv (export's columns, ready for `regdesk import`) or json for scripts.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
    /// Write the list to this CSV file (UTF-8 with a BOM, 0600) instead of printing it.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With --output: leave out the byte order mark.
    #[arg(long, requires = "output")]
    pub no_bom: bool,
}

/// The list `regdesk attendance` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Show {
    /// Approved registrants who did not join.
    #[default]
    NoShows,
    /// People who joined without a registration.
    WalkIns,
    /// Registrants who joined, with their time.
    Attended,
}

impl Show {
    fn list(self) -> AttendanceList {
        match self {
            Show::NoShows => AttendanceList::NoShows,
            Show::WalkIns => AttendanceList::WalkIns,
            Show::Attended => AttendanceList::Attended,
        }
    }
}

pub async fn run(args: AttendanceArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let client = build_client(global).await?;
    let event = resolve_event(&client, args.meeting_id, args.webinar).await?;
    if args.instances {
        return print_instances(&client, event, args.format).await;
    }
    let instance = match &args.instance {
        Some(uuid) => InstanceRef::Uuid(uuid.clone()),
        None => InstanceRef::Latest,
    };
    let gathered =
        attendance::gather(&client, event, &instance, args.occurrence.as_deref()).await?;
    if gathered.source == Source::PastParticipants {
        eprintln!("note: {}", attendance::fallback_note(event));
    }
    if let Some(note) = attendance::nobody_listed_note(&gathered.attendance) {
        eprintln!("note: {note}");
    }
    let (attendance, source) = (gathered.attendance, gathered.source);
    let which = match &instance {
        InstanceRef::Latest => "its latest instance".to_owned(),
        InstanceRef::Uuid(uuid) => format!("instance {uuid}"),
    };
    crate::eprintln_sanitised!(
        "{event}, {which}: {} approved registrants, {} attended, {} no-shows; {} walk-ins; {} of your account's users.",
        gathered.approved,
        attendance.attended.len(),
        attendance.no_shows.len(),
        attendance.walk_ins.len(),
        attendance.account_users.len(),
    );
    if let Some(path) = &args.output {
        let bom = if args.no_bom { Bom::Omit } else { Bom::Write };
        let rows = attendance::write_csv(path, &attendance, args.show.list(), bom)
            .map_err(|error| anyhow::anyhow!("cannot write {}: {error}", path.display()))?;
        crate::eprintln_sanitised!("Wrote {rows} rows to {}.", path.display());
        return Ok(ExitCode::Ok);
    }
    match args.format {
        OutputFormat::Json => print_json(&JsonAnswer {
            event,
            instance: args.instance.as_deref(),
            source,
            attendance: &attendance,
        })?,
        OutputFormat::Csv => {
            let (headers, rows) = attendance::csv_rows(&attendance, args.show.list());
            write_csv(std::io::stdout().lock(), &headers, &rows)?;
        }
        OutputFormat::Table => print_table(&attendance, args.show),
    }
    Ok(ExitCode::Ok)
}

async fn print_instances(
    client: &ZoomClient,
    event: EventRef,
    format: OutputFormat,
) -> anyhow::Result<ExitCode> {
    let instances = client.past_instances(event).await?;
    let rows: Vec<Vec<String>> = instances
        .iter()
        .map(|i| vec![i.uuid.clone(), i.start_time.to_string()])
        .collect();
    match format {
        OutputFormat::Json => print_json(&instances)?,
        OutputFormat::Csv => write_csv(
            std::io::stdout().lock(),
            &["uuid".to_owned(), "start_time".to_owned()],
            &rows,
        )?,
        OutputFormat::Table if instances.is_empty() => {
            eprintln!("{event} has not taken place (Zoom lists no past instances).");
        }
        OutputFormat::Table => {
            let shown: Vec<Vec<String>> = instances
                .iter()
                .map(|i| vec![i.uuid.clone(), short_time(Some(i.start_time), None)])
                .collect();
            print!("{}", render_table(&["UUID", "STARTED"], &shown));
        }
    }
    Ok(ExitCode::Ok)
}

#[derive(Serialize)]
struct JsonAnswer<'a> {
    #[serde(serialize_with = "event_text")]
    event: EventRef,
    /// The instance asked for; `null`: the latest.
    instance: Option<&'a str>,
    source: Source,
    #[serde(flatten)]
    attendance: &'a Attendance,
}

fn event_text<S: serde::Serializer>(event: &EventRef, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&event.to_string())
}

fn print_table(attendance: &Attendance, show: Show) {
    let name = |r: &Registrant| full_name(&r.first_name, r.fields.last_name.as_deref());
    match show {
        Show::NoShows => {
            let rows: Vec<Vec<String>> = attendance
                .no_shows
                .iter()
                .map(|r| {
                    vec![
                        r.email.clone(),
                        name(r),
                        short_time(r.create_time, None),
                        r.id.clone(),
                    ]
                })
                .collect();
            print!(
                "{}",
                render_table(&["EMAIL", "NAME", "REGISTERED", "ID"], &rows)
            );
        }
        Show::WalkIns => {
            let rows: Vec<Vec<String>> = attendance
                .walk_ins
                .iter()
                .map(|w| {
                    vec![
                        w.name.clone(),
                        if w.email.is_empty() {
                            "(hidden by Zoom)".to_owned()
                        } else {
                            w.email.clone()
                        },
                        short_time(Some(w.first_join), None),
                        minutes(w.seconds),
                        w.stays.to_string(),
                    ]
                })
                .collect();
            print!(
                "{}",
                render_table(&["NAME", "EMAIL", "JOINED", "MINUTES", "STAYS"], &rows)
            );
        }
        Show::Attended => {
            let rows: Vec<Vec<String>> = attendance
                .attended
                .iter()
                .map(|a| {
                    vec![
                        a.registrant.email.clone(),
                        name(&a.registrant),
                        minutes(a.seconds),
                        a.stays.to_string(),
                        match a.matched_by {
                            MatchedBy::RegistrantId => "registrant ID",
                            MatchedBy::Email => "email",
                        }
                        .to_owned(),
                    ]
                })
                .collect();
            print!(
                "{}",
                render_table(&["EMAIL", "NAME", "MINUTES", "STAYS", "MATCHED BY"], &rows)
            );
        }
    }
}
