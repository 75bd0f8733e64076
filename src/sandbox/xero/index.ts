import { z } from 'zod';
import { CounterpartError } from '../../errors.js';
import type { RunningSandbox, SandboxOptions } from '../shared/runningSandbox.js';
import { createSandboxServer, listenOnLoopback } from '../shared/server.js';
import { registerAccountingRoutes } from './accountingRoutes.js';
import { TenantBook, type TenantSnapshot } from './book.js';
import { API_PREFIX } from './collection.js';
import { newOrganisation } from './defaults.js';
import { demoBooks } from './demoSeed.js';
import { installAccountingGuard } from './guard.js';
import { IdempotencyCache } from './idempotency.js';
import { IdentityService, IdentitySnapshot, processSigningKey, type TokenResponse } from './identity.js';
import { registerIdentityRoutes } from './identityRoutes.js';
import { RateLimiter } from './rateLimiter.js';
import { xeroErrorResponder } from './responses.js';
import { applySeed, XeroSeed } from './seed.js';
import { XeroSandboxSettings, type XeroSandboxSettingsInput } from './settings.js';
import { registerWebhookControlRoutes, type WebhookSubscription } from './webhookRoutes.js';
import { WebhookEmitter } from './webhooks.js';

export { XeroSeed } from './seed.js';
export { XeroSandboxSettings, type XeroSandboxSettingsInput } from './settings.js';
export { WEBHOOKS_CONTROL_PATH, WebhookRegistration, type WebhookSubscription } from './webhookRoutes.js';
export { signWebhookBody } from './webhooks.js';

/**
 * Starts generating the identity signing key (a few hundred milliseconds on the thread pool) so that a caller can
 * overlap it with other start-up work, such as generating the demo company, before `startXeroSandbox`.
 */
export function warmUpXeroSandbox(): void {
  void processSigningKey();
}

/** Fixed sandbox app identities, so printed credentials stay the same from run to run. */
export const XERO_SANDBOX_APP = {
  clientId: 'C0FFEE5A4DB0X0000000000000000001',
  clientSecret: 'sandbox-secret-7Qm2vX9pL4sR8tY1wZ3nB6cD0fG5hJ2kK',
  pkceClientId: 'C0FFEE5A4DB0X0000000000000000002',
} as const;

export const DEFAULT_SCOPES = [
  'openid',
  'profile',
  'email',
  'offline_access',
  'accounting.transactions',
  'accounting.contacts',
  'accounting.settings',
  'accounting.attachments',
  'accounting.reports.read',
] as const;

const SavedState = z.object({
  tenants: z.array(z.looseObject({ organisation: z.looseObject({ OrganisationID: z.string(), Name: z.string() }) })),
  identity: IdentitySnapshot,
});

export interface XeroSandboxExtras {
  /** Behaviour switches for everything the reference could not confirm (see settings.ts). */
  readonly settings?: XeroSandboxSettingsInput;
  /** Extra organisations besides the first (the first is the seeded one). */
  readonly extraOrganisations?: readonly string[];
}

export interface RunningXeroSandbox extends RunningSandbox {
  readonly tenantIds: readonly string[];
  /** Changes settings while running (rate limits, webhook URL, …). */
  configure(settings: XeroSandboxSettingsInput): void;
  /** Runs the intent-to-receive handshake against the configured webhook URL; events flow once it passes. */
  verifyWebhookReceiver(): Promise<boolean>;
  readonly webhooks: WebhookEmitter;
  /** A fresh token set for the sandbox app (as after a consent), e.g. for a second client. */
  issueTokenSet(scopes?: readonly string[]): Promise<TokenResponse>;
}

/** Settings given at run time replace only the fields they name, group by group. */
function mergeSettings(current: XeroSandboxSettings, input: XeroSandboxSettingsInput): unknown {
  const merged: Record<string, unknown> = { ...current };
  for (const [group, values] of Object.entries(input)) {
    const before = merged[group];
    merged[group] =
      before && typeof before === 'object' && values && typeof values === 'object' ? { ...before, ...values } : values;
  }
  return merged;
}

export async function startXeroSandbox(
  options: SandboxOptions<XeroSeed>,
  extras: XeroSandboxExtras = {},
): Promise<RunningXeroSandbox> {
  if (options.state === undefined) void processSigningKey();
  let settings = XeroSandboxSettings.parse(extras.settings ?? {});
  const currentSettings = () => settings;
  const now = options.clock.now().toISOString();
  const books = new Map<string, TenantBook>();
  let identityState: IdentitySnapshot | undefined;

  if (options.state !== undefined) {
    const parsed = SavedState.safeParse(options.state);
    if (!parsed.success) {
      throw new CounterpartError(
        'sandbox.bad_state',
        'The saved Xero sandbox state is not readable; delete it to start afresh.',
        {
          system: 'xero',
        },
      );
    }
    for (const tenant of parsed.data.tenants) {
      const book = TenantBook.restore(tenant as unknown as TenantSnapshot);
      books.set(book.tenantId, book);
    }
    identityState = parsed.data.identity;
  } else {
    const seed = options.seed === undefined ? undefined : XeroSeed.parse(options.seed);
    const primary = options.demo
      ? demoBooks(options.demo, settings, now)
      : newOrganisation({
          name: seed?.Organisations?.[0]?.Name ?? 'Counterpart Sandbox Ltd',
          ...(seed?.Organisations?.[0]?.BaseCurrency ? { baseCurrency: seed.Organisations[0].BaseCurrency } : {}),
          createdAt: now,
        });
    if (seed) applySeed(primary, seed, settings, now);
    books.set(primary.tenantId, primary);
    for (const name of extras.extraOrganisations ?? []) {
      const book = newOrganisation({ name, createdAt: now });
      books.set(book.tenantId, book);
    }
  }

  const tenants = () => [...books.values()].map((b) => ({ tenantId: b.tenantId, tenantName: b.organisation.Name }));
  let baseUrl = '';
  const identity = await IdentityService.create({
    issuer: 'http://127.0.0.1',
    clients: [
      { clientId: XERO_SANDBOX_APP.clientId, clientSecret: XERO_SANDBOX_APP.clientSecret },
      { clientId: XERO_SANDBOX_APP.pkceClientId },
    ],
    tenants,
    clock: options.clock,
    settings: currentSettings,
    state: identityState,
  });
  const webhooks = new WebhookEmitter(currentSettings, options.clock, () => baseUrl);
  const app = createSandboxServer({
    system: 'xero',
    faults: options.faults,
    clock: options.clock,
    errorResponse: xeroErrorResponder(currentSettings),
  });
  const bookOf = installAccountingGuard(app, {
    identity,
    books,
    limiter: new RateLimiter(options.clock, currentSettings),
    settings: currentSettings,
  });
  registerIdentityRoutes(app, identity);
  registerAccountingRoutes(app, {
    settings: currentSettings,
    bookOf,
    faults: options.faults,
    clock: options.clock,
    idempotency: new IdempotencyCache(options.clock, () => settings.idempotency.replayWindowMs),
    announce: (events) => webhooks.announce(events),
  });
  const subscription = (): WebhookSubscription => ({
    url: settings.webhooks.url ?? null,
    status: webhooks.subscriptionStatus,
    delivered: webhooks.delivered.length,
  });
  registerWebhookControlRoutes(app, {
    async register(registration) {
      settings = XeroSandboxSettings.parse(mergeSettings(settings, { webhooks: registration }));
      await webhooks.intentToReceive();
      return subscription();
    },
    unregister() {
      settings = XeroSandboxSettings.parse(mergeSettings(settings, { webhooks: { url: undefined } }));
      return subscription();
    },
    current: subscription,
  });

  baseUrl = await listenOnLoopback(app, options.port, false);
  identity.issuer = baseUrl;
  const tokenSet = await identity.issueInitial(XERO_SANDBOX_APP.clientId, DEFAULT_SCOPES);
  const primaryTenant = [...books.values()][0];
  if (settings.webhooks.url) await webhooks.intentToReceive();

  return {
    system: 'xero',
    baseUrl,
    tenantIds: [...books.keys()],
    webhooks,
    credentials: {
      apiBasePath: `${baseUrl}${API_PREFIX}`,
      identityUrl: baseUrl,
      authorizeUrl: `${baseUrl}/identity/connect/authorize`,
      tokenUrl: `${baseUrl}/connect/token`,
      connectionsUrl: `${baseUrl}/connections`,
      clientId: XERO_SANDBOX_APP.clientId,
      clientSecret: XERO_SANDBOX_APP.clientSecret,
      pkceClientId: XERO_SANDBOX_APP.pkceClientId,
      tenantId: primaryTenant?.tenantId,
      tenantName: primaryTenant?.organisation.Name,
      tokenSet: { ...tokenSet, expires_at: Math.floor(Date.now() / 1000) + tokenSet.expires_in },
      webhookKey: settings.webhooks.signingKey,
    },
    configure(input) {
      const before = settings.webhooks.url;
      settings = XeroSandboxSettings.parse(mergeSettings(settings, input));
      if (settings.webhooks.url !== before) void webhooks.intentToReceive();
    },
    verifyWebhookReceiver: () => webhooks.intentToReceive(),
    issueTokenSet: (scopes = DEFAULT_SCOPES) => identity.issueInitial(XERO_SANDBOX_APP.clientId, scopes),
    snapshot: () => ({ tenants: [...books.values()].map((b) => b.snapshot()), identity: identity.snapshot() }),
    async close() {
      webhooks.close();
      await app.close();
    },
  };
}
