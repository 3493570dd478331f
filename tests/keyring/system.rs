//! The real OS keyrings: a Secret Service (gnome-keyring-daemon on a private session bus) and the
//! kernel keyring (inside `keyctl session -`), as tests/run provides them.

use std::time::Duration;

use regdesk::secrets::select::open_keyring;
use regdesk::secrets::{StoreKind, select_keyring};

use crate::samples::{sample_s2s, secret_of};
use crate::support::{skip_or_fail, unique_name};

const STORE_TIMEOUT: Duration = Duration::from_secs(20);

async fn round_trip(test: &str, kind: StoreKind) {
    let vault = match open_keyring(kind, STORE_TIMEOUT).await {
        Ok(vault) => vault,
        Err(err) => return skip_or_fail(test, &err.to_string()),
    };
    let profile = unique_name("rt");
    if let Err(err) = vault.save(&profile, &sample_s2s()).await {
        return skip_or_fail(test, &err.to_string());
    }
    let loaded = vault
        .load(&profile)
        .await
        .expect("load")
        .expect("saved entry is there");
    assert_eq!(secret_of(&loaded), secret_of(&sample_s2s()));
    assert!(vault.delete(&profile).await.expect("delete"));
    assert!(
        vault
            .load(&profile)
            .await
            .expect("load after delete")
            .is_none()
    );
}

#[tokio::test]
async fn secret_service_keeps_and_deletes_a_profile() {
    round_trip(
        "secret_service_keeps_and_deletes_a_profile",
        StoreKind::SecretService,
    )
    .await;
}

#[tokio::test]
async fn kernel_keyring_keeps_and_deletes_a_profile() {
    round_trip(
        "kernel_keyring_keeps_and_deletes_a_profile",
        StoreKind::Keyutils,
    )
    .await;
}

#[tokio::test]
async fn selection_prefers_the_secret_service_when_it_works() {
    let test = "selection_prefers_the_secret_service_when_it_works";
    let (vault, probes) = select_keyring(STORE_TIMEOUT).await;
    let Some(vault) = vault else {
        return skip_or_fail(test, &format!("no keyring usable: {probes:?}"));
    };
    if vault.kind() != StoreKind::SecretService {
        return skip_or_fail(test, &format!("Secret Service unusable: {:?}", probes[0]));
    }
    assert_eq!(
        probes.len(),
        1,
        "keyutils is not even tried when the Secret Service works"
    );
}
