-- The first answer for a key that created feedback is the feedback row itself: keep the request
-- hash next to the key (saves a second row per decision). idempotency_keys keeps the other answers
-- (409). The reviewer index is not used by any query.
ALTER TABLE feedback ADD COLUMN request_hash text;
DROP INDEX IF EXISTS feedback_reviewer;
