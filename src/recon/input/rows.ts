import { CounterpartError, describeError } from '../../errors.js';
import { currencyExponent, minorUnitsFromNumber, parseMinorUnits } from '../../model/money.js';
import { dayOfDate, parseDay } from '../normalise.js';
import { type Entity, fieldsOf } from '../schema.js';
import { NO_DAY, RecordTableBuilder } from '../table.js';
import type { ColumnMapping } from './columns.js';

/** A cell as readers hand it over: CSV gives text, spreadsheets also numbers and dates. */
export type Cell = string | number | Date | boolean | null | undefined;

export interface ReadOptions {
  /** Currency of rows without a currency column or value. */
  readonly defaultCurrency: string;
  /** Read "03/04/2024" as 4 March (US) instead of 3 April (UK). */
  readonly monthFirst?: boolean;
}

/** One mapped field: where its cell is, what it holds, and the column it is appended to. */
type FieldSlot =
  | { readonly kind: 'text'; readonly name: string; readonly index: number; readonly column: string[] }
  | { readonly kind: 'money'; readonly name: string; readonly index: number; readonly column: number[] }
  | { readonly kind: 'date'; readonly name: string; readonly index: number; readonly column: number[] };

/**
 * Converts raw rows into canonical values, reporting each bad row with its line and reason. A row is parsed into
 * reused scratch arrays first and appended only once every cell is valid, so a bad row leaves nothing behind.
 */
export class RowConverter {
  readonly builder: RecordTableBuilder;
  private readonly slots: FieldSlot[] = [];
  private readonly idIndex: number | undefined;
  private readonly numberIndex: number | undefined;
  private readonly currencyIndex: number | undefined;
  private readonly seenIds = new Set<string>();
  private readonly scratch: Array<string | number> = [];
  private readonly fieldIndex = new Map<string, number>();

  constructor(
    readonly entity: Entity,
    readonly source: string,
    mapping: ColumnMapping,
    private readonly options: ReadOptions,
  ) {
    this.builder = new RecordTableBuilder(entity, source, new Set(mapping.keys()));
    for (const spec of fieldsOf(entity)) {
      const index = mapping.get(spec.name);
      if (spec.name === 'id' || index === undefined) continue;
      const name = spec.name;
      if (spec.kind === 'text' || spec.kind === 'status') {
        this.slots.push({ kind: 'text', name, index, column: this.builder.text.get(name)! });
      } else if (spec.kind === 'money')
        this.slots.push({ kind: 'money', name, index, column: this.builder.money.get(name)! });
      else if (spec.kind === 'date')
        this.slots.push({ kind: 'date', name, index, column: this.builder.dates.get(name)! });
    }
    for (const [k, slot] of this.slots.entries()) this.fieldIndex.set(slot.name, k);
    this.idIndex = mapping.get('id');
    this.numberIndex = mapping.get('number');
    this.currencyIndex = mapping.get('currency');
  }

  reportLine(line: number, code: string, reason: string): void {
    this.builder.report({ source: this.source, line, code, reason });
  }

  /** Adds one data row; returns false (after reporting why) when the row cannot be used. */
  add(cells: readonly Cell[], line: number): boolean {
    try {
      this.convert(cells, line);
      return true;
    } catch (error) {
      const code = error instanceof CounterpartError ? error.code : 'recon.bad_row';
      this.reportLine(line, code, describeError(error));
      return false;
    }
  }

  private convert(cells: readonly Cell[], line: number): void {
    const currencyText =
      this.currencyIndex === undefined ? '' : cellText(cells[this.currencyIndex]).trim().toUpperCase();
    const currency = currencyText === '' ? this.options.defaultCurrency : currencyText;
    if (!/^[A-Z]{3}$/.test(currency))
      throw rowError('recon.bad_currency', `currency "${currencyText}" is not an ISO 4217 code`);
    const exponent = currencyExponent(currency);
    const scratch = this.scratch;
    const slots = this.slots;
    for (let k = 0; k < slots.length; k++) {
      const slot = slots[k]!;
      const cell = cells[slot.index];
      if (slot.kind === 'text') scratch[k] = detached(cellText(cell).trim());
      else if (slot.kind === 'money') scratch[k] = moneyOf(cell, exponent, slot.name) ?? Number.NaN;
      else scratch[k] = dayOfCell(cell, slot.name, this.options.monthFirst ?? false) ?? NO_DAY;
    }
    this.complete();
    this.requireValues();
    const id = this.idOf(cells, line);
    for (let k = 0; k < slots.length; k++) slots[k]!.column.push(scratch[k] as never);
    this.builder.ids.push(id);
    this.builder.currencies.push(currency);
    this.builder.lines.push(line);
  }

  private value(name: string): string | number | undefined {
    const k = this.fieldIndex.get(name);
    return k === undefined ? undefined : this.scratch[k];
  }

  private present(name: string): boolean {
    const value = this.value(name);
    if (value === undefined || value === '') return false;
    return typeof value === 'string' || (!Number.isNaN(value) && value !== NO_DAY);
  }

  /** Fills a total from net + tax so either export style can be compared. */
  private complete(): void {
    if (this.entity !== 'invoices' && this.entity !== 'credit-notes') return;
    const total = this.fieldIndex.get('total');
    if (total === undefined || this.present('total') || !this.present('net')) return;
    const tax = this.present('tax') ? (this.value('tax') as number) : 0;
    this.scratch[total] = (this.value('net') as number) + tax;
  }

  private requireValues(): void {
    switch (this.entity) {
      case 'invoices':
      case 'credit-notes':
        if (!this.present('total')) throw rowError('recon.missing_value', 'the total is empty');
        return;
      case 'payments':
      case 'bank-lines':
        if (!this.present('amount')) throw rowError('recon.missing_value', 'the amount is empty');
        if (!this.present('date')) throw rowError('recon.missing_value', 'the date is empty');
        return;
      default:
        if (!this.present('name') && !this.present('number'))
          throw rowError('recon.missing_value', 'the name and number are both empty');
    }
  }

  private idOf(cells: readonly Cell[], line: number): string {
    const fromId = this.idIndex === undefined ? '' : cellText(cells[this.idIndex]).trim();
    const fromNumber = this.numberIndex === undefined ? '' : cellText(cells[this.numberIndex]).trim();
    const id = detached(fromId || fromNumber || `line ${line}`);
    if (this.seenIds.has(id)) throw rowError('recon.duplicate_id', `id "${id}" appears earlier in the file`);
    this.seenIds.add(id);
    return id;
  }
}

function rowError(code: string, reason: string): CounterpartError {
  return new CounterpartError(code, reason);
}

/**
 * A copy of a string that does not point into the file it was cut from. V8 keeps slices of 13 characters or more
 * as views of the whole file's text, so a few kept values would otherwise hold every file in memory for the run.
 */
function detached(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell);
}

function moneyOf(cell: Cell, exponent: number, name: string): number | undefined {
  if (cell === null || cell === undefined || cell === '') return undefined;
  if (typeof cell === 'number') return minorUnitsFromNumber(cell, exponent);
  const text = cellText(cell).trim();
  if (text === '') return undefined;
  const fast = plainMinorUnits(text, exponent);
  if (fast !== undefined) return fast;
  try {
    return parseMinorUnits(text, exponent);
  } catch {
    throw rowError('recon.bad_amount', `${name} "${clip(text)}" is not an amount`);
  }
}

/**
 * Integer minor units of plain "-1234.56" text without going through BigInt — most export cells look like this,
 * and a million-row file spends most of its time here otherwise. Anything else returns undefined and takes the
 * general parser in money.ts.
 */
export function plainMinorUnits(text: string, exponent: number): number | undefined {
  let i = 0;
  const n = text.length;
  let negative = false;
  if (text.charCodeAt(0) === 45) {
    negative = true;
    i = 1;
  }
  let value = 0;
  let digits = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    value = value * 10 + c;
    digits++;
  }
  if (digits === 0 || digits > 15) return undefined;
  let decimals = 0;
  if (i < n) {
    if (text.charCodeAt(i) !== 46) return undefined;
    i++;
    for (; i < n; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9 || decimals === exponent) return undefined;
      value = value * 10 + c;
      decimals++;
    }
  }
  for (; decimals < exponent; decimals++) value *= 10;
  if (!Number.isSafeInteger(value)) return undefined;
  return negative ? -value : value;
}

function dayOfCell(cell: Cell, name: string, monthFirst: boolean): number | undefined {
  if (cell === null || cell === undefined || cell === '') return undefined;
  if (cell instanceof Date) return dayOfDate(cell);
  if (typeof cell === 'number') {
    // Spreadsheet serial day (1900 system) stored without a date format.
    if (cell > 20000 && cell < 80000) return Math.floor(cell) - 25569;
    throw rowError('recon.bad_date', `${name} ${cell} is not a date`);
  }
  const text = cellText(cell).trim();
  if (text === '') return undefined;
  const day = isoDay(text) ?? (monthFirst ? undefined : dayFirstDay(text)) ?? parseDay(text, monthFirst);
  if (day === undefined) throw rowError('recon.bad_date', `${name} "${clip(text)}" is not a date`);
  return day;
}

/** Day number of plain "YYYY-MM-DD" from its character codes: no Date, no substrings. */
function isoDay(text: string): number | undefined {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  return civilDay(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2));
}

/** The number written by `length` ASCII digits at `at`, or −1 if any is not a digit. */
function digits(text: string, at: number, length: number): number {
  let value = 0;
  for (let i = at; i < at + length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function civilDay(y: number, m: number, d: number): number | undefined {
  if (!(y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m))) return undefined;
  return daysFromCivil(y, m, d);
}

/** Day number of plain "DD/MM/YYYY" (how UK systems export dates), from its character codes. */
function dayFirstDay(text: string): number | undefined {
  if (text.length !== 10 || text.charCodeAt(2) !== 47 || text.charCodeAt(5) !== 47) return undefined;
  return civilDay(digits(text, 6, 4), digits(text, 3, 2), digits(text, 0, 2));
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Howard Hinnant's days_from_civil: proleptic Gregorian date to days since 1970-01-01. */
function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
