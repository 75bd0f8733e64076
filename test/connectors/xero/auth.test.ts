import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectXero, createXeroConnector, XERO_SECRET_NAMES } from '../../../src/connectors/xero/index.js';
import { secretReference } from '../../../src/secrets/keychain.js';
import type { Started } from '../../sandbox/xero/helpers.js';
import { specFailures, validateEveryXeroNodeResponse } from '../../sandbox/xero/specValidator.js';
import { MemoryVault } from '../shared/memoryVault.js';
import { CONNECTION_ID, connectorFor, consentedVault, readAll, sandboxSettings, startXero } from './harness.js';

validateEveryXeroNodeResponse();

let started: Started;
const ref = (name: string) => secretReference(CONNECTION_ID, name);

/** The sandbox approves consent at once: following its redirect delivers the code to the loopback listener. */
const browser = async (url: string) => {
  const response = await fetch(url);
  expect(response.status).toBe(200);
};

beforeAll(async () => {
  started = await startXero({ extras: { extraOrganisations: ['Second Org Ltd'] } });
});

afterAll(async () => {
  await started.sandbox.close();
  expect(specFailures()).toEqual([]);
});

describe('connecting a desktop app with PKCE', () => {
  it('authorises with S256, exchanges the code, keeps the tokens in the vault and lists the tenants', async () => {
    const vault = new MemoryVault();
    let consentUrl = '';
    const result = await connectXero({
      connectionId: CONNECTION_ID,
      settings: sandboxSettings(started, { clientId: started.credentials.pkceClientId, tenantId: undefined }),
      secrets: vault,
      openBrowser: async (url) => {
        consentUrl = url;
        await browser(url);
      },
    });
    const consent = new URL(consentUrl);
    expect(consent.searchParams.get('code_challenge_method')).toBe('S256');
    expect(consent.searchParams.get('state')?.length).toBeGreaterThan(20);
    expect(consent.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(result.tenants.map((t) => t.tenantName).sort()).toEqual(['Counterpart Sandbox Ltd', 'Second Org Ltd']);
    // Two organisations: the user must choose one.
    expect(result.tenant).toBeUndefined();
    expect(result.scopes).toContain('offline_access');
    expect([...vault.contents().keys()].sort()).toEqual(
      [ref(XERO_SECRET_NAMES.accessToken), ref(XERO_SECRET_NAMES.refreshToken)].sort(),
    );

    const second = result.tenants.find((t) => t.tenantName === 'Second Org Ltd');
    const connector = createXeroConnector({
      connectionId: CONNECTION_ID,
      settings: { ...result.settings, tenantId: second?.tenantId },
      secrets: vault,
    });
    const check = await connector.testConnection();
    expect(check).toMatchObject({ ok: true, account: 'Second Org Ltd' });
  });

  it('chooses the tenant named in the settings when the consent reaches it', async () => {
    const result = await connectXero({
      connectionId: CONNECTION_ID,
      settings: sandboxSettings(started, { clientId: started.credentials.pkceClientId }),
      secrets: new MemoryVault(),
      openBrowser: browser,
    });
    expect(result.tenant?.tenantId).toBe(started.credentials.tenantId);
    expect(result.settings.tenantId).toBe(started.credentials.tenantId);
  });

  it('refuses a redirect whose state is not the one it sent (a forged or replayed callback)', async () => {
    const attempt = connectXero({
      connectionId: CONNECTION_ID,
      settings: sandboxSettings(started, { clientId: started.credentials.pkceClientId }),
      secrets: new MemoryVault(),
      openBrowser: async (url) => {
        const forged = new URL(url);
        forged.searchParams.set('state', 'attacker-state');
        await browser(forged.toString());
      },
    });
    await expect(attempt).rejects.toMatchObject({
      kind: 'authentication',
      message: expect.stringMatching(/state mismatch/),
    });
  });

  it('says so when the user does not allow access', async () => {
    const attempt = connectXero({
      connectionId: CONNECTION_ID,
      settings: sandboxSettings(started, { clientId: started.credentials.pkceClientId }),
      secrets: new MemoryVault(),
      // What Xero's consent page redirects with when the user clicks "Cancel".
      openBrowser: async (url) => {
        const consent = new URL(url);
        const back = new URL(consent.searchParams.get('redirect_uri') ?? '');
        back.search = new URLSearchParams({
          error: 'access_denied',
          state: consent.searchParams.get('state') ?? '',
        }).toString();
        await browser(back.toString());
      },
    });
    await expect(attempt).rejects.toMatchObject({
      kind: 'authentication',
      message: expect.stringMatching(/not granted in the browser: connect again/),
    });
  });

  it('keeps a web app client secret only in the vault', async () => {
    const vault = new MemoryVault();
    const result = await connectXero({
      connectionId: CONNECTION_ID,
      settings: sandboxSettings(started),
      secrets: vault,
      clientSecret: started.credentials.clientSecret,
      openBrowser: browser,
    });
    expect(await vault.read(ref(XERO_SECRET_NAMES.clientSecret))).toBe(started.credentials.clientSecret);
    expect(JSON.stringify(result.settings)).not.toContain(started.credentials.clientSecret);
  });
});

describe('tokens', () => {
  it('refreshes a refused access token, keeping the rotated refresh token in the vault first', async () => {
    const vault = await consentedVault(started, new MemoryVault());
    await vault.store(ref(XERO_SECRET_NAMES.accessToken), 'not-a-valid-token');
    const before = await vault.read(ref(XERO_SECRET_NAMES.refreshToken));
    const { connector } = await connectorFor(started, { vault });
    const { records } = await readAll(connector.read('ledgerAccount'));
    expect(records.length).toBeGreaterThan(5);
    const after = await vault.read(ref(XERO_SECRET_NAMES.refreshToken));
    expect(after).not.toBe(before);
    expect(await vault.read(ref(XERO_SECRET_NAMES.accessToken))).not.toBe('not-a-valid-token');
  });

  it('refreshes once for many calls that meet an expired token together', async () => {
    const fast = await startXero({ timeScale: 600 });
    try {
      const vault = await consentedVault(fast, new MemoryVault());
      const { connector } = await connectorFor(fast, { vault, settings: { refreshLeewayMs: 0 } });
      // An access token lives three real seconds at this time scale.
      await new Promise((resolve) => setTimeout(resolve, 3200));
      const stored = new Set<string>();
      const original = vault.store.bind(vault);
      vault.store = async (reference, secret) => {
        if (reference === ref(XERO_SECRET_NAMES.refreshToken)) stored.add(secret);
        await original(reference, secret);
      };
      const reads = await Promise.all(
        (['party', 'product', 'ledgerAccount', 'taxRate'] as const).map((entity) => readAll(connector.read(entity))),
      );
      expect(reads.every((read) => read.pages >= 0)).toBe(true);
      expect(stored.size).toBe(1);
      expect(await vault.read(ref(XERO_SECRET_NAMES.refreshToken))).toBe([...stored][0]);
    } finally {
      await fast.sandbox.close();
    }
  });
});

describe('Test connection', () => {
  it('names the organisation when everything works', async () => {
    const { connector } = await connectorFor(started);
    const check = await connector.testConnection();
    expect(check).toMatchObject({ ok: true, account: 'Counterpart Sandbox Ltd', details: { baseCurrency: 'GBP' } });
  });

  it('says an unknown tenant is not connected and how to fix it', async () => {
    const { connector } = await connectorFor(started, {
      settings: { tenantId: '0badc0de-0000-4000-8000-000000000000', tenantName: 'Old Books Ltd' },
    });
    const check = await connector.testConnection();
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.error.message).toMatch(/"Old Books Ltd".*is not connected to this app.*reconnect and choose/);
    expect(check.error.message).toContain('Counterpart Sandbox Ltd');
  });

  it('asks to reconnect when the consent has expired', async () => {
    const vault = await consentedVault(started, new MemoryVault());
    await vault.remove(ref(XERO_SECRET_NAMES.accessToken));
    await vault.store(ref(XERO_SECRET_NAMES.refreshToken), 'a-refresh-token-xero-no-longer-knows');
    const { connector } = await connectorFor(started, { vault });
    const check = await connector.testConnection();
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.error.kind).toBe('authentication');
    expect(check.error.message).toMatch(/consent .*expired or was revoked.*reconnect/);
    expect(check.error.systemMessage).toContain('invalid_grant');
  });

  it('says the client id or secret is wrong', async () => {
    const vault = await consentedVault(started, new MemoryVault());
    await vault.remove(ref(XERO_SECRET_NAMES.accessToken));
    await vault.store(ref(XERO_SECRET_NAMES.clientSecret), 'not-the-secret');
    const { connector } = await connectorFor(started, { vault });
    const check = await connector.testConnection();
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.error.message).toMatch(/client id or client secret.*check them in the connection settings/);
  });

  it('says the host is unreachable', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const { connector } = await connectorFor(started, {
      settings: { apiBasePath: `${dead}/api.xro/2.0`, connectionsUrl: `${dead}/connections`, timeoutMs: 500 },
    });
    const check = await connector.testConnection();
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.error.message).toMatch(/Could not reach Xero at 127\.0\.0\.1:\d+ \(ECONNREFUSED\).*check the address/);
  });

  it('names the missing API permission', async () => {
    const strict = await startXero({ extras: { settings: { scopes: { enforce: true } } } });
    try {
      const token = await strict.sandbox.issueTokenSet(['offline_access', 'accounting.contacts']);
      const vault = await consentedVault(strict, new MemoryVault());
      await vault.store(ref(XERO_SECRET_NAMES.accessToken), token.access_token);
      await vault.store(ref(XERO_SECRET_NAMES.refreshToken), token.refresh_token ?? '');
      const { connector } = await connectorFor(strict, { vault });
      const check = await connector.testConnection();
      expect(check.ok).toBe(false);
      if (check.ok) return;
      expect(check.error.kind).toBe('permission');
      expect(check.error.message).toMatch(/does not allow reading invoices.*accounting\.transactions.*reconnect/);
      // And a call made anyway is refused with Xero's insufficient_scope, classified the same way.
      const read = connector.read('invoice');
      await expect(readAll(read)).rejects.toMatchObject({
        kind: 'permission',
        message: expect.stringMatching(/lacks the permission \(scope\)/),
      });
    } finally {
      await strict.sandbox.close();
    }
  });
});

describe('disconnecting', () => {
  it('revokes the consent at Xero and forgets the tokens', async () => {
    const vault = await consentedVault(started, new MemoryVault());
    const { connector } = await connectorFor(started, { vault });
    await connector.revoke();
    expect(await vault.read(ref(XERO_SECRET_NAMES.refreshToken))).toBeNull();
    const fresh = await started.sandbox.issueTokenSet();
    expect(fresh.access_token).toBeTruthy();
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
