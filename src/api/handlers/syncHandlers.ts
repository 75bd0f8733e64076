import { setMaxListeners } from 'node:events';
import type { z } from 'zod';
import type { Entity } from '../../connectors/connector.js';
import { CounterpartError, describeError } from '../../errors.js';
import type { Workspace } from '../../store/workspace.js';
import type { SyncEngineApi, SyncPair, SyncRun } from '../../sync/syncContract.js';
import type { EventBus } from '../eventBus.js';
import type {
  DeadLetterQuery,
  NewSyncPair,
  ReplayAllRequest,
  ReplayDeadLetterRequest,
  ResolveConflictRequest,
  ResolveDeadLetterRequest,
  RunSyncRequest,
  SyncConflictQuery,
  SyncPairSummary,
  SyncRunQuery,
} from '../schemas/sync.js';
import { readSettings } from './settingsHandlers.js';

/** Names a mapping document for people; the id when the document is unknown. */
export type MappingNamer = (mappingId: string) => string;

/**
 * The console's sync operations over one engine. A run started from the console keeps working after the call
 * returns: its progress and its end arrive as events, and Cancel reaches it through the run id.
 */
export function syncOperations(engine: SyncEngineApi, workspace: Workspace, bus: EventBus, mappingName: MappingNamer) {
  const runs = new ActiveRuns(engine, workspace, bus);
  return { handlers: syncHandlers(engine, workspace, bus, mappingName, runs), stopRuns: () => runs.cancelAll() };
}

function syncHandlers(
  engine: SyncEngineApi,
  workspace: Workspace,
  bus: EventBus,
  mappingName: MappingNamer,
  runs: ActiveRuns,
) {
  const actor = () => readSettings(workspace).userName;
  const summarise = (pair: SyncPair) => summaryOf(pair, engine, workspace, mappingName, runs.activeRunOf(pair.id));

  return {
    listSyncPairs: () => ({ pairs: engine.listPairs().map(summarise) }),
    listSyncRuns: ({ pairId, limit }: z.output<typeof SyncRunQuery>) => ({ runs: engine.listRuns({ pairId, limit }) }),
    listDeadLetters: (query: z.output<typeof DeadLetterQuery>) => ({ deadLetters: engine.listDeadLetters(query) }),
    listSyncConflicts: (query: z.output<typeof SyncConflictQuery>) => ({ conflicts: engine.listConflicts(query) }),
    ensureSyncPair: (request: z.output<typeof NewSyncPair>) => {
      requireConnections(workspace, request.accountingConnectionId, request.erpConnectionId);
      return summarise(engine.ensurePair({ ...request, actor: actor() }));
    },
    runSync: ({ pairId, entities }: z.output<typeof RunSyncRequest>) => runs.start(pairId, entities, actor()),
    cancelSync: ({ runId }: { runId: string }) => runs.cancel(runId, actor()),
    replayDeadLetter: async ({ id, payload }: z.output<typeof ReplayDeadLetterRequest>) => {
      const letter = await engine.replayDeadLetter(id, {
        ...(payload === undefined ? {} : { payload }),
        actor: actor(),
      });
      bus.publish('deadLettersChanged', { pairId: letter.pairId });
      return letter;
    },
    replayAllDeadLetters: async ({ pairId }: z.output<typeof ReplayAllRequest>) => {
      const deadLetters = await engine.replayAllDeadLetters({ pairId, actor: actor() });
      bus.publish('deadLettersChanged', { pairId: pairId ?? null });
      return { deadLetters };
    },
    resolveDeadLetter: ({ id, note }: z.output<typeof ResolveDeadLetterRequest>) => {
      const letter = engine.resolveDeadLetter(id, { note, actor: actor() });
      bus.publish('deadLettersChanged', { pairId: letter.pairId });
      return letter;
    },
    resolveSyncConflict: ({ id, keep }: z.output<typeof ResolveConflictRequest>) =>
      engine.resolveConflict(id, { keep, actor: actor() }),
  };
}

function requireConnections(workspace: Workspace, accountingId: string, erpId: string): void {
  for (const [id, role] of [
    [accountingId, 'accounting'],
    [erpId, 'ERP or CRM'],
  ] as const) {
    if (workspace.connections.get(id) === undefined) {
      throw new CounterpartError('sync.unknown_connection', `The ${role} connection ${id} does not exist.`, {
        connectionId: id,
      });
    }
  }
}

function summaryOf(
  pair: SyncPair,
  engine: SyncEngineApi,
  workspace: Workspace,
  mappingName: MappingNamer,
  activeRunId: string | null,
): SyncPairSummary {
  const nameOf = (id: string) => workspace.connections.get(id)?.name ?? 'a removed connection';
  return {
    ...pair,
    accountingConnectionName: nameOf(pair.accountingConnectionId),
    erpConnectionName: nameOf(pair.erpConnectionId),
    mappingName: mappingName(pair.mappingId),
    lastRun: engine.listRuns({ pairId: pair.id, limit: 1 })[0] ?? null,
    activeRunId,
  };
}

interface ActiveRun {
  readonly pairId: string;
  readonly controller: AbortController;
  readonly finished: Promise<SyncRun | undefined>;
}

/** Runs started from the console, by run id: one at a time per pair, each cancellable until it ends. */
class ActiveRuns {
  private readonly byRunId = new Map<string, ActiveRun>();

  constructor(
    private readonly engine: SyncEngineApi,
    private readonly workspace: Workspace,
    private readonly bus: EventBus,
  ) {}

  activeRunOf(pairId: string): string | null {
    for (const [runId, run] of this.byRunId) if (run.pairId === pairId) return runId;
    return null;
  }

  /** Resolves as soon as the engine names the run (its first progress, or its end when it has nothing to do). */
  async start(
    pairId: string,
    entities: readonly Entity[] | undefined,
    actor: string,
  ): Promise<{ runId: string; alreadyRunning: boolean }> {
    const running = this.activeRunOf(pairId);
    if (running !== null) return { runId: running, alreadyRunning: true };
    if (!this.engine.listPairs().some((pair) => pair.id === pairId)) {
      throw new CounterpartError('sync.unknown_pair', `There is no sync pair ${pairId}.`, { pairId });
    }
    const controller = new AbortController();
    // Every request the engine has in flight listens for the cancel; a run keeps more than Node's default of 10.
    setMaxListeners(100, controller.signal);
    let announce: (runId: string) => void = () => {};
    const named = new Promise<string>((resolve) => {
      announce = resolve;
    });
    const run = this.engine.runOnce(pairId, {
      entities,
      trigger: 'manual',
      signal: controller.signal,
      onProgress: (progress) => {
        announce(progress.runId);
        this.bus.publish('syncProgress', { ...progress, pairId });
      },
    });
    const runId = await Promise.race([named, run.then((finished) => finished.id)]);
    this.byRunId.set(runId, { pairId, controller, finished: this.follow(runId, run) });
    this.audit(actor, 'sync.run_started', pairId, { runId, entities: entities ?? null });
    return { runId, alreadyRunning: false };
  }

  cancel(runId: string, actor: string): { runId: string; cancelling: boolean } {
    const run = this.byRunId.get(runId);
    if (run === undefined) return { runId, cancelling: false };
    run.controller.abort();
    this.audit(actor, 'sync.run_cancelled', run.pairId, { runId });
    return { runId, cancelling: true };
  }

  /** Stops the runs the console started and waits for them to record how far they got. */
  async cancelAll(): Promise<void> {
    const active = [...this.byRunId.values()];
    for (const run of active) run.controller.abort();
    await Promise.all(active.map((run) => run.finished));
  }

  /** Publishes the run's end; a run that threw as a whole is read back from the engine's record of it. */
  private async follow(runId: string, run: Promise<SyncRun>): Promise<SyncRun | undefined> {
    let finished: SyncRun | undefined;
    try {
      finished = await run;
    } catch (error) {
      finished = this.engine.listRuns({ limit: 20 }).find((candidate) => candidate.id === runId);
      if (finished === undefined) {
        console.error(`Sync run ${runId} failed before it was recorded: ${describeError(error)}`);
      }
    } finally {
      this.byRunId.delete(runId);
    }
    if (finished !== undefined) this.bus.publish('syncRunFinished', finished);
    this.bus.publish('deadLettersChanged', { pairId: finished?.pairId ?? null });
    return finished;
  }

  private audit(actor: string, action: string, pairId: string, after: unknown): void {
    const entry = this.workspace.auditLog.append({ actor, action, subject: `syncPair/${pairId}`, after });
    this.bus.publish('auditAppended', entry);
  }
}
