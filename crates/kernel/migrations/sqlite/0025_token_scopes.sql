-- API tokens scoped by section or bureau and by action (see kernel::tokens).
-- A token covers the applications of the sections listed, and of every
-- section of the bureaus listed; with neither, none, unless it was issued
-- city-wide (all_sections) by the DX office.
ALTER TABLE api_tokens ADD COLUMN sections TEXT NOT NULL DEFAULT '[]';
ALTER TABLE api_tokens ADD COLUMN bureaus TEXT NOT NULL DEFAULT '[]';
ALTER TABLE api_tokens ADD COLUMN all_sections INTEGER NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
-- Written at most once a minute per token and node.
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
ALTER TABLE api_tokens ADD COLUMN created_by TEXT NOT NULL DEFAULT '';

-- Tokens issued before this covered the whole city: they keep doing so, and
-- their old scopes (read, write, decide, metrics) are read as the new
-- actions they stand for (kernel::tokens::Action::from_legacy).
UPDATE api_tokens SET all_sections = 1, created_by = 'before scoped tokens';
