//! The opt-in file store, for machines without a usable OS keyring. Only after the user's explicit
//! consent (`regdesk login --store encrypted-file|plain-file`, or a yes at the prompt): either
//! encrypted with a passphrase (Argon2id key, XChaCha20-Poly1305, the profile name as associated
//! data), or plain JSON readable only by the user (0600), which carries a permanent warning badge
//! ([`StoreKind::warning_badge`]). Files live in `<config dir>/credentials/`.

use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use rand::RngCore;
use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::{SecretStore, StoreError, StoreKind, decode_record, encode_record};
use crate::zoom::Credentials;

/// The shortest passphrase an encrypted file accepts (`regdesk login` and the TUI).
pub const MIN_PASSPHRASE_LEN: usize = 8;
const FORMAT: &str = "regdesk-credentials-v1";
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;
const KEY_LEN: usize = 32;

/// How the file protects the secret.
pub enum Protection {
    /// Encrypted with a key derived from this passphrase.
    Passphrase(SecretString),
    /// Not encrypted; only the file mode (0600) keeps other users out.
    Plain,
}

/// Credentials in files under one directory, one file per profile.
pub struct FileStore {
    dir: PathBuf,
    protection: Protection,
}

/// The on-disk shape of an encrypted file: everything needed to derive the key again, in clear.
#[derive(Serialize, Deserialize)]
struct Sealed {
    format: String,
    kdf: String,
    m_cost_kib: u32,
    t_cost: u32,
    p_cost: u32,
    salt: String,
    nonce: String,
    ciphertext: String,
}

impl FileStore {
    pub fn new(dir: PathBuf, protection: Protection) -> Self {
        FileStore { dir, protection }
    }

    /// `<config dir>/credentials`, where regdesk keeps these files.
    pub fn default_dir() -> Result<PathBuf, crate::paths::NoHomeDir> {
        Ok(crate::paths::config_dir()?.join("credentials"))
    }

    /// The file that holds (or would hold) `profile`'s credentials.
    pub fn path_for(&self, profile: &str) -> PathBuf {
        path_for(&self.dir, profile, self.kind())
    }

    fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
        move |error| StoreError::Io {
            path: path.to_path_buf(),
            error,
        }
    }

    fn seal(&self, profile: &str, record: &SecretString) -> Result<Zeroizing<String>, StoreError> {
        let Protection::Passphrase(passphrase) = &self.protection else {
            return Ok(Zeroizing::new(record.expose_secret().to_string()));
        };
        let params = Params::default();
        let mut salt = [0u8; SALT_LEN];
        let mut nonce = [0u8; NONCE_LEN];
        rand::rng().fill_bytes(&mut salt);
        rand::rng().fill_bytes(&mut nonce);
        let key = derive_key(passphrase, &salt, &params)?;
        let cipher = XChaCha20Poly1305::new(&Key::from(*key));
        let ciphertext = cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: record.expose_secret().as_bytes(),
                    aad: profile.as_bytes(),
                },
            )
            .map_err(|err| StoreError::Failed {
                store: StoreKind::EncryptedFile,
                detail: format!("encryption failed: {err}"),
            })?;
        let sealed = Sealed {
            format: FORMAT.into(),
            kdf: "argon2id".into(),
            m_cost_kib: params.m_cost(),
            t_cost: params.t_cost(),
            p_cost: params.p_cost(),
            salt: BASE64.encode(salt),
            nonce: BASE64.encode(nonce),
            ciphertext: BASE64.encode(ciphertext),
        };
        let text = serde_json::to_string_pretty(&sealed).map_err(|err| StoreError::Failed {
            store: StoreKind::EncryptedFile,
            detail: err.to_string(),
        })?;
        Ok(Zeroizing::new(text))
    }

    fn open(&self, profile: &str, text: &str) -> Result<Credentials, StoreError> {
        let corrupt = |detail: String| StoreError::Corrupt {
            store: self.kind(),
            detail,
        };
        let Protection::Passphrase(passphrase) = &self.protection else {
            return decode_record(text).map_err(corrupt);
        };
        let sealed: Sealed = serde_json::from_str(text).map_err(|err| corrupt(err.to_string()))?;
        if sealed.format != FORMAT || sealed.kdf != "argon2id" {
            return Err(corrupt(format!(
                "unknown format {:?} / kdf {:?}",
                sealed.format, sealed.kdf
            )));
        }
        let decode = |field: &str, value: &str| {
            BASE64
                .decode(value)
                .map_err(|err| corrupt(format!("{field}: {err}")))
        };
        let salt = decode("salt", &sealed.salt)?;
        let nonce: [u8; NONCE_LEN] = decode("nonce", &sealed.nonce)?
            .try_into()
            .map_err(|_| corrupt("nonce: wrong length".into()))?;
        let ciphertext = decode("ciphertext", &sealed.ciphertext)?;
        let params = Params::new(sealed.m_cost_kib, sealed.t_cost, sealed.p_cost, None)
            .map_err(|err| corrupt(format!("key derivation parameters: {err}")))?;
        let key = derive_key(passphrase, &salt, &params)?;
        let cipher = XChaCha20Poly1305::new(&Key::from(*key));
        let plain = Zeroizing::new(
            cipher
                .decrypt(
                    &XNonce::from(nonce),
                    Payload {
                        msg: &ciphertext,
                        aad: profile.as_bytes(),
                    },
                )
                .map_err(|_| StoreError::WrongPassphrase)?,
        );
        let text = std::str::from_utf8(&plain)
            .map_err(|_| corrupt("decrypted data is not text".into()))?;
        decode_record(text).map_err(corrupt)
    }
}

/// The file of `profile` in `dir` for a file store of `kind`; deleting it needs no passphrase.
pub fn path_for(dir: &Path, profile: &str, kind: StoreKind) -> PathBuf {
    let extension = if kind == StoreKind::EncryptedFile {
        "enc.json"
    } else {
        "plain.json"
    };
    dir.join(format!("{profile}.{extension}"))
}

/// Deletes `profile`'s file of a file store of `kind`; `false` when there was none.
pub fn delete_file(dir: &Path, profile: &str, kind: StoreKind) -> Result<bool, StoreError> {
    let path = path_for(dir, profile, kind);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(true),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(err) => Err(FileStore::io_error(&path)(err)),
    }
}

fn derive_key(
    passphrase: &SecretString,
    salt: &[u8],
    params: &Params,
) -> Result<Zeroizing<[u8; KEY_LEN]>, StoreError> {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password_into(passphrase.expose_secret().as_bytes(), salt, key.as_mut())
        .map_err(|err| StoreError::Failed {
            store: StoreKind::EncryptedFile,
            detail: format!("key derivation failed: {err}"),
        })?;
    Ok(key)
}

impl SecretStore for FileStore {
    fn kind(&self) -> StoreKind {
        match self.protection {
            Protection::Passphrase(_) => StoreKind::EncryptedFile,
            Protection::Plain => StoreKind::PlainFile,
        }
    }

    fn save(&self, profile: &str, credentials: &Credentials) -> Result<(), StoreError> {
        let contents = self.seal(profile, &encode_record(credentials))?;
        create_private_dir(&self.dir).map_err(Self::io_error(&self.dir))?;
        let path = self.path_for(profile);
        write_private_file(&path, contents.as_bytes()).map_err(Self::io_error(&path))
    }

    fn load(&self, profile: &str) -> Result<Option<Credentials>, StoreError> {
        let path = self.path_for(profile);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let text = Zeroizing::new(text);
                self.open(profile, &text).map(Some)
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(Self::io_error(&path)(err)),
        }
    }

    fn delete(&self, profile: &str) -> Result<bool, StoreError> {
        delete_file(&self.dir, profile, self.kind())
    }
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    crate::private_fs::create_private_dir_all(dir)
}

/// Writes through a fresh 0600 temporary file with an unpredictable name renamed over the
/// target, so the secret is never readable by others, not even for a moment, a crash never
/// leaves half a file, and nothing planted at the temporary name is followed.
fn write_private_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    crate::private_fs::write_private(path, contents)
}
