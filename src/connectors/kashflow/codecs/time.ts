import { isCalendarDate } from '../../../model/index.js';

/**
 * KashFlow writes times as "YYYY-MM-DD HH:mm:ss" with no zone, meaning UK local time; some responses add an ISO
 * `T`, a `Z` or an offset, date-only fields print a 12:00:00 time, and 1970-01-01 stands for "unset". Instants are
 * worked out for a configurable IANA zone, so a record stamped 00:30 in British Summer Time is 23:30 UTC the day before.
 */
const WIRE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const UNSET_YEAR = '1970';

interface WallTime {
  readonly date: string;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  /** Minutes east of UTC when the text carried a zone. */
  readonly offsetMinutes: number | undefined;
}

function parseWire(text: string): WallTime | undefined {
  const match = WIRE.exec(text.trim());
  if (!match) return undefined;
  const [, year = '', month = '', day = '', hour = '00', minute = '00', second = '00', fraction, zone] = match;
  const date = `${year}-${month}-${day}`;
  if (!isCalendarDate(date) || year === UNSET_YEAR) return undefined;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  let offsetMinutes: number | undefined;
  if (zone !== undefined) {
    if (zone.toUpperCase() === 'Z') offsetMinutes = 0;
    else {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.replace(/[^\d]/g, '');
      offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
    }
  }
  return {
    date,
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
    millisecond: fraction === undefined ? 0 : Math.round(Number(`0${fraction}`) * 1000),
    offsetMinutes,
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's wall time at an instant, as epoch milliseconds "as if UTC". */
function wallClockMs(epochMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second) + (((epochMs % 1000) + 1000) % 1000);
}

/**
 * The instant of a wall time in a zone. In the autumn hour that happens twice the first (summer-time) one is taken;
 * a time that does not exist (the spring-forward gap) is read with the offset in force just before the gap.
 */
function instantOfWallTime(wallMs: number, timeZone: string): number {
  const offsetAt = (epochMs: number) => wallClockMs(epochMs, timeZone) - epochMs;
  // Offsets either side of any clock change near this wall time.
  const before = wallMs - offsetAt(wallMs - 14 * 3_600_000);
  const after = wallMs - offsetAt(wallMs + 14 * 3_600_000);
  const exact = [before, after].filter((candidate) => wallClockMs(candidate, timeZone) === wallMs);
  return exact.length > 0 ? Math.min(...exact) : before;
}

/** A KashFlow timestamp as an ISO instant in UTC; undefined for empty, unreadable or the 1970 "unset" sentinel. */
export function instantFromKashFlow(text: string | null | undefined, timeZone: string): string | undefined {
  if (!text) return undefined;
  const wall = parseWire(text);
  if (!wall) return undefined;
  const wallMs =
    Date.parse(`${wall.date}T00:00:00Z`) +
    ((wall.hour * 60 + wall.minute) * 60 + wall.second) * 1000 +
    wall.millisecond;
  const epochMs =
    wall.offsetMinutes === undefined ? instantOfWallTime(wallMs, timeZone) : wallMs - wall.offsetMinutes * 60_000;
  return new Date(epochMs).toISOString();
}

/**
 * A KashFlow date field (IssuedDate, DueDate, a payment's Date) as a calendar date. A zone-less value is already the
 * organisation's day; a zoned one is moved into the organisation's zone first.
 */
export function calendarDateFromKashFlow(text: string | null | undefined, timeZone: string): string | undefined {
  if (!text) return undefined;
  const wall = parseWire(text);
  if (!wall) return undefined;
  if (wall.offsetMinutes === undefined) return wall.date;
  const instant = instantFromKashFlow(text, timeZone);
  if (instant === undefined) return undefined;
  return new Date(wallClockMs(Date.parse(instant), timeZone)).toISOString().slice(0, 10);
}

/** A calendar date as KashFlow is sent it: `YYYY-MM-DD` (the reference's safest input format). */
export function calendarDateToKashFlow(date: string): string {
  return date;
}

/** An instant as KashFlow's zone-less wall time in the organisation's zone: "YYYY-MM-DD HH:mm:ss". */
export function instantToKashFlow(instant: string, timeZone: string): string {
  const wall = new Date(wallClockMs(Date.parse(instant), timeZone)).toISOString();
  return `${wall.slice(0, 10)} ${wall.slice(11, 19)}`;
}
