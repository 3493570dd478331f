//! `regdesk sim`: runs the Zoom simulator on loopback until killed, after printing its ready line
//! (one JSON object on stdout: API and OAuth URLs and the demo app's credentials) and, on stderr,
//! the environment variables that point regdesk at it.

use std::io::Write;
use std::time::Duration;

use clap::ValueEnum;

use super::{ExitCode, PlanArg, SimArgs};
use crate::sim::{FaultSpec, Plan, SimConfig, SimError, Simulator};

pub async fn run(args: SimArgs) -> anyhow::Result<ExitCode> {
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "error: --addr {}: the simulator only listens on loopback (127.0.0.1 or ::1)",
            args.addr
        );
        return Ok(ExitCode::Usage);
    }
    let faults = match args.faults.as_deref().map(FaultSpec::parse).transpose() {
        Ok(faults) => faults.unwrap_or_default(),
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(ExitCode::Usage);
        }
    };
    let plan_name = args
        .plan
        .to_possible_value()
        .map_or_else(String::new, |value| value.get_name().to_owned());
    let data_source = match &args.data {
        Some(path) => format!("--data {}", path.display()),
        None => String::from("the embedded demo data"),
    };
    let config = SimConfig {
        addr: args.addr,
        plan: match args.plan {
            PlanArg::Free => Plan::Free,
            PlanArg::Pro => Plan::Pro,
            PlanArg::Business => Plan::Business,
            PlanArg::Unlimited => Plan::Unlimited,
        },
        latency: Duration::from_millis(args.latency_ms),
        latency_jitter: Duration::from_millis(args.latency_jitter_ms),
        faults,
        clock_offset_secs: args.clock_offset,
        data: args.data,
        token_lifetime: Duration::from_secs(args.token_lifetime),
        invalidate_previous_tokens: args.invalidate_previous_tokens,
        ..SimConfig::default()
    };
    let sim = match Simulator::start(config).await {
        Ok(sim) => sim,
        Err(SimError::Data(err)) => anyhow::bail!("{data_source}: {err}"),
        Err(err) => return Err(err.into()),
    };
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", sim.ready_line())?;
    stdout.flush()?;
    drop(stdout);
    // stdout stays the one machine-readable line; people read how to use it on stderr.
    eprint!("{}", usage_hint(&sim, &plan_name));
    wait_for_termination().await?;
    sim.shutdown().await;
    Ok(ExitCode::Ok)
}

/// How to point regdesk at this simulator from another shell. The credentials are the
/// simulator's own demo app, valid only against this process (they are in the ready line too).
fn usage_hint(sim: &Simulator, plan: &str) -> String {
    let app = sim.s2s_app();
    format!(
        "regdesk sim: a simulated Zoom at {api} (plan {plan}); Ctrl-C stops it.\n\
         To use it from another shell:\n\
         \n  export ZOOM_ACCOUNT_ID={account} ZOOM_CLIENT_ID={client} ZOOM_CLIENT_SECRET={secret}\n\
         \x20 export REGDESK_API_URL={api} REGDESK_OAUTH_URL={oauth}\n\
         \x20 regdesk meetings\n\n",
        api = sim.api_url(),
        oauth = sim.oauth_url(),
        account = app.account_id,
        client = app.client_id,
        secret = app.client_secret,
    )
}

/// Ctrl-C, or SIGTERM where there are signals.
async fn wait_for_termination() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            interrupted = tokio::signal::ctrl_c() => interrupted,
            _ = terminate.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}
