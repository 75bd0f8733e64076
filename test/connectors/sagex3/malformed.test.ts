import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../src/connectors/sagex3/index.js';
import { ConnectorError } from '../../../src/connectors/shared/connectorError.js';
import { companySeed, readAll, startX3 } from './harness.js';

/** Lets the sandbox answer, then replaces the body of the answers `tamper` picks. */
function tampering(fetch: FetchLike, tamper: (url: string, body: string) => string | undefined): FetchLike {
  return async (url, init) => {
    const response = await fetch(url, init);
    const text = await response.text();
    const replaced = tamper(url, text);
    return { status: response.status, headers: response.headers, text: async () => replaced ?? text };
  };
}

async function failureOf(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected the read to fail');
}

describe('Sage X3 answers Counterpart does not understand', () => {
  it('is a ConnectorError naming Sage X3 and the class when a feed has the wrong shape', async () => {
    const x3 = await startX3({ seed: companySeed() });
    const connector = x3.connector(
      {},
      {
        fetch: tampering(x3.trustedFetch, (url) =>
          url.includes('/BPCUSTOMER?') ? '{"$resources":"none"}' : undefined,
        ),
      },
    );
    const error = await failureOf(readAll(connector.read('party')));
    expect(error).toMatchObject({ kind: 'validation', system: 'sagex3', context: { class: 'BPCUSTOMER' } });
    expect(error.message).toMatch(
      /^Sage X3 answered the query of BPCUSTOMER with a response Counterpart does not understand/,
    );
  });

  it('names the record field when a row is malformed, and never retries it', async () => {
    const x3 = await startX3({ seed: companySeed() });
    const connector = x3.connector(
      { readDetails: { salesOrder: false } },
      {
        fetch: tampering(x3.trustedFetch, (url, body) =>
          url.includes('/SORDER?') ? body.replaceAll('"ORDINVATI":130.76', '"ORDINVATI":"lots"') : undefined,
        ),
      },
    );
    const error = await failureOf(readAll(connector.read('salesOrder')));
    expect(error.message).toMatch(/SORDER .*ORDINVATI/);
    expect(connector.statistics().retries).toBe(0);
  });

  it('says the address is not the X3 server when the answer is not JSON (a proxy login page, say)', async () => {
    const x3 = await startX3();
    const connector = x3.connector(
      {},
      { fetch: tampering(x3.trustedFetch, () => '<html><body>Sign in</body></html>') },
    );
    const check = await connector.testConnection();
    expect(check.ok).toBe(false);
    expect(check.ok || check.error.message).toMatch(
      /not JSON .* check that the connection's address is the Syracuse server/,
    );
  });

  it('treats an unknown property in where (HTTP 500 from X3) as a setting to fix, not a fault to retry', async () => {
    const x3 = await startX3({ seed: companySeed() });
    const connector = x3.connector({ updateStampField: 'ZUPDATED' });
    const error = await failureOf(readAll(connector.read('product', { modifiedSince: '2026-01-01T00:00:00Z' })));
    expect(error.kind).toBe('configuration');
    expect(error.message).toMatch(/does not know a field.*update stamp ZUPDATED/);
    expect(connector.statistics()).toMatchObject({ calls: 1, retries: 0 });
  });
});
