import { describe, expect, it } from 'vitest';
import { CallStatisticsRecorder } from '../../../src/connectors/shared/callStatistics.js';
import { ConnectorError, type ConnectorErrorKind } from '../../../src/connectors/shared/connectorError.js';
import { retryDelay, withRetries } from '../../../src/connectors/shared/retryPolicy.js';
import { InstantClock, ManualClock, settle } from './manualClock.js';

const failure = (kind: ConnectorErrorKind, retryAfterMs?: number) =>
  new ConnectorError({ kind, system: 'xero', message: `${kind} failure`, retryAfterMs });

/** An operation that fails with the given errors in turn, then succeeds. */
function failing(...errors: Error[]) {
  const attempts: number[] = [];
  const operation = async (attempt: number) => {
    attempts.push(attempt);
    const error = errors[attempt - 1];
    if (error) throw error;
    return 'done';
  };
  return { attempts, operation };
}

describe('retry policy', () => {
  it('retries transient failures with growing, jittered waits and counts the retries', async () => {
    const clock = new InstantClock();
    const statistics = new CallStatisticsRecorder();
    const { attempts, operation } = failing(failure('transient'), failure('transient'), failure('transient'));
    const result = await withRetries(operation, {
      clock,
      statistics,
      baseDelayMs: 100,
      maxDelayMs: 250,
      random: () => 0.999,
    });
    expect(result).toBe('done');
    expect(attempts).toEqual([1, 2, 3, 4]);
    expect(clock.sleeps).toEqual([99, 199, 249]);
    expect(statistics.snapshot().retries).toBe(3);
  });

  it('uses full jitter: any wait from zero up to the ceiling', () => {
    const error = failure('transient');
    expect(retryDelay(error, 4, { baseDelayMs: 100, random: () => 0 })).toBe(0);
    expect(retryDelay(error, 4, { baseDelayMs: 100, random: () => 0.5 })).toBe(400);
    expect(retryDelay(error, 30, { baseDelayMs: 100, maxDelayMs: 5_000, random: () => 0.5 })).toBe(2_500);
  });

  it("waits exactly the system's Retry-After on a rate limit", async () => {
    const clock = new InstantClock();
    const { operation } = failing(failure('rate_limit', 7_000));
    await expect(withRetries(operation, { clock })).resolves.toBe('done');
    expect(clock.sleeps).toEqual([7_000]);
  });

  it('hands back at once a Retry-After longer than the longest wait (a spent daily allowance)', async () => {
    const clock = new InstantClock();
    const { attempts, operation } = failing(failure('rate_limit', 3 * 60 * 60_000));
    await expect(withRetries(operation, { clock, maxRetryAfterMs: 15 * 60_000 })).rejects.toMatchObject({
      kind: 'rate_limit',
    });
    expect(attempts).toEqual([1]);
    expect(clock.sleeps).toEqual([]);
  });

  it('does not retry failures a retry cannot fix', async () => {
    for (const kind of ['authentication', 'permission', 'validation', 'duplicate', 'not_found'] as const) {
      const { attempts, operation } = failing(failure(kind));
      await expect(withRetries(operation, { clock: new InstantClock() })).rejects.toMatchObject({ kind });
      expect(attempts).toEqual([1]);
    }
    const { attempts, operation } = failing(new TypeError('a bug, not a system failure'));
    await expect(withRetries(operation, { clock: new InstantClock() })).rejects.toThrow(TypeError);
    expect(attempts).toEqual([1]);
  });

  it('gives up after the maximum attempts with the last failure', async () => {
    const { attempts, operation } = failing(...Array.from({ length: 9 }, () => failure('transient')));
    await expect(withRetries(operation, { clock: new InstantClock(), maxAttempts: 3 })).rejects.toMatchObject({
      kind: 'transient',
    });
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('stops waiting and retrying when aborted', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const { attempts, operation } = failing(failure('transient'), failure('transient'));
    const retrying = withRetries(operation, { clock, signal: controller.signal, random: () => 0.5 });
    await settle();
    controller.abort(new Error('sync cancelled'));
    await expect(retrying).rejects.toThrow('sync cancelled');
    expect(attempts).toEqual([1]);
  });

  it('tells a listener about each retry', async () => {
    const events: string[] = [];
    const { operation } = failing(failure('rate_limit', 1_000));
    await withRetries(operation, {
      clock: new InstantClock(),
      onRetry: (event) => events.push(`${event.error.kind} after attempt ${event.attempt}: wait ${event.delayMs}`),
    });
    expect(events).toEqual(['rate_limit after attempt 1: wait 1000']);
  });
});
