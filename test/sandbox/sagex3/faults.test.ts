import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../../../src/sandbox/shared/faults.js';
import { type Json, startX3, x3Path } from './harness.js';

describe('Sage X3 faults and web-service pool', () => {
  it('injects error statuses shaped as X3 $diagnoses, changeable while running', async () => {
    const faults = new FaultInjector({
      sagex3: { status: { '503': 1 }, latencyMs: 0, reset: 0, timeout: 0, partialBatch: 0 },
    });
    const x3 = await startX3({ faults });
    const failed = await x3.call(x3Path('TABVAT', '$query'));
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('1');
    expect((failed.body as Json).$diagnoses?.[0]?.$severity).toBe('error');
    faults.set({});
    expect((await x3.call(x3Path('TABVAT', '$query'))).status).toBe(200);
  });

  it('queues requests beyond the pool size and fails them after the (scaled) queue timeout', async () => {
    // Pool of one session held 300 ms per request; 30 s queue timeout on a 300× clock = 100 ms real.
    const x3 = await startX3({ settings: { pool: { size: 1, queueTimeoutMs: 30_000, holdMs: 300 } } }, 300);
    const results = await Promise.all([1, 2, 3].map(() => x3.call(x3Path('TABVAT', '$query'))));
    const statuses = results.map((result) => result.status).sort();
    expect(statuses).toContain(200);
    expect(statuses).toContain(503);
    const refused = results.find((result) => result.status === 503);
    expect((refused?.body as Json | undefined)?.$diagnoses?.[0]?.$message).toMatch(/pool/);

    // A generous queue lets every caller through in turn.
    x3.sandbox.configure({ pool: { queueTimeoutMs: 3_000_000 } });
    const queued = await Promise.all([1, 2, 3].map(() => x3.call(x3Path('TABVAT', '$query'))));
    expect(queued.map((result) => result.status)).toEqual([200, 200, 200]);
  });

  it('changes settings at run time (page size, unknown-property status)', async () => {
    const x3 = await startX3();
    x3.sandbox.configure({ query: { defaultPageSize: 2 }, statuses: { unknownProperty: 400 } });
    const page = await x3.call(x3Path('TABVAT', '$query'));
    expect((page.body as Json).$resources).toHaveLength(2);
    const unknown = await x3.call(x3Path('TABVAT', '$query', { where: 'NOPE eq 1' }));
    expect(unknown.status).toBe(400);
    expect(() => x3.sandbox.configure({ query: { defaultPageSize: -1 } })).toThrow(/defaultPageSize/);
  });
});
