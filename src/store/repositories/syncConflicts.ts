import type { Database } from 'better-sqlite3';
import { CounterpartError } from '../../errors.js';

export interface ConflictField {
  readonly field: string;
  readonly accounting: unknown;
  readonly erp: unknown;
}

export interface ConflictRecord {
  readonly id: string;
  readonly pairId: string;
  readonly flowId: string;
  readonly entity: string;
  readonly crossReferenceId: number;
  readonly accounting: { readonly system: string; readonly id: string; readonly number?: string | undefined };
  readonly erp: { readonly system: string; readonly id: string; readonly number?: string | undefined };
  readonly fields: readonly ConflictField[];
  readonly state: 'open' | 'resolved';
  readonly detectedAt: string;
  readonly kept: 'accounting' | 'erp' | null;
  readonly applied: boolean;
  readonly resolvedBy: string | null;
  readonly resolvedAt: string | null;
}

export type NewConflict = Omit<
  ConflictRecord,
  'state' | 'detectedAt' | 'kept' | 'applied' | 'resolvedBy' | 'resolvedAt'
>;

interface Row {
  id: string;
  pair_id: string;
  flow_id: string;
  entity: string;
  cross_reference_id: number;
  accounting_json: string;
  erp_json: string;
  fields_json: string;
  state: 'open' | 'resolved';
  detected_at: string;
  kept: 'accounting' | 'erp' | null;
  applied: number;
  resolved_by: string | null;
  resolved_at: string | null;
}

/** Records whose same field both sides changed since the last sync; nothing is written for them until resolved. */
export class SyncConflictRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Records a conflict, or refreshes the open one of the same link (a link has at most one open conflict). */
  open(conflict: NewConflict): ConflictRecord {
    const existing = this.openFor(conflict.crossReferenceId);
    if (existing) {
      this.db
        .prepare('UPDATE sync_conflicts SET fields_json = ?, accounting_json = ?, erp_json = ? WHERE id = ?')
        .run(
          JSON.stringify(conflict.fields),
          JSON.stringify(conflict.accounting),
          JSON.stringify(conflict.erp),
          existing.id,
        );
      return this.require(existing.id);
    }
    this.db
      .prepare(
        `INSERT INTO sync_conflicts (id, pair_id, flow_id, entity, cross_reference_id, accounting_json, erp_json,
           fields_json, state, detected_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
      )
      .run(
        conflict.id,
        conflict.pairId,
        conflict.flowId,
        conflict.entity,
        conflict.crossReferenceId,
        JSON.stringify(conflict.accounting),
        JSON.stringify(conflict.erp),
        JSON.stringify(conflict.fields),
        this.now().toISOString(),
      );
    return this.require(conflict.id);
  }

  openFor(crossReferenceId: number): ConflictRecord | undefined {
    const row = this.db
      .prepare("SELECT * FROM sync_conflicts WHERE cross_reference_id = ? AND state = 'open'")
      .get(crossReferenceId) as Row | undefined;
    return row && fromRow(row);
  }

  get(id: string): ConflictRecord | undefined {
    const row = this.db.prepare('SELECT * FROM sync_conflicts WHERE id = ?').get(id) as Row | undefined;
    return row && fromRow(row);
  }

  require(id: string): ConflictRecord {
    const conflict = this.get(id);
    if (!conflict) {
      throw new CounterpartError('sync.conflict_not_found', `There is no sync conflict ${id} in this workspace.`, {
        conflict: id,
      });
    }
    return conflict;
  }

  list(filter: { pairId?: string | undefined; state?: 'open' | 'resolved' | undefined } = {}): ConflictRecord[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM sync_conflicts WHERE (@pair IS NULL OR pair_id = @pair) AND (@state IS NULL OR state = @state)
         ORDER BY detected_at, id`,
      )
      .all({ pair: filter.pairId ?? null, state: filter.state ?? null }) as Row[];
    return rows.map(fromRow);
  }

  resolve(id: string, kept: 'accounting' | 'erp', by: string): ConflictRecord {
    this.db
      .prepare("UPDATE sync_conflicts SET state = 'resolved', kept = ?, resolved_by = ?, resolved_at = ? WHERE id = ?")
      .run(kept, by, this.now().toISOString(), id);
    return this.require(id);
  }

  /** Resolved conflicts whose kept values no run has queued for the other side yet. */
  unapplied(pairId: string): ConflictRecord[] {
    const rows = this.db
      .prepare(
        "SELECT * FROM sync_conflicts WHERE pair_id = ? AND state = 'resolved' AND applied = 0 ORDER BY resolved_at",
      )
      .all(pairId) as Row[];
    return rows.map(fromRow);
  }

  markApplied(id: string): void {
    this.db.prepare('UPDATE sync_conflicts SET applied = 1 WHERE id = ?').run(id);
  }
}

function fromRow(row: Row): ConflictRecord {
  return {
    id: row.id,
    pairId: row.pair_id,
    flowId: row.flow_id,
    entity: row.entity,
    crossReferenceId: row.cross_reference_id,
    accounting: JSON.parse(row.accounting_json) as ConflictRecord['accounting'],
    erp: JSON.parse(row.erp_json) as ConflictRecord['erp'],
    fields: JSON.parse(row.fields_json) as ConflictField[],
    state: row.state,
    detectedAt: row.detected_at,
    kept: row.kept,
    applied: row.applied === 1,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
  };
}
