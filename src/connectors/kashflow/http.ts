import type { z } from 'zod';
import { ConnectorError } from '../shared/connectorError.js';
import {
  classifyHttpFailure,
  classifyTransportError,
  fetchWithTrust,
  type HeaderSource,
  headerValue,
  parseRetryAfter,
} from '../shared/httpFailure.js';
import type { RateGovernor } from '../shared/rateGovernor.js';
import { type RetryOptions, withRetries } from '../shared/retryPolicy.js';
import type { KashFlowConnectionSettings } from './settings.js';
import { KfError } from './wire.js';

/** The part of `fetch` the connector uses, so tests and callers may inject their own. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<{ status: number; headers: HeaderSource; text(): Promise<string> }>;

export interface KashFlowExchange {
  readonly method: string;
  /** Absolute URL of the call. */
  readonly url: string;
  /** The endpoint for messages and logs, e.g. "GET /customers/{code}"; never holds a token. */
  readonly endpoint: string;
  readonly operation: string;
  readonly body?: unknown;
  readonly token?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Turns KashFlow's own error (e.g. InvalidMemorableWord) into a better-worded error; undefined keeps the default. */
  readonly refine?: ((failure: KashFlowFailure) => Error | undefined) | undefined;
  /** Attempts for this call; 1 for a write whose retry the caller makes safe itself. */
  readonly maxAttempts?: number | undefined;
}

export interface KashFlowFailure {
  readonly status: number;
  /** KashFlow's `Error` code, e.g. "InvalidSessionToken". */
  readonly code: string | undefined;
  readonly message: string | undefined;
  /** The parsed JSON body, for endpoints whose refusals carry results (bulk payments). */
  readonly body: unknown;
}

/** Raised (and caught by the client) when KashFlow says the session token is no longer valid. */
export class SessionExpired extends Error {
  constructor(readonly token: string | undefined) {
    super('KashFlow session token expired');
    this.name = 'SessionExpired';
  }
}

/**
 * One HTTP exchange with KashFlow: paced by the connection's governor, retried with backoff on transient failures
 * and rate limits (waiting out Retry-After), every failure a classified ConnectorError keeping KashFlow's own
 * `{Message, Error}`. Resolves with the parsed JSON body (undefined for an empty one).
 */
export class KashFlowHttp {
  private readonly transport: FetchLike;

  constructor(
    private readonly settings: KashFlowConnectionSettings,
    private readonly governor: RateGovernor,
    injected?: FetchLike | undefined,
    private readonly retry: Omit<RetryOptions, 'statistics' | 'signal'> = {},
  ) {
    this.transport = injected
      ? (url, init) => {
          const timeout = AbortSignal.timeout(settings.timeoutMs);
          return injected(url, { ...init, signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
        }
      : (url, init) => fetchWithTrust(url, init, { timeoutMs: settings.timeoutMs, caBundlePem: settings.caBundlePem });
  }

  async exchange(call: KashFlowExchange): Promise<unknown> {
    return withRetries(() => this.governor.run((signal) => this.once(call, signal), { signal: call.signal }), {
      maxAttempts: this.settings.maxAttempts,
      ...this.retry,
      ...(call.maxAttempts === undefined ? {} : { maxAttempts: call.maxAttempts }),
      statistics: this.governor.statistics,
      signal: call.signal,
    });
  }

  /** Parses a body against a schema; a mismatch is one ConnectorError naming KashFlow and the endpoint. */
  static parse<S extends z.ZodType>(schema: S, body: unknown, endpoint: string): z.infer<S> {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
      .join('; ');
    throw new ConnectorError({
      kind: 'validation',
      system: 'kashflow',
      message: `KashFlow answered ${endpoint} with a response Counterpart does not understand (${issues}); if it persists, KashFlow's API has changed — report it with this message.`,
      systemMessage: issues,
      context: { endpoint },
    });
  }

  private async once(call: KashFlowExchange, signal: AbortSignal | undefined) {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (call.token !== undefined) headers.Authorization = `KfToken ${call.token}`;
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    const where = { url: this.redacted(call), operation: call.operation };
    let response: Awaited<ReturnType<FetchLike>>;
    let text: string;
    try {
      response = await this.transport(call.url, {
        method: call.method,
        headers,
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
        ...(signal ? { signal } : {}),
      });
      text = await response.text();
    } catch (error) {
      throw classifyTransportError('kashflow', error, where);
    }
    const status = response.status;
    const rateLimited = status === 429;
    const retryAfterMs =
      status === 429 || status === 503 ? parseRetryAfter(headerValue(response.headers, 'retry-after')) : undefined;
    this.governor.noteResponse({ rateLimited, retryAfterMs });
    if (status >= 200 && status < 300) return parseJson(text, call.endpoint);

    const parsedBody = safeJson(text);
    const kfError = KfError.safeParse(parsedBody);
    const failure: KashFlowFailure = {
      status,
      body: parsedBody,
      code: kfError.success ? (kfError.data.Error ?? undefined) : undefined,
      message: kfError.success ? (kfError.data.Message ?? undefined) : undefined,
    };
    if (status === 401 && failure.code === 'InvalidSessionToken' && call.token !== undefined) {
      throw new SessionExpired(call.token);
    }
    const refined = call.refine?.(failure);
    if (refined) throw refined;
    const systemMessage =
      failure.message !== undefined ? `${failure.message}${failure.code ? ` (${failure.code})` : ''}` : undefined;
    const classified = classifyHttpFailure('kashflow', {
      ...where,
      status,
      headers: response.headers,
      body: text,
      systemMessage,
    });
    throw new ConnectorError({
      kind: kindOfCode(failure.code) ?? classified.kind,
      system: 'kashflow',
      message: classified.message,
      systemMessage: classified.systemMessage,
      retryAfterMs: classified.retryAfterMs,
      context: { ...classified.context, endpoint: call.endpoint, kashflowError: failure.code },
    });
  }

  private redacted(call: KashFlowExchange): string {
    return call.token === undefined ? call.url : call.url.replaceAll(call.token, '…');
  }
}

/** KashFlow's error codes say more than the status: DuplicateCustomerCode is a 400 but a duplicate, not bad data. */
function kindOfCode(code: string | undefined): ConnectorError['kind'] | undefined {
  if (code === undefined) return undefined;
  if (/^Duplicate/i.test(code)) return 'duplicate';
  if (/NotFound$/i.test(code)) return 'not_found';
  return undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseJson(text: string, endpoint: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ConnectorError({
      kind: 'configuration',
      system: 'kashflow',
      message: `KashFlow answered ${endpoint} with something that is not JSON ("${text.slice(0, 60).replace(/\s+/g, ' ')}…"): check that the connection's base URL is KashFlow's API (https://api.kashflow.com/v2) and that no proxy answers in its place.`,
      systemMessage: text.slice(0, 200),
      context: { endpoint },
    });
  }
}
