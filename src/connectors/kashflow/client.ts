import { z } from 'zod';
import type { SecretVault } from '../../secrets/keychain.js';
import { ConnectorError } from '../shared/connectorError.js';
import type { RateGovernor } from '../shared/rateGovernor.js';
import type { RetryOptions } from '../shared/retryPolicy.js';
import { type FetchLike, type KashFlowExchange, KashFlowHttp, SessionExpired } from './http.js';
import { KashFlowSession } from './session.js';
import type { KashFlowConnectionSettings } from './settings.js';
import { listEnvelope } from './wire.js';

export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

export interface CallOptions {
  readonly query?: Query | undefined;
  readonly body?: unknown;
  /** What Counterpart was doing, for messages: "read customers". */
  readonly operation: string;
  /** The path template for messages ("/customers/{code}"); defaults to the path. */
  readonly endpoint?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly refine?: KashFlowExchange['refine'];
  readonly maxAttempts?: number | undefined;
}

export interface KashFlowClientOptions {
  readonly connectionId: string;
  readonly settings: KashFlowConnectionSettings;
  readonly secrets: SecretVault;
  readonly governor: RateGovernor;
  readonly fetch?: FetchLike | undefined;
  readonly retry?: Omit<RetryOptions, 'statistics' | 'signal'> | undefined;
}

/**
 * A thin typed client for KashFlow REST v2: `Authorization: KfToken …` on every call, one fresh login when KashFlow
 * says `InvalidSessionToken`, list paging, and every response validated with zod where it enters.
 */
export class KashFlowClient {
  readonly session: KashFlowSession;
  private readonly http: KashFlowHttp;

  constructor(private readonly options: KashFlowClientOptions) {
    this.http = new KashFlowHttp(options.settings, options.governor, options.fetch, options.retry);
    this.session = new KashFlowSession(this.http, options);
  }

  async get<S extends z.ZodType>(path: string, schema: S, options: CallOptions): Promise<z.infer<S>> {
    return this.call('GET', path, schema, options);
  }

  /** GET that answers undefined for a 404 (the record does not exist). */
  async find<S extends z.ZodType>(path: string, schema: S, options: CallOptions): Promise<z.infer<S> | undefined> {
    try {
      return await this.call('GET', path, schema, options);
    } catch (error) {
      if (error instanceof ConnectorError && error.kind === 'not_found') return undefined;
      throw error;
    }
  }

  async call<S extends z.ZodType>(method: string, path: string, schema: S, options: CallOptions): Promise<z.infer<S>> {
    const endpoint = `${method} ${options.endpoint ?? path}`;
    const url = this.url(path, options.query);
    let freshLogins = 0;
    for (;;) {
      const token = await this.session.current(options.signal);
      try {
        const body = await this.http.exchange({
          method,
          url,
          endpoint,
          operation: options.operation,
          body: options.body,
          token,
          signal: options.signal,
          refine: options.refine,
          maxAttempts: options.maxAttempts,
        });
        this.session.accepted(token);
        return KashFlowHttp.parse(schema, body, endpoint);
      } catch (error) {
        if (!(error instanceof SessionExpired)) throw error;
        // A token KashFlow once accepted has lapsed: log in again. One refused before it was ever accepted means
        // the login itself is not good for the API, and logging in again and again would not help.
        const lapsed = this.session.wasAccepted(token);
        await this.session.invalidate(token);
        freshLogins += lapsed ? 0 : 1;
        if (freshLogins >= 2) {
          throw new ConnectorError({
            kind: 'authentication',
            system: 'kashflow',
            message:
              'KashFlow refused a session token straight after a fresh login: check that API access is still enabled for this user in KashFlow, then test the connection.',
            systemMessage: 'Session token provided is invalid. (InvalidSessionToken)',
            context: { endpoint },
          });
        }
      }
    }
  }

  /**
   * Pages of a `{MetaData, Data}` list, 1-based `page` and `perpage`. The next page is asked for by number rather
   * than by following NextPageUrl, so a link naming another host is never called with the session token.
   */
  async *pages<S extends z.ZodType>(
    path: string,
    row: S,
    perPage: number,
    options: CallOptions,
  ): AsyncGenerator<z.infer<S>[]> {
    const envelope = listEnvelope(row);
    let seen = 0;
    for (let page = 1; ; page += 1) {
      const result = await this.get(path, envelope, {
        ...options,
        query: { ...options.query, page, perpage: perPage },
      });
      const rows = result.Data as z.infer<S>[];
      seen += rows.length;
      if (rows.length > 0) yield rows;
      const meta = result.MetaData;
      // KashFlow may serve fewer rows than asked (products stop at 100), so the row count alone cannot end the list.
      const more = meta
        ? meta.NextPageUrl != null || (meta.TotalRecords != null && seen < meta.TotalRecords)
        : rows.length >= perPage;
      if (!more || rows.length === 0) return;
    }
  }

  /** A bare-array list (nominals, VAT rates, bank accounts, payment methods). */
  async array<S extends z.ZodType>(path: string, row: S, options: CallOptions): Promise<z.infer<S>[]> {
    return this.get(path, z.array(row), options) as Promise<z.infer<S>[]>;
  }

  private url(path: string, query: Query | undefined): string {
    const url = new URL(`${this.options.settings.baseUrl}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }
}
