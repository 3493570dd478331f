//! The examples `--help` shows after each command's options, in one place. They are real
//! commands against the demo account (`regdesk sim`'s data, the IDs `regdesk meetings` lists
//! there), and tests/cli/help.rs runs every `$ ` line of every command's help against
//! the simulator, in the order of [`RUN_ORDER`], so that they stay true. Lines stay under 95
//! columns: clap wraps help at 100, which would split a command.

/// The order in which the help examples make one session: log in, look, change, clean up.
pub const RUN_ORDER: &[&str] = &[
    "login",
    "profiles",
    "doctor",
    "meetings",
    "registrants",
    "add",
    "status",
    "export",
    "import",
    "copy",
    "attendance",
    "delete",
    "logout",
    "completions",
    "man",
    "sim",
];

pub const TUI: &str = "\
Examples:
  # open the app for the default profile (the login screen if there is none)
  regdesk
  # try everything on the embedded simulator, no Zoom account needed
  regdesk --demo
  # scripting: see `regdesk help COMMAND`, e.g.
  $ regdesk meetings --format json";

pub const LOGIN: &str = "\
Examples:
  # asks for the Account ID, Client ID and Client Secret (hidden); without a terminal reads
  # them from stdin, one a line; the first profile becomes the default
  $ regdesk login --profile acme";

pub const LOGOUT: &str = "\
Examples:
  $ regdesk logout --profile acme";

pub const PROFILES: &str = "\
Examples:
  $ regdesk profiles
  $ regdesk profiles --set-default acme
  $ regdesk profiles --format json";

pub const DOCTOR: &str = "\
Examples:
  $ regdesk doctor
  $ regdesk doctor --profile acme --format json";

pub const MEETINGS: &str = "\
Examples:
  # every host's meetings, with their registration settings
  $ regdesk meetings
  # one host's webinars, for a script (occurrence IDs are in the JSON)
  $ regdesk meetings --webinars --user maya.lindqvist@northwind-events.example --format json
  $ regdesk meetings --host daniel.okafor@northwind-events.example --format csv";

pub const REGISTRANTS: &str = "\
Examples:
  $ regdesk registrants '841 2765 0391' --status all
  # a join link works too (its passcode is never printed); a webinar is found out at Zoom
  $ regdesk registrants 'https://us02web.zoom.us/j/91284503317?pwd=Xr5TqW' --format csv
  $ regdesk registrants 91284503317 --webinar --status pending --format json
  # then everyone who registers, as they come (Ctrl-C stops; here after 3 seconds)
  $ regdesk registrants 84127650391 --status all --watch --format json --for 3s";

pub const ADD: &str = "\
Examples:
  $ regdesk add 84127650391 --email ann@example.com --first-name Ann --last-name Lee \\
      --field org=Acme --field \"How did you hear about this briefing?=LinkedIn\"
  # check the fields against the event's questions; send nothing
  $ regdesk add 84127650391 --email bo@example.com --first-name Bo --last-name Berg \\
      --field org=Acme --field \"How did you hear about this briefing?=Newsletter\" --dry-run";

pub const STATUS: &str = "\
Examples:
  $ regdesk status 84127650391 deny --email ann@example.com
  $ regdesk status 84127650391 approve --email ann@example.com --format json
  # more than one person to deny or cancel: asked on a terminal, --yes in scripts
  $ regdesk status 84127650391 cancel --email ann@example.com \\
      --email grace.iyer@ironbridge.example --dry-run";

pub const DELETE: &str = "\
Examples:
  # see who would go, then delete (a terminal asks; a script gives --yes)
  $ regdesk delete 84127650391 --email ann@example.com --dry-run
  $ regdesk delete 84127650391 --email ann@example.com --yes";

pub const EXPORT: &str = "\
Examples:
  $ regdesk export 84127650391 registrants.csv
  $ regdesk export 91284503317 approved.csv --webinar --status approved --format json";

pub const IMPORT: &str = "\
Examples:
  # always start with a dry run: how each column is used, the plan and every problem
  $ regdesk import 84127650391 attendees.csv --dry-run
  $ regdesk import 84127650391 attendees.csv --map Land=country
  # the same file again later: whoever is registered already is skipped, never sent twice
  $ regdesk import 84127650391 attendees.csv --map Land=country --report report.csv
  # no ID: an \"Event\" column names each row's meeting or webinar (ID, link or exact topic)
  $ regdesk import events.csv --dry-run";

pub const COPY: &str = "\
Examples:
  # the plan first: where each field comes from, who is registered there already
  $ regdesk copy 84127650391 89516034472 --dry-run
  $ regdesk copy 84127650391 89516034472 --status approved";

pub const ATTENDANCE: &str = "\
Examples:
  # the times a meeting took place, then its latest no-shows as a file to import
  $ regdesk attendance 85570312846 --instances
  $ regdesk attendance 85570312846 --output no-shows.csv
  $ regdesk attendance 93318820475 --webinar --show walk-ins --format json";

pub const SIM: &str = "\
Examples:
  # prints one JSON line (URLs and the demo app's credentials), serves until Ctrl-C
  $ regdesk sim
  $ regdesk sim --plan free --latency-ms 150 --faults 5xx=0.03,429=0.02,seed=7";

pub const COMPLETIONS: &str = "\
Examples:
  $ mkdir -p ~/.local/share/bash-completion/completions
  $ regdesk completions bash > ~/.local/share/bash-completion/completions/regdesk
  $ mkdir -p ~/.zfunc   # and in ~/.zshrc, before compinit: fpath=(~/.zfunc $fpath)
  $ regdesk completions zsh > ~/.zfunc/_regdesk
  $ mkdir -p ~/.config/fish/completions
  $ regdesk completions fish > ~/.config/fish/completions/regdesk.fish";

pub const MAN: &str = "\
Examples:
  $ mkdir -p ~/.local/share/man/man1
  $ regdesk man > ~/.local/share/man/man1/regdesk.1   # then: man regdesk
  $ regdesk man | groff -man -Tutf8 | less";
