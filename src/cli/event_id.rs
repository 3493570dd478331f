//! Meeting and webinar IDs on the command line: clap's parser for the forms people have them in
//! (parsed by [`crate::zoom::event_id`]), and, without `--webinar` and without a link that names
//! the kind, [`resolve`], which asks Zoom once whether the ID is a meeting or a webinar (the
//! answer is cached for the rest of the run) and says on stderr which it is.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use super::output::Explained;
pub use crate::zoom::event_id::{EventIdArg, EventIdError};
use crate::zoom::{ApiErrorKind, EventKind, EventRef, NotFoundWhat, ZoomClient, ZoomError};

/// clap's parser for meeting IDs. Its error names the argument and gives our own text, without
/// repeating the value (a link's `pwd` must not be printed).
#[derive(Debug, Clone, Copy)]
pub struct EventIdParser;

impl clap::builder::TypedValueParser for EventIdParser {
    type Value = EventIdArg;

    fn parse_ref(
        &self,
        _command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Self::Value, clap::Error> {
        let name = arg
            .map(|arg| arg.get_id().as_str().to_uppercase())
            .unwrap_or_else(|| "MEETING_ID".to_owned());
        let parsed = value
            .to_str()
            .ok_or_else(|| EventIdError("the ID is not valid UTF-8".to_owned()))
            .and_then(str::parse::<EventIdArg>);
        parsed.map_err(|error| {
            clap::Error::raw(
                clap::error::ErrorKind::ValueValidation,
                format!(
                    "invalid <{name}>: {error}\n\nFor more information, try '--help'.\n",
                    error = crate::text::terminal::sanitise(&error.0)
                ),
            )
        })
    }
}

/// Kinds found this run, so that a command naming one event several times asks Zoom once.
fn found_kinds() -> &'static Mutex<HashMap<u64, EventKind>> {
    static FOUND: OnceLock<Mutex<HashMap<u64, EventKind>>> = OnceLock::new();
    FOUND.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The flag that says an ID is a webinar's (`--webinar`; `copy` has `--from-webinar` and
/// `--to-webinar`), and whether it was given: messages name the flag the command has.
#[derive(Debug, Clone, Copy)]
pub struct WebinarFlag {
    pub name: &'static str,
    pub given: bool,
}

/// How a resolved event's kind was decided (what stderr says about it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindSource {
    /// `--webinar`, or a link naming the kind.
    Given,
    /// Asked Zoom (or the cache of this run).
    LookedUp,
}

/// The event an argument names: `--webinar` or the link's kind, else one lookup at Zoom (a
/// meeting first, then a webinar), announced on stderr unless `quiet`.
pub async fn resolve(
    client: &ZoomClient,
    arg: EventIdArg,
    webinar_flag: WebinarFlag,
    quiet: bool,
) -> anyhow::Result<EventRef> {
    let (event, source) = resolve_kind(client, arg, webinar_flag).await?;
    if source == KindSource::LookedUp && !quiet {
        eprintln!(
            "{} is a {} (found at Zoom; {} skips the lookup for webinars).",
            event.id,
            event.kind.noun(),
            webinar_flag.name
        );
    }
    Ok(event)
}

/// The event and how its kind was decided.
pub async fn resolve_kind(
    client: &ZoomClient,
    arg: EventIdArg,
    webinar_flag: WebinarFlag,
) -> anyhow::Result<(EventRef, KindSource)> {
    if webinar_flag.given {
        if arg.kind == Some(EventKind::Meeting) {
            anyhow::bail!(super::output::UsageError(format!(
                "{} was given, but the link is a meeting's registration link ({})",
                webinar_flag.name, arg.id
            )));
        }
        return Ok((EventRef::webinar(arg.id), KindSource::Given));
    }
    if let Some(kind) = arg.kind {
        return Ok((EventRef { kind, id: arg.id }, KindSource::Given));
    }
    let cached = found_kinds()
        .lock()
        .ok()
        .and_then(|found| found.get(&arg.id).copied());
    if let Some(kind) = cached {
        return Ok((EventRef { kind, id: arg.id }, KindSource::LookedUp));
    }
    let kind = look_up_kind(client, arg.id).await?;
    if let Ok(mut found) = found_kinds().lock() {
        found.insert(arg.id, kind);
    }
    Ok((EventRef { kind, id: arg.id }, KindSource::LookedUp))
}

/// Asks Zoom for the ID as a meeting, then as a webinar.
async fn look_up_kind(client: &ZoomClient, id: u64) -> anyhow::Result<EventKind> {
    let not_found = |error: &ZoomError| {
        matches!(
            error.api_kind(),
            Some(ApiErrorKind::NotFound {
                what: NotFoundWhat::Event | NotFoundWhat::Unknown
            })
        )
    };
    let meeting_error = match client.get_event(EventRef::meeting(id), None).await {
        Ok(_) => return Ok(EventKind::Meeting),
        Err(error) if not_found(&error) => error,
        Err(error) => return Err(error.into()),
    };
    match client.get_event(EventRef::webinar(id), None).await {
        Ok(_) => Ok(EventKind::Webinar),
        Err(error) if not_found(&error) => Err(Explained {
            what: format!("Zoom has no meeting or webinar {id}"),
            why: format!(
                "Zoom answered \"not found\" for both kinds (as a meeting: {meeting_error}); the \
                 ID may be mistyped, belong to another Zoom account, or the event was deleted \
                 after it ended"
            ),
            fix: "find the ID with `regdesk meetings` (and `regdesk meetings --webinars`)"
                .to_owned(),
        }
        .into()),
        // The account has no webinars at all: the meeting's answer says more.
        Err(error) if matches!(error.api_kind(), Some(ApiErrorKind::WebinarPlanMissing)) => {
            Err(meeting_error.into())
        }
        Err(error) => Err(error.into()),
    }
}
