-- Personal data sealed at rest (see kernel::sealed). The data keys that
-- seal it are kept here only wrapped: by a key-encryption key kept outside
-- the database (keys/data-ID.key), and sealed to the city's offline
-- recovery key when it has one.
CREATE TABLE data_keys (
    id          TEXT PRIMARY KEY,
    -- 'data' seals values; 'index' keys the blind search index.
    purpose     TEXT NOT NULL CHECK (purpose IN ('data', 'index')),
    kek_id      TEXT NOT NULL,
    wrapped     TEXT NOT NULL,
    recovery_id TEXT,
    recovery    TEXT,
    created_at  TEXT NOT NULL
);

-- The clerk's search over sealed answers: keyed hashes of the answers'
-- words, ' term term … '.
ALTER TABLE applications ADD COLUMN search_terms TEXT NOT NULL DEFAULT '';

-- Which attachments an application has named (its answers, and the answers
-- a correction replaced): the purge of unused uploads cannot read sealed
-- answers.
CREATE TABLE application_files (
    application_id TEXT NOT NULL REFERENCES applications(id),
    attachment_id  TEXT NOT NULL,
    PRIMARY KEY (application_id, attachment_id)
);
CREATE INDEX application_files_attachment ON application_files (attachment_id);

-- The same for drafts, replaced with each save.
CREATE TABLE draft_files (
    resident_id   TEXT NOT NULL,
    procedure_id  TEXT NOT NULL,
    attachment_id TEXT NOT NULL,
    PRIMARY KEY (resident_id, procedure_id, attachment_id)
);
CREATE INDEX draft_files_attachment ON draft_files (attachment_id);

-- Set once what was stored before sealing has been sealed: from then on a
-- value found unsealed is refused, not taken as from before.
CREATE TABLE sealing_done (
    what    TEXT PRIMARY KEY,
    done_at TEXT NOT NULL
);
