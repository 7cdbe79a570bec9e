-- Who read personal data: a staff member opening a case or a file, an API
-- caller reading an application, an inbox exported. Kept apart from the
-- audit chain, which records changes.
CREATE TABLE access_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    client      TEXT NOT NULL
);
CREATE INDEX access_log_target ON access_log (target_type, target_id);
CREATE INDEX access_log_at ON access_log (at);
