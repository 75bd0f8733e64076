import { afterEach, describe, expect, it } from 'vitest';
import { FaultSpec } from '../../../src/sandbox/shared/faults.js';
import type { Started } from '../../sandbox/xero/helpers.js';
import { rawCall } from '../../sandbox/xero/helpers.js';
import { specFailures, validateEveryXeroNodeResponse } from '../../sandbox/xero/specValidator.js';
import { bookSeed, connectorFor, FAST_RETRY, readAll, startXero } from './harness.js';
import { creates, invoice, party } from './records.js';

validateEveryXeroNodeResponse();

const running: Started[] = [];

async function start(options: Parameters<typeof startXero>[0]): Promise<Started> {
  const started = await startXero(options);
  running.push(started);
  return started;
}

afterEach(async () => {
  for (const started of running.splice(0)) {
    started.faults.set({});
    await started.sandbox.close();
  }
  expect(specFailures()).toEqual([]);
});

describe('recovering from Xero’s failures', () => {
  it('waits out a 429 for the Retry-After Xero gives and carries on', async () => {
    const started = await start({ seed: bookSeed(25) });
    // Injected 429s look like Xero's: Retry-After: 1 and X-Rate-Limit-Problem: minute.
    started.faults.set(FaultSpec.parse({ xero: { status: { '429': 0.4 } } }));
    const waits: { kind: string; delayMs: number }[] = [];
    const { connector } = await connectorFor(started, {
      settings: { pageSize: 5, maxAttempts: 10 },
      retry: { ...FAST_RETRY, onRetry: ({ error, delayMs }) => waits.push({ kind: error.kind, delayMs }) },
    });
    const { records } = await readAll(connector.read('party'));
    expect(records).toHaveLength(25);
    const statistics = connector.statistics();
    expect(statistics.rateLimited).toBeGreaterThan(0);
    expect(statistics.retries).toBe(statistics.rateLimited);
    // Each refusal was waited out for the second Xero asked, not the few milliseconds of the test backoff.
    expect(waits.length).toBe(statistics.rateLimited);
    expect(waits.every((wait) => wait.kind === 'rate_limit' && wait.delayMs === 1000)).toBe(true);
    expect(statistics.remaining.minute).toBeDefined();
    expect(statistics.remaining.day).toBeDefined();
  });

  it('retries injected 500s and 503s with backoff', async () => {
    const started = await start({ seed: bookSeed(25) });
    started.faults.set(FaultSpec.parse({ xero: { status: { '500': 0.3, '503': 0.3 } } }));
    const { connector } = await connectorFor(started, { settings: { pageSize: 5, maxAttempts: 10 } });
    const { records } = await readAll(connector.read('invoice'));
    expect(records).toHaveLength(25);
    expect(connector.statistics().retries).toBeGreaterThan(0);
  });

  it('gives up on calls that hang or drop, and tries again', async () => {
    const started = await start({ seed: bookSeed(25) });
    started.faults.set(FaultSpec.parse({ xero: { timeout: 0.25, reset: 0.15 } }));
    const { connector } = await connectorFor(started, { settings: { pageSize: 5, timeoutMs: 300, maxAttempts: 10 } });
    const { records } = await readAll(connector.read('party'));
    expect(records).toHaveLength(25);
    expect(connector.statistics().retries).toBeGreaterThan(0);
  });

  it('writes every record exactly once through transient failures', async () => {
    const started = await start({});
    const { connector } = await connectorFor(started, { settings: { maxAttempts: 10 } });
    await connector.write('party', creates([party(1, 'F')], 'fault-party'));
    started.faults.set(FaultSpec.parse({ xero: { status: { '503': 0.4 }, reset: 0.1 } }));
    const outcomes = await connector.write(
      'invoice',
      creates(
        Array.from({ length: 100 }, (_, i) => invoice(i, 'F-0001')),
        'fault-invoices',
      ),
    );
    started.faults.set({});
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    const { json } = await rawCall(started.credentials, 'GET', '/Invoices?page=1&pageSize=1000');
    expect((json as { Invoices: unknown[] }).Invoices).toHaveLength(100);
  });

  it('stops cleanly when the daily allowance is spent and says when it resumes', async () => {
    const started = await start({
      seed: bookSeed(25),
      extras: { settings: { rateLimits: { perMinute: 1000, perDay: 5, appPerMinute: 100_000 } } },
    });
    const { connector } = await connectorFor(started, { settings: { pageSize: 1 } });
    const read = readAll(connector.read('party'));
    await expect(read).rejects.toMatchObject({
      kind: 'rate_limit',
      message: expect.stringMatching(
        /daily API allowance .* used up: Counterpart has stopped calling it and will resume at \d{4}-\d\d-\d\dT/,
      ),
    });
    // The fifth answer said nothing was left, so the sixth call was never sent.
    expect(connector.statistics().calls).toBe(5);
  });

  it('reports Xero’s own daily-limit refusal with the time it resumes, and calls no more', async () => {
    const started = await start({
      seed: bookSeed(5),
      extras: { settings: { rateLimits: { perMinute: 1000, perDay: 3, appPerMinute: 100_000 } } },
    });
    for (let i = 0; i < 3; i += 1) await rawCall(started.credentials, 'GET', '/Organisation');
    const { connector } = await connectorFor(started);
    await expect(readAll(connector.read('invoice'))).rejects.toMatchObject({
      kind: 'rate_limit',
      message: expect.stringMatching(/daily API allowance for this organisation is used up.*resume at \d{4}-/),
    });
    await expect(readAll(connector.read('party'))).rejects.toMatchObject({ kind: 'rate_limit' });
    expect(connector.statistics().calls).toBe(1);
  });
});
