import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { secretReference } from '../../../src/secrets/keychain.js';
import { type KashFlowHarness, readAll, seedLedger, startKashFlow } from './harness.js';

let harness: KashFlowHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const logins = (calls: readonly string[]) => calls.filter((call) => call === 'PUT /sessiontoken').length;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 9;
}

describe('KashFlow login and session', () => {
  it('tests the connection with the full two-step login and names the company', async () => {
    harness = await startKashFlow();
    const check = await harness.connector().testConnection();
    expect(check).toMatchObject({
      ok: true,
      account: 'Counterpart Demo Ltd',
      details: { userName: 'sandbox@counterpart.test' },
    });
    expect(harness.calls.slice(0, 3)).toEqual(['POST /sessiontoken', 'PUT /sessiontoken', 'GET /customers']);
  });

  it('says which credential is wrong: the password, or the memorable word', async () => {
    harness = await startKashFlow({ sandboxSettings: { loginFailureStatus: 401 } });
    await harness.vault.store(secretReference(harness.connectionId, 'password'), 'not-the-password');
    const wrongPassword = await harness.connector().testConnection();
    expect(wrongPassword.ok).toBe(false);
    if (wrongPassword.ok) return;
    expect(wrongPassword.error.kind).toBe('authentication');
    expect(wrongPassword.error.message).toMatch(/user name "sandbox@counterpart.test" with the stored password/);
    expect(wrongPassword.error.systemMessage).toBe('Invalid username or password.');
    expect(wrongPassword.error.message).not.toContain('not-the-password');

    await harness.vault.store(secretReference(harness.connectionId, 'password'), harness.password);
    await harness.vault.store(secretReference(harness.connectionId, 'memorable_word'), 'zzzzzzzzzzzzzzzz');
    const wrongWord = await harness.connector().testConnection();
    expect(wrongWord.ok === false && wrongWord.error.message).toMatch(/memorable word again/);
  });

  it('says when the host cannot be reached, and when a secret is missing from the keychain', async () => {
    harness = await startKashFlow();
    const port = await closedPort();
    const unreachable = await harness
      .connector({ baseUrl: `http://127.0.0.1:${port}/v2`, maxAttempts: 1 })
      .testConnection();
    expect(unreachable.ok === false && unreachable.error.kind).toBe('transient');
    expect(unreachable.ok === false && unreachable.error.message).toMatch(
      /Could not reach KashFlow at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
    );

    await harness.vault.remove(secretReference(harness.connectionId, 'memorable_word'));
    const missing = await harness.connector().testConnection();
    expect(missing.ok === false && missing.error).toMatchObject({ kind: 'configuration' });
    expect(missing.ok === false && missing.error.message).toMatch(/memorable word .* not in the OS keychain/);
  });

  it('logs in again once when KashFlow says the session expired, and carries on', async () => {
    harness = await startKashFlow({ seed: seedLedger() });
    const connector = harness.connector();
    let pages = 0;
    for await (const page of connector.read('party')) {
      pages += 1;
      expect(page.length).toBeGreaterThan(0);
      if (pages === 1) harness.sandbox.expireSessions();
    }
    expect(pages).toBe(4);
    expect(logins(harness.calls)).toBe(2);
  });

  it('keeps the session token only in memory, or in the keychain when asked, and reuses it after a restart', async () => {
    harness = await startKashFlow({ seed: seedLedger() });
    const reference = secretReference(harness.connectionId, 'session_token');
    await readAll(harness.connector().read('taxRate'));
    expect(await harness.vault.read(reference)).toBeNull();

    await readAll(harness.connector({ keepSessionInKeychain: true }).read('taxRate'));
    const kept = await harness.vault.read(reference);
    expect(kept).toEqual(expect.any(String));
    const before = logins(harness.calls);
    await readAll(harness.connector({ keepSessionInKeychain: true }).read('taxRate'));
    expect(logins(harness.calls)).toBe(before);

    // A kept token KashFlow has since forgotten costs one fresh login, and the new token replaces it.
    harness.sandbox.expireSessions();
    await readAll(harness.connector({ keepSessionInKeychain: true }).read('taxRate'));
    expect(logins(harness.calls)).toBe(before + 1);
    expect(await harness.vault.read(reference)).not.toBe(kept);
  });
});
