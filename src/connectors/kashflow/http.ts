import type { z } from 'zod';
import { ConnectorError } from '../shared/connectorError.js';
import { type GovernedFailure, governedCall } from '../shared/governedRequest.js';
import type { RateGovernor } from '../shared/rateGovernor.js';
import type { RetryOptions } from '../shared/retryPolicy.js';
import {
  type FetchLike,
  jsonAnswer,
  jsonOrUndefined,
  sendForText,
  type TextAnswer,
  transportOf,
} from '../shared/textTransport.js';
import type { KashFlowConnectionSettings } from './settings.js';
import { KfError } from './wire.js';

export type { FetchLike } from '../shared/textTransport.js';

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
    this.transport = transportOf(injected, { timeoutMs: settings.timeoutMs, caBundlePem: settings.caBundlePem });
  }

  async exchange(call: KashFlowExchange): Promise<unknown> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (call.token !== undefined) headers.Authorization = `KfToken ${call.token}`;
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    const answer = await governedCall<TextAnswer>(
      {
        system: 'kashflow',
        governor: this.governor,
        retry: { maxAttempts: this.settings.maxAttempts, ...this.retry },
        url: this.redacted(call),
        operation: call.operation,
        signal: call.signal,
        maxAttempts: call.maxAttempts,
        messageFrom: (body) => systemMessageOf(failureOf(body, 0)),
        refine: (failure) => refined(call, failure),
      },
      (signal) =>
        sendForText(this.transport, call.url, {
          method: call.method,
          headers,
          ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
          ...(signal ? { signal } : {}),
        }),
    );
    return jsonAnswer(
      'kashflow',
      answer.body,
      call.endpoint,
      "check that the connection's base URL is KashFlow's API (https://api.kashflow.com/v2) and that no proxy answers in its place",
      { endpoint: call.endpoint },
    );
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

  private redacted(call: KashFlowExchange): string {
    return call.token === undefined ? call.url : call.url.replaceAll(call.token, '…');
  }
}

/** KashFlow's `{Message, Error}` out of an error body. */
function failureOf(body: string, status: number): KashFlowFailure {
  const parsedBody = jsonOrUndefined(body);
  const kfError = KfError.safeParse(parsedBody);
  return {
    status,
    body: parsedBody,
    code: kfError.success ? (kfError.data.Error ?? undefined) : undefined,
    message: kfError.success ? (kfError.data.Message ?? undefined) : undefined,
  };
}

function systemMessageOf(failure: KashFlowFailure): string | undefined {
  return failure.message !== undefined ? `${failure.message}${failure.code ? ` (${failure.code})` : ''}` : undefined;
}

/** An expired session goes back to the client; the caller's refinement next; else the classification, by code. */
function refined(call: KashFlowExchange, { status, body, error }: GovernedFailure<TextAnswer>): Error {
  const failure = failureOf(body, status);
  if (status === 401 && failure.code === 'InvalidSessionToken' && call.token !== undefined) {
    return new SessionExpired(call.token);
  }
  const refinedByCaller = call.refine?.(failure);
  if (refinedByCaller) return refinedByCaller;
  return new ConnectorError({
    kind: kindOfCode(failure.code) ?? error.kind,
    system: 'kashflow',
    message: error.message,
    systemMessage: error.systemMessage,
    retryAfterMs: error.retryAfterMs,
    context: { ...error.context, endpoint: call.endpoint, kashflowError: failure.code },
  });
}

/** KashFlow's error codes say more than the status: DuplicateCustomerCode is a 400 but a duplicate, not bad data. */
function kindOfCode(code: string | undefined): ConnectorError['kind'] | undefined {
  if (code === undefined) return undefined;
  if (/^Duplicate/i.test(code)) return 'duplicate';
  if (/NotFound$/i.test(code)) return 'not_found';
  return undefined;
}
