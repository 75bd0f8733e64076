import { newId, type WriteContext } from '../context.js';
import type { AccountRecord } from '../records.js';
import { failed, type Outcome, succeeded } from '../validation.js';
import { AccountInput } from '../wire.js';
import { type EntityKind, fieldSet, findById } from './kind.js';

const CLASS_OF_TYPE: Readonly<Record<string, AccountRecord['Class']>> = {
  BANK: 'ASSET',
  CURRENT: 'ASSET',
  FIXED: 'ASSET',
  INVENTORY: 'ASSET',
  NONCURRENT: 'ASSET',
  PREPAYMENT: 'ASSET',
  CURRLIAB: 'LIABILITY',
  LIABILITY: 'LIABILITY',
  TERMLIAB: 'LIABILITY',
  PAYG: 'LIABILITY',
  EQUITY: 'EQUITY',
  DEPRECIATN: 'EXPENSE',
  DIRECTCOSTS: 'EXPENSE',
  EXPENSE: 'EXPENSE',
  OVERHEADS: 'EXPENSE',
  OTHERINCOME: 'REVENUE',
  REVENUE: 'REVENUE',
  SALES: 'REVENUE',
};

export function accountClass(type: string): AccountRecord['Class'] | undefined {
  return CLASS_OF_TYPE[type];
}

function build(
  context: WriteContext,
  input: AccountInput,
  existing: AccountRecord | undefined,
): Outcome<AccountRecord> {
  const { book } = context;
  const errors: string[] = [];
  const type = input.Type ?? existing?.Type;
  const klass = type ? accountClass(type) : undefined;
  if (!type || !klass) errors.push(type ? `'${type}' is not a valid account type.` : 'Please select an Account Type.');
  const name = input.Name ?? existing?.Name;
  if (!name || name.trim() === '') errors.push('Please enter a Name.');
  const code = input.Code ?? existing?.Code;
  if (!code && type !== 'BANK') errors.push('Please enter a Code.');
  if (code && code.length > 10) errors.push('The Code must not exceed 10 characters.');
  for (const other of book.accounts.values()) {
    if (other.AccountID === existing?.AccountID) continue;
    if (code && other.Code === code) errors.push('Please enter a unique Code.');
    if (name && other.Name.toLowerCase() === name.toLowerCase()) errors.push('Please enter a unique Name.');
  }
  if (type === 'BANK' && !(input.BankAccountNumber ?? existing?.BankAccountNumber)) {
    errors.push('Please enter a Bank Account Number.');
  }
  if (input.TaxType && !book.taxRates.has(input.TaxType))
    errors.push(`The TaxType code '${input.TaxType}' does not exist.`);
  if (errors.length > 0 || !type || !klass || !name) return failed(...errors);
  const record: AccountRecord = {
    ...existing,
    AccountID: existing?.AccountID ?? newId(),
    Name: name,
    Type: type,
    Class: klass,
    Status: input.Status ?? existing?.Status ?? 'ACTIVE',
    EnablePaymentsToAccount: input.EnablePaymentsToAccount ?? existing?.EnablePaymentsToAccount ?? false,
    ShowInExpenseClaims: input.ShowInExpenseClaims ?? existing?.ShowInExpenseClaims ?? false,
    UpdatedDateUTC: context.now,
  };
  if (code) record.Code = code;
  for (const field of [
    'TaxType',
    'Description',
    'BankAccountNumber',
    'BankAccountType',
    'CurrencyCode',
    'ReportingCode',
    'AddToWatchlist',
  ] as const) {
    if (input[field] !== undefined) Object.assign(record, { [field]: input[field] });
  }
  if (type === 'BANK' && record.BankAccountType === undefined) record.BankAccountType = 'BANK';
  book.accounts.set(record.AccountID, record);
  return succeeded(record);
}

export const accounts: EntityKind<AccountInput, AccountRecord> = {
  plural: 'Accounts',
  typeName: 'Account',
  idField: 'AccountID',
  input: AccountInput,
  paged: false,
  ifModifiedSince: true,
  acceptsBareObject: true,
  hasLineItems: false,
  queryFields: fieldSet(
    'AccountID',
    'Code',
    'Name',
    'Type',
    'Class',
    'Status',
    'TaxType',
    'Description',
    'BankAccountNumber',
    'BankAccountType',
    'CurrencyCode',
    'EnablePaymentsToAccount',
    'ShowInExpenseClaims',
    'SystemAccount',
    'ReportingCode',
    'UpdatedDateUTC',
  ),
  all: (book) => book.accounts.values(),
  find: (book, key) => findById(book.accounts, key),
  idOf: (record) => record.AccountID,
  updatedAt: (record) => record.UpdatedDateUTC,
  view: (_book, record) => ({ ...record, HasAttachments: false }),
  match(book, input) {
    if (input.AccountID) return findById(book.accounts, input.AccountID) ?? 'missing';
    return undefined;
  },
  create: (context, input) => build(context, input, undefined),
  update: (context, existing, input) => build(context, input, existing),
};
