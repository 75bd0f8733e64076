import { afterEach, describe, expect, it } from 'vitest';
import type { KashFlowConnector } from '../../../src/connectors/kashflow/kashflowConnector.js';
import { ConnectorError } from '../../../src/connectors/shared/connectorError.js';
import { type KashFlowHarness, readAll, seedLedger, startKashFlow } from './harness.js';
import { customer, invoice, product, receipt } from './records.js';

let harness: KashFlowHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Reads every entity and writes a few of each; the figures a healthy run gives. */
async function fullRun(connector: KashFlowConnector) {
  const counts: Record<string, number> = {};
  for (const entity of ['party', 'product', 'ledgerAccount', 'taxRate', 'invoice', 'payment'] as const) {
    counts[entity] = (await readAll(connector.read(entity))).length;
  }
  const create = <T>(key: string, record: T) => ({ idempotencyKey: key, operation: 'create' as const, record });
  const writes = [
    ...(await connector.write(
      'party',
      [1, 2, 3].map((n) => create(`c${n}`, customer(n))),
    )),
    ...(await connector.write('product', [create('p1', product(1))])),
    ...(await connector.write('invoice', [
      create('i1', invoice(20_001, 'NEW001')),
      create('i2', invoice(20_002, 'NEW002')),
    ])),
    ...(await connector.write('payment', [create('r1', receipt('20001', 100)), create('r2', receipt('20002', 200))])),
  ];
  return { counts, writes: writes.map((outcome) => (outcome.ok ? 'ok' : outcome.error.message)) };
}

describe('KashFlow connector under injected faults', () => {
  it('completes reads and writes through 503s, timeouts, dropped connections and expired sessions', async () => {
    harness = await startKashFlow({ seed: seedLedger() });
    const healthy = await fullRun(harness.connector());
    await harness.close();

    // Sessions lapse after 400 ms idle, so every injected timeout (500 ms) also costs the session.
    harness = await startKashFlow({ seed: seedLedger(), sandboxSettings: { sessionIdleMs: 400 } });
    harness.inject({ status: { '503': 0.3 }, timeout: 0.03, reset: 0.03 });
    const connector = harness.connector({ timeoutMs: 500, maxAttempts: 10 });
    expect(await fullRun(connector)).toEqual(healthy);
    harness.sandbox.expireSessions();
    expect(await readAll(connector.read('taxRate'))).toHaveLength(3);
    const statistics = connector.statistics();
    expect(statistics.retries).toBeGreaterThan(5);
    expect(harness.calls.filter((call) => call === 'PUT /sessiontoken').length).toBeGreaterThan(1);
    expect(statistics.calls).toBeGreaterThan(statistics.retries);
  });

  it('waits out a 429 for the time KashFlow names in Retry-After', async () => {
    harness = await startKashFlow({ seed: seedLedger() });
    harness.inject({ status: { '429': 0.25 } });
    const waits: number[] = [];
    const connector = harness.connector({}, { onRetry: (event) => waits.push(event.delayMs) });
    expect(await readAll(connector.read('party'))).toHaveLength(15);
    const { rateLimited, retries } = connector.statistics();
    expect(rateLimited).toBeGreaterThan(0);
    expect(retries).toBe(waits.length);
    // The sandbox says "Retry-After: 1"; a jittered backoff here would be at most 40 ms.
    expect(waits.length).toBeGreaterThan(0);
    expect(new Set(waits)).toEqual(new Set([1_000]));
  });

  it('gives up with one classified error, in KashFlow’s words, when the failure does not pass', async () => {
    harness = await startKashFlow({ seed: seedLedger() });
    const connector = harness.connector({ maxAttempts: 3 });
    await readAll(connector.read('taxRate'));
    harness.inject({ status: { '500': 1 } });
    const error = await readAll(connector.read('party')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({
      kind: 'transient',
      system: 'kashflow',
      systemMessage: 'An error has occurred. (InternalServerError)',
      context: { endpoint: 'GET /customers', status: 500 },
    });
    expect(connector.statistics().retries).toBe(2);
  });
});
