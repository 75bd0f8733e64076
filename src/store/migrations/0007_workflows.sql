-- Workflows: versioned definitions per workspace, and their runs with a step-by-step log. A run's state is written
-- after every step in one transaction with its log entry, so a run read back after a crash resumes at the step it
-- had reached; a step that wrote something is repeated only through the sync engine's idempotency key.

-- Every saved version of a workflow definition; the newest is the one edited and run by new triggers.
CREATE TABLE workflow_definitions (
  workflow_id     TEXT NOT NULL,
  version         INTEGER NOT NULL CHECK (version > 0),
  name            TEXT NOT NULL,
  definition_json TEXT NOT NULL,
  saved_by        TEXT NOT NULL,
  saved_at        TEXT NOT NULL,
  PRIMARY KEY (workflow_id, version)
) STRICT;

-- Whether a workflow's trigger starts runs, and since when (a record created before it was enabled is not an event).
CREATE TABLE workflow_states (
  workflow_id   TEXT PRIMARY KEY,
  enabled       INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  enabled_at    TEXT,
  last_fired_at TEXT
) STRICT;

-- One run of one version. `trigger_key` makes an event start one run only: the same record reaching the same value,
-- or the same version of a record, read again after a restart finds the run it already started.
CREATE TABLE workflow_runs (
  id                TEXT PRIMARY KEY,
  workflow_id       TEXT NOT NULL,
  workflow_version  INTEGER NOT NULL,
  state             TEXT NOT NULL
                    CHECK (state IN ('running', 'waiting', 'awaiting_approval', 'failed', 'succeeded', 'rejected', 'cancelled')),
  triggered_by      TEXT NOT NULL CHECK (triggered_by IN ('record', 'schedule', 'manual')),
  trigger_key       TEXT,
  record_json       TEXT,
  trigger_json      TEXT,
  current_step_id   TEXT,
  -- Outputs of the steps done so far, by step id: what later steps' expressions read.
  outputs_json      TEXT NOT NULL DEFAULT '{}',
  -- Records found or created by this run, linked to the source records they stand for (for mapping references).
  links_json        TEXT NOT NULL DEFAULT '[]',
  wake_at           TEXT,
  error_code        TEXT,
  error_message     TEXT,
  started_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  finished_at       TEXT,
  FOREIGN KEY (workflow_id, workflow_version) REFERENCES workflow_definitions (workflow_id, version)
) STRICT;

CREATE UNIQUE INDEX workflow_runs_trigger ON workflow_runs (workflow_id, trigger_key) WHERE trigger_key IS NOT NULL;
CREATE INDEX workflow_runs_state ON workflow_runs (state, wake_at);
CREATE INDEX workflow_runs_started ON workflow_runs (workflow_id, started_at);

-- The step log: one row per attempt of a step, with what it was given, what it produced and why it failed.
CREATE TABLE workflow_run_steps (
  run_id          TEXT NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
  step_id         TEXT NOT NULL,
  attempt         INTEGER NOT NULL CHECK (attempt > 0),
  kind            TEXT NOT NULL,
  label           TEXT,
  state           TEXT NOT NULL
                  CHECK (state IN ('running', 'succeeded', 'failed', 'waiting', 'awaiting_approval', 'rejected')),
  input_json      TEXT,
  output_json     TEXT,
  error_code      TEXT,
  error_message   TEXT,
  started_at      TEXT NOT NULL,
  finished_at     TEXT,
  decided_by      TEXT,
  decision        TEXT CHECK (decision IN ('approved', 'rejected')),
  decision_comment TEXT,
  decided_at      TEXT,
  PRIMARY KEY (run_id, step_id, attempt)
) STRICT;
