-- Failed sign-ins, shared by all worker processes (rate limiting).
CREATE TABLE login_failures (
    key  text NOT NULL,
    at   timestamptz NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures (key, at);
