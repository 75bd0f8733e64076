import type { TenantBook } from '../book.js';
import type { WriteContext } from '../context.js';
import { dateString, updatedDateString } from '../msDate.js';
import type { DocumentStatus, LineAmountTypes, LineItemRecord } from '../records.js';
import type { LineItemInput } from '../wire.js';
import { contactSummary } from './contacts.js';
import { type ContactChoice, canMove, checkCurrency, chooseContact, readDate } from './documents.js';
import type { View } from './kind.js';
import { type ComputedLines, computeLines, type LineContext } from './lines.js';

const CREATABLE: readonly DocumentStatus[] = ['DRAFT', 'SUBMITTED', 'AUTHORISED'];
const CLOSED: readonly DocumentStatus[] = ['PAID', 'VOIDED', 'DELETED'];

export const LOCKED_WITH_PAYMENTS =
  'This document cannot be edited as it has a payment or credit note allocated to it.';

/** Optional dates a document reads after its Date, in the order Xero reports their errors. */
type ExtraDate = 'DueDate' | 'ExpectedPaymentDate';

interface HeaderInput {
  readonly Contact?: Parameters<typeof chooseContact>[1];
  readonly Date?: string | undefined;
  readonly DueDate?: string | undefined;
  readonly ExpectedPaymentDate?: string | undefined;
  readonly CurrencyCode?: string | undefined;
  readonly LineAmountTypes?: LineAmountTypes | undefined;
  readonly LineItems?: readonly LineItemInput[] | undefined;
}

interface HeaderRecord {
  readonly Date: string;
  readonly DueDate?: string | undefined;
  readonly ExpectedPaymentDate?: string | undefined;
  readonly CurrencyCode: string;
  readonly LineAmountTypes: LineAmountTypes;
  readonly LineItems: readonly LineItemRecord[];
}

export interface DocumentHeader {
  /** Undefined when an update leaves the contact as it was. */
  readonly contact: ContactChoice | undefined;
  readonly date: string;
  readonly dates: Partial<Record<ExtraDate, string>>;
  readonly currency: string;
  readonly lineAmountTypes: LineAmountTypes;
  readonly computed: ComputedLines;
}

export interface HeaderOptions {
  readonly side: LineContext['side'];
  readonly extraDates?: readonly ExtraDate[];
  /** Checked before the lines are computed (bank transactions need at least one line). */
  readonly checkLines?: (lines: readonly unknown[], errors: string[]) => void;
}

/**
 * Reads what invoices, credit notes and bank transactions share: contact, dates, currency and computed lines, each
 * falling back to the existing record on update. Errors are pushed in the order Xero reports them.
 */
export function readDocumentHeader(
  context: WriteContext,
  input: HeaderInput,
  existing: HeaderRecord | undefined,
  options: HeaderOptions,
  errors: string[],
): DocumentHeader {
  const { book } = context;
  const contact = input.Contact || !existing ? chooseContact(book, input.Contact, errors) : undefined;
  const date = readDate(input.Date, 'Date', errors) ?? existing?.Date ?? context.now.slice(0, 10);
  const dates: Partial<Record<ExtraDate, string>> = {};
  for (const field of options.extraDates ?? []) {
    const value = input[field] !== undefined ? readDate(input[field], field, errors) : existing?.[field];
    if (value !== undefined) dates[field] = value;
  }
  const currency = input.CurrencyCode
    ? checkCurrency(book, input.CurrencyCode, errors)
    : (existing?.CurrencyCode ?? checkCurrency(book, undefined, errors));
  const lineAmountTypes = input.LineAmountTypes ?? existing?.LineAmountTypes ?? 'Exclusive';
  const lineInputs = input.LineItems ?? existing?.LineItems ?? [];
  options.checkLines?.(lineInputs, errors);
  const computed = computeLines(lineInputs, {
    book,
    lineAmountTypes,
    side: options.side,
    existing: existing?.LineItems ?? [],
  });
  errors.push(...computed.errors);
  return { contact, date, dates, currency, lineAmountTypes, computed };
}

/** The fields an invoice and a credit note save from their header, in the order Xero shows them. */
export function documentBody(
  header: DocumentHeader,
  status: DocumentStatus,
  input: { readonly CurrencyRate?: number | undefined },
  existing: { readonly CurrencyRate: number } | undefined,
) {
  return {
    Date: header.date,
    Status: status,
    LineAmountTypes: header.lineAmountTypes,
    LineItems: header.computed.lines,
    CurrencyCode: header.currency,
    CurrencyRate: input.CurrencyRate ?? existing?.CurrencyRate ?? 1,
    SubTotal: header.computed.SubTotal,
    TotalTax: header.computed.TotalTax,
    Total: header.computed.Total,
  };
}

/**
 * The type and status an invoice or credit note is saved with, or Xero's refusal: `noun` is the document's name in
 * Xero's messages ('Invoice', 'Credit Note'), `locked` says whether the existing document's payments forbid the edit.
 */
export function readTypeAndStatus<Type extends string>(
  noun: string,
  input: { readonly Type?: Type | undefined; readonly Status?: DocumentStatus | undefined },
  existing: { readonly Type: Type; readonly Status: DocumentStatus } | undefined,
  locked: (status: DocumentStatus) => string | undefined,
): { ok: true; type: Type; status: DocumentStatus } | { ok: false; error: string } {
  const type = existing?.Type ?? input.Type;
  if (!type) return { ok: false, error: `${noun} Type must be specified` };
  const status = input.Status ?? existing?.Status ?? 'DRAFT';
  if (existing) {
    if (!canMove(existing.Status, status) || CLOSED.includes(existing.Status)) {
      return { ok: false, error: `${noun} not of valid status for modification` };
    }
    const lockedError = locked(status);
    if (lockedError !== undefined) return { ok: false, error: lockedError };
  } else if (!CREATABLE.includes(status)) {
    return { ok: false, error: `${noun} not of valid status for creation` };
  }
  return { ok: true, type, status };
}

/**
 * Moves a document between AUTHORISED and PAID as its payments settle it or stop doing so (Xero sets PAID itself).
 * `settled` and `outstanding` are separate because a zero-total document is neither.
 */
export function applySettlement(
  document: { Status: DocumentStatus; FullyPaidOnDate?: string },
  settlement: { readonly settled: boolean; readonly outstanding: boolean; readonly lastDate: string | undefined },
): void {
  if (settlement.settled && document.Status === 'AUTHORISED') {
    document.Status = 'PAID';
    if (settlement.lastDate) document.FullyPaidOnDate = settlement.lastDate;
  } else if (settlement.outstanding && document.Status === 'PAID') {
    document.Status = 'AUTHORISED';
    delete document.FullyPaidOnDate;
  }
}

/**
 * An invoice or credit note as clients see it, without its heavy parts: `fields` are the record's own (less what the
 * view replaces) and `flags` stand after HasAttachments, where Xero puts them.
 */
export function documentView(
  book: TenantBook,
  record: {
    readonly ContactID: string;
    readonly Date: string;
    readonly DueDate?: string;
    readonly UpdatedDateUTC: string;
  },
  fields: object,
  flags: View = {},
): View {
  const view: View = {
    ...fields,
    Contact: contactSummary(book, record.ContactID),
    DateString: dateString(record.Date),
    HasAttachments: false,
    ...flags,
    HasErrors: false,
    UpdatedDateUTCString: updatedDateString(record.UpdatedDateUTC),
  };
  if (record.DueDate) view.DueDateString = dateString(record.DueDate);
  return view;
}
