-- SLA aggregates maintained with every decision, retraction and ingest (feedback_backend/sla_agg.py);
-- filled from the existing data right after this migration. And the audit of leases a supervisor released.
CREATE TABLE sla_hour (
    hour      TEXT NOT NULL,
    bucket    INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    approved  INTEGER NOT NULL,
    PRIMARY KEY (hour, bucket)
);
CREATE TABLE sla_day (
    day       TEXT NOT NULL,
    bucket    INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    approved  INTEGER NOT NULL,
    PRIMARY KEY (day, bucket)
);
CREATE TABLE sla_total (
    model_name    TEXT NOT NULL,
    model_version TEXT NOT NULL,
    reviewer_id   TEXT NOT NULL,
    bucket        INTEGER NOT NULL,
    n             INTEGER NOT NULL,
    approved      INTEGER NOT NULL,
    dwell_ms      INTEGER NOT NULL,
    dwell_n       INTEGER NOT NULL,
    PRIMARY KEY (model_name, model_version, reviewer_id, bucket)
);
CREATE TABLE sla_dim (
    day           TEXT NOT NULL,
    model_name    TEXT NOT NULL,
    model_version TEXT NOT NULL,
    reviewer_id   TEXT NOT NULL,
    bucket        INTEGER NOT NULL,
    n             INTEGER NOT NULL,
    approved      INTEGER NOT NULL,
    dwell_ms      INTEGER NOT NULL,
    dwell_n       INTEGER NOT NULL,
    PRIMARY KEY (day, model_name, model_version, reviewer_id, bucket)
);
CREATE TABLE sla_reason (
    day          TEXT NOT NULL,
    reason_code  TEXT NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (day, reason_code)
);
CREATE TABLE sla_arrivals (
    hour          TEXT NOT NULL,
    model_name    TEXT NOT NULL,
    model_version TEXT NOT NULL,
    n             INTEGER NOT NULL,
    PRIMARY KEY (hour, model_name, model_version)
);
CREATE TABLE lease_releases (
    id             TEXT PRIMARY KEY,
    at             TEXT NOT NULL,
    supervisor_id  TEXT NOT NULL REFERENCES users(id),
    reviewer_id    TEXT NOT NULL REFERENCES users(id),
    released       INTEGER NOT NULL
)
