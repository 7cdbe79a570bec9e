-- The form builder (SPEC C2, docs/forms.md): a procedure's next form is
-- built as a draft, submitted for review and published by a second person.
-- A published version (form_definitions) is never changed; a draft is.

CREATE TABLE form_drafts (
    procedure_id  TEXT PRIMARY KEY REFERENCES procedures(id),
    definition    TEXT NOT NULL,
    -- The published version the draft started from (0: none yet).
    base_version  INTEGER NOT NULL DEFAULT 0,
    -- 'draft' (being edited) or 'review' (waiting for a reviewer; frozen).
    state         TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'review')),
    -- Bumped by every change: an edit names the revision it was made on, so
    -- two people editing at once cannot overwrite each other unseen.
    revision      INTEGER NOT NULL DEFAULT 1,
    -- Where it came from: 'blank', 'template:<id>', 'version:<n>', 'json'.
    origin        TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    -- The staff id (not only the name) of who asked for review: they may
    -- not publish it themselves.
    submitted_by  TEXT,
    submitted_at  TEXT,
    -- What the author says to the reviewer, and the reviewer's reason when
    -- the draft is sent back.
    note          TEXT NOT NULL DEFAULT '',
    returned_note TEXT NOT NULL DEFAULT ''
);

-- Who wrote a published version and who approved it (created_by).
ALTER TABLE form_definitions ADD COLUMN authored_by TEXT NOT NULL DEFAULT '';

-- Templates a city imported (the built-in library ships with the binary).
CREATE TABLE form_templates (
    id          TEXT PRIMARY KEY,
    template    TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
);
