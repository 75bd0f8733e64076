import { createRequire } from 'node:module';
import type { generators as GeneratorsType, Issuer as IssuerType } from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XeroClient } from 'xero-node';
import { type Started, startSandbox, xeroClientFor, xeroFailure } from './helpers.js';
import { preloadSpec, specFailures, validateEveryXeroNodeResponse } from './specValidator.js';

validateEveryXeroNodeResponse();

// The openid-client copy xero-node itself uses (desktop apps run PKCE through it, as the reference describes).
const requireFromXeroNode = createRequire(createRequire(import.meta.url).resolve('xero-node'));
const { Issuer, generators } = requireFromXeroNode('openid-client') as {
  Issuer: typeof IssuerType;
  generators: typeof GeneratorsType;
};

interface AxiosInterceptable {
  interceptors: {
    request: { use(f: (config: { url?: string }) => { url?: string }): number; eject(id: number): void };
  };
}
const axios = createRequire(import.meta.url)('axios') as AxiosInterceptable;

const REDIRECT = 'http://localhost:5000/callback';
let started: Started;
let rewrite: number;

beforeAll(async () => {
  preloadSpec();
  started = await startSandbox({ extras: { settings: { tokens: { refreshGraceMs: 400 } } } });
  const base = started.sandbox.baseUrl;
  // xero-node calls https://api.xero.com/connections and https://identity.xero.com/connect/token directly.
  rewrite = axios.interceptors.request.use((config) => {
    config.url = config.url?.replace('https://api.xero.com', base).replace('https://identity.xero.com', base);
    return config;
  });
});

afterAll(async () => {
  axios.interceptors.request.eject(rewrite);
  await started.sandbox.close();
  expect(specFailures()).toEqual([]);
});

/** Follows the authorize redirect the way a browser would, with consent auto-approved for the sandbox user. */
async function consent(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return response.headers.get('location') ?? '';
}

describe('OAuth 2.0 with PKCE (desktop app)', () => {
  it('discovers the identity server, authorises with S256 and calls the API with the tokens', async () => {
    const issuer = await Issuer.discover(started.sandbox.baseUrl);
    expect(issuer.metadata.authorization_endpoint).toBe(`${started.sandbox.baseUrl}/identity/connect/authorize`);
    const client = new issuer.Client({
      client_id: started.credentials.pkceClientId,
      token_endpoint_auth_method: 'none',
      redirect_uris: [REDIRECT],
      response_types: ['code'],
    });
    const verifier = generators.codeVerifier();
    const url = client.authorizationUrl({
      scope: 'openid profile email offline_access accounting.transactions accounting.contacts',
      code_challenge: generators.codeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 'state-123',
      redirect_uri: REDIRECT,
    });
    const location = await consent(url);
    const tokenSet = await client.callback(REDIRECT, client.callbackParams(location), {
      state: 'state-123',
      code_verifier: verifier,
    });
    expect(tokenSet.refresh_token).toBeTruthy();
    expect(tokenSet.claims().email).toBe('sandbox.user@counterpart.example');

    const xero = new XeroClient();
    await xero.setTokenSet(tokenSet);
    xero.accountingApi.basePath = started.credentials.apiBasePath;
    const { body } = await xero.accountingApi.getOrganisations(started.credentials.tenantId);
    expect(body.organisations?.[0]?.name).toBe(started.credentials.tenantName);
  });

  it('refuses a code exchanged with the wrong verifier', async () => {
    const issuer = await Issuer.discover(started.sandbox.baseUrl);
    const client = new issuer.Client({
      client_id: started.credentials.pkceClientId,
      token_endpoint_auth_method: 'none',
      redirect_uris: [REDIRECT],
    });
    const verifier = generators.codeVerifier();
    const location = await consent(
      client.authorizationUrl({
        scope: 'offline_access accounting.transactions',
        code_challenge: generators.codeChallenge(verifier),
        code_challenge_method: 'S256',
        state: 's',
        redirect_uri: REDIRECT,
      }),
    );
    await expect(
      client.oauthCallback(REDIRECT, client.callbackParams(location), {
        state: 's',
        code_verifier: generators.codeVerifier(),
      }),
    ).rejects.toThrow(/invalid_grant/);
  });
});

describe('xero-node token handling against the identity sandbox', () => {
  async function connectedClient(): Promise<XeroClient> {
    const issuer = await Issuer.discover(started.sandbox.baseUrl);
    const xero = new XeroClient({
      clientId: started.credentials.clientId,
      clientSecret: started.credentials.clientSecret,
      redirectUris: [REDIRECT],
      scopes: ['openid', 'profile', 'email', 'offline_access', 'accounting.transactions', 'accounting.settings'],
      state: 'xn-state',
    });
    xero.openIdClient = new issuer.Client({
      client_id: started.credentials.clientId,
      client_secret: started.credentials.clientSecret,
      redirect_uris: [REDIRECT],
    });
    const location = await consent(await xero.buildConsentUrl());
    await xero.apiCallback(location);
    xero.accountingApi.basePath = started.credentials.apiBasePath;
    return xero;
  }

  it('rotates refresh tokens; the old one works only within the grace period', async () => {
    const xero = await connectedClient();
    const first = xero.readTokenSet().refresh_token ?? '';
    const refreshed = await xero.refreshToken();
    expect(refreshed.refresh_token).not.toBe(first);
    const { body } = await xero.accountingApi.getTaxRates(started.credentials.tenantId);
    expect(body.taxRates?.length).toBeGreaterThan(0);

    // Within the grace period the replaced token still works (Xero allows a retry after a lost response).
    const retry = await xero.refreshWithRefreshToken(
      started.credentials.clientId,
      started.credentials.clientSecret,
      first,
    );
    expect(retry.access_token).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stale = await xeroFailureOf(() =>
      xero.refreshWithRefreshToken(started.credentials.clientId, started.credentials.clientSecret, first),
    );
    expect(stale).toMatch(/invalid_grant/);
  });

  it('lists and removes connections, and revocation ends access', async () => {
    const xero = await connectedClient();
    const tenants = await xero.updateTenants(true);
    expect(tenants.map((t) => t.tenantId)).toContain(started.credentials.tenantId);
    expect(tenants[0]?.orgData?.organisationID).toBe(started.credentials.tenantId);

    await xero.revokeToken();
    const fresh = await xeroClientFor(started.credentials);
    // Revoking removed the app's connections, so the tenant is no longer reachable with any token of the app.
    const denied = await xeroFailure(() => fresh.accountingApi.getContacts(started.credentials.tenantId));
    expect(denied.statusCode).toBe(403);
    // A new consent (issued token) reconnects the organisation.
    const fresh2 = new XeroClient();
    await fresh2.setTokenSet(await started.sandbox.issueTokenSet());
    fresh2.accountingApi.basePath = started.credentials.apiBasePath;
    const again = await fresh2.accountingApi.getContacts(started.credentials.tenantId);
    expect(again.response.status).toBe(200);
    const connections = await fresh2.updateTenants(false);
    await fresh2.disconnect(connections[0]?.id ?? '');
    expect(await fresh2.updateTenants(false)).toEqual([]);
  });
});

describe('scopes', () => {
  it('refuses a call the token has no scope for when enforcement is on, naming insufficient_scope', async () => {
    const strict = await startSandbox({ extras: { settings: { scopes: { enforce: true } } } });
    try {
      const token = await strict.sandbox.issueTokenSet(['offline_access', 'accounting.contacts.read']);
      const xero = new XeroClient();
      await xero.setTokenSet(token);
      xero.accountingApi.basePath = strict.credentials.apiBasePath;
      const read = await xero.accountingApi.getContacts(strict.credentials.tenantId);
      expect(read.response.status).toBe(200);
      const write = await xeroFailure(() =>
        xero.accountingApi.createContacts(strict.credentials.tenantId, { contacts: [{ name: 'Nope Ltd' }] }),
      );
      expect(write.statusCode).toBe(403);
      expect(write.headers['www-authenticate']).toContain('insufficient_scope');
      const invoices = await xeroFailure(() => xero.accountingApi.getInvoices(strict.credentials.tenantId));
      expect(invoices.statusCode).toBe(403);
    } finally {
      await strict.sandbox.close();
    }
  });
});

describe('access token lifetime', () => {
  it('answers an expired token with 401 TokenExpired, shortened by the time scale', async () => {
    const fast = await startSandbox({ timeScale: 1800 });
    try {
      const xero = await xeroClientFor(fast.credentials);
      expect(fast.credentials.tokenSet.expires_in).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const failure = await xeroFailure(() => xero.accountingApi.getContacts(fast.credentials.tenantId));
      expect(failure.statusCode).toBe(401);
      expect(JSON.stringify(failure.body)).toMatch(/TokenExpired: token expired at \d\d\/\d\d\/\d{4}/);
    } finally {
      await fast.sandbox.close();
    }
  });
});

async function xeroFailureOf(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
  } catch (error) {
    const data = (error as { response?: { data?: unknown } }).response?.data;
    return data === undefined ? String(error) : JSON.stringify(data);
  }
  throw new Error('expected the call to fail');
}
