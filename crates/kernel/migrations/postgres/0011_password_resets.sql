-- "Forgot my password" links for residents; tokens kept as SHA-256, one use,
-- one hour.
CREATE TABLE password_resets (
    token_hash  TEXT PRIMARY KEY,
    resident_id TEXT NOT NULL REFERENCES residents(id),
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);
