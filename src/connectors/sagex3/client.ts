import type { z } from 'zod';
import type { SecretVault } from '../../secrets/keychain.js';
import type { Clock } from '../shared/clock.js';
import { ConnectorError } from '../shared/connectorError.js';
import { governedCall } from '../shared/governedRequest.js';
import type { RateGovernor } from '../shared/rateGovernor.js';
import type { RetryOptions } from '../shared/retryPolicy.js';
import { type FetchLike, jsonAnswer, sendForText, type TextAnswer, transportOf } from '../shared/textTransport.js';
import { SageX3Auth } from './auth.js';
import type { SageX3ConnectionSettings } from './settings.js';
import { diagnosesOf, GraphqlAnswer, malformed, parseWire, X3Feed, X3Resource } from './wire.js';

export type { FetchLike } from '../shared/textTransport.js';

/** A class and the representation that serves it. */
export interface ClassBinding {
  readonly className: string;
  readonly representation: string;
}

export interface CallSite {
  /** What Counterpart was doing, for messages and logs: "read customers", "test connection". */
  readonly operation: string;
  readonly signal?: AbortSignal | undefined;
  /** Attempts for this call; 1 for a create whose retry the caller makes safe by searching first. */
  readonly maxAttempts?: number | undefined;
}

export interface QueryParameters {
  readonly where?: string | undefined;
  readonly orderBy?: string | undefined;
  readonly count?: number | undefined;
}

export interface SageX3ClientOptions {
  readonly connectionId: string;
  readonly settings: SageX3ConnectionSettings;
  readonly secrets: SecretVault;
  readonly governor: RateGovernor;
  readonly fetch?: FetchLike | undefined;
  readonly retry?: Omit<RetryOptions, 'statistics' | 'signal'> | undefined;
  readonly clock?: Clock | undefined;
}

/**
 * A thin typed client for the api1 web services: `$query` feeds followed by `$next`, `$details`, `$create` and
 * `$edit`. Each call is paced by the connection's governor, retried with full-jitter backoff on transient failures
 * and rate limits (waiting out Retry-After), classified into a ConnectorError keeping X3's own `$diagnoses`, and its
 * answer validated where it enters. A JWT X3 refuses is signed afresh and the call made once more. X3's words are
 * read before the retry decision: it answers an unknown property in `where` with HTTP 500, which must not be retried.
 */
export class SageX3Client {
  readonly apiUrl: string;
  readonly auth: SageX3Auth;
  private readonly transport: FetchLike;

  constructor(private readonly options: SageX3ClientOptions) {
    const { settings } = options;
    this.apiUrl = `${settings.baseUrl}/api1/x3/erp/${encodeURIComponent(settings.folder)}`;
    this.auth = new SageX3Auth(options.connectionId, settings, options.secrets, options.clock);
    this.transport = transportOf(options.fetch, { timeoutMs: settings.timeoutMs, caBundlePem: settings.caBundlePem });
  }

  /** The pages of a `$query` feed, following `$links.$next` (key-based paging) until it is absent. */
  async *query(binding: ClassBinding, parameters: QueryParameters, site: CallSite): AsyncGenerator<X3Resource[]> {
    const search = new URLSearchParams({ representation: `${binding.representation}.$query` });
    search.set('count', String(parameters.count ?? this.options.settings.pageSize));
    if (parameters.where) search.set('where', parameters.where);
    if (parameters.orderBy) search.set('orderBy', parameters.orderBy);
    // %20 rather than "+" for spaces: SData examples write them so, and not every server reads "+" as a space.
    let url: string | undefined = `${this.classUrl(binding)}?${search.toString().replaceAll('+', '%20')}`;
    while (url !== undefined) {
      const body = await this.call('GET', url, undefined, site, binding.className);
      const feed = parseWire(X3Feed, body, binding.className, 'query');
      yield feed.$resources;
      const next = feed.$links?.$next?.$url;
      const following =
        next === undefined || feed.$resources.length === 0 ? undefined : this.onOurServer(next, binding);
      if (following === url) throw malformed(binding.className, 'query', '$links.$next points at the same page again');
      url = following;
    }
  }

  /** One record with its child table (`$details`); undefined when X3 says it does not exist. */
  async details(binding: ClassBinding, key: string, site: CallSite): Promise<X3Resource | undefined> {
    try {
      const body = await this.call('GET', this.recordUrl(binding, key, '$details'), undefined, site, binding.className);
      return parseWire(X3Resource, body, binding.className, 'details');
    } catch (error) {
      if (error instanceof ConnectorError && error.kind === 'not_found') return undefined;
      throw error;
    }
  }

  /** `POST {CLASS}?representation={R}.$create`: 201 with the created record. */
  async create(binding: ClassBinding, body: Record<string, unknown>, site: CallSite): Promise<X3Resource> {
    const url = `${this.classUrl(binding)}?representation=${encodeURIComponent(`${binding.representation}.$create`)}`;
    const answer = await this.call('POST', url, body, site, binding.className);
    return parseWire(X3Resource, answer, binding.className, 'create');
  }

  /** `PUT {CLASS}('{KEY}')?representation={R}.$edit` with a partial body: 200 with the full new state. */
  async update(binding: ClassBinding, key: string, body: Record<string, unknown>, site: CallSite): Promise<X3Resource> {
    const answer = await this.call('PUT', this.recordUrl(binding, key, '$edit'), body, site, binding.className);
    return parseWire(X3Resource, answer, binding.className, 'update');
  }

  /** `POST {path}` with `{query, variables}` and the endpoint header; GraphQL errors are validation errors. */
  async graphql(query: string, variables: Record<string, unknown>, node: string, site: CallSite): Promise<unknown> {
    const { settings } = this.options;
    const url = `${settings.baseUrl}${settings.graphql.path}`;
    const headers = { 'x-xtrem-endpoint': settings.folder };
    const refused = (said: string) =>
      new ConnectorError({
        kind: 'validation',
        system: 'sagex3',
        message: `Sage X3's GraphQL API refused the query of ${node}: check the GraphQL node and field settings of the connection. Sage X3 said: "${said}".`,
        systemMessage: said,
        context: { class: node, operation: site.operation },
      });
    let answer: unknown;
    try {
      answer = await this.call('POST', url, { query, variables }, site, node, headers);
    } catch (error) {
      // A query the schema refuses answers 400 with GraphQL `errors`.
      if (error instanceof ConnectorError && error.kind === 'validation') throw refused(error.systemMessage ?? '');
      throw error;
    }
    const parsed = parseWire(GraphqlAnswer, answer, node, 'GraphQL query');
    if (parsed.errors && parsed.errors.length > 0) throw refused(parsed.errors.map((error) => error.message).join(' '));
    return parsed.data;
  }

  /** Parses an answer against a schema, naming the class when it does not fit. */
  parse<S extends z.ZodType>(schema: S, body: unknown, className: string, what: string): z.infer<S> {
    return parseWire(schema, body, className, what);
  }

  private classUrl(binding: ClassBinding): string {
    return `${this.apiUrl}/${encodeURIComponent(binding.className)}`;
  }

  private recordUrl(binding: ClassBinding, key: string, facet: string): string {
    const quoted = encodeURIComponent(key.replaceAll("'", "''"));
    return `${this.classUrl(binding)}('${quoted}')?representation=${encodeURIComponent(`${binding.representation}.${facet}`)}`;
  }

  /**
   * X3 writes `$next` with the host name it knows itself by, which a LAN client may not resolve (or may reach only
   * through another name): the link's path and query are kept, and sent to the server this connection trusts.
   */
  private onOurServer(link: string, binding: ClassBinding): string {
    let parsed: URL;
    try {
      parsed = new URL(link, this.options.settings.baseUrl);
    } catch {
      throw malformed(binding.className, 'query', `$links.$next.$url is not an address: ${link.slice(0, 80)}`);
    }
    const base = new URL(this.options.settings.baseUrl);
    return parsed.origin === base.origin ? parsed.toString() : `${base.origin}${parsed.pathname}${parsed.search}`;
  }

  private async call(
    method: string,
    url: string,
    body: Record<string, unknown> | undefined,
    site: CallSite,
    className: string,
    extraHeaders: Readonly<Record<string, string>> = {},
  ): Promise<unknown> {
    try {
      return await this.attempt(method, url, body, site, className, extraHeaders);
    } catch (error) {
      // A JWT can lapse early (clock skew, a shorter validity on the connected app): sign a new one, try once more.
      if (!(error instanceof ConnectorError) || error.kind !== 'authentication' || this.auth.mode !== 'jwt') {
        throw error;
      }
      this.auth.renew();
      return this.attempt(method, url, body, site, className, extraHeaders);
    }
  }

  private async attempt(
    method: string,
    url: string,
    body: Record<string, unknown> | undefined,
    site: CallSite,
    className: string,
    extraHeaders: Readonly<Record<string, string>>,
  ): Promise<unknown> {
    const { settings, governor } = this.options;
    const answer = await governedCall<TextAnswer>(
      {
        system: 'sagex3',
        governor,
        retry: { maxAttempts: settings.maxAttempts, ...this.options.retry },
        url,
        operation: site.operation,
        signal: site.signal,
        maxAttempts: site.maxAttempts,
        messageFrom: diagnosesOf,
        refine: ({ status, error }) => refine(error, status, settings, className),
      },
      async (signal) => {
        const headers: Record<string, string> = {
          Accept: 'application/json',
          ...extraHeaders,
          Authorization: await this.auth.header(),
        };
        if (body !== undefined) headers['Content-Type'] = 'application/json';
        return sendForText(this.transport, url, {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          ...(signal ? { signal } : {}),
        });
      },
    );
    return jsonAnswer(
      'sagex3',
      answer.body,
      `"${site.operation}" (${className})`,
      "check that the connection's address is the Syracuse server (e.g. https://x3server:8124) and that no proxy answers in its place",
      { class: className, operation: site.operation },
    );
  }
}

/**
 * X3's words say more than its status: an unknown property answers 500 (a setting to fix, not a fault to retry), an
 * existing key or a missing representation answers 400, and a refused JWT carries `Error NN: Invalid token`.
 */
function refine(
  error: ConnectorError,
  status: number,
  settings: SageX3ConnectionSettings,
  className: string,
): ConnectorError {
  const said = error.systemMessage ?? '';
  const reword = (kind: ConnectorError['kind'], advice: string) =>
    new ConnectorError({
      kind,
      system: 'sagex3',
      message: `${advice} (HTTP ${status}).${said ? ` Sage X3 said: "${said}".` : ''}`,
      systemMessage: error.systemMessage,
      context: { ...error.context, class: className },
    });
  if (status === 401) return reword('authentication', authenticationAdvice(said, settings));
  if (/does not exist in the \$query facet|unknown property|property .* does not exist/i.test(said)) {
    return reword(
      'configuration',
      `Sage X3 does not know a field Counterpart asked ${className} for: check the representation and the field settings (update stamp ${settings.updateStampField}, external key ${settings.externalKeyField || 'none'})`,
    );
  }
  if (/representation .* does not exist|facet .* not available/i.test(said)) {
    return reword(
      'configuration',
      `Sage X3 has no such representation for ${className}: check the class and representation names in the connection settings`,
    );
  }
  if (status === 404 && /endpoint .* does not exist/i.test(said)) {
    return reword(
      'configuration',
      `Sage X3 has no endpoint "${settings.folder}": check the endpoint (folder) name in the connection settings`,
    );
  }
  if (status === 404 && /class .* does not exist/i.test(said)) {
    return reword(
      'configuration',
      `Sage X3 does not publish class ${className} as a web service: check the class name`,
    );
  }
  if (/already exists/i.test(said)) return reword('duplicate', `Sage X3 already holds this ${className} record`);
  if (status === 405) {
    return reword(
      'permission',
      `Sage X3 does not allow writing ${className} through web services: ask the X3 administrator to enable it, or stop syncing this entity to X3`,
    );
  }
  return new ConnectorError({
    kind: error.kind,
    system: 'sagex3',
    message: error.message,
    systemMessage: error.systemMessage,
    retryAfterMs: error.retryAfterMs,
    context: { ...error.context, class: className },
  });
}

function authenticationAdvice(said: string, settings: SageX3ConnectionSettings): string {
  if (settings.authMode === 'basic') {
    return `Sage X3 did not accept the password of X3 user "${settings.user}": check the user name, enter the password again in the connection settings, and make sure Basic authentication is enabled on the Syracuse server`;
  }
  const code = Number(/Error\s+(\d+)/i.exec(said)?.[1]);
  const codes = settings.jwtErrorCodes;
  const app = 'the connected application (Administration > Settings > Authentication > Connected applications)';
  if (code === codes.unknownClient) {
    return `Sage X3 does not know the client ID "${settings.clientId}": copy it again from ${app}`;
  }
  if (code === codes.userNotAllowed) {
    return `Sage X3 does not allow user "${settings.user}" for this connected application: add the user to ${app}`;
  }
  if (code === codes.audienceMismatch) {
    return `Sage X3 expects another audience than "${settings.jwtAudience}": set the connection's JWT audience to the one configured on ${app}`;
  }
  if (code === codes.issuedInFuture) {
    return "Sage X3 says the token was issued in the future: this computer's clock is ahead of the X3 server's — correct the clock";
  }
  if (code === codes.badSignatureOrExpired) {
    return `Sage X3 refused the signed token (wrong client secret, or a lifetime longer than the app allows): enter the client secret again and check the token validity of ${app}`;
  }
  return `Sage X3 refused the connected-app token: check the client ID, client secret, user and audience against ${app}`;
}
