import { describe, expect, it } from 'vitest';
import type { ConsoleEvent } from '../../src/api/contract.js';
import { EventBus } from '../../src/api/eventBus.js';
import { syncOperations } from '../../src/api/handlers/syncHandlers.js';
import { openWorkspace, type Workspace } from '../../src/store/workspace.js';
import type { DeadLetter, SyncEngineApi, SyncPair, SyncRun, SyncRunOptions } from '../../src/sync/syncContract.js';
import { freshDirectories } from '../support/tempDirectory.js';

const tempDirectory = freshDirectories();

const zero = { read: 0, written: 0, skipped: 0, failed: 0, conflicts: 0, apiCalls: 0 };

/**
 * An engine whose one run waits until the test lets it finish, so the test can watch what the console does while a
 * run works (the real engine's runs are covered against the sandboxes in test/e2e and test/cli).
 */
class HeldRunEngine implements Partial<SyncEngineApi> {
  readonly pair: SyncPair;
  readonly runs: SyncRun[] = [];
  signal: AbortSignal | undefined;
  private finish: (() => void) | undefined;
  replayedBy: string | undefined;

  constructor(accountingConnectionId: string, erpConnectionId: string) {
    this.pair = {
      id: 'pair-1',
      accountingConnectionId,
      erpConnectionId,
      label: 'Books:Orders',
      mappingId: 'xero-sagex3',
      mappingVersion: 1,
      enabled: true,
      createdAt: '2026-11-21T08:00:00.000Z',
    };
  }

  listPairs = () => [this.pair];
  listRuns = () => [...this.runs];

  runOnce = async (pairId: string, options: SyncRunOptions = {}): Promise<SyncRun> => {
    this.signal = options.signal;
    const running: SyncRun = {
      id: `run-${this.runs.length + 1}`,
      pairId,
      trigger: options.trigger ?? 'manual',
      status: 'running',
      startedAt: '2026-11-21T08:01:00.000Z',
      finishedAt: null,
      durationMs: null,
      entities: options.entities ?? ['party'],
      totals: zero,
      byFlow: {},
      error: null,
    };
    this.runs.unshift(running);
    options.onProgress?.({ runId: running.id, flow: 'parties', phase: 'reading', done: 0, total: null });
    await new Promise<void>((resolve) => {
      this.finish = resolve;
      options.signal?.addEventListener('abort', () => resolve());
    });
    const finished: SyncRun = {
      ...running,
      status: options.signal?.aborted ? 'cancelled' : 'succeeded',
      finishedAt: '2026-11-21T08:02:00.000Z',
      durationMs: 60_000,
      totals: { ...zero, read: 3, written: 3, apiCalls: 2 },
      byFlow: { parties: { ...zero, read: 3, written: 3, apiCalls: 2 } },
    };
    this.runs[0] = finished;
    return finished;
  };

  letRunFinish(): void {
    this.finish?.();
  }

  replayDeadLetter = async (id: string, options: { payload?: unknown; actor: string }): Promise<DeadLetter> => {
    this.replayedBy = options.actor;
    return {
      id,
      pairId: this.pair.id,
      flow: 'parties',
      entity: 'party',
      targetConnectionId: this.pair.erpConnectionId,
      source: null,
      payload: options.payload ?? {},
      errorClass: 'validation',
      errorCode: 'required',
      systemMessage: 'Name is required',
      attempts: 2,
      state: 'replayed',
      createdAt: '2026-11-21T08:01:30.000Z',
      resolvedBy: options.actor,
      resolvedAt: '2026-11-21T08:03:00.000Z',
      note: null,
    };
  };
}

function setUp(): { workspace: Workspace; engine: HeldRunEngine; events: ConsoleEvent[]; bus: EventBus } {
  const workspace = openWorkspace({ dataDirectory: tempDirectory(), name: 'default' });
  const books = workspace.connections.create({ system: 'xero', name: 'Books' });
  const orders = workspace.connections.create({ system: 'sagex3', name: 'Orders' });
  workspace.settings.set('console.settings', {
    userName: 'Ann Smith',
    role: 'preparer',
    theme: 'system',
    firstRunComplete: true,
    demoMode: false,
  });
  const bus = new EventBus();
  const events: ConsoleEvent[] = [];
  bus.subscribe((event) => events.push(event));
  return { workspace, engine: new HeldRunEngine(books.id, orders.id), events, bus };
}

function operationsOver(engine: HeldRunEngine, workspace: Workspace, bus: EventBus) {
  return syncOperations(engine as unknown as SyncEngineApi, workspace, bus, (id) => `mapping ${id}`);
}

describe('sync runs started from the console', () => {
  it('answers with the run id while the run works, then reports its progress and its end as events', async () => {
    const { workspace, engine, events, bus } = setUp();
    const { handlers } = operationsOver(engine, workspace, bus);

    const started = await handlers.runSync({ pairId: 'pair-1', entities: undefined });
    expect(started).toEqual({ runId: 'run-1', alreadyRunning: false });
    expect(events.map((event) => event.name)).toContain('syncProgress');
    expect(events.find((event) => event.name === 'syncProgress')?.payload).toMatchObject({
      runId: 'run-1',
      pairId: 'pair-1',
      flow: 'parties',
    });
    expect(handlers.listSyncPairs().pairs[0]).toMatchObject({
      activeRunId: 'run-1',
      accountingConnectionName: 'Books',
      erpConnectionName: 'Orders',
      mappingName: 'mapping xero-sagex3',
    });

    engine.letRunFinish();
    await expect.poll(() => events.some((event) => event.name === 'syncRunFinished')).toBe(true);
    expect(events.find((event) => event.name === 'syncRunFinished')?.payload).toMatchObject({
      id: 'run-1',
      status: 'succeeded',
      totals: { written: 3 },
    });
    expect(handlers.listSyncPairs().pairs[0]).toMatchObject({ activeRunId: null, lastRun: { id: 'run-1' } });
    workspace.close();
  });

  it('follows the running run instead of starting a second one of the same pair', async () => {
    const { workspace, engine, bus } = setUp();
    const { handlers, stopRuns } = operationsOver(engine, workspace, bus);
    await handlers.runSync({ pairId: 'pair-1', entities: undefined });
    expect(await handlers.runSync({ pairId: 'pair-1', entities: undefined })).toEqual({
      runId: 'run-1',
      alreadyRunning: true,
    });
    expect(engine.runs).toHaveLength(1);
    await stopRuns();
    workspace.close();
  });

  it('cancels a run at the person’s request and records who started and who cancelled it', async () => {
    const { workspace, engine, events, bus } = setUp();
    const { handlers } = operationsOver(engine, workspace, bus);
    const { runId } = await handlers.runSync({ pairId: 'pair-1', entities: ['party'] });

    expect(handlers.cancelSync({ runId })).toEqual({ runId, cancelling: true });
    expect(engine.signal?.aborted).toBe(true);
    await expect.poll(() => events.some((event) => event.name === 'syncRunFinished')).toBe(true);
    expect(engine.runs[0]?.status).toBe('cancelled');
    expect(handlers.cancelSync({ runId })).toEqual({ runId, cancelling: false });

    const audit = workspace.auditLog.list({ limit: 10 });
    expect(audit.map((entry) => [entry.action, entry.actor, entry.subject])).toEqual([
      ['sync.run_cancelled', 'Ann Smith', 'syncPair/pair-1'],
      ['sync.run_started', 'Ann Smith', 'syncPair/pair-1'],
    ]);
    workspace.close();
  });

  it('refuses to run a pair that does not exist', async () => {
    const { workspace, engine, bus } = setUp();
    const { handlers } = operationsOver(engine, workspace, bus);
    await expect(handlers.runSync({ pairId: 'nope', entities: undefined })).rejects.toThrow(
      'There is no sync pair nope.',
    );
    workspace.close();
  });

  it('replays a dead letter as the person in the settings and tells open consoles the queue changed', async () => {
    const { workspace, engine, events, bus } = setUp();
    const { handlers } = operationsOver(engine, workspace, bus);
    const letter = await handlers.replayDeadLetter({ id: 'dl-1', payload: { name: 'Fixed Ltd' } });
    expect(letter).toMatchObject({ state: 'replayed', payload: { name: 'Fixed Ltd' } });
    expect(engine.replayedBy).toBe('Ann Smith');
    expect(events.at(-1)).toEqual({ name: 'deadLettersChanged', payload: { pairId: 'pair-1' } });
    workspace.close();
  });
});
