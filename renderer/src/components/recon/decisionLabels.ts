import type { z } from 'zod';
import type { DecisionKind } from '../../../../src/api/schemas/reconciliations';

/** The audit trail's action for each kind of reconciliation decision (src/recon/casework writes these). */
const actionByKind: Readonly<Record<z.infer<typeof DecisionKind>, string>> = {
  accepted: 'recon.match_accepted',
  rejected: 'recon.match_rejected',
  matched_manually: 'recon.matched_manually',
  bulk_accepted: 'recon.matches_bulk_accepted',
  explained: 'recon.difference_explained',
  correction_proposed: 'recon.correction_proposed',
  correction_approved: 'recon.correction_approved',
  correction_rejected: 'recon.correction_rejected',
  signed_off: 'recon.period_signed_off',
};

const reconActionLabels: Readonly<Record<string, string>> = {
  'recon.match_accepted': 'Accepted a suggested match',
  'recon.match_rejected': 'Rejected a match',
  'recon.matched_manually': 'Matched records by hand',
  'recon.matches_bulk_accepted': 'Accepted suggestions in bulk',
  'recon.difference_explained': 'Explained a difference',
  'recon.correction_proposed': 'Proposed a correction',
  'recon.correction_approved': 'Approved a correction',
  'recon.correction_rejected': 'Rejected a correction',
  'recon.correction_written': 'Correction written to the system',
  'recon.correction_failed': 'Correction refused by the system',
  'recon.period_signed_off': 'Signed the period off',
};

export const reconActions = Object.keys(reconActionLabels);

export function actionOfDecision(kind: z.infer<typeof DecisionKind>): string {
  return actionByKind[kind];
}

/** The words for a reconciliation action, undefined for any other action. */
export function reconActionLabel(action: string): string | undefined {
  return reconActionLabels[action];
}

/** The audit subject of everything done to one reconciliation starts with this. */
export function reconciliationSubject(id: string): string {
  return `reconciliation:${id}`;
}
