//! `regdesk sim`: runs the Zoom simulator on loopback until killed, after printing its ready line.

use super::{ExitCode, SimArgs};

pub async fn run(_args: SimArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the simulator is not built yet")
}
