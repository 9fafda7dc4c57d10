-- Accounts: a case-folded, NFKC-normalised key makes names unique (revA = reva); access tokens
-- issued before tokens_valid_after are refused (refresh-token reuse, disable, password reset).
ALTER TABLE users ADD COLUMN username_key text;
ALTER TABLE users ADD COLUMN tokens_valid_after timestamptz;
UPDATE users SET username_key = lower(username)
    WHERE lower(username) IN (SELECT lower(username) FROM users GROUP BY lower(username) HAVING COUNT(*) = 1);
UPDATE users SET username_key = username WHERE username_key IS NULL;
CREATE UNIQUE INDEX users_username_fold ON users (username_key);
