//! Taking over the terminal and giving it back: raw mode, the alternate screen, bracketed paste
//! and a hidden cursor on the way in; all of it undone on the way out — when the guard drops
//! (quit, Ctrl-C, an error) and, through the panic hook, before a panic message is printed.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};

/// Whether the terminal is currently taken over (the panic hook restores only then).
static ACTIVE: AtomicBool = AtomicBool::new(false);

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
        Ok(guard)
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
    // Restoring is best effort: a failure here has nowhere better to be reported.
    if let Err(error) = execute!(
        stdout,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    ) {
        eprintln!("regdesk: could not leave the alternate screen: {error}");
    }
    if let Err(error) = disable_raw_mode() {
        eprintln!("regdesk: could not leave raw mode: {error}; run `reset`");
    }
    if let Err(error) = stdout.flush() {
        eprintln!("regdesk: could not flush the terminal: {error}");
    }
}

fn install_panic_hook() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}
