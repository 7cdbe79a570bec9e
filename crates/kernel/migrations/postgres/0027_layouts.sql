-- Legacy data layouts in the back office (SPEC C6, docs/layouts.md): the
-- DX office registers a mapping per procedure and business system; files
-- produced from it (on demand or on a schedule) are kept for download.

CREATE TABLE layouts (
    id            TEXT PRIMARY KEY,
    procedure_id  TEXT NOT NULL REFERENCES procedures(id),
    -- The business system on the other side (the mapping's `target`).
    target        TEXT NOT NULL,
    -- 'export' (applications out) or 'results' (status updates back, a
    -- mapping with an [import] table): a system has one of each.
    direction     TEXT NOT NULL DEFAULT 'export',
    name          TEXT NOT NULL,
    -- The mapping file (TOML) as uploaded; checked by layouts::Layout::parse.
    mapping       TEXT NOT NULL,
    -- Run every day at this hour (Japan time, 0–23) for the day before;
    -- NULL when not scheduled.
    daily_hour    BIGINT,
    -- The last day (YYYY-MM-DD, Japan) the schedule exported.
    last_run_for  TEXT,
    updated_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (procedure_id, target, direction)
);

CREATE TABLE layout_files (
    id            TEXT PRIMARY KEY,
    layout_id     TEXT NOT NULL REFERENCES layouts(id),
    procedure_id  TEXT NOT NULL,
    -- The owning section when the file was made: its staff may download it.
    section_id    TEXT,
    -- Under the data directory's layouts/ folder; sealed at rest.
    file_name     TEXT NOT NULL,
    period_from   TEXT NOT NULL,
    period_to     TEXT NOT NULL,
    records       BIGINT NOT NULL,
    size          BIGINT NOT NULL,
    -- Of the file as delivered (not as sealed on disk).
    sha256        TEXT NOT NULL,
    -- `staff:<id>`, or `schedule`.
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX layout_files_by_layout ON layout_files (layout_id, created_at);
