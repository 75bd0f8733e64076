import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CounterpartError } from '../../errors.js';
import type { RunningSandbox, SandboxOptions } from '../shared/runningSandbox.js';
import { createSandboxServer, listenOnLoopback } from '../shared/server.js';
import { TokenAuthority } from './auth.js';
import { Bulk2Api } from './bulk2.js';
import { newTransactionKey, SalesforceData, type WriteContext } from './data.js';
import { loadDemo } from './demoSeed.js';
import { asApiError, SalesforceApiError } from './errors.js';
import { Limits } from './limits.js';
import { registerOAuthRoutes } from './oauthRoutes.js';
import { RestApi, type RestResponse } from './rest.js';
import { SchemaRegistry } from './schema.js';
import { loadSeed, type SalesforceSeed } from './seed.js';
import { DEFAULT_SETTINGS, type SalesforceSettings } from './settings.js';
import { RecordStore, type StoreSnapshot } from './store.js';
import { StreamingServer } from './streaming.js';

export { EXTERNAL_ID_FIELD } from './schema.js';
export type { SalesforceSeed } from './seed.js';
export type { SalesforceSettings } from './settings.js';

export interface SalesforceSandboxOptions extends SandboxOptions<SalesforceSeed> {
  readonly settings?: Partial<SalesforceSettings>;
}

/** A running Salesforce sandbox, with a few controls tests use beyond the shared contract. */
export interface SalesforceSandbox extends RunningSandbox {
  readonly settings: SalesforceSettings;
  /** Ends every access token, so the next call gets 401 INVALID_SESSION_ID and the client must refresh. */
  expireSessions(): void;
  /** Mints a fresh token set, as if a user had connected again. */
  issueTokens(): Record<string, string>;
}

const FieldValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** What `snapshot()` returns and `options.state` restores (read from a file, so checked on the way in). */
const SandboxState = z.object({
  store: z.object({
    version: z.literal(1),
    records: z.record(z.string(), z.array(z.record(z.string(), FieldValueSchema))),
    counters: z.record(z.string(), z.number().int()),
    autoNumbers: z.record(z.string(), z.number().int()),
  }),
});
interface SandboxState {
  readonly store: StoreSnapshot;
}

function readState(state: unknown): SandboxState | undefined {
  if (state === undefined) return undefined;
  const parsed = SandboxState.safeParse(state);
  if (!parsed.success) {
    throw new CounterpartError(
      'sandbox.bad_state',
      'The saved Salesforce sandbox state is damaged; start without it.',
      {
        system: 'salesforce',
        path: parsed.error.issues[0]?.path.join('.'),
      },
    );
  }
  return parsed.data;
}

const JSON_TYPE = 'application/json;charset=UTF-8';

/** Starts the Salesforce emulator on 127.0.0.1: OAuth, REST data API, Bulk API 2.0 and CDC over CometD. */
export async function startSalesforceSandbox(options: SalesforceSandboxOptions): Promise<SalesforceSandbox> {
  const settings: SalesforceSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const schema = new SchemaRegistry(settings.customFields, settings.keyPrefixes);
  const state = readState(options.state);
  const store = new RecordStore(schema, options.clock, state?.store);
  const data = new SalesforceData(store);
  const systemContext: WriteContext = { userId: settings.userId, origin: '', transactionKey: 'seed' };
  store.mute(() =>
    data.batch(() => {
      ensureOrgBasics(data, settings, systemContext);
      if (!state && options.seed) loadSeed(data, options.seed, systemContext);
      if (!state && options.demo) loadDemo(data, options.demo, systemContext);
    }),
  );

  let baseUrl = '';
  const auth = new TokenAuthority(
    {
      orgId: settings.orgId,
      userId: settings.userId,
      username: settings.username,
      password: settings.password,
      client: { clientId: settings.clientId, clientSecret: settings.clientSecret, callbackUrls: settings.callbackUrls },
      sessionLifetimeMs: settings.sessionLifetimeMs,
      rotateRefreshTokens: settings.rotateRefreshTokens,
      scope: settings.scope,
    },
    options.clock,
    () => baseUrl,
  );
  const limits = new Limits(
    {
      dailyApiRequests: settings.dailyApiRequests,
      limitExceededStatus: settings.limitExceededStatus,
      dailyBulkV2QueryJobs: 10_000,
      dailyBulkApiBatches: 15_000,
    },
    options.clock,
  );
  const rest = new RestApi(data, limits, options.faults, settings, (ms) => options.clock.realDuration(ms));
  const bulk = new Bulk2Api(data, limits, options.faults, settings);
  const streaming = new StreamingServer(store, settings, options.clock);

  const app = createSandboxServer({
    system: 'salesforce',
    faults: options.faults,
    clock: options.clock,
    errorResponse: (status, reason) => errorResponse(status, reason, settings),
    bodyLimit: 150 * 1024 * 1024,
  });
  // Clients send `Content-Type: application/json` on DELETE and other calls without a body.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      const detail = error instanceof Error ? error.message : 'malformed JSON';
      done(Object.assign(new Error(`JSON_PARSER_ERROR: ${detail}`), { statusCode: 400 }), undefined);
    }
  });

  registerOAuthRoutes(app, auth, settings, () => baseUrl);

  app.get('/services/data', async (_request, reply) => reply.type(JSON_TYPE).send(versions(settings)));
  app.get('/services/data/', async (_request, reply) => reply.type(JSON_TYPE).send(versions(settings)));

  const dataHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    const [path = '', search = ''] = request.url.split('?', 2);
    const segments = path.split('/').slice(3);
    const versionMatch = /^v(\d+\.\d+)$/.exec(segments[0] ?? '');
    try {
      if (!versionMatch?.[1]) throw new SalesforceApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
      const version = versionMatch[1];
      const session = auth.session(request.headers.authorization);
      if (!session) throw new SalesforceApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
      limits.countCall();
      const decoded = segments
        .slice(1)
        .filter((part) => part !== '')
        .map((part) => decodeSegment(part));
      const headers = headerRecord(request.headers);
      const client = /client=([^,;\s]+)/.exec(headers['sforce-call-options'] ?? '')?.[1];
      const apiKind = decoded[0] === 'jobs' ? 'bulkapi' : 'rest';
      const context: WriteContext = {
        userId: session.userId,
        origin: `com/salesforce/api/${apiKind}/${version}${client ? `;client=${client}` : ''}`,
        transactionKey: newTransactionKey(),
      };
      const restRequest = {
        method: request.method,
        segments: decoded,
        version,
        query: Object.fromEntries(new URLSearchParams(search)),
        body: request.body,
        headers,
        context,
      };
      const response: RestResponse = decoded[0] === 'jobs' ? bulk.handle(restRequest) : rest.handle(restRequest);
      return send(reply, response, limits.header());
    } catch (error) {
      const apiError = asApiError(error);
      const headers: Record<string, string> = { 'Sforce-Limit-Info': limits.header() };
      return reply.code(apiError.status).headers(headers).type(JSON_TYPE).send([apiError.toWire()]);
    }
  };
  app.all('/services/data/:version', dataHandler);
  app.all('/services/data/:version/*', dataHandler);

  streaming.register(app, (authorization) => auth.session(authorization) !== undefined);

  baseUrl = await listenOnLoopback(app, options.port, false);
  const tokens = auth.issueInitial();

  return {
    system: 'salesforce',
    baseUrl,
    settings,
    credentials: {
      instanceUrl: baseUrl,
      loginUrl: baseUrl,
      apiVersion: '62.0',
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      username: settings.username,
      password: settings.password,
      orgId: settings.orgId,
      userId: settings.userId,
      externalIdField: 'Counterpart_External_Id__c',
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      identityUrl: tokens.id,
      issuedAt: tokens.issued_at,
    },
    snapshot: (): SandboxState => ({ store: store.snapshot() }),
    expireSessions: () => auth.expireAllSessions(),
    issueTokens: () => auth.issueInitial(),
    close: async () => {
      streaming.close();
      bulk.close();
      await app.close();
    },
  };
}

/** Every org has its integration user and exactly one standard price book. */
function ensureOrgBasics(data: SalesforceData, settings: SalesforceSettings, context: WriteContext): void {
  if (!data.store.get('User', settings.userId)) {
    data.create(
      'User',
      { Username: settings.username, FirstName: 'Integration', LastName: 'User', Email: settings.username },
      { ...context, userId: settings.userId },
      { Id: settings.userId, CreatedById: null, LastModifiedById: null, Name: 'Integration User' },
    );
    const user = data.store.get('User', settings.userId);
    if (user) data.store.put('User', { ...user, CreatedById: settings.userId, LastModifiedById: settings.userId });
  }
  if (!data.store.rows('Pricebook2').some((book) => book.IsStandard === true)) {
    data.create('Pricebook2', { Name: 'Standard Price Book', IsActive: true }, context, { IsStandard: true });
  }
}

function send(reply: FastifyReply, response: RestResponse, limitInfo: string): FastifyReply {
  reply.code(response.status).headers({ 'Sforce-Limit-Info': limitInfo, ...response.headers });
  if (response.status === 204 || response.body === undefined) return reply.send();
  if (typeof response.body === 'string') return reply.send(response.body);
  return reply.type(JSON_TYPE).send(response.body);
}

function errorResponse(
  status: number,
  reason: string,
  settings: SalesforceSettings,
): { headers?: Record<string, string>; body: unknown } {
  const element = (errorCode: string, message: string) => [{ message, errorCode }];
  switch (status) {
    case 400:
      return reason.startsWith('JSON_PARSER_ERROR: ')
        ? { body: element('JSON_PARSER_ERROR', reason.slice('JSON_PARSER_ERROR: '.length)) }
        : { body: element('INVALID_REQUEST', reason) };
    case 401:
      return { body: element('INVALID_SESSION_ID', 'Session expired or invalid') };
    case 403:
      return { body: element('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.') };
    case 404:
      return { body: element('NOT_FOUND', 'The requested resource does not exist') };
    case 429:
      return {
        headers: settings.retryAfterSeconds === null ? {} : { 'Retry-After': String(settings.retryAfterSeconds) },
        body: element('REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.'),
      };
    case 502:
    case 503:
      return { body: element('SERVER_UNAVAILABLE', 'Service temporarily unavailable, please retry later.') };
    default:
      return {
        body: element(
          'UNKNOWN_EXCEPTION',
          'An unexpected error occurred. Please include this ErrorId if you contact support: 1730954812-12345 (-1234567890)',
        ),
      };
  }
}

function versions(settings: SalesforceSettings): { label: string; url: string; version: string }[] {
  const latest = Number(settings.latestVersion);
  const list: { label: string; url: string; version: string }[] = [];
  for (let version = 31; version <= latest; version++) {
    list.push({ label: `v${version}.0`, url: `/services/data/v${version}.0`, version: `${version}.0` });
  }
  return list;
}

function decodeSegment(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new SalesforceApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
  }
}

function headerRecord(headers: FastifyRequest['headers']): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = Array.isArray(value) ? value[0] : value;
  return out;
}
