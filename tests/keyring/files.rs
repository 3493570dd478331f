//! The opt-in credential files: encrypted with a passphrase (the secret never readable on disk),
//! or plain and private (0600 in a 0700 directory) with a permanent warning badge.

use std::sync::Arc;

use regdesk::secrets::file::{FileStore, Protection};
use regdesk::secrets::{StoreError, StoreKind, Vault};
use secrecy::SecretString;

use crate::samples::{SAMPLE_SECRET, sample_s2s, secret_of};

fn encrypted(dir: &std::path::Path, passphrase: &str) -> FileStore {
    FileStore::new(
        dir.join("credentials"),
        Protection::Passphrase(SecretString::from(passphrase)),
    )
}

#[tokio::test]
async fn an_encrypted_file_keeps_the_secret_unreadable_and_opens_with_the_passphrase() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = encrypted(dir.path(), "correct horse battery staple");
    let path = store.path_for("work");
    let vault = Vault::new(Arc::new(store));
    vault.save("work", &sample_s2s()).await.expect("save");

    let on_disk = std::fs::read_to_string(&path).expect("file written");
    assert!(
        !on_disk.contains(SAMPLE_SECRET),
        "secret visible in {on_disk}"
    );
    assert!(
        !on_disk.contains("client-456"),
        "client ID visible in {on_disk}"
    );

    let loaded = vault.load("work").await.expect("load").expect("present");
    assert_eq!(secret_of(&loaded), SAMPLE_SECRET);

    let wrong = Vault::new(Arc::new(encrypted(dir.path(), "wrong")));
    let err = wrong.load("work").await.expect_err("wrong passphrase");
    assert!(matches!(err, StoreError::WrongPassphrase), "{err:?}");
}

#[tokio::test]
async fn an_encrypted_file_copied_to_another_profile_does_not_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = encrypted(dir.path(), "pass");
    std::fs::create_dir_all(dir.path().join("credentials")).expect("dir");
    let vault = Vault::new(Arc::new(encrypted(dir.path(), "pass")));
    vault.save("work", &sample_s2s()).await.expect("save");
    std::fs::copy(store.path_for("work"), store.path_for("other")).expect("copy");
    let err = vault
        .load("other")
        .await
        .expect_err("bound to its profile name");
    assert!(matches!(err, StoreError::WrongPassphrase), "{err:?}");
}

#[cfg(unix)]
#[tokio::test]
async fn a_plain_file_is_private_to_the_user_and_carries_a_warning_badge() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let store = FileStore::new(dir.path().join("credentials"), Protection::Plain);
    let path = store.path_for("work");
    let vault = Vault::new(Arc::new(store));
    vault.save("work", &sample_s2s()).await.expect("save");
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&dir.path().join("credentials")), 0o700);
    assert_eq!(vault.kind(), StoreKind::PlainFile);
    let badge = vault
        .kind()
        .warning_badge()
        .expect("plain files always warn");
    assert!(badge.contains("UNENCRYPTED"), "{badge}");
    assert!(vault.delete("work").await.expect("delete"));
    assert!(!path.exists());
}
