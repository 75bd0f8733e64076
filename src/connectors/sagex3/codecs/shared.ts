import { z } from 'zod';
import {
  currencyExponent,
  formatMinorUnits,
  isCalendarDate,
  type Money,
  parseMinorUnits,
  type RecordSource,
} from '../../../model/index.js';
import type { SageX3ConnectionSettings } from '../settings.js';

/** What every codec needs from the connection: its settings (menus, field names, home currency). */
export interface CodecContext {
  readonly settings: SageX3ConnectionSettings;
}

/**
 * A decimal as X3 sends it (a JSON number, or text on some versions), kept as exact decimal text. A JSON number is
 * already a double; its shortest round-trip text is the decimal X3 wrote, so no arithmetic ever touches a float.
 */
export const X3Decimal = z.union([
  z.number().refine(Number.isFinite, 'a finite number').transform(decimalTextOf),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/, 'a decimal number')
    .transform((text) => text),
]);

/** A local-menu integer (X3 REST returns menus as integers; tolerate them as digit strings). */
export const X3Integer = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/, 'an integer')
    .transform((text) => Number(text)),
]);

/** X3 has no NULL: an empty text is "" (or a space on some versions). */
export const X3Text = z
  .union([z.string(), z.number().transform(String)])
  .transform((text) => text.trim())
  .optional();

/** `YYYY-MM-DD`; X3's empty dates ("", 1753-01-01 on SQL Server, 1599-12-31 on Oracle) read as absent. */
export const X3Date = z
  .string()
  .refine((text) => text.trim() === '' || isCalendarDate(text.trim()), 'a date written YYYY-MM-DD')
  .transform((text) => {
    const date = text.trim();
    return date === '' || date === '1753-01-01' || date === '1599-12-31' ? undefined : date;
  })
  .optional();

/** A change stamp as an ISO instant in UTC (X3 writes `2024-05-31T17:02:11Z`). */
export const X3Instant = z
  .string()
  .refine((text) => !Number.isNaN(Date.parse(text)), 'a date-time such as 2024-05-31T17:02:11Z')
  .transform((text) => new Date(Date.parse(text)).toISOString());

/** The shortest exact decimal text of a JSON number ("136.54", never "1e-7"). */
export function decimalTextOf(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value
    .toFixed(20)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

/** Money from a decimal text in a currency. */
export function moneyOf(decimal: string | undefined, currency: string): Money {
  return { amountMinor: parseMinorUnits(decimal ?? '0', currencyExponent(currency), 'halfAwayFromZero'), currency };
}

/** Minor units as the JSON number X3 takes (`136.54`): formatted from integers, never computed in floating point. */
export function x3Amount(money: Money): number {
  return Number(formatMinorUnits(money.amountMinor, currencyExponent(money.currency)));
}

/** A decimal text as the JSON number X3 takes. */
export function x3Number(decimal: string): number {
  return Number(decimal);
}

/** A canonical `source` for an X3 record: its key, its number, the change stamp and the revision counter. */
export function sourceOf(
  id: string,
  stamps: {
    readonly updatedAt: string;
    readonly createdAt?: string | undefined;
    readonly version?: string | undefined;
  },
  number?: string,
): RecordSource {
  return {
    system: 'sagex3',
    id,
    ...(number ? { number } : {}),
    ...(stamps.createdAt ? { createdAt: stamps.createdAt } : {}),
    updatedAt: stamps.updatedAt,
    ...(stamps.version ? { version: stamps.version } : {}),
  };
}

/** A local-menu integer through the connection's table; undefined for a value the table does not know. */
export function fromMenu<T>(table: Readonly<Record<string, T>>, value: number | undefined): T | undefined {
  if (value === undefined) return undefined;
  return Object.hasOwn(table, String(value)) ? table[String(value)] : undefined;
}

/** The menu integer of a canonical value (the first one in the table). */
export function toMenu<T>(table: Readonly<Record<string, T>>, value: NoInfer<T>): number | undefined {
  const entry = Object.entries(table).find(([, candidate]) => candidate === value);
  return entry === undefined ? undefined : Number(entry[0]);
}

/** A text field that is present and not blank. */
export function present(text: string | undefined): string | undefined {
  return text === undefined || text === '' ? undefined : text;
}

/** Drops undefined values, so a write body carries only what the record says (X3 takes partial payloads). */
export function compact<T extends Record<string, unknown>>(body: T): Partial<T> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** The later of two ISO instants (same format, so they compare as text). */
export function laterInstant(left: string, right: string): string {
  return left.localeCompare(right) >= 0 ? left : right;
}
