-- 保存期間 and 廃棄 (see docs/retention.md).

-- Years a procedure's case records are kept, counted from the 1 April after
-- the case ended; NULL takes the city's default, 0 keeps them for good
-- (永年・常用).
ALTER TABLE procedures ADD COLUMN retention_years INTEGER;

-- When the case reached a final status (closed, withdrawn): its retention
-- period counts from that day. Cases that ended before this column existed
-- take their last change, which for a final case is that step.
ALTER TABLE applications ADD COLUMN completed_at TEXT;
UPDATE applications SET completed_at = updated_at WHERE status IN ('closed', 'withdrawn');
-- When its personal data was disposed of; the row stays for statistics.
ALTER TABLE applications ADD COLUMN disposed_at TEXT;
CREATE INDEX applications_to_dispose ON applications (completed_at)
    WHERE completed_at IS NOT NULL AND disposed_at IS NULL;

-- 廃棄簿: one line per disposed case, without personal data.
CREATE TABLE disposals (
    receipt_number  TEXT PRIMARY KEY,
    procedure_id    TEXT NOT NULL,
    section_id      TEXT,
    completed_at    TEXT NOT NULL,
    retention_years INTEGER NOT NULL,
    disposable_from TEXT NOT NULL,
    disposed_at     TEXT NOT NULL,
    attachments     INTEGER NOT NULL
);
CREATE INDEX disposals_at ON disposals (disposed_at);

-- Files of disposed cases still to be removed from storage: written in the
-- disposal's transaction and cleared once the file is gone, so a crash
-- between the commit and the removal leaves a list to finish, not a file
-- nobody knows about.
CREATE TABLE disposed_files (
    attachment_id TEXT PRIMARY KEY,
    disposed_at   TEXT NOT NULL
);
