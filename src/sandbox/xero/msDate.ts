/**
 * Xero's JSON dates: Microsoft's `/Date(ms+0000)/` on entities, `/Date(ms)/` in the envelope, plus ISO helper strings.
 * Inside the sandbox a calendar date is `YYYY-MM-DD` and an instant an ISO string ending in `Z`; conversion happens
 * only at the wire.
 */
const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function msDate(epochMs: number): string {
  return `/Date(${epochMs}+0000)/`;
}

export function envelopeDate(epochMs: number): string {
  return `/Date(${epochMs})/`;
}

/** A calendar date as an entity field: UTC midnight, the way Xero emits `Date` and `DueDate`. */
export function msDateFromCalendar(date: string): string {
  return msDate(Date.parse(`${date}T00:00:00Z`));
}

/** The `DateString` companion field: `2024-05-31T00:00:00`. */
export function dateString(date: string): string {
  return `${date}T00:00:00`;
}

/** The `UpdatedDateUTCString` companion field: `2024-05-31 17:02:11+00:00` (no milliseconds). */
export function updatedDateString(instant: string): string {
  return `${instant.slice(0, 10)} ${instant.slice(11, 19)}+00:00`;
}

/**
 * Reads a date a client sent: `YYYY-MM-DD`, an ISO date-time (xero-node turns JS Dates into `toISOString()`), or the
 * MS form found in seed files copied from real responses. Returns epoch milliseconds, or undefined when unreadable.
 */
export function parseWireInstant(text: string): number | undefined {
  const ms = MS_DATE.exec(text.trim());
  if (ms) return Number(ms[1]);
  if (CALENDAR_DATE.test(text)) {
    const parsed = Date.parse(`${text}T00:00:00Z`);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  // Zone-less date-times are taken as UTC, as Xero documents its API times.
  const zoned = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text}Z` : text;
  const parsed = Date.parse(zoned);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** A client's date as a calendar date (the UTC day of whatever instant it names). */
export function parseWireCalendarDate(text: string): string | undefined {
  if (CALENDAR_DATE.test(text)) return Number.isNaN(Date.parse(`${text}T00:00:00Z`)) ? undefined : text;
  const ms = parseWireInstant(text);
  return ms === undefined ? undefined : new Date(ms).toISOString().slice(0, 10);
}

export function calendarDateOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
