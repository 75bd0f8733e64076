import { describe, expect, it } from 'vitest';
import { PairRunQueue, startPollingTrigger } from '../../../src/sync/triggers/index.js';
import { ManualClock, settle } from '../../connectors/shared/manualClock.js';
import { FakeEngine } from './fakeEngine.js';

describe('scheduled runs', () => {
  it('runs every entity of the pair at once, then every interval after the previous run ended', async () => {
    const clock = new ManualClock();
    const engine = new FakeEngine();
    const queue = new PairRunQueue({ engine, pairId: 'pair-1' });
    const trigger = startPollingTrigger({ queue, intervalSeconds: 60, clock });
    await settle();
    expect(engine.calls).toEqual([{ pairId: 'pair-1', trigger: 'schedule', entities: undefined }]);
    await clock.advance(59_000);
    expect(engine.calls).toHaveLength(1);
    await clock.advance(1_000);
    expect(engine.calls).toHaveLength(2);
    await trigger.stop();
  });

  it('never overlaps a slow run: the next one is due an interval after it ends', async () => {
    const clock = new ManualClock();
    const engine = new FakeEngine();
    const queue = new PairRunQueue({ engine, pairId: 'pair-1' });
    engine.hold();
    const trigger = startPollingTrigger({ queue, intervalSeconds: 60, clock });
    await engine.started(1);
    await clock.advance(10 * 60_000);
    expect(engine.calls).toHaveLength(1);
    engine.release();
    await settle();
    await clock.advance(60_000);
    expect(engine.calls).toHaveLength(2);
    expect(engine.maxConcurrent).toBe(1);
    await trigger.stop();
  });

  it('stops when its signal is aborted, starting nothing more', async () => {
    const clock = new ManualClock();
    const engine = new FakeEngine();
    const queue = new PairRunQueue({ engine, pairId: 'pair-1' });
    const stopping = new AbortController();
    const trigger = startPollingTrigger({
      queue,
      intervalSeconds: 30,
      clock,
      signal: stopping.signal,
      runAtStart: false,
    });
    await clock.advance(30_000);
    expect(engine.calls).toHaveLength(1);
    stopping.abort();
    await clock.advance(10 * 30_000);
    expect(engine.calls).toHaveLength(1);
    await trigger.stop();
  });
});
