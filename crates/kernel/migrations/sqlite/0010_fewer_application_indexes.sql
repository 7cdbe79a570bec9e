-- Fewer index entries written per submission. Lookups by submitter use the
-- idempotency index (submitter_kind, submitter_id, idempotency_key), whose
-- prefix they share; only applications under a duplicate rule have a
-- duplicate key, so only those are indexed by it.
DROP INDEX applications_submitter;
DROP INDEX applications_duplicate;
CREATE INDEX applications_duplicate ON applications (duplicate_key) WHERE duplicate_key IS NOT NULL;
