import { AsyncLocalStorage } from 'node:async_hooks';
import type { AxiosRequestConfig } from 'axios';
import { AccountingApi } from 'xero-node';
import { ConnectorError } from '../shared/connectorError.js';
import type { RateGovernor } from '../shared/rateGovernor.js';
import { type RetryOptions, withRetries } from '../shared/retryPolicy.js';
import { quotaFrom, type ResponseHeaders, xeroFailureOf } from './errors.js';
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
        return await withRetries(
          () =>
            governor.run(
              async (signal) => {
                try {
                  const result = await this.context.run({ accessToken, signal }, () => invoke(this.api, tenantId));
                  governor.noteResponse(quotaFrom(headersOf(result.response.headers), result.response.status));
                  return result;
                } catch (rejection) {
                  const failure = xeroFailureOf(rejection, where);
                  if (failure.status !== 0) governor.noteResponse(quotaFrom(failure.headers, failure.status));
                  refused = failure.tokenRefused;
                  throw failure.error;
                }
              },
              site.signal === undefined ? {} : { signal: site.signal },
            ),
          {
            maxAttempts: settings.maxAttempts,
            ...this.options.retry,
            statistics: governor.statistics,
            signal: site.signal,
          },
        );
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
