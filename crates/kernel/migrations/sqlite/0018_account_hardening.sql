-- Failed logins count per address and client, so that someone guessing a
-- password slows down themselves, not the account's owner elsewhere.
ALTER TABLE login_failures ADD COLUMN client TEXT NOT NULL DEFAULT '';
DROP INDEX login_failures_email;
CREATE INDEX login_failures_email_client ON login_failures (email, client, failed_at);

-- One-use link tokens are minted when their mail is sent and never stored
-- in clear: the queue names the link's row ('table:hash') instead.
ALTER TABLE mail_queue ADD COLUMN link_token TEXT;
-- Links already sent: drop the tokens kept in clear.
UPDATE mail_queue SET link_path = NULL WHERE sent_at IS NOT NULL AND link_path LIKE '%token=%';

-- The owner of an address now chooses the password on the check link's
-- page; a password given before the address was checked may be someone
-- else's, so it no longer opens anything.
UPDATE residents SET password_hash = '!' WHERE email_verified_at IS NULL;
