-- Each "Test connection" and each automatic check, so the Connections page and monitoring can show when a system
-- last answered and why it did not.
CREATE TABLE connection_checks (
  id            INTEGER PRIMARY KEY,
  connection_id TEXT    NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  at            TEXT    NOT NULL,
  ok            INTEGER NOT NULL CHECK (ok IN (0, 1)),
  -- Who the system says we are (company, org, user) when it answered.
  account       TEXT,
  error_code    TEXT,
  message       TEXT
) STRICT;

CREATE INDEX connection_checks_latest ON connection_checks (connection_id, at DESC);
