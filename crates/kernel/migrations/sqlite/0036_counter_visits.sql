-- Visit reservations (来庁予約): a resident books a time at an office for
-- one or more of its lines. Each line takes so many bookings per slot; the
-- count per slot is raised only while below it, in the booking's
-- transaction, so concurrent bookings never overfill a slot.
ALTER TABLE queue_lines ADD COLUMN visit_capacity INTEGER NOT NULL DEFAULT 2;

CREATE TABLE visit_bookings (
    -- 128 random bits: the booking's own address.
    id            TEXT PRIMARY KEY,
    office_id     TEXT NOT NULL REFERENCES offices(id),
    -- Japan day and the slot's start ('10:30').
    day           TEXT NOT NULL,
    slot          TEXT NOT NULL,
    -- Folded as accounts fold addresses; the limit per address counts by it.
    email         TEXT NOT NULL,
    name          TEXT NOT NULL DEFAULT '',
    lang          TEXT NOT NULL DEFAULT 'ja',
    state         TEXT NOT NULL CHECK (state IN ('pending', 'confirmed', 'cancelled', 'arrived', 'no_show')),
    -- Unix seconds.
    created_at    BIGINT NOT NULL,
    -- An unconfirmed booking gives its places back after this.
    expires_at    BIGINT NOT NULL,
    confirmed_at  BIGINT,
    reminded_at   BIGINT,
    ended_at      BIGINT,
    -- The queue ticket given on arrival.
    ticket_id     TEXT REFERENCES queue_tickets(id),
    -- The booking this one changes, cancelled when this one is confirmed.
    replaces_id   TEXT
);
CREATE INDEX visit_bookings_day ON visit_bookings (office_id, day, slot);
CREATE INDEX visit_bookings_email ON visit_bookings (email, state);
CREATE INDEX visit_bookings_pending ON visit_bookings (state, expires_at);

CREATE TABLE visit_booking_lines (
    booking_id TEXT NOT NULL REFERENCES visit_bookings(id),
    line_id    TEXT NOT NULL REFERENCES queue_lines(id),
    PRIMARY KEY (booking_id, line_id)
);

CREATE TABLE visit_slots (
    line_id TEXT NOT NULL REFERENCES queue_lines(id),
    day     TEXT NOT NULL,
    slot    TEXT NOT NULL,
    booked  INTEGER NOT NULL DEFAULT 0 CHECK (booked >= 0),
    PRIMARY KEY (line_id, day, slot)
);

-- The mailed confirmation link (its token is minted when the mail is sent
-- and only its hash is kept; see kernel::mail).
CREATE TABLE visit_confirmations (
    token_hash TEXT PRIMARY KEY,
    booking_id TEXT NOT NULL REFERENCES visit_bookings(id),
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX visit_confirmations_booking ON visit_confirmations (booking_id);
