import { z } from 'zod';
import { CounterpartError } from '../errors.js';

/**
 * Two kinds of time in finance records: a calendar date ("2024-05-31", an invoice or due date, no time zone because
 * a ledger's day is the organisation's day) and an instant ("2024-05-31T17:02:11.000Z", when a system last changed a
 * record, always UTC so that cursors from different systems compare).
 */
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when the text is `YYYY-MM-DD` and names a day that exists (no 2023-02-29, no 2024-13-01). */
export function isCalendarDate(text: string): boolean {
  const match = CALENDAR_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const CalendarDate = z
  .string()
  .refine(isCalendarDate, { message: 'a real calendar date written YYYY-MM-DD', abort: true });
export type CalendarDate = z.infer<typeof CalendarDate>;

/** An ISO-8601 date-time in UTC with a `Z` suffix, e.g. "2024-05-31T17:02:11Z" or with milliseconds. */
export const Instant = z.iso.datetime({ message: 'an ISO-8601 UTC date-time such as 2024-05-31T17:02:11Z' });
export type Instant = z.infer<typeof Instant>;

function toEpochDay(date: string): number {
  if (!isCalendarDate(date)) {
    throw new CounterpartError('model.bad_date', `"${date}" is not a calendar date (YYYY-MM-DD).`, { date });
  }
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}

function fromEpochDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The calendar date `days` after (or before, if negative) `date`. */
export function addDays(date: string, days: number): string {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** Calendar dates compare as text because the format is fixed-width; this says so in one place. */
export function compareCalendarDates(a: string, b: string): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first day of the month `months` after the month of `date` (negative goes back). */
export function addMonths(date: string, months: number): string {
  toEpochDay(date);
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 + months;
  return new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
}

/** Today's date in UTC; callers that mean an organisation's local day pass their own. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
