-- Events leave the platform (SPEC C6): the outbox's events are fanned out to
-- webhook subscriptions and to NATS JetStream, each delivery with its own
-- state, retries and history.

-- Each event gets an id a receiver can deduplicate on (random, so ids never
-- repeat across a restored or rebuilt database).
ALTER TABLE outbox ADD COLUMN event_id TEXT;
UPDATE outbox SET event_id = lower(hex(randomblob(16)));
-- `relayed_at`: handed to every subscription of the moment. Events written
-- before subscriptions existed had nobody to go to.
ALTER TABLE outbox ADD COLUMN relayed_at TEXT;
UPDATE outbox SET relayed_at = created_at;
DROP INDEX outbox_pending;
ALTER TABLE outbox DROP COLUMN delivered_at;
CREATE INDEX outbox_unrelayed ON outbox (id) WHERE relayed_at IS NULL;
-- A delivery waits while an earlier event of its application is still being
-- fanned out by another node (its transaction not yet committed).
CREATE INDEX outbox_unrelayed_by_aggregate ON outbox (aggregate_id, id) WHERE relayed_at IS NULL;

CREATE TABLE webhook_subscriptions (
    id           TEXT PRIMARY KEY,
    -- 'webhook' (an HTTPS POST) or 'nats' (the JetStream stream).
    kind         TEXT NOT NULL DEFAULT 'webhook',
    url          TEXT NOT NULL,
    -- Sealed at rest (kernel::sealed), context webhooks.secret/<id>.
    secret       TEXT NOT NULL,
    -- JSON arrays; an empty list means every event type / the whole city.
    event_types  TEXT NOT NULL DEFAULT '[]',
    sections     TEXT NOT NULL DEFAULT '[]',
    bureaus      TEXT NOT NULL DEFAULT '[]',
    description  TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    disabled_at  TEXT
);

-- One row per event and subscription. Times in milliseconds since the epoch:
-- retries are scheduled finer than the second.
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions(id) ON DELETE CASCADE,
    outbox_id       BIGINT NOT NULL,
    -- The application's receipt number: deliveries of one are kept in order.
    aggregate_id    TEXT NOT NULL,
    -- 'pending', 'delivered' or 'dead' (given up; replayable).
    state           TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    -- A node working on the delivery holds it until then.
    lease_until     BIGINT,
    -- Start of the retry window (reset by a replay).
    retry_from      BIGINT NOT NULL,
    last_status     INTEGER,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    finished_at     TEXT
);
CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (subscription_id, outbox_id);
-- Claims scan a subscription's pending deliveries in event order.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (subscription_id, state, outbox_id);
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (subscription_id, aggregate_id, outbox_id);

-- Every attempt: the delivery history a receiver's operator reads.
CREATE TABLE webhook_attempts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id     BIGINT NOT NULL,
    subscription_id TEXT NOT NULL,
    attempted_at    TEXT NOT NULL,
    status_code     INTEGER,
    duration_ms     BIGINT NOT NULL,
    error           TEXT
);
CREATE INDEX webhook_attempts_of ON webhook_attempts (subscription_id, id);
