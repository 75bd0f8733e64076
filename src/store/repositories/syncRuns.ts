import type { Database } from 'better-sqlite3';

export interface RunFigures {
  readonly read: number;
  readonly written: number;
  readonly skipped: number;
  readonly failed: number;
  readonly conflicts: number;
  readonly apiCalls: number;
}

export type RunStatus = 'running' | 'succeeded' | 'partly_failed' | 'failed' | 'cancelled' | 'interrupted';

export interface RunRecord {
  readonly id: string;
  readonly pairId: string;
  readonly trigger: string;
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly durationMs: number | null;
  readonly entities: readonly string[];
  readonly totals: RunFigures;
  readonly byFlow: Readonly<Record<string, RunFigures>>;
  readonly error: string | null;
}

interface Row {
  id: string;
  pair_id: string;
  trigger: string;
  status: RunStatus;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  entities_json: string;
  totals_json: string;
  by_flow_json: string;
  error: string | null;
}

export const NO_FIGURES: RunFigures = { read: 0, written: 0, skipped: 0, failed: 0, conflicts: 0, apiCalls: 0 };

/** Sync runs with their figures; a run still `running` when the engine starts again was interrupted by a crash. */
export class SyncRunRepository {
  constructor(private readonly db: Database) {}

  start(run: { id: string; pairId: string; trigger: string; startedAt: string; entities: readonly string[] }): void {
    this.db
      .prepare(
        `INSERT INTO sync_runs (id, pair_id, trigger, status, started_at, entities_json, totals_json, by_flow_json)
         VALUES (?, ?, ?, 'running', ?, ?, ?, '{}')`,
      )
      .run(run.id, run.pairId, run.trigger, run.startedAt, JSON.stringify(run.entities), JSON.stringify(NO_FIGURES));
  }

  /** Saves the figures so far, so a crash leaves the run's progress behind. */
  progress(id: string, totals: RunFigures, byFlow: Readonly<Record<string, RunFigures>>): void {
    this.db
      .prepare('UPDATE sync_runs SET totals_json = ?, by_flow_json = ? WHERE id = ?')
      .run(JSON.stringify(totals), JSON.stringify(byFlow), id);
  }

  finish(
    id: string,
    end: {
      status: RunStatus;
      finishedAt: string;
      durationMs: number;
      totals: RunFigures;
      byFlow: Readonly<Record<string, RunFigures>>;
      error: string | null;
    },
  ): RunRecord {
    this.db
      .prepare(
        `UPDATE sync_runs SET status = ?, finished_at = ?, duration_ms = ?, totals_json = ?, by_flow_json = ?, error = ?
         WHERE id = ?`,
      )
      .run(
        end.status,
        end.finishedAt,
        end.durationMs,
        JSON.stringify(end.totals),
        JSON.stringify(end.byFlow),
        end.error,
        id,
      );
    return this.get(id) as RunRecord;
  }

  /** Marks runs left `running` by a process that died; returns them. */
  markInterrupted(at: string): RunRecord[] {
    const rows = this.db.prepare("SELECT * FROM sync_runs WHERE status = 'running'").all() as Row[];
    this.db
      .prepare(
        "UPDATE sync_runs SET status = 'interrupted', finished_at = ?, error = 'The run stopped unexpectedly (Counterpart was closed or crashed); its unsent writes are sent first by the next run.' WHERE status = 'running'",
      )
      .run(at);
    return rows.map((row) => fromRow({ ...row, status: 'interrupted' }));
  }

  get(id: string): RunRecord | undefined {
    const row = this.db.prepare('SELECT * FROM sync_runs WHERE id = ?').get(id) as Row | undefined;
    return row && fromRow(row);
  }

  list(filter: { pairId?: string | undefined; limit?: number | undefined } = {}): RunRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM sync_runs WHERE (? IS NULL OR pair_id = ?) ORDER BY started_at DESC, rowid DESC LIMIT ?')
      .all(filter.pairId ?? null, filter.pairId ?? null, filter.limit ?? 50) as Row[];
    return rows.map(fromRow);
  }
}

function fromRow(row: Row): RunRecord {
  return {
    id: row.id,
    pairId: row.pair_id,
    trigger: row.trigger,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
    entities: JSON.parse(row.entities_json) as string[],
    totals: JSON.parse(row.totals_json) as RunFigures,
    byFlow: JSON.parse(row.by_flow_json) as Record<string, RunFigures>,
    error: row.error,
  };
}
