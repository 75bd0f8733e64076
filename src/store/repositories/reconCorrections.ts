import type { Database } from 'better-sqlite3';
import { CounterpartError } from '../../errors.js';
import { CorrectionOutcome } from '../../recon/casework/correctionOutcome.js';
import type { ReconSide } from './reconciliations.js';

export interface StoredCorrection {
  readonly id: string;
  readonly reconciliationId: string;
  readonly rowKey: string;
  readonly side: ReconSide;
  readonly recordKey: string;
  readonly field: string;
  readonly currentValue: string | null;
  readonly proposedValue: string;
  readonly note: string;
  readonly proposedBy: string;
  readonly proposedAt: string;
  readonly state: 'pending' | 'approved' | 'rejected';
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly decisionComment: string | null;
  readonly outcome: CorrectionOutcome | null;
}

interface CorrectionRow {
  id: string;
  reconciliation_id: string;
  row_key: string;
  side: ReconSide;
  record_key: string;
  field: string;
  current_value: string | null;
  proposed_value: string;
  note: string;
  proposed_by: string;
  proposed_at: string;
  state: 'pending' | 'approved' | 'rejected';
  decided_by: string | null;
  decided_at: string | null;
  decision_comment: string | null;
  outcome_json: string | null;
}

export type NewCorrection = Omit<StoredCorrection, 'state' | 'decidedBy' | 'decidedAt' | 'decisionComment' | 'outcome'>;

/** Proposed corrections of one side's records, their approval and the outcome of writing them. */
export class ReconCorrectionRepository {
  constructor(private readonly db: Database) {}

  insert(correction: NewCorrection): StoredCorrection {
    this.db
      .prepare(
        `INSERT INTO recon_corrections (id, reconciliation_id, row_key, side, record_key, field, current_value,
           proposed_value, note, proposed_by, proposed_at, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')`,
      )
      .run(
        correction.id,
        correction.reconciliationId,
        correction.rowKey,
        correction.side,
        correction.recordKey,
        correction.field,
        correction.currentValue,
        correction.proposedValue,
        correction.note,
        correction.proposedBy,
        correction.proposedAt,
      );
    return this.require(correction.reconciliationId, correction.id);
  }

  require(reconciliationId: string, id: string): StoredCorrection {
    const row = this.db
      .prepare('SELECT * FROM recon_corrections WHERE reconciliation_id = ? AND id = ?')
      .get(reconciliationId, id) as CorrectionRow | undefined;
    if (!row) {
      throw new CounterpartError(
        'recon.unknown_correction',
        `Reconciliation ${reconciliationId} has no correction ${id}.`,
        {
          reconciliationId,
          correctionId: id,
        },
      );
    }
    return toCorrection(row);
  }

  decide(
    reconciliationId: string,
    id: string,
    decision: { state: 'approved' | 'rejected'; by: string; at: string; comment: string },
  ): void {
    this.db
      .prepare(
        `UPDATE recon_corrections SET state = ?, decided_by = ?, decided_at = ?, decision_comment = ?
         WHERE reconciliation_id = ? AND id = ? AND state = 'pending'`,
      )
      .run(decision.state, decision.by, decision.at, decision.comment, reconciliationId, id);
  }

  recordOutcome(reconciliationId: string, id: string, outcome: CorrectionOutcome): void {
    this.db
      .prepare('UPDATE recon_corrections SET outcome_json = ? WHERE reconciliation_id = ? AND id = ?')
      .run(JSON.stringify(outcome), reconciliationId, id);
  }

  list(reconciliationId: string): StoredCorrection[] {
    const rows = this.db
      .prepare('SELECT * FROM recon_corrections WHERE reconciliation_id = ? ORDER BY proposed_at, rowid')
      .all(reconciliationId) as CorrectionRow[];
    return rows.map(toCorrection);
  }

  /** Every correction still waiting for an approver, oldest first. */
  pending(reconciliationId?: string): StoredCorrection[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM recon_corrections WHERE state = 'pending' AND (@id IS NULL OR reconciliation_id = @id)
         ORDER BY proposed_at, rowid`,
      )
      .all({ id: reconciliationId ?? null }) as CorrectionRow[];
    return rows.map(toCorrection);
  }

  /** Pending corrections per record (`left:<key>` / `right:<key>`), for the grid's badges. */
  pendingByRecord(reconciliationId: string): Map<string, number> {
    const rows = this.db
      .prepare(
        `SELECT side, record_key, COUNT(*) AS n FROM recon_corrections
         WHERE reconciliation_id = ? AND state = 'pending' GROUP BY side, record_key`,
      )
      .all(reconciliationId) as Array<{ side: ReconSide; record_key: string; n: number }>;
    return new Map(rows.map((row) => [`${row.side}:${row.record_key}`, row.n]));
  }

  forRecord(reconciliationId: string, side: ReconSide, recordKey: string): StoredCorrection[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM recon_corrections WHERE reconciliation_id = ? AND side = ? AND record_key = ?
         ORDER BY proposed_at, rowid`,
      )
      .all(reconciliationId, side, recordKey) as CorrectionRow[];
    return rows.map(toCorrection);
  }
}

function toCorrection(row: CorrectionRow): StoredCorrection {
  return {
    id: row.id,
    reconciliationId: row.reconciliation_id,
    rowKey: row.row_key,
    side: row.side,
    recordKey: row.record_key,
    field: row.field,
    currentValue: row.current_value,
    proposedValue: row.proposed_value,
    note: row.note,
    proposedBy: row.proposed_by,
    proposedAt: row.proposed_at,
    state: row.state,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decisionComment: row.decision_comment,
    outcome: row.outcome_json === null ? null : CorrectionOutcome.parse(JSON.parse(row.outcome_json)),
  };
}
