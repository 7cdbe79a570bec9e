-- A hold another capability puts on a case: while it stands, the workflow
-- refuses the steps it names (a fee not yet paid holds the review).
CREATE TABLE case_holds (
    application_id TEXT NOT NULL REFERENCES applications(id),
    -- Who placed it, and for what: 'payment:<id>'.
    hold_key       TEXT NOT NULL,
    -- The workflow actions refused while it stands, comma-separated.
    blocks         TEXT NOT NULL,
    reason_ja      TEXT NOT NULL,
    reason_en      TEXT NOT NULL,
    placed_at      TEXT NOT NULL,
    PRIMARY KEY (application_id, hold_key)
);
