import { describe, expect, it } from 'vitest';
import { companySeed, readAll, startX3 } from './harness.js';
import { customer } from './records.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Sage X3 under faults', () => {
  it('recovers from injected 503s and 429s, waiting out the Retry-After X3 sends', async () => {
    const x3 = await startX3({ seed: companySeed() });
    const connector = x3.connector();
    x3.inject({ status: { '503': 0.25, '429': 0.15 } });
    const { records } = await readAll(connector.read('product'));
    x3.inject({});
    expect(records.map((product) => product.code)).toEqual(['BIND-01', 'PAPR-02', 'BOOK-03']);
    const statistics = connector.statistics();
    expect(statistics.retries).toBeGreaterThan(0);
    expect(statistics.calls).toBe(2 + statistics.retries);
  });

  it('recovers from timeouts and dropped connections while reading documents with their details', async () => {
    const x3 = await startX3({ seed: companySeed() });
    const connector = x3.connector({ timeoutMs: 300 });
    x3.inject({ timeout: 0.15, reset: 0.1, status: { '500': 0.1 } });
    const { records } = await readAll(connector.read('salesOrder'));
    x3.inject({});
    expect(records.map((order) => order.number)).toEqual(['ORD-1', 'ORD-2', 'ORD-3']);
    expect(records.every((order) => order.lines.length === 2)).toBe(true);
    expect(connector.statistics().retries).toBeGreaterThan(0);
  });

  it('writes through faults without duplicating: a failed create is looked up before it is sent again', async () => {
    const x3 = await startX3({ seed: companySeed() });
    const connector = x3.connector({ timeoutMs: 300 });
    x3.inject({ status: { '502': 0.2, '500': 0.1 }, timeout: 0.1 });
    const outcomes = await connector.write(
      'party',
      [11, 12, 13, 14].map((n) => ({ idempotencyKey: `f${n}`, operation: 'create' as const, record: customer(n) })),
    );
    x3.inject({});
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, true, true]);
    expect(connector.statistics().retries).toBeGreaterThan(0);
    const customers = await x3.x3('/BPCUSTOMER?representation=BPCUSTOMER.$query&count=50');
    const keys = (customers.body as { $resources: { ZEXTKEY: string }[] }).$resources.map((row) => row.ZEXTKEY);
    expect(keys.filter((key) => key.startsWith('NEW-')).sort()).toEqual(['NEW-11', 'NEW-12', 'NEW-13', 'NEW-14']);
  });

  it('signs a new connected-app token when X3 says the current one has expired, and carries on', async () => {
    // Time runs 60× faster in the sandbox: a 60-second token lapses after about a real second there, while the
    // connector still believes it fresh — as when the X3 server's clock or the app's validity disagree with ours.
    const fast = await startX3({ seed: companySeed(), timeScale: 60 });
    const connector = fast.connector({ authMode: 'jwt', jwtLifetimeSeconds: 60 });
    expect((await readAll(connector.read('taxRate'))).records.length).toBeGreaterThan(0);
    await sleep(2_200);
    const before = connector.statistics().calls;
    const { records } = await readAll(connector.read('product'));
    expect(records).toHaveLength(3);
    // Two pages of products, plus the refused call retried with a freshly signed token.
    expect(connector.statistics().calls - before).toBe(3);
  });

  it('queues behind a full web-service pool and retries when X3 gives up on the queue', async () => {
    const x3 = await startX3({
      seed: companySeed(),
      settings: { pool: { size: 1, queueTimeoutMs: 50, holdMs: 100 } },
    });
    const connector = x3.connector({ concurrency: 3, readDetails: { salesOrder: true } });
    const { records } = await readAll(connector.read('salesOrder'));
    expect(records).toHaveLength(3);
    expect(connector.statistics().retries).toBeGreaterThan(0);
  });
});
