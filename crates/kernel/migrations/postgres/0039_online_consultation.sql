-- Online consultation (オンライン相談): a line of a section that consults
-- (福祉・子育て, 国民健康保険・年金 …) may be booked as a video meeting
-- instead of a visit. The booking keeps its mode and the meeting's address;
-- the section records the consultation's outcome (sealed).
ALTER TABLE queue_lines ADD COLUMN online_consultation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE visit_bookings ADD COLUMN mode TEXT NOT NULL DEFAULT 'in_person'
    CHECK (mode IN ('in_person', 'online'));
ALTER TABLE visit_bookings ADD COLUMN meeting_url TEXT;

CREATE TABLE visit_records (
    booking_id   TEXT PRIMARY KEY REFERENCES visit_bookings(id),
    -- Sealed (kernel::sealed), context 'visit_records.outcome/{booking_id}'.
    outcome      TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
);
