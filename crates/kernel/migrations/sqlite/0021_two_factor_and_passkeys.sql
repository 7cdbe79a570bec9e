-- Staff sign-in's second step: a time-based one-time code (RFC 6238).
-- `secret` is the shared key in base32: a secret like a password hash, kept
-- only in the database and its backups. A code is accepted once: `last_step`
-- is the latest 30-second step a code was accepted for.
CREATE TABLE staff_totp (
    staff_id    TEXT PRIMARY KEY REFERENCES staff(id),
    secret      TEXT NOT NULL,
    last_step   BIGINT NOT NULL DEFAULT 0,
    enrolled_at TEXT NOT NULL
);

-- One-use recovery codes, kept only as SHA-256 hashes.
CREATE TABLE staff_recovery_codes (
    staff_id   TEXT NOT NULL REFERENCES staff(id),
    code_hash  TEXT NOT NULL,
    used_at    TEXT,
    PRIMARY KEY (staff_id, code_hash)
);

-- Between a right password and the code: not a session, it opens no page.
-- Bound to the client, short-lived, with a count of wrong codes.
CREATE TABLE pending_logins (
    token_hash  TEXT PRIMARY KEY,
    staff_id    TEXT NOT NULL REFERENCES staff(id),
    client      TEXT NOT NULL,
    next        TEXT NOT NULL DEFAULT '',
    new_secret  TEXT,
    attempts    BIGINT NOT NULL DEFAULT 0,
    expires_at  TEXT NOT NULL
);

-- Residents' passkeys (WebAuthn). `passkey` is the credential as the
-- WebAuthn library keeps it (public key, counter, backup flags), as JSON.
-- `user_handle` is the resident's WebAuthn user id, the same for all their
-- passkeys.
CREATE TABLE resident_passkeys (
    credential_id TEXT PRIMARY KEY,
    resident_id   TEXT NOT NULL REFERENCES residents(id),
    user_handle   TEXT NOT NULL,
    name          TEXT NOT NULL,
    passkey       TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT
);
CREATE INDEX resident_passkeys_resident ON resident_passkeys (resident_id);
CREATE INDEX resident_passkeys_handle ON resident_passkeys (user_handle);

-- A WebAuthn ceremony's state between its two requests: single-use, expiring.
CREATE TABLE webauthn_ceremonies (
    token_hash  TEXT PRIMARY KEY,
    purpose     TEXT NOT NULL CHECK (purpose IN ('register', 'login')),
    resident_id TEXT,
    state       TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
