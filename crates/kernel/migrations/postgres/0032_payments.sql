-- Fees and cashless payment (SPEC C5, docs/payments.md).

-- A procedure's fee schedule (fees::Schedule as JSON).
CREATE TABLE fee_schedules (
    procedure_id TEXT PRIMARY KEY REFERENCES procedures(id),
    schedule     TEXT NOT NULL,
    revision     BIGINT NOT NULL DEFAULT 1,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL
);

-- What an application owes: the fee paid with it (before acceptance), or a
-- request the section makes after its review. Yen are integers.
CREATE TABLE payments (
    id               TEXT PRIMARY KEY,
    application_id   TEXT NOT NULL REFERENCES applications(id),
    receipt_number   TEXT NOT NULL,
    procedure_id     TEXT NOT NULL,
    section_id       TEXT,
    timing           TEXT NOT NULL CHECK (timing IN ('before_acceptance', 'after_review')),
    -- fees::Quote as JSON: the lines, reductions and tax the amount is made of.
    quote            TEXT NOT NULL,
    amount_yen       BIGINT NOT NULL CHECK (amount_yen > 0),
    tax_included_yen BIGINT NOT NULL DEFAULT 0,
    state            TEXT NOT NULL CHECK (state IN ('requested', 'pending', 'paid', 'expired', 'cancelled')),
    -- The unguessable part of the payment page's address (guests have no my page).
    pay_token        TEXT NOT NULL UNIQUE,
    due_at           TEXT NOT NULL,
    requested_at     TEXT NOT NULL,
    requested_by     TEXT NOT NULL,
    paid_at          TEXT,
    -- The day in Japan the money was taken: the daily report's day.
    paid_on          TEXT,
    method           TEXT,
    provider         TEXT,
    -- The provider's id of the payment, or the counter terminal's slip number.
    provider_ref     TEXT,
    refunded_yen     BIGINT NOT NULL DEFAULT 0,
    -- 領収番号, given when paid.
    receipt_serial   TEXT UNIQUE,
    expired_at       TEXT
);
-- One fee with the application, however often the receipt page reloads.
CREATE UNIQUE INDEX payments_one_first_fee ON payments (application_id) WHERE timing = 'before_acceptance';
CREATE INDEX payments_application ON payments (application_id);
CREATE INDEX payments_open ON payments (state, due_at);
CREATE INDEX payments_paid_on ON payments (paid_on);

-- Each time the resident goes to a provider's page (or a terminal's payment
-- is recorded): the id is the order id the provider sees.
CREATE TABLE payment_attempts (
    id           TEXT PRIMARY KEY,
    payment_id   TEXT NOT NULL REFERENCES payments(id),
    provider     TEXT NOT NULL,
    method       TEXT NOT NULL,
    provider_ref TEXT,
    state        TEXT NOT NULL CHECK (state IN ('started', 'paid', 'failed', 'cancelled', 'expired')),
    amount_yen   BIGINT NOT NULL,
    redirect_url TEXT,
    -- Pay-easy's numbers (JSON), shown again on the payment page.
    payeasy      TEXT,
    started_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    settled_at   TEXT,
    -- When the reconciliation job last asked the provider about it: the
    -- least recently asked go first, so long-open Pay-easy attempts do not
    -- crowd out card payments.
    last_asked_at TEXT,
    -- Paid after another attempt had paid: refunded automatically.
    duplicate    BIGINT NOT NULL DEFAULT 0
);
-- Counter terminals restart their slip numbers: their slips are not unique.
CREATE UNIQUE INDEX payment_attempts_ref ON payment_attempts (provider, provider_ref) WHERE provider <> 'counter';
CREATE INDEX payment_attempts_payment ON payment_attempts (payment_id);
CREATE INDEX payment_attempts_open ON payment_attempts (state, started_at);

-- Provider notifications already applied: a repeat is answered and ignored.
CREATE TABLE payment_notifications (
    provider    TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (provider, event_id)
);

CREATE TABLE payment_refunds (
    id           TEXT PRIMARY KEY,
    payment_id   TEXT NOT NULL REFERENCES payments(id),
    attempt_id   TEXT NOT NULL REFERENCES payment_attempts(id),
    amount_yen   BIGINT NOT NULL CHECK (amount_yen > 0),
    reason       TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('requested', 'done', 'failed')),
    provider_ref TEXT,
    failure      TEXT,
    requested_at TEXT NOT NULL,
    done_at      TEXT,
    done_on      TEXT
);
CREATE INDEX payment_refunds_payment ON payment_refunds (payment_id);
CREATE INDEX payment_refunds_open ON payment_refunds (state);
CREATE INDEX payment_refunds_done_on ON payment_refunds (done_on);

-- 領収番号 run per fiscal year across the city.
CREATE TABLE receipt_counters (
    fiscal_year BIGINT PRIMARY KEY,
    last_value  BIGINT NOT NULL
);
