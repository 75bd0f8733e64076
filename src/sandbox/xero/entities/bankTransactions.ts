import type { z } from 'zod';
import type { TenantBook } from '../book.js';
import { newId, type WriteContext } from '../context.js';
import { dateString, updatedDateString } from '../msDate.js';
import type { AccountRecord, BankTransactionRecord } from '../records.js';
import { failed, type Outcome, succeeded } from '../validation.js';
import { type AccountRefInput, BankTransactionInput } from '../wire.js';
import { contactSummary } from './contacts.js';
import { readDocumentHeader } from './documentHeader.js';
import { commitContact, viewLines } from './documents.js';
import { type EntityKind, fieldSet, findById, type View } from './kind.js';

/** Only plain receipts and spends can be written; the other types come from overpayments, prepayments and transfers. */
const WRITABLE_TYPES = ['RECEIVE', 'SPEND'];

function bankAccount(
  book: TenantBook,
  ref: z.infer<typeof AccountRefInput> | undefined,
  errors: string[],
): AccountRecord | undefined {
  const account = ref?.AccountID
    ? findById(book.accounts, ref.AccountID)
    : ref?.Code
      ? book.accountByCode(ref.Code)
      : undefined;
  if (!account) errors.push('A valid BankAccount must be specified (AccountID or Code).');
  else if (account.Type !== 'BANK') errors.push(`Account code '${account.Code}' is not a bank account.`);
  return account;
}

function build(
  context: WriteContext,
  input: BankTransactionInput,
  existing: BankTransactionRecord | undefined,
): Outcome<BankTransactionRecord> {
  const { book } = context;
  const errors: string[] = [];
  const type = input.Type ?? existing?.Type;
  if (!type || !WRITABLE_TYPES.includes(type)) {
    return failed(`'${type ?? ''}' is not a valid bank transaction type for this operation; use RECEIVE or SPEND.`);
  }
  if (existing && existing.Status !== 'AUTHORISED') return failed('This bank transaction cannot be edited.');
  if (existing?.IsReconciled && input.LineItems) return failed('Reconciled bank transactions cannot be edited.');
  const account = input.BankAccount || !existing ? bankAccount(book, input.BankAccount, errors) : undefined;
  const { contact, date, currency, lineAmountTypes, computed } = readDocumentHeader(
    context,
    input,
    existing,
    {
      side: type === 'RECEIVE' ? 'sales' : 'purchases',
      checkLines: (lines, errs) => {
        if (lines.length === 0) errs.push('At least one line item is required.');
      },
    },
    errors,
  );
  if (computed.lines.some((line) => !line.AccountCode)) errors.push('Account code must be specified');
  if (errors.length > 0) return failed(...errors);
  const record: BankTransactionRecord = {
    ...existing,
    BankTransactionID: existing?.BankTransactionID ?? newId(),
    Type: type,
    BankAccountID: account?.AccountID ?? existing?.BankAccountID ?? '',
    Date: date,
    Status: input.Status ?? existing?.Status ?? 'AUTHORISED',
    LineAmountTypes: lineAmountTypes,
    LineItems: computed.lines,
    CurrencyCode: currency,
    CurrencyRate: input.CurrencyRate ?? existing?.CurrencyRate ?? 1,
    IsReconciled: input.IsReconciled ?? existing?.IsReconciled ?? false,
    SubTotal: computed.SubTotal,
    TotalTax: computed.TotalTax,
    Total: computed.Total,
    UpdatedDateUTC: context.now,
  };
  const contactId = contact ? commitContact(context, contact) : existing?.ContactID;
  if (contactId) record.ContactID = contactId;
  if (input.Reference !== undefined) record.Reference = input.Reference;
  if (input.Url !== undefined) record.Url = input.Url;
  book.bankTransactions.set(record.BankTransactionID, record);
  return succeeded(record);
}

export const bankTransactions: EntityKind<BankTransactionInput, BankTransactionRecord> = {
  plural: 'BankTransactions',
  typeName: 'BankTransaction',
  idField: 'BankTransactionID',
  input: BankTransactionInput,
  paged: true,
  ifModifiedSince: true,
  acceptsBareObject: false,
  hasLineItems: true,
  queryFields: fieldSet(
    'BankTransactionID',
    'Type',
    'Contact',
    'BankAccount',
    'Date',
    'Reference',
    'Status',
    'LineAmountTypes',
    'LineItems',
    'CurrencyCode',
    'SubTotal',
    'TotalTax',
    'Total',
    'IsReconciled',
    'UpdatedDateUTC',
  ),
  all: (book) => book.bankTransactions.values(),
  find: (book, key) => findById(book.bankTransactions, key),
  idOf: (record) => record.BankTransactionID,
  updatedAt: (record) => record.UpdatedDateUTC,
  view(book, record, detail) {
    const { ContactID, BankAccountID, LineItems, ...rest } = record;
    const account = book.accounts.get(BankAccountID);
    const view: View = {
      ...rest,
      BankAccount: { AccountID: BankAccountID, Code: account?.Code ?? '', Name: account?.Name ?? '' },
      DateString: dateString(record.Date),
      HasAttachments: false,
      UpdatedDateUTCString: updatedDateString(record.UpdatedDateUTC),
    };
    if (ContactID) view.Contact = contactSummary(book, ContactID);
    if (detail.full && !detail.summaryOnly) view.LineItems = viewLines(LineItems, detail);
    return view;
  },
  listFilter(query) {
    return (record) =>
      !query.references || (record.Reference !== undefined && query.references.includes(record.Reference));
  },
  match(book, input) {
    if (input.BankTransactionID) return findById(book.bankTransactions, input.BankTransactionID) ?? 'missing';
    return undefined;
  },
  create: (context, input) => build(context, input, undefined),
  update: (context, existing, input) => build(context, input, existing),
};
