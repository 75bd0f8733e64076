import { currencyExponent, formatMinorUnits } from '../model/money.js';
import { formatDay } from './normalise.js';
import { type Entity, fieldsOf } from './schema.js';

/** A day number (days since 1970-01-01 UTC) that stands for "no date". */
export const NO_DAY = -2147483648;

/** A problem with one input row: where it is and why it was not used. */
export interface RowIssue {
  readonly source: string;
  readonly line: number;
  readonly code: string;
  readonly reason: string;
}

/**
 * One side's records, stored by column rather than one object per row: a million invoices fit in a few hundred
 * megabytes and the matching loops read typed arrays. Money columns hold integer minor units (NaN when missing); a
 * Float64Array is used only because it holds every safe integer exactly — amounts are never fractional here.
 */
export interface RecordTable {
  readonly entity: Entity;
  /** What the records came from: a file name or a connection's name. */
  readonly source: string;
  readonly size: number;
  readonly ids: readonly string[];
  /** The line each record came from in its file (0 when not read from a file). */
  readonly lines: Int32Array;
  readonly text: ReadonlyMap<string, readonly string[]>;
  readonly money: ReadonlyMap<string, Float64Array>;
  readonly dates: ReadonlyMap<string, Int32Array>;
  /** ISO 4217 code of each record's amounts. */
  readonly currencies: readonly string[];
  readonly issues: readonly RowIssue[];
}

/** A record's values already converted to canonical types: text, integer minor units, day numbers. */
export interface CanonicalValues {
  readonly id: string;
  readonly currency: string;
  readonly line?: number;
  readonly text?: Readonly<Record<string, string>>;
  readonly money?: Readonly<Record<string, number>>;
  readonly dates?: Readonly<Record<string, number>>;
}

/**
 * Money columns only connections can fill, derived from a document's lines rather than read from an export (so no
 * header maps to them): `expected_tax` is the VAT each line's own rate gives on its net, summed.
 */
const derivedMoneyColumns: Readonly<Partial<Record<Entity, readonly string[]>>> = {
  invoices: ['expected_tax'],
  'credit-notes': ['expected_tax'],
};

/**
 * Grows a RecordTable row by row; columns not present in the file are left out. While building, every column is a
 * plain array (appending never copies); build() turns money and date columns into typed arrays.
 */
export class RecordTableBuilder {
  readonly ids: string[] = [];
  readonly lines: number[] = [];
  readonly currencies: string[] = [];
  readonly text = new Map<string, string[]>();
  readonly money = new Map<string, number[]>();
  readonly dates = new Map<string, number[]>();
  private readonly issues: RowIssue[] = [];

  constructor(
    readonly entity: Entity,
    readonly source: string,
    present?: ReadonlySet<string>,
  ) {
    for (const spec of fieldsOf(entity)) {
      if (spec.name === 'id' || (present && !present.has(spec.name))) continue;
      if (spec.kind === 'text' || spec.kind === 'status') this.text.set(spec.name, []);
      else if (spec.kind === 'money') this.money.set(spec.name, []);
      else if (spec.kind === 'date') this.dates.set(spec.name, []);
    }
    for (const name of derivedMoneyColumns[entity] ?? []) if (!present || present.has(name)) this.money.set(name, []);
  }

  get size(): number {
    return this.ids.length;
  }

  add(values: CanonicalValues): void {
    this.ids.push(values.id);
    this.currencies.push(values.currency);
    this.lines.push(values.line ?? 0);
    for (const [name, column] of this.text) column.push(values.text?.[name] ?? '');
    for (const [name, column] of this.money) column.push(values.money?.[name] ?? Number.NaN);
    for (const [name, column] of this.dates) column.push(values.dates?.[name] ?? NO_DAY);
  }

  report(issue: RowIssue): void {
    this.issues.push(issue);
  }

  build(): RecordTable {
    const money = new Map<string, Float64Array>();
    for (const [name, column] of this.money) money.set(name, Float64Array.from(column));
    const dates = new Map<string, Int32Array>();
    for (const [name, column] of this.dates) dates.set(name, Int32Array.from(column));
    return {
      entity: this.entity,
      source: this.source,
      size: this.ids.length,
      ids: this.ids,
      lines: Int32Array.from(this.lines),
      text: this.text,
      money,
      dates,
      currencies: this.currencies,
      issues: this.issues,
    };
  }
}

/** Builds a table from canonical values, e.g. a connector snapshot already in the workspace. */
export function recordTableFrom(entity: Entity, source: string, rows: Iterable<CanonicalValues>): RecordTable {
  const builder = new RecordTableBuilder(entity, source);
  for (const row of rows) builder.add(row);
  return builder.build();
}

/**
 * One record's values as people read them: text as is, amounts as decimal text in the record's currency, dates as
 * YYYY-MM-DD; missing values are left out. What the console's grid and reports show.
 */
export function displayValuesOf(table: RecordTable, index: number): Record<string, string> {
  const currency = table.currencies[index] ?? '';
  const values: Record<string, string> = {};
  for (const [name, column] of table.text) if (column[index]) values[name] = column[index]!;
  for (const [name, column] of table.money) {
    const amount = column[index]!;
    if (!Number.isNaN(amount)) values[name] = formatMinorUnits(amount, currencyExponent(currency));
  }
  for (const [name, column] of table.dates) if (column[index] !== NO_DAY) values[name] = formatDay(column[index]!);
  if (currency) values.currency = currency;
  return values;
}

/** One record of a table back as canonical values (the inverse of RecordTableBuilder.add). */
export function canonicalValuesAt(table: RecordTable, index: number): CanonicalValues {
  const text: Record<string, string> = {};
  const money: Record<string, number> = {};
  const dates: Record<string, number> = {};
  for (const [name, column] of table.text) if (column[index]) text[name] = column[index]!;
  for (const [name, column] of table.money) if (!Number.isNaN(column[index]!)) money[name] = column[index]!;
  for (const [name, column] of table.dates) if (column[index] !== NO_DAY) dates[name] = column[index]!;
  return {
    id: table.ids[index]!,
    currency: table.currencies[index] ?? '',
    line: table.lines[index]!,
    text,
    money,
    dates,
  };
}
