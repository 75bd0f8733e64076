import type { Database } from 'better-sqlite3';

export interface StoredSignOff {
  readonly reconciliationId: string;
  readonly signedBy: string;
  readonly signedAt: string;
  readonly comment: string;
  /** Records left unresolved (unmatched or undecided) and so carried into the next period. */
  readonly unresolved: number;
  readonly auditSeq: number;
}

interface SignOffRow {
  reconciliation_id: string;
  signed_by: string;
  signed_at: string;
  comment: string;
  unresolved: number;
  audit_seq: number;
}

/** Sign-offs: at most one per reconciliation, never changed (the schema refuses updates). */
export class ReconSignOffRepository {
  constructor(private readonly db: Database) {}

  insert(signOff: StoredSignOff): StoredSignOff {
    this.db
      .prepare(
        `INSERT INTO recon_sign_offs (reconciliation_id, signed_by, signed_at, comment, unresolved, audit_seq)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        signOff.reconciliationId,
        signOff.signedBy,
        signOff.signedAt,
        signOff.comment,
        signOff.unresolved,
        signOff.auditSeq,
      );
    return signOff;
  }

  get(reconciliationId: string): StoredSignOff | undefined {
    const row = this.db.prepare('SELECT * FROM recon_sign_offs WHERE reconciliation_id = ?').get(reconciliationId) as
      | SignOffRow
      | undefined;
    return row
      ? {
          reconciliationId: row.reconciliation_id,
          signedBy: row.signed_by,
          signedAt: row.signed_at,
          comment: row.comment,
          unresolved: row.unresolved,
          auditSeq: row.audit_seq,
        }
      : undefined;
  }
}
