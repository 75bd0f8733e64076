import type { CurrencyRecord } from '../records.js';
import { failed, succeeded } from '../validation.js';
import { CurrencyInput } from '../wire.js';
import { type EntityKind, fieldSet } from './kind.js';

const NAMES = new Intl.DisplayNames(['en'], { type: 'currency' });
const KNOWN = new Set(Intl.supportedValuesOf('currency'));

export function currencyRecord(code: string): CurrencyRecord {
  return { Code: code, Description: NAMES.of(code) ?? code };
}

export const currencies: EntityKind<CurrencyInput, CurrencyRecord> = {
  plural: 'Currencies',
  typeName: 'Currency',
  idField: 'Code',
  input: CurrencyInput,
  paged: false,
  ifModifiedSince: false,
  acceptsBareObject: true,
  hasLineItems: false,
  queryFields: fieldSet('Code', 'Description'),
  all: (book) => book.currencies.values(),
  find: (book, key) => book.currencies.get(key.toUpperCase()),
  idOf: (record) => record.Code,
  updatedAt: () => undefined,
  view: (_book, record) => ({ ...record }),
  match: () => undefined,
  create(context, input) {
    const code = input.Code?.toUpperCase();
    if (!code || !KNOWN.has(code)) return failed(`'${input.Code ?? ''}' is not a valid currency code.`);
    if (context.book.currencies.has(code)) return failed(`The currency ${code} has already been added.`);
    const record = currencyRecord(code);
    context.book.currencies.set(code, record);
    return succeeded(record);
  },
  update: () => failed('Currencies cannot be updated.'),
};
