import type { KashFlowSettings } from './settings.js';

/**
 * KashFlow writes dates as "YYYY-MM-DD HH:mm:ss" with no zone, meaning UK local time. The sandbox keeps every date
 * in exactly that form (so stored dates sort as text) and only restyles it on the way out when a setting asks.
 */
const STORED = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const INPUT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

const HOUR = 3_600_000;

/** 01:00 UTC on the last Sunday of a month: when UK clocks change (the rule in force since 1996). */
function lastSundayAtOne(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * An instant as UK local wall time, the way KashFlow stamps CreatedDate and LastUpdatedDate. Worked out with the
 * BST rule rather than Intl, which is an order of magnitude slower when seeding thousands of records.
 */
export function ukLocalTimestamp(instant: Date): string {
  const ms = instant.getTime();
  const year = instant.getUTCFullYear();
  const summer = ms >= lastSundayAtOne(year, 2) && ms < lastSundayAtOne(year, 9);
  const wall = new Date(ms + (summer ? HOUR : 0));
  return `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())} ${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
}

/** A calendar date with the time KashFlow prints on date-only values. */
export function dateOnly(calendarDate: string, settings: Pick<KashFlowSettings, 'dateOnlyTime'>): string {
  return `${calendarDate} ${settings.dateOnlyTime}`;
}

/**
 * Reads a date a client sent: "2024-05-31", "2024-05-31 09:30:00", "2024-05-31T09:30:00", with or without a zone
 * ("Z", "+01:00"). A zoned value is converted to UK wall time; a zone-less one already is. Undefined when unreadable.
 */
export function parseInputDate(text: string, settings: Pick<KashFlowSettings, 'dateOnlyTime'>): string | undefined {
  const key = `${settings.dateOnlyTime}|${text}`;
  const cached = parsedDates.get(key);
  if (cached !== undefined) return cached;
  const parsed = parseDate(text, settings);
  // Seeds repeat the same few hundred dates thousands of times; the cache is bounded so odd inputs cannot grow it.
  if (parsed !== undefined && parsedDates.size < 10_000) parsedDates.set(key, parsed);
  return parsed;
}

const parsedDates = new Map<string, string>();

function parseDate(text: string, settings: Pick<KashFlowSettings, 'dateOnlyTime'>): string | undefined {
  const match = INPUT.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '00', zone] = match;
  const calendar = `${year}-${month}-${day}`;
  const probe = new Date(`${calendar}T00:00:00Z`);
  if (Number.isNaN(probe.getTime()) || probe.toISOString().slice(0, 10) !== calendar) return undefined;
  if (hour === undefined) return dateOnly(calendar, settings);
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  const wall = `${calendar} ${hour}:${minute}:${second}`;
  if (!zone) return wall;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  return ukLocalTimestamp(new Date(`${calendar}T${hour}:${minute}:${second}${offset}`));
}

export function isStoredDate(text: string): boolean {
  return STORED.test(text);
}

/** The calendar day of a stored date. */
export function calendarDay(stored: string): string {
  return stored.slice(0, 10);
}

/** UK offset ("+00:00" or "+01:00") in force at a UK wall time. */
function ukOffset(stored: string): string {
  const asUtc = new Date(`${stored.replace(' ', 'T')}Z`);
  const wall = ukLocalTimestamp(asUtc);
  return wall === stored ? '+00:00' : '+01:00';
}

/** Field names that hold dates, anywhere in a KashFlow record. */
const DATE_FIELDS = new Set([
  'CreatedDate',
  'LastUpdatedDate',
  'IssuedDate',
  'DueDate',
  'PaidDate',
  'LastPaymentDate',
  'Date',
  'FirstInvoiceDate',
  'LastInvoiceDate',
  'FirstPurchaseDate',
  'LastPurchaseDate',
  'SubscriptionExpiryDate',
]);

/** Restyles the dates of an outgoing body per the settings; a no-op with the default (plain, null) settings. */
export function styleDates<T>(body: T, settings: Pick<KashFlowSettings, 'dateStyle' | 'unsetDate'>): T {
  if (settings.dateStyle === 'plain' && settings.unsetDate === null) return body;
  return restyle(body, settings) as T;
}

function restyle(value: unknown, settings: Pick<KashFlowSettings, 'dateStyle' | 'unsetDate'>): unknown {
  if (Array.isArray(value)) return value.map((item) => restyle(item, settings));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (DATE_FIELDS.has(key) && (field === null || typeof field === 'string')) {
      out[key] = field === null ? settings.unsetDate : styleOne(field, settings.dateStyle);
    } else {
      out[key] = restyle(field, settings);
    }
  }
  return out;
}

function styleOne(stored: string, style: KashFlowSettings['dateStyle']): string {
  if (!isStoredDate(stored)) return stored;
  if (style === 'iso') return stored.replace(' ', 'T');
  if (style === 'offset') return `${stored} ${ukOffset(stored)}`;
  return stored;
}
