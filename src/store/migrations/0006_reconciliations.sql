-- The reconciliation console: reconciliations kept in the workspace with the records each side held, the engine's
-- result as it was produced, the grid rows built from it, and every decision, correction and sign-off made on them.
-- Reopening a reconciliation reads these tables; nothing is recomputed, so a signed-off period never changes.

-- One reconciliation of two sides for a period. Connection ids are kept without a foreign key on purpose: a
-- connection removed later must not take the history of the periods reconciled through it with it.
CREATE TABLE reconciliations (
  id                  TEXT PRIMARY KEY,
  entity              TEXT NOT NULL
                      CHECK (entity IN ('invoice', 'creditNote', 'payment', 'bankTransaction', 'party', 'product')),
  period_start        TEXT NOT NULL,
  period_end          TEXT NOT NULL CHECK (period_end >= period_start),
  left_kind           TEXT NOT NULL CHECK (left_kind IN ('connection', 'file')),
  left_label          TEXT NOT NULL,
  left_connection_id  TEXT,
  left_system         TEXT,
  right_kind          TEXT NOT NULL CHECK (right_kind IN ('connection', 'file')),
  right_label         TEXT NOT NULL,
  right_connection_id TEXT,
  right_system        TEXT,
  -- Who the two sides are, so the next period's reconciliation of the same pair finds this one to carry items from.
  sides_key           TEXT NOT NULL,
  status              TEXT NOT NULL CHECK (status IN ('running', 'ready', 'failed', 'cancelled', 'signed_off')),
  problem             TEXT,
  started_by          TEXT NOT NULL,
  started_at          TEXT NOT NULL,
  finished_at         TEXT,
  -- The engine's summary, estimated weights and the input rows it could not use, exactly as the run produced them.
  summary_json        TEXT,
  weights_json        TEXT,
  issues_json         TEXT NOT NULL DEFAULT '[]',
  -- The signed-off reconciliation whose unresolved items this one carried forward.
  carried_from        TEXT REFERENCES reconciliations (id)
) STRICT;

CREATE INDEX reconciliations_pair ON reconciliations (sides_key, entity, period_end);
CREATE INDEX reconciliations_started ON reconciliations (started_at);

-- Each record of each side as it was read: the canonical record (or the file row) and the flat values the grid
-- shows, so a past period opens with the values people decided on even after the systems changed.
CREATE TABLE recon_records (
  id                INTEGER PRIMARY KEY,
  reconciliation_id TEXT    NOT NULL REFERENCES reconciliations (id) ON DELETE CASCADE,
  side              TEXT    NOT NULL CHECK (side IN ('left', 'right')),
  record_key        TEXT    NOT NULL,
  ordinal           INTEGER NOT NULL,
  line              INTEGER NOT NULL,
  canonical_json    TEXT    NOT NULL,
  values_json       TEXT    NOT NULL,
  -- Set when the record came unresolved from an earlier signed-off reconciliation rather than from this read.
  carried_from      TEXT,
  read_at           TEXT    NOT NULL,
  UNIQUE (reconciliation_id, side, record_key)
) STRICT;

-- Counting each side's records, and those carried forward, without reading their JSON.
CREATE INDEX recon_records_carried ON recon_records (reconciliation_id, side, carried_from);

-- Matches: those the engine proposed (kept as proposed, with their evidence) and those people made by hand. A
-- decision changes `state`; the engine's own status and figures stay as they were.
CREATE TABLE recon_matches (
  id                INTEGER PRIMARY KEY,
  reconciliation_id TEXT    NOT NULL REFERENCES reconciliations (id) ON DELETE CASCADE,
  origin            TEXT    NOT NULL CHECK (origin IN ('engine', 'manual')),
  engine_status     TEXT    CHECK (engine_status IN ('auto', 'suggested')),
  state             TEXT    NOT NULL CHECK (state IN ('auto', 'suggested', 'accepted', 'manual', 'rejected')),
  pass              TEXT,
  confidence        REAL,
  left_keys_json    TEXT    NOT NULL,
  right_keys_json   TEXT    NOT NULL,
  evidence_json     TEXT    NOT NULL DEFAULT '[]',
  differences_json  TEXT    NOT NULL DEFAULT '[]',
  flags_json        TEXT    NOT NULL DEFAULT '[]',
  alternatives_json TEXT    NOT NULL DEFAULT '[]',
  created_at        TEXT    NOT NULL
) STRICT;

CREATE INDEX recon_matches_state ON recon_matches (reconciliation_id, state, confidence);

-- Anomaly flags as the engine raised them, and the records each concerns (for the grid's per-row flags).
CREATE TABLE recon_flags (
  id                INTEGER PRIMARY KEY,
  reconciliation_id TEXT    NOT NULL REFERENCES reconciliations (id) ON DELETE CASCADE,
  code              TEXT    NOT NULL,
  severity          TEXT    NOT NULL CHECK (severity IN ('info', 'warning', 'error')),
  score             REAL    NOT NULL,
  message           TEXT    NOT NULL,
  side              TEXT    NOT NULL CHECK (side IN ('left', 'right', 'both')),
  ids_json          TEXT    NOT NULL
) STRICT;

CREATE TABLE recon_flag_records (
  flag_id           INTEGER NOT NULL REFERENCES recon_flags (id) ON DELETE CASCADE,
  reconciliation_id TEXT    NOT NULL,
  side              TEXT    NOT NULL CHECK (side IN ('left', 'right')),
  record_key        TEXT    NOT NULL,
  PRIMARY KEY (reconciliation_id, side, record_key, flag_id)
) STRICT, WITHOUT ROWID;

-- The grid: one row per pair of records shown side by side, built from the matches and unmatched records and
-- rebuilt for a group only when a decision changes it. Sort values are the group's (its first row's), so sorting
-- by any of them keeps a one-to-many group's rows together; row_no orders rows within and between groups and is
-- spaced (groups start at multiples of 1024) so a split group's rows stay where the group was.
CREATE TABLE recon_rows (
  id                INTEGER PRIMARY KEY,
  reconciliation_id TEXT    NOT NULL REFERENCES reconciliations (id) ON DELETE CASCADE,
  row_key           TEXT    NOT NULL,
  row_no            INTEGER NOT NULL,
  group_id          TEXT    NOT NULL,
  match_id          INTEGER REFERENCES recon_matches (id),
  position          INTEGER NOT NULL,
  group_size        INTEGER NOT NULL,
  status            TEXT    NOT NULL CHECK (status IN ('auto', 'suggested', 'accepted', 'manual', 'unmatched')),
  confidence        REAL,
  left_key          TEXT,
  right_key         TEXT,
  has_differences   INTEGER NOT NULL CHECK (has_differences IN (0, 1)),
  explanation       TEXT,
  sort_key          TEXT    NOT NULL,
  sort_party        TEXT    NOT NULL,
  sort_date         TEXT    NOT NULL,
  sort_amount       INTEGER,
  sort_number       TEXT    NOT NULL,
  -- Lower-cased values of every record in the group, for search across both sides.
  search_text       TEXT    NOT NULL,
  UNIQUE (reconciliation_id, row_key),
  UNIQUE (reconciliation_id, row_no)
) STRICT;

-- Paging 100,000-row grids: every filter and sort the console offers walks one of these in order.
CREATE INDEX recon_rows_status ON recon_rows (reconciliation_id, status, row_no);
CREATE INDEX recon_rows_differences ON recon_rows (reconciliation_id, has_differences, row_no);
CREATE INDEX recon_rows_confidence ON recon_rows (reconciliation_id, confidence, row_no);
CREATE INDEX recon_rows_party ON recon_rows (reconciliation_id, sort_party, row_no);
CREATE INDEX recon_rows_date ON recon_rows (reconciliation_id, sort_date, row_no);
CREATE INDEX recon_rows_amount ON recon_rows (reconciliation_id, sort_amount, row_no);
CREATE INDEX recon_rows_number ON recon_rows (reconciliation_id, sort_number, row_no);
CREATE INDEX recon_rows_key ON recon_rows (reconciliation_id, sort_key, row_no);
CREATE INDEX recon_rows_left ON recon_rows (reconciliation_id, left_key);
CREATE INDEX recon_rows_right ON recon_rows (reconciliation_id, right_key);
CREATE INDEX recon_rows_group ON recon_rows (reconciliation_id, group_id);

-- Flag codes per row, for the grid's flag filter.
CREATE TABLE recon_row_flags (
  row_id            INTEGER NOT NULL REFERENCES recon_rows (id) ON DELETE CASCADE,
  reconciliation_id TEXT    NOT NULL,
  code              TEXT    NOT NULL,
  row_no            INTEGER NOT NULL,
  PRIMARY KEY (reconciliation_id, code, row_no, row_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX recon_row_flags_row ON recon_row_flags (row_id);

-- Every decision, with the audit-trail entry that records it (the audit trail is the proof; this is the index).
CREATE TABLE recon_decisions (
  id                TEXT    PRIMARY KEY,
  reconciliation_id TEXT    NOT NULL REFERENCES reconciliations (id) ON DELETE CASCADE,
  kind              TEXT    NOT NULL,
  actor             TEXT    NOT NULL,
  role              TEXT    NOT NULL CHECK (role IN ('preparer', 'approver')),
  at                TEXT    NOT NULL,
  row_keys_json     TEXT    NOT NULL,
  record_keys_json  TEXT    NOT NULL,
  before_json       TEXT,
  after_json        TEXT,
  comment           TEXT,
  audit_seq         INTEGER NOT NULL REFERENCES audit_log (seq)
) STRICT;

CREATE INDEX recon_decisions_reconciliation ON recon_decisions (reconciliation_id, at);

-- A proposed new value for one field of one side's record, its approval, and what the system said when it was
-- written through the sync outbox (the written record, or the dead letter it became).
CREATE TABLE recon_corrections (
  id                TEXT    PRIMARY KEY,
  reconciliation_id TEXT    NOT NULL REFERENCES reconciliations (id) ON DELETE CASCADE,
  row_key           TEXT    NOT NULL,
  side              TEXT    NOT NULL CHECK (side IN ('left', 'right')),
  record_key        TEXT    NOT NULL,
  field             TEXT    NOT NULL,
  current_value     TEXT,
  proposed_value    TEXT    NOT NULL,
  note              TEXT    NOT NULL,
  proposed_by       TEXT    NOT NULL,
  proposed_at       TEXT    NOT NULL,
  state             TEXT    NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
  decided_by        TEXT,
  decided_at        TEXT,
  decision_comment  TEXT,
  outcome_json      TEXT
) STRICT;

CREATE INDEX recon_corrections_state ON recon_corrections (state, reconciliation_id);
CREATE INDEX recon_corrections_record ON recon_corrections (reconciliation_id, side, record_key);

-- The sign-off that locks a reconciliation: one per reconciliation, never changed afterwards.
CREATE TABLE recon_sign_offs (
  reconciliation_id TEXT    PRIMARY KEY REFERENCES reconciliations (id),
  signed_by         TEXT    NOT NULL,
  signed_at         TEXT    NOT NULL,
  comment           TEXT    NOT NULL,
  unresolved        INTEGER NOT NULL,
  audit_seq         INTEGER NOT NULL REFERENCES audit_log (seq)
) STRICT;

CREATE TRIGGER recon_sign_offs_no_update BEFORE UPDATE ON recon_sign_offs
BEGIN
  SELECT RAISE(ABORT, 'a sign-off is never changed');
END;
