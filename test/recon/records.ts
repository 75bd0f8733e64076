import { parseDay } from '../../src/recon/normalise.js';
import type { Entity } from '../../src/recon/schema.js';
import { type CanonicalValues, type RecordTable, recordTableFrom } from '../../src/recon/table.js';

/** A test record written the way people read them: amounts as decimal text, dates as ISO text. */
export interface Row {
  id: string;
  date?: string;
  amount?: string;
  currency?: string;
  [field: string]: string | undefined;
}

const MONEY = new Set(['amount', 'net', 'tax', 'total', 'amount_paid', 'unit_price']);
const DATES = new Set(['date', 'due_date']);

function minor(text: string): number {
  const [whole = '0', fraction = ''] = text.replace('-', '').split('.');
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return text.startsWith('-') ? -value : value;
}

/** Builds a record table from rows; every column used by any row is present for all. */
export function table(entity: Entity, rows: readonly Row[], source = 'test'): RecordTable {
  const values: CanonicalValues[] = rows.map((row) => {
    const text: Record<string, string> = {};
    const money: Record<string, number> = {};
    const dates: Record<string, number> = {};
    for (const [key, value] of Object.entries(row)) {
      if (value === undefined || key === 'id' || key === 'currency') continue;
      if (MONEY.has(key)) money[key] = minor(value);
      else if (DATES.has(key)) dates[key] = parseDay(value)!;
      else text[key] = value;
    }
    return { id: row.id, currency: row.currency ?? 'GBP', text, money, dates };
  });
  const columns = new Set(rows.flatMap((row) => Object.keys(row)));
  return recordTableFromColumns(entity, source, values, columns);
}

function recordTableFromColumns(
  entity: Entity,
  source: string,
  values: CanonicalValues[],
  columns: Set<string>,
): RecordTable {
  const full = recordTableFrom(entity, source, values);
  // Drop columns no row mentioned, as a file without that header would.
  const text = new Map([...full.text].filter(([name]) => columns.has(name)));
  const money = new Map([...full.money].filter(([name]) => columns.has(name)));
  const dates = new Map([...full.dates].filter(([name]) => columns.has(name)));
  return { ...full, text, money, dates };
}

/** Deterministic pseudo-random numbers (mulberry32) for generated data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
