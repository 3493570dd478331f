//! Runs the [`Effect`]s the app asks for. Each one that talks to Zoom is spawned as a task holding
//! a clone of the client and a sender; it reports back exactly one [`Msg::Done`] with the request
//! id it was given and never touches the app's state. The runner also forwards the client's event
//! stream (requests, token, clock, limits) into the same queue, and writes OSC 52 for copies.
//! Every task it spawns is watched: a panic in one reaches the loop as [`Msg::TaskPanicked`]
//! (which ends it) instead of leaving a screen waiting for a result that will never come.

use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use base64::Engine;
use futures::FutureExt;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use super::message::{
    Applied, AppliedResult, Change, ChangeKind, Effect, ExportProblem, LoginValues, Msg, Outcome,
    PathCompletion, RequestId, TaskPanicked,
};
use super::screens::import_wizard::{self, MultiImportChoice};
use crate::import::copy::{CopyError, CopyRequest};
use crate::import::job::{ImportRequest, imports_dir};
use crate::secrets::login::{ProfileUrls, credentials_from};
use crate::session::Session;
use crate::session::attendance::{Attendance, AttendanceList};
use crate::session::events::AccountEvents;
use crate::session::export::{Bom, ExportRequest};
use crate::session::login::{LoginProblem, LoginRequest, verify_then_store};
use crate::zoom::{
    ClientEvent, ClockOffset, EventKind, EventRef, ListScope, LogEntry, RateLimitSnapshot,
    TokenStatus, ZoomClient, ZoomError,
};

/// Where OSC 52 copies go: the terminal in the product, a buffer in tests.
pub type ClipboardSink = Arc<Mutex<dyn Write + Send>>;

/// The URLs a login should verify against (the global `--api-url`/`--oauth-url`).
#[derive(Debug, Clone)]
pub struct LoginSettings {
    pub api_url: Option<String>,
    pub oauth_url: Option<String>,
    /// Whether a login may use the OS keyrings; tests turn them off to stay hermetic (the
    /// screen then offers the file stores, as on a machine without a working keyring).
    pub os_keyrings: bool,
}

impl Default for LoginSettings {
    fn default() -> Self {
        LoginSettings {
            api_url: None,
            oauth_url: None,
            os_keyrings: true,
        }
    }
}

/// The test hook of debug builds: a background task that panics on purpose, so that tests can
/// watch a panicking task stop the app (set from `REGDESK_DEBUG_PANIC=tui` by the binary, or by
/// the test harness).
#[cfg(debug_assertions)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InjectedPanic {
    /// The task that loads an event's registrants panics.
    LoadingRegistrants,
    /// The loop itself (on the main thread) panics while handling loaded registrants.
    HandlingRegistrants,
}

/// What the live pane starts from when a session begins.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub label: String,
    /// The in-memory demo: its imports' journals die with it, so nothing is left to resume.
    pub demo: bool,
    /// The features the app's scopes leave out, found by the login that opened the session.
    pub disabled_features: Vec<String>,
    pub token: TokenStatus,
    pub clock: Option<ClockOffset>,
    pub limits: Vec<RateLimitSnapshot>,
    pub log: Vec<LogEntry>,
}

pub struct EffectRunner {
    queue: UnboundedSender<Msg>,
    client: Option<ZoomClient>,
    default_user: String,
    /// Keeps the demo's simulator running as long as its session.
    simulator: Option<crate::sim::Simulator>,
    forwarder: Option<AbortHandle>,
    clipboard: ClipboardSink,
    login: LoginSettings,
    /// Import journals and reports go to `<data dir>/imports`.
    data_dir: PathBuf,
    /// The demo's imports go here instead, gone with the demo (`Err`: it could not be made, and
    /// the demo imports nothing rather than write to the real data dir).
    demo_scratch: Option<Result<crate::session::demo::DemoScratch, String>>,
    #[cfg(debug_assertions)]
    injected_panic: Option<InjectedPanic>,
}

impl Drop for EffectRunner {
    fn drop(&mut self) {
        if let Some(forwarder) = self.forwarder.take() {
            forwarder.abort();
        }
    }
}

impl EffectRunner {
    pub fn new(
        queue: UnboundedSender<Msg>,
        clipboard: ClipboardSink,
        login: LoginSettings,
    ) -> Self {
        EffectRunner {
            queue,
            client: None,
            default_user: "me".to_owned(),
            simulator: None,
            forwarder: None,
            clipboard,
            login,
            data_dir: PathBuf::new(),
            demo_scratch: None,
            #[cfg(debug_assertions)]
            injected_panic: None,
        }
    }

    /// The test hook of debug builds: makes this background task panic on purpose.
    #[cfg(debug_assertions)]
    pub fn inject_panic(&mut self, panic: Option<InjectedPanic>) {
        self.injected_panic = panic;
    }

    /// Where imports keep their journals and reports (the app's data dir).
    pub fn set_data_dir(&mut self, data_dir: PathBuf) {
        self.data_dir = data_dir;
    }

    /// Takes over a session: its client serves every later effect, its events feed the queue.
    pub fn adopt(&mut self, session: Session) -> SessionInfo {
        if let Some(old) = self.forwarder.take() {
            old.abort();
        }
        let client = session.client;
        // A secret kept in a plain file says so on every screen (its permanent badge).
        let label = match session.store_warning {
            Some(badge) => format!("{} {badge}", session.label),
            None => session.label,
        };
        let info = SessionInfo {
            label,
            demo: session.simulator.is_some(),
            disabled_features: session.disabled_features,
            token: client.token_status(),
            clock: client.clock_offset(),
            limits: client.rate_limits(),
            log: client.request_log(),
        };
        self.forwarder = Some(
            spawn_watched(
                &self.queue,
                "forwarding the client's events",
                forward_events(client.clone(), self.queue.clone()),
            )
            .abort_handle(),
        );
        self.client = Some(client);
        self.default_user = session.default_user;
        if session.simulator.is_some() {
            self.simulator = session.simulator;
            self.demo_scratch = Some(crate::session::demo::DemoScratch::create().map_err(
                |error| format!("the demo's private temporary folder could not be made: {error}"),
            ));
        } else {
            self.demo_scratch = None;
        }
        info
    }

    pub fn run(&mut self, effect: Effect) {
        match effect {
            Effect::Copy { text } => self.copy(&text),
            Effect::CompletePath { request, typed } => {
                let queue = self.queue.clone();
                spawn_watched(&self.queue, "completing a path", async move {
                    let listed = tokio::task::spawn_blocking(move || {
                        let (completed, candidates) = import_wizard::complete_path(&typed);
                        PathCompletion {
                            typed,
                            completed,
                            candidates,
                        }
                    })
                    .await;
                    match listed {
                        Ok(completion) => send(
                            &queue,
                            Msg::Done {
                                request,
                                outcome: Outcome::PathCompleted(completion),
                            },
                        ),
                        // The watcher reports the panic; a cancelled task means the runtime is
                        // shutting down and nobody waits.
                        Err(error) if error.is_panic() => {
                            std::panic::resume_unwind(error.into_panic())
                        }
                        Err(_) => {}
                    }
                });
            }
            Effect::StartDemo { request } => {
                let queue = self.queue.clone();
                spawn_watched(&self.queue, "starting the demo", async move {
                    let msg = match Session::demo().await {
                        Ok(session) => Msg::SessionReady(Box::new(session)),
                        Err(error) => Msg::Done {
                            request,
                            outcome: Outcome::DemoFailed(format!("{error:#}")),
                        },
                    };
                    send(&queue, msg);
                });
            }
            Effect::Login { request, values } => {
                let queue = self.queue.clone();
                let settings = self.login.clone();
                spawn_watched(&self.queue, "verifying a login", async move {
                    let msg = match login(values, settings).await {
                        Ok(session) => Msg::SessionReady(Box::new(session)),
                        Err(problem) => Msg::Done {
                            request,
                            outcome: Outcome::LoginFailed(Box::new(problem)),
                        },
                    };
                    send(&queue, msg);
                });
            }
            Effect::LoadEvents {
                request,
                kind,
                scope,
            } => self.spawn_zoom("loading events", request, move |client, user| async move {
                Outcome::Events(list_events(&client, kind, scope, &user).await)
            }),
            Effect::LoadEvent { request, event } => {
                self.spawn_zoom("loading an event", request, move |client, _| async move {
                    Outcome::Event(client.get_event(event, None).await.map(Box::new))
                })
            }
            Effect::CountRegistrants { request, event } => self.spawn_zoom(
                "counting registrants",
                request,
                move |client, _| async move {
                    Outcome::StatusCounts(
                        crate::session::status_counts::count(
                            &client,
                            event,
                            jiff::Timestamp::now(),
                        )
                        .await,
                    )
                },
            ),
            // A few bytes, written at once (like a copy) so that quitting right after the key
            // cannot lose them.
            Effect::RememberUi { path, state } => match state.save(&path) {
                Ok(()) => tracing::debug!("layout remembered in {}", path.display()),
                Err(error) => tracing::warn!("the layout could not be remembered: {error:#}"),
            },
            Effect::LoadRegistrants {
                request,
                event,
                occurrence,
            } => {
                #[cfg(debug_assertions)]
                let injected = self.injected_panic == Some(InjectedPanic::LoadingRegistrants);
                self.spawn_zoom("loading registrants", request, move |client, _| async move {
                    #[cfg(debug_assertions)]
                    if injected {
                        panic!("a panic while loading registrants, on purpose (the debug test hook)");
                    }
                    Outcome::Registrants(
                        client
                            .list_all_registrants(event, occurrence.as_deref())
                            .await,
                    )
                })
            }
            Effect::LoadQuestions { request, event } => {
                self.spawn_zoom("loading questions", request, move |client, _| async move {
                    Outcome::Questions(client.get_questions(event).await)
                })
            }
            Effect::AddRegistrant {
                request,
                event,
                person,
                options,
            } => self.spawn_zoom(
                "adding a registrant",
                request,
                move |client, _| async move {
                    Outcome::Added(
                        client
                            .add_registrant(event, &person, &options)
                            .await
                            .map(Box::new),
                    )
                },
            ),
            Effect::Apply { request, change } => self.spawn_zoom(
                "changing registrants",
                request,
                move |client, _| async move {
                    let result = apply(&client, &change).await;
                    Outcome::Applied(Box::new(Applied { change, result }))
                },
            ),
            Effect::PrepareImport {
                request,
                event,
                file,
                overrides,
                mode,
            } => {
                let import = self.work_dir().map(|data_dir| ImportRequest {
                    event,
                    file,
                    overrides,
                    event_column: None,
                    mode,
                    journal_dir: imports_dir(&data_dir),
                    report: None,
                    set_aside_unreadable: false,
                });
                self.spawn_zoom(
                    "preparing an import",
                    request,
                    move |client, _| async move {
                        Outcome::ImportPrepared(match import {
                            Ok(import) => import_wizard::prepare(&client, import).await,
                            Err(problem) => Err(super::message::ImportProblem::Failed(
                                crate::import::job::ImportError::Usage(problem),
                            )),
                        })
                    },
                )
            }
            Effect::RunImport {
                request,
                prepared,
                cancel,
                pause,
            } => {
                let queue = self.queue.clone();
                self.spawn_zoom("running an import", request, move |client, _| async move {
                    let progress = move |outcome| send(&queue, Msg::Done { request, outcome });
                    import_wizard::run(&client, &prepared, cancel, pause, progress).await
                })
            }
            Effect::PrepareMultiImport {
                request,
                file,
                overrides,
                mode,
            } => {
                let journal_dir = self.work_dir().map(|data_dir| imports_dir(&data_dir));
                self.spawn_zoom(
                    "preparing an import into several events",
                    request,
                    move |client, default_user| async move {
                        Outcome::MultiImportPrepared(match journal_dir {
                            Ok(journal_dir) => {
                                import_wizard::prepare_multi(
                                    &client,
                                    &default_user,
                                    MultiImportChoice {
                                        file,
                                        overrides,
                                        mode,
                                    },
                                    journal_dir,
                                )
                                .await
                            }
                            Err(problem) => Err(super::message::ImportProblem::Failed(
                                crate::import::job::ImportError::Usage(problem),
                            )),
                        })
                    },
                )
            }
            Effect::RunMultiImport {
                request,
                prepared,
                cancel,
                pause,
            } => {
                let queue = self.queue.clone();
                self.spawn_zoom(
                    "running an import into several events",
                    request,
                    move |client, _| async move {
                        let progress = move |outcome| send(&queue, Msg::Done { request, outcome });
                        import_wizard::run_multi(&client, &prepared, cancel, pause, progress).await
                    },
                )
            }
            Effect::GatherCopy { request, copy } => {
                let copy = self.work_dir().map(|data_dir| CopyRequest {
                    from: copy.from,
                    to: copy.to,
                    statuses: copy.statuses,
                    occurrence: copy.occurrence,
                    answers: Vec::new(),
                    mode: copy.mode,
                    journal_dir: imports_dir(&data_dir),
                    report: None,
                    set_aside_unreadable: false,
                    move_action: None,
                    only: Some(copy.only),
                });
                self.spawn_zoom("gathering a copy", request, move |client, _| async move {
                    Outcome::CopyGathered(match copy {
                        Ok(copy) => crate::import::copy::gather(&client, copy)
                            .await
                            .map(Box::new),
                        Err(problem) => Err(CopyError::Usage(problem)),
                    })
                })
            }
            Effect::PrepareCopy { request, gathered } => {
                self.spawn_zoom("planning a copy", request, move |client, _| async move {
                    Outcome::CopyPrepared(
                        crate::import::copy::prepare(&client, *gathered)
                            .await
                            .map(Box::new),
                    )
                })
            }
            Effect::RunCopy {
                request,
                copy,
                cancel,
                pause,
            } => {
                let queue = self.queue.clone();
                self.spawn_zoom("running a copy", request, move |client, _| async move {
                    let (events, mut received) = tokio::sync::mpsc::unbounded_channel();
                    let forward = async move {
                        // Ends when the copy returns and drops the sender, after the last event.
                        while let Some(event) = received.recv().await {
                            let outcome = Outcome::ImportProgress(Box::new(event));
                            send(&queue, Msg::Done { request, outcome });
                        }
                    };
                    let (finished, ()) = tokio::join!(
                        crate::import::copy::execute_pausable(
                            &client, &copy, events, cancel, pause
                        ),
                        forward
                    );
                    Outcome::CopyFinished(finished.map(Box::new))
                })
            }
            Effect::LoadAttendance {
                request,
                event,
                instance,
            } => self.spawn_zoom("loading attendance", request, move |client, _| async move {
                Outcome::Attendance(
                    crate::session::attendance::gather(&client, event, &instance, None)
                        .await
                        .map(Box::new),
                )
            }),
            Effect::LoadPastInstances { request, event } => self.spawn_zoom(
                "listing past instances",
                request,
                move |client, _| async move {
                    Outcome::PastInstances(client.past_instances(event).await)
                },
            ),
            Effect::ExportAttendance {
                request,
                attendance,
                list,
                path,
            } => {
                let data_dir = self.data_dir.clone();
                let queue = self.queue.clone();
                spawn_watched(&self.queue, "exporting attendance", async move {
                    let written = tokio::task::spawn_blocking(move || {
                        export_attendance(&attendance, list, &path, &data_dir)
                    })
                    .await;
                    match written {
                        Ok(outcome) => send(
                            &queue,
                            Msg::Done {
                                request,
                                outcome: Outcome::AttendanceExported(outcome),
                            },
                        ),
                        Err(error) if error.is_panic() => {
                            std::panic::resume_unwind(error.into_panic())
                        }
                        Err(_) => {}
                    }
                });
            }
            Effect::Export {
                request,
                event,
                occurrence,
                path,
            } => {
                let data_dir = self.data_dir.clone();
                self.spawn_zoom(
                    "exporting registrants",
                    request,
                    move |client, _| async move {
                        let exported =
                            export(&client, event, occurrence.as_deref(), &path, &data_dir);
                        Outcome::Exported(exported.await)
                    },
                )
            }
        }
    }

    /// Where imports and copies keep journals and reports: the data dir, or the demo's scratch
    /// folder (`Err`: it could not be made, and the demo writes nothing to the real data dir).
    fn work_dir(&self) -> Result<PathBuf, String> {
        match &self.demo_scratch {
            None => Ok(self.data_dir.clone()),
            Some(Ok(scratch)) => Ok(scratch.path().to_path_buf()),
            Some(Err(problem)) => Err(problem.clone()),
        }
    }

    fn copy(&self, text: &str) {
        // OSC 52: the terminal (and tmux with `set-clipboard on`) puts the payload on the
        // system clipboard; it works over SSH, where no local clipboard tool could.
        let payload = base64::engine::general_purpose::STANDARD.encode(text);
        let sequence = format!("\x1b]52;c;{payload}\x07");
        match self.clipboard.lock() {
            Ok(mut sink) => {
                if let Err(error) = sink
                    .write_all(sequence.as_bytes())
                    .and_then(|()| sink.flush())
                {
                    tracing::warn!("cannot write the OSC 52 copy: {error}");
                }
            }
            Err(_) => tracing::warn!("the clipboard sink is poisoned"),
        }
    }

    /// Runs `work` with the session's client (and default user) and reports its outcome.
    fn spawn_zoom<Work, Done>(&self, task: &'static str, request: RequestId, work: Work)
    where
        Work: FnOnce(ZoomClient, String) -> Done + Send + 'static,
        Done: Future<Output = Outcome> + Send + 'static,
    {
        let Some(client) = self.client.clone() else {
            tracing::warn!("work for {request:?} arrived before a session");
            return;
        };
        let queue = self.queue.clone();
        let default_user = self.default_user.clone();
        spawn_watched(&self.queue, task, async move {
            let outcome = work(client, default_user).await;
            send(&queue, Msg::Done { request, outcome });
        });
    }
}

/// Spawns `work` (doing `task`); a panic in it is caught and sent to the loop as
/// [`Msg::TaskPanicked`], with its message redacted.
fn spawn_watched<Work>(
    queue: &UnboundedSender<Msg>,
    task: &'static str,
    work: Work,
) -> tokio::task::JoinHandle<()>
where
    Work: Future<Output = ()> + Send + 'static,
{
    let queue = queue.clone();
    tokio::spawn(async move {
        if let Err(payload) = AssertUnwindSafe(work).catch_unwind().await {
            let message = crate::crash::redact(&crate::crash::payload_text(payload.as_ref()));
            send(&queue, Msg::TaskPanicked(TaskPanicked { task, message }));
        }
    })
}

fn send(queue: &UnboundedSender<Msg>, msg: Msg) {
    // The loop has ended (the app quit): nobody wants the result any more.
    if queue.send(msg).is_err() {
        tracing::debug!("result arrived after the app quit");
    }
}

async fn forward_events(client: ZoomClient, queue: UnboundedSender<Msg>) {
    let mut events = client.subscribe();
    loop {
        match events.recv().await {
            Ok(event) => {
                if queue.send(Msg::Client(event)).is_err() {
                    return;
                }
            }
            Err(RecvError::Lagged(missed)) => {
                tracing::debug!("live pane missed {missed} client events; resending the state");
                // What the missed events said is in the client's snapshots: the latest budget
                // of every category and the clock offset, then the requests missed.
                let current = client
                    .rate_limits()
                    .into_iter()
                    .map(|limit| ClientEvent::RateLimit(limit.category, limit))
                    .chain(client.clock_offset().map(ClientEvent::ClockOffset));
                for event in current {
                    if queue.send(Msg::Client(event)).is_err() {
                        return;
                    }
                }
                for entry in client
                    .request_log()
                    .into_iter()
                    .rev()
                    .take(missed as usize)
                    .rev()
                {
                    if queue
                        .send(Msg::Client(ClientEvent::Request(Box::new(entry))))
                        .is_err()
                    {
                        return;
                    }
                }
            }
            Err(RecvError::Closed) => return,
        }
    }
}

/// The events of every active user with their hosts, soonest first, as the CLI lists them
/// ([`crate::session::events`]).
async fn list_events(
    client: &ZoomClient,
    kind: EventKind,
    scope: ListScope,
    default_user: &str,
) -> Result<AccountEvents, ZoomError> {
    crate::session::events::list(client, kind, scope, None, default_user).await
}

async fn apply(client: &ZoomClient, change: &Change) -> AppliedResult {
    match change.kind {
        ChangeKind::Status(action) => {
            let refs: Vec<_> = change
                .targets
                .iter()
                .map(|target| target.to_ref())
                .collect();
            AppliedResult::Status(
                client
                    .update_status(change.event, action, &refs, change.occurrence.as_deref())
                    .await,
            )
        }
        ChangeKind::Delete => {
            let mut results = Vec::with_capacity(change.targets.len());
            for target in &change.targets {
                results.push(
                    client
                        .delete_registrant(change.event, &target.id, change.occurrence.as_deref())
                        .await,
                );
            }
            AppliedResult::Deleted(results)
        }
    }
}

/// The TUI's export: every status, with a BOM, the data dir's folders kept private. A warning
/// (no question list) goes to the debug log; the notice says how many were exported.
async fn export(
    client: &ZoomClient,
    event: EventRef,
    occurrence: Option<&str>,
    path: &Path,
    data_dir: &Path,
) -> Result<(PathBuf, usize), ExportProblem> {
    let request = ExportRequest {
        event,
        status: None,
        occurrence,
        path,
        bom: Bom::Write,
        private_root: Some(data_dir),
    };
    match crate::session::export::export(client, request).await {
        Ok(exported) => {
            for warning in exported.warnings {
                tracing::info!("export: {warning}");
            }
            Ok((path.to_path_buf(), exported.registrants))
        }
        Err(error) => Err(ExportProblem::from(error)),
    }
}

/// Writes an attendance list: a bare file name goes to `<data dir>/exports/` (made private),
/// any other path where it says (missing folders made 0700); the file itself is 0600.
fn export_attendance(
    attendance: &Attendance,
    list: AttendanceList,
    path: &Path,
    data_dir: &Path,
) -> Result<(PathBuf, usize), String> {
    let bare = path
        .parent()
        .is_none_or(|parent| parent.as_os_str().is_empty());
    let path = if bare {
        let folder = data_dir.join("exports");
        crate::private_fs::create_private_dir_all(&folder)
            .map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
        folder.join(path)
    } else {
        if let Some(parent) = path.parent() {
            crate::private_fs::create_missing_dirs(parent)
                .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
        }
        path.to_path_buf()
    };
    let rows = crate::session::attendance::write_csv(&path, attendance, list, Bom::Write)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    Ok((path, rows))
}

/// Verifies typed credentials as `regdesk login` does, then stores them where the user chose
/// ([`crate::session::login::verify_then_store`]).
async fn login(values: LoginValues, settings: LoginSettings) -> Result<Session, LoginProblem> {
    let credentials = credentials_from(values.app, |field| {
        values
            .values
            .iter()
            .find(|(each, _)| *each == field)
            .map(|(_, value)| secrecy::ExposeSecret::expose_secret(value).to_owned())
            .unwrap_or_default()
    });
    let request = LoginRequest {
        profile: values.profile,
        credentials,
        app: values.app,
        urls: ProfileUrls {
            api_url: settings.api_url,
            oauth_url: settings.oauth_url,
        },
    };
    let (session, _recorded) =
        verify_then_store(request, values.store, settings.os_keyrings).await?;
    Ok(session)
}
