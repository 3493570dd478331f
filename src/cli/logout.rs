//! `regdesk logout [--profile NAME]`: deletes the profile's secret from its store, then the
//! profile. When the store cannot be reached the profile stays, so the user can try again.

use super::{ExitCode, GlobalArgs};
use crate::profiles::Profiles;
use crate::secrets::resolve::delete_profile_secret;
use crate::secrets::{DEFAULT_STORE_TIMEOUT, StoreKind, env};

pub async fn run(global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let mut profiles = Profiles::load()?;
    let Some(name) = profiles.selected_name(global.profile.as_deref()) else {
        anyhow::bail!("no profile to log out of: there are none (see `regdesk profiles`)");
    };
    let store = profiles.get(&name)?.store;
    match delete_profile_secret(&name, store, DEFAULT_STORE_TIMEOUT).await {
        Ok(true) => println!("Deleted the credentials of {name:?} from the {store}."),
        Ok(false) if store == StoreKind::Environment => {}
        Ok(false) => println!("The {store} held no credentials for {name:?} any more."),
        Err(err) => {
            anyhow::bail!("{err}\nthe profile {name:?} was kept; try again once the store answers")
        }
    }
    profiles.remove(&name);
    profiles.save()?;
    println!("Removed profile {name:?}.");
    if let Some(default) = &profiles.default {
        println!("Default profile is now {default:?}.");
    }
    if env::any_set() {
        println!("Note: ZOOM_* environment variables are still set in this shell and still work.");
    }
    Ok(ExitCode::Ok)
}
