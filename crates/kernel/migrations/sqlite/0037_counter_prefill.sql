-- Applications made at a counter (staff entering a resident's answers, or a
-- pre-input accepted there) are told apart from those sent online: the
-- progress indicators count the channels separately.
ALTER TABLE applications ADD COLUMN channel TEXT NOT NULL DEFAULT 'online'
    CHECK (channel IN ('online', 'counter'));
ALTER TABLE application_counts ADD COLUMN at_counter BIGINT NOT NULL DEFAULT 0;

-- Pre-input (事前入力): answers a resident filled in on a phone to hand in at
-- a counter. The QR code carries only the 128-bit random id; the answers are
-- sealed like an application's and the row goes when it expires.
CREATE TABLE counter_prefills (
    id              TEXT PRIMARY KEY,
    procedure_id    TEXT NOT NULL REFERENCES procedures(id),
    form_version    BIGINT NOT NULL,
    -- 'resident' or 'guest', and the resident id or the guest's e-mail.
    submitter_kind  TEXT NOT NULL CHECK (submitter_kind IN ('resident', 'guest')),
    submitter_id    TEXT NOT NULL,
    -- Sealed (kernel::sealed), context 'prefills.answers/{id}'.
    answers         TEXT NOT NULL,
    lang            TEXT NOT NULL DEFAULT 'ja',
    -- Hash of the submitter and the confirm page's key: pressing the button
    -- twice keeps one pre-input.
    request_key     TEXT NOT NULL UNIQUE,
    -- Unix seconds.
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    accepted_at     BIGINT,
    receipt_number  TEXT
);
CREATE INDEX counter_prefills_expiry ON counter_prefills (expires_at);
CREATE INDEX counter_prefills_submitter ON counter_prefills (submitter_kind, submitter_id);
