//! Taking over the terminal and giving it back: raw mode, the alternate screen, bracketed paste,
//! mouse clicks and the wheel (unless `REGDESK_NO_MOUSE` is set; Shift-drag still selects text in
//! most terminals) and a hidden cursor on the way in; all of it undone on the way out — when the guard drops
//! (quit, Ctrl-C, an error) and, through the panic hook, before a panic message is printed (the
//! crash hook of [`crate::crash`], which this one wraps). After a panic gave the terminal back,
//! [`TerminalOut`] refuses further frames, so a loop still running cannot garble the shell.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};

/// Whether the terminal is currently taken over (the panic hook restores only then).
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// Whether mouse reporting was turned on (and must be turned off again).
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Button presses and the wheel only (xterm mode 1000), in SGR encoding (1006): no motion
/// events, which would wake the loop on every mouse move.
const MOUSE_ON: &str = "\x1b[?1000h\x1b[?1006h";
const MOUSE_OFF: &str = "\x1b[?1006l\x1b[?1000l";

/// Set to turn the mouse off (clicks and the wheel then go to the terminal, as without regdesk).
pub const NO_MOUSE_ENV: &str = "REGDESK_NO_MOUSE";

/// Holds the terminal; dropping it restores the terminal.
pub struct TerminalGuard {
    _private: (),
}

impl TerminalGuard {
    pub fn enter() -> io::Result<Self> {
        install_panic_hook();
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let guard = TerminalGuard { _private: () };
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableBracketedPaste,
            cursor::Hide
        )?;
        if std::env::var_os(NO_MOUSE_ENV).is_none() {
            MOUSE.store(true, Ordering::SeqCst);
            execute!(io::stdout(), crossterm::style::Print(MOUSE_ON))?;
        }
        Ok(guard)
    }
}

/// Start and end of a synchronized update (DEC private mode 2026): terminals that know it show
/// everything between the two at once; the others ignore both.
const SYNC_BEGIN: &[u8] = b"\x1b[?2026h";
const SYNC_END: &[u8] = b"\x1b[?2026l";

/// The terminal's output while it is taken over. Everything written until the next flush (a
/// frame, a cursor move, a clipboard copy) goes out in one write, marked as one synchronized
/// update, so the terminal never shows half of one frame over the rest of the last. Once the
/// terminal has been given back (the panic hook restores it from whichever thread panicked,
/// while the loop may still draw until it learns of the panic) output is dropped instead of
/// painting frames over the shell's screen.
pub struct TerminalOut<W: Write = io::Stdout> {
    pending: Vec<u8>,
    sink: W,
    taken_over: fn() -> bool,
}

impl TerminalOut {
    /// Output to standard output while [`TerminalGuard`] holds the terminal.
    pub fn stdout() -> Self {
        TerminalOut {
            pending: Vec::new(),
            sink: io::stdout(),
            taken_over: || ACTIVE.load(Ordering::SeqCst),
        }
    }
}

impl<W: Write> Write for TerminalOut<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if (self.taken_over)() {
            self.pending.extend_from_slice(buf);
        }
        // Not an error when given back: failing here would make ratatui print its own complaints.
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        if !(self.taken_over)() {
            self.pending.clear();
            return Ok(());
        }
        let mut batch = Vec::with_capacity(SYNC_BEGIN.len() + self.pending.len() + SYNC_END.len());
        batch.extend_from_slice(SYNC_BEGIN);
        batch.append(&mut self.pending);
        batch.extend_from_slice(SYNC_END);
        self.sink.write_all(&batch)?;
        self.sink.flush()
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Undoes everything `enter` did; safe to call twice.
fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut stdout = io::stdout();
    // Restoring is best effort: a failure here has nowhere better to be reported than stderr, and
    // a failing stderr is ignored (this runs in the panic hook, where a panic would abort).
    let mut stderr = io::stderr();
    if MOUSE.swap(false, Ordering::SeqCst)
        && let Err(error) = execute!(stdout, crossterm::style::Print(MOUSE_OFF))
    {
        let _ignored = writeln!(stderr, "regdesk: could not turn the mouse off: {error}");
    }
    if let Err(error) = execute!(
        stdout,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    ) {
        let _ignored = writeln!(
            stderr,
            "regdesk: could not leave the alternate screen: {error}"
        );
    }
    if let Err(error) = disable_raw_mode() {
        let _ignored = writeln!(
            stderr,
            "regdesk: could not leave raw mode: {error}; run `reset`"
        );
    }
    if let Err(error) = stdout.flush() {
        let _ignored = writeln!(stderr, "regdesk: could not flush the terminal: {error}");
    }
}

fn install_panic_hook() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // Before the terminal is given back: whoever sees a failure caused by that knows a
            // crash report is on its way and leaves the telling to it.
            crate::crash::mark_panicking();
            restore();
            previous(info);
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records each write the terminal would receive.
    #[derive(Default)]
    struct Writes(Vec<Vec<u8>>);

    impl Write for Writes {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.push(buf.to_vec());
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn out(taken_over: fn() -> bool) -> TerminalOut<Writes> {
        TerminalOut {
            pending: Vec::new(),
            sink: Writes::default(),
            taken_over,
        }
    }

    #[test]
    fn a_frame_reaches_the_terminal_in_one_write_marked_as_one_update() {
        let mut out = out(|| true);
        out.write_all(b"\x1b[1;1Hfirst half").expect("write");
        out.write_all(b"\x1b[2;1Hsecond half").expect("write");
        assert!(out.sink.0.is_empty(), "nothing is shown before the flush");
        out.flush().expect("flush");
        assert_eq!(
            out.sink.0,
            vec![b"\x1b[?2026h\x1b[1;1Hfirst half\x1b[2;1Hsecond half\x1b[?2026l".to_vec()]
        );
        out.flush().expect("flush");
        assert_eq!(out.sink.0.len(), 1, "an empty flush writes nothing");
    }

    #[test]
    fn frames_after_the_terminal_was_given_back_are_dropped() {
        let mut out = out(|| false);
        out.write_all(b"a frame").expect("write");
        out.flush().expect("flush");
        assert!(out.sink.0.is_empty());
    }
}
