import { Connection, OAuth2 } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceSandbox } from '../../../src/sandbox/salesforce/index.js';
import { SandboxClock } from '../../../src/sandbox/shared/clock.js';
import { FaultInjector } from '../../../src/sandbox/shared/faults.js';
import { API_VERSION, connect, startSandbox } from './helpers.js';

const REDIRECT = 'http://localhost:1717/OauthRedirect';

describe('Salesforce sandbox OAuth, limits and faults', () => {
  let sandbox: SalesforceSandbox;
  const faults = new FaultInjector();
  beforeAll(async () => {
    sandbox = await startSandbox({ faults, clock: new SandboxClock(3600), settings: { rotateRefreshTokens: true } });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('runs the web-server flow with PKCE the way jsforce does it, then revokes', async () => {
    const credentials = sandbox.credentials as Record<string, string>;
    const oauth2 = new OAuth2({
      loginUrl: sandbox.baseUrl,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      redirectUri: REDIRECT,
      useVerifier: true,
    });
    const authorizeUrl = oauth2.getAuthorizationUrl({ scope: 'api refresh_token', state: 'xyz' });
    expect(authorizeUrl).not.toContain('code_challenge_method');
    const redirect = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('xyz');

    const conn = new Connection({ oauth2, version: API_VERSION });
    const userInfo = await conn.authorize(location.searchParams.get('code') ?? '');
    expect(userInfo).toMatchObject({ id: credentials.userId, organizationId: credentials.orgId });
    expect(conn.instanceUrl).toBe(sandbox.baseUrl);
    expect(conn.refreshToken).toMatch(/^5Aep861/);
    const identity = await conn.identity();
    expect(identity.username).toBe(credentials.username);

    const accessToken = conn.accessToken;
    const refreshToken = conn.refreshToken;
    await conn.logout(true);
    const afterRevoke = await fetch(`${sandbox.baseUrl}/services/data/v62.0/limits`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(afterRevoke.status).toBe(401);
    const reuse = await fetch(`${sandbox.baseUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: String(refreshToken),
        client_id: String(credentials.clientId),
        client_secret: String(credentials.clientSecret),
      }),
    });
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toEqual({ error: 'invalid_grant', error_description: 'expired access/refresh token' });
  });

  it('rejects a wrong PKCE verifier', async () => {
    const credentials = sandbox.credentials as Record<string, string>;
    const oauth2 = new OAuth2({
      loginUrl: sandbox.baseUrl,
      clientId: credentials.clientId,
      redirectUri: REDIRECT,
      useVerifier: true,
    });
    const redirect = await fetch(oauth2.getAuthorizationUrl(), { redirect: 'manual' });
    const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const other = new OAuth2({
      loginUrl: sandbox.baseUrl,
      clientId: credentials.clientId,
      redirectUri: REDIRECT,
      useVerifier: true,
    });
    await expect(other.requestToken(code)).rejects.toMatchObject({ name: 'invalid_request' });
  });

  it('expires sessions after the (time-scaled) session lifetime and rotates refresh tokens', async () => {
    const tokens = sandbox.issueTokens();
    const conn = connect(sandbox);
    conn.accessToken = tokens.access_token ?? '';
    conn.refreshToken = tokens.refresh_token ?? '';
    const rotated: string[] = [];
    conn.on('refresh', (_token: string, response: { refresh_token?: string }) => {
      if (response.refresh_token) rotated.push(response.refresh_token);
    });
    // Two simulated hours at a scale of 3600 last two real seconds.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await conn.query('SELECT Id FROM Account LIMIT 1');
    expect(rotated).toHaveLength(1);
    expect(rotated[0]).not.toBe(tokens.refresh_token);
  });

  it('answers injected 429s with REQUEST_LIMIT_EXCEEDED and Retry-After', async () => {
    const credentials = sandbox.credentials as Record<string, string>;
    faults.set({ salesforce: { status: { '429': 1 }, latencyMs: 0, reset: 0, timeout: 0, partialBatch: 0 } });
    try {
      const response = await fetch(`${sandbox.baseUrl}/services/data/v62.0/limits`, {
        headers: { authorization: `Bearer ${credentials.accessToken}` },
      });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('30');
      expect(await response.json()).toEqual([expect.objectContaining({ errorCode: 'REQUEST_LIMIT_EXCEEDED' })]);
      // jsforce never retries a POST, so the error reaches the caller at once.
      await expect(connect(sandbox).sobject('Account').create({ Name: 'Throttled' })).rejects.toMatchObject({
        errorCode: 'REQUEST_LIMIT_EXCEEDED',
      });
    } finally {
      faults.set({});
    }
  });
});

describe('Salesforce sandbox daily API allocation', () => {
  it('refuses calls with 403 REQUEST_LIMIT_EXCEEDED once the allocation is used up', async () => {
    const sandbox = await startSandbox({ settings: { dailyApiRequests: 3 } });
    try {
      const conn = connect(sandbox);
      for (let i = 0; i < 3; i++) await conn.query('SELECT Id FROM Account LIMIT 1');
      expect(conn.limitInfo.apiUsage).toEqual({ used: 3, limit: 3 });
      await expect(conn.query('SELECT Id FROM Account LIMIT 1')).rejects.toMatchObject({
        errorCode: 'REQUEST_LIMIT_EXCEEDED',
        message: 'TotalRequests Limit exceeded.',
      });
    } finally {
      await sandbox.close();
    }
  });
});
