import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createSageX3Connector, SageX3ConnectionSettings } from '../../../src/connectors/sagex3/index.js';
import { secretReference } from '../../../src/secrets/keychain.js';
import { MemoryVault } from '../shared/memoryVault.js';
import { companySeed, readAll, startX3 } from './harness.js';

describe('Sage X3 "Test connection"', () => {
  it('connects over HTTPS when the company CA bundle is trusted, with Basic authentication', async () => {
    const x3 = await startX3({ seed: companySeed() });
    const check = await x3.connector().testConnection();
    expect(check).toMatchObject({
      ok: true,
      account: 'ADMIN @ SEED',
      details: { authentication: 'basic', tls: 'verified with the company CA bundle', customersVisible: 'yes' },
    });
  });

  it('says the certificate is not trusted and suggests adding the CA bundle when none is configured', async () => {
    const x3 = await startX3();
    const check = await x3.connector({ caBundlePem: undefined }).testConnection();
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.error.kind).toBe('configuration');
    expect(check.error.message).toMatch(/certificate .* is not trusted/);
    expect(check.error.message).toMatch(/add your company's CA bundle in the connection settings/);
    expect(check.error.message).not.toMatch(/ignore|disable|turn off/i);
    expect(check.error.context.failure).toBe('tls_untrusted');
  });

  it('refuses a CA bundle that holds no PEM certificate when the settings are saved', () => {
    const parsed = SageX3ConnectionSettings.safeParse({
      baseUrl: 'https://x3.example.local:8124',
      user: 'ADMIN',
      caBundlePem: 'not a certificate',
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/holds no PEM certificate/);
  });

  it('signs a connected-app JWT with the client secret and reads with it', async () => {
    const x3 = await startX3({ seed: companySeed() });
    const connector = x3.connector({ authMode: 'jwt' });
    const check = await connector.testConnection();
    expect(check).toMatchObject({ ok: true, details: { authentication: 'connected app counterpart-sandbox' } });
    const { records } = await readAll(connector.read('product'));
    expect(records.map((product) => product.code)).toEqual(['BIND-01', 'PAPR-02', 'BOOK-03']);
  });

  it('words a wrong password as an authentication problem to fix in the settings', async () => {
    const x3 = await startX3();
    await x3.vault.store(secretReference(x3.connectionId, 'password'), 'not-the-password');
    const check = await x3.connector().testConnection();
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.error.kind).toBe('authentication');
    expect(check.error.message).toMatch(/did not accept the password of X3 user "ADMIN"/);
    expect(check.error.systemMessage).toBe('Invalid user or password.');
  });

  it('tells which connected-app setting is wrong from X3\'s "Error NN: Invalid token"', async () => {
    const x3 = await startX3();
    const wrongAudience = await x3.connector({ authMode: 'jwt', jwtAudience: 'https://elsewhere' }).testConnection();
    expect(wrongAudience.ok || wrongAudience.error.message).toMatch(/expects another audience/);
    const wrongUser = await x3.connector({ authMode: 'jwt', user: 'INTRUDER' }).testConnection();
    expect(wrongUser.ok || wrongUser.error.message).toMatch(/does not allow user "INTRUDER"/);
    await x3.vault.store(secretReference(x3.connectionId, 'client_secret'), 'a-wrong-secret-of-enough-length');
    const wrongSecret = await x3.connector({ authMode: 'jwt' }).testConnection();
    expect(wrongSecret.ok || wrongSecret.error.message).toMatch(/enter the client secret again/);
    expect(wrongSecret.ok || wrongSecret.error.systemMessage).toMatch(/Error 50: Invalid token/);
  });

  it('says the host is unreachable on the LAN when nothing answers at the address', async () => {
    const vault = new MemoryVault();
    await vault.store(secretReference('c1', 'password'), 'whatever');
    const connector = createSageX3Connector({
      connectionId: 'c1',
      settings: { baseUrl: `https://127.0.0.1:${await closedPort()}`, user: 'ADMIN', timeoutMs: 2_000 },
      secrets: vault,
    });
    const check = await connector.testConnection();
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.error.message).toMatch(/unreachable on the network or LAN/);
    expect(check.error.message).toMatch(/VPN|firewall/);
    expect(check.error.context.failure).toBe('host_unreachable');
  });

  it('says which permission is missing when X3 refuses the web service', async () => {
    const x3 = await startX3();
    const refusing = async () => ({
      status: 403,
      headers: new Headers({ 'content-type': 'application/json' }),
      text: async () =>
        JSON.stringify({ $diagnoses: [{ $severity: 'error', $message: 'Access denied to BPCUSTOMER' }] }),
    });
    const check = await x3.connector({}, { fetch: refusing }).testConnection();
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.error.kind).toBe('permission');
    expect(check.error.message).toMatch(/lacks the API permission/);
    expect(check.error.systemMessage).toBe('Access denied to BPCUSTOMER');
  });

  it('names a wrong endpoint (folder) and a missing secret as settings to fix', async () => {
    const x3 = await startX3();
    const wrongFolder = await x3.connector({ folder: 'NOPE' }).testConnection();
    expect(wrongFolder.ok || wrongFolder.error.message).toMatch(/has no endpoint "NOPE"/);
    const missing = await createSageX3Connector({
      connectionId: 'no-secret',
      settings: x3.settings(),
      secrets: new MemoryVault(),
    }).testConnection();
    expect(missing.ok || missing.error.message).toMatch(
      /X3 password of this Sage X3 connection is not in the OS keychain/,
    );
  });
});

/** A loopback port nothing listens on (bound, then released), so a connection is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}
