-- Monitoring: the API quota each connection's system last reported, the alert rules of the workspace and the alerts
-- they raised. Alerts are kept after they clear, so "what went wrong overnight" can be answered in the morning.

-- The newest quota figures a connector reported (statistics().remaining), one row per connection and window.
CREATE TABLE quota_samples (
  connection_id TEXT NOT NULL,
  quota_window  TEXT NOT NULL,
  remaining     INTEGER NOT NULL CHECK (remaining >= 0),
  sampled_at    TEXT NOT NULL,
  PRIMARY KEY (connection_id, quota_window)
) STRICT;

-- One rule per kind: whether it is on and its threshold (runs in a row, hours, days or percent by kind).
CREATE TABLE alert_rules (
  kind       TEXT PRIMARY KEY
             CHECK (kind IN ('sync_failures', 'dead_letter_age', 'token_expiry', 'daily_quota', 'unmatched_age')),
  enabled    INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  threshold  REAL NOT NULL CHECK (threshold > 0),
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- Alerts raised by the rules. One open alert per rule and subject (the pair, the connection …): evaluating again
-- while the condition holds does not raise it twice; it clears when the condition no longer holds.
CREATE TABLE alert_events (
  id              TEXT PRIMARY KEY,
  kind            TEXT NOT NULL,
  subject         TEXT NOT NULL,
  severity        TEXT NOT NULL CHECK (severity IN ('amber', 'red')),
  message         TEXT NOT NULL,
  raised_at       TEXT NOT NULL,
  cleared_at      TEXT,
  acknowledged_by TEXT,
  acknowledged_at TEXT
) STRICT;

CREATE UNIQUE INDEX alert_events_open ON alert_events (kind, subject) WHERE cleared_at IS NULL;
CREATE INDEX alert_events_raised ON alert_events (raised_at);
