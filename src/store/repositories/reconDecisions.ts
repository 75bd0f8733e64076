import type { Database } from 'better-sqlite3';
import { z } from 'zod';

/** Reconciliation roles as settings name them: a preparer proposes, an approver approves and signs off. */
export type Role = 'preparer' | 'approver';

export type DecisionKind =
  | 'accepted'
  | 'rejected'
  | 'matched_manually'
  | 'bulk_accepted'
  | 'explained'
  | 'correction_proposed'
  | 'correction_approved'
  | 'correction_rejected'
  | 'signed_off';

export interface StoredDecision {
  readonly id: string;
  readonly reconciliationId: string;
  readonly kind: DecisionKind;
  readonly actor: string;
  readonly role: Role;
  readonly at: string;
  readonly rowKeys: readonly string[];
  /** `left:<key>` / `right:<key>` of every record the decision concerns, for a record's history. */
  readonly recordKeys: readonly string[];
  readonly before: unknown;
  readonly after: unknown;
  readonly comment: string | null;
  readonly auditSeq: number;
}

interface DecisionRow {
  id: string;
  reconciliation_id: string;
  kind: DecisionKind;
  actor: string;
  role: Role;
  at: string;
  row_keys_json: string;
  record_keys_json: string;
  before_json: string | null;
  after_json: string | null;
  comment: string | null;
  audit_seq: number;
}

const Keys = z.array(z.string());

/** The decisions made on reconciliations, each pointing at the audit-trail entry that proves it. */
export class ReconDecisionRepository {
  constructor(private readonly db: Database) {}

  insert(decision: StoredDecision): StoredDecision {
    this.db
      .prepare(
        `INSERT INTO recon_decisions (id, reconciliation_id, kind, actor, role, at, row_keys_json, record_keys_json,
           before_json, after_json, comment, audit_seq)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        decision.id,
        decision.reconciliationId,
        decision.kind,
        decision.actor,
        decision.role,
        decision.at,
        JSON.stringify(decision.rowKeys),
        JSON.stringify(decision.recordKeys),
        decision.before === undefined ? null : JSON.stringify(decision.before),
        decision.after === undefined ? null : JSON.stringify(decision.after),
        decision.comment,
        decision.auditSeq,
      );
    return decision;
  }

  list(reconciliationId: string): StoredDecision[] {
    const rows = this.db
      .prepare('SELECT * FROM recon_decisions WHERE reconciliation_id = ? ORDER BY at, rowid')
      .all(reconciliationId) as DecisionRow[];
    return rows.map(toDecision);
  }

  /** Decisions that concern one record (`left:<key>` or `right:<key>`). */
  forRecord(reconciliationId: string, recordKey: string): StoredDecision[] {
    const rows = this.db
      .prepare(
        `SELECT d.* FROM recon_decisions d, json_each(d.record_keys_json) k
         WHERE d.reconciliation_id = ? AND k.value = ? ORDER BY d.at, d.rowid`,
      )
      .all(reconciliationId, recordKey) as DecisionRow[];
    return rows.map(toDecision);
  }
}

function toDecision(row: DecisionRow): StoredDecision {
  return {
    id: row.id,
    reconciliationId: row.reconciliation_id,
    kind: row.kind,
    actor: row.actor,
    role: row.role,
    at: row.at,
    rowKeys: Keys.parse(JSON.parse(row.row_keys_json)),
    recordKeys: Keys.parse(JSON.parse(row.record_keys_json)),
    before: row.before_json === null ? null : (JSON.parse(row.before_json) as unknown),
    after: row.after_json === null ? null : (JSON.parse(row.after_json) as unknown),
    comment: row.comment,
    auditSeq: row.audit_seq,
  };
}
