-- Announcements staff send to subscribers (the notify crate): the texts
-- per language (JSON: {"ja": {"title", "body"}, "en": …}; Japanese
-- required), whom they are for, and their step (draft, awaiting_approval,
-- scheduled, sending, sent, cancelled). A city-wide one is approved by a
-- second person.
CREATE TABLE notify_announcements (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    texts        TEXT NOT NULL,
    topics       TEXT NOT NULL,
    wards        TEXT NOT NULL,
    langs        TEXT NOT NULL,
    -- A path on the platform the announcement points to (a procedure's page).
    link_path    TEXT,
    state        TEXT NOT NULL,
    send_at      TEXT,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    changed_at   TEXT NOT NULL,
    approved_by  TEXT,
    approved_at  TEXT,
    sent_back_why TEXT,
    queued_at    TEXT,
    finished_at  TEXT,
    recipients   INTEGER
);
CREATE INDEX notify_announcements_due ON notify_announcements (state, send_at);

-- One announcement to one subscription: made all at once when it is sent
-- (so a restart neither loses nor repeats a recipient) and worked through
-- at each channel's rate. status: queued, sent, failed (for good), skipped
-- (the subscription ended before its turn).
CREATE TABLE notify_deliveries (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    announcement_id  INTEGER NOT NULL,
    subscription_id  INTEGER NOT NULL,
    channel          TEXT NOT NULL,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    sent_at          TEXT,
    last_error       TEXT
);
CREATE UNIQUE INDEX notify_deliveries_once ON notify_deliveries (announcement_id, subscription_id);
-- The sender's claim reads due deliveries in this order (no sort of a
-- million rows); the end of a send asks whether any is left queued.
CREATE INDEX notify_deliveries_due ON notify_deliveries (status, channel, next_attempt_at);
CREATE INDEX notify_deliveries_left ON notify_deliveries (announcement_id, status);
