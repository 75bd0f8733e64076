import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { defineTransform, fail, quote, type TransformDefinition, type TransformScope } from './types.js';

/**
 * `date` is a calendar date written YYYY-MM-DD, `instant` an ISO-8601 UTC date-time; anything else is a pattern in
 * Luxon's tokens (`dd/MM/yyyy`, `yyyyMMdd`, `yyyy-MM-dd'T'HH:mm:ss.SSSZZZ`).
 */
const Format = z.string().min(1);

const DateOptions = z
  .object({
    date: z
      .object({
        from: Format,
        to: Format,
        /** The organisation's time zone: the day an instant falls on there, the midnight a date starts at there. */
        timeZone: z
          .string()
          .refine((zone) => IANAZone.isValidZone(zone), 'an IANA time zone such as Europe/London')
          .default('UTC'),
      })
      .strict(),
  })
  .strict();

function parse(text: string, format: string, zone: string): DateTime {
  if (format === 'instant') return DateTime.fromISO(text, { zone: 'utc', setZone: false }).setZone(zone);
  if (format === 'date') return DateTime.fromFormat(text, 'yyyy-MM-dd', { zone });
  return DateTime.fromFormat(text, format, { zone, setZone: /Z/.test(format) }).setZone(zone);
}

function format(moment: DateTime, pattern: string): string {
  if (pattern === 'instant') return moment.toUTC().toISO({ suppressMilliseconds: true }) ?? '';
  if (pattern === 'date') return moment.toFormat('yyyy-MM-dd');
  return moment.toFormat(pattern);
}

function convert(value: unknown, options: z.infer<typeof DateOptions>['date'], scope: TransformScope): unknown {
  if (value === undefined || value === null || value === '') return value;
  const text = value instanceof Date ? value.toISOString() : String(value);
  const moment = parse(text, options.from, options.timeZone);
  if (!moment.isValid) {
    return fail(
      scope,
      'mapping.bad_date',
      `${quote(value)} in ${scope.field} is not a date in the format ${options.from}.`,
      value,
    );
  }
  return format(moment, options.to);
}

/**
 * Date formats and time zones: `{date: {from: dd/MM/yyyy, to: date}}`, `{date: {from: instant, to: date, timeZone:
 * Europe/London}}` (the organisation's day of a UTC instant: 23:30Z on 31 May is 1 June in London summer time),
 * `{date: {from: date, to: instant, timeZone: …}}` (midnight of that day there, in UTC).
 */
export const dateTransforms: readonly TransformDefinition[] = [
  defineTransform({
    name: 'date',
    family: 'dates',
    options: DateOptions,
    create:
      ({ date }) =>
      (value, scope) =>
        Array.isArray(value) ? value.map((item) => convert(item, date, scope)) : convert(value, date, scope),
  }),
];
