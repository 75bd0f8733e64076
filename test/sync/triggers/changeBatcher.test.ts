import { describe, expect, it } from 'vitest';
import type { Entity } from '../../../src/connectors/connector.js';
import { ChangeBatcher } from '../../../src/sync/triggers/index.js';
import { ManualClock } from '../../connectors/shared/manualClock.js';

function batcher(clock: ManualClock) {
  const batches: Entity[][] = [];
  const changes = new ChangeBatcher({
    debounceMs: 2_000,
    maxWaitMs: 10_000,
    clock,
    onBatch: (entities) => batches.push([...entities].sort()),
  });
  return { changes, batches };
}

describe('debouncing change notifications', () => {
  it('turns a burst of notifications into one batch of the entities they touched, after a quiet spell', async () => {
    const clock = new ManualClock();
    const { changes, batches } = batcher(clock);
    for (const entity of ['party', 'party', 'invoice', 'party', 'invoice'] as const) {
      changes.add(entity);
      await clock.advance(500);
    }
    expect(batches).toEqual([]);
    await clock.advance(1_500);
    expect(batches).toEqual([['invoice', 'party']]);
    changes.add('product');
    await clock.advance(2_000);
    expect(batches).toEqual([['invoice', 'party'], ['product']]);
  });

  it('hands a batch on at the latest maxWaitMs after its first change, even while changes keep coming', async () => {
    const clock = new ManualClock();
    const { changes, batches } = batcher(clock);
    for (let second = 0; second < 12; second += 1) {
      changes.add('party');
      await clock.advance(1_000);
    }
    expect(batches).toEqual([['party']]);
  });

  it('leaves out an entity whose changed records the engine wrote itself, asking when the batch is handed on', async () => {
    const clock = new ManualClock();
    const own = new Set<string>();
    const batches: Entity[][] = [];
    const changes = new ChangeBatcher({
      debounceMs: 2_000,
      maxWaitMs: 10_000,
      clock,
      isOwnWrite: (_entity, id) => own.has(id),
      onBatch: (entities) => batches.push([...entities].sort()),
    });
    // The notification arrives before the engine has recorded the write that caused it.
    changes.add('party', ['001-own']);
    changes.add('invoice', ['inv-own', 'inv-theirs']);
    own.add('001-own');
    own.add('inv-own');
    await clock.advance(2_000);
    expect(batches).toEqual([['invoice']]);
    // A change that names no records (a gap) is never taken for an echo.
    changes.add('party');
    await clock.advance(2_000);
    expect(batches).toEqual([['invoice'], ['party']]);
  });

  it('drops what is waiting when stopped', async () => {
    const clock = new ManualClock();
    const { changes, batches } = batcher(clock);
    changes.add('party');
    changes.stop();
    await clock.advance(20_000);
    expect(batches).toEqual([]);
  });
});
