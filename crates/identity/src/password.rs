//! Passwords: argon2id hashes in the PHC string format, so parameters can be
//! raised later without invalidating stored hashes.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use kernel::FieldError;
use kernel::i18n::Message;

pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 256;

pub fn hash(password: &str) -> anyhow::Result<String> {
    let mut salt_bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut salt_bytes);
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
}

/// True when `password` matches `stored`; a malformed stored hash (as an
/// account without a password has) never matches, after the same work, so
/// timing does not tell such accounts apart.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => {
            let _ = hash(password);
            false
        }
    }
}

/// Hashing takes tens of milliseconds of CPU: keep it off the async workers.
pub async fn hash_blocking(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash(&password)).await?
}

pub async fn verify_blocking(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || verify(&password, &stored))
        .await
        .unwrap_or(false)
}

/// A new password must be long enough; length beats composition rules.
pub fn check_new(field: &str, password: &str) -> Result<(), FieldError> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        Err(FieldError::localized(
            field,
            Message::new("password-too-short").with("min", MIN_LENGTH),
        ))
    } else if length > MAX_LENGTH {
        Err(FieldError::localized(
            field,
            Message::new("password-too-long").with("max", MAX_LENGTH),
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_only_its_own_password() -> anyhow::Result<()> {
        let stored = hash("correct horse battery")?;
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &stored));
        assert!(!verify("correct horse batterY", &stored));
        assert!(!verify("anything", "not a hash"));
        Ok(())
    }

    #[test]
    fn short_passwords_are_refused_with_a_reason() {
        assert!(check_new("password", "short").is_err());
        assert!(check_new("password", "long enough now").is_ok());
    }
}
