-- Files residents and business systems attach to answers. The bytes live in
-- the object store under the id; a file answer names the id, and whoever may
-- read the application may read the files its answers name.
CREATE TABLE attachments (
    id           TEXT PRIMARY KEY,
    -- Who uploaded it: 'resident:<id>', 'guest' or 'api:<token id>'; only
    -- the same owner can put it into an application.
    owner        TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    -- Judged from the content, never from the name.
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX attachments_owner ON attachments (owner, created_at);
