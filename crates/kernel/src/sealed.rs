//! Personal data sealed at rest: application answers, drafts, attached
//! files and staff sign-in keys are stored encrypted, so that a copy of the
//! database or of the attachments folder alone reveals nothing of them.
//!
//! Envelope encryption. Data keys (random AES-256 keys) seal the data
//! (AES-256-GCM, a fresh nonce each time, bound to where the value belongs
//! so a sealed value moved to another row does not open). The data keys are
//! stored in the database (`data_keys`) only wrapped:
//! - by the key-encryption key, a file `data-ID.key` in the keys folder,
//!   outside the database (see [`crate::keys`]); rotating it (`madoguchi
//!   keygen data`) rewraps the data keys at the next start and starts a new
//!   data key, without rewriting the data;
//! - and, when the city has made a recovery key (`madoguchi keygen
//!   recovery`), also sealed to its public half (X25519). The private half
//!   is kept offline by the city; with it, `madoguchi keys recover` rewraps
//!   every data key under a new key-encryption key. Losing the keys folder
//!   then does not mean losing the city's records.
//!
//! Searching sealed answers goes through a blind index: each word of an
//! answer is stored only as a keyed hash ([`Vault::term`]), so a clerk can
//! find 「サカエ」 while the database holds neither the word nor a hash
//! anyone without the key could compute.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use hmac::{Hmac, Mac};
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use sha2::Sha256;
use sqlx::Row;

use crate::Db;
use crate::keys::{Keyring, Purpose};

/// How a sealed text value starts: a value without it is from before
/// sealing (and is sealed by [`Vault::open`]'s caller at the next start).
pub const TEXT_PREFIX: &str = "sealed1.";
/// How a sealed file starts.
const FILE_MAGIC: &[u8; 8] = b"MDGSEAL1";
const NONCE_BYTES: usize = 12;
/// Answers erased at the end of their retention period: nothing to seal.
pub const ERASED: &str = "{}";

/// Whether what was stored before sealing has been sealed (see
/// [`Vault::refuse_unsealed`]).
pub async fn sealing_done(db: &Db) -> anyhow::Result<bool> {
    Ok(sqlx::query("SELECT 1 FROM sealing_done WHERE what = 'all'")
        .fetch_optional(db.pool())
        .await?
        .is_some())
}

/// Records that everything stored before sealing is sealed.
pub async fn mark_sealing_done(db: &Db) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO sealing_done (what, done_at) VALUES ('all', $1) ON CONFLICT (what) DO NOTHING",
    )
    .bind(crate::clock::now_text())
    .execute(db.pool())
    .await?;
    Ok(())
}

/// An AES-256-GCM key.
struct Cipher(LessSafeKey);

impl Cipher {
    fn new(key: &[u8; 32]) -> Cipher {
        // A 32-byte key is what AES-256 takes: this cannot fail.
        let unbound = UnboundKey::new(&AES_256_GCM, key)
            .unwrap_or_else(|_| unreachable!("AES-256 takes 32-byte keys"));
        Cipher(LessSafeKey::new(unbound))
    }

    /// `plain` sealed with a fresh random nonce: nonce, ciphertext, tag.
    fn encrypt(&self, aad: &[u8], plain: &[u8]) -> anyhow::Result<Vec<u8>> {
        let nonce: [u8; NONCE_BYTES] = rand::random();
        let mut out = Vec::with_capacity(NONCE_BYTES + plain.len() + 16);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(plain);
        let mut tail = out.split_off(NONCE_BYTES);
        self.0
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(aad),
                &mut tail,
            )
            .map_err(|_| anyhow!("sealing failed"))?;
        out.extend_from_slice(&tail);
        Ok(out)
    }

    /// Opens what [`Cipher::encrypt`] sealed with the same `aad`.
    fn decrypt(&self, aad: &[u8], sealed: &[u8]) -> anyhow::Result<Vec<u8>> {
        if sealed.len() < NONCE_BYTES {
            bail!("a sealed value is cut short");
        }
        let (nonce, rest) = sealed.split_at(NONCE_BYTES);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| anyhow!("a bad nonce"))?;
        let mut buffer = rest.to_vec();
        let plain = self
            .0
            .open_in_place(nonce, Aad::from(aad), &mut buffer)
            .map_err(|_| anyhow!("does not open"))?;
        let len = plain.len();
        buffer.truncate(len);
        Ok(buffer)
    }
}

/// The unwrapped data keys of a running platform.
#[derive(Default)]
pub struct Vault {
    /// Every data key, by id.
    data: Vec<(String, Cipher)>,
    /// The id of the key that seals from now on.
    current: Option<String>,
    /// The blind index's key, as a keyed HMAC state cloned for each word
    /// (the key schedule is done once, not per word).
    index: Option<Hmac<Sha256>>,
    /// Set once everything stored before sealing is sealed: an unsealed
    /// value is then refused (someone wrote it into the database or the
    /// store directly), not taken as from before.
    strict: std::sync::atomic::AtomicBool,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never a key, not even in a debug print.
        f.debug_struct("Vault")
            .field("keys", &self.data.len())
            .field("current", &self.current)
            .finish()
    }
}

impl Vault {
    /// A vault with one random data key, for tests and tools that have no
    /// database keys.
    pub fn ephemeral() -> Vault {
        let id = "ephemeral".to_string();
        let key: [u8; 32] = rand::random();
        Vault {
            data: vec![(id.clone(), Cipher::new(&key))],
            current: Some(id),
            index: index_mac(&rand::random()),
            strict: std::sync::atomic::AtomicBool::new(true),
        }
    }

    /// From now on an unsealed value is refused (erased answers, `{}`,
    /// excepted).
    pub fn refuse_unsealed(&self) {
        self.strict
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    fn refuses_unsealed(&self) -> bool {
        self.strict.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn is_open(&self) -> bool {
        self.current.is_some()
    }

    fn current(&self) -> anyhow::Result<(&str, &Cipher)> {
        let id = self.current.as_deref().ok_or_else(|| {
            anyhow!("personal data cannot be sealed: the platform was opened without its data keys")
        })?;
        let cipher = self.cipher(id)?;
        Ok((id, cipher))
    }

    fn cipher(&self, id: &str) -> anyhow::Result<&Cipher> {
        self.data
            .iter()
            .find(|(k, _)| k == id)
            .map(|(_, c)| c)
            .ok_or_else(|| anyhow!("the data key {id} is not known to this node"))
    }

    /// Seals `plain`, bound to `context` (where it belongs, e.g.
    /// `applications.answers/ID`): `MAGIC, key id length, key id, nonce,
    /// ciphertext`.
    pub fn seal(&self, context: &str, plain: &[u8]) -> anyhow::Result<Vec<u8>> {
        let (id, cipher) = self.current()?;
        let sealed = cipher.encrypt(context.as_bytes(), plain)?;
        let id_len = u8::try_from(id.len()).context("a data key id is too long")?;
        let mut out = Vec::with_capacity(FILE_MAGIC.len() + 1 + id.len() + sealed.len());
        out.extend_from_slice(FILE_MAGIC);
        out.push(id_len);
        out.extend_from_slice(id.as_bytes());
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Whether `stored` bytes are sealed (files from before sealing are not).
    pub fn is_sealed(stored: &[u8]) -> bool {
        stored.starts_with(FILE_MAGIC)
    }

    /// Opens what [`Vault::seal`] sealed for the same `context`; bytes
    /// stored before sealing pass through unchanged.
    pub fn open<'a>(&self, context: &str, stored: &'a [u8]) -> anyhow::Result<Cow<'a, [u8]>> {
        let Some(rest) = stored.strip_prefix(FILE_MAGIC.as_slice()) else {
            if self.refuses_unsealed() {
                bail!("{context}: an unsealed value where a sealed one belongs");
            }
            return Ok(Cow::Borrowed(stored));
        };
        let (&id_len, rest) = rest.split_first().context("a sealed value is cut short")?;
        let id_len = usize::from(id_len);
        if rest.len() < id_len {
            bail!("a sealed value is cut short");
        }
        let (id, sealed) = rest.split_at(id_len);
        let id = std::str::from_utf8(id).context("a sealed value names no key")?;
        self.cipher(id)?
            .decrypt(context.as_bytes(), sealed)
            .map(Cow::Owned)
            .map_err(|_| {
                anyhow!("a sealed value does not open: altered, moved, or sealed with another key")
            })
    }

    /// Seals text for a text column: `sealed1.` and the sealed bytes in
    /// base64.
    pub fn seal_text(&self, context: &str, text: &str) -> anyhow::Result<String> {
        let sealed = self.seal(context, text.as_bytes())?;
        Ok(format!("{TEXT_PREFIX}{}", B64.encode(sealed)))
    }

    /// Whether a text column's value is sealed.
    pub fn is_sealed_text(stored: &str) -> bool {
        stored.starts_with(TEXT_PREFIX)
    }

    /// Opens what [`Vault::seal_text`] sealed; text stored before sealing
    /// passes through unchanged.
    pub fn open_text<'a>(&self, context: &str, stored: &'a str) -> anyhow::Result<Cow<'a, str>> {
        let Some(encoded) = stored.strip_prefix(TEXT_PREFIX) else {
            if self.refuses_unsealed() && stored != ERASED {
                bail!("{context}: an unsealed value where a sealed one belongs");
            }
            return Ok(Cow::Borrowed(stored));
        };
        let bytes = B64
            .decode(encoded)
            .context("a sealed value is not base64")?;
        let plain = self.open(context, &bytes)?.into_owned();
        String::from_utf8(plain)
            .map(Cow::Owned)
            .context("a sealed text is not UTF-8")
    }

    /// The blind index entry of one word: a keyed hash of its folded form
    /// (so サカエ, さかえ and ｻｶｴ are one entry), 16 hex digits.
    pub fn term(&self, word: &str) -> Option<String> {
        self.term_of_folded(&crate::text::fold(word))
    }

    fn term_of_folded(&self, folded: &str) -> Option<String> {
        if folded.is_empty() {
            return None;
        }
        let mut mac = self.index.clone()?;
        mac.update(folded.as_bytes());
        let digest = mac.finalize().into_bytes();
        Some(hex::encode(digest.get(..8)?))
    }

    /// The blind index of a JSON value's text: every string, whole and word
    /// by word, as ` term term … ` (spaces around each, so a search matches
    /// whole entries only). At most `MAX_TERMS` entries.
    pub fn terms_of(&self, value: &serde_json::Value) -> String {
        const MAX_TERMS: usize = 400;
        let mut words: Vec<String> = Vec::new();
        // Iterative: answers nest groups in groups.
        let mut stack = vec![value];
        while let Some(value) = stack.pop() {
            match value {
                serde_json::Value::String(text) => {
                    // Folded first, so a one-word answer is hashed once.
                    let mut folded = crate::text::query_terms(text);
                    folded.push(crate::text::fold(text));
                    for word in folded {
                        if !word.is_empty() && !words.contains(&word) && words.len() < MAX_TERMS {
                            words.push(word);
                        }
                    }
                }
                serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
                serde_json::Value::Object(map) => stack.extend(map.values().rev()),
                _ => {}
            }
        }
        let terms: Vec<String> = words
            .iter()
            .filter_map(|word| self.term_of_folded(word))
            .collect();
        if terms.is_empty() {
            String::new()
        } else {
            format!(" {} ", terms.join(" "))
        }
    }

    /// Opens the data keys of `db` with `keys`, making the first ones, and
    /// brings their wrapping up to date: rewrapped under the newest
    /// key-encryption key (a new data key starts with it), and sealed to
    /// the recovery key if there is one.
    pub async fn unlock(
        db: &Db,
        keys: &Keyring,
        recovery: Option<&RecoveryPublic>,
    ) -> anyhow::Result<Vault> {
        let kek = keys.current(Purpose::Data).ok_or_else(|| {
            anyhow!("there is no data key-encryption key (data-ID.key) in the keys folder")
        })?;
        // The first keys are made in one transaction that checks, before it
        // commits, that this node can open every key there is: two nodes
        // starting at once with different keys folders must not leave a
        // key only the refused one had.
        let mut tx = db.begin().await?;
        let rows = stored_keys(&mut *tx).await?;
        let has_data = rows.iter().any(|r| r.purpose == "data");
        for (id, purpose, needed) in [
            (
                "index".to_string(),
                "index",
                !rows.iter().any(|r| r.id == "index"),
            ),
            // One data key seals; rotation rewraps it rather than starting
            // another, so nodes restarted one by one keep sealing alike. Its
            // id comes from the key-encryption key, so nodes sharing a keys
            // folder and starting at once agree on it.
            (format!("d{}", kek.id), "data", !has_data),
        ] {
            if !needed {
                continue;
            }
            let secret: [u8; 32] = rand::random();
            sqlx::query(
                "INSERT INTO data_keys (id, purpose, kek_id, wrapped, created_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
            )
            .bind(&id)
            .bind(purpose)
            .bind(&kek.id)
            .bind(wrap(kek.secret(), &id, &secret)?)
            .bind(crate::clock::now_text())
            .execute(&mut *tx)
            .await?;
        }
        let rows = stored_keys(&mut *tx).await?;
        let missing: Vec<String> = rows
            .iter()
            .filter(|r| keys.get(Purpose::Data, &r.kek_id).is_none())
            .map(|r| r.kek_id.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if !missing.is_empty() {
            tx.rollback().await?;
            return Err(MissingKeys(missing).into());
        }
        tx.commit().await?;
        let rows = stored_keys(db.pool()).await?;
        let mut vault = Vault::default();
        for row in &rows {
            let wrapping = keys
                .get(Purpose::Data, &row.kek_id)
                .ok_or_else(|| MissingKeys(vec![row.kek_id.clone()]))?;
            let secret = unwrap(wrapping.secret(), &row.id, &row.wrapped)?;
            if row.kek_id != kek.id {
                sqlx::query(
                    "UPDATE data_keys SET kek_id = $1, wrapped = $2 WHERE id = $3 AND kek_id = $4",
                )
                .bind(&kek.id)
                .bind(wrap(kek.secret(), &row.id, &secret)?)
                .bind(&row.id)
                .bind(&row.kek_id)
                .execute(db.pool())
                .await?;
                tracing::info!(data_key = %row.id, kek = %kek.id, "data key rewrapped under the newest key");
            }
            if let Some(recovery) = recovery
                && row.recovery_id.as_deref() != Some(recovery.id.as_str())
            {
                sqlx::query("UPDATE data_keys SET recovery_id = $1, recovery = $2 WHERE id = $3")
                    .bind(&recovery.id)
                    .bind(recovery.seal(&row.id, &secret)?)
                    .bind(&row.id)
                    .execute(db.pool())
                    .await?;
            }
            if row.purpose == "index" {
                vault.index = index_mac(&secret);
            } else {
                vault.data.push((row.id.clone(), Cipher::new(&secret)));
            }
        }
        // The newest data key seals (rows come oldest first).
        vault.current = Some(
            vault
                .data
                .last()
                .map(|(id, _)| id.clone())
                .ok_or_else(|| anyhow!("no data key was stored"))?,
        );
        Ok(vault)
    }
}

/// The blind index's keyed HMAC state.
fn index_mac(key: &[u8; 32]) -> Option<Hmac<Sha256>> {
    <Hmac<Sha256> as Mac>::new_from_slice(key).ok()
}

/// Key-encryption keys the database's data keys are wrapped with and the
/// keys folder lacks.
#[derive(Debug)]
pub struct MissingKeys(pub Vec<String>);

impl std::fmt::Display for MissingKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the keys folder lacks the data keys {} that this database's personal data is sealed with: \
             give this node the same keys folder as the others, restore it from its backup, or recover \
             with the city's recovery key (madoguchi keys recover; see docs/security.md)",
            self.0
                .iter()
                .map(|id| format!("data-{id}.key"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

impl std::error::Error for MissingKeys {}

struct StoredKey {
    id: String,
    purpose: String,
    kek_id: String,
    wrapped: String,
    recovery_id: Option<String>,
    recovery: Option<String>,
}

async fn stored_keys<'e, E>(executor: E) -> anyhow::Result<Vec<StoredKey>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "SELECT id, purpose, kek_id, wrapped, recovery_id, recovery FROM data_keys ORDER BY created_at, id",
    )
    .fetch_all(executor)
    .await?
    .iter()
    .map(|row| {
        Ok(StoredKey {
            id: row.try_get("id")?,
            purpose: row.try_get("purpose")?,
            kek_id: row.try_get("kek_id")?,
            wrapped: row.try_get("wrapped")?,
            recovery_id: row.try_get("recovery_id")?,
            recovery: row.try_get("recovery")?,
        })
    })
    .collect()
}

fn key_aad(id: &str) -> String {
    format!("madoguchi data key {id}")
}

fn wrap(kek: &[u8; 32], id: &str, secret: &[u8; 32]) -> anyhow::Result<String> {
    let sealed = Cipher::new(kek)
        .encrypt(key_aad(id).as_bytes(), secret)
        .map_err(|_| anyhow!("wrapping a data key failed"))?;
    Ok(B64.encode(sealed))
}

fn unwrap(kek: &[u8; 32], id: &str, wrapped: &str) -> anyhow::Result<[u8; 32]> {
    let bytes = B64
        .decode(wrapped)
        .context("a wrapped data key is not base64")?;
    let plain = Cipher::new(kek)
        .decrypt(key_aad(id).as_bytes(), &bytes)
        .map_err(|_| anyhow!("the data key {id} does not open with its key-encryption key"))?;
    <[u8; 32]>::try_from(plain.as_slice()).map_err(|_| anyhow!("the data key {id} is not 32 bytes"))
}

// ---------------------------------------------------------------------------
// The recovery key

/// The public half of the city's recovery key, as the keys folder holds it
/// (`recovery-ID.pub`).
pub struct RecoveryPublic {
    pub id: String,
    key: x25519_dalek::PublicKey,
}

/// The wrapping key of a recovery seal: an HMAC of the shared secret over
/// both public keys (a KDF in one step; the shared secret is uniform
/// enough that an extract step adds nothing).
fn recovery_wrapping_key(
    shared: &[u8; 32],
    ephemeral: &[u8; 32],
    recipient: &[u8; 32],
) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(shared).unwrap_or_else(|_| {
        // HMAC takes keys of any length: this cannot happen.
        unreachable!("HMAC accepts a 32-byte key")
    });
    mac.update(b"madoguchi recovery 1");
    mac.update(ephemeral);
    mac.update(recipient);
    mac.finalize().into_bytes().into()
}

impl RecoveryPublic {
    /// Seals a data key to the recovery key: `ephemeral public key, nonce,
    /// ciphertext` in base64.
    fn seal(&self, id: &str, secret: &[u8; 32]) -> anyhow::Result<String> {
        let ephemeral = x25519_dalek::StaticSecret::from(rand::random::<[u8; 32]>());
        let ephemeral_public = x25519_dalek::PublicKey::from(&ephemeral);
        let shared = ephemeral.diffie_hellman(&self.key);
        // A degenerate public key (all zeros, a low-order point) would make
        // the wrapping key public.
        anyhow::ensure!(
            shared.was_contributory(),
            "the recovery public key recovery-{}.pub is not a usable key",
            self.id
        );
        let key = recovery_wrapping_key(
            shared.as_bytes(),
            ephemeral_public.as_bytes(),
            self.key.as_bytes(),
        );
        let sealed = Cipher::new(&key).encrypt(key_aad(id).as_bytes(), secret)?;
        Ok(B64.encode([ephemeral_public.as_bytes().as_slice(), &sealed].concat()))
    }

    /// The newest `recovery-ID.pub` in `dir`, if the city has made one.
    pub fn load(dir: &Path) -> anyhow::Result<Option<RecoveryPublic>> {
        let mut found: Vec<(String, PathBuf)> = Vec::new();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(None);
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if let Some(id) = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_prefix("recovery-"))
                .and_then(|n| n.strip_suffix(".pub"))
            {
                found.push((id.to_string(), path.clone()));
            }
        }
        found.sort();
        let Some((id, path)) = found.pop() else {
            return Ok(None);
        };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let bytes = crate::keys::parse_hex_key(&text).with_context(|| {
            format!(
                "{} is not a recovery public key (64 hex digits)",
                path.display()
            )
        })?;
        let public = RecoveryPublic {
            id,
            key: x25519_dalek::PublicKey::from(bytes),
        };
        // Refused at the start, not discovered at the day of recovery.
        public
            .seal("check", &[0u8; 32])
            .with_context(|| format!("{}", path.display()))?;
        Ok(Some(public))
    }
}

/// Makes the city's recovery key: the public half goes into the keys folder
/// (`recovery-ID.pub`), the private half is returned, to be written where
/// the city keeps it offline and never on this server.
pub fn generate_recovery(dir: &Path) -> anyhow::Result<(PathBuf, String)> {
    crate::files::create_private_dir(dir)?;
    let secret = x25519_dalek::StaticSecret::from(rand::random::<[u8; 32]>());
    let public = x25519_dalek::PublicKey::from(&secret);
    let id = crate::keys::new_id();
    let path = dir.join(format!("recovery-{id}.pub"));
    crate::files::write_private(
        &path,
        format!("{}\n", hex::encode(public.as_bytes())).as_bytes(),
    )?;
    let private = format!(
        "# madoguchi recovery key {id}: keep offline (a safe, two custodians); with it,\n\
         # `madoguchi keys recover --recovery-key FILE` restores access to sealed data.\n\
         {}\n",
        hex::encode(secret.to_bytes())
    );
    Ok((path, private))
}

/// Reads a private recovery key file as [`generate_recovery`] wrote it.
pub fn read_recovery_private(text: &str) -> anyhow::Result<x25519_dalek::StaticSecret> {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .context("the recovery key file is empty")?;
    let bytes = crate::keys::parse_hex_key(line)
        .context("the recovery key file holds no key (64 hex digits)")?;
    Ok(x25519_dalek::StaticSecret::from(bytes))
}

fn open_recovery_seal(
    private: &x25519_dalek::StaticSecret,
    id: &str,
    sealed: &str,
) -> anyhow::Result<[u8; 32]> {
    let bytes = B64
        .decode(sealed)
        .context("a recovery seal is not base64")?;
    if bytes.len() < 32 {
        bail!("the recovery seal of {id} is cut short");
    }
    let (ephemeral, sealed) = bytes.split_at(32);
    let ephemeral: [u8; 32] = ephemeral.try_into()?;
    let recipient = x25519_dalek::PublicKey::from(private);
    let shared = private.diffie_hellman(&x25519_dalek::PublicKey::from(ephemeral));
    let key = recovery_wrapping_key(shared.as_bytes(), &ephemeral, recipient.as_bytes());
    let plain = Cipher::new(&key)
        .decrypt(key_aad(id).as_bytes(), sealed)
        .map_err(|_| anyhow!("the data key {id} does not open with this recovery key"))?;
    <[u8; 32]>::try_from(plain.as_slice()).map_err(|_| anyhow!("the data key {id} is not 32 bytes"))
}

/// With the city's private recovery key, rewraps every data key whose
/// key-encryption key is missing under the newest one in `keys`. Returns
/// how many were recovered.
pub async fn recover(
    db: &Db,
    keys: &Keyring,
    private: &x25519_dalek::StaticSecret,
) -> anyhow::Result<usize> {
    let kek = keys
        .current(Purpose::Data)
        .context("there is no data key-encryption key to rewrap under")?;
    let recipient_id = hex::encode(x25519_dalek::PublicKey::from(private).as_bytes());
    let mut recovered = 0;
    for row in stored_keys(db.pool()).await? {
        if keys.get(Purpose::Data, &row.kek_id).is_some() {
            continue;
        }
        let sealed = row.recovery.as_deref().with_context(|| {
            format!(
                "the data key {} was never sealed to a recovery key: only data-{}.key opens it",
                row.id, row.kek_id
            )
        })?;
        let secret = open_recovery_seal(private, &row.id, sealed).with_context(|| {
            format!(
                "the data key {} is sealed to the recovery key {}, not to this one ({}…)",
                row.id,
                row.recovery_id.as_deref().unwrap_or("?"),
                recipient_id.get(..8).unwrap_or("")
            )
        })?;
        sqlx::query("UPDATE data_keys SET kek_id = $1, wrapped = $2 WHERE id = $3")
            .bind(&kek.id)
            .bind(wrap(kek.secret(), &row.id, &secret)?)
            .bind(&row.id)
            .execute(db.pool())
            .await?;
        recovered += 1;
    }
    Ok(recovered)
}

/// One line per data key for `madoguchi keys status`: id, purpose, the
/// key-encryption key wrapping it, the recovery key it is sealed to.
pub async fn status(db: &Db) -> anyhow::Result<Vec<String>> {
    Ok(stored_keys(db.pool())
        .await?
        .into_iter()
        .map(|r| {
            format!(
                "{}\t{}\twrapped by data-{}.key\t{}",
                r.id,
                r.purpose,
                r.kek_id,
                match r.recovery_id {
                    Some(id) => format!("sealed to recovery-{id}.pub"),
                    None => "NOT sealed to a recovery key".to_string(),
                }
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_where_they_belong() {
        let vault = Vault::ephemeral();
        let sealed = vault
            .seal_text("applications.answers/1", "{\"name\":\"栄 花子\"}")
            .unwrap_or_default();
        assert!(Vault::is_sealed_text(&sealed));
        assert!(!sealed.contains("栄"));
        assert_eq!(
            vault
                .open_text("applications.answers/1", &sealed)
                .ok()
                .as_deref(),
            Some("{\"name\":\"栄 花子\"}")
        );
        // Moved to another row, it does not open.
        assert!(vault.open_text("applications.answers/2", &sealed).is_err());
        // Nor with another key.
        assert!(
            Vault::ephemeral()
                .open_text("applications.answers/1", &sealed)
                .is_err()
        );
        // Nor altered.
        let mut bytes = vault.seal("f/1", b"%PDF-1.7 ...").unwrap_or_default();
        if let Some(last) = bytes.last_mut() {
            *last ^= 1;
        }
        assert!(vault.open("f/1", &bytes).is_err());
        // Cut short, it is an error, not a panic.
        for cut in 0..20 {
            let _ = vault.open("f/1", bytes.get(..cut).unwrap_or_default());
        }
        // Once everything is sealed, an unsealed value is refused, erased
        // answers excepted.
        assert!(vault.open_text("x", "{\"a\":1}").is_err());
        assert!(vault.open("x", b"%PDF-1.4").is_err());
        assert_eq!(vault.open_text("x", ERASED).ok().as_deref(), Some(ERASED));
        // Before, what was stored before sealing passes through.
        let upgrading = Vault {
            strict: std::sync::atomic::AtomicBool::new(false),
            ..Vault::ephemeral()
        };
        assert_eq!(
            upgrading.open_text("x", "{\"a\":1}").ok().as_deref(),
            Some("{\"a\":1}")
        );
    }

    #[test]
    fn the_blind_index_matches_folded_words_only() {
        let vault = Vault::ephemeral();
        let terms = vault.terms_of(&serde_json::json!({
            "name": {"family_name": "栄", "family_name_kana": "サカエ"},
            "children": [{"name": "栄 太郎"}]
        }));
        let has = |word: &str| {
            vault
                .term(word)
                .is_some_and(|t| terms.contains(&format!(" {t} ")))
        };
        assert!(has("さかえ") && has("ｻｶｴ") && has("サカエ"));
        assert!(has("太郎") && has("栄 太郎"));
        assert!(!has("サカ") && !has("花子"));
        assert!(!terms.contains("サカエ"));
        // Another vault's index says nothing of this one's.
        assert_ne!(Vault::ephemeral().term("サカエ"), vault.term("サカエ"));
    }

    #[test]
    fn a_recovery_seal_opens_with_the_private_half_only() {
        let secret = x25519_dalek::StaticSecret::from([7u8; 32]);
        let public = RecoveryPublic {
            id: "r1".into(),
            key: x25519_dalek::PublicKey::from(&secret),
        };
        let data_key = [42u8; 32];
        let sealed = public.seal("d1", &data_key).unwrap_or_default();
        assert_eq!(
            open_recovery_seal(&secret, "d1", &sealed).ok(),
            Some(data_key)
        );
        assert!(open_recovery_seal(&secret, "d2", &sealed).is_err());
        let other = x25519_dalek::StaticSecret::from([8u8; 32]);
        assert!(open_recovery_seal(&other, "d1", &sealed).is_err());
    }

    #[test]
    fn a_wrapped_key_opens_with_its_key_encryption_key_only() {
        let kek = [1u8; 32];
        let wrapped = wrap(&kek, "d1", &[9u8; 32]).unwrap_or_default();
        assert_eq!(unwrap(&kek, "d1", &wrapped).ok(), Some([9u8; 32]));
        assert!(unwrap(&[2u8; 32], "d1", &wrapped).is_err());
        assert!(unwrap(&kek, "d2", &wrapped).is_err());
    }
}
