import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CounterpartError } from '../../errors.js';
import type { RunningSandbox, SandboxOptions } from '../shared/runningSandbox.js';
import { createSandboxServer, listenOnLoopback } from '../shared/server.js';
import { installAuth } from './auth.js';
import type { X3Context } from './context.js';
import { loadDemo } from './demoSeed.js';
import { x3ErrorResponse } from './errors.js';
import { registerGraphqlRoutes } from './graphql.js';
import { installPool } from './pool.js';
import { loadReferenceData } from './referenceData.js';
import { registerRestRoutes } from './rest.js';
import { SalesFlow } from './salesFlow.js';
import { loadSeed, type SageX3Seed } from './seed.js';
import { SageX3Settings, type SageX3SettingsInput } from './settings.js';
import { StoreSnapshot, X3Store } from './store.js';
import { generateTlsMaterial, TlsMaterial } from './tls.js';

export { signConnectedAppJwt } from './auth.js';
export type { SageX3Seed } from './seed.js';
export { SageX3Settings, type SageX3SettingsInput } from './settings.js';

export interface SageX3SandboxOptions extends SandboxOptions<SageX3Seed> {
  /** Sandbox settings (every UNCONFIRMED behaviour); defaults follow the reference. */
  readonly settings?: SageX3SettingsInput | undefined;
  /** A CA and server certificate to reuse (otherwise restored from `state` or generated). */
  readonly tls?: TlsMaterial | undefined;
}

export interface RunningSageX3Sandbox extends RunningSandbox {
  readonly settings: SageX3Settings;
  /** Plain-HTTP base URL when `transport` is `both` (or `http`). */
  readonly httpUrl: string | undefined;
  /** Changes settings while running (deep-merged; ports and transport stay as started). */
  configure(patch: SageX3SettingsInput): void;
}

const Snapshot = z.object({ version: z.literal(1), store: StoreSnapshot, tls: TlsMaterial.optional() });

/** Starts the Sage X3 sandbox: api1 REST and Xtrem GraphQL, over HTTPS from a generated internal CA by default. */
export async function startSageX3Sandbox(options: SageX3SandboxOptions): Promise<RunningSageX3Sandbox> {
  const settings = parseSettings(options.settings ?? {});
  const store = new X3Store(options.clock, settings.timestampPrecision);
  const context: X3Context = {
    store,
    flow: new SalesFlow(store, () => context.settings),
    clock: options.clock,
    faults: options.faults,
    settings,
  };
  const restored = options.state === undefined ? undefined : Snapshot.safeParse(options.state);
  if (restored && !restored.success) {
    throw new CounterpartError('sandbox.bad_state', 'The saved Sage X3 sandbox state is not readable.', {
      system: 'sagex3',
    });
  }
  if (restored?.data) {
    store.restore(restored.data.store);
  } else {
    if (options.demo) loadDemo(store, options.demo, settings);
    if (options.seed) loadSeed(store, options.seed, settings);
    loadReferenceData(store, settings);
  }
  const needsTls = settings.transport !== 'http';
  const tls = needsTls
    ? (options.tls ?? restored?.data?.tls ?? (await generateTlsMaterial(options.clock.now())))
    : undefined;

  const servers: FastifyInstance[] = [];
  const build = (scheme: 'http' | 'https'): FastifyInstance => {
    const app = createSandboxServer({
      system: 'sagex3',
      faults: options.faults,
      clock: options.clock,
      errorResponse: x3ErrorResponse,
      ...(scheme === 'https' && tls ? { tls: { key: tls.keyPem, cert: tls.certPem } } : {}),
    });
    installPool(app, context);
    installAuth(app, context);
    registerRestRoutes(app, context, scheme);
    registerGraphqlRoutes(app, context);
    servers.push(app);
    return app;
  };

  let baseUrl: string;
  let httpUrl: string | undefined;
  try {
    if (settings.transport === 'http') {
      httpUrl = await listenOnLoopback(build('http'), options.port, false);
      baseUrl = httpUrl;
    } else {
      baseUrl = await listenOnLoopback(build('https'), options.port, true);
      if (settings.transport === 'both') httpUrl = await listenOnLoopback(build('http'), settings.httpPort, false);
    }
  } catch (error) {
    await Promise.allSettled(servers.map((server) => server.close()));
    throw new CounterpartError(
      'sandbox.listen_failed',
      `The Sage X3 sandbox could not listen: ${(error as Error).message}`,
      {
        system: 'sagex3',
        port: options.port,
      },
    );
  }

  const [user = 'ADMIN', password = ''] = Object.entries(settings.users)[0] ?? [];
  const app = settings.connectedApp;
  return {
    system: 'sagex3',
    baseUrl,
    httpUrl,
    get settings() {
      return context.settings;
    },
    credentials: {
      url: baseUrl,
      ...(httpUrl && httpUrl !== baseUrl ? { httpUrl } : {}),
      apiUrl: `${baseUrl}/api1/x3/erp/${settings.folder}`,
      graphqlUrl: `${baseUrl}/xtrem/api`,
      folder: settings.folder,
      user,
      password,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      jwtAudience: app.audience,
      jwtUser: app.allowedUsers[0] ?? user,
      tokenValiditySeconds: app.tokenValiditySeconds,
      ...(tls ? { caCertificatePem: tls.caCertPem } : {}),
    },
    configure(patch) {
      context.settings = parseSettings(deepMerge(context.settings, patch));
    },
    snapshot() {
      return { version: 1, store: store.snapshot(), ...(tls ? { tls } : {}) };
    },
    async close() {
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}

function parseSettings(input: unknown): SageX3Settings {
  const parsed = SageX3Settings.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CounterpartError(
      'sandbox.bad_settings',
      `Sage X3 sandbox setting ${issue?.path.join('.') || '(top)'} is invalid: ${issue?.message}.`,
      { system: 'sagex3' },
    );
  }
  return parsed.data;
}

function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch === undefined ? base : patch;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) merged[key] = deepMerge(base[key], value);
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
