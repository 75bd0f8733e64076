import { afterEach, describe, expect, it } from 'vitest';
import { healthSummary } from '../../src/monitoring/healthSummary.js';
import { freshDirectories } from '../support/tempDirectory.js';
import { type MonitoredWorkspace, monitoredWorkspace } from './workspaceFacts.js';

const tempDirectory = freshDirectories();
const open: MonitoredWorkspace[] = [];
afterEach(() => {
  for (const facts of open.splice(0)) facts.workspace.close();
});

function setUp(): MonitoredWorkspace {
  const facts = monitoredWorkspace(tempDirectory());
  open.push(facts);
  return facts;
}

const NOW = new Date('2026-11-21T12:30:00.000Z');

describe('health summary', () => {
  it('is green for a workspace whose connections answered and whose syncs succeeded', () => {
    const { workspace, books, run } = setUp();
    workspace.connectionChecks.record({
      connectionId: books.id,
      at: '2026-11-21T12:00:00.000Z',
      ok: true,
      account: 'Demo',
      errorCode: null,
      message: null,
    });
    run('2026-11-21T11:10:00.000Z', 'succeeded', { read: 40, written: 12, apiCalls: 5 });

    const summary = healthSummary(workspace, { now: NOW });

    expect(summary.level).toBe('green');
    expect(summary.reasons).toEqual([]);
    expect(summary.pairs).toEqual([
      expect.objectContaining({
        label: 'Books:Orders',
        level: 'green',
        lastRun: expect.objectContaining({ status: 'succeeded', figures: expect.objectContaining({ written: 12 }) }),
        flows: [expect.objectContaining({ flow: 'accounting-parties', runId: 'run-1' })],
      }),
    ]);
    expect(summary.connections.find((c) => c.name === 'Books')).toMatchObject({
      level: 'green',
      lastSuccessfulCallAt: '2026-11-21T12:00:00.000Z',
      errorsLastHour: 0,
      tokenExpiresAt: { value: null, reason: expect.stringContaining('token') },
    });
  });

  it('turns red with the reason when a sync fails, and counts the failure in its hour', () => {
    const { workspace, run } = setUp();
    run('2026-11-21T11:10:00.000Z', 'succeeded', { written: 10 });
    run('2026-11-21T12:10:00.000Z', 'failed');

    const summary = healthSummary(workspace, { now: NOW });

    expect(summary.level).toBe('red');
    expect(summary.reasons).toContainEqual({ level: 'red', message: 'The last sync of Books:Orders failed.' });
    expect(summary.pairs[0]?.failuresInARow).toBe(1);
    expect(summary.connections.map((connection) => connection.errorsLastHour)).toEqual([1, 1]);
    const buckets = summary.throughput.buckets;
    expect(buckets).toHaveLength(24);
    expect(buckets.at(-1)).toMatchObject({
      start: '2026-11-21T12:00:00.000Z',
      runs: 1,
      failedRuns: 1,
      runIds: ['run-2'],
    });
    expect(buckets.at(-2)).toMatchObject({ runs: 1, written: 10, errorRate: 0, runIds: ['run-1'] });
  });

  it('shows open dead letters by error class, and the error rate of writes', () => {
    const { workspace, run, deadLetter } = setUp();
    run('2026-11-21T12:05:00.000Z', 'partly_failed', { written: 3, failed: 1 });
    deadLetter('2026-11-21T12:06:00.000Z', 'validation');
    deadLetter('2026-11-21T12:07:00.000Z', 'validation');
    deadLetter('2026-11-21T12:08:00.000Z', 'mapping');

    const summary = healthSummary(workspace, { now: NOW });

    expect(summary.level).toBe('amber');
    expect(summary.deadLetters).toEqual({
      open: 3,
      oldestOpenAt: '2026-11-21T12:06:00.000Z',
      byErrorClass: [
        { errorClass: 'validation', count: 2 },
        { errorClass: 'mapping', count: 1 },
      ],
    });
    expect(summary.throughput.buckets.at(-1)?.errorRate).toBe(0.25);
    expect(summary.connections.find((c) => c.name === 'Orders')?.errorsLastHour).toBe(3);
  });

  it('shows quota headroom with the share of the published allowance used', () => {
    const { workspace, books, orders } = setUp();
    workspace.quotaSamples.record({
      connectionId: books.id,
      window: 'day',
      remaining: 500,
      sampledAt: NOW.toISOString(),
    });
    workspace.quotaSamples.record({
      connectionId: books.id,
      window: 'minute',
      remaining: 59,
      sampledAt: NOW.toISOString(),
    });
    workspace.quotaSamples.record({
      connectionId: orders.id,
      window: 'day',
      remaining: 900,
      sampledAt: NOW.toISOString(),
    });

    const summary = healthSummary(workspace, { now: NOW });

    expect(summary.connections.find((c) => c.name === 'Books')?.quota).toEqual([
      expect.objectContaining({ window: 'day', remaining: 500, limit: 5000, usedPercent: 90 }),
      expect.objectContaining({ window: 'minute', remaining: 59, limit: 60 }),
    ]);
    // Sage X3's allowance depends on the licence: headroom without a share.
    expect(summary.connections.find((c) => c.name === 'Orders')?.quota).toEqual([
      expect.objectContaining({ window: 'day', remaining: 900, limit: null, usedPercent: null }),
    ]);
  });
});
