import type { SageX3ConnectionSettings } from './settings.js';

/** A text literal in an SData `where`: single quotes, a quote doubled. */
export function quoted(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** `FIELD in ('a', 'b')` for a lookup by keys. */
export function inList(field: string, values: readonly string[]): string {
  return `${field} in (${values.map(quoted).join(', ')})`;
}

/**
 * `UPDDATTIM ge @2024-05-31T17:02:11Z@`: records changed at or after an instant. X3 stamps have whole seconds, so the
 * instant is floored to its second (the look-back and version de-duplication absorb the overlap). The literal form is
 * a setting because the SData `@…@` form is UNCONFIRMED for X3.
 */
export function changedSince(settings: SageX3ConnectionSettings, instant: string): string {
  const epoch = Date.parse(instant);
  const text = `${new Date(Math.floor(epoch / 1000) * 1000).toISOString().slice(0, 19)}Z`;
  const literal = settings.dateLiteral === 'sdata' ? `@${text}@` : quoted(text);
  return `${settings.updateStampField} ge ${literal}`;
}

/** Joins conditions with `and`, each in brackets; undefined when there is none. */
export function allOf(...conditions: (string | undefined)[]): string | undefined {
  const present = conditions.filter((condition): condition is string => condition !== undefined && condition !== '');
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : present.map((condition) => `(${condition})`).join(' and ');
}
