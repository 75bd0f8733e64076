import type { RequestInit, Response } from 'undici';
import type { SystemName } from '../../model/index.js';
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

/**
 * One HTTP call the way every connector should make it: paced by the connection's governor, with the quota headers
 * fed back to it, retried with backoff on transient failures and rate limits (honouring Retry-After), and every
 * failure classified into a `ConnectorError`. Resolves with the successful response only. The request body must be
 * replayable (a string or buffer) because a retry sends it again.
 */
export async function governedFetch(
  options: GovernedRequestOptions,
  url: string | URL,
  init: RequestInit,
  site: RequestSite,
): Promise<Response> {
  const { system, governor } = options;
  const where = { url, operation: site.operation };
  return withRetries(
    () =>
      governor.run(
        async (signal) => {
          let response: Response;
          try {
            response = await fetchWithTrust(url, { ...init, signal }, options.trust);
          } catch (error) {
            throw classifyTransportError(system, error, where);
          }
          governor.noteResponse(quotaOf(options, response));
          if (response.ok) return response;
          const body = await response.text();
          throw classifyHttpFailure(system, {
            ...where,
            status: response.status,
            headers: response.headers,
            body,
            systemMessage: options.messageFrom?.(body, response.status),
          });
        },
        { signal: site.signal },
      ),
    { ...options.retry, statistics: governor.statistics, signal: site.signal },
  );
}

function quotaOf(options: GovernedRequestOptions, response: Response): QuotaReport {
  const report = { rateLimited: response.status === 429, ...options.quotaFrom?.(response.headers, response.status) };
  if (report.retryAfterMs !== undefined || (response.status !== 429 && response.status !== 503)) return report;
  return { ...report, retryAfterMs: parseRetryAfter(headerValue(response.headers, 'retry-after')) };
}
