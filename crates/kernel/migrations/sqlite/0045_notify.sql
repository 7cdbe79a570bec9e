-- Push-type information (the notify crate). A subscription is one address
-- on one channel (an e-mail address; later a browser's push endpoint or a
-- messaging app's user id) with the topics and wards chosen, in the
-- resident's language. It exists only once its address confirmed it
-- (double opt-in); its links carry a tag under the data key and its
-- generation, which is raised to make every earlier link dead.
CREATE TABLE notify_subscriptions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    channel       TEXT NOT NULL,
    address       TEXT NOT NULL,
    lang          TEXT NOT NULL,
    -- Comma-separated topic and ward ids (no ward: the whole city).
    topics        TEXT NOT NULL,
    wards         TEXT NOT NULL,
    -- active, unsubscribed or bounced
    status        TEXT NOT NULL,
    generation    INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    changed_at    TEXT NOT NULL,
    ended_at      TEXT,
    -- Why it ended: unsubscribed (one click or the preferences page),
    -- bounced (the address is dead).
    ended_why     TEXT
);
CREATE UNIQUE INDEX notify_subscriptions_address ON notify_subscriptions (channel, address);
CREATE INDEX notify_subscriptions_status ON notify_subscriptions (status);

-- A request to subscribe or change a subscription, waiting for its address
-- to confirm: the choice travels here, not into the subscription, so a
-- stranger who types someone's address changes nothing. The link's token
-- is minted when the mail is sent (kernel::mail).
CREATE TABLE notify_confirmations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash  TEXT NOT NULL UNIQUE,
    channel     TEXT NOT NULL,
    address     TEXT NOT NULL,
    lang        TEXT NOT NULL,
    topics      TEXT NOT NULL,
    wards       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX notify_confirmations_address ON notify_confirmations (address, created_at);

-- A mail to a subscriber names the path of its one-click unsubscribe
-- (RFC 8058): the sender puts List-Unsubscribe and List-Unsubscribe-Post
-- headers on it.
ALTER TABLE mail_queue ADD COLUMN unsubscribe_path TEXT;
