import { z } from 'zod';
import { ConnectorError } from '../shared/connectorError.js';
import { classifyHttpFailure, classifyTransportError, headerValue, parseRetryAfter } from '../shared/httpFailure.js';
import type { QuotaReport } from '../shared/rateGovernor.js';

/** xero-node rejects with `JSON.stringify(new ApiError(axiosError).generateError())`: this is its shape. */
const XeroNodeRejection = z.object({
  response: z.object({
    statusCode: z.number(),
    body: z.unknown(),
    headers: z.record(z.string(), z.unknown()).optional(),
  }),
});

const ValidationMessages = z.object({ ValidationErrors: z.array(z.object({ Message: z.string() })).optional() });
const XeroErrorBody = z.looseObject({
  Message: z.string().optional(),
  Type: z.string().nullable().optional(),
  Detail: z.string().optional(),
  Title: z.string().optional(),
  Elements: z.array(ValidationMessages).optional(),
});

export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** What went wrong with one xero-node call, with the response headers for the rate governor. */
export interface XeroFailure {
  readonly error: ConnectorError;
  readonly status: number;
  readonly headers: ResponseHeaders;
  /** A 401: the access token was refused (expired or revoked), so refreshing it may help. */
  readonly tokenRefused: boolean;
}

/**
 * Reads Xero's own words from an error body: the ValidationException message with every element's validation
 * errors ("A validation exception occurred: Invoice # must be unique."), a problem+json Detail, or plain text.
 */
export function xeroMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() === '' ? undefined : body.trim();
  const parsed = XeroErrorBody.safeParse(body);
  if (!parsed.success) return undefined;
  const { Message, Detail, Title, Elements } = parsed.data;
  const validation = (Elements ?? []).flatMap((element) => element.ValidationErrors ?? []).map((v) => v.Message);
  const head = Message ?? Detail ?? Title;
  if (validation.length === 0) return head;
  return `${head === undefined ? '' : `${head}: `}${[...new Set(validation)].join(' ')}`;
}

/** Turns whatever xero-node rejected with into a classified failure; foreign errors pass through unchanged. */
export function xeroFailureOf(
  rejection: unknown,
  where: { operation: string; url: string; tenantId: string },
): XeroFailure {
  if (rejection instanceof ConnectorError) {
    return { error: rejection, status: 0, headers: {}, tokenRefused: false };
  }
  const parsed = typeof rejection === 'string' ? parseRejection(rejection) : undefined;
  if (parsed === undefined) {
    return {
      error: classifyTransportError('xero', rejection, { url: where.url, operation: where.operation }),
      status: 0,
      headers: {},
      tokenRefused: false,
    };
  }
  const { statusCode: status, body } = parsed.response;
  const headers = stringHeaders(parsed.response.headers);
  if (status === 0) {
    return {
      error: classifyTransportError('xero', transportErrorOf(String(body)), {
        url: where.url,
        operation: where.operation,
      }),
      status,
      headers,
      tokenRefused: false,
    };
  }
  const systemMessage = xeroMessage(body);
  const error = classifyHttpFailure('xero', {
    url: where.url,
    operation: where.operation,
    status,
    headers,
    systemMessage,
    advice: adviceFor(status, headers, systemMessage, where.tenantId),
  });
  return { error, status, headers, tokenRefused: status === 401 };
}

function adviceFor(
  status: number,
  headers: ResponseHeaders,
  message: string | undefined,
  tenantId: string,
): string | undefined {
  if (status === 401 && /TokenExpired/i.test(message ?? '')) {
    return "Xero's access token has expired and could not be renewed: reconnect the connection to Xero";
  }
  if (status === 403) {
    if (/insufficient_scope/i.test(headerValue(headers, 'www-authenticate') ?? '')) {
      return 'The Xero consent lacks the permission (scope) this call needs: add the scope in the connection settings and reconnect to grant it';
    }
    return `Xero refused organisation ${tenantId}: the app is no longer connected to it, or the user lost access — reconnect and choose the organisation again`;
  }
  if (status === 429 && headerValue(headers, 'x-rate-limit-problem')?.toLowerCase() === 'day') {
    const wait = parseRetryAfter(headerValue(headers, 'retry-after'));
    const resume = wait === undefined ? 'when Xero allows' : `at ${new Date(Date.now() + wait).toISOString()}`;
    return `Xero's daily API allowance for this organisation is used up: Counterpart has stopped calling it and will resume ${resume}`;
  }
  return undefined;
}

/** The quota a response reported, for the connection's rate governor. */
export function quotaFrom(headers: ResponseHeaders, status: number): QuotaReport {
  const number = (name: string) => {
    const value = headerValue(headers, name);
    return value === undefined || !/^\d+$/.test(value.trim()) ? undefined : Number(value);
  };
  const problem = headerValue(headers, 'x-rate-limit-problem')?.toLowerCase();
  const limit =
    problem === 'day' ? 'day' : problem === 'concurrent' ? 'concurrent' : problem === undefined ? undefined : 'minute';
  const retryAfterMs =
    status === 429 || status === 503 ? parseRetryAfter(headerValue(headers, 'retry-after')) : undefined;
  return {
    remainingThisMinute: number('x-minlimit-remaining'),
    remainingToday: number('x-daylimit-remaining'),
    retryAfterMs,
    limit,
    rateLimited: status === 429,
  };
}

function parseRejection(text: string): z.infer<typeof XeroNodeRejection> | undefined {
  try {
    const parsed = XeroNodeRejection.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function stringHeaders(headers: Readonly<Record<string, unknown>> | undefined): ResponseHeaders {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') result[name.toLowerCase()] = String(value);
  }
  return result;
}

/**
 * xero-node keeps only axios's message of a failure below HTTP ("connect ECONNREFUSED 127.0.0.1:1", "timeout of
 * 30000ms exceeded", "canceled"); this rebuilds an error the shared transport classifier understands.
 */
function transportErrorOf(message: string): Error {
  if (/^timeout of \d+ms exceeded/i.test(message)) return Object.assign(new Error(message), { name: 'TimeoutError' });
  if (/^cancel+ed$/i.test(message)) return Object.assign(new Error(message), { name: 'AbortError' });
  if (/socket hang up|aborted/i.test(message)) return Object.assign(new Error(message), { code: 'ECONNRESET' });
  const code = /\b(E[A-Z]{3,}|ERR_[A-Z_]+|UND_ERR_[A-Z_]+)\b/.exec(message)?.[1];
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}
