-- Queue tickets at the ward offices (混雑状況の発信). A line is what
-- residents wait in at one office (届出, 証明, 保険・年金 …), served at one or
-- more windows; tickets are numbered per line and day.
CREATE TABLE queue_lines (
    id          TEXT PRIMARY KEY,
    office_id   TEXT NOT NULL REFERENCES offices(id),
    -- The letter before the ticket numbers ('A' gives A-001).
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    name_en     TEXT NOT NULL DEFAULT '',
    -- The section whose staff call this line (and the DX office).
    section_id  TEXT REFERENCES sections(id),
    -- Windows that usually serve it, until today's calls say otherwise.
    windows     INTEGER NOT NULL DEFAULT 1,
    -- Minutes a resident is usually served in, until there are enough
    -- finished tickets to go by.
    service_minutes INTEGER NOT NULL DEFAULT 5,
    position    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (office_id, code)
);

-- The last number given per line and day (taken and raised in the
-- transaction that issues the ticket, so two kiosks never share one).
CREATE TABLE queue_numbers (
    line_id     TEXT NOT NULL REFERENCES queue_lines(id),
    day         TEXT NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (line_id, day)
);

CREATE TABLE queue_tickets (
    -- 128 random bits: the address of the resident's own place in the queue.
    id            TEXT PRIMARY KEY,
    line_id       TEXT NOT NULL REFERENCES queue_lines(id),
    office_id     TEXT NOT NULL REFERENCES offices(id),
    -- The Japan day it was issued for, and its number that day ('A-012').
    day           TEXT NOT NULL,
    number        INTEGER NOT NULL,
    label         TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'held', 'done', 'no_show', 'cancelled')),
    -- kiosk, staff or reservation.
    channel       TEXT NOT NULL,
    -- Unix seconds. A transferred ticket keeps its place by queued_at.
    issued_at     BIGINT NOT NULL,
    queued_at     BIGINT NOT NULL,
    called_at     BIGINT,
    finished_at   BIGINT,
    -- The window that called it ('3').
    window_label  TEXT,
    calls         INTEGER NOT NULL DEFAULT 0,
    -- When it was last called out (a recall announces it again).
    announced_at  BIGINT,
    -- The wait estimated when it was issued, to measure estimates by.
    estimated_wait_s BIGINT NOT NULL DEFAULT 0,
    -- Japan weekday (1 = Monday) and hour of issue, for the quiet-hours chart.
    weekday       INTEGER NOT NULL,
    hour          INTEGER NOT NULL,
    transferred_from TEXT,
    -- The label stays with a ticket sent to another line.
    UNIQUE (office_id, day, label)
);
CREATE INDEX queue_tickets_waiting ON queue_tickets (line_id, state, queued_at);
CREATE INDEX queue_tickets_office_day ON queue_tickets (office_id, day);
-- The snapshot's recent service times and windows in use.
CREATE INDEX queue_tickets_finished ON queue_tickets (office_id, finished_at);
CREATE INDEX queue_tickets_announced ON queue_tickets (office_id, announced_at);

-- Raised in every transaction that changes an office's queues, so each
-- node sees another's changes within its next look.
CREATE TABLE queue_versions (
    office_id TEXT PRIMARY KEY REFERENCES offices(id),
    version   BIGINT NOT NULL
);
