import type { DocumentStatus, Invoice } from '../../../model/index.js';
import {
  calendarDateOf,
  contactRefFor,
  decimalOf,
  lineItemsFor,
  linesOf,
  numberOfDecimal,
  partyRefOf,
  present,
  sourceOf,
  totalsOf,
  type XeroCodecContext,
} from './shared.js';
import type { XCreditNote, XInvoice } from './wire.js';

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

/**
 * What an invoice or a credit note decodes alike: source, kind, number, party, date, currency, status, lines and
 * totals. `payableType` is the Xero type that makes the document payable (ACCPAY, ACCPAYCREDIT).
 */
export function documentHeaderOf(
  document: XInvoice | XCreditNote,
  id: string,
  number: string | undefined,
  payableType: string,
  context: XeroCodecContext,
) {
  const currency = present(document.currencyCode) ?? context.baseCurrency;
  return {
    source: sourceOf(id, document.updatedDateUTC, present(number)),
    kind: document.type === payableType ? ('payable' as const) : ('receivable' as const),
    number: present(number),
    reference: present(document.reference),
    party: partyRefOf(document.contact),
    issueDate: calendarDateOf(document.date),
    currency,
    fxRate: fxRateOf(document.currencyRate),
    status: documentStatusOf(document.status),
    lines: linesOf(document.lineItems ?? [], currency, document.lineAmountTypes),
    totals: totalsOf(document, currency),
  };
}

type DocumentHeader = Pick<
  Invoice,
  'party' | 'number' | 'reference' | 'issueDate' | 'currency' | 'fxRate' | 'status' | 'lines'
>;

/**
 * The Xero fields an invoice or a credit note encodes alike; `numberField` names the document's number and `dates`
 * holds the dates it has beyond its issue date (an invoice's due date).
 */
export function documentHeaderFor(
  document: DocumentHeader,
  numberField: string,
  dates: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    contact: contactRefFor(document.party),
    ...(document.number ? { [numberField]: document.number } : {}),
    ...(document.reference ? { reference: document.reference } : {}),
    date: document.issueDate,
    ...dates,
    currencyCode: document.currency,
    ...(document.fxRate ? { currencyRate: numberOfDecimal(document.fxRate) } : {}),
    status: xeroStatusFor(document.status),
    lineAmountTypes: 'Exclusive',
    lineItems: lineItemsFor(document.lines),
  };
}
