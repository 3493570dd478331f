//! The loop: the only owner of the [`App`]. It `select!`s over the terminal's input stream, the
//! message queue (finished work, client events) and a tick for countdowns and spinners; it hands
//! effects to the runner, and redraws once the queue is drained. Input, backend, clock and
//! clipboard are injected, so tests drive this very loop with a `TestBackend`.

use std::io;
use std::time::Duration;

use crossterm::event::Event;
use futures::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::buffer::Buffer;
use tokio::sync::mpsc::UnboundedReceiver;

use super::app::App;
use super::effects::EffectRunner;
use super::message::{Effect, Msg};

/// How often countdowns and spinners advance. Nothing else is redrawn on a timer.
pub const TICK: Duration = Duration::from_millis(250);

/// Called after every frame with the app and what was drawn (tests watch the screen with it).
pub type FrameObserver<'a> = dyn FnMut(&App, &Buffer) + Send + 'a;

/// Runs `initial` effects, then until the user quits, the input ends, the process is told to
/// stop or a background task panics ([`super::message::TaskPanicked`], the loop's error).
pub async fn run<B, S>(
    app: &mut App,
    initial: Vec<Effect>,
    terminal: &mut Terminal<B>,
    mut input: S,
    runner: &mut EffectRunner,
    queue: &mut UnboundedReceiver<Msg>,
    observer: &mut FrameObserver<'_>,
) -> anyhow::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    S: Stream<Item = io::Result<Event>> + Unpin,
{
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    // The app learns the terminal's size from a message, as it learns of every later resize.
    let size = terminal
        .size()
        .map_err(|error| anyhow::Error::new(error).context("reading the terminal's size failed"))?;
    run_effects(runner, initial);
    dispatch(
        app,
        runner,
        Msg::Input(Event::Resize(size.width, size.height)),
    )?;
    draw(app, terminal, observer)?;
    while !app.should_quit() {
        let msg = tokio::select! {
            event = input.next() => match event {
                Some(Ok(event)) => Msg::Input(event),
                Some(Err(error)) => return Err(anyhow::Error::new(error).context("reading the terminal failed")),
                None => break,
            },
            Some(msg) = queue.recv() => msg,
            _ = tick.tick() => Msg::Tick,
        };
        dispatch(app, runner, msg)?;
        while !app.should_quit() {
            match queue.try_recv() {
                Ok(msg) => dispatch(app, runner, msg)?,
                Err(_) => break,
            }
        }
        if !app.should_quit() {
            draw(app, terminal, observer)?;
        }
    }
    Ok(())
}

/// Hands one message to the app; a panicked task ends the loop (what it was doing will never
/// finish, and a screen would wait for it forever).
fn dispatch(app: &mut App, runner: &mut EffectRunner, msg: Msg) -> anyhow::Result<()> {
    let effects = match msg {
        Msg::SessionReady(session) => {
            let info = runner.adopt(*session);
            app.on_session(info)
        }
        Msg::TaskPanicked(panicked) => return Err(panicked.into()),
        other => app.update(other),
    };
    run_effects(runner, effects);
    Ok(())
}

fn run_effects(runner: &mut EffectRunner, effects: Vec<Effect>) {
    for effect in effects {
        runner.run(effect);
    }
}

fn draw<B>(
    app: &App,
    terminal: &mut Terminal<B>,
    observer: &mut FrameObserver<'_>,
) -> anyhow::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
{
    let frame = terminal
        .draw(|frame| app.render(frame))
        .map_err(|error| anyhow::Error::new(error).context("drawing failed"))?;
    observer(app, frame.buffer);
    Ok(())
}
