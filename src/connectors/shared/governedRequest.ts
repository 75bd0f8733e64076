import type { RequestInit, Response } from 'undici';
import { CounterpartError } from '../../errors.js';
import type { SystemName } from '../../model/index.js';
import type { ConnectorError } from './connectorError.js';
import {
  classifyHttpFailure,
  classifyTransportError,
  fetchWithTrust,
  type HeaderSource,
  headerValue,
  parseRetryAfter,
  type TrustOptions,
} from './httpFailure.js';
import type { QuotaReport, RateGovernor } from './rateGovernor.js';
import { type RetryOptions, withRetries } from './retryPolicy.js';

/** What one attempt brought back, whatever client sent it: a fetch `Response` fits, so does a wrapped axios answer. */
export interface GovernedAnswer {
  readonly status: number;
  readonly headers: HeaderSource;
  /** The body as text; read only when the answer is a failure to classify. */
  text(): Promise<string>;
}

/** A failed answer on its way to the retry decision: its status, headers, body and the generic classification. */
export interface GovernedFailure<A extends GovernedAnswer = GovernedAnswer> {
  readonly answer: A;
  readonly status: number;
  readonly body: string;
  readonly error: ConnectorError;
}

export interface GovernedRequestOptions {
  readonly system: SystemName;
  /** The connection's one governor; its statistics also receive the retries. */
  readonly governor: RateGovernor;
  readonly trust: TrustOptions;
  readonly retry?: Omit<RetryOptions, 'statistics' | 'signal'> | undefined;
  /** Reads the system's quota headers (Xero X-MinLimit-Remaining / X-DayLimit-Remaining, Salesforce Sforce-Limit-Info). */
  readonly quotaFrom?: ((headers: HeaderSource, status: number) => QuotaReport) | undefined;
  /** Pulls the system's own message out of its error body when the generic reading is not enough. */
  readonly messageFrom?: ((body: string, status: number) => string | undefined) | undefined;
}

export interface RequestSite {
  /** What Counterpart was doing, for messages and logs: "read invoices", "test connection". */
  readonly operation: string;
  readonly signal?: AbortSignal | undefined;
}

export interface GovernedCallOptions<A extends GovernedAnswer = GovernedAnswer>
  extends Omit<GovernedRequestOptions, 'trust' | 'quotaFrom'>,
    RequestSite {
  readonly quotaFrom?: ((headers: A['headers'], status: number) => QuotaReport) | undefined;
  /** The address named in messages and logs (redacted of tokens by the caller). */
  readonly url: string | URL;
  /** Attempts for this call alone, e.g. 1 for a write whose retry the caller makes safe itself. */
  readonly maxAttempts?: number | undefined;
  /**
   * Hands a 401 back to the caller as an answer, for clients that refresh their session themselves and send the
   * call again (jsforce); otherwise a 401 is a classified failure like any other.
   */
  readonly passUnauthorized?: boolean | undefined;
  /** Which answers are the call's result rather than failures; those with a 2xx status when absent. */
  readonly accepts?: ((answer: A) => boolean) | undefined;
  /**
   * Refines a failed answer before the retry decision: the system's own error codes, a session expiry handed back to
   * the caller (a non-ConnectorError is never retried). Returns the error to throw; `failure.error` keeps the default.
   */
  readonly refine?: ((failure: GovernedFailure<A>) => Error) | undefined;
}

/**
 * One call the way every connector should make it, whatever sends it: paced by the connection's governor, with the
 * quota headers fed back to it, retried with backoff on transient failures and rate limits (honouring Retry-After),
 * and every failure classified into a `ConnectorError` (or refined by the connector). `attempt` sends the call once
 * with the governor's signal; a rejection other than a `CounterpartError` is a transport failure. Resolves with the
 * accepted answer only.
 */
export async function governedCall<A extends GovernedAnswer>(
  options: GovernedCallOptions<A>,
  attempt: (signal: AbortSignal | undefined, attempt: number) => Promise<A>,
): Promise<A> {
  const { system, governor, signal } = options;
  const where = { url: options.url, operation: options.operation };
  const accepts = options.accepts ?? ((answer: A) => answer.status >= 200 && answer.status < 300);
  return withRetries(
    (attemptNumber) =>
      governor.run(
        async (governed) => {
          let answer: A;
          try {
            answer = await attempt(governed, attemptNumber);
          } catch (error) {
            // Counterpart's own errors from preparing the call (a secret the keychain would not give) are not the
            // network's: they pass through unclassified and unretried.
            throw error instanceof CounterpartError ? error : classifyTransportError(system, error, where);
          }
          governor.noteResponse(quotaOf(options, answer));
          if (accepts(answer) || (answer.status === 401 && options.passUnauthorized)) return answer;
          const body = await answer.text();
          const error = classifyHttpFailure(system, {
            ...where,
            status: answer.status,
            headers: answer.headers,
            body,
            systemMessage: options.messageFrom?.(body, answer.status),
          });
          throw options.refine?.({ answer, status: answer.status, body, error }) ?? error;
        },
        signal === undefined ? {} : { signal },
      ),
    {
      ...options.retry,
      ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
      statistics: governor.statistics,
      signal,
    },
  );
}

/** `governedCall` over `fetch` (trusting the connection's CA bundle). The request body must be replayable. */
export async function governedFetch(
  options: GovernedRequestOptions,
  url: string | URL,
  init: RequestInit,
  site: RequestSite,
): Promise<Response> {
  return governedCall({ ...options, ...site, url }, (signal) =>
    fetchWithTrust(url, { ...init, signal }, options.trust),
  );
}

function quotaOf<A extends GovernedAnswer>(options: GovernedCallOptions<A>, answer: A): QuotaReport {
  const report = { rateLimited: answer.status === 429, ...options.quotaFrom?.(answer.headers, answer.status) };
  if (report.retryAfterMs !== undefined || (answer.status !== 429 && answer.status !== 503)) return report;
  return { ...report, retryAfterMs: parseRetryAfter(headerValue(answer.headers, 'retry-after')) };
}
