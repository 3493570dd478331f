//! Private files: everything regdesk keeps under its data and config dirs (journals, reports,
//! lock files, profiles, credential files) and every export it writes is created 0600 inside
//! 0700 folders whatever the umask, and never through a path an attacker planted (an existing
//! file or a symlink at a temporary name). On other platforms the files get the OS defaults.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Owner read and write, nobody else anything.
pub const PRIVATE_FILE_MODE: u32 = 0o600;
/// Owner only.
pub const PRIVATE_DIR_MODE: u32 = 0o700;

/// How often a fresh temporary name is tried when the previous one was taken.
const TEMPORARY_NAME_ATTEMPTS: usize = 16;

/// Creates `dir` and its missing parents 0700, and makes `dir` itself 0700 when it existed with
/// looser permissions (regdesk's own folders only: the caller names one of them). Parents that
/// existed are left alone.
pub fn create_private_dir_all(dir: &Path) -> io::Result<()> {
    create_missing_dirs(dir)?;
    make_private_dir(dir)
}

/// Creates the missing folders of `dir` 0700 and leaves existing ones as they are: for a folder
/// the user picked (an export's), whose permissions are theirs to choose.
pub fn create_missing_dirs(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_missing_dirs(parent)?;
    }
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, PRIVATE_DIR_MODE);
    match builder.create(dir) {
        Ok(()) => make_private_dir(dir),
        // Created meanwhile by someone else (another regdesk): fine if it is a folder.
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(error) => Err(error),
    }
}

/// Sets an existing folder to 0700 unless it already is (the umask may have taken bits away at
/// creation, or an older regdesk made it 0755).
fn make_private_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let metadata = std::fs::metadata(dir)?;
        if metadata.permissions().mode() & 0o777 != PRIVATE_DIR_MODE {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(PRIVATE_DIR_MODE))?;
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Sets an open file to 0600 unless it already is.
fn make_private_file(file: &File) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if file.metadata()?.permissions().mode() & 0o777 != PRIVATE_FILE_MODE {
            file.set_permissions(std::fs::Permissions::from_mode(PRIVATE_FILE_MODE))?;
        }
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

/// Open options that create 0600 and never follow a symlink at the last component.
fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(PRIVATE_FILE_MODE);
        options.custom_flags(no_follow_flag());
    }
    options
}

/// `O_NOFOLLOW`: opening a symlink fails instead of opening its target.
#[cfg(unix)]
fn no_follow_flag() -> i32 {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        0o400_000
    }
    #[cfg(any(
        target_os = "macos",
        target_os = "ios",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd",
        target_os = "dragonfly"
    ))]
    {
        0x0100
    }
    #[cfg(not(any(
        target_os = "linux",
        target_os = "android",
        target_os = "macos",
        target_os = "ios",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd",
        target_os = "dragonfly"
    )))]
    {
        0
    }
}

/// Creates a new file 0600; fails if anything (a file, a symlink) is already at `path`.
pub fn create_new_private(path: &Path) -> io::Result<File> {
    let file = private_options().write(true).create_new(true).open(path)?;
    make_private_file(&file)?;
    Ok(file)
}

/// Opens an existing file for reading and appending, refusing a symlink, and makes it 0600 if an
/// older regdesk left it readable by others.
pub fn open_private_append(path: &Path) -> io::Result<File> {
    let file = private_options().read(true).append(true).open(path)?;
    make_private_file(&file)?;
    Ok(file)
}

/// Opens a file for appending (a log), creating it 0600 if missing, refusing a symlink; an
/// existing file is made 0600.
pub fn open_or_create_private_append(path: &Path) -> io::Result<File> {
    let file = private_options().create(true).append(true).open(path)?;
    make_private_file(&file)?;
    Ok(file)
}

/// Opens a file for writing, creating it 0600 if missing and keeping its content (a lock file),
/// refusing a symlink; an existing file is made 0600.
pub fn open_or_create_private(path: &Path) -> io::Result<File> {
    let file = private_options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    make_private_file(&file)?;
    Ok(file)
}

/// Writes `path` whole or not at all: `write` fills a new 0600 temporary file with an
/// unpredictable name in the same folder (created exclusively, so nothing planted there is
/// followed or reused), which is fsynced and renamed over `path`; then the folder is fsynced. The
/// folder must exist. On failure the temporary file is removed and `path` is untouched.
pub fn write_atomic_private(
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let (temporary, mut file) = create_temporary(dir, path)?;
    let written = (|| {
        write(&mut file)?;
        file.flush()?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temporary, path)
    })();
    if let Err(error) = written {
        // The temporary file may hold personal data or a secret: remove it before reporting.
        if let Err(cleanup) = std::fs::remove_file(&temporary) {
            tracing::debug!("cannot remove {}: {cleanup}", temporary.display());
        }
        return Err(error);
    }
    sync_dir(dir)
}

/// Writes `contents` to `path` with [`write_atomic_private`].
pub fn write_private(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_atomic_private(path, |file| file.write_all(contents))
}

fn create_temporary(dir: &Path, target: &Path) -> io::Result<(PathBuf, File)> {
    let stem = target
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_owned());
    let mut last_error = None;
    for _ in 0..TEMPORARY_NAME_ATTEMPTS {
        let nonce: u64 = rand::random();
        let temporary = dir.join(format!(".{stem}.{nonce:016x}.tmp"));
        match create_new_private(&temporary) {
            Ok(file) => return Ok((temporary, file)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                last_error = Some(error);
            }
            Err(error) => return Err(error),
        }
    }
    Err(last_error.unwrap_or_else(|| io::Error::other("no free temporary name")))
}

/// Makes a rename or a new file in `dir` durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::symlink_metadata(path)
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    }

    #[test]
    fn new_folders_are_0700_and_an_existing_own_folder_is_tightened() {
        let root = tempfile::tempdir().unwrap();
        let nested = root.path().join("a").join("b");
        create_private_dir_all(&nested).unwrap();
        assert_eq!(mode(&root.path().join("a")), 0o700);
        assert_eq!(mode(&nested), 0o700);
        std::fs::set_permissions(&nested, std::fs::Permissions::from_mode(0o755)).unwrap();
        create_private_dir_all(&nested).unwrap();
        assert_eq!(mode(&nested), 0o700);
    }

    #[test]
    fn a_folder_the_user_picked_keeps_its_permissions() {
        let root = tempfile::tempdir().unwrap();
        std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        create_missing_dirs(&root.path().join("new")).unwrap();
        assert_eq!(mode(root.path()), 0o755);
        assert_eq!(mode(&root.path().join("new")), 0o700);
    }

    #[test]
    fn an_atomic_write_replaces_a_public_file_with_a_private_one_and_leaves_no_temporary() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("data.csv");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_private(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(mode(&path), 0o600);
        let names: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("data.csv");
        std::fs::write(&path, "old").unwrap();
        let failed = write_atomic_private(&path, |file| {
            file.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1);
    }

    #[test]
    fn appending_and_lock_files_refuse_symlinks() {
        let root = tempfile::tempdir().unwrap();
        let victim = root.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o644)).unwrap();
        let link = root.path().join("journal.jsonl");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        assert!(open_private_append(&link).is_err());
        assert!(open_or_create_private(&link).is_err());
        assert!(create_new_private(&link).is_err());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        assert_eq!(mode(&victim), 0o644, "the symlink's target was not touched");
    }
}
