-- Survey reminders the platform sent on its own: at most one a round a day
-- (the key keeps two servers from both sending it).
CREATE TABLE survey_reminders (
    round_id   TEXT NOT NULL REFERENCES survey_rounds(id),
    sent_on    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    recipients INTEGER NOT NULL,
    PRIMARY KEY (round_id, sent_on)
);
