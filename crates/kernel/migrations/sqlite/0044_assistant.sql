-- The FAQ the assistant answers from, as the DX office saves it: every
-- version kept, the newest in force.
CREATE TABLE assistant_faq (
    version   BIGINT PRIMARY KEY,
    source    TEXT NOT NULL,
    saved_by  TEXT NOT NULL,
    saved_at  TEXT NOT NULL
);

-- Questions residents asked, with names, numbers and addresses removed
-- before they are written; kept a year for staff to review (the ones not
-- answered become FAQ entries).
CREATE TABLE assistant_questions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    asked_at    TEXT NOT NULL,
    lang        TEXT NOT NULL,
    question    TEXT NOT NULL,
    abstained   BIGINT NOT NULL,
    -- faq:<id>, catalog, or empty
    answered_by TEXT NOT NULL,
    cited       TEXT NOT NULL,
    reviewed_at TEXT,
    reviewed_by TEXT,
    -- faq:<id> when it became an entry, dismissed otherwise
    outcome     TEXT
);
CREATE INDEX assistant_questions_review ON assistant_questions (abstained, reviewed_at, id);
CREATE INDEX assistant_questions_asked ON assistant_questions (asked_at);
