-- SLA aggregates maintained with every decision, retraction and ingest (feedback_backend/sla_agg.py);
-- filled from the existing data right after this migration. And the audit of leases a supervisor released.
CREATE TABLE sla_hour (
    hour      timestamptz NOT NULL,
    bucket    integer NOT NULL,
    n         bigint NOT NULL,
    approved  bigint NOT NULL,
    PRIMARY KEY (hour, bucket)
);
CREATE TABLE sla_day (
    day       timestamptz NOT NULL,
    bucket    integer NOT NULL,
    n         bigint NOT NULL,
    approved  bigint NOT NULL,
    PRIMARY KEY (day, bucket)
);
CREATE TABLE sla_total (
    model_name    text NOT NULL,
    model_version text NOT NULL,
    reviewer_id   uuid NOT NULL,
    bucket        integer NOT NULL,
    n             bigint NOT NULL,
    approved      bigint NOT NULL,
    dwell_ms      bigint NOT NULL,
    dwell_n       bigint NOT NULL,
    PRIMARY KEY (model_name, model_version, reviewer_id, bucket)
);
CREATE TABLE sla_dim (
    day           timestamptz NOT NULL,
    model_name    text NOT NULL,
    model_version text NOT NULL,
    reviewer_id   uuid NOT NULL,
    bucket        integer NOT NULL,
    n             bigint NOT NULL,
    approved      bigint NOT NULL,
    dwell_ms      bigint NOT NULL,
    dwell_n       bigint NOT NULL,
    PRIMARY KEY (day, model_name, model_version, reviewer_id, bucket)
);
CREATE TABLE sla_reason (
    day          timestamptz NOT NULL,
    reason_code  text NOT NULL,
    n            bigint NOT NULL,
    PRIMARY KEY (day, reason_code)
);
CREATE TABLE sla_arrivals (
    hour          timestamptz NOT NULL,
    model_name    text NOT NULL,
    model_version text NOT NULL,
    n             bigint NOT NULL,
    PRIMARY KEY (hour, model_name, model_version)
);
CREATE TABLE lease_releases (
    id             uuid PRIMARY KEY,
    at             timestamptz NOT NULL,
    supervisor_id  uuid NOT NULL REFERENCES users(id),
    reviewer_id    uuid NOT NULL REFERENCES users(id),
    released       integer NOT NULL
)
