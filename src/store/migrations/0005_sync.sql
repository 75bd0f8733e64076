-- The sync engine: pairs of connections, cross-references and golden records, snapshots of source records, the
-- outbox with its batches, dead letters, conflicts and runs. Every state the engine needs after a crash lives here.

-- Two connections kept in step by one mapping document. One pair per (accounting, ERP) couple: a second pair over the
-- same connections would write every record twice.
CREATE TABLE sync_pairs (
  id                       TEXT PRIMARY KEY,
  accounting_connection_id TEXT    NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  erp_connection_id        TEXT    NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  label                    TEXT    NOT NULL,
  mapping_id               TEXT    NOT NULL,
  mapping_version          INTEGER NOT NULL,
  enabled                  INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_at               TEXT    NOT NULL,
  UNIQUE (accounting_connection_id, erp_connection_id)
) STRICT;

-- Flows whose target records have been read once to link existing records by business key: linking happens before
-- the first create, and only once, so a later run does not pay for a full read of the target again.
CREATE TABLE sync_seeded_flows (
  pair_id   TEXT NOT NULL REFERENCES sync_pairs (id) ON DELETE CASCADE,
  flow_id   TEXT NOT NULL,
  seeded_at TEXT NOT NULL,
  PRIMARY KEY (pair_id, flow_id)
) STRICT, WITHOUT ROWID;

-- One link between a record of the accounting system and its counterpart in the ERP. The version and content hash
-- of each side are those of the last sync, so a later read can tell a real change from an echo of our own write.
CREATE TABLE cross_references (
  id                 INTEGER PRIMARY KEY,
  pair_id            TEXT NOT NULL REFERENCES sync_pairs (id) ON DELETE CASCADE,
  accounting_entity  TEXT NOT NULL,
  accounting_id      TEXT NOT NULL,
  accounting_number  TEXT,
  accounting_version TEXT,
  accounting_hash    TEXT,
  erp_entity         TEXT NOT NULL,
  erp_id             TEXT NOT NULL,
  erp_number         TEXT,
  erp_version        TEXT,
  erp_hash           TEXT,
  -- 'business_key' when the first sync found both records existing, 'write' when the engine created one of them.
  linked_by          TEXT NOT NULL CHECK (linked_by IN ('business_key', 'write', 'user')),
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  UNIQUE (pair_id, accounting_entity, accounting_id),
  UNIQUE (pair_id, erp_entity, erp_id)
) STRICT;

-- Master data merged from both sides: the values agreed at the last sync, each side's content then (the baseline a
-- change is measured against, for conflict detection), and who owns each field.
CREATE TABLE golden_records (
  cross_reference_id INTEGER PRIMARY KEY REFERENCES cross_references (id) ON DELETE CASCADE,
  entity             TEXT NOT NULL,
  merged_json        TEXT NOT NULL,
  accounting_json    TEXT NOT NULL,
  erp_json           TEXT NOT NULL,
  owners_json        TEXT NOT NULL,
  updated_at         TEXT NOT NULL
) STRICT;

-- The last version read of each record, as canonical JSON (RFC 8785) with its hash: the sync engine's view of the
-- other side and the reconciliation console's input.
CREATE TABLE record_snapshots (
  connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  entity        TEXT NOT NULL,
  record_id     TEXT NOT NULL,
  record_number TEXT,
  version_key   TEXT NOT NULL,
  modified_at   TEXT NOT NULL,
  content_hash  TEXT NOT NULL,
  record_json   TEXT NOT NULL,
  read_at       TEXT NOT NULL,
  PRIMARY KEY (connection_id, entity, record_id)
) STRICT, WITHOUT ROWID;

-- A group of outbox entries sent in one call. Membership is stored before the call, so a batch sent again after a
-- crash is the same batch, in the same order (and so carries the same Xero Idempotency-Key).
CREATE TABLE outbox_batches (
  id            INTEGER PRIMARY KEY,
  connection_id TEXT    NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  entity        TEXT    NOT NULL,
  operation     TEXT    NOT NULL,
  state         TEXT    NOT NULL CHECK (state IN ('open', 'closed')),
  created_at    TEXT    NOT NULL,
  closed_at     TEXT
) STRICT;

-- Every intended write, inserted before it is sent. The idempotency key is derived from what is written (pair, flow,
-- source record, source version) and is UNIQUE, so re-reading a page or replaying a run never queues a write twice.
CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY,
  idempotency_key  TEXT    NOT NULL UNIQUE,
  pair_id          TEXT REFERENCES sync_pairs (id) ON DELETE CASCADE,
  flow_id          TEXT,
  run_id           TEXT,
  connection_id    TEXT    NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  entity           TEXT    NOT NULL,
  operation        TEXT    NOT NULL CHECK (operation IN ('create', 'update', 'upsert')),
  target_json      TEXT,
  payload_json     TEXT    NOT NULL,
  -- Top-level fields this write changes on the target (master-data updates), to rebase it onto a fresher target.
  fields_json      TEXT,
  source_system    TEXT,
  source_entity    TEXT,
  source_id        TEXT,
  source_number    TEXT,
  source_version   TEXT,
  source_json      TEXT,
  -- waiting: behind an older write of the same source record; held: stopped by a conflict; dead: dead-lettered.
  state            TEXT    NOT NULL CHECK (state IN ('pending', 'waiting', 'batched', 'done', 'dead', 'held')),
  batch_id         INTEGER REFERENCES outbox_batches (id),
  batch_position   INTEGER,
  attempts         INTEGER NOT NULL DEFAULT 0,
  not_before       TEXT,
  last_error       TEXT,
  result_json      TEXT,
  dead_letter_id   TEXT,
  actor            TEXT,
  reason           TEXT,
  created_at       TEXT    NOT NULL,
  updated_at       TEXT    NOT NULL
) STRICT;

CREATE INDEX outbox_open ON outbox (connection_id, entity, operation, state, id) WHERE state IN ('pending', 'batched');
CREATE INDEX outbox_by_source ON outbox (pair_id, flow_id, source_id, id);
CREATE INDEX outbox_by_batch ON outbox (batch_id, batch_position);

-- Writes a system refused for good, with what was sent and the system's words, until a person replays or resolves them.
CREATE TABLE dead_letters (
  id                   TEXT PRIMARY KEY,
  pair_id              TEXT,
  flow_id              TEXT    NOT NULL,
  entity               TEXT    NOT NULL,
  target_connection_id TEXT    NOT NULL,
  source_json          TEXT,
  payload_json         TEXT    NOT NULL,
  error_class          TEXT    NOT NULL,
  error_code           TEXT    NOT NULL,
  system_message       TEXT    NOT NULL,
  attempts             INTEGER NOT NULL,
  replays              INTEGER NOT NULL DEFAULT 0,
  state                TEXT    NOT NULL CHECK (state IN ('open', 'replayed', 'resolved')),
  outbox_id            INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
  created_at           TEXT    NOT NULL,
  resolved_by          TEXT,
  resolved_at          TEXT,
  note                 TEXT
) STRICT;

CREATE INDEX dead_letters_by_state ON dead_letters (state, pair_id, created_at);

-- Both sides changed the same field of a linked record: nothing is written for it until a person picks a side.
CREATE TABLE sync_conflicts (
  id                 TEXT PRIMARY KEY,
  pair_id            TEXT    NOT NULL REFERENCES sync_pairs (id) ON DELETE CASCADE,
  flow_id            TEXT    NOT NULL,
  entity             TEXT    NOT NULL,
  cross_reference_id INTEGER NOT NULL REFERENCES cross_references (id) ON DELETE CASCADE,
  accounting_json    TEXT    NOT NULL,
  erp_json           TEXT    NOT NULL,
  fields_json        TEXT    NOT NULL,
  state              TEXT    NOT NULL CHECK (state IN ('open', 'resolved')),
  detected_at        TEXT    NOT NULL,
  -- The side kept, and whether a run has since queued its values for the other side.
  kept               TEXT CHECK (kept IN ('accounting', 'erp')),
  applied            INTEGER NOT NULL DEFAULT 0 CHECK (applied IN (0, 1)),
  resolved_by        TEXT,
  resolved_at        TEXT
) STRICT;

CREATE INDEX sync_conflicts_open ON sync_conflicts (cross_reference_id, state);

CREATE TABLE sync_runs (
  id           TEXT PRIMARY KEY,
  pair_id      TEXT    NOT NULL REFERENCES sync_pairs (id) ON DELETE CASCADE,
  trigger      TEXT    NOT NULL,
  status       TEXT    NOT NULL CHECK (status IN ('running', 'succeeded', 'partly_failed', 'failed', 'cancelled', 'interrupted')),
  started_at   TEXT    NOT NULL,
  finished_at  TEXT,
  duration_ms  INTEGER,
  entities_json TEXT   NOT NULL,
  totals_json  TEXT    NOT NULL,
  by_flow_json TEXT    NOT NULL,
  error        TEXT
) STRICT;

CREATE INDEX sync_runs_recent ON sync_runs (pair_id, started_at DESC);
