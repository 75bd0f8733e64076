import type { Database } from 'better-sqlite3';
import { CounterpartError } from '../../errors.js';
import type { RecordRef } from '../../model/index.js';

export type WorkflowRunState =
  | 'running'
  | 'waiting'
  | 'awaiting_approval'
  | 'failed'
  | 'succeeded'
  | 'rejected'
  | 'cancelled';
export type WorkflowStepState = 'running' | 'succeeded' | 'failed' | 'waiting' | 'awaiting_approval' | 'rejected';
export type WorkflowTriggerKind = 'record' | 'schedule' | 'manual';

export interface RunError {
  readonly code: string;
  readonly message: string;
}

/** A record a run found or created, standing for a source record on the other side (for mapping references). */
export interface RunLink {
  /** The source record's entity. */
  readonly entity: string;
  readonly source: RecordRef;
  readonly target: RecordRef;
  /** The target record's entity when it differs (an order invoiced): such a link is history, not a counterpart. */
  readonly targetEntity?: string | undefined;
}

export interface WorkflowRunRecord {
  readonly id: string;
  readonly workflowId: string;
  readonly workflowVersion: number;
  readonly state: WorkflowRunState;
  readonly triggeredBy: WorkflowTriggerKind;
  readonly triggerKey: string | null;
  readonly record: RecordRef | null;
  /** The canonical record that started the run, as it was read. */
  readonly trigger: unknown;
  readonly currentStepId: string | null;
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly links: readonly RunLink[];
  readonly wakeAt: string | null;
  readonly error: RunError | null;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
}

export interface ApprovalDecisionRecord {
  readonly approved: boolean;
  readonly decidedBy: string;
  readonly comment: string;
  readonly decidedAt: string;
}

export interface StepLogRecord {
  readonly runId: string;
  readonly stepId: string;
  readonly attempt: number;
  readonly kind: string;
  readonly label: string | null;
  readonly state: WorkflowStepState;
  readonly input: unknown;
  readonly output: unknown;
  readonly error: RunError | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly decision: ApprovalDecisionRecord | null;
}

export interface NewWorkflowRun {
  readonly id: string;
  readonly workflowId: string;
  readonly workflowVersion: number;
  readonly triggeredBy: WorkflowTriggerKind;
  readonly triggerKey: string | null;
  readonly record: RecordRef | null;
  readonly trigger: unknown;
  readonly startStepId: string;
}

/** What changes on a run when a step ends (or pauses): written with the step's log entry in one transaction. */
export interface RunProgress {
  readonly state: WorkflowRunState;
  readonly currentStepId: string | null;
  readonly outputs?: Readonly<Record<string, unknown>> | undefined;
  readonly links?: readonly RunLink[] | undefined;
  readonly wakeAt?: string | null | undefined;
  readonly error?: RunError | null | undefined;
}

export interface StepOutcome {
  readonly state: WorkflowStepState;
  readonly output?: unknown;
  readonly error?: RunError | null | undefined;
  readonly decision?: ApprovalDecisionRecord | undefined;
}

interface RunRow {
  id: string;
  workflow_id: string;
  workflow_version: number;
  state: WorkflowRunState;
  triggered_by: WorkflowTriggerKind;
  trigger_key: string | null;
  record_json: string | null;
  trigger_json: string | null;
  current_step_id: string | null;
  outputs_json: string;
  links_json: string;
  wake_at: string | null;
  error_code: string | null;
  error_message: string | null;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
}

interface StepRow {
  run_id: string;
  step_id: string;
  attempt: number;
  kind: string;
  label: string | null;
  state: WorkflowStepState;
  input_json: string | null;
  output_json: string | null;
  error_code: string | null;
  error_message: string | null;
  started_at: string;
  finished_at: string | null;
  decided_by: string | null;
  decision: 'approved' | 'rejected' | null;
  decision_comment: string | null;
  decided_at: string | null;
}

const FINISHED: readonly WorkflowRunState[] = ['failed', 'succeeded', 'rejected', 'cancelled'];
const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
const parsed = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

function errorOf(code: string | null, message: string | null): RunError | null {
  return code === null ? null : { code, message: message ?? '' };
}

function runOf(row: RunRow): WorkflowRunRecord {
  return {
    id: row.id,
    workflowId: row.workflow_id,
    workflowVersion: row.workflow_version,
    state: row.state,
    triggeredBy: row.triggered_by,
    triggerKey: row.trigger_key,
    record: parsed(row.record_json) as RecordRef | null,
    trigger: parsed(row.trigger_json),
    currentStepId: row.current_step_id,
    outputs: JSON.parse(row.outputs_json) as Record<string, unknown>,
    links: JSON.parse(row.links_json) as RunLink[],
    wakeAt: row.wake_at,
    error: errorOf(row.error_code, row.error_message),
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

function stepOf(row: StepRow): StepLogRecord {
  return {
    runId: row.run_id,
    stepId: row.step_id,
    attempt: row.attempt,
    kind: row.kind,
    label: row.label,
    state: row.state,
    input: parsed(row.input_json),
    output: parsed(row.output_json),
    error: errorOf(row.error_code, row.error_message),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    decision:
      row.decision === null
        ? null
        : {
            approved: row.decision === 'approved',
            decidedBy: row.decided_by ?? '',
            comment: row.decision_comment ?? '',
            decidedAt: row.decided_at ?? row.started_at,
          },
  };
}

/**
 * Workflow runs and their step logs. Every change of a run goes with the log entry that explains it, in one
 * transaction: after a crash the run's current step and the log agree, which is what resuming relies on.
 */
export class WorkflowRunRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Starts a run; when its trigger key already started one, returns that run and `created: false`. */
  create(run: NewWorkflowRun): { run: WorkflowRunRecord; created: boolean } {
    const at = this.now().toISOString();
    const result = this.db
      .prepare(
        `INSERT INTO workflow_runs (id, workflow_id, workflow_version, state, triggered_by, trigger_key, record_json,
           trigger_json, current_step_id, started_at, updated_at)
         VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(
        run.id,
        run.workflowId,
        run.workflowVersion,
        run.triggeredBy,
        run.triggerKey,
        json(run.record),
        json(run.trigger),
        run.startStepId,
        at,
        at,
      );
    if (result.changes === 1) return { run: this.require(run.id), created: true };
    const existing = this.db
      .prepare('SELECT * FROM workflow_runs WHERE workflow_id = ? AND trigger_key = ?')
      .get(run.workflowId, run.triggerKey) as RunRow | undefined;
    if (!existing) return { run: this.require(run.id), created: false };
    return { run: runOf(existing), created: false };
  }

  get(id: string): WorkflowRunRecord | undefined {
    const row = this.db.prepare('SELECT * FROM workflow_runs WHERE id = ?').get(id) as RunRow | undefined;
    return row && runOf(row);
  }

  require(id: string): WorkflowRunRecord {
    const run = this.get(id);
    if (!run) throw new CounterpartError('workflows.run_not_found', `There is no workflow run ${id}.`, { run: id });
    return run;
  }

  list(options: {
    workflowId?: string | undefined;
    state?: WorkflowRunState | undefined;
    limit?: number;
  }): WorkflowRunRecord[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM workflow_runs WHERE (@workflowId IS NULL OR workflow_id = @workflowId)
           AND (@state IS NULL OR state = @state) ORDER BY started_at DESC, rowid DESC LIMIT @limit`,
      )
      .all({ workflowId: options.workflowId ?? null, state: options.state ?? null, limit: options.limit ?? 100 });
    return (rows as RunRow[]).map(runOf);
  }

  /** Runs to work on now: those running (a crash may have stopped them) and waits whose time has come. */
  due(at: string): WorkflowRunRecord[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM workflow_runs WHERE state = 'running' OR (state = 'waiting' AND wake_at <= ?)
         ORDER BY started_at, rowid`,
      )
      .all(at) as RunRow[];
    return rows.map(runOf);
  }

  openCount(workflowId: string): number {
    const row = this.db
      .prepare(
        "SELECT count(*) AS n FROM workflow_runs WHERE workflow_id = ? AND state IN ('running', 'waiting', 'awaiting_approval')",
      )
      .get(workflowId) as { n: number };
    return row.n;
  }

  steps(runId: string): StepLogRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM workflow_run_steps WHERE run_id = ? ORDER BY started_at, rowid')
      .all(runId) as StepRow[];
    return rows.map(stepOf);
  }

  latestAttempt(runId: string, stepId: string): StepLogRecord | undefined {
    const row = this.db
      .prepare('SELECT * FROM workflow_run_steps WHERE run_id = ? AND step_id = ? ORDER BY attempt DESC LIMIT 1')
      .get(runId, stepId) as StepRow | undefined;
    return row && stepOf(row);
  }

  /**
   * Notes that a step starts: a new attempt after a failure, or the same attempt again when the last one was left
   * running (a crash) or is waiting. Returns the attempt number.
   */
  beginStep(runId: string, step: { id: string; kind: string; label?: string | undefined }, input: unknown): number {
    return this.db.transaction(() => {
      const last = this.latestAttempt(runId, step.id);
      const at = this.now().toISOString();
      if (last && (last.state === 'running' || last.state === 'waiting' || last.state === 'awaiting_approval')) {
        this.db
          .prepare('UPDATE workflow_run_steps SET input_json = ? WHERE run_id = ? AND step_id = ? AND attempt = ?')
          .run(json(input), runId, step.id, last.attempt);
        return last.attempt;
      }
      const attempt = (last?.attempt ?? 0) + 1;
      this.db
        .prepare(
          `INSERT INTO workflow_run_steps (run_id, step_id, attempt, kind, label, state, input_json, started_at)
           VALUES (?, ?, ?, ?, ?, 'running', ?, ?)`,
        )
        .run(runId, step.id, attempt, step.kind, step.label ?? null, json(input), at);
      this.touch(runId, { state: 'running', currentStepId: step.id });
      return attempt;
    })();
  }

  /** Records how a step attempt ended (or paused) and moves the run on, atomically. */
  record(
    runId: string,
    stepId: string,
    attempt: number,
    outcome: StepOutcome,
    progress: RunProgress,
  ): WorkflowRunRecord {
    this.db.transaction(() => {
      const finished = outcome.state === 'waiting' || outcome.state === 'awaiting_approval' ? null : this.stamp();
      const decision = outcome.decision;
      this.db
        .prepare(
          `UPDATE workflow_run_steps SET state = ?, output_json = ?, error_code = ?, error_message = ?, finished_at = ?,
             decided_by = coalesce(?, decided_by), decision = coalesce(?, decision),
             decision_comment = coalesce(?, decision_comment), decided_at = coalesce(?, decided_at)
           WHERE run_id = ? AND step_id = ? AND attempt = ?`,
        )
        .run(
          outcome.state,
          json(outcome.output),
          outcome.error?.code ?? null,
          outcome.error?.message ?? null,
          finished,
          decision?.decidedBy ?? null,
          decision === undefined ? null : decision.approved ? 'approved' : 'rejected',
          decision?.comment ?? null,
          decision?.decidedAt ?? null,
          runId,
          stepId,
          attempt,
        );
      this.touch(runId, progress);
    })();
    return this.require(runId);
  }

  /** Changes a run without a step (cancelling it, a failure before any step could start). */
  touch(runId: string, progress: RunProgress): void {
    const at = this.stamp();
    const current = this.require(runId);
    const error = progress.error === undefined ? current.error : progress.error;
    this.db
      .prepare(
        `UPDATE workflow_runs SET state = ?, current_step_id = ?, outputs_json = ?, links_json = ?, wake_at = ?,
           error_code = ?, error_message = ?, updated_at = ?, finished_at = ? WHERE id = ?`,
      )
      .run(
        progress.state,
        progress.currentStepId,
        JSON.stringify(progress.outputs ?? current.outputs),
        JSON.stringify(progress.links ?? current.links),
        progress.wakeAt === undefined ? current.wakeAt : progress.wakeAt,
        error?.code ?? null,
        error?.message ?? null,
        at,
        FINISHED.includes(progress.state) ? at : null,
        runId,
      );
  }

  private stamp(): string {
    return this.now().toISOString();
  }
}
