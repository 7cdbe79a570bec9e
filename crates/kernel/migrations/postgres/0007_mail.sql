-- Mail waiting to be sent, written in the same transaction as the change it
-- reports (a submission, a correction request, a decision), so a mail server
-- outage delays mail and never loses it. Sent mail stays as a record.
CREATE TABLE mail_queue (
    id BIGSERIAL PRIMARY KEY,
    -- An address, or 'resident:<id>' (the resident's address when sent).
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    -- A path on the platform; the sender puts the public address before it.
    link_path       TEXT,
    created_at      TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    sent_at         TEXT,
    last_error      TEXT
);
CREATE INDEX mail_queue_due ON mail_queue (sent_at, next_attempt_at);

-- E-mail address checks for new resident accounts; tokens kept as SHA-256.
CREATE TABLE email_verifications (
    token_hash  TEXT PRIMARY KEY,
    resident_id TEXT NOT NULL REFERENCES residents(id),
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);
