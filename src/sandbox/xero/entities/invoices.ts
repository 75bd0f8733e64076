import { fromCents, toCents } from '../amounts.js';
import type { TenantBook } from '../book.js';
import { newId, type WriteContext } from '../context.js';
import type { InvoiceRecord } from '../records.js';
import { failed, type Outcome, succeeded } from '../validation.js';
import { InvoiceInput } from '../wire.js';
import {
  applySettlement,
  documentBody,
  documentView,
  LOCKED_WITH_PAYMENTS,
  readDocumentHeader,
  readTypeAndStatus,
} from './documentHeader.js';
import { checkApprovable, commitContact, nextNumber, viewLines } from './documents.js';
import { type EntityKind, fieldSet, findById } from './kind.js';

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
  applySettlement(next, { settled, outstanding: !settled, lastDate: lastPaymentDate });
  return next;
}

function buildInvoice(
  context: WriteContext,
  input: InvoiceInput,
  existing: InvoiceRecord | undefined,
): Outcome<InvoiceRecord> {
  const { book } = context;
  const errors: string[] = [];
  const head = readTypeAndStatus('Invoice', input, existing, (status) =>
    existing && hasPayments(book, existing.InvoiceID) && (input.LineItems !== undefined || status === 'VOIDED')
      ? LOCKED_WITH_PAYMENTS
      : undefined,
  );
  if (!head.ok) return failed(head.error);
  const { type, status } = head;
  const header = readDocumentHeader(
    context,
    input,
    existing,
    { side: type === 'ACCREC' ? 'sales' : 'purchases', extraDates: ['DueDate', 'ExpectedPaymentDate'] },
    errors,
  );
  const { contact, dates, computed } = header;
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
    ...documentBody(header, status, input, existing),
    AmountPaid: existing?.AmountPaid ?? 0,
    AmountCredited: existing?.AmountCredited ?? 0,
    AmountDue: computed.Total,
    UpdatedDateUTC: context.now,
  };
  if (number !== undefined) record.InvoiceNumber = number;
  Object.assign(record, dates);
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
    const { ContactID: _contact, LineItems, ...rest } = record;
    const view = documentView(book, record, rest, {
      IsDiscounted: record.LineItems.some((line) => line.DiscountRate !== undefined),
    });
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
