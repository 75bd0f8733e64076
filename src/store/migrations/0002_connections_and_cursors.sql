-- Incremental reads: one cursor per connection and entity, and the record versions already processed near it.

-- The cursor is the newest last-modified stamp (the system's own, in UTC) of records a caller has acknowledged;
-- the next read asks for records modified since the cursor minus a look-back window.
CREATE TABLE read_cursors (
  connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  entity        TEXT NOT NULL,
  cursor_at     TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (connection_id, entity)
) STRICT;

-- The last version processed of each record read in the look-back window, so that re-reading the overlap (or
-- a page read again after a crash) is harmless while an update (a new version) still comes through. One row per
-- record; rows older than the window are pruned whenever the cursor moves, which keeps the table to the records
-- changed in the last look-back window.
CREATE TABLE seen_versions (
  connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  entity        TEXT NOT NULL,
  record_id     TEXT NOT NULL,
  version_key   TEXT NOT NULL,
  modified_at   TEXT NOT NULL,
  PRIMARY KEY (connection_id, entity, record_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX seen_versions_age ON seen_versions (connection_id, entity, modified_at);
