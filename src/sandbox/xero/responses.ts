import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { ErrorResponder } from '../shared/server.js';
import { envelopeDate, msDate, msDateFromCalendar } from './msDate.js';
import type { XeroSandboxSettings } from './settings.js';

/** Xero's 404 is plain text, not JSON (XeroAPI/Xero-OpenAPI#163, "wontfix"). */
export const NOT_FOUND_TEXT = "The resource you're looking for cannot be found";

const CALENDAR_KEYS = new Set(['Date', 'DueDate', 'FullyPaidOnDate', 'ExpectedPaymentDate', 'PlannedPaymentDate']);
const INSTANT_KEYS = new Set(['UpdatedDateUTC', 'CreatedDateUTC']);

/** Converts internal dates (calendar text, ISO instants) to `/Date(ms+0000)/`, at any depth, by field name. */
export function toWire(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => toWire(item));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v, k);
    return out;
  }
  if (typeof value === 'string' && key !== undefined) {
    if (CALENDAR_KEYS.has(key) && /^\d{4}-\d{2}-\d{2}$/.test(value)) return msDateFromCalendar(value);
    if (INSTANT_KEYS.has(key)) {
      const ms = Date.parse(value);
      if (!Number.isNaN(ms)) return msDate(ms);
    }
  }
  return value;
}

export interface Pagination {
  readonly page: number;
  readonly pageSize: number;
  readonly pageCount: number;
  readonly itemCount: number;
}

export function envelope(
  settings: XeroSandboxSettings,
  plural: string,
  records: readonly unknown[],
  pagination?: Pagination,
): Record<string, unknown> {
  return {
    Id: randomUUID(),
    Status: 'OK',
    ProviderName: settings.wire.providerName,
    DateTimeUTC: envelopeDate(Date.now()),
    ...(pagination ? { pagination } : {}),
    [plural]: records.map((record) => toWire(record)),
  };
}

/** Serialises like Xero: JSON with `\/Date(…)\/` escaped slashes when configured. */
export function sendJson(
  reply: FastifyReply,
  settings: XeroSandboxSettings,
  status: number,
  body: unknown,
): FastifyReply {
  let text = JSON.stringify(body);
  if (settings.wire.escapeDateSlashes) text = text.replace(/"\/Date\((-?\d+(?:[+-]\d{4})?)\)\/"/g, '"\\/Date($1)\\/"');
  return reply.code(status).type('application/json; charset=utf-8').send(text);
}

export function validationException(elements: readonly unknown[]): Record<string, unknown> {
  return {
    ErrorNumber: 10,
    Type: 'ValidationException',
    Message: 'A validation exception occurred',
    Elements: elements.map((element) => toWire(element)),
  };
}

export function postDataInvalid(message: string): Record<string, unknown> {
  return { ErrorNumber: 14, Type: 'PostDataInvalidException', Message: message };
}

export function queryParseException(message: string): Record<string, unknown> {
  return { ErrorNumber: 16, Type: 'QueryParseException', Message: message };
}

export function problem(status: number, title: string, detail: string): Record<string, unknown> {
  return { Type: null, Title: title, Status: status, Detail: detail, Instance: randomUUID(), Extensions: {} };
}

/** Shapes injected faults and thrown errors the way Xero answers them. */
export function xeroErrorResponder(settings: () => XeroSandboxSettings): ErrorResponder {
  return (status, reason): ReturnType<ErrorResponder> => {
    switch (status) {
      case 400:
        return { body: postDataInvalid(`JSON for post data was invalid,${reason}`) };
      case 401:
        return { body: problem(401, 'Unauthorized', 'AuthenticationUnsuccessful') };
      case 403:
        return { body: problem(403, 'Forbidden', 'AuthenticationUnsuccessful') };
      case 404:
        return { headers: { 'content-type': 'text/plain; charset=utf-8' }, body: NOT_FOUND_TEXT };
      case 429:
        return {
          headers: { 'retry-after': '1', 'x-rate-limit-problem': 'minute' },
          body: settings().rateLimits.body === 'empty' ? '' : problem(429, 'Too Many Requests', 'Rate limit exceeded'),
        };
      case 503:
        return { body: problem(503, 'Service Unavailable', 'The Xero API is temporarily unavailable.') };
      default:
        return { body: problem(status, 'An error occurred', `An error occurred in Xero (${reason}).`) };
    }
  };
}
