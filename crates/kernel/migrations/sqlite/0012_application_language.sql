-- The language the applicant used, so mail about the application is written in it.
ALTER TABLE applications ADD COLUMN lang TEXT NOT NULL DEFAULT 'ja';
