//! `regdesk login [--profile NAME] [--jwt] [--store STORE]`: asks for a Zoom app's credentials
//! (a hidden prompt on a terminal; one value per stdin line otherwise), refuses pasted tokens with
//! an explanation, verifies the credentials by fetching a token, shows which features the granted
//! scopes allow, and only then saves them in the chosen store and records the profile.
//!
//! Nothing is stored when verification fails. On a terminal the user may retry, retyping only
//! what was wrong. The secret is never accepted as an argument, never echoed, never logged.

use std::io::{BufRead, IsTerminal};
use std::sync::Arc;

use clap::Args;
use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret, SecretString};

use super::prompt::terminal;
use super::{ExitCode, GlobalArgs};
use crate::profiles::{AppKind, Endpoints, FALLBACK_PROFILE_NAME, Profiles, validate_name};
use crate::secrets::file::{self, FileStore, MIN_PASSPHRASE_LEN, Protection};
use crate::secrets::login::{Field, ProfileUrls, check_value, credentials_from, record_login};
use crate::secrets::resolve::PASSPHRASE_ENV;
use crate::secrets::select::{Candidate, select_first_usable};
use crate::secrets::{DEFAULT_STORE_TIMEOUT, StoreKind, StoreProbe, Vault, env, select_keyring};
use crate::session::features::{FeatureAccess, feature_access, feature_lines, scope_lines};
use crate::session::verify::{JWT_CLOCK_TOLERANCE_SECS, Verified, clock_phrase, verify};
use crate::zoom::Credentials;

#[derive(Debug, Clone, Args)]
pub struct LoginArgs {
    /// Log in a legacy JWT app (API key and API secret). Zoom retired JWT apps in September 2023.
    #[arg(long)]
    pub jwt: bool,
    /// Where to keep the secret (default: the first OS keyring that works). Naming
    /// `encrypted-file` or `plain-file` is your consent to a file in the config dir.
    #[arg(long, value_enum, value_name = "STORE")]
    pub store: Option<StoreKind>,
}

/// Where typed values come from: the user at a terminal, or lines on stdin (scripts, tests).
enum Input {
    Terminal,
    Lines {
        lines: std::io::Lines<std::io::StdinLock<'static>>,
        line_number: usize,
    },
}

/// The user gave up (Ctrl-C, Esc, end of input at a question).
#[derive(Debug, thiserror::Error)]
#[error("login cancelled; nothing was stored")]
struct Cancelled;

impl Input {
    fn detect() -> Self {
        if std::io::stdin().is_terminal() {
            Input::Terminal
        } else {
            Input::Lines {
                lines: std::io::stdin().lock().lines(),
                line_number: 0,
            }
        }
    }

    fn is_terminal(&self) -> bool {
        matches!(self, Input::Terminal)
    }

    /// Reads one value; `hidden` values are never echoed, and after them the terminal shows
    /// what `Afterwards` says (a secret's length, or nothing for a passphrase).
    fn read(
        &mut self,
        label: &str,
        hidden: Option<terminal::Afterwards>,
    ) -> anyhow::Result<Zeroizing<String>> {
        match self {
            Input::Terminal => {
                let value = tokio::task::block_in_place(|| match hidden {
                    Some(afterwards) => {
                        terminal::read_hidden(&format!("{label} (hidden): "), afterwards)
                    }
                    None => terminal::read_visible(&format!("{label}: ")),
                })?;
                value.ok_or_else(|| Cancelled.into())
            }
            Input::Lines { lines, line_number } => {
                *line_number += 1;
                match tokio::task::block_in_place(|| lines.next()) {
                    Some(line) => Ok(Zeroizing::new(line?)),
                    None => anyhow::bail!(
                        "stdin ended before the {label} (line {line_number}); without a terminal, \
                         login reads one value per line: account ID, client ID, client secret \
                         (with --jwt: API key, API secret)"
                    ),
                }
            }
        }
    }

    /// Reads a value of `field` until it passes [`check_value`]; without a terminal a bad value
    /// is an error naming its line.
    fn read_field(&mut self, field: Field) -> anyhow::Result<Zeroizing<String>> {
        loop {
            let hidden = field
                .is_secret()
                .then_some(terminal::Afterwards::CountCharacters);
            let raw = self.read(field.label(), hidden)?;
            match check_value(field, &raw) {
                Ok(value) => return Ok(Zeroizing::new(value)),
                Err(why) => match self {
                    Input::Terminal => {
                        crate::eprintln_sanitised!("  ✗ {why}. Try again (Ctrl-C to quit).")
                    }
                    Input::Lines { line_number, .. } => {
                        anyhow::bail!("stdin line {line_number} ({}): {why}", field.label())
                    }
                },
            }
        }
    }

    /// Asks a one-letter question on the terminal; `None` when cancelled.
    fn choose(&mut self, question: &str, choices: &[char]) -> anyhow::Result<Option<char>> {
        loop {
            let answer = tokio::task::block_in_place(|| terminal::read_visible(question))?;
            let Some(answer) = answer else {
                return Ok(None);
            };
            let first = answer.trim().chars().next().map(|c| c.to_ascii_lowercase());
            match first {
                Some(c) if choices.contains(&c) => return Ok(Some(c)),
                None => return Ok(choices.first().copied()),
                Some(_) => eprintln!("  please answer one of: {choices:?}"),
            }
        }
    }
}

/// The values typed so far, kept so that a retry asks only for what was wrong.
struct Form {
    app: AppKind,
    values: Vec<(Field, Zeroizing<String>)>,
}

impl Form {
    fn read(app: AppKind, input: &mut Input) -> anyhow::Result<Self> {
        let mut values = Vec::new();
        for field in Field::all_for(app) {
            values.push((*field, input.read_field(*field)?));
        }
        Ok(Form { app, values })
    }

    fn reread(&mut self, input: &mut Input, which: impl Fn(Field) -> bool) -> anyhow::Result<()> {
        for (field, value) in &mut self.values {
            if which(*field) {
                *value = input.read_field(*field)?;
            }
        }
        Ok(())
    }

    fn get(&self, wanted: Field) -> String {
        self.values
            .iter()
            .find(|(field, _)| *field == wanted)
            .map(|(_, value)| value.as_str().to_string())
            .unwrap_or_default()
    }

    fn credentials(&self) -> Credentials {
        credentials_from(self.app, |field| self.get(field))
    }
}

pub async fn run(args: LoginArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let profiles = Profiles::load()?;
    let name = global
        .profile
        .clone()
        .or_else(|| profiles.default.clone())
        .unwrap_or_else(|| FALLBACK_PROFILE_NAME.to_string());
    validate_name(&name)?;
    let existing = profiles.profiles.get(&name).cloned();
    let mut input = Input::detect();
    let app = if args.jwt {
        AppKind::LegacyJwt
    } else {
        AppKind::ServerToServer
    };

    // Where the secret will go is settled before anything is typed: a machine with no usable
    // store should not make the user type a secret for nothing.
    let Some(vault) = choose_store(args.store, &mut input).await? else {
        return Ok(ExitCode::Failure);
    };

    println!("Logging in profile {name:?}: {}.", app.label());
    if app == AppKind::LegacyJwt {
        println!(
            "Note: Zoom retired JWT apps on 2023-09-08; real Zoom rejects their tokens. regdesk \
             keeps JWT support for old setups and test servers. Prefer a Server-to-Server OAuth app."
        );
    }
    let endpoints = Endpoints::pick(
        global.api_url.as_deref(),
        global.oauth_url.as_deref(),
        existing.as_ref(),
    );
    let mut form = Form::read(app, &mut input)?;
    let verified = loop {
        println!(
            "Checking the credentials with {} …",
            endpoints.describe(app)
        );
        match verify(&form.credentials(), &endpoints).await {
            Ok(verified) => break verified,
            Err(failure) => {
                crate::eprintln_sanitised!("✗ {failure}");
                eprintln!("Nothing was stored.");
                if !input.is_terminal() {
                    return Ok(ExitCode::Failure);
                }
                let question = match app {
                    AppKind::ServerToServer => {
                        "Retype [s]ecret only, [a]ll three, [r]etry as typed, or [q]uit? [s] "
                    }
                    AppKind::LegacyJwt => {
                        "Retype [s]ecret only, [a]ll, [r]etry as typed, or [q]uit? [s] "
                    }
                };
                match input.choose(question, &['s', 'a', 'r', 'q'])? {
                    Some('s') => form.reread(&mut input, Field::is_secret)?,
                    Some('a') => form.reread(&mut input, |_| true)?,
                    Some('r') => {}
                    _ => return Err(Cancelled.into()),
                }
            }
        }
    };
    report_verified(app, &verified);

    let urls = ProfileUrls {
        api_url: global.api_url.clone(),
        oauth_url: global.oauth_url.clone(),
    };
    let recorded = record_login(&name, &form.credentials(), &vault, urls).await?;
    if let Some((old, removed)) = recorded.old_copy {
        match removed {
            Ok(_) => println!("Removed the old copy from the {old}."),
            Err(err) => crate::eprintln_sanitised!(
                "Warning: could not remove the old copy from the {old}: {err}"
            ),
        }
    }
    let store = recorded.store;
    println!(
        "✓ Saved in the {store}; it persists {}.",
        store.persistence()
    );
    if matches!(store, StoreKind::EncryptedFile | StoreKind::PlainFile) {
        let dir = FileStore::default_dir()?;
        println!("  File: {}", file::path_for(&dir, &name, store).display());
    }
    if store == StoreKind::EncryptedFile {
        println!("  Commands ask for its passphrase (scripts set {PASSPHRASE_ENV}).");
    }
    if let Some(badge) = store.warning_badge() {
        println!("{badge}");
    }
    let default_marker = if recorded.is_default {
        " (the default profile)"
    } else {
        ""
    };
    println!("Profile {name:?}{default_marker} is ready. Check it any time with `regdesk doctor`.");
    if env::any_set() {
        println!(
            "Note: ZOOM_* environment variables are set in this shell; they win over every \
             profile until you unset them."
        );
    }
    Ok(ExitCode::Ok)
}

fn report_verified(app: AppKind, verified: &Verified) {
    match app {
        AppKind::LegacyJwt => {
            println!("✓ Credentials work: Zoom accepted a token signed with the API secret.")
        }
        AppKind::ServerToServer => println!("✓ Credentials work: Zoom issued a token."),
    }
    match app {
        AppKind::LegacyJwt => {
            println!(
                "  JWT apps have no scopes: they act on the whole account (every feature is available)."
            );
            let skewed = verified
                .clock_offset_secs
                .filter(|offset| offset.abs() > JWT_CLOCK_TOLERANCE_SECS);
            if let Some(offset) = skewed {
                println!(
                    "  ⚠ {}: JWT tokens made here expire early or late in Zoom's eyes. Sync the \
                     clock (`regdesk doctor` says how).",
                    clock_phrase(offset)
                );
            }
        }
        AppKind::ServerToServer => {
            println!("  Granted scopes ({}):", verified.scopes.len());
            for line in scope_lines(&verified.scopes) {
                crate::println_sanitised!("    {line}");
            }
            let access: Vec<FeatureAccess> = feature_access(&verified.scopes);
            print_feature_access(&access);
        }
    }
}

/// Picks the store for the new secret: the one the user named (after checking it works), else
/// the first OS keyring that round-trips a secret, else — with consent on a terminal — a file.
/// `None` when there is nowhere to store and the user has been told what to do.
async fn choose_store(
    requested: Option<StoreKind>,
    input: &mut Input,
) -> anyhow::Result<Option<Vault>> {
    match requested {
        Some(StoreKind::Environment) => anyhow::bail!(
            "--store environment: regdesk never writes environment variables. Instead of logging \
             in, set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET in the environment of \
             the commands you run"
        ),
        Some(StoreKind::EncryptedFile) => Ok(Some(encrypted_file_store(input)?)),
        Some(StoreKind::PlainFile) => Ok(Some(plain_file_store()?)),
        Some(keyring) => {
            let (vault, probes) =
                select_first_usable(vec![Candidate::platform(keyring)], DEFAULT_STORE_TIMEOUT)
                    .await;
            match vault {
                Some(vault) => Ok(Some(vault)),
                None => {
                    print_probes(&probes);
                    anyhow::bail!(
                        "--store {}: this store does not work here",
                        keyring_flag(keyring)
                    )
                }
            }
        }
        None => {
            let (vault, probes) = select_keyring(DEFAULT_STORE_TIMEOUT).await;
            if let Some(vault) = vault {
                // A keyring passed over (locked, hanging, absent) is worth knowing about: the
                // secret now lives somewhere else, possibly for a shorter time.
                if probes.iter().any(|probe| probe.outcome.is_err()) {
                    eprintln!("Using the {}:", vault.kind());
                    print_probes(&probes);
                }
                return Ok(Some(vault));
            }
            eprintln!("No OS keyring can keep a secret here:");
            print_probes(&probes);
            if !input.is_terminal() {
                eprintln!(
                    "Nothing was asked or stored. Either set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and \
                     ZOOM_CLIENT_SECRET in the environment (they last for that process), or consent \
                     to a file: `regdesk login --store encrypted-file` (passphrase, read from \
                     {PASSPHRASE_ENV}) or `--store plain-file` \
                     (unencrypted, 0600)."
                );
                return Ok(None);
            }
            eprintln!(
                "You can keep the credentials in a file in the config dir instead, or quit and set \
                 ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET in your environment."
            );
            let question = "Store in an [e]ncrypted file (passphrase), a [p]lain file (0600, \
                            not encrypted), or [q]uit? [q] ";
            match input.choose(question, &['q', 'e', 'p'])? {
                Some('e') => Ok(Some(encrypted_file_store(input)?)),
                Some('p') => Ok(Some(plain_file_store()?)),
                _ => Err(Cancelled.into()),
            }
        }
    }
}

fn keyring_flag(kind: StoreKind) -> String {
    clap::ValueEnum::to_possible_value(&kind)
        .map(|value| value.get_name().to_string())
        .unwrap_or_else(|| kind.label().to_string())
}

fn print_probes(probes: &[StoreProbe]) {
    for probe in probes {
        match &probe.outcome {
            Ok(()) => eprintln!("  ✓ {}", probe.kind),
            Err(err) => crate::eprintln_sanitised!("  ✗ {}", indent(&err.to_string())),
        }
    }
}

fn indent(text: &str) -> String {
    text.replace('\n', "\n    ")
}

fn plain_file_store() -> anyhow::Result<Vault> {
    let dir = FileStore::default_dir()?;
    eprintln!(
        "Warning: the secret will be stored UNENCRYPTED in {} (readable only by you, 0600). \
         Every command will show this warning until you log in again with a keyring.",
        dir.display()
    );
    Ok(Vault::new(Arc::new(FileStore::new(dir, Protection::Plain))))
}

fn encrypted_file_store(input: &mut Input) -> anyhow::Result<Vault> {
    let dir = FileStore::default_dir()?;
    let passphrase = match input {
        Input::Terminal => loop {
            let first = input.read(
                "New passphrase for the credentials file",
                Some(terminal::Afterwards::SayNothing),
            )?;
            if first.chars().count() < MIN_PASSPHRASE_LEN {
                eprintln!("  ✗ use at least {MIN_PASSPHRASE_LEN} characters");
                continue;
            }
            let second = input.read(
                "Same passphrase again",
                Some(terminal::Afterwards::SayNothing),
            )?;
            if *first == *second {
                break SecretString::from(first.as_str());
            }
            eprintln!("  ✗ the two passphrases differ; once more");
        },
        Input::Lines { .. } => match std::env::var(PASSPHRASE_ENV) {
            Ok(value) if !value.is_empty() => SecretString::from(value),
            _ => anyhow::bail!(
                "--store encrypted-file without a terminal needs the passphrase in {PASSPHRASE_ENV}"
            ),
        },
    };
    if passphrase.expose_secret().chars().count() < MIN_PASSPHRASE_LEN {
        anyhow::bail!("the passphrase needs at least {MIN_PASSPHRASE_LEN} characters");
    }
    Ok(Vault::new(Arc::new(FileStore::new(
        dir,
        Protection::Passphrase(passphrase),
    ))))
}

/// Prints one line per feature: available, or disabled with the scope that would enable it.
fn print_feature_access(access: &[FeatureAccess]) {
    for line in feature_lines(access) {
        crate::println_sanitised!("  {line}");
    }
}
