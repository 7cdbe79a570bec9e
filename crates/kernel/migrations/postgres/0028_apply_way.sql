-- How a procedure is done and what a resident needs to know before going
-- (see docs/registry.md): the way of applying the owning section declares,
-- who may apply, the deadline; how to reach a section; when offices open.

-- '' (not stated), 'form' (a madoguchi form), 'external' (another service at
-- apply_url, named apply_service), 'post' or 'counter'.
ALTER TABLE procedures ADD COLUMN apply_method TEXT NOT NULL DEFAULT ''
    CHECK (apply_method IN ('', 'form', 'external', 'post', 'counter'));
ALTER TABLE procedures ADD COLUMN apply_url TEXT NOT NULL DEFAULT '';
ALTER TABLE procedures ADD COLUMN apply_service TEXT NOT NULL DEFAULT '';
-- 対象者 and 期限, as residents read them.
ALTER TABLE procedures ADD COLUMN eligibility TEXT NOT NULL DEFAULT '';
ALTER TABLE procedures ADD COLUMN deadline TEXT NOT NULL DEFAULT '';

ALTER TABLE sections ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE sections ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
-- 受付時間, e.g. 平日 8:45–17:15.
ALTER TABLE offices ADD COLUMN opening_hours TEXT NOT NULL DEFAULT '';
