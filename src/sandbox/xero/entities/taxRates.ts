import { decimalSum } from '../../../model/money.js';
import { decimalText } from '../amounts.js';
import type { WriteContext } from '../context.js';
import type { TaxComponent, TaxRateRecord } from '../records.js';
import { failed, type Outcome, succeeded } from '../validation.js';
import { TaxRateInput } from '../wire.js';
import { type EntityKind, fieldSet } from './kind.js';

/** The rate a document applies: the components' sum (compound components are not modelled). */
export function effectiveRate(components: readonly TaxComponent[]): number {
  return Number(decimalSum('0', ...components.map((c) => decimalText(c.Rate))));
}

function build(
  context: WriteContext,
  input: TaxRateInput,
  existing: TaxRateRecord | undefined,
): Outcome<TaxRateRecord> {
  const { book } = context;
  const name = input.Name ?? existing?.Name;
  if (!name || name.trim() === '') return failed('Please enter a Name.');
  for (const other of book.taxRates.values()) {
    if (other.TaxType !== existing?.TaxType && other.Name.toLowerCase() === name.toLowerCase()) {
      return failed('Please enter a unique Name.');
    }
  }
  const components: TaxComponent[] | undefined = input.TaxComponents?.map((c) => ({
    Name: c.Name ?? name,
    Rate: c.Rate ?? 0,
    IsCompound: c.IsCompound ?? false,
    IsNonRecoverable: c.IsNonRecoverable ?? false,
  }));
  if (!existing && (!components || components.length === 0)) return failed('At least one tax component is required.');
  let taxType = existing?.TaxType;
  if (!taxType) {
    book.counters.taxRate++;
    taxType = `TAX${String(book.counters.taxRate).padStart(3, '0')}`;
  }
  const finalComponents = components ?? existing?.TaxComponents ?? [];
  const rate = effectiveRate(finalComponents);
  const record: TaxRateRecord = {
    ...existing,
    Name: name,
    TaxType: taxType,
    TaxComponents: finalComponents,
    Status: input.Status ?? existing?.Status ?? 'ACTIVE',
    CanApplyToAssets: existing?.CanApplyToAssets ?? true,
    CanApplyToEquity: existing?.CanApplyToEquity ?? true,
    CanApplyToExpenses: existing?.CanApplyToExpenses ?? true,
    CanApplyToLiabilities: existing?.CanApplyToLiabilities ?? true,
    CanApplyToRevenue: existing?.CanApplyToRevenue ?? true,
    DisplayTaxRate: rate,
    EffectiveRate: rate,
  };
  const report = input.ReportTaxType ?? existing?.ReportTaxType;
  if (report !== undefined) record.ReportTaxType = report;
  book.taxRates.set(record.TaxType, record);
  return succeeded(record);
}

export const taxRates: EntityKind<TaxRateInput, TaxRateRecord> = {
  plural: 'TaxRates',
  typeName: 'TaxRate',
  idField: 'TaxType',
  input: TaxRateInput,
  paged: false,
  ifModifiedSince: false,
  acceptsBareObject: false,
  hasLineItems: false,
  queryFields: fieldSet(
    'Name',
    'TaxType',
    'TaxComponents',
    'Status',
    'ReportTaxType',
    'CanApplyToAssets',
    'CanApplyToEquity',
    'CanApplyToExpenses',
    'CanApplyToLiabilities',
    'CanApplyToRevenue',
    'DisplayTaxRate',
    'EffectiveRate',
  ),
  all: (book) => book.taxRates.values(),
  find: (book, key) => book.taxRates.get(key.toUpperCase()),
  idOf: (record) => record.TaxType,
  updatedAt: () => undefined,
  view: (_book, record) => ({ ...record }),
  match(book, input) {
    if (input.TaxType) return book.taxRates.get(input.TaxType) ?? 'missing';
    if (input.Name) {
      for (const rate of book.taxRates.values()) if (rate.Name.toLowerCase() === input.Name.toLowerCase()) return rate;
    }
    return undefined;
  },
  create: (context, input) => build(context, input, undefined),
  update: (context, existing, input) => build(context, input, existing),
};
