-- The quarterly survey (四半期照会): the DX office opens a round; each
-- section confirms or updates its procedures; closing applies the answers.
CREATE TABLE survey_rounds (
    id          TEXT PRIMARY KEY,
    fiscal_year INTEGER NOT NULL,
    quarter     INTEGER NOT NULL,
    deadline    TEXT NOT NULL,
    opened_at   TEXT NOT NULL,
    opened_by   TEXT NOT NULL,
    closed_at   TEXT,
    closed_by   TEXT
);
CREATE TABLE survey_answers (
    round_id     TEXT NOT NULL REFERENCES survey_rounds(id),
    procedure_id TEXT NOT NULL,
    section_id   TEXT,
    -- What the registry said when the round opened.
    before_status      TEXT NOT NULL,
    before_planned_fy  INTEGER,
    before_annual_count BIGINT,
    -- The section's answer (NULL answered_at: not answered yet).
    status       TEXT,
    planned_fy   INTEGER,
    annual_count BIGINT,
    issues       TEXT NOT NULL DEFAULT '',
    answered_at  TEXT,
    answered_by  TEXT,
    PRIMARY KEY (round_id, procedure_id)
);
CREATE INDEX survey_answers_section ON survey_answers (round_id, section_id);
