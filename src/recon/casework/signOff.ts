import { CounterpartError } from '../../errors.js';
import type { StoredSignOff } from '../../store/repositories/reconSignOffs.js';
import { type Casework, inTransaction, openReconciliation, recordDecision, requireApprover } from './casework.js';

/**
 * Signs a period off: an approver confirms the reconciliation once no correction is waiting. It is locked from then
 * on, and what it left unresolved is carried into the next period's reconciliation of the same sides and entity.
 */
export function signOffPeriod(casework: Casework, input: { id: string; comment: string }): StoredSignOff {
  const actor = casework.actor();
  requireApprover(actor, 'sign a period off');
  const reconciliation = openReconciliation(casework, input.id);
  const { corrections, rows, signOffs, headers } = casework.workspace.reconciliations;
  const pending = corrections.pending(input.id);
  if (pending.length > 0) {
    throw new CounterpartError(
      'recon.pending_corrections',
      `${pending.length} correction${pending.length === 1 ? ' is' : 's are'} still waiting for a decision; approve or reject ${pending.length === 1 ? 'it' : 'them'} before signing the period off.`,
      { reconciliationId: input.id, pending: pending.length },
    );
  }
  const unresolved = rows.unresolvedKeys(input.id);
  const counts = rows.counts(input.id);
  return inTransaction(casework, input.id, () => {
    const decision = recordDecision(casework, actor, {
      reconciliationId: input.id,
      kind: 'signed_off',
      action: 'recon.period_signed_off',
      rowKeys: [],
      recordKeys: [],
      before: { status: reconciliation.status },
      after: {
        status: 'signed_off',
        period: { start: reconciliation.periodStart, end: reconciliation.periodEnd },
        matched: counts.byStatus,
        carriedForward: { left: unresolved.left.length, right: unresolved.right.length },
      },
      comment: input.comment || null,
    });
    headers.markSignedOff(input.id);
    return signOffs.insert({
      reconciliationId: input.id,
      signedBy: actor.name,
      signedAt: decision.at,
      comment: input.comment,
      unresolved: unresolved.left.length + unresolved.right.length,
      auditSeq: decision.auditSeq,
    });
  });
}
