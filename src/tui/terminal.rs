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

/// The terminal's output while it is taken over. Once it has been given back (the panic hook
/// restores it from whichever thread panicked, while the loop may still draw until it learns of
/// the panic) writes are dropped instead of painting frames over the shell's screen.
pub struct TerminalOut;

impl Write for TerminalOut {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !ACTIVE.load(Ordering::SeqCst) {
            // Not an error: failing here would make ratatui print its own complaints.
            return Ok(buf.len());
        }
        io::stdout().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        if !ACTIVE.load(Ordering::SeqCst) {
            return Ok(());
        }
        io::stdout().flush()
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
