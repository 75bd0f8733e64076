import { fromCents, toCents } from '../amounts.js';
import type { TenantBook } from '../book.js';
import { newId, type WriteContext } from '../context.js';
import type { CreditNoteRecord } from '../records.js';
import { failed, type Outcome, succeeded } from '../validation.js';
import { CreditNoteInput } from '../wire.js';
import {
  applySettlement,
  documentBody,
  documentView,
  LOCKED_WITH_PAYMENTS,
  readDocumentHeader,
  readTypeAndStatus,
} from './documentHeader.js';
import { checkApprovable, commitContact, nextNumber, readDate, viewLines } from './documents.js';
import { settleInvoice } from './invoices.js';
import { type EntityKind, fieldSet, findById } from './kind.js';

/** Remaining credit after allocations to invoices and cash refunds; fully used credit notes become PAID. */
export function settleCreditNote(book: TenantBook, note: CreditNoteRecord): CreditNoteRecord {
  let used = note.Allocations.reduce((sum, a) => sum + toCents(a.Amount), 0);
  let lastDate = note.Allocations.reduce<string | undefined>((d, a) => (!d || a.Date > d ? a.Date : d), undefined);
  for (const payment of book.payments.values()) {
    if (payment.CreditNoteID !== note.CreditNoteID || payment.Status !== 'AUTHORISED') continue;
    used += toCents(payment.Amount);
    if (!lastDate || payment.Date > lastDate) lastDate = payment.Date;
  }
  const remaining = toCents(note.Total) - used;
  const next: CreditNoteRecord = {
    ...note,
    RemainingCredit: note.Status === 'VOIDED' || note.Status === 'DELETED' ? 0 : fromCents(remaining),
  };
  applySettlement(next, { settled: remaining === 0 && used > 0, outstanding: remaining !== 0, lastDate });
  return next;
}

function buildCreditNote(
  context: WriteContext,
  input: CreditNoteInput,
  existing: CreditNoteRecord | undefined,
): Outcome<CreditNoteRecord> {
  const { book } = context;
  const errors: string[] = [];
  const head = readTypeAndStatus('Credit Note', input, existing, () =>
    existing && toCents(existing.Total) !== toCents(existing.RemainingCredit) && input.LineItems !== undefined
      ? LOCKED_WITH_PAYMENTS
      : undefined,
  );
  if (!head.ok) return failed(head.error);
  const { type, status } = head;
  const header = readDocumentHeader(
    context,
    input,
    existing,
    { side: type === 'ACCRECCREDIT' ? 'sales' : 'purchases', extraDates: ['DueDate'] },
    errors,
  );
  const { contact, dates, computed } = header;
  checkApprovable(status, computed.lines, errors);
  let number = input.CreditNoteNumber ?? existing?.CreditNoteNumber;
  if (type === 'ACCRECCREDIT' && number !== undefined) {
    const clash = book.creditNoteByNumber(number);
    if (clash && clash.CreditNoteID !== existing?.CreditNoteID) errors.push('Credit Note # must be unique.');
  }
  if (errors.length > 0) return failed(...errors);
  if (type === 'ACCRECCREDIT' && number === undefined) {
    const [generated, counter] = nextNumber('CN-', book.counters.creditNote, (n) => !!book.creditNoteByNumber(n));
    number = generated;
    book.counters.creditNote = counter;
  }
  const record: CreditNoteRecord = {
    ...existing,
    CreditNoteID: existing?.CreditNoteID ?? newId(),
    Type: type,
    ContactID: contact ? commitContact(context, contact) : (existing?.ContactID ?? ''),
    ...documentBody(header, status, input, existing),
    RemainingCredit: computed.Total,
    Allocations: existing?.Allocations ?? [],
    UpdatedDateUTC: context.now,
  };
  if (number !== undefined) record.CreditNoteNumber = number;
  Object.assign(record, dates);
  if (input.Reference !== undefined) record.Reference = input.Reference;
  const settled = settleCreditNote(book, record);
  book.creditNotes.set(settled.CreditNoteID, settled);
  context.changed('CREDITNOTE', settled.CreditNoteID, existing ? 'UPDATE' : 'CREATE');
  return succeeded(settled);
}

/** PUT /CreditNotes/{id}/Allocations: applies credit to invoices of the same contact. */
export function allocateCreditNote(
  context: WriteContext,
  note: CreditNoteRecord,
  allocation: { InvoiceID?: string | undefined; Amount?: number | undefined; Date?: string | undefined },
): Outcome<CreditNoteRecord> {
  const { book } = context;
  const errors: string[] = [];
  const invoice = allocation.InvoiceID ? findById(book.invoices, allocation.InvoiceID) : undefined;
  if (!invoice) errors.push('Invoice could not be found');
  if (allocation.Amount === undefined || toCents(allocation.Amount) <= 0)
    errors.push('Amount must be greater than zero');
  const date = readDate(allocation.Date, 'Date', errors) ?? context.now.slice(0, 10);
  if (errors.length > 0 || !invoice || allocation.Amount === undefined) return failed(...errors);
  if (note.Status !== 'AUTHORISED' || invoice.Status !== 'AUTHORISED') {
    return failed('Credit notes can only be allocated when both documents are Authorised');
  }
  const amount = toCents(allocation.Amount);
  if (amount > toCents(note.RemainingCredit) || amount > toCents(invoice.AmountDue)) {
    return failed('The amount being allocated exceeds the amount outstanding on the credit note or invoice');
  }
  const next = settleCreditNote(book, {
    ...note,
    Allocations: [
      ...note.Allocations,
      { AllocationID: newId(), InvoiceID: invoice.InvoiceID, Amount: allocation.Amount, Date: date },
    ],
    UpdatedDateUTC: context.now,
  });
  book.creditNotes.set(next.CreditNoteID, next);
  const settledInvoice = { ...settleInvoice(book, invoice), UpdatedDateUTC: context.now };
  book.invoices.set(settledInvoice.InvoiceID, settledInvoice);
  context.changed('CREDITNOTE', next.CreditNoteID, 'UPDATE');
  context.changed('INVOICE', invoice.InvoiceID, 'UPDATE');
  return succeeded(next);
}

export const creditNotes: EntityKind<CreditNoteInput, CreditNoteRecord> = {
  plural: 'CreditNotes',
  typeName: 'CreditNote',
  idField: 'CreditNoteID',
  input: CreditNoteInput,
  paged: true,
  ifModifiedSince: true,
  errorFlag: 'HasErrors',
  acceptsBareObject: false,
  hasLineItems: true,
  webhookCategory: 'CREDITNOTE',
  queryFields: fieldSet(
    'CreditNoteID',
    'Type',
    'CreditNoteNumber',
    'Reference',
    'Contact',
    'Date',
    'DueDate',
    'Status',
    'LineAmountTypes',
    'LineItems',
    'CurrencyCode',
    'SubTotal',
    'TotalTax',
    'Total',
    'RemainingCredit',
    'FullyPaidOnDate',
    'UpdatedDateUTC',
  ),
  all: (book) => book.creditNotes.values(),
  find: (book, key) => findById(book.creditNotes, key) ?? book.creditNoteByNumber(key),
  idOf: (record) => record.CreditNoteID,
  updatedAt: (record) => record.UpdatedDateUTC,
  view(book, record, detail) {
    const { ContactID: _contact, LineItems, Allocations, ...rest } = record;
    const view = documentView(book, record, rest);
    if (detail.full && !detail.summaryOnly) {
      view.LineItems = viewLines(LineItems, detail);
      view.Allocations = Allocations.map((a) => {
        const invoice = book.invoices.get(a.InvoiceID);
        return {
          AllocationID: a.AllocationID,
          Amount: a.Amount,
          Date: a.Date,
          Invoice: { InvoiceID: a.InvoiceID, InvoiceNumber: invoice?.InvoiceNumber ?? '', HasErrors: false },
          IsDeleted: false,
        };
      });
      view.Payments = detail.index
        .paymentsOf(record.CreditNoteID)
        .map((p) => ({ PaymentID: p.PaymentID, Date: p.Date, Amount: p.Amount, HasValidationErrors: false }));
    }
    return view;
  },
  listFilter(query) {
    const ids = query.ids?.map((id) => id.toLowerCase());
    return (record) => !ids || ids.includes(record.CreditNoteID);
  },
  match(book, input) {
    if (input.CreditNoteID) return findById(book.creditNotes, input.CreditNoteID) ?? 'missing';
    if (input.CreditNoteNumber) return book.creditNoteByNumber(input.CreditNoteNumber);
    return undefined;
  },
  create: (context, input) => buildCreditNote(context, input, undefined),
  update: (context, existing, input) => buildCreditNote(context, input, existing),
};
