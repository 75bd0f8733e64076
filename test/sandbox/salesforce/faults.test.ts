import { describe, expect, it } from 'vitest';
import { type FaultDecision, FaultInjector, type SandboxSystem } from '../../../src/sandbox/shared/faults.js';
import { connect, startSandbox } from './helpers.js';

describe('Salesforce sandbox under injected faults', () => {
  it('lets jsforce recover from a connection reset on a read by retrying', async () => {
    /** Resets the next `count` requests, then behaves. */
    class ResetsNext extends FaultInjector {
      count = 0;
      override decide(system: SandboxSystem): FaultDecision {
        if (this.count > 0) {
          this.count--;
          return { kind: 'reset' };
        }
        return super.decide(system);
      }
    }
    const faults = new ResetsNext();
    const sandbox = await startSandbox({ faults });
    try {
      const conn = connect(sandbox);
      await conn.sobject('Account').create({ Name: 'Before the storm' });
      faults.count = 2;
      const result = await conn.query<{ Name: string }>('SELECT Name FROM Account');
      expect(result.records.map((r) => r.Name)).toEqual(['Before the storm']);
      expect(faults.count).toBe(0);
    } finally {
      await sandbox.close();
    }
  });

  it('answers CometD clients with a bad token the way Salesforce does', async () => {
    const sandbox = await startSandbox();
    try {
      const response = await fetch(`${sandbox.baseUrl}/cometd/62.0`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'OAuth nope' },
        body: JSON.stringify([
          { channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'], id: '1' },
        ]),
      });
      expect(await response.json()).toEqual([
        expect.objectContaining({
          channel: '/meta/handshake',
          successful: false,
          error: '403::Handshake denied',
          advice: { reconnect: 'none' },
          ext: expect.objectContaining({ sfdc: { failureReason: '401::Authentication invalid' } }),
        }),
      ]);
      const token = (sandbox.credentials as Record<string, string>).accessToken;
      const locator = await fetch(`${sandbox.baseUrl}/services/data/v62.0/query/01gDx0000000099-2000`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(locator.status).toBe(400);
      expect(await locator.json()).toEqual([expect.objectContaining({ errorCode: 'INVALID_QUERY_LOCATOR' })]);
    } finally {
      await sandbox.close();
    }
  });
});
