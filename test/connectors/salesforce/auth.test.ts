import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  authorizeSalesforce,
  createSalesforceConnector,
  SALESFORCE_SECRET_NAMES,
  SalesforceConnectionSettings,
} from '../../../src/connectors/salesforce/index.js';
import { SandboxClock } from '../../../src/sandbox/shared/clock.js';
import { secretReference } from '../../../src/secrets/keychain.js';
import { connect } from '../../sandbox/salesforce/helpers.js';
import { MemoryVault } from '../shared/memoryVault.js';
import { type SalesforceHarness, startSalesforce } from './harness.js';
import { customer, upsert } from './records.js';

describe('Salesforce authorisation and sessions', () => {
  let harness: SalesforceHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('runs the web-server flow with PKCE and a loopback redirect, then uses the stored tokens', async () => {
    harness = await startSalesforce();
    const vault = new MemoryVault();
    const connectionId = randomUUID();
    await vault.store(secretReference(connectionId, 'client_secret'), harness.credentials.clientSecret ?? '');
    const settings = SalesforceConnectionSettings.parse({ ...harness.settings(), instanceUrl: undefined });
    let consentUrl = '';
    const authorization = await authorizeSalesforce({
      connectionId,
      settings,
      secrets: vault,
      // The "browser": follows the consent page's redirect to the loopback listener, as a user's approval would.
      openBrowser: async (url) => {
        consentUrl = url;
        const consent = await fetch(url, { redirect: 'manual' });
        const location = consent.headers.get('location') ?? '';
        void fetch(location);
      },
    });
    const consent = new URL(consentUrl);
    expect(consent.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(consent.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(consent.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/OauthRedirect$/);
    expect(authorization).toEqual({
      instanceUrl: harness.sandbox.baseUrl,
      organizationId: harness.credentials.orgId,
      userId: harness.credentials.userId,
    });
    const refreshToken = await vault.read(secretReference(connectionId, 'refresh_token'));
    expect(refreshToken).toMatch(/^5Aep861/);

    const connector = createSalesforceConnector({
      connectionId,
      settings: { ...settings, instanceUrl: authorization.instanceUrl },
      secrets: vault,
    });
    const check = await connector.testConnection();
    expect(check).toMatchObject({ ok: true, account: harness.credentials.username });
    if (check.ok) expect(check.details.dailyApiRequests).toMatch(/left today/);
    await connector.close();
  });

  it('refreshes an expired session and persists the rotated refresh token in the vault', async () => {
    harness = await startSalesforce({ settings: { rotateRefreshTokens: true } });
    const reference = secretReference(harness.connectionId, SALESFORCE_SECRET_NAMES.refreshToken);
    const first = await harness.vault.read(reference);
    const connector = harness.connector();
    expect((await connector.testConnection()).ok).toBe(true);

    harness.sandbox.expireSessions();
    const outcomes = await connector.write('party', [upsert('a', customer(1))]);
    expect(outcomes[0]?.ok).toBe(true);
    await connector.close();
    const rotated = await harness.vault.read(reference);
    expect(rotated).not.toBe(first);
    expect(await harness.vault.read(secretReference(harness.connectionId, 'access_token'))).not.toBe(
      harness.credentials.accessToken,
    );

    // A later connector (after a restart) starts from the vault: the old refresh token is dead, the rotated one works.
    harness.sandbox.expireSessions();
    const later = harness.connector();
    expect((await later.testConnection()).ok).toBe(true);
    expect(await harness.vault.read(reference)).not.toBe(rotated);
  });

  it('gives an actionable message for each way "Test connection" fails', async () => {
    harness = await startSalesforce({ settings: { rotateRefreshTokens: true } });
    const { vault, connectionId } = harness;
    const secret = secretReference(connectionId, SALESFORCE_SECRET_NAMES.clientSecret);
    const refresh = secretReference(connectionId, SALESFORCE_SECRET_NAMES.refreshToken);

    // Wrong client secret: the refresh is refused.
    harness.sandbox.expireSessions();
    await vault.store(secret, 'not-the-secret');
    const badSecret = await harness.connector().testConnection();
    expect(badSecret).toMatchObject({ ok: false, error: { kind: 'authentication' } });
    if (!badSecret.ok) expect(badSecret.error.message).toMatch(/consumer secret/);
    await vault.store(secret, harness.credentials.clientSecret ?? '');

    // A revoked or expired refresh token: reconnect.
    await vault.store(refresh, '5Aep861revoked');
    const revoked = await harness.connector().testConnection();
    expect(revoked).toMatchObject({ ok: false, error: { kind: 'authentication' } });
    if (!revoked.ok) expect(revoked.error.message).toMatch(/expired or was revoked: reconnect/);

    // Never authorised.
    await vault.remove(refresh);
    const missing = await harness.connector().testConnection();
    if (!missing.ok) expect(missing.error.message).toMatch(/not been authorised/);
    expect(missing.ok).toBe(false);

    // Host unreachable (nothing listens on the port any more).
    await vault.store(refresh, harness.credentials.refreshToken ?? '');
    const closedPort = harness.sandbox.baseUrl;
    await harness.close();
    harness = undefined;
    const unreachable = await createSalesforceConnector({
      connectionId,
      settings: { loginUrl: closedPort, instanceUrl: closedPort, clientId: 'x', timeoutMs: 1_000 },
      secrets: vault,
      retry: { maxAttempts: 2, baseDelayMs: 5 },
    }).testConnection();
    expect(unreachable).toMatchObject({ ok: false, error: { kind: 'transient' } });
    if (!unreachable.ok) expect(unreachable.error.message).toMatch(/Could not reach Salesforce.*unreachable/);
  });

  it('stops cleanly when the daily API allowance is used up, saying when it resumes', async () => {
    harness = await startSalesforce({ clock: new SandboxClock(1), settings: { dailyApiRequests: 3 } });
    const connector = harness.connector();
    expect((await connector.testConnection()).ok).toBe(true);
    // Another integration of the org spends the rest of the day's allowance.
    const other = connect(harness.sandbox);
    await other.query('SELECT Id FROM Account LIMIT 1');
    await other.query('SELECT Id FROM Account LIMIT 1');
    const outcomes = await connector.write('party', [upsert('a', customer(1)), upsert('b', customer(2))]);
    const [outcome] = outcomes;
    expect(outcome?.ok).toBe(false);
    if (outcome?.ok === false) {
      expect(outcome.error.kind).toBe('rate_limit');
      expect(outcome.error.message).toMatch(/daily API allowance.*resume at \d{4}-/);
    }
    const calls = connector.statistics().calls;
    const again = await connector.write('party', [upsert('c', customer(3))]);
    expect(again[0]?.ok).toBe(false);
    // The governor refuses at once: no call reaches Salesforce.
    expect(connector.statistics().calls).toBe(calls);
    expect(connector.statistics().remaining.day).toBe(0);
  });
});
