//! The CLI's prompts on the terminal: the passphrase of an encrypted credentials file (for any
//! command that opens a session) and the line prompts of `regdesk login`.

use std::io::IsTerminal;

use secrecy::SecretString;

use crate::secrets::resolve::{PASSPHRASE_ATTEMPTS, PASSPHRASE_ENV};

/// Gets the passphrase of an encrypted credentials file for any command: from
/// `REGDESK_PASSPHRASE` when set, else a hidden prompt when stdin is a terminal, which asks again
/// after a wrong one (`attempt` > 0).
pub(crate) fn passphrase_prompt(profile: &str, attempt: u32) -> Option<SecretString> {
    if std::env::var_os(PASSPHRASE_ENV).is_some_and(|value| !value.is_empty()) {
        return crate::secrets::resolve::passphrase_from_env(profile, attempt);
    }
    if !std::io::stdin().is_terminal() {
        return None;
    }
    if attempt > 0 {
        eprintln!(
            "  ✗ wrong passphrase (try {} of {PASSPHRASE_ATTEMPTS})",
            attempt + 1
        );
    }
    let prompt = format!("Passphrase for the credentials of profile {profile:?}: ");
    let typed = tokio::task::block_in_place(|| {
        terminal::read_hidden(&prompt, terminal::Afterwards::SayNothing)
    })
    .ok()??;
    Some(SecretString::from(typed.as_str()))
}

/// Line prompts on the terminal: visible ones in cooked mode, hidden ones in raw mode with
/// bracketed paste, so that a pasted multi-line JSON arrives whole (and is recognised) instead of
/// being cut at its first line break.
pub(crate) mod terminal {
    use std::io::Write;

    use crossterm::event::{
        self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyCode, KeyEventKind,
        KeyModifiers,
    };
    use crossterm::{execute, terminal};
    use secrecy::zeroize::Zeroizing;

    /// Reads a line with echo; `None` at end of input.
    pub fn read_visible(prompt: &str) -> std::io::Result<Option<Zeroizing<String>>> {
        let mut err = std::io::stderr();
        write!(err, "{prompt}")?;
        err.flush()?;
        let mut line = Zeroizing::new(String::new());
        if std::io::stdin().read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let trimmed_len = line.trim_end_matches(['\r', '\n']).len();
        line.truncate(trimmed_len);
        Ok(Some(line))
    }

    /// Restores the terminal however the prompt ends (including a panic).
    struct RawMode;

    impl RawMode {
        fn enter() -> std::io::Result<Self> {
            terminal::enable_raw_mode()?;
            // Without bracketed paste a pasted line break would end the input early.
            if let Err(err) = execute!(std::io::stderr(), EnableBracketedPaste) {
                terminal::disable_raw_mode().ok();
                return Err(err);
            }
            Ok(RawMode)
        }
    }

    impl Drop for RawMode {
        fn drop(&mut self) {
            // Nothing more can be done if restoring fails; the shell's `reset` fixes it.
            execute!(std::io::stderr(), DisableBracketedPaste).ok();
            terminal::disable_raw_mode().ok();
        }
    }

    /// What a hidden prompt shows once the line is in.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Afterwards {
        /// How many characters arrived: a pasted client secret is seen to have arrived whole.
        CountCharacters,
        /// Nothing about the input (a passphrase's length is a hint to whoever looks on).
        SayNothing,
    }

    /// Reads a line without echo; `None` when the user presses Ctrl-C, Ctrl-D or Esc.
    pub fn read_hidden(
        prompt: &str,
        afterwards: Afterwards,
    ) -> std::io::Result<Option<Zeroizing<String>>> {
        let mut err = std::io::stderr();
        write!(err, "{prompt}")?;
        err.flush()?;
        // Reserved up front so that typing never reallocates and leaves unzeroed copies behind.
        let mut value = Zeroizing::new(String::with_capacity(4096));
        let outcome = {
            let _raw = RawMode::enter()?;
            loop {
                match event::read()? {
                    Event::Paste(text) => value.push_str(&Zeroizing::new(text)),
                    Event::Key(key) if key.kind == KeyEventKind::Press => {
                        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                        match key.code {
                            KeyCode::Enter => break true,
                            KeyCode::Esc => break false,
                            KeyCode::Char('c' | 'd') if ctrl => break false,
                            KeyCode::Char('u') if ctrl => value.clear(),
                            KeyCode::Backspace => {
                                value.pop();
                            }
                            KeyCode::Char(c) => value.push(c),
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
        };
        if outcome {
            match afterwards {
                Afterwards::CountCharacters => {
                    writeln!(err, "({} characters)", value.chars().count())?
                }
                Afterwards::SayNothing => writeln!(err)?,
            }
            Ok(Some(value))
        } else {
            writeln!(err, "(cancelled)")?;
            Ok(None)
        }
    }
}
