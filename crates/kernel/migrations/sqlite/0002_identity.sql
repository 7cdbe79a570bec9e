-- Accounts and sessions (SPEC C11). Passwords are argon2id hashes; session
-- tokens are kept only as their SHA-256.
CREATE TABLE staff (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('clerk', 'manager', 'dx_admin')),
    section_id    TEXT REFERENCES sections(id),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    disabled_at   TEXT
);

CREATE TABLE residents (
    id                TEXT PRIMARY KEY,
    email             TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL DEFAULT '',
    name_kana         TEXT NOT NULL DEFAULT '',
    password_hash     TEXT NOT NULL,
    email_verified_at TEXT,
    created_at        TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('staff', 'resident')),
    account_id   TEXT NOT NULL,
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions (kind, account_id);

-- Failed logins per address, to slow down password guessing.
CREATE TABLE login_failures (
    email      TEXT NOT NULL,
    failed_at  TEXT NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, failed_at);
