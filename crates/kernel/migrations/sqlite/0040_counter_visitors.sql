-- The one-stop counter's visitor: the applicant's name, address and
-- contact, taken once and filled into each application of the visit.
-- Sealed, and deleted at the end of the next day.
CREATE TABLE counter_visitors (
    id          TEXT PRIMARY KEY,
    -- Sealed (kernel::sealed), context 'counter_visitors.profile/{id}'.
    profile     TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX counter_visitors_expiry ON counter_visitors (expires_at);
