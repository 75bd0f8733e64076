import { badRequest } from '../errors.js';

/** A half-open interval [start, end) of instants (ms since epoch). */
export interface Range {
  readonly start: number;
  readonly end: number;
}

const DAY = 86_400_000;

/**
 * The range a SOQL date literal (`TODAY`, `LAST_N_DAYS:30`, `THIS_QUARTER`, …) covers. Day boundaries are taken in
 * the org's time zone, given as a fixed offset from UTC; fiscal literals use calendar quarters and years (the
 * sandbox org's fiscal year starts in January).
 */
export function dateLiteralRange(literal: string, n: number | undefined, now: Date, utcOffsetMinutes: number): Range {
  const offset = utcOffsetMinutes * 60_000;
  const local = new Date(now.getTime() + offset);
  const today = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - offset;
  const count = n ?? 1;
  const name = literal.toUpperCase().replace(/:.*$/, '').replace('_FISCAL', '');
  const week = today - local.getUTCDay() * DAY;
  const month = (delta: number) => Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + delta, 1) - offset;
  const quarterStart = Math.floor(local.getUTCMonth() / 3) * 3;
  const quarter = (delta: number) => Date.UTC(local.getUTCFullYear(), quarterStart + delta * 3, 1) - offset;
  const year = (delta: number) => Date.UTC(local.getUTCFullYear() + delta, 0, 1) - offset;
  switch (name) {
    case 'YESTERDAY':
      return { start: today - DAY, end: today };
    case 'TODAY':
      return { start: today, end: today + DAY };
    case 'TOMORROW':
      return { start: today + DAY, end: today + 2 * DAY };
    case 'LAST_WEEK':
      return { start: week - 7 * DAY, end: week };
    case 'THIS_WEEK':
      return { start: week, end: week + 7 * DAY };
    case 'NEXT_WEEK':
      return { start: week + 7 * DAY, end: week + 14 * DAY };
    case 'LAST_MONTH':
      return { start: month(-1), end: month(0) };
    case 'THIS_MONTH':
      return { start: month(0), end: month(1) };
    case 'NEXT_MONTH':
      return { start: month(1), end: month(2) };
    case 'LAST_90_DAYS':
      return { start: today - 90 * DAY, end: today + DAY };
    case 'NEXT_90_DAYS':
      return { start: today + DAY, end: today + 91 * DAY };
    case 'LAST_N_DAYS':
      return { start: today - count * DAY, end: today + DAY };
    case 'NEXT_N_DAYS':
      return { start: today + DAY, end: today + (count + 1) * DAY };
    case 'N_DAYS_AGO':
      return { start: today - count * DAY, end: today - (count - 1) * DAY };
    case 'LAST_N_WEEKS':
      return { start: week - count * 7 * DAY, end: week };
    case 'NEXT_N_WEEKS':
      return { start: week + 7 * DAY, end: week + (count + 1) * 7 * DAY };
    case 'N_WEEKS_AGO':
      return { start: week - count * 7 * DAY, end: week - (count - 1) * 7 * DAY };
    case 'LAST_N_MONTHS':
      return { start: month(-count), end: month(0) };
    case 'NEXT_N_MONTHS':
      return { start: month(1), end: month(count + 1) };
    case 'N_MONTHS_AGO':
      return { start: month(-count), end: month(-count + 1) };
    case 'THIS_QUARTER':
      return { start: quarter(0), end: quarter(1) };
    case 'LAST_QUARTER':
      return { start: quarter(-1), end: quarter(0) };
    case 'NEXT_QUARTER':
      return { start: quarter(1), end: quarter(2) };
    case 'LAST_N_QUARTERS':
      return { start: quarter(-count), end: quarter(0) };
    case 'NEXT_N_QUARTERS':
      return { start: quarter(1), end: quarter(count + 1) };
    case 'N_QUARTERS_AGO':
      return { start: quarter(-count), end: quarter(-count + 1) };
    case 'THIS_YEAR':
      return { start: year(0), end: year(1) };
    case 'LAST_YEAR':
      return { start: year(-1), end: year(0) };
    case 'NEXT_YEAR':
      return { start: year(1), end: year(2) };
    case 'LAST_N_YEARS':
      return { start: year(-count), end: year(0) };
    case 'NEXT_N_YEARS':
      return { start: year(1), end: year(count + 1) };
    case 'N_YEARS_AGO':
      return { start: year(-count), end: year(-count + 1) };
    default:
      throw badRequest('MALFORMED_QUERY', `unexpected token: '${literal}'`);
  }
}

/** The instant a date field's value (`YYYY-MM-DD`) starts at, in the org's time zone. */
export function dateStart(date: string, utcOffsetMinutes: number): number {
  return Date.parse(`${date}T00:00:00Z`) - utcOffsetMinutes * 60_000;
}

/** Parses a SOQL or wire datetime (`…Z`, `…+0000`, `…+01:00`) to ms since epoch. */
export function parseDateTime(text: string): number {
  return Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}
