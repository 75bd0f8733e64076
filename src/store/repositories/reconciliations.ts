import type { Database, Statement } from 'better-sqlite3';
import { CounterpartError } from '../../errors.js';
import type { SystemName } from '../../model/recordRef.js';
import type { ReconEntityName } from '../../recon/casework/entities.js';
import { ReconCorrectionRepository } from './reconCorrections.js';
import { ReconDecisionRepository } from './reconDecisions.js';
import { ReconMatchRepository } from './reconMatches.js';
import { ReconRecordRepository } from './reconRecords.js';
import { ReconRowRepository } from './reconRows.js';
import { ReconSignOffRepository } from './reconSignOffs.js';

export type ReconciliationStatus = 'running' | 'ready' | 'failed' | 'cancelled' | 'signed_off';
export type ReconSide = 'left' | 'right';

export interface StoredSide {
  readonly kind: 'connection' | 'file';
  readonly label: string;
  readonly connectionId: string | null;
  readonly system: SystemName | null;
}

export interface ReconciliationRecord {
  readonly id: string;
  readonly entity: ReconEntityName;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly left: StoredSide;
  readonly right: StoredSide;
  readonly sidesKey: string;
  readonly status: ReconciliationStatus;
  readonly problem: string | null;
  readonly startedBy: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** The engine's summary as produced (JSON text parsed by the caller that knows its shape). */
  readonly summaryJson: string | null;
  readonly weightsJson: string | null;
  readonly issuesJson: string;
  readonly carriedFrom: string | null;
}

export interface NewReconciliationRecord {
  readonly id: string;
  readonly entity: ReconEntityName;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly left: StoredSide;
  readonly right: StoredSide;
  readonly sidesKey: string;
  readonly startedBy: string;
  readonly startedAt: string;
}

interface ReconciliationRow {
  id: string;
  entity: ReconEntityName;
  period_start: string;
  period_end: string;
  left_kind: 'connection' | 'file';
  left_label: string;
  left_connection_id: string | null;
  left_system: SystemName | null;
  right_kind: 'connection' | 'file';
  right_label: string;
  right_connection_id: string | null;
  right_system: SystemName | null;
  sides_key: string;
  status: ReconciliationStatus;
  problem: string | null;
  started_by: string;
  started_at: string;
  finished_at: string | null;
  summary_json: string | null;
  weights_json: string | null;
  issues_json: string;
  carried_from: string | null;
}

/** Reconciliation headers: what was reconciled, for which period, how the run went, and whether it is locked. */
export class ReconciliationRepository {
  constructor(private readonly db: Database) {}

  create(input: NewReconciliationRecord): ReconciliationRecord {
    this.db
      .prepare(
        `INSERT INTO reconciliations (id, entity, period_start, period_end, left_kind, left_label, left_connection_id,
           left_system, right_kind, right_label, right_connection_id, right_system, sides_key, status, started_by,
           started_at)
         VALUES (@id, @entity, @periodStart, @periodEnd, @leftKind, @leftLabel, @leftConnectionId, @leftSystem,
           @rightKind, @rightLabel, @rightConnectionId, @rightSystem, @sidesKey, 'running', @startedBy, @startedAt)`,
      )
      .run({
        id: input.id,
        entity: input.entity,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        ...sideParameters('left', input.left),
        ...sideParameters('right', input.right),
        sidesKey: input.sidesKey,
        startedBy: input.startedBy,
        startedAt: input.startedAt,
      });
    return this.require(input.id);
  }

  get(id: string): ReconciliationRecord | undefined {
    const row = this.db.prepare('SELECT * FROM reconciliations WHERE id = ?').get(id) as ReconciliationRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  require(id: string): ReconciliationRecord {
    const found = this.get(id);
    if (!found) {
      throw new CounterpartError('recon.unknown_reconciliation', `There is no reconciliation "${id}".`, {
        reconciliationId: id,
      });
    }
    return found;
  }

  list(filter: { status?: ReconciliationStatus | undefined; entity?: ReconEntityName | undefined } = {}) {
    const rows = this.db
      .prepare(
        `SELECT * FROM reconciliations
         WHERE (@status IS NULL OR status = @status) AND (@entity IS NULL OR entity = @entity)
         ORDER BY started_at DESC, id`,
      )
      .all({ status: filter.status ?? null, entity: filter.entity ?? null }) as ReconciliationRow[];
    return rows.map(toRecord);
  }

  /** The latest signed-off reconciliation of the same sides and entity that ended before `before`. */
  previousSignedOff(sidesKey: string, entity: ReconEntityName, before: string): ReconciliationRecord | undefined {
    const row = this.db
      .prepare(
        `SELECT * FROM reconciliations
         WHERE sides_key = ? AND entity = ? AND status = 'signed_off' AND period_end < ?
         ORDER BY period_end DESC LIMIT 1`,
      )
      .get(sidesKey, entity, before) as ReconciliationRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** Records the engine's result of a finished run. */
  finish(
    id: string,
    result: { summaryJson: string; weightsJson: string | null; issuesJson: string; carriedFrom: string | null },
  ): void {
    this.db
      .prepare(
        `UPDATE reconciliations SET status = 'ready', finished_at = ?, summary_json = ?, weights_json = ?,
           issues_json = ?, carried_from = ?
         WHERE id = ? AND status = 'running'`,
      )
      .run(new Date().toISOString(), result.summaryJson, result.weightsJson, result.issuesJson, result.carriedFrom, id);
  }

  /** A run that ended without a result: failed (with the reason) or cancelled by a person. */
  stop(id: string, status: 'failed' | 'cancelled', problem: string): void {
    this.db
      .prepare(
        `UPDATE reconciliations SET status = ?, problem = ?, finished_at = ? WHERE id = ? AND status = 'running'`,
      )
      .run(status, problem, new Date().toISOString(), id);
  }

  markSignedOff(id: string): void {
    this.db.prepare(`UPDATE reconciliations SET status = 'signed_off' WHERE id = ? AND status = 'ready'`).run(id);
  }

  /** Runs left "running" by a console that stopped mid-run can never finish: they are marked failed at start-up. */
  failInterrupted(): number {
    return this.db
      .prepare(
        `UPDATE reconciliations SET status = 'failed', finished_at = ?,
           problem = 'The console stopped before this reconciliation finished; start it again.'
         WHERE status = 'running'`,
      )
      .run(new Date().toISOString()).changes;
  }
}

function sideParameters(prefix: ReconSide, side: StoredSide) {
  return {
    [`${prefix}Kind`]: side.kind,
    [`${prefix}Label`]: side.label,
    [`${prefix}ConnectionId`]: side.connectionId,
    [`${prefix}System`]: side.system,
  };
}

function toRecord(row: ReconciliationRow): ReconciliationRecord {
  return {
    id: row.id,
    entity: row.entity,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    left: { kind: row.left_kind, label: row.left_label, connectionId: row.left_connection_id, system: row.left_system },
    right: {
      kind: row.right_kind,
      label: row.right_label,
      connectionId: row.right_connection_id,
      system: row.right_system,
    },
    sidesKey: row.sides_key,
    status: row.status,
    problem: row.problem,
    startedBy: row.started_by,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    summaryJson: row.summary_json,
    weightsJson: row.weights_json,
    issuesJson: row.issues_json,
    carriedFrom: row.carried_from,
  };
}

/** Everything the reconciliation console keeps, one repository per concern, over the workspace database. */
export class ReconciliationStore {
  readonly headers: ReconciliationRepository;
  readonly records: ReconRecordRepository;
  readonly matches: ReconMatchRepository;
  readonly rows: ReconRowRepository;
  readonly decisions: ReconDecisionRepository;
  readonly corrections: ReconCorrectionRepository;
  readonly signOffs: ReconSignOffRepository;

  constructor(db: Database) {
    this.headers = new ReconciliationRepository(db);
    this.records = new ReconRecordRepository(db);
    this.matches = new ReconMatchRepository(db);
    this.rows = new ReconRowRepository(db);
    this.decisions = new ReconDecisionRepository(db);
    this.corrections = new ReconCorrectionRepository(db);
    this.signOffs = new ReconSignOffRepository(db);
  }
}

/**
 * Prepared statements reused across calls: a run stores 100,000s of rows one statement at a time, and compiling
 * the SQL for each would cost more than the inserts.
 */
export function statementCache(db: Database): (sql: string) => Statement {
  const cache = new Map<string, Statement>();
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}
