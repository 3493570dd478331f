//! `regdesk completions SHELL` (clap_complete's scripts), `regdesk man` (clap_mangen's roff page
//! with a section per command) and the hidden `regdesk __complete-profiles` that the bash, zsh
//! and fish scripts call to complete profile names (`--profile`, `--set-default`): clap's own
//! dynamic completion is still an unstable feature, so the static scripts get a small addition
//! per shell instead. PowerShell and Elvish complete commands and flags, not profile names.

use std::io::Write;

use clap::CommandFactory;
pub use clap_complete::Shell;

use super::{Cli, ExitCode};

/// The hidden command the scripts call for profile names.
pub const PROFILES_COMMAND: &str = "__complete-profiles";

/// Flags whose value is a profile name.
const PROFILE_FLAGS: [&str; 2] = ["--profile", "--set-default"];

/// Prints the completion script of `shell` on stdout.
pub fn print_script(shell: Shell) -> anyhow::Result<ExitCode> {
    let script = script(shell)?;
    std::io::stdout().lock().write_all(script.as_bytes())?;
    Ok(ExitCode::Ok)
}

/// The completion script of `shell`, with profile names completed where the shell allows.
pub fn script(shell: Shell) -> anyhow::Result<String> {
    let mut command = Cli::command();
    let mut generated = Vec::new();
    clap_complete::generate(shell, &mut command, "regdesk", &mut generated);
    let mut script = String::from_utf8(generated)?;
    match shell {
        Shell::Bash => script.push_str(&bash_profiles()),
        Shell::Zsh => script = zsh_profiles(&script),
        Shell::Fish => script.push_str(&fish_profiles()),
        _ => {}
    }
    Ok(script)
}

/// bash: a wrapper that answers for profile flags and hands everything else to clap's function.
fn bash_profiles() -> String {
    let flags = PROFILE_FLAGS.join("|");
    format!(
        r#"
# Profile names come from `regdesk {PROFILES_COMMAND}` (the profiles file; no keyring access).
_regdesk_with_profiles() {{
    local previous="${{COMP_WORDS[COMP_CWORD-1]}}"
    case "$previous" in
        {flags})
            local IFS=$'\n'
            COMPREPLY=($(compgen -W "$(regdesk {PROFILES_COMMAND} 2>/dev/null)" -- "${{COMP_WORDS[COMP_CWORD]}}"))
            return 0
            ;;
    esac
    _regdesk "$@"
}}
if [[ "${{BASH_VERSINFO[0]}}" -eq 4 && "${{BASH_VERSINFO[1]}}" -ge 4 || "${{BASH_VERSINFO[0]}}" -gt 4 ]]; then
    complete -F _regdesk_with_profiles -o nosort -o bashdefault -o default regdesk
else
    complete -F _regdesk_with_profiles -o bashdefault -o default regdesk
fi
"#
    )
}

/// zsh: clap writes each profile flag's value as `:NAME:_default`; it becomes a function that
/// offers the profile names.
fn zsh_profiles(script: &str) -> String {
    let mut out = String::with_capacity(script.len() + 512);
    for line in script.lines() {
        let is_profile_flag = PROFILE_FLAGS
            .iter()
            .any(|flag| line.contains(&format!("'{flag}=[")));
        if is_profile_flag && line.contains(":NAME:_default'") {
            out.push_str(&line.replace(":NAME:_default'", ":NAME:_regdesk_profiles'"));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out.push_str(&format!(
        r#"
# Profile names come from `regdesk {PROFILES_COMMAND}` (the profiles file; no keyring access).
(( $+functions[_regdesk_profiles] )) ||
_regdesk_profiles() {{
    local -a profiles
    profiles=(${{(f)"$(regdesk {PROFILES_COMMAND} 2>/dev/null)"}})
    _describe -t profiles 'profile' profiles
}}
"#
    ));
    out
}

/// fish: one more completion rule per profile flag (fish merges rules).
fn fish_profiles() -> String {
    let mut text = format!(
        "\n# Profile names come from `regdesk {PROFILES_COMMAND}` (the profiles file; no keyring access).\n"
    );
    for flag in PROFILE_FLAGS {
        let long = flag.trim_start_matches('-');
        text.push_str(&format!(
            "complete -c regdesk -l {long} -x -a '(regdesk {PROFILES_COMMAND} 2>/dev/null)'\n"
        ));
    }
    text
}

/// Prints the profile names, one a line (nothing when there are none or the file is unreadable:
/// a completion must never print an error into the user's command line).
pub fn print_profile_names() -> anyhow::Result<ExitCode> {
    if let Ok(profiles) = crate::profiles::Profiles::load() {
        let mut stdout = std::io::stdout().lock();
        for name in profiles.profiles.keys() {
            writeln!(stdout, "{name}")?;
        }
    }
    Ok(ExitCode::Ok)
}

/// Prints the manual page on stdout.
pub fn print_man_page() -> anyhow::Result<ExitCode> {
    let page = man_page()?;
    std::io::stdout().lock().write_all(&page)?;
    Ok(ExitCode::Ok)
}

/// regdesk(1): the top-level page, then a section per command with its synopsis, description,
/// options and examples.
pub fn man_page() -> anyhow::Result<Vec<u8>> {
    let mut command = Cli::command();
    command.build();
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut page)?;
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        let name = format!("regdesk {}", sub.get_name());
        writeln!(page, ".SH \"{}\"", name.to_uppercase())?;
        let sub = sub.clone().bin_name(name);
        let man = clap_mangen::Man::new(sub);
        let mut section = Vec::new();
        man.render_synopsis_section(&mut section)?;
        man.render_description_section(&mut section)?;
        man.render_options_section(&mut section)?;
        man.render_extra_section(&mut section)?;
        // The command's own headings become subsections of its section.
        let section = String::from_utf8(section)?;
        for line in section.lines() {
            match line.strip_prefix(".SH ") {
                Some(heading) => writeln!(page, ".SS {heading}")?,
                None => writeln!(page, "{line}")?,
            }
        }
    }
    Ok(page)
}
