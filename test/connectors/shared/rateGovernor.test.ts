import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectorError } from '../../../src/connectors/shared/connectorError.js';
import { RateGovernor } from '../../../src/connectors/shared/rateGovernor.js';
import { ManualClock, settle } from './manualClock.js';

function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('rate governor', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps no more calls in flight than the concurrency limit', async () => {
    const governor = new RateGovernor({ system: 'xero', limits: { concurrency: 2 } });
    let inFlight = 0;
    let most = 0;
    const gates = Array.from({ length: 5 }, () => deferred());
    const calls = gates.map((gate) =>
      governor.run(async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await gate.promise;
        inFlight -= 1;
      }),
    );
    await settle();
    expect(governor.state()).toMatchObject({ inFlight: 2, queued: 3 });
    for (const gate of gates) gate.resolve();
    await Promise.all(calls);
    expect(most).toBe(2);
    expect(governor.statistics.snapshot().calls).toBe(5);
  });

  it('paces calls to the per-minute limit (Xero: 60 a minute)', async () => {
    vi.useFakeTimers();
    const governor = new RateGovernor({ system: 'xero', limits: { perMinute: 3 } });
    const started: number[] = [];
    const calls = Array.from({ length: 5 }, (_, index) =>
      governor.run(async () => {
        started.push(index);
      }),
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(started).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(60_000);
    await Promise.all(calls);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('fails fast, saying when it resumes, once its own daily budget is spent — also for calls already waiting', async () => {
    const clock = new ManualClock(Date.parse('2024-05-31T09:00:30Z'));
    const governor = new RateGovernor({
      system: 'xero',
      connectionId: 'conn-1',
      limits: { concurrency: 1, perDay: 2 },
      clock,
    });
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => governor.run(async () => n)));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
    const error = (results[2] as PromiseRejectedResult).reason as ConnectorError;
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error.kind).toBe('rate_limit');
    expect(error.message).toBe(
      "Xero's daily API allowance for this connection is used up: Counterpart has stopped calling it and will resume at 2024-06-01T09:01:00.000Z.",
    );
    expect(error.context).toMatchObject({ connection: 'conn-1', resumesAt: '2024-06-01T09:01:00.000Z' });
    expect(error.retryAfterMs).toBe(Date.parse('2024-06-01T09:01:00Z') - clock.now());
    await expect(governor.run(async () => 5)).rejects.toThrow(/will resume at 2024-06-01T09:01:00.000Z/);
    expect(governor.statistics.snapshot()).toMatchObject({ calls: 2, remaining: { day: 0 } });

    await clock.advance(24 * 60 * 60_000 + 30_000);
    await expect(governor.run(async () => 'tomorrow')).resolves.toBe('tomorrow');
  });

  it('pauses for Retry-After and then carries on', async () => {
    const clock = new ManualClock();
    const governor = new RateGovernor({ system: 'xero', clock });
    governor.noteResponse({ retryAfterMs: 2_000, limit: 'minute' });
    expect(governor.state().pausedUntil).toBe(new Date(clock.now() + 2_000).toISOString());
    let ran = false;
    const call = governor.run(async () => {
      ran = true;
    });
    await settle();
    expect(ran).toBe(false);
    await clock.advance(2_000);
    await call;
    expect(ran).toBe(true);
    expect(governor.statistics.snapshot().rateLimited).toBe(1);
  });

  it('pauses for a minute when the system says none are left this minute', async () => {
    const clock = new ManualClock();
    const governor = new RateGovernor({ system: 'xero', clock });
    governor.noteResponse({ remainingThisMinute: 0, remainingToday: 4000 });
    let ran = false;
    const call = governor.run(async () => {
      ran = true;
    });
    await clock.advance(59_000);
    expect(ran).toBe(false);
    await clock.advance(1_000);
    await call;
    expect(ran).toBe(true);
    expect(governor.statistics.snapshot().remaining).toEqual({ minute: 0, day: 3999 });
  });

  it("stops cleanly on the system's daily limit (a long Retry-After, or none left today)", async () => {
    const clock = new ManualClock();
    const xero = new RateGovernor({ system: 'xero', clock });
    xero.noteResponse({ retryAfterMs: 5 * 60 * 60_000, limit: 'day' });
    await expect(xero.run(async () => 1)).rejects.toMatchObject({
      kind: 'rate_limit',
      message: expect.stringContaining(`resume at ${new Date(clock.now() + 5 * 60 * 60_000).toISOString()}`),
    });

    const salesforce = new RateGovernor({ system: 'salesforce', clock, dailyRetryMs: 30 * 60_000 });
    salesforce.noteResponse({ remainingToday: 2 });
    await salesforce.run(async () => 1);
    await salesforce.run(async () => 2);
    await expect(salesforce.run(async () => 3)).rejects.toThrow(
      `Salesforce's daily API allowance for this connection is used up: Counterpart has stopped calling it and will resume at ${new Date(clock.now() + 30 * 60_000).toISOString()}.`,
    );
    await clock.advance(30 * 60_000);
    await expect(salesforce.run(async () => 4)).resolves.toBe(4);
  });

  it('lets an aborted caller leave the queue without running its call', async () => {
    const governor = new RateGovernor({ system: 'sagex3', limits: { concurrency: 1 } });
    const gate = deferred();
    const first = governor.run(() => gate.promise);
    const controller = new AbortController();
    let ran = false;
    const second = governor.run(
      async () => {
        ran = true;
      },
      { signal: controller.signal },
    );
    controller.abort();
    await expect(second).rejects.toThrow();
    gate.resolve();
    await first;
    await governor.idle();
    expect(ran).toBe(false);
  });
});
