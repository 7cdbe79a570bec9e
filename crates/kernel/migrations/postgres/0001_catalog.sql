-- Organisation and procedure catalog (SPEC C1).
CREATE TABLE bureaus (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    kana     TEXT NOT NULL DEFAULT '',
    name_en  TEXT NOT NULL DEFAULT '',
    position BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE sections (
    id        TEXT PRIMARY KEY,
    bureau_id TEXT NOT NULL REFERENCES bureaus(id),
    name      TEXT NOT NULL,
    kana      TEXT NOT NULL DEFAULT '',
    name_en   TEXT NOT NULL DEFAULT '',
    UNIQUE (bureau_id, name)
);

-- Ward offices (区役所) and their branches (支所).
CREATE TABLE offices (
    id        TEXT PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('ward', 'branch')),
    name      TEXT NOT NULL UNIQUE,
    kana      TEXT NOT NULL DEFAULT '',
    name_en   TEXT NOT NULL DEFAULT '',
    ward_id   TEXT REFERENCES offices(id),
    address   TEXT NOT NULL DEFAULT '',
    position  BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE counters (
    id         TEXT PRIMARY KEY,
    office_id  TEXT REFERENCES offices(id),
    section_id TEXT REFERENCES sections(id),
    name       TEXT NOT NULL,
    name_en    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE procedures (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    kana              TEXT NOT NULL DEFAULT '',
    name_en           TEXT NOT NULL DEFAULT '',
    bureau_id         TEXT NOT NULL REFERENCES bureaus(id),
    section_id        TEXT REFERENCES sections(id),
    category          TEXT NOT NULL CHECK (category IN ('childcare', 'nursing_care', 'high_impact', 'other')),
    legal_kind        TEXT NOT NULL DEFAULT '',
    legal_basis       TEXT NOT NULL DEFAULT '',
    annual_count      BIGINT,
    online_status     TEXT NOT NULL CHECK (online_status IN ('online', 'planned', 'not_online', 'impossible')),
    online_fy         BIGINT,
    online_fy_or_earlier BOOLEAN NOT NULL DEFAULT FALSE,
    online_since      TEXT,
    planned_fy        BIGINT,
    impossible_reason TEXT NOT NULL DEFAULT '',
    fee_yen           BIGINT,
    fee_note          TEXT NOT NULL DEFAULT '',
    documents         TEXT NOT NULL DEFAULT '[]',
    life_events       TEXT NOT NULL DEFAULT '[]',
    tags              TEXT NOT NULL DEFAULT '[]',
    counters          TEXT NOT NULL DEFAULT '[]',
    guest_allowed     BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at        TEXT NOT NULL
);
CREATE INDEX procedures_bureau ON procedures (bureau_id);
CREATE INDEX procedures_category ON procedures (category);

-- A counter bumped by every catalog change, so each app node knows when to
-- rebuild its in-memory search index.
CREATE TABLE catalog_revision (
    id       BIGINT PRIMARY KEY CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO catalog_revision (id, revision) VALUES (1, 0);

-- Tokens for business systems; only the SHA-256 of a token is kept.
CREATE TABLE api_tokens (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    scopes      TEXT NOT NULL DEFAULT '[]',
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);
