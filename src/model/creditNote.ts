import { z } from 'zod';
import { CalendarDate } from './dates.js';
import { checkDocumentAmounts, DocumentLine, DocumentTotals } from './documentLine.js';
import { DocumentStatus } from './documentStatus.js';
import { CurrencyCode, DecimalText, formatMoney, Money } from './money.js';
import { CustomFields, DocumentRef, PartyRef, RecordSource } from './recordRef.js';
import { onlyWhenFieldsValid } from './validate.js';

/** Receivable: a credit to a customer (Xero ACCRECCREDIT, X3 INVTYP 2). Payable: from a supplier (ACCPAYCREDIT). */
export const CreditNoteKind = z.enum(['receivable', 'payable']);
export type CreditNoteKind = z.infer<typeof CreditNoteKind>;

/** Part of a credit note applied to an invoice (Xero Allocation). */
export const CreditAllocation = z.object({
  invoice: DocumentRef,
  amount: Money,
  date: CalendarDate,
});
export type CreditAllocation = z.infer<typeof CreditAllocation>;

/** Amounts are positive, as the systems show them; the kind says which way the credit goes. */
export const CreditNote = z
  .object({
    source: RecordSource.optional(),
    kind: CreditNoteKind,
    number: z.string().trim().min(1, 'number cannot be blank').optional(),
    reference: z.string().optional(),
    party: PartyRef,
    /** The invoice being credited, when the credit note was raised against one. */
    originalInvoice: DocumentRef.optional(),
    issueDate: CalendarDate,
    currency: CurrencyCode,
    fxRate: DecimalText.optional(),
    status: DocumentStatus,
    lines: z.array(DocumentLine),
    totals: DocumentTotals,
    allocations: z.array(CreditAllocation),
    remainingCredit: Money,
    customFields: CustomFields.optional(),
  })
  .superRefine((credit, ctx) => {
    checkDocumentAmounts(credit, ctx);
    const { currency } = credit;
    let allocated = 0;
    credit.allocations.forEach((allocation, index) => {
      if (allocation.amount.currency !== currency) {
        ctx.addIssue({
          code: 'custom',
          path: ['allocations', index, 'amount'],
          message: `allocations.${index}.amount is in ${allocation.amount.currency} but the credit note is in ${currency}`,
        });
      }
      if (allocation.date < credit.issueDate) {
        ctx.addIssue({
          code: 'custom',
          path: ['allocations', index, 'date'],
          message: `allocations.${index}.date ${allocation.date} is before issueDate ${credit.issueDate}`,
        });
      }
      allocated += allocation.amount.amountMinor;
    });
    if (credit.status === 'voided' || credit.status === 'deleted') return;
    const expected = credit.totals.gross.amountMinor - allocated;
    if (credit.remainingCredit.currency === currency && credit.remainingCredit.amountMinor !== expected) {
      ctx.addIssue({
        code: 'custom',
        path: ['remainingCredit'],
        message: `remainingCredit is ${formatMoney(credit.remainingCredit)} but gross − allocations is ${formatMoney({ amountMinor: expected, currency })}`,
      });
    }
  }, onlyWhenFieldsValid);
export type CreditNote = z.infer<typeof CreditNote>;
