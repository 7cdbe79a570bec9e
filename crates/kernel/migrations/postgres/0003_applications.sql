-- Forms, applications, the outbox and the audit log (SPEC C2, C3, C6).

-- Every stored version of a procedure's form; a submission names its version.
CREATE TABLE form_definitions (
    procedure_id TEXT NOT NULL REFERENCES procedures(id),
    version      BIGINT NOT NULL,
    definition   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (procedure_id, version)
);

-- Receipt numbers come from this sequence (SQLite keeps a counter row).
CREATE SEQUENCE receipt_numbers;

CREATE TABLE applications (
    id                 TEXT PRIMARY KEY,
    receipt_number     TEXT NOT NULL UNIQUE,
    procedure_id       TEXT NOT NULL REFERENCES procedures(id),
    form_version       BIGINT NOT NULL,
    section_id         TEXT REFERENCES sections(id),
    -- 'resident', 'guest' or 'api'; submitter_id is the resident id, the
    -- guest's e-mail, or the API token id.
    submitter_kind     TEXT NOT NULL CHECK (submitter_kind IN ('resident', 'guest', 'api')),
    submitter_id       TEXT NOT NULL,
    idempotency_key    TEXT,
    request_hash       TEXT NOT NULL,
    answers            TEXT NOT NULL,
    status             TEXT NOT NULL,
    duplicate_key      TEXT,
    possible_duplicate_of TEXT,
    fiscal_year        BIGINT NOT NULL,
    submitted_at       TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    due_on             TEXT,
    UNIQUE (submitter_kind, submitter_id, idempotency_key)
);
CREATE INDEX applications_section ON applications (section_id, status);
CREATE INDEX applications_submitter ON applications (submitter_kind, submitter_id);
CREATE INDEX applications_duplicate ON applications (duplicate_key);

-- Events written in the same transaction as the change they report; the
-- integration hub delivers them.
CREATE TABLE outbox (
    id           BIGSERIAL PRIMARY KEY,
    event_type   TEXT NOT NULL,
    aggregate_id TEXT NOT NULL,
    payload      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    delivered_at TEXT
);
CREATE INDEX outbox_pending ON outbox (delivered_at, id);

-- Append-only; each target's entries are chained by SHA-256 so an edited or
-- removed entry breaks the chain.
CREATE TABLE audit_log (
    id          BIGSERIAL PRIMARY KEY,
    target_type TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    before      TEXT,
    after       TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    UNIQUE (target_type, target_id, seq)
);
