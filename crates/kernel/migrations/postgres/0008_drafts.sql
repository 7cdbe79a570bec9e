-- A resident's unfinished application, one per procedure: kept until it is
-- sent, so an expired session or a closed tab loses no work.
CREATE TABLE drafts (
    resident_id  TEXT NOT NULL REFERENCES residents(id),
    procedure_id TEXT NOT NULL REFERENCES procedures(id),
    answers      TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (resident_id, procedure_id)
);
