//! Files the platform keeps hold personal data (the database, attachments,
//! mail) or secrets (keys): they are made readable by the service user only.

use std::io::Write;
use std::path::Path;

/// From now on, files and folders this process creates are its user's only
/// (umask 077), whichever library creates them: SQLite, the attachment
/// store, the mail folder. Called once at start.
#[cfg(unix)]
pub fn private_by_default() {
    nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(0o077));
}

#[cfg(not(unix))]
pub fn private_by_default() {}

/// Makes `dir` (and its parents) if missing, and limits it to its owner:
/// with the folder closed, nothing in it can be read by another user even
/// when a file inside was made readable.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Writes a new file readable by its owner only, on disk before returning;
/// an existing file is not overwritten.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}
