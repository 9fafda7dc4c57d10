-- When the current lease was granted (decisions may not predate it), the optional reason code of a
-- decision, and the decision it replaced ("change my decision").
ALTER TABLE model_outputs ADD COLUMN lease_granted_at TEXT;
ALTER TABLE feedback ADD COLUMN reason_code TEXT;
ALTER TABLE feedback ADD COLUMN replaces TEXT;
-- Earlier versions stored years below 1000 without padding ("1-01-01T..."), which neither sorts nor
-- reads back: pad them to four digits.
UPDATE model_outputs SET created_at = substr('0000', 1, 5 - instr(created_at, '-')) || created_at
 WHERE instr(created_at, '-') BETWEEN 2 AND 4;
UPDATE feedback SET decided_at = substr('0000', 1, 5 - instr(decided_at, '-')) || decided_at
 WHERE instr(decided_at, '-') BETWEEN 2 AND 4
