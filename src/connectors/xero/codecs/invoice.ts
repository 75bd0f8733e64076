import { type DocumentStatus, Invoice } from '../../../model/index.js';
import {
  calendarDateOf,
  checked,
  contactRefFor,
  decimalOf,
  lineItemsFor,
  linesOf,
  moneyOf,
  numberOfDecimal,
  partyRefOf,
  present,
  sourceOf,
  totalsOf,
  type XeroCodecContext,
} from './shared.js';
import type { XInvoice } from './wire.js';

export const INVOICE_TYPES = { receivable: 'ACCREC', payable: 'ACCPAY' } as const;

/** Xero document statuses map one to one (src/model/documentStatus.ts). */
export function documentStatusOf(status: string | undefined): DocumentStatus {
  const lower = (status ?? 'DRAFT').toLowerCase();
  return (
    (['draft', 'submitted', 'authorised', 'paid', 'voided', 'deleted'] as const).find((s) => s === lower) ?? 'draft'
  );
}

/** PAID is Xero's to set once payments settle a document; Counterpart writes AUTHORISED instead. */
export function xeroStatusFor(status: DocumentStatus): string {
  return status === 'paid' ? 'AUTHORISED' : status.toUpperCase();
}

export function fxRateOf(rate: number | undefined): string | undefined {
  return rate === undefined || rate === 1 || rate === 0 ? undefined : decimalOf(rate);
}

export function decodeInvoice(invoice: XInvoice, context: XeroCodecContext): Invoice {
  const currency = present(invoice.currencyCode) ?? context.baseCurrency;
  return checked(
    Invoice,
    {
      source: sourceOf(invoice.invoiceID, invoice.updatedDateUTC, present(invoice.invoiceNumber)),
      kind: invoice.type === 'ACCPAY' ? 'payable' : 'receivable',
      number: present(invoice.invoiceNumber),
      reference: present(invoice.reference),
      party: partyRefOf(invoice.contact),
      issueDate: calendarDateOf(invoice.date),
      dueDate: calendarDateOf(invoice.dueDate),
      currency,
      fxRate: fxRateOf(invoice.currencyRate),
      status: documentStatusOf(invoice.status),
      lines: linesOf(invoice.lineItems ?? [], currency, invoice.lineAmountTypes),
      totals: totalsOf(invoice, currency),
      amountPaid: moneyOf(invoice.amountPaid, currency),
      amountCredited: moneyOf(invoice.amountCredited, currency),
      amountDue: moneyOf(invoice.amountDue, currency),
      fullyPaidOn: calendarDateOf(invoice.fullyPaidOnDate),
    },
    'invoice',
    invoice.invoiceID,
  );
}

export function encodeInvoice(invoice: Invoice, invoiceID: string | undefined): Record<string, unknown> {
  return {
    ...(invoiceID ? { invoiceID } : {}),
    type: INVOICE_TYPES[invoice.kind],
    contact: contactRefFor(invoice.party),
    ...(invoice.number ? { invoiceNumber: invoice.number } : {}),
    ...(invoice.reference ? { reference: invoice.reference } : {}),
    date: invoice.issueDate,
    ...(invoice.dueDate ? { dueDate: invoice.dueDate } : {}),
    currencyCode: invoice.currency,
    ...(invoice.fxRate ? { currencyRate: numberOfDecimal(invoice.fxRate) } : {}),
    status: xeroStatusFor(invoice.status),
    lineAmountTypes: 'Exclusive',
    lineItems: lineItemsFor(invoice.lines),
  };
}
