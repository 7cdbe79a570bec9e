-- The bereavement corner's rules (おくやみコーナー), as the DX office saves
-- them: every version kept, the newest in force; none saved means the rules
-- the platform ships with.
CREATE TABLE bereavement_rules (
    version   BIGINT PRIMARY KEY,
    source    TEXT NOT NULL,
    saved_by  TEXT NOT NULL,
    saved_at  TEXT NOT NULL
);
