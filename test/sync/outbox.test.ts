import { afterEach, describe, expect, it, vi } from 'vitest';
import { freshDirectories } from '../support/tempDirectory.js';
import { party } from './support/flows.js';
import { type SyncHarness, syncHarness } from './support/harness.js';
import { recordField, transientError } from './support/ledgerConnector.js';

const tempDirectory = freshDirectories();
const open: SyncHarness[] = [];
afterEach(async () => {
  for (const harness of open.splice(0)) await harness.close();
});

/** Books with `count` customers, C001…, none in the ERP yet. */
function withCustomers(count: number): SyncHarness {
  const harness = syncHarness(tempDirectory());
  open.push(harness);
  for (let n = 1; n <= count; n += 1) {
    const code = `C${String(n).padStart(3, '0')}`;
    harness.ledgers.accounting.put('party', `x-${n}`, party(code, `Customer ${n} Ltd`));
  }
  return harness;
}

const codes = (harness: SyncHarness) =>
  harness.ledgers.erp
    .all('party')
    .map((record) => record.code)
    .sort();

describe('outbox', () => {
  it('sends writes queued before a crash exactly once after the database is opened again', async () => {
    const harness = withCustomers(5);
    const controller = new AbortController();
    // Stop the run once the last page is queued, before anything is sent.
    const cancelled = await harness.engine.runOnce(harness.pair.id, {
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.phase === 'mapping' && progress.done === 5) controller.abort();
      },
    });
    expect(cancelled.status).toBe('cancelled');
    expect(harness.ledgers.erp.writeCalls).toHaveLength(0);
    expect(harness.workspace.outbox.countUnfinished(harness.pair.id)).toBe(5);

    const engine = harness.crash();
    const run = await engine.runOnce(harness.pair.id);

    expect(run.status).toBe('succeeded');
    expect(run.totals.written).toBe(5);
    expect(codes(harness)).toEqual(['C001', 'C002', 'C003', 'C004', 'C005']);
    const sentKeys = harness.ledgers.erp.writeCalls.flatMap((call) => call.keys);
    expect(new Set(sentKeys).size).toBe(sentKeys.length);
  });

  it('re-sends a batch interrupted in flight as the same batch, in the same order, and marks the run interrupted', async () => {
    const harness = withCustomers(5);
    harness.ledgers.erp.hangAfterApplying = true;
    void harness.engine.runOnce(harness.pair.id);
    await vi.waitFor(() => expect(harness.ledgers.erp.writeCalls).toHaveLength(1));

    harness.ledgers.erp.hangAfterApplying = false;
    const engine = harness.crash();
    expect(engine.listRuns({ pairId: harness.pair.id })[0]).toMatchObject({ status: 'interrupted' });
    const run = await engine.runOnce(harness.pair.id);

    const [interrupted, resent] = harness.ledgers.erp.writeCalls;
    expect(resent).toEqual(interrupted);
    expect(interrupted?.keys).toHaveLength(3);
    expect(codes(harness)).toEqual(['C001', 'C002', 'C003', 'C004', 'C005']);
    expect(run.status).toBe('succeeded');
  });

  it('retries a transient failure with backoff until it is written', async () => {
    const harness = withCustomers(1);
    let failures = 0;
    harness.ledgers.erp.script = () => {
      if (failures >= 2) return undefined;
      failures += 1;
      return transientError('sagex3');
    };

    const run = await harness.engine.runOnce(harness.pair.id);

    expect(run.status).toBe('succeeded');
    expect(harness.ledgers.erp.writeCalls).toHaveLength(3);
    expect(codes(harness)).toEqual(['C001']);
    expect(harness.workspace.outbox.listByState('done')[0]).toMatchObject({ attempts: 3 });
  });

  it('retries only the failed items of a partly failed batch, in a new batch', async () => {
    const harness = withCustomers(3);
    let failed = false;
    harness.ledgers.erp.script = (request) => {
      if (failed || recordField(request, 'code') !== 'C002') return undefined;
      failed = true;
      return transientError('sagex3');
    };

    await harness.engine.runOnce(harness.pair.id);

    const [first, retry] = harness.ledgers.erp.writeCalls;
    expect(first?.keys).toHaveLength(3);
    expect(retry?.keys).toEqual([first?.keys[1]]);
    expect(codes(harness)).toEqual(['C001', 'C002', 'C003']);
  });

  it('dead-letters a write still failing transiently after the last attempt', async () => {
    const harness = withCustomers(1);
    harness.ledgers.erp.script = () => transientError('sagex3');

    const run = await harness.engine.runOnce(harness.pair.id);

    expect(run).toMatchObject({ status: 'partly_failed', totals: { failed: 1, written: 0 } });
    expect(harness.engine.listDeadLetters()[0]).toMatchObject({
      errorClass: 'transient',
      systemMessage: 'Service Unavailable',
      attempts: 3,
    });
  });

  it('queues a newer version behind the create of an older one and sends it as an update', async () => {
    const harness = withCustomers(1);
    const controller = new AbortController();
    await harness.engine.runOnce(harness.pair.id, {
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.phase === 'mapping') controller.abort();
      },
    });
    harness.ledgers.accounting.edit('party', 'x-1', { email: 'ap@customer1.example' });
    await harness.engine.runOnce(harness.pair.id);

    expect(harness.ledgers.erp.all('party')).toEqual([
      expect.objectContaining({ code: 'C001', email: 'ap@customer1.example' }),
    ]);
    expect(harness.ledgers.erp.writeCalls.map((call) => call.keys.length)).toEqual([1, 1]);
  });

  it('sends an approved write through the outbox once per idempotency key', async () => {
    const harness = withCustomers(0);
    const write = {
      connectionId: harness.connections.erp.id,
      entity: 'party' as const,
      operation: 'create' as const,
      record: party('C900', 'Correction Ltd'),
      idempotencyKey: 'recon:r1:d1',
      actor: 'ann',
      reason: 'Missing customer found at month-end',
    };

    const first = await harness.engine.submitWrite(write);
    const again = await harness.engine.submitWrite(write);

    expect(first).toMatchObject({ state: 'written', ref: { system: 'sagex3' } });
    expect(again).toEqual(first);
    expect(codes(harness)).toEqual(['C900']);
    await expect(harness.engine.submitWrite({ ...write, idempotencyKey: 'x', record: { name: '' } })).rejects.toThrow(
      /proposed party is not valid/,
    );
    expect(harness.workspace.auditLog.list({ limit: 5, action: 'sync.write.submitted' })).toHaveLength(1);
  });
});
