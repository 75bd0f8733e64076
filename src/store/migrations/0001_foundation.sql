-- Foundation: workspace settings, the hash-chained audit log, and connections (references to secrets, never secrets).

CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value_json TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- Append-only: every decision and every change made through the console API, chained by SHA-256 so that an edited or
-- deleted row is detected when the chain is verified.
CREATE TABLE audit_log (
  seq         INTEGER PRIMARY KEY,
  at          TEXT    NOT NULL,
  actor       TEXT    NOT NULL,
  action      TEXT    NOT NULL,
  subject     TEXT    NOT NULL,
  before_json TEXT,
  after_json  TEXT,
  comment     TEXT,
  prev_hash   TEXT    NOT NULL,
  hash        TEXT    NOT NULL UNIQUE
) STRICT;

CREATE INDEX audit_log_action ON audit_log (action, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TABLE connections (
  id            TEXT PRIMARY KEY,
  system        TEXT NOT NULL CHECK (system IN ('xero', 'kashflow', 'sagex3', 'salesforce')),
  name          TEXT NOT NULL UNIQUE,
  is_sandbox    INTEGER NOT NULL DEFAULT 0 CHECK (is_sandbox IN (0, 1)),
  -- Non-secret settings only (base URL, tenant id, folder, user name). Secrets live in the OS keychain under
  -- the account names listed in secret_refs_json.
  settings_json TEXT NOT NULL DEFAULT '{}',
  secret_refs_json TEXT NOT NULL DEFAULT '[]',
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
) STRICT;
