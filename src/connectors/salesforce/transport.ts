import { Duplex, PassThrough, type Readable } from 'node:stream';
import type { HttpRequest, HttpResponse } from 'jsforce';
// jsforce's package entry exports only its default object; the class lives here.
import { StreamPromise } from 'jsforce/lib/util/promise.js';
import { ConnectorError } from '../shared/connectorError.js';
import { governedCall } from '../shared/governedRequest.js';
import { fetchWithTrust, type HeaderSource, headerValue } from '../shared/httpFailure.js';
import type { QuotaReport, RateGovernor } from '../shared/rateGovernor.js';
import type { RetryOptions } from '../shared/retryPolicy.js';
import type { TextAnswer } from '../shared/textTransport.js';
import { classifySalesforceResponse } from './errors.js';

/** An answer with its headers as jsforce wants them: lower-cased names, string values. */
interface SalesforceAnswer extends TextAnswer {
  readonly headers: Readonly<Record<string, string>>;
}

export interface GovernedTransportOptions {
  readonly governor: RateGovernor;
  readonly retry?: Omit<RetryOptions, 'statistics' | 'signal'> | undefined;
  readonly timeoutMs: number;
  readonly caBundlePem?: string | undefined;
  /** Calls held back for the org's other integrations. */
  readonly dailyReserve?: number | undefined;
  /**
   * Hand 401s back to jsforce so it refreshes the session and sends the call again (the data API); the OAuth
   * endpoints have nothing to refresh, so there a 401 is a classified failure like any other.
   */
  readonly passUnauthorized: boolean;
}

const API_USAGE = /api-usage=(\d+)\/(\d+)/;

/**
 * jsforce's HTTP transport replaced by Counterpart's: every request jsforce makes (REST, queryMore, Bulk 2.0, token
 * refresh) is paced by the connection's rate governor, retried with jittered backoff (honouring Retry-After) by the
 * shared retry policy instead of jsforce's fixed 500 ms × 2ⁿ loop, sent without the HTTP(S)_PROXY variables jsforce
 * would otherwise apply even to 127.0.0.1, and every failure except a session to refresh becomes a ConnectorError
 * that keeps Salesforce's errorCode. `Sforce-Limit-Info` feeds the governor the org's daily allowance.
 */
export class GovernedTransport {
  /** The last failure thrown, so "Unable to refresh session due to: …" can be traced back to its cause. */
  lastFailure: ConnectorError | undefined;

  constructor(private readonly options: GovernedTransportOptions) {}

  httpRequest(request: HttpRequest): StreamPromise<HttpResponse> {
    return StreamPromise.create(() => {
      const input = new PassThrough();
      const output = new PassThrough();
      const stream = Duplex.from({ writable: input, readable: output });
      const promise = this.send(request, input).then(
        (response) => {
          output.end(response.body);
          return response;
        },
        (error: unknown) => {
          output.end();
          throw error;
        },
      );
      return { stream, promise };
    });
  }

  /** jsforce asks its transports for a raw stream creator only for its own request module; never used here. */
  getRequestStreamCreator(): (request: HttpRequest) => Duplex {
    return () => {
      throw new Error('GovernedTransport sends requests itself');
    };
  }

  private async send(request: HttpRequest, input: Readable): Promise<HttpResponse> {
    const body = await bodyOf(request, input);
    const operation = `${request.method} ${pathOf(request.url)}`;
    const { governor } = this.options;
    try {
      const answer = await governedCall<SalesforceAnswer>(
        {
          system: 'salesforce',
          governor,
          retry: this.options.retry,
          url: request.url,
          operation,
          quotaFrom: (headers) => this.quotaOf(headers),
          accepts: (answer) => answer.status < 400,
          passUnauthorized: this.options.passUnauthorized,
          refine: (failure) =>
            this.dailyLimitOrFailure(
              classifySalesforceResponse({
                status: failure.status,
                headers: failure.answer.headers,
                body: failure.body,
                url: request.url,
                operation,
              }),
            ),
        },
        async (signal) => {
          const response = await fetchWithTrust(
            request.url,
            { method: request.method, headers: request.headers ?? {}, body, signal },
            { timeoutMs: this.options.timeoutMs, caBundlePem: this.options.caBundlePem },
          );
          const text = await response.text();
          const headers: Record<string, string> = {};
          response.headers.forEach((value, name) => {
            headers[name.toLowerCase()] = value;
          });
          return { status: response.status, headers, body: text, text: () => Promise.resolve(text) };
        },
      );
      return { statusCode: answer.status, headers: answer.headers, body: answer.body };
    } catch (error) {
      if (error instanceof ConnectorError) this.lastFailure = error;
      throw error;
    }
  }

  /** The org's daily allowance from `Sforce-Limit-Info`, less the calls held back for its other integrations. */
  private quotaOf(headers: HeaderSource): QuotaReport {
    const usage = API_USAGE.exec(headerValue(headers, 'sforce-limit-info') ?? '');
    const remainingToday =
      usage === null ? undefined : Number(usage[2]) - Number(usage[1]) - (this.options.dailyReserve ?? 0);
    return { remainingToday };
  }

  /** Once the governor has stopped for the day, say so with the time calls resume instead of a bare 403. */
  private dailyLimitOrFailure(error: ConnectorError): ConnectorError {
    if (error.kind !== 'rate_limit' || error.retryAfterMs !== undefined) return error;
    const resumesAt = this.options.governor.state().dailyLimitUntil;
    if (resumesAt === undefined) return error;
    return new ConnectorError({
      kind: 'rate_limit',
      system: 'salesforce',
      message: `Salesforce's daily API allowance for this connection is used up: Counterpart has stopped calling it and will resume at ${resumesAt}.`,
      systemMessage: error.systemMessage,
      retryAfterMs: Math.max(0, Date.parse(resumesAt) - Date.now()),
      context: { ...error.context, limit: 'day', resumesAt },
    });
  }
}

async function bodyOf(request: HttpRequest, input: Readable): Promise<string | Buffer | undefined> {
  const { body } = request;
  if (typeof body === 'string' || Buffer.isBuffer(body)) return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body !== undefined && body !== null) {
    throw new Error('Counterpart sends Salesforce string, buffer or streamed bodies only');
  }
  if (!/^(POST|PUT|PATCH)$/.test(request.method)) return undefined;
  // Streamed uploads (Bulk 2.0 CSV) are buffered so that a retry can send them again.
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
