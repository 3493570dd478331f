//! `regdesk profiles`: lists the profiles with the store that holds each secret, how long it
//! persists there, and which profile is the default; `--set-default NAME` changes the default.
//! Reads only the profiles file: listing never waits on a keyring.

use serde::Serialize;

use super::{ExitCode, OutputFormat, ProfilesArgs};
use crate::profiles::{Profiles, validate_name};
use crate::secrets::{StoreKind, env};

#[derive(Serialize)]
struct Row<'a> {
    name: &'a str,
    default: bool,
    app: &'static str,
    store: StoreKind,
    store_label: &'static str,
    persistence: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    warning: Option<&'static str>,
}

pub async fn run(args: ProfilesArgs) -> anyhow::Result<ExitCode> {
    let mut profiles = Profiles::load()?;
    if let Some(name) = args.set_default {
        validate_name(&name)?;
        profiles.set_default(&name)?;
        profiles.save()?;
        println!("Default profile is now {name}.");
        return Ok(ExitCode::Ok);
    }
    let rows: Vec<Row> = profiles
        .profiles
        .iter()
        .map(|(name, profile)| Row {
            name,
            default: profiles.default.as_deref() == Some(name.as_str()),
            app: profile.app.label(),
            store: profile.store,
            store_label: profile.store.label(),
            persistence: profile.store.persistence(),
            warning: profile.store.warning_badge(),
        })
        .collect();
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&rows)?),
        OutputFormat::Csv => print_csv(&rows)?,
        OutputFormat::Table => print_table(&rows),
    }
    Ok(ExitCode::Ok)
}

fn print_table(rows: &[Row]) {
    if rows.is_empty() {
        println!("No profiles yet: run `regdesk login` to add one.");
    } else {
        let width = |pick: fn(&Row) -> usize, title: &str| {
            rows.iter().map(pick).max().unwrap_or(0).max(title.len())
        };
        let name_w = width(|row| row.name.len(), "PROFILE");
        let app_w = width(|row| row.app.len(), "APP");
        let store_w = width(|row| row.store_label.len(), "STORE");
        println!(
            "  {:name_w$}  {:app_w$}  {:store_w$}  PERSISTS",
            "PROFILE", "APP", "STORE"
        );
        for row in rows {
            let marker = if row.default { '*' } else { ' ' };
            println!(
                "{marker} {:name_w$}  {:app_w$}  {:store_w$}  {}",
                row.name, row.app, row.store_label, row.persistence
            );
            if let Some(warning) = row.warning {
                println!("  {warning}");
            }
        }
        println!("(* = default; change it with `regdesk profiles --set-default NAME`)");
    }
    if env::any_set() {
        println!(
            "Note: ZOOM_* environment variables are set; they win over every profile in this shell."
        );
    }
}

fn print_csv(rows: &[Row]) -> anyhow::Result<()> {
    let mut out = csv::Writer::from_writer(std::io::stdout());
    out.write_record(["name", "default", "app", "store", "persistence", "warning"])?;
    for row in rows {
        out.write_record([
            row.name,
            if row.default { "true" } else { "false" },
            row.app,
            row.store_label,
            row.persistence,
            row.warning.unwrap_or(""),
        ])?;
    }
    out.flush()?;
    Ok(())
}
