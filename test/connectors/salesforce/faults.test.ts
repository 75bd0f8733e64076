import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Party } from '../../../src/model/index.js';
import { demo, readAll, type SalesforceHarness, startSalesforce } from './harness.js';
import { customer, upsert } from './records.js';

describe('Salesforce connector under injected faults', () => {
  let harness: SalesforceHarness;
  beforeAll(async () => {
    harness = await startSalesforce({ demo: demo(), settings: { retryAfterSeconds: 1 } });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('recovers from 503s, 500s and connection resets on reads and writes', async () => {
    const connector = harness.connector({ timeoutMs: 400 }, { maxAttempts: 10 });
    harness.inject({ status: { '503': 0.3, '500': 0.2 }, reset: 0.1 });
    try {
      const { records } = await readAll<Party>(connector.read('party'));
      expect(records).toHaveLength(demo().parties.length);
      const outcomes = await connector.write(
        'party',
        Array.from({ length: 1_000 }, (_, index) => upsert(`f-${index}`, customer(index))),
      );
      expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    } finally {
      harness.inject({});
    }
    expect(connector.statistics().retries).toBeGreaterThan(0);
    const connection = await connector.session.open();
    // Upserts by external id are safe to send again: a retried call never duplicated an account.
    const mine = await connection.query("SELECT count() FROM Account WHERE AccountNumber LIKE 'CP%'");
    expect(mine.totalSize).toBe(1_000);
  });

  it('waits out 429s for their Retry-After and counts them', async () => {
    const connector = harness.connector({}, { maxAttempts: 10 });
    harness.inject({ status: { '429': 0.3 } });
    try {
      const { records } = await readAll<Party>(connector.read('party'));
      expect(records.length).toBeGreaterThanOrEqual(demo().parties.length);
    } finally {
      harness.inject({});
    }
    expect(connector.statistics().rateLimited).toBeGreaterThan(0);
  });

  it('reports a failure that outlasts the retries, classified, with the system message kept', async () => {
    const connector = harness.connector({}, { maxAttempts: 2 });
    harness.inject({ status: { '503': 1 } });
    try {
      const outcomes = await connector.write('party', [upsert('down', customer(1))]);
      expect(outcomes[0]).toMatchObject({
        ok: false,
        error: { kind: 'transient', context: { errorCode: 'SERVER_UNAVAILABLE', status: 503 } },
      });
      await expect(readAll(connector.read('party'))).rejects.toMatchObject({ kind: 'transient' });
    } finally {
      harness.inject({});
    }
  });

  it('gives up on a call that does not answer in time and sends it again', async () => {
    const failures: string[] = [];
    const connector = harness.connector(
      { timeoutMs: 300 },
      {
        onRetry: (event) => {
          failures.push(String(event.error.context?.failure));
          // The next attempt finds Salesforce answering again.
          harness.inject({});
        },
      },
    );
    // Slow rather than hung: the sandbox answers after the client has given up, so no socket is left open.
    harness.inject({ latencyMs: 1_000 });
    const { records } = await readAll(connector.read('party', { limit: 5 }));
    expect(records).toHaveLength(5);
    expect(failures).toEqual(['host_unreachable']);
  });
});
