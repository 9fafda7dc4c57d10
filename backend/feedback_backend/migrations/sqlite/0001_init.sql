-- API v1 schema (SQLite). Times are TEXT 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (UTC, sortable).
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('reviewer', 'supervisor', 'ingest')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE refresh_tokens (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id),
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    revoked_at  TEXT
);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE model_outputs (
    id               TEXT PRIMARY KEY,
    model_name       TEXT NOT NULL,
    model_version    TEXT,
    input            TEXT NOT NULL,
    output           TEXT NOT NULL,
    confidence       REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    metadata         TEXT NOT NULL DEFAULT '{}',
    created_at       TEXT NOT NULL,
    received_at      TEXT NOT NULL,
    needs_review     INTEGER NOT NULL,
    review_state     TEXT NOT NULL CHECK (review_state IN ('pending', 'reviewed', 'not_needed')),
    lease_owner      TEXT REFERENCES users(id),
    lease_expires_at TEXT
);
CREATE INDEX model_outputs_queue ON model_outputs (created_at, confidence) WHERE review_state = 'pending';
CREATE INDEX model_outputs_lease_owner ON model_outputs (lease_owner) WHERE lease_owner IS NOT NULL;
CREATE INDEX model_outputs_created ON model_outputs (created_at);

CREATE TABLE feedback (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT NOT NULL UNIQUE,
    model_output_id  TEXT NOT NULL REFERENCES model_outputs(id),
    reviewer_id      TEXT NOT NULL REFERENCES users(id),
    approval         INTEGER NOT NULL,
    correction       TEXT NOT NULL DEFAULT '',
    comment          TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    decided_at       TEXT NOT NULL,
    received_at      TEXT NOT NULL,
    dwell_ms         INTEGER,
    idempotency_key  TEXT UNIQUE,
    retracted_at     TEXT,
    change_seq       INTEGER NOT NULL
);
CREATE UNIQUE INDEX feedback_one_live ON feedback (model_output_id) WHERE retracted_at IS NULL;
CREATE INDEX feedback_reviewer ON feedback (reviewer_id);
CREATE INDEX feedback_by_change ON feedback (change_seq);
CREATE INDEX feedback_decided ON feedback (decided_at);

CREATE TABLE idempotency_keys (
    key           TEXT PRIMARY KEY,
    reviewer_id   TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status_code   INTEGER NOT NULL,
    response      TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
