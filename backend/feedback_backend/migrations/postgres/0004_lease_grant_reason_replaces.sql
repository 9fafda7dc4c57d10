-- When the current lease was granted (decisions may not predate it), the optional reason code of a
-- decision, and the decision it replaced ("change my decision").
ALTER TABLE model_outputs ADD COLUMN lease_granted_at timestamptz;
ALTER TABLE feedback ADD COLUMN reason_code text;
ALTER TABLE feedback ADD COLUMN replaces uuid
