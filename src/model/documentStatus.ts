import { z } from 'zod';

/**
 * Canonical status of an invoice or credit note. How each system's statuses map:
 * - Xero `Status`: DRAFT → draft, SUBMITTED → submitted, AUTHORISED → authorised, PAID → paid, VOIDED → voided,
 *   DELETED → deleted (one to one).
 * - KashFlow `Status` (enum not fully documented): Draft → draft, Outstanding and Overdue → authorised (overdue is
 *   derived from the due date, not a state), Paid → paid, Cancelled → voided, Credited → voided with a credit note.
 * - Sage X3 SINVOICE `STA` (values unconfirmed): not validated → draft, validated/posted → authorised; paid comes
 *   from the open items (GACCDUDATE) being settled, not from STA.
 * - Salesforce has no standard invoice object; custom `Invoice__c` status picklists map by configuration
 *   (mapping documents), defaulting to the names above.
 */
export const DocumentStatus = z.enum(['draft', 'submitted', 'authorised', 'paid', 'voided', 'deleted']);
export type DocumentStatus = z.infer<typeof DocumentStatus>;

/** Statuses in which the document counts in the ledger (amounts due, ageing, reconciliation). */
export function isPostedStatus(status: DocumentStatus): boolean {
  return status === 'authorised' || status === 'paid';
}
