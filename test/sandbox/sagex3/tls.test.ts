import { X509Certificate } from 'node:crypto';
import { fetch as undiciFetch } from 'undici';
import { describe, expect, it } from 'vitest';
import { startSageX3Sandbox } from '../../../src/sandbox/sagex3/index.js';
import { SandboxClock } from '../../../src/sandbox/shared/clock.js';
import { FaultInjector } from '../../../src/sandbox/shared/faults.js';
import { startX3, trustingAgent, x3Path } from './harness.js';

function basic(credentials: Record<string, unknown>): string {
  return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
}

describe('Sage X3 sandbox over HTTPS from a local CA', () => {
  it('generates its own CA: refused without the CA, trusted with it', async () => {
    const sandbox = await startSageX3Sandbox({ port: 0, faults: new FaultInjector(), clock: new SandboxClock() });
    try {
      const credentials = sandbox.credentials;
      expect(sandbox.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = String(credentials.caCertificatePem);
      expect(new X509Certificate(ca).ca).toBe(true);
      const url = `${sandbox.baseUrl}${x3Path('TABVAT', '$query')}`;

      const withoutCa = undiciFetch(url, {
        headers: { authorization: basic(credentials) },
        dispatcher: trustingAgent(undefined),
      });
      await expect(withoutCa).rejects.toThrow();
      const error = await withoutCa.catch((failure: Error & { cause?: { code?: string } }) => failure.cause?.code);
      expect(error).toMatch(/SELF_SIGNED|UNABLE_TO_GET_ISSUER|UNABLE_TO_VERIFY/);

      const withCa = await undiciFetch(url, {
        headers: { authorization: basic(credentials) },
        dispatcher: trustingAgent(ca),
      });
      expect(withCa.status).toBe(200);
      await withCa.text();

      // Also trusted under the name localhost (the certificate carries both names).
      const byName = await undiciFetch(url.replace('127.0.0.1', 'localhost'), {
        headers: { authorization: basic(credentials) },
        dispatcher: trustingAgent(ca),
      });
      expect(byName.status).toBe(200);
      await byName.text();

      // A different CA does not vouch for this server.
      const other = await startX3();
      const wrongCa = String(other.sandbox.credentials.caCertificatePem);
      await expect(
        undiciFetch(url, { headers: { authorization: basic(credentials) }, dispatcher: trustingAgent(wrongCa) }),
      ).rejects.toThrow();
    } finally {
      await sandbox.close();
    }
  });

  it('serves plain HTTP when asked, alone or beside HTTPS', async () => {
    const plain = await startX3({ settings: { transport: 'http' } });
    expect(plain.sandbox.baseUrl).toMatch(/^http:\/\//);
    expect(plain.sandbox.credentials.caCertificatePem).toBeUndefined();
    expect((await plain.call(x3Path('TABVAT', '$query'))).status).toBe(200);

    const both = await startX3({ settings: { transport: 'both' } });
    expect(both.sandbox.baseUrl).toMatch(/^https:\/\//);
    expect(both.sandbox.httpUrl).toMatch(/^http:\/\//);
    const response = await both.call(`${both.sandbox.httpUrl}${x3Path('TABVAT', '$query')}`);
    expect(response.status).toBe(200);
    const links = (response.body as { $resources: { $url: string }[] }).$resources[0]?.$url;
    expect(links).toMatch(/^http:\/\//);
  });

  it('keeps its CA across snapshot and restore so a stored CA bundle still works', async () => {
    const first = await startX3({ seed: { BPCUSTOMER: [{ BPCNUM: 'K1', BPCNAM: 'Kept Ltd' }] } });
    const state = JSON.parse(JSON.stringify(first.sandbox.snapshot()));
    const ca = first.sandbox.credentials.caCertificatePem;
    await first.sandbox.close();
    const second = await startSageX3Sandbox({ port: 0, faults: new FaultInjector(), clock: new SandboxClock(), state });
    try {
      expect(second.credentials.caCertificatePem).toBe(ca);
      const response = await undiciFetch(`${second.baseUrl}${x3Path("BPCUSTOMER('K1')", '$details')}`, {
        headers: { authorization: basic(second.credentials) },
        dispatcher: trustingAgent(String(ca)),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ BPCNAM: 'Kept Ltd', UPDTICK: 1 });
    } finally {
      await second.close();
    }
  });
});
