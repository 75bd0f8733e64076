import { CounterpartError, describeError } from '../../errors.js';
import { currencyExponent, minorUnitsFromNumber, parseMinorUnits } from '../../model/money.js';
import { dayOfDate, parseDay } from '../normalise.js';
import { type Entity, fieldsOf } from '../schema.js';
import { detached, StringIndex } from '../stringIndex.js';
import { NO_DAY, RecordTableBuilder } from '../table.js';
import type { ColumnMapping } from './columns.js';
import type { CsvCursor } from './csvTokenizer.js';

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
  | TextSlot
  | { readonly kind: 'money'; readonly name: string; readonly index: number; readonly column: number[] }
  | { readonly kind: 'date'; readonly name: string; readonly index: number; readonly column: number[] };

interface TextSlot {
  readonly kind: 'text';
  readonly name: string;
  readonly index: number;
  readonly column: string[];
  /**
   * The column's distinct values so far, while it looks repetitive (parties, statuses): a repeated value is then
   * found from the file text and shared, instead of a million copies of a few thousand names. Dropped once the
   * column turns out to hold mostly distinct values (numbers, references).
   */
  values: StringIndex | undefined;
}

/** Fields a row is checked or completed with. */
type CheckedField = 'total' | 'net' | 'tax' | 'amount' | 'date' | 'name' | 'number';

/** A text column stops sharing its values once it has this many distinct ones. */
const MAX_SHARED_VALUES = 20_000;

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
  private readonly seenIds = new StringIndex(1024);
  private readonly scratch: Array<string | number> = [];
  /** Scratch position of each field the row checks need (looked up once, not per row). */
  private readonly at: Readonly<Record<CheckedField, number | undefined>>;
  private readonly cellList = new CellList();
  private csvRecord: CsvRow | undefined;
  private lastCurrency = '';

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
        this.slots.push({ kind: 'text', name, index, column: this.builder.text.get(name)!, values: new StringIndex() });
      } else if (spec.kind === 'money')
        this.slots.push({ kind: 'money', name, index, column: this.builder.money.get(name)! });
      else if (spec.kind === 'date')
        this.slots.push({ kind: 'date', name, index, column: this.builder.dates.get(name)! });
    }
    const find = (name: string) => {
      const k = this.slots.findIndex((slot) => slot.name === name);
      return k < 0 ? undefined : k;
    };
    this.at = {
      total: find('total'),
      net: find('net'),
      tax: find('tax'),
      amount: find('amount'),
      date: find('date'),
      name: find('name'),
      number: find('number'),
    };
    this.idIndex = mapping.get('id');
    this.numberIndex = mapping.get('number');
    this.currencyIndex = mapping.get('currency');
  }

  reportLine(line: number, code: string, reason: string): void {
    this.builder.report({ source: this.source, line, code, reason });
  }

  /** Adds one data row; returns false (after reporting why) when the row cannot be used. */
  add(cells: readonly Cell[], line: number): boolean {
    this.cellList.cells = cells;
    return this.addFrom(this.cellList, line);
  }

  /** Adds the CSV record under the cursor, reading amounts and dates straight from the file text. */
  addCsv(cursor: CsvCursor): boolean {
    if (this.csvRecord?.cursor !== cursor) this.csvRecord = new CsvRow(cursor);
    return this.addFrom(this.csvRecord, cursor.line);
  }

  private addFrom(row: RowSource, line: number): boolean {
    try {
      this.convert(row, line);
      return true;
    } catch (error) {
      const code = error instanceof CounterpartError ? error.code : 'recon.bad_row';
      this.reportLine(line, code, describeError(error));
      return false;
    }
  }

  private convert(row: RowSource, line: number): void {
    const currency = this.currencyOf(row);
    const exponent = currencyExponent(currency);
    const scratch = this.scratch;
    const slots = this.slots;
    const monthFirst = this.options.monthFirst ?? false;
    for (let k = 0; k < slots.length; k++) {
      const slot = slots[k]!;
      const index = slot.index;
      if (slot.kind === 'text') scratch[k] = row.plainText(index, slot) ?? detached(cellText(row.cell(index)).trim());
      else if (slot.kind === 'money')
        scratch[k] = row.plainMoney(index, exponent) ?? moneyOf(row.cell(index), exponent, slot.name) ?? Number.NaN;
      else scratch[k] = row.plainDay(index, monthFirst) ?? dayOfCell(row.cell(index), slot.name, monthFirst) ?? NO_DAY;
    }
    this.complete();
    this.requireValues();
    const id = this.idOf(row, line);
    for (let k = 0; k < slots.length; k++) slots[k]!.column.push(scratch[k] as never);
    this.builder.ids.push(id);
    this.builder.currencies.push(currency);
    this.builder.lines.push(line);
  }

  private currencyOf(row: RowSource): string {
    if (this.currencyIndex === undefined) return this.checkedCurrency('');
    const code = row.plainCode(this.currencyIndex, this.lastCurrency);
    if (code !== undefined) {
      this.lastCurrency = code;
      return code;
    }
    return this.checkedCurrency(cellText(row.cell(this.currencyIndex)).trim().toUpperCase());
  }

  private checkedCurrency(currencyText: string): string {
    const currency = currencyText === '' ? this.options.defaultCurrency : currencyText;
    if (!/^[A-Z]{3}$/.test(currency))
      throw rowError('recon.bad_currency', `currency "${currencyText}" is not an ISO 4217 code`);
    return currency;
  }

  private value(k: number | undefined): string | number | undefined {
    return k === undefined ? undefined : this.scratch[k];
  }

  private present(k: number | undefined): boolean {
    const value = this.value(k);
    if (value === undefined || value === '') return false;
    return typeof value === 'string' || (!Number.isNaN(value) && value !== NO_DAY);
  }

  /** Fills a total from net + tax so either export style can be compared. */
  private complete(): void {
    if (this.entity !== 'invoices' && this.entity !== 'credit-notes') return;
    const { total, net, tax } = this.at;
    if (total === undefined || this.present(total) || !this.present(net)) return;
    const taxValue = this.present(tax) ? (this.value(tax) as number) : 0;
    this.scratch[total] = (this.value(net) as number) + taxValue;
  }

  private requireValues(): void {
    const at = this.at;
    switch (this.entity) {
      case 'invoices':
      case 'credit-notes':
        if (!this.present(at.total)) throw rowError('recon.missing_value', 'the total is empty');
        return;
      case 'payments':
      case 'bank-lines':
        if (!this.present(at.amount)) throw rowError('recon.missing_value', 'the amount is empty');
        if (!this.present(at.date)) throw rowError('recon.missing_value', 'the date is empty');
        return;
      default:
        if (!this.present(at.name) && !this.present(at.number))
          throw rowError('recon.missing_value', 'the name and number are both empty');
    }
  }

  private idOf(row: RowSource, line: number): string {
    const fromId = this.idIndex === undefined ? '' : cellText(row.cell(this.idIndex)).trim();
    const fromNumber =
      fromId !== '' || this.numberIndex === undefined ? '' : cellText(row.cell(this.numberIndex)).trim();
    const id = detached(fromId || fromNumber || `line ${line}`);
    const seen = this.seenIds.size;
    if (this.seenIds.add(id) < seen) throw rowError('recon.duplicate_id', `id "${id}" appears earlier in the file`);
    return id;
  }
}

/** Where a row's cells come from: a list of cells (spreadsheets) or a CSV record read in place. */
interface RowSource {
  cell(index: number): Cell;
  /** Minor units of a plain "-1234.56" cell read in place, or undefined to take the general route. */
  plainMoney(index: number, exponent: number): number | undefined;
  /** Day number of a plain ISO (or, unless month first, DD/MM/YYYY) date read in place, or undefined. */
  plainDay(index: number, monthFirst: boolean): number | undefined;
  /** A plain three-letter upper-case code (`last` when it is the same, to share one string), or undefined. */
  plainCode(index: number, last: string): string | undefined;
  /** A text cell with nothing to trim, shared with earlier equal values of its column; or undefined. */
  plainText(index: number, slot: TextSlot): string | undefined;
}

class CellList implements RowSource {
  cells: readonly Cell[] = [];

  cell(index: number): Cell {
    return this.cells[index];
  }

  plainMoney(): number | undefined {
    return undefined;
  }

  plainDay(): number | undefined {
    return undefined;
  }

  plainCode(): string | undefined {
    return undefined;
  }

  plainText(): string | undefined {
    return undefined;
  }
}

class CsvRow implements RowSource {
  constructor(readonly cursor: CsvCursor) {}

  cell(index: number): Cell {
    return index < this.cursor.count ? this.cursor.field(index) : undefined;
  }

  plainMoney(index: number, exponent: number): number | undefined {
    const cursor = this.cursor;
    if (index >= cursor.count || cursor.isQuoted(index)) return undefined;
    const start = cursor.starts[index]!;
    const end = cursor.ends[index]!;
    return end > start ? plainMinorUnitsAt(cursor.text, start, end, exponent) : undefined;
  }

  plainDay(index: number, monthFirst: boolean): number | undefined {
    const cursor = this.cursor;
    if (index >= cursor.count || cursor.isQuoted(index)) return undefined;
    const start = cursor.starts[index]!;
    if (cursor.ends[index]! - start !== 10) return undefined;
    const text = cursor.text;
    return isoDayAt(text, start) ?? (monthFirst ? undefined : dayFirstDayAt(text, start));
  }

  plainCode(index: number, last: string): string | undefined {
    const cursor = this.cursor;
    if (index >= cursor.count || cursor.isQuoted(index)) return undefined;
    const start = cursor.starts[index]!;
    if (cursor.ends[index]! - start !== 3) return undefined;
    const text = cursor.text;
    let same = last.length === 3;
    for (let i = 0; i < 3; i++) {
      const c = text.charCodeAt(start + i);
      if (c < 65 || c > 90) return undefined;
      if (same && c !== last.charCodeAt(i)) same = false;
    }
    return same ? last : text.slice(start, start + 3);
  }

  plainText(index: number, slot: TextSlot): string | undefined {
    const values = slot.values;
    const cursor = this.cursor;
    if (values === undefined || index >= cursor.count || cursor.isQuoted(index)) return undefined;
    const start = cursor.starts[index]!;
    const end = cursor.ends[index]!;
    if (end === start) return '';
    const text = cursor.text;
    // Printable ASCII at both ends: nothing to trim.
    const first = text.charCodeAt(start);
    const last = text.charCodeAt(end - 1);
    if (first <= 32 || first >= 127 || last <= 32 || last >= 127) return undefined;
    const value = values.keys[values.addRange(text, start, end)]!;
    if (values.size > MAX_SHARED_VALUES) slot.values = undefined;
    return value;
  }
}

function rowError(code: string, reason: string): CounterpartError {
  return new CounterpartError(code, reason);
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
  return plainMinorUnitsAt(text, 0, text.length, exponent);
}

/** plainMinorUnits of text[start, end), read in place (a CSV field without cutting it out of the file). */
export function plainMinorUnitsAt(text: string, start: number, end: number, exponent: number): number | undefined {
  let i = start;
  const n = end;
  let negative = false;
  if (i < n && text.charCodeAt(i) === 45) {
    negative = true;
    i++;
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
  const day =
    (text.length === 10 ? (isoDayAt(text, 0) ?? (monthFirst ? undefined : dayFirstDayAt(text, 0))) : undefined) ??
    parseDay(text, monthFirst);
  if (day === undefined) throw rowError('recon.bad_date', `${name} "${clip(text)}" is not a date`);
  return day;
}

/** Day number of plain "YYYY-MM-DD" in the 10 characters at `at`, from their codes: no Date, no substrings. */
export function isoDayAt(text: string, at: number): number | undefined {
  if (text.charCodeAt(at + 4) !== 45 || text.charCodeAt(at + 7) !== 45) return undefined;
  return civilDay(digits(text, at, 4), digits(text, at + 5, 2), digits(text, at + 8, 2));
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

/** Day number of plain "DD/MM/YYYY" (how UK systems export dates) in the 10 characters at `at`. */
export function dayFirstDayAt(text: string, at: number): number | undefined {
  if (text.charCodeAt(at + 2) !== 47 || text.charCodeAt(at + 5) !== 47) return undefined;
  return civilDay(digits(text, at + 6, 4), digits(text, at + 3, 2), digits(text, at, 2));
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
