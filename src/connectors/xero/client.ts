import { AsyncLocalStorage } from 'node:async_hooks';
import type { AxiosRequestConfig } from 'axios';
import { AccountingApi } from 'xero-node';
import { ConnectorError } from '../shared/connectorError.js';
import { governedCall } from '../shared/governedRequest.js';
import type { RateGovernor } from '../shared/rateGovernor.js';
import type { RetryOptions } from '../shared/retryPolicy.js';
import { quotaFrom, type ResponseHeaders, type XeroFailure, xeroFailureOf } from './errors.js';
import type { XeroConnectionSettings } from './settings.js';
import type { XeroTokens } from './tokens.js';

export interface XeroCallSite {
  /** What Counterpart was doing, for messages: "read invoices", "write contacts". */
  readonly operation: string;
  readonly signal?: AbortSignal | undefined;
}

/** Per-call values the request hook reads: xero-node's API object is shared, its calls are not. */
interface CallContext {
  readonly accessToken: string;
  readonly signal: AbortSignal | undefined;
}

interface XeroNodeResult {
  readonly response: { readonly headers: unknown; readonly status: number };
}

/** One xero-node attempt as the governed call sees it: the result, or the refusal xero-node rejected with. */
interface XeroAnswer<T> {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly result?: T | undefined;
  readonly failure?: XeroFailure | undefined;
  text(): Promise<string>;
}

/**
 * xero-node's AccountingApi aimed at the connection's base path, with every call paced by the connection's rate
 * governor (Xero's quota headers fed back to it), retried with backoff on transient failures and 429s, re-tried
 * once with a refreshed token after a 401, bounded by a timeout (xero-node sets none), and failures turned from
 * xero-node's JSON strings into classified `ConnectorError`s that keep Xero's own message.
 */
export class XeroApiClient {
  readonly api: AccountingApi;
  private readonly context = new AsyncLocalStorage<CallContext>();

  constructor(
    private readonly options: {
      readonly settings: XeroConnectionSettings;
      readonly tokens: XeroTokens;
      readonly governor: RateGovernor;
      readonly retry?: Omit<RetryOptions, 'statistics' | 'signal'> | undefined;
    },
  ) {
    this.api = new AccountingApi(options.settings.apiBasePath);
    // xero-node applies the "default" authentication to each request after its OAuth2 one: the hook that lets one
    // shared API object send each call with its own token, timeout and abort signal.
    this.api.setDefaultAuthentication({
      applyToRequest: (request: AxiosRequestConfig) => {
        const call = this.context.getStore();
        request.timeout = options.settings.timeoutMs;
        if (call === undefined) return;
        request.headers = { ...request.headers, Authorization: `Bearer ${call.accessToken}` };
        if (call.signal !== undefined) request.signal = call.signal;
      },
    });
  }

  /** The organisation the connection works on; a clear error when none was chosen at connect time. */
  get tenantId(): string {
    const tenantId = this.options.settings.tenantId;
    if (tenantId === undefined) {
      throw new ConnectorError({
        kind: 'configuration',
        system: 'xero',
        message: 'No Xero organisation is chosen for this connection: connect again and choose one.',
      });
    }
    return tenantId;
  }

  /** Runs one xero-node call the governed way; `invoke` gets the API and the tenant id. */
  async call<T extends XeroNodeResult>(
    site: XeroCallSite,
    invoke: (api: AccountingApi, tenantId: string) => Promise<T>,
  ): Promise<T> {
    const { governor, tokens, settings } = this.options;
    const tenantId = this.tenantId;
    const where = { operation: site.operation, url: settings.apiBasePath, tenantId };
    let renewed = false;
    for (;;) {
      const accessToken = await tokens.accessToken();
      this.api.accessToken = accessToken;
      let refused = false;
      try {
        const answer = await governedCall<XeroAnswer<T>>(
          {
            system: 'xero',
            governor,
            retry: { maxAttempts: settings.maxAttempts, ...this.options.retry },
            url: settings.apiBasePath,
            operation: site.operation,
            signal: site.signal,
            quotaFrom,
            // Whatever xero-node resolved with is the result; what it rejected with, a refusal.
            accepts: (answer) => answer.failure === undefined,
            // xero-node has already read Xero's refusal; its classification stands.
            refine: ({ answer: { failure }, error }) => {
              refused = failure?.tokenRefused ?? false;
              return failure?.error ?? error;
            },
          },
          async (signal) => {
            try {
              const result = await this.context.run({ accessToken, signal }, () => invoke(this.api, tenantId));
              const { status, headers } = result.response;
              return { status, headers: headersOf(headers), result, text: () => Promise.resolve('') };
            } catch (rejection) {
              const failure = xeroFailureOf(rejection, where);
              // No answer at all (a timeout, a dropped socket): a transport failure, already classified.
              if (failure.status === 0) throw failure.error;
              return { status: failure.status, headers: failure.headers, failure, text: () => Promise.resolve('') };
            }
          },
        );
        return answer.result as T;
      } catch (error) {
        if (!refused || renewed) throw error;
        renewed = true;
        await tokens.refresh(accessToken);
      }
    }
  }
}

function headersOf(headers: unknown): ResponseHeaders {
  if (typeof headers !== 'object' || headers === null) return {};
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string' || typeof value === 'number') result[name.toLowerCase()] = String(value);
  }
  return result;
}
