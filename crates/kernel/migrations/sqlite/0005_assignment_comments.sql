-- Who in the section handles a case, and the section's internal comments on it.
ALTER TABLE applications ADD COLUMN assignee_id TEXT REFERENCES staff(id);

CREATE TABLE application_comments (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id TEXT NOT NULL REFERENCES applications(id),
    author_id      TEXT NOT NULL,
    author_name    TEXT NOT NULL,
    body           TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX application_comments_case ON application_comments (application_id, id);
