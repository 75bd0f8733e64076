import { z } from 'zod';
import { CalendarDate } from './dates.js';
import { checkDocumentAmounts, DocumentLine, DocumentTotals } from './documentLine.js';
import { DocumentStatus } from './documentStatus.js';
import { CurrencyCode, DecimalText, formatMoney, Money } from './money.js';
import { CustomFields, DocumentRef, PartyRef, RecordSource } from './recordRef.js';
import { onlyWhenFieldsValid } from './validate.js';

/** Receivable: a sales invoice (Xero ACCREC, KashFlow invoice, X3 SINVOICE). Payable: a bill (Xero ACCPAY, X3 PINVOICE). */
export const InvoiceKind = z.enum(['receivable', 'payable']);
export type InvoiceKind = z.infer<typeof InvoiceKind>;

export const Invoice = z
  .object({
    source: RecordSource.optional(),
    kind: InvoiceKind,
    /** The invoice number people quote; the business key for receivables. Absent on drafts not yet numbered. */
    number: z.string().trim().min(1, 'number cannot be blank').optional(),
    reference: z.string().optional(),
    party: PartyRef,
    /** The sales order this invoice bills, when known. */
    salesOrder: DocumentRef.optional(),
    issueDate: CalendarDate,
    dueDate: CalendarDate.optional(),
    currency: CurrencyCode,
    /** Units of `currency` per one unit of the organisation's base currency, when they differ. */
    fxRate: DecimalText.optional(),
    status: DocumentStatus,
    lines: z.array(DocumentLine),
    totals: DocumentTotals,
    amountPaid: Money,
    /** Credit notes allocated against this invoice. */
    amountCredited: Money.optional(),
    amountDue: Money,
    /** Date the last payment settled it (Xero FullyPaidOnDate, KashFlow PaidDate). */
    fullyPaidOn: CalendarDate.optional(),
    customFields: CustomFields.optional(),
  })
  .superRefine((invoice, ctx) => {
    checkDocumentAmounts(invoice, ctx);
    const { currency } = invoice;
    if (invoice.dueDate !== undefined && invoice.dueDate < invoice.issueDate) {
      ctx.addIssue({
        code: 'custom',
        path: ['dueDate'],
        message: `dueDate ${invoice.dueDate} is before issueDate ${invoice.issueDate}`,
      });
    }
    const amounts = {
      amountPaid: invoice.amountPaid,
      amountCredited: invoice.amountCredited,
      amountDue: invoice.amountDue,
    };
    let mixed = false;
    for (const [field, amount] of Object.entries(amounts)) {
      if (amount && amount.currency !== currency) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `${field} is in ${amount.currency} but the invoice is in ${currency}`,
        });
        mixed = true;
      }
    }
    if (mixed || invoice.status === 'voided' || invoice.status === 'deleted') return;
    const expectedDue =
      invoice.totals.gross.amountMinor - invoice.amountPaid.amountMinor - (invoice.amountCredited?.amountMinor ?? 0);
    if (invoice.amountDue.amountMinor !== expectedDue) {
      ctx.addIssue({
        code: 'custom',
        path: ['amountDue'],
        message: `amountDue is ${formatMoney(invoice.amountDue)} but gross − paid − credited is ${formatMoney({ amountMinor: expectedDue, currency })}`,
      });
    }
    if (invoice.status === 'paid' && invoice.amountDue.amountMinor !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['status'],
        message: `status is paid but amountDue is ${formatMoney(invoice.amountDue)}`,
      });
    }
  }, onlyWhenFieldsValid);
export type Invoice = z.infer<typeof Invoice>;
