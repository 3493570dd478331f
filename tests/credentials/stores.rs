//! Which store `regdesk login` picks, end to end with the real binary and the real keyrings that
//! tests/run provides: the kernel keyring when no Secret Service answers (it is used only after
//! its own round trip works); nothing at all, and nothing asked, when no keyring works and the
//! user has not consented to a file; the `ZOOM_*` variables winning over every profile; and a
//! Secret Service that never answers becoming a timeout message instead of a frozen command.

use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use regdesk::secrets::StoreKind;
use tempfile::TempDir;

use crate::harness::{READ_ONLY_SESSION_KEYRING, keyctl_installed};
use crate::simulated::{app_lines, assert_forgotten, desk_with_keyring, desk_with_simulator};
use crate::support::{skip_or_fail, unique_name};

/// A "session bus" that accepts connections and never says a word: from the outside, a bus or
/// keyring daemon that hangs. A call to it blocks until regdesk's store timeout gives up.
struct SilentBus {
    dir: TempDir,
    stop: Arc<AtomicBool>,
    listener: Option<JoinHandle<()>>,
}

impl SilentBus {
    fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let listener = UnixListener::bind(dir.path().join("bus")).expect("bind the silent bus");
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                held.extend(stream.ok());
            }
        });
        SilentBus {
            dir,
            stop,
            listener: Some(thread),
        }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("bus")
    }

    fn address(&self) -> String {
        format!("unix:path={}", self.path().display())
    }
}

impl Drop for SilentBus {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so that it sees the stop flag.
        UnixStream::connect(self.path()).ok();
        if let Some(thread) = self.listener.take() {
            thread.join().ok();
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_secret_service_login_uses_the_kernel_keyring() {
    let test = "without_a_secret_service_login_uses_the_kernel_keyring";
    let Some((sim, desk)) = desk_with_keyring(test, Some(StoreKind::Keyutils)).await else {
        return;
    };
    let app = sim.s2s_app();
    let profile = unique_name("fallback");
    let no_bus = desk.absent_bus();
    let command = |args: &[&str]| {
        let mut command = desk.command(args);
        command.env("DBUS_SESSION_BUS_ADDRESS", &no_bus);
        command
    };

    let ran = desk
        .run_command(command(&["login", "--profile", &profile]), &app_lines(&app))
        .await;
    assert_eq!(ran.code, 0, "{ran:?}");
    ran.assert_stderr_shows(&[
        "Using the kernel keyring (keyutils):",
        "✗ the Secret Service (login keyring) is not available here",
        "✓ kernel keyring (keyutils)",
    ]);
    ran.assert_stdout_shows(&[
        "Saved in the kernel keyring (keyutils); it persists until reboot, or until the \
         persistent keyring expires",
    ]);
    let config = std::fs::read_to_string(desk.config_file("profiles.toml")).expect("profile");
    assert!(config.contains("store = \"keyutils\""), "{config}");
    desk.assert_no_file_contains(&app.client_secret);

    let listed = desk.run_command(command(&["profiles"]), "").await;
    assert!(
        listed
            .stdout
            .lines()
            .any(|line| line.contains(&profile) && line.contains("kernel keyring (keyutils)")),
        "{listed:?}"
    );
    let doctor = desk
        .run_command(command(&["doctor", "--profile", &profile]), "")
        .await;
    assert_eq!(doctor.code, 0, "{doctor:?}");
    assert!(
        doctor.stdout.contains("in the kernel keyring (keyutils)"),
        "{doctor:?}"
    );

    let logout = desk
        .run_command(command(&["logout", "--profile", &profile]), "")
        .await;
    assert_eq!(logout.code, 0, "{logout:?}");
    assert_forgotten(StoreKind::Keyutils, &profile).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn with_no_working_keyring_nothing_is_stored_without_consent_and_the_environment_wins() {
    let test = "with_no_working_keyring_nothing_is_stored_without_consent_and_the_environment_wins";
    if !keyctl_installed() {
        return skip_or_fail(test, "keyctl (package keyutils) is not installed");
    }
    let (sim, desk) = desk_with_simulator().await;
    let app = sim.s2s_app();
    let no_bus = desk.absent_bus();
    let command = |args: &[&str]| {
        let mut command = desk.wrapped_command(READ_ONLY_SESSION_KEYRING, args);
        command.env("DBUS_SESSION_BUS_ADDRESS", &no_bus);
        command
    };

    let doctor = desk.run_command(command(&["doctor"]), "").await;
    assert_eq!(doctor.code, 1, "{doctor:?}");
    doctor.assert_stdout_shows(&[
        "✗ store            no profile, and no ZOOM_* environment variables",
        "✗ the kernel keyring (keyutils) refused access",
        "fix: no OS keyring works here",
        "`regdesk login --store encrypted-file`",
    ]);

    let refused = desk
        .run_command(command(&["login"]), &app_lines(&app))
        .await;
    assert_eq!(refused.code, 1, "{refused:?}");
    refused.assert_stderr_shows(&[
        "No OS keyring can keep a secret here",
        "✗ the Secret Service (login keyring) is not available here",
        "✗ the kernel keyring (keyutils) refused access",
        "keyctl session -",
        "Nothing was asked or stored",
        "ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET",
        "--store encrypted-file",
    ]);
    assert!(
        !refused.stdout.contains("Account ID"),
        "nothing was asked: {refused:?}"
    );
    assert!(!desk.config_file("profiles.toml").exists());
    assert!(!desk.config_file("credentials").exists());

    // Consent to an encrypted file, given by naming it.
    let mut consented = command(&["login", "--store", "encrypted-file"]);
    consented.env("REGDESK_PASSPHRASE", "a long passphrase");
    let ran = desk.run_command(consented, &app_lines(&app)).await;
    assert_eq!(ran.code, 0, "{ran:?}");
    ran.assert_stdout_shows(&["Saved in the passphrase-encrypted file"]);
    desk.assert_no_file_contains(&app.client_secret);

    // The ZOOM_* variables win over the profile: no passphrase is needed, and a wrong secret in
    // them is what the doctor finds, although the profile's own credentials work.
    let mut overridden = command(&["doctor"]);
    overridden
        .env("ZOOM_ACCOUNT_ID", &app.account_id)
        .env("ZOOM_CLIENT_ID", &app.client_id)
        .env("ZOOM_CLIENT_SECRET", "not-the-secret");
    let ran = desk.run_command(overridden, "").await;
    assert_eq!(ran.code, 1, "{ran:?}");
    assert!(
        ran.stdout.contains(
            "✓ store            ZOOM_* environment variables (they override profile \"default\" \
             in this shell); persists this process only"
        ),
        "{ran:?}"
    );
    assert!(ran.stdout.contains("✗ token"), "{ran:?}");
    assert!(!ran.all().contains("not-the-secret"), "{ran:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_secret_service_that_never_answers_becomes_a_message_not_a_frozen_command() {
    let (sim, desk) = desk_with_simulator().await;
    let bus = SilentBus::start();
    let command = |args: &[&str]| {
        let mut command = desk.command(args);
        command.env("DBUS_SESSION_BUS_ADDRESS", bus.address());
        command
    };

    let login = desk
        .run_command(
            command(&["login", "--store", "secret-service"]),
            &app_lines(&sim.s2s_app()),
        )
        .await;
    assert_eq!(login.code, 1, "{login:?}");
    assert!(
        login
            .stderr
            .contains("the Secret Service (login keyring) did not answer within 10 s (checking)"),
        "{login:?}"
    );
    assert!(
        login.stderr.contains("fix: unlock the keyring"),
        "{login:?}"
    );
    assert!(!desk.config_file("profiles.toml").exists());

    // A profile saved in the Secret Service earlier: commands that need it give up the same way.
    std::fs::write(
        desk.config_file("profiles.toml"),
        "default = \"work\"\n[profiles.work]\napp = \"server-to-server\"\nstore = \"secret-service\"\n",
    )
    .expect("write profiles.toml");
    let doctor = desk.run_command(command(&["doctor"]), "").await;
    assert_eq!(doctor.code, 1, "{doctor:?}");
    assert!(
        doctor.stdout.contains("✗ store")
            && doctor
                .stdout
                .contains("Secret Service (login keyring) did not answer within 10 s"),
        "{doctor:?}"
    );
    assert!(
        doctor.stdout.contains("fix: unlock the keyring"),
        "{doctor:?}"
    );
    let meetings = desk.run_command(command(&["meetings"]), "").await;
    assert_eq!(meetings.code, 1, "{meetings:?}");
    assert!(
        meetings.stderr.contains("did not answer within 10 s"),
        "{meetings:?}"
    );
}
