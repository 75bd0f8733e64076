import { type SecretVault, secretReference } from '../../secrets/keychain.js';
import { listenForRedirect } from '../shared/loopbackRedirect.js';
import { connectionGovernor, type RateGovernor } from '../shared/rateGovernor.js';
import type { RetryOptions } from '../shared/retryPolicy.js';
import { listTenants, type XeroTenant } from './connections.js';
import { XeroOAuth } from './oauth.js';
import { XERO_SECRET_NAMES, XeroConnectionSettings, type XeroConnectionSettingsInput } from './settings.js';
import { XeroTokens } from './tokens.js';
import { XeroConnector } from './xeroConnector.js';

export type { XeroTenant } from './connections.js';
export { XERO_SECRET_NAMES, XeroConnectionSettings, type XeroConnectionSettingsInput } from './settings.js';
export { batchIdempotencyKey } from './writes.js';
export { XeroConnector } from './xeroConnector.js';

/**
 * A Xero connector for one connection. `settings` are the non-secret settings (validated here, defaults filled in);
 * the tokens (and a web app's client secret) are read from `secrets` under `secretReference(connectionId, name)`
 * for the names in `XERO_SECRET_NAMES`, and each rotated refresh token is written back there at once.
 */
export function createXeroConnector(options: {
  connectionId: string;
  settings: XeroConnectionSettingsInput | XeroConnectionSettings;
  secrets: SecretVault;
  governor?: RateGovernor;
  retry?: Omit<RetryOptions, 'statistics' | 'signal'>;
}): XeroConnector {
  return new XeroConnector({
    connectionId: options.connectionId,
    settings: XeroConnectionSettings.parse(options.settings),
    secrets: options.secrets,
    governor: options.governor,
    retry: options.retry,
  });
}

export interface XeroConnectResult {
  /** The organisations the consent reaches (GET /connections). */
  readonly tenants: readonly XeroTenant[];
  /** The chosen one: the settings' tenant when it is connected, else the only one; undefined when the user must pick. */
  readonly tenant: XeroTenant | undefined;
  /** The settings to store with the connection: the chosen tenant filled in. */
  readonly settings: XeroConnectionSettings;
  /** The scopes Xero granted. */
  readonly scopes: readonly string[];
}

/**
 * The first authorisation of a connection (the desktop flow): listens on the loopback redirect, opens Xero's consent
 * page with a state and an S256 PKCE challenge, exchanges the returned code, keeps the tokens in the keychain (the
 * client secret too, for a web app) and lists the organisations the consent reaches.
 */
export async function connectXero(options: {
  connectionId: string;
  settings: XeroConnectionSettingsInput | XeroConnectionSettings;
  secrets: SecretVault;
  /** Opens the consent address in the user's browser (tests follow its redirects with fetch). */
  openBrowser: (url: string) => void | Promise<void>;
  /** A web app's client secret; "Auth Code with PKCE" apps have none. */
  clientSecret?: string;
  signal?: AbortSignal;
  /** How long to wait for the user to approve. Default 5 minutes. */
  timeoutMs?: number;
  governor?: RateGovernor;
}): Promise<XeroConnectResult> {
  const settings = XeroConnectionSettings.parse(options.settings);
  const { connectionId, secrets } = options;
  if (options.clientSecret !== undefined) {
    await secrets.store(secretReference(connectionId, XERO_SECRET_NAMES.clientSecret), options.clientSecret);
  }
  const oauth = new XeroOAuth(
    settings,
    options.clientSecret === undefined ? {} : { clientSecret: options.clientSecret },
  );
  const redirect = await listenForRedirect(settings.redirectUri, {
    system: 'xero',
    otherRedirect: 'register another loopback redirect URI with the Xero app and set it in the connection settings',
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  });
  let grant: Awaited<ReturnType<XeroOAuth['exchangeCode']>>;
  try {
    const pending = oauth.authorizationRequest(redirect.redirectUri);
    const [callbackUrl] = await Promise.all([redirect.callback, options.openBrowser(pending.url)]);
    grant = await oauth.exchangeCode(callbackUrl, pending);
  } finally {
    await redirect.close();
  }
  const tokens = new XeroTokens({ connectionId, settings, secrets });
  await tokens.keep(grant);
  const { governor } = connectionGovernor('xero', options, settings.rateLimits);
  const tenants = await listTenants(settings, tokens, governor);
  const tenant =
    tenants.find((candidate) => candidate.tenantId === settings.tenantId) ??
    (tenants.length === 1 ? tenants[0] : undefined);
  return {
    tenants,
    tenant,
    scopes: grant.scopes,
    settings: {
      ...settings,
      ...(tenant ? { tenantId: tenant.tenantId, ...(tenant.tenantName ? { tenantName: tenant.tenantName } : {}) } : {}),
    },
  };
}
