//! Keys kept outside the database, so that a copy or a rewrite of the
//! database alone cannot forge what they protect. They live as files in a
//! keys folder (by default `DATA_DIR/keys`, readable by the service user
//! only); with several app nodes, every node needs the same files.
//!
//! Each purpose has one or more keys, named `PURPOSE-ID.key` (the id is the
//! time the key was made): the newest signs or seals, all of them verify or
//! open, so a key can be rotated without losing what the older one covers.
//! `madoguchi keygen PURPOSE` adds a new one.

use std::path::{Path, PathBuf};

use anyhow::Context;

/// A purpose keys serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Keys the audit log's hash chain (HMAC-SHA-256).
    Audit,
    /// Wraps the data keys that seal personal data at rest (see
    /// [`crate::sealed`]).
    Data,
}

impl Purpose {
    pub const ALL: [Purpose; 2] = [Purpose::Audit, Purpose::Data];

    pub fn code(self) -> &'static str {
        match self {
            Purpose::Audit => "audit",
            Purpose::Data => "data",
        }
    }

    pub fn parse(text: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.code() == text)
    }
}

/// One key: its id (recorded beside what it covers) and its 32 bytes.
#[derive(Clone)]
pub struct Key {
    pub id: String,
    secret: [u8; 32],
}

impl Key {
    pub fn secret(&self) -> &[u8; 32] {
        &self.secret
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the secret, not even in a debug print.
        f.debug_struct("Key").field("id", &self.id).finish()
    }
}

/// Every key of every purpose, oldest first within a purpose.
#[derive(Debug, Clone, Default)]
pub struct Keyring {
    keys: Vec<(Purpose, Key)>,
    /// Purposes whose first key was made by this load (a new installation,
    /// or an upgrade from before keys).
    pub first_made: Vec<Purpose>,
}

impl Keyring {
    /// A tag that shows `text` was written by this installation: a page
    /// that says what was just done carries its words in the address, and
    /// shows them only with their tag, so a link made elsewhere cannot put
    /// words of its own on a staff page. `None` without a data key.
    pub fn message_tag(&self, text: &str) -> Option<String> {
        use hmac::Mac;
        let key = self.first(Purpose::Data)?;
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key.secret()).ok()?;
        mac.update(b"madoguchi page message\0");
        mac.update(text.as_bytes());
        Some(hex::encode(
            mac.finalize().into_bytes().get(..16).unwrap_or_default(),
        ))
    }

    /// `text` if `tag` is its tag (see [`Keyring::message_tag`]).
    pub fn tagged_message(&self, text: Option<String>, tag: Option<&str>) -> Option<String> {
        let text = text?;
        let wanted = self.message_tag(&text)?;
        // Compared in constant time, as any MAC.
        let given = tag?.as_bytes();
        (given.len() == wanted.len()
            && given
                .iter()
                .zip(wanted.as_bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0)
            .then_some(text)
    }

    /// The newest key for `purpose`, which signs or seals from now on.
    pub fn current(&self, purpose: Purpose) -> Option<&Key> {
        self.keys
            .iter()
            .filter(|(p, _)| *p == purpose)
            .map(|(_, k)| k)
            .next_back()
    }

    /// The oldest key for `purpose`: what must stay the same for as long
    /// as the installation lives is derived from it.
    pub fn first(&self, purpose: Purpose) -> Option<&Key> {
        self.keys
            .iter()
            .find(|(p, _)| *p == purpose)
            .map(|(_, k)| k)
    }

    /// The key `id` of `purpose`, for what an older key covers.
    pub fn get(&self, purpose: Purpose, id: &str) -> Option<&Key> {
        self.keys
            .iter()
            .find(|(p, k)| *p == purpose && k.id == id)
            .map(|(_, k)| k)
    }

    /// Removes from `dir` the keys this load made: when the folder proves
    /// not to be the city's, they are not to be used at the next try either.
    pub fn forget_first_made(&self, dir: &Path) {
        for purpose in &self.first_made {
            if let Some(made) = self.current(*purpose) {
                let _ =
                    std::fs::remove_file(dir.join(format!("{}-{}.key", purpose.code(), made.id)));
            }
        }
    }

    /// A keyring of one key per purpose, for tests and tools.
    pub fn ephemeral() -> Keyring {
        Keyring {
            keys: Purpose::ALL
                .into_iter()
                .map(|p| {
                    (
                        p,
                        Key {
                            id: "ephemeral".into(),
                            secret: rand::random(),
                        },
                    )
                })
                .collect(),
            first_made: Vec::new(),
        }
    }

    /// Reads the keys in `dir`, making the folder and a first key for any
    /// purpose that has none (a new installation).
    pub fn load_or_create(dir: &Path) -> anyhow::Result<Keyring> {
        create_private_dir(dir)?;
        let mut first_made = Vec::new();
        for purpose in Purpose::ALL {
            if !has_key(dir, purpose)? {
                generate(dir, purpose)?;
                first_made.push(purpose);
            }
        }
        Ok(Keyring {
            first_made,
            ..Keyring::load(dir)?
        })
    }

    /// Reads the keys in `dir`; a file that is not a key is an error, not
    /// something to skip silently.
    pub fn load(dir: &Path) -> anyhow::Result<Keyring> {
        let mut found = Vec::new();
        let entries = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read the keys folder {}", dir.display()))?;
        for entry in entries {
            let path = entry?.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Some(stem) = name.strip_suffix(".key") else {
                continue;
            };
            let Some((purpose, id)) = stem.split_once('-') else {
                continue;
            };
            let Some(purpose) = Purpose::parse(purpose) else {
                continue;
            };
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read the key {}", path.display()))?;
            let bytes = parse_hex_key(&text)
                .with_context(|| format!("{} is not a key (64 hex digits)", path.display()))?;
            found.push((
                purpose,
                Key {
                    id: id.to_string(),
                    secret: bytes,
                },
            ));
        }
        found.sort_by(|(p1, k1), (p2, k2)| p1.code().cmp(p2.code()).then(k1.id.cmp(&k2.id)));
        Ok(Keyring {
            keys: found,
            first_made: Vec::new(),
        })
    }
}

/// A 32-byte key written as 64 hex digits (surrounding space ignored), as
/// key files hold it.
pub fn parse_hex_key(text: &str) -> Option<[u8; 32]> {
    hex::decode(text.trim())
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
}

fn has_key(dir: &Path, purpose: Purpose) -> anyhow::Result<bool> {
    let prefix = format!("{}-", purpose.code());
    Ok(std::fs::read_dir(dir)?.flatten().any(|e| {
        e.file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".key"))
    }))
}

/// Writes a new key for `purpose` into `dir` and returns its file.
pub fn generate(dir: &Path, purpose: Purpose) -> anyhow::Result<PathBuf> {
    create_private_dir(dir)?;
    let id = new_id();
    let path = dir.join(format!("{}-{id}.key", purpose.code()));
    let secret: [u8; 32] = rand::random();
    crate::files::write_private(&path, format!("{}\n", hex::encode(secret)).as_bytes())?;
    Ok(path)
}

/// A key id: the time it was made, to the millisecond, so ids sort by age.
pub fn new_id() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}{:03}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
        now.millisecond()
    )
}

fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    crate::files::create_private_dir(dir)
        .with_context(|| format!("cannot create the keys folder {}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_folder_gets_a_key_and_the_newest_key_signs() {
        let Ok(dir) = tempfile_dir() else { return };
        let first = Keyring::load_or_create(&dir).unwrap_or_default();
        let first_id = first.current(Purpose::Audit).map(|k| k.id.clone());
        assert!(first_id.is_some());
        // Loading again makes no second key.
        let again = Keyring::load_or_create(&dir).unwrap_or_default();
        assert_eq!(
            again.current(Purpose::Audit).map(|k| k.id.clone()),
            first_id
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
        let _ = generate(&dir, Purpose::Audit);
        let rotated = Keyring::load(&dir).unwrap_or_default();
        assert_ne!(
            rotated.current(Purpose::Audit).map(|k| k.id.clone()),
            first_id
        );
        assert!(
            rotated
                .get(Purpose::Audit, first_id.as_deref().unwrap_or(""))
                .is_some()
        );
        assert!(
            !format!("{rotated:?}").contains(&hex::encode(
                rotated
                    .current(Purpose::Audit)
                    .map(|k| *k.secret())
                    .unwrap_or_default()
            ))
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_damaged_key_file_is_an_error() {
        let Ok(dir) = tempfile_dir() else { return };
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join("audit-1.key"), "not hex");
        assert!(Keyring::load(&dir).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn tempfile_dir() -> std::io::Result<PathBuf> {
        let dir = std::env::temp_dir().join(format!(
            "madoguchi-keys-{}",
            hex::encode(rand::random::<[u8; 8]>())
        ));
        Ok(dir)
    }
}
