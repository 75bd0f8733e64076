import { describe, expect, it } from 'vitest';
import { CounterpartError } from '../../../src/errors.js';
import { PairRunQueue } from '../../../src/sync/triggers/index.js';
import { settle } from '../../connectors/shared/manualClock.js';
import { FakeEngine } from './fakeEngine.js';

describe('the run queue of a pair', () => {
  it('never runs a pair twice at once: requests during a run become one follow-up covering all of them', async () => {
    const engine = new FakeEngine();
    const queue = new PairRunQueue({ engine, pairId: 'pair-1' });
    engine.hold();
    const first = queue.request('event', ['party']);
    await engine.started(1);
    const during = [queue.request('event', ['invoice']), queue.request('event', ['product', 'invoice'])];
    await settle();
    expect(engine.calls).toHaveLength(1);
    engine.release();
    await Promise.all([first, ...during]);
    expect(engine.calls).toEqual([
      { pairId: 'pair-1', trigger: 'event', entities: ['party'] },
      { pairId: 'pair-1', trigger: 'event', entities: ['invoice', 'product'] },
    ]);
    expect(engine.maxConcurrent).toBe(1);
  });

  it('lets a request for everything absorb narrower ones waiting with it', async () => {
    const engine = new FakeEngine();
    const queue = new PairRunQueue({ engine, pairId: 'pair-1' });
    engine.hold();
    const first = queue.request('schedule');
    await engine.started(1);
    const waiting = [queue.request('event', ['party']), queue.request('schedule'), queue.request('event', ['invoice'])];
    engine.release();
    await Promise.all([first, ...waiting]);
    expect(engine.calls.map((call) => [call.trigger, call.entities])).toEqual([
      ['schedule', undefined],
      ['schedule', undefined],
    ]);
  });

  it('reports a run the engine could not carry out, and goes on with the next request', async () => {
    let fail = true;
    const engine = new FakeEngine(async () => {
      if (fail) {
        fail = false;
        throw new Error('the store is locked');
      }
    });
    const errors: CounterpartError[] = [];
    const runs: string[] = [];
    const queue = new PairRunQueue({
      engine,
      pairId: 'pair-1',
      onError: (error) => errors.push(error),
      onRun: (run) => runs.push(run.id),
    });
    await queue.request('event', ['party']);
    await queue.request('event', ['party']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(CounterpartError);
    expect(errors[0]).toMatchObject({
      code: 'sync.trigger_run_failed',
      context: { pairId: 'pair-1', trigger: 'event' },
    });
    expect(errors[0]?.message).toContain('the store is locked');
    expect(runs).toEqual(['run-2']);
  });

  it('stops cleanly: the run under way is cancelled through its signal, and nothing starts after', async () => {
    const engine = new FakeEngine();
    const errors: CounterpartError[] = [];
    const queue = new PairRunQueue({ engine, pairId: 'pair-1', onError: (error) => errors.push(error) });
    engine.hold();
    const running = queue.request('schedule');
    await engine.started(1);
    const waiting = queue.request('event', ['party']);
    await queue.stop();
    await Promise.all([running, waiting]);
    await queue.request('event', ['invoice']);
    expect(engine.calls).toHaveLength(1);
    expect(errors).toEqual([]);
    expect(queue.busy).toBe(false);
  });
});
