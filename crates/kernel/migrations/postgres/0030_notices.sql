-- Signed notices (SPEC C4, docs/notices.md): the templates the DX office
-- edits, and every notice issued, kept as the signed PDF that was delivered.

CREATE TABLE notice_templates (
    -- 'default/approved', 'default/rejected', '<procedure>/<decision>'.
    id            TEXT PRIMARY KEY,
    procedure_id  TEXT REFERENCES procedures(id),
    decision      TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    items         TEXT NOT NULL,
    -- 1: a disposition (処分), which must carry the appeal instruction.
    disposition   BIGINT NOT NULL DEFAULT 1,
    appeal        TEXT NOT NULL,
    issuer        TEXT NOT NULL,
    revision      BIGINT NOT NULL DEFAULT 1,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL
);

-- Notice numbers run per fiscal year across the city.
CREATE TABLE notice_counters (
    fiscal_year BIGINT PRIMARY KEY,
    last_value  BIGINT NOT NULL
);

CREATE TABLE notices (
    id             TEXT PRIMARY KEY,
    number         TEXT NOT NULL UNIQUE,
    -- The check code's hash (content::code_hash), never the code.
    code_hash      TEXT NOT NULL,
    application_id TEXT NOT NULL REFERENCES applications(id),
    receipt_number TEXT NOT NULL,
    procedure_id   TEXT NOT NULL,
    section_id     TEXT,
    decision       TEXT NOT NULL,
    kind           TEXT NOT NULL,
    -- The procedure's name as printed (no personal data: the verification
    -- page shows it).
    procedure_name TEXT NOT NULL,
    template_id    TEXT NOT NULL,
    -- PAdES level: B-B, B-T, B-LT, B-LTA.
    level          TEXT NOT NULL,
    signer         TEXT NOT NULL,
    -- The signed PDF and the notice's text (JSON), both sealed at rest.
    pdf            BYTEA NOT NULL,
    content        TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    size_bytes     BIGINT NOT NULL,
    issued_at      TEXT NOT NULL,
    issued_by      TEXT NOT NULL,
    -- When the resident first opened it (the section sees it).
    read_at        TEXT,
    revoked_at     TEXT,
    revoked_by     TEXT,
    revoke_reason  TEXT,
    -- A corrected notice names the one it replaces.
    replaces       TEXT REFERENCES notices(id),
    replaced_by    TEXT,
    -- When the next archive timestamp (B-LTA) is due: before the last
    -- timestamp's certificate expires (notices::archive).
    archive_due_at TEXT
);
CREATE INDEX notices_archive_due ON notices (archive_due_at);
CREATE INDEX notices_application ON notices (application_id);
CREATE INDEX notices_section ON notices (section_id, issued_at);

-- A section's bulk issue (annual notices to thousands of households): the
-- cases approved and awaiting their notice, issued by a background job that
-- resumes after a restart.
CREATE TABLE notice_batches (
    id            TEXT PRIMARY KEY,
    section_id    TEXT NOT NULL,
    -- One procedure, or '' for all of the section's procedures with notices.
    procedure_id  TEXT NOT NULL DEFAULT '',
    state         TEXT NOT NULL CHECK (state IN ('running', 'done', 'stopped')),
    issued        BIGINT NOT NULL DEFAULT 0,
    failed        BIGINT NOT NULL DEFAULT 0,
    last_error    TEXT,
    requested_by  TEXT NOT NULL,
    requested_at  TEXT NOT NULL,
    finished_at   TEXT
);
