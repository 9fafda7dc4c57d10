-- API v1 schema (PostgreSQL 15). Times are timestamptz (UTC).
CREATE TABLE users (
    id            uuid PRIMARY KEY,
    username      text NOT NULL UNIQUE,
    display_name  text NOT NULL,
    role          text NOT NULL CHECK (role IN ('reviewer', 'supervisor', 'ingest')),
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL,
    disabled      boolean NOT NULL DEFAULT false
);

CREATE TABLE refresh_tokens (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users(id),
    token_hash  text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE model_outputs (
    id               uuid PRIMARY KEY,
    model_name       text NOT NULL,
    model_version    text,
    input            text NOT NULL,
    output           text NOT NULL,
    confidence       double precision NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    metadata         text NOT NULL DEFAULT '{}',
    created_at       timestamptz NOT NULL,
    received_at      timestamptz NOT NULL,
    needs_review     boolean NOT NULL,
    review_state     text NOT NULL CHECK (review_state IN ('pending', 'reviewed', 'not_needed')),
    lease_owner      uuid REFERENCES users(id),
    lease_expires_at timestamptz
);
CREATE INDEX model_outputs_queue ON model_outputs (created_at, confidence) WHERE review_state = 'pending';
CREATE INDEX model_outputs_lease_owner ON model_outputs (lease_owner) WHERE lease_owner IS NOT NULL;
CREATE INDEX model_outputs_created ON model_outputs (created_at);

CREATE SEQUENCE feedback_change_seq;

-- The seed's table: model_output_id, reviewer_id, approval, correction, comment, created_at,
-- plus what API v1 adds.
CREATE TABLE feedback (
    seq              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id               uuid NOT NULL UNIQUE,
    model_output_id  uuid NOT NULL REFERENCES model_outputs(id),
    reviewer_id      uuid NOT NULL REFERENCES users(id),
    approval         boolean NOT NULL,
    correction       text NOT NULL DEFAULT '',
    comment          text NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL,
    decided_at       timestamptz NOT NULL,
    received_at      timestamptz NOT NULL,
    dwell_ms         bigint,
    idempotency_key  uuid UNIQUE,
    retracted_at     timestamptz,
    change_seq       bigint NOT NULL
);
-- at most one live (unretracted) decision per output
CREATE UNIQUE INDEX feedback_one_live ON feedback (model_output_id) WHERE retracted_at IS NULL;
CREATE INDEX feedback_reviewer ON feedback (reviewer_id);
CREATE INDEX feedback_by_change ON feedback (change_seq);
CREATE INDEX feedback_decided ON feedback (decided_at);

CREATE TABLE idempotency_keys (
    key           uuid PRIMARY KEY,
    reviewer_id   uuid NOT NULL,
    request_hash  text NOT NULL,
    status_code   integer NOT NULL,
    response      text NOT NULL,
    created_at    timestamptz NOT NULL
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
