-- Each audit entry names the key its HMAC was made with (see kernel::keys);
-- entries from before keys have none until they are sealed at start.
ALTER TABLE audit_log ADD COLUMN key_id TEXT;
