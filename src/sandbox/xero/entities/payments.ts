import { toCents } from '../amounts.js';
import type { TenantBook } from '../book.js';
import { newId, type WebhookCategory, type WriteContext } from '../context.js';
import { updatedDateString } from '../msDate.js';
import type { AccountRecord, CreditNoteRecord, InvoiceRecord, PaymentRecord } from '../records.js';
import { failed, type Outcome, succeeded } from '../validation.js';
import { PaymentInput } from '../wire.js';
import { contactSummary } from './contacts.js';
import { settleCreditNote } from './creditNotes.js';
import { readDate } from './documents.js';
import { settleInvoice } from './invoices.js';
import { type EntityKind, fieldSet, findById, type View } from './kind.js';

const PAYMENT_TYPES = {
  ACCREC: 'ACCRECPAYMENT',
  ACCPAY: 'ACCPAYPAYMENT',
  ACCRECCREDIT: 'ARCREDITPAYMENT',
  ACCPAYCREDIT: 'APCREDITPAYMENT',
} as const;

type Target = { kind: 'invoice'; record: InvoiceRecord } | { kind: 'creditNote'; record: CreditNoteRecord };

function findTarget(book: TenantBook, input: PaymentInput, errors: string[]): Target | undefined {
  const invoiceId = input.Invoice?.InvoiceID;
  const invoiceNumber = input.Invoice?.InvoiceNumber ?? input.InvoiceNumber;
  if (invoiceId || invoiceNumber) {
    const record = invoiceId ? findById(book.invoices, invoiceId) : book.invoiceByNumber(invoiceNumber ?? '');
    if (!record) errors.push('Invoice could not be found');
    return record && { kind: 'invoice', record };
  }
  const noteId = input.CreditNote?.CreditNoteID;
  const noteNumber = input.CreditNote?.CreditNoteNumber ?? input.CreditNoteNumber;
  if (noteId || noteNumber) {
    const record = noteId ? findById(book.creditNotes, noteId) : book.creditNoteByNumber(noteNumber ?? '');
    if (!record) errors.push('Credit Note could not be found');
    return record && { kind: 'creditNote', record };
  }
  errors.push('You must specify either an Invoice, Credit Note, Prepayment or Overpayment to apply the payment to.');
  return undefined;
}

function findAccount(book: TenantBook, input: PaymentInput, errors: string[]): AccountRecord | undefined {
  const id = input.Account?.AccountID;
  const code = input.Account?.Code ?? input.Code;
  if (!id && !code) {
    errors.push('You must specify an Account (AccountID or Code) for the payment.');
    return undefined;
  }
  const account = id ? findById(book.accounts, id) : book.accountByCode(code ?? '');
  if (!account) {
    errors.push('Account could not be found');
    return undefined;
  }
  if (account.Type !== 'BANK' && !account.EnablePaymentsToAccount) {
    errors.push(`Account code '${account.Code}' is not a bank account and does not allow payments.`);
  }
  return account;
}

function outstandingCents(target: Target): number {
  return target.kind === 'invoice' ? toCents(target.record.AmountDue) : toCents(target.record.RemainingCredit);
}

/** Re-settles the document a payment belongs to, after the payment changed. */
function resettle(context: WriteContext, payment: PaymentRecord): void {
  const { book } = context;
  if (payment.InvoiceID) {
    resettleDocument(context, book.invoices, payment.InvoiceID, settleInvoice, 'INVOICE', (r) => r.InvoiceID);
  } else if (payment.CreditNoteID) {
    resettleDocument(
      context,
      book.creditNotes,
      payment.CreditNoteID,
      settleCreditNote,
      'CREDITNOTE',
      (r) => r.CreditNoteID,
    );
  }
}

function resettleDocument<R extends { UpdatedDateUTC: string }>(
  context: WriteContext,
  documents: Map<string, R>,
  id: string,
  settle: (book: TenantBook, document: R) => R,
  category: WebhookCategory,
  idOf: (document: R) => string,
): void {
  const document = documents.get(id);
  if (!document) return;
  const settled = { ...settle(context.book, document), UpdatedDateUTC: context.now };
  documents.set(idOf(settled), settled);
  context.changed(category, idOf(settled), 'UPDATE');
}

/** How a payment names the document it pays: type, id and number, contact and currency. */
function documentSummary(
  book: TenantBook,
  document: { readonly Type: string; readonly ContactID: string; readonly CurrencyCode: string },
  ids: Record<string, string>,
): View {
  return {
    Type: document.Type,
    ...ids,
    Contact: contactSummary(book, document.ContactID),
    CurrencyCode: document.CurrencyCode,
    HasErrors: false,
  };
}

function createPayment(context: WriteContext, input: PaymentInput): Outcome<PaymentRecord> {
  const { book } = context;
  const errors: string[] = [];
  const target = findTarget(book, input, errors);
  const account = findAccount(book, input, errors);
  const date = readDate(input.Date, 'Date', errors) ?? context.now.slice(0, 10);
  if (input.Amount === undefined || toCents(input.Amount) <= 0)
    errors.push('Payment amount must be greater than zero.');
  if (errors.length > 0 || !target || !account || input.Amount === undefined) return failed(...errors);
  if (target.record.Status !== 'AUTHORISED') return failed('Payments can only be made against Authorised documents');
  if (toCents(input.Amount) > outstandingCents(target)) {
    return failed('Payment amount exceeds the amount outstanding on this document');
  }
  const record: PaymentRecord = {
    PaymentID: newId(),
    AccountID: account.AccountID,
    Date: date,
    Amount: input.Amount,
    BankAmount: input.BankAmount ?? input.Amount,
    CurrencyRate: input.CurrencyRate ?? 1,
    IsReconciled: input.IsReconciled ?? false,
    Status: 'AUTHORISED',
    PaymentType: PAYMENT_TYPES[target.record.Type],
    UpdatedDateUTC: context.now,
  };
  if (target.kind === 'invoice') record.InvoiceID = target.record.InvoiceID;
  else record.CreditNoteID = target.record.CreditNoteID;
  if (input.Reference !== undefined) record.Reference = input.Reference;
  book.payments.set(record.PaymentID, record);
  resettle(context, record);
  return succeeded(record);
}

export const payments: EntityKind<PaymentInput, PaymentRecord> = {
  plural: 'Payments',
  typeName: 'Payment',
  idField: 'PaymentID',
  input: PaymentInput,
  paged: true,
  ifModifiedSince: true,
  errorFlag: 'HasValidationErrors',
  acceptsBareObject: true,
  hasLineItems: false,
  queryFields: fieldSet(
    'PaymentID',
    'Invoice',
    'CreditNote',
    'Account',
    'Date',
    'Amount',
    'BankAmount',
    'CurrencyRate',
    'Reference',
    'IsReconciled',
    'Status',
    'PaymentType',
    'UpdatedDateUTC',
  ),
  all: (book) => book.payments.values(),
  find: (book, key) => findById(book.payments, key),
  idOf: (record) => record.PaymentID,
  updatedAt: (record) => record.UpdatedDateUTC,
  view(book, record) {
    const { InvoiceID, CreditNoteID, AccountID, ...rest } = record;
    const account = book.accounts.get(AccountID);
    const view: View = {
      ...rest,
      UpdatedDateUTCString: updatedDateString(record.UpdatedDateUTC),
      Account: { AccountID, Code: account?.Code ?? '' },
      HasAccount: true,
      HasValidationErrors: false,
    };
    const invoice = InvoiceID ? book.invoices.get(InvoiceID) : undefined;
    if (invoice) {
      view.Invoice = {
        ...documentSummary(book, invoice, { InvoiceID: invoice.InvoiceID, InvoiceNumber: invoice.InvoiceNumber ?? '' }),
        Payments: [],
        CreditNotes: [],
        Prepayments: [],
        Overpayments: [],
      };
    }
    const note = CreditNoteID ? book.creditNotes.get(CreditNoteID) : undefined;
    if (note) {
      view.CreditNote = documentSummary(book, note, {
        CreditNoteID: note.CreditNoteID,
        CreditNoteNumber: note.CreditNoteNumber ?? '',
      });
    }
    return view;
  },
  match(book, input) {
    if (input.PaymentID) return findById(book.payments, input.PaymentID) ?? 'missing';
    return undefined;
  },
  create: createPayment,
  update(context, existing, input) {
    // A payment cannot be edited in Xero, only deleted (and then re-entered).
    if (input.Status !== 'DELETED') return failed('Payments can only be deleted, not edited.');
    if (existing.Status === 'DELETED') return failed('This payment has already been deleted.');
    const record: PaymentRecord = { ...existing, Status: 'DELETED', UpdatedDateUTC: context.now };
    context.book.payments.set(record.PaymentID, record);
    resettle(context, record);
    return succeeded(record);
  },
};
