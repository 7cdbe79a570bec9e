-- The life-event guide (手続ガイド) as the DX office saves it: every version
-- kept, the newest in force; none saved means the guide the platform ships
-- with.
CREATE TABLE guide_events (
    version   BIGINT PRIMARY KEY,
    source    TEXT NOT NULL,
    saved_by  TEXT NOT NULL,
    saved_at  TEXT NOT NULL
);
