import { fromCents, toCents } from '../amounts.js';
import type { TenantBook } from '../book.js';
import { newId, type WriteContext } from '../context.js';
import { dateString, updatedDateString } from '../msDate.js';
import type { DocumentStatus, InvoiceRecord } from '../records.js';
import { failed, type Outcome, succeeded } from '../validation.js';
import { InvoiceInput } from '../wire.js';
import { contactSummary } from './contacts.js';
import {
  canMove,
  checkApprovable,
  checkCurrency,
  chooseContact,
  commitContact,
  nextNumber,
  readDate,
  viewLines,
} from './documents.js';
import { type EntityKind, fieldSet, findById, type View } from './kind.js';
import { computeLines } from './lines.js';

const CREATABLE: readonly DocumentStatus[] = ['DRAFT', 'SUBMITTED', 'AUTHORISED'];
const LOCKED_WITH_PAYMENTS = 'This document cannot be edited as it has a payment or credit note allocated to it.';

function hasPayments(book: TenantBook, invoiceId: string): boolean {
  return toCents(book.invoices.get(invoiceId)?.AmountPaid ?? 0) !== 0 || creditedCents(book, invoiceId) !== 0;
}

function creditedCents(book: TenantBook, invoiceId: string): number {
  let cents = 0;
  for (const note of book.creditNotes.values()) {
    for (const allocation of note.Allocations)
      if (allocation.InvoiceID === invoiceId) cents += toCents(allocation.Amount);
  }
  return cents;
}

/** Recomputes what a client can never set: amount due, paid state and the date it was settled. */
export function settleInvoice(book: TenantBook, invoice: InvoiceRecord): InvoiceRecord {
  let paid = 0;
  let lastPaymentDate: string | undefined;
  for (const payment of book.payments.values()) {
    if (payment.InvoiceID !== invoice.InvoiceID || payment.Status !== 'AUTHORISED') continue;
    paid += toCents(payment.Amount);
    if (!lastPaymentDate || payment.Date > lastPaymentDate) lastPaymentDate = payment.Date;
  }
  const credited = creditedCents(book, invoice.InvoiceID);
  const due = toCents(invoice.Total) - paid - credited;
  const next: InvoiceRecord = {
    ...invoice,
    AmountPaid: fromCents(paid),
    AmountCredited: fromCents(credited),
    AmountDue: invoice.Status === 'VOIDED' || invoice.Status === 'DELETED' ? 0 : fromCents(due),
  };
  const settled = due === 0 && paid + credited > 0;
  if (settled && next.Status === 'AUTHORISED') {
    next.Status = 'PAID';
    if (lastPaymentDate) next.FullyPaidOnDate = lastPaymentDate;
  } else if (!settled && next.Status === 'PAID') {
    next.Status = 'AUTHORISED';
    delete next.FullyPaidOnDate;
  }
  return next;
}

function buildInvoice(
  context: WriteContext,
  input: InvoiceInput,
  existing: InvoiceRecord | undefined,
): Outcome<InvoiceRecord> {
  const { book } = context;
  const errors: string[] = [];
  const type = existing?.Type ?? input.Type;
  if (!type) return failed('Invoice Type must be specified');
  const status = input.Status ?? existing?.Status ?? 'DRAFT';
  if (existing) {
    if (!canMove(existing.Status, status) || ['PAID', 'VOIDED', 'DELETED'].includes(existing.Status)) {
      return failed('Invoice not of valid status for modification');
    }
    if (hasPayments(book, existing.InvoiceID) && (input.LineItems !== undefined || status === 'VOIDED')) {
      return failed(LOCKED_WITH_PAYMENTS);
    }
  } else if (!CREATABLE.includes(status)) {
    return failed('Invoice not of valid status for creation');
  }
  const contact = input.Contact || !existing ? chooseContact(book, input.Contact, errors) : undefined;
  const date = readDate(input.Date, 'Date', errors) ?? existing?.Date ?? context.now.slice(0, 10);
  const dueDate = input.DueDate !== undefined ? readDate(input.DueDate, 'DueDate', errors) : existing?.DueDate;
  const expected =
    input.ExpectedPaymentDate !== undefined
      ? readDate(input.ExpectedPaymentDate, 'ExpectedPaymentDate', errors)
      : existing?.ExpectedPaymentDate;
  const currency = input.CurrencyCode
    ? checkCurrency(book, input.CurrencyCode, errors)
    : (existing?.CurrencyCode ?? checkCurrency(book, undefined, errors));
  const lineAmountTypes = input.LineAmountTypes ?? existing?.LineAmountTypes ?? 'Exclusive';
  const lineInputs = input.LineItems ?? existing?.LineItems ?? [];
  const computed = computeLines(lineInputs, {
    book,
    lineAmountTypes,
    side: type === 'ACCREC' ? 'sales' : 'purchases',
    existing: existing?.LineItems ?? [],
  });
  errors.push(...computed.errors);
  checkApprovable(status, computed.lines, errors);

  let number = input.InvoiceNumber ?? existing?.InvoiceNumber;
  if (type === 'ACCREC' && number !== undefined) {
    const clash = book.invoiceByNumber(number);
    if (clash && clash.InvoiceID !== existing?.InvoiceID && clash.Type === 'ACCREC')
      errors.push('Invoice # must be unique.');
  }
  if (errors.length > 0) return failed(...errors);

  if (type === 'ACCREC' && number === undefined) {
    const [generated, counter] = nextNumber(
      'INV-',
      book.counters.invoice,
      (n) => book.invoiceByNumber(n) !== undefined,
    );
    number = generated;
    book.counters.invoice = counter;
  }
  const record: InvoiceRecord = {
    ...existing,
    InvoiceID: existing?.InvoiceID ?? newId(),
    Type: type,
    ContactID: contact ? commitContact(context, contact) : (existing?.ContactID ?? ''),
    Date: date,
    Status: status,
    LineAmountTypes: lineAmountTypes,
    LineItems: computed.lines,
    CurrencyCode: currency,
    CurrencyRate: input.CurrencyRate ?? existing?.CurrencyRate ?? 1,
    SubTotal: computed.SubTotal,
    TotalTax: computed.TotalTax,
    Total: computed.Total,
    AmountPaid: existing?.AmountPaid ?? 0,
    AmountCredited: existing?.AmountCredited ?? 0,
    AmountDue: computed.Total,
    UpdatedDateUTC: context.now,
  };
  if (number !== undefined) record.InvoiceNumber = number;
  if (dueDate !== undefined) record.DueDate = dueDate;
  if (expected !== undefined) record.ExpectedPaymentDate = expected;
  for (const field of ['Reference', 'BrandingThemeID', 'Url', 'SentToContact'] as const) {
    if (input[field] !== undefined) Object.assign(record, { [field]: input[field] });
  }
  const settled = settleInvoice(book, record);
  book.invoices.set(settled.InvoiceID, settled);
  context.changed('INVOICE', settled.InvoiceID, existing ? 'UPDATE' : 'CREATE');
  return succeeded(settled);
}

export const invoices: EntityKind<InvoiceInput, InvoiceRecord> = {
  plural: 'Invoices',
  typeName: 'Invoice',
  idField: 'InvoiceID',
  input: InvoiceInput,
  paged: true,
  ifModifiedSince: true,
  errorFlag: 'HasErrors',
  acceptsBareObject: false,
  hasLineItems: true,
  webhookCategory: 'INVOICE',
  queryFields: fieldSet(
    'InvoiceID',
    'Type',
    'InvoiceNumber',
    'Reference',
    'Contact',
    'Date',
    'DueDate',
    'ExpectedPaymentDate',
    'Status',
    'LineAmountTypes',
    'LineItems',
    'CurrencyCode',
    'CurrencyRate',
    'SubTotal',
    'TotalTax',
    'Total',
    'AmountDue',
    'AmountPaid',
    'AmountCredited',
    'FullyPaidOnDate',
    'UpdatedDateUTC',
    'SentToContact',
    'BrandingThemeID',
  ),
  all: (book) => book.invoices.values(),
  find: (book, key) => findById(book.invoices, key) ?? book.invoiceByNumber(key),
  idOf: (record) => record.InvoiceID,
  updatedAt: (record) => record.UpdatedDateUTC,
  view(book, record, detail) {
    const { ContactID, LineItems, ...rest } = record;
    const view: View = {
      ...rest,
      Contact: contactSummary(book, ContactID),
      DateString: dateString(record.Date),
      HasAttachments: false,
      IsDiscounted: record.LineItems.some((line) => line.DiscountRate !== undefined),
      HasErrors: false,
      UpdatedDateUTCString: updatedDateString(record.UpdatedDateUTC),
    };
    if (record.DueDate) view.DueDateString = dateString(record.DueDate);
    if (detail.full && !detail.summaryOnly) {
      view.LineItems = viewLines(LineItems, detail);
      view.Payments = detail.index.paymentsOf(record.InvoiceID).map((p) => ({
        PaymentID: p.PaymentID,
        Date: p.Date,
        Amount: p.Amount,
        Reference: p.Reference ?? '',
        CurrencyRate: p.CurrencyRate,
        HasAccount: false,
        HasValidationErrors: false,
      }));
      view.CreditNotes = detail.index.creditAppliedTo(record.InvoiceID).map(({ note, allocation }) => ({
        CreditNoteID: note.CreditNoteID,
        CreditNoteNumber: note.CreditNoteNumber,
        AppliedAmount: allocation.Amount,
        Date: allocation.Date,
        Total: note.Total,
        HasErrors: false,
      }));
      view.Prepayments = [];
      view.Overpayments = [];
    }
    return view;
  },
  listFilter(query) {
    const ids = query.ids?.map((id) => id.toLowerCase());
    const contactIds = query.contactIds?.map((id) => id.toLowerCase());
    const term = query.searchTerm?.toLowerCase();
    return (record) =>
      (!ids || ids.includes(record.InvoiceID)) &&
      (!query.statuses || query.statuses.includes(record.Status)) &&
      (!query.numbers || (record.InvoiceNumber !== undefined && query.numbers.includes(record.InvoiceNumber))) &&
      (!contactIds || contactIds.includes(record.ContactID)) &&
      (!term || [record.InvoiceNumber, record.Reference].some((value) => value?.toLowerCase().includes(term)));
  },
  match(book, input) {
    if (input.InvoiceID) return findById(book.invoices, input.InvoiceID) ?? 'missing';
    if (input.InvoiceNumber) {
      const byNumber = book.invoiceByNumber(input.InvoiceNumber);
      if (byNumber && (byNumber.Type === 'ACCREC' || input.Type === undefined || input.Type === byNumber.Type)) {
        return byNumber;
      }
    }
    return undefined;
  },
  create: (context, input) => buildInvoice(context, input, undefined),
  update: (context, existing, input) => buildInvoice(context, input, existing),
};
