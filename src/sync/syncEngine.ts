import { randomUUID } from 'node:crypto';
import PQueue from 'p-queue';
import { descriptorFor } from '../connections/connectorRegistry.js';
import type { Connector } from '../connectors/connector.js';
import { type Clock, systemClock } from '../connectors/shared/clock.js';
import { ConnectorError } from '../connectors/shared/connectorError.js';
import { retryDelay } from '../connectors/shared/retryPolicy.js';
import { CounterpartError, describeError } from '../errors.js';
import { CANONICAL_SCHEMAS } from '../mapping/canonicalSchemas.js';
import type { PairSide } from '../mapping/compiledMapping.js';
import { parseRecord, SystemName } from '../model/index.js';
import type { SecretVault } from '../secrets/keychain.js';
import type { Connection } from '../store/repositories/connections.js';
import type { OutboxEntry } from '../store/repositories/outbox.js';
import type { Workspace } from '../store/workspace.js';
import { ConflictResolutions } from './conflictResolutions.js';
import { conflictView, deadLetterView, pairView, runView } from './contractViews.js';
import { DeadLetterActions } from './deadLetterActions.js';
import { entityLabel } from './entityLabel.js';
import { FlowRunner } from './flowRunner.js';
import { type MappingCatalogue, workspaceCatalogue } from './mappingCatalogue.js';
import { DEFAULT_RETRY, OutboxSender, type RetrySettings } from './outboxSender.js';
import { type PairContext, stagesOf } from './pairContext.js';
import { RunFigures } from './runFigures.js';
import type {
  DeadLetter,
  DeadLetterState,
  ProposedWrite,
  ProposedWriteResult,
  SyncConflict,
  SyncEngineApi,
  SyncPair,
  SyncRun,
  SyncRunOptions,
  SyncRunStatus,
} from './syncContract.js';
import { recordWritten, releaseWaiting } from './writeEffects.js';
import { submittedWriteKey } from './writeKeys.js';

const ACCOUNTING_SYSTEMS = new Set(['xero', 'kashflow']);
const ERP_SYSTEMS = new Set(['sagex3', 'salesforce']);

/** Runs of one flow within a sync run, the first included, before a transient read failure fails the run. */
const FLOW_ATTEMPTS = 4;

export interface SyncEngineOptions {
  readonly workspace: Workspace;
  readonly vault: SecretVault;
  /** Where pairs find their mappings; by default the workspace's documents, then the shipped templates. */
  readonly mappings?: MappingCatalogue | undefined;
  readonly clock?: Clock | undefined;
  /** Makes the connector of a connection; by default its system's descriptor with the vault. */
  readonly connectorFor?: ((connection: Connection, vault: SecretVault) => Connector) | undefined;
  readonly retry?: Partial<RetrySettings> | undefined;
  /** How far before each read cursor reads start again (records committed late, clock skew). Default 2 minutes. */
  readonly lookBackMs?: number | undefined;
  readonly newId?: (() => string) | undefined;
}

/** The engine over one workspace; `close` closes the connectors it opened. */
export interface SyncEngine extends SyncEngineApi {
  close(): Promise<void>;
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  return new WorkspaceSyncEngine(options);
}

class WorkspaceSyncEngine implements SyncEngine {
  private readonly workspace: Workspace;
  private readonly clock: Clock;
  private readonly retry: RetrySettings;
  private readonly newId: () => string;
  private readonly connectors = new Map<string, Connector>();
  private readonly contexts = new Map<string, Promise<PairContext>>();
  /** One run per pair at a time; the outbox is drained by one sender at a time, so a batch is never sent twice. */
  private readonly runQueues = new Map<string, PQueue>();
  private readonly sendQueue = new PQueue({ concurrency: 1 });
  /** Open batches found at start are a crash's leftovers; they are re-sent once, before anything new. */
  private readonly recovered = new Set<string>();
  private readonly deadLetterActions: DeadLetterActions;
  private readonly resolutions: ConflictResolutions;
  private readonly mappings: MappingCatalogue;
  private closed = false;

  constructor(private readonly options: SyncEngineOptions) {
    this.workspace = options.workspace;
    this.clock = options.clock ?? systemClock;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.newId = options.newId ?? randomUUID;
    this.mappings = options.mappings ?? workspaceCatalogue(options.workspace);
    this.workspace.syncRuns.markInterrupted(this.nowIso());
    this.deadLetterActions = new DeadLetterActions({
      workspace: this.workspace,
      context: (pairId) => this.context(pairId),
      drain: (connectionIds) => this.drain(connectionIds),
      today: () => this.today(),
    });
    this.resolutions = new ConflictResolutions(this.workspace);
  }

  listPairs(): SyncPair[] {
    return this.workspace.syncPairs.list().map(pairView);
  }

  ensurePair(request: Parameters<SyncEngineApi['ensurePair']>[0]): SyncPair {
    const { workspace } = this;
    const accounting = workspace.connections.require(request.accountingConnectionId);
    const erp = workspace.connections.require(request.erpConnectionId);
    if (!ACCOUNTING_SYSTEMS.has(accounting.system) || !ERP_SYSTEMS.has(erp.system)) {
      throw new CounterpartError(
        'sync.bad_pair',
        `A sync pair joins an accounting system (Xero, KashFlow) to an ERP or CRM (Sage X3, Salesforce); "${accounting.name}" is ${accounting.system} and "${erp.name}" is ${erp.system}.`,
        { accounting: accounting.id, erp: erp.id },
      );
    }
    const mapping = this.mappings.choose({
      systems: { accounting: accounting.system, erp: erp.system },
      mappingId: request.mappingId,
    });
    return workspace.db.transaction(() => {
      const { pair, created } = workspace.syncPairs.ensure({
        accountingConnectionId: accounting.id,
        erpConnectionId: erp.id,
        label: `${accounting.name}:${erp.name}`,
        mappingId: mapping.id,
        mappingVersion: mapping.version,
      });
      if (created) {
        workspace.auditLog.append({
          actor: request.actor,
          action: 'sync.pair.created',
          subject: `sync-pair/${pair.id}`,
          after: { label: pair.label, mapping: mapping.id, version: mapping.version },
        });
      }
      return pairView(pair);
    })();
  }

  runOnce(pairId: string, options: SyncRunOptions = {}): Promise<SyncRun> {
    this.refuseWhenClosed();
    let queue = this.runQueues.get(pairId);
    if (!queue) {
      queue = new PQueue({ concurrency: 1 });
      this.runQueues.set(pairId, queue);
    }
    return queue.add(() => this.run(pairId, options));
  }

  listRuns(options: { pairId?: string | undefined; limit?: number | undefined } = {}): SyncRun[] {
    return this.workspace.syncRuns.list(options).map(runView);
  }

  listDeadLetters(options: { state?: DeadLetterState | undefined; pairId?: string | undefined } = {}): DeadLetter[] {
    return this.workspace.deadLetters.list(options).map(deadLetterView);
  }

  replayDeadLetter(id: string, options: { payload?: unknown; actor: string }): Promise<DeadLetter> {
    this.refuseWhenClosed();
    return this.deadLetterActions.replay(id, options);
  }

  async replayAllDeadLetters(options: { pairId?: string | undefined; actor: string }): Promise<DeadLetter[]> {
    const replayed: DeadLetter[] = [];
    for (const letter of this.workspace.deadLetters.list({ state: 'open', pairId: options.pairId })) {
      replayed.push(await this.replayDeadLetter(letter.id, { actor: options.actor }));
    }
    return replayed;
  }

  resolveDeadLetter(id: string, options: { note: string; actor: string }): DeadLetter {
    return this.deadLetterActions.resolve(id, options);
  }

  listConflicts(
    options: { pairId?: string | undefined; state?: 'open' | 'resolved' | undefined } = {},
  ): SyncConflict[] {
    return this.workspace.syncConflicts.list(options).map(conflictView);
  }

  resolveConflict(id: string, options: { keep: PairSide; actor: string }): SyncConflict {
    return conflictView(this.resolutions.resolve(id, options));
  }

  async submitWrite(write: ProposedWrite): Promise<ProposedWriteResult> {
    this.refuseWhenClosed();
    const { workspace } = this;
    const connection = workspace.connections.require(write.connectionId);
    const record = parseRecord(
      CANONICAL_SCHEMAS[write.entity],
      write.record,
      `The proposed ${entityLabel(write.entity)}`,
      {
        connection: connection.id,
        idempotencyKey: write.idempotencyKey,
      },
    );
    if (write.operation === 'update' && write.target === undefined) {
      throw new CounterpartError(
        'sync.update_without_target',
        `An update of a ${entityLabel(write.entity)} in "${connection.name}" must name the record it updates.`,
        { connection: connection.id, idempotencyKey: write.idempotencyKey },
      );
    }
    const pair = workspace.syncPairs.forConnection(connection.id)[0];
    const { entry } = workspace.db.transaction(() => {
      const queued = workspace.outbox.enqueue({
        idempotencyKey: submittedWriteKey(connection.id, write.idempotencyKey),
        pairId: pair?.id ?? null,
        flowId: null,
        runId: null,
        connectionId: connection.id,
        entity: write.entity,
        operation: write.operation,
        target: write.target ?? null,
        payload: record,
        fields: null,
        source: null,
        sourceRecord: undefined,
        actor: write.actor,
        reason: write.reason,
      });
      if (queued.inserted) {
        workspace.auditLog.append({
          actor: write.actor,
          action: 'sync.write.submitted',
          subject: `connection/${connection.id}`,
          after: { entity: write.entity, operation: write.operation, target: write.target ?? null, record },
          comment: write.reason,
        });
      }
      return queued;
    })();
    await this.drain([connection.id]);
    return this.submittedResult(workspace.outbox.require(entry.id));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.runQueues.values()].map((queue) => queue.onIdle()));
    await this.sendQueue.onIdle();
    const connectors = [...this.connectors.values()];
    this.connectors.clear();
    await Promise.all(connectors.map((connector) => connector.close()));
  }

  private submittedResult(entry: OutboxEntry): ProposedWriteResult {
    if (entry.state === 'done' && entry.result) {
      const { system, id, number } = entry.result;
      return {
        state: 'written',
        ref: { system: SystemName.parse(system), id, ...(number === undefined ? {} : { number }) },
      };
    }
    if (entry.state === 'dead' && entry.deadLetterId) {
      return { state: 'dead_lettered', deadLetterId: entry.deadLetterId, message: entry.lastError ?? '' };
    }
    throw new CounterpartError(
      'sync.write_unsettled',
      `The write ${entry.idempotencyKey} of a ${entry.entity} record is still ${entry.state}; it will be sent by the next run.`,
      { idempotencyKey: entry.idempotencyKey, state: entry.state },
    );
  }

  private async run(pairId: string, options: SyncRunOptions): Promise<SyncRun> {
    const { workspace } = this;
    const context = await this.context(pairId);
    const entities = options.entities;
    const flows = context.mapping.flows.filter(
      (flow) => entities === undefined || entities.includes(flow.from.entity) || entities.includes(flow.to.entity),
    );
    const runId = this.newId();
    const startedAt = this.clock.now();
    workspace.syncRuns.start({
      id: runId,
      pairId,
      trigger: options.trigger ?? 'manual',
      startedAt: new Date(startedAt).toISOString(),
      entities: [...new Set(flows.map((flow) => flow.from.entity))],
    });
    const figures = new RunFigures();
    for (const flow of flows) figures.add(flow.id, 'read', 0);
    const runner = new FlowRunner(workspace, context, figures, {
      runId,
      lookBackMs: this.options.lookBackMs ?? 120_000,
      today: this.today(),
      newId: this.newId,
      signal: options.signal,
      onProgress: options.onProgress,
    });
    const sides = [context.connections.accounting.id, context.connections.erp.id];
    let status: SyncRunStatus = 'succeeded';
    let error: string | null = null;
    try {
      // What an interrupted run left queued goes out before anything new is read.
      await this.drain(sides, options.signal, figures, pairId, { id: runId, onProgress: options.onProgress });
      await this.resolutions.apply(context, runner);
      for (const stage of stagesOf(flows)) {
        for (const flow of stage) {
          const before = this.calls(context);
          await this.runPatiently(() => runner.run(flow), options.signal);
          figures.add(flow.id, 'apiCalls', this.calls(context) - before);
          workspace.syncRuns.progress(runId, figures.totals(), figures.byFlow());
        }
        await this.drain(sides, options.signal, figures, pairId, { id: runId, onProgress: options.onProgress });
        for (const flow of stage) {
          options.onProgress?.({
            runId,
            flow: flow.id,
            phase: 'done',
            done: figures.of(flow.id).read,
            total: figures.of(flow.id).read,
          });
        }
      }
      if (figures.totals().failed > 0) status = 'partly_failed';
    } catch (failure) {
      if (options.signal?.aborted) status = 'cancelled';
      else {
        status = 'failed';
        error = describeError(failure);
      }
    }
    const finishedAt = this.clock.now();
    return runView(
      workspace.syncRuns.finish(runId, {
        status,
        finishedAt: new Date(finishedAt).toISOString(),
        durationMs: finishedAt - startedAt,
        totals: figures.totals(),
        byFlow: figures.byFlow(),
        error,
      }),
    );
  }

  /**
   * A flow whose read still fails after the connector's own retries (a burst of 5xx or timeouts) is run again a few
   * times before the run gives up: acknowledged pages are kept, so the read resumes instead of queueing twice.
   */
  private async runPatiently(runFlow: () => Promise<void>, signal: AbortSignal | undefined): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await runFlow();
      } catch (error) {
        const transient = error instanceof ConnectorError && error.retryable;
        if (!transient || attempt >= FLOW_ATTEMPTS || signal?.aborted) throw error;
        await this.clock.sleep(retryDelay(error, attempt, this.retry) ?? 1_000, signal);
      }
    }
  }

  /** Sends what the outbox holds for these connections, one sender at a time. */
  private async drain(
    connectionIds: readonly string[],
    signal?: AbortSignal,
    figures?: RunFigures,
    runPairId?: string,
    run?: { readonly id: string; readonly onProgress?: SyncRunOptions['onProgress'] },
  ): Promise<void> {
    const runId = run?.id;
    const progress = run?.onProgress;
    const contexts = new Map<string, PairContext>();
    for (const connectionId of connectionIds) {
      for (const pair of this.workspace.syncPairs.forConnection(connectionId)) {
        contexts.set(pair.id, await this.context(pair.id));
      }
    }
    const counts = (entry: OutboxEntry) => figures !== undefined && entry.pairId === runPairId;
    const sender = new OutboxSender({
      workspace: this.workspace,
      connectorFor: (connectionId) => this.connectorFor(connectionId),
      clock: this.clock,
      retry: this.retry,
      hooks: {
        written: (entry, ref) => {
          const context = entry.pairId === null ? undefined : contexts.get(entry.pairId);
          if (context) recordWritten(this.workspace, context, entry, ref);
          if (entry.deadLetterId !== undefined) {
            this.workspace.deadLetters.close(entry.deadLetterId, 'replayed', entry.actor ?? 'Counterpart', null);
          }
          if (counts(entry)) figures?.add(entry.flowId ?? 'submitted', 'written');
        },
        deadLettered: (entry) => {
          const context = entry.pairId === null ? undefined : contexts.get(entry.pairId);
          if (context) releaseWaiting(this.workspace, context, entry, undefined);
          if (counts(entry)) figures?.add(entry.flowId ?? 'submitted', 'failed');
        },
        settled: (entry) => {
          if (!counts(entry) || progress === undefined || runId === undefined) return;
          const flow = entry.flowId ?? 'submitted';
          const done = (figures?.of(flow).written ?? 0) + (figures?.of(flow).failed ?? 0);
          progress({ runId, flow, phase: 'writing', done, total: null });
        },
        sent: (batch, calls) => {
          const first = batch.entries[0];
          if (first && counts(first)) figures?.add(first.flowId ?? 'submitted', 'apiCalls', calls);
        },
      },
    });
    const recover = connectionIds.filter((id) => !this.recovered.has(id));
    await this.sendQueue.add(async () => {
      try {
        await sender.drain(connectionIds, { recover, signal });
        for (const id of recover) this.recovered.add(id);
      } catch (error) {
        // A batch a refused sign-in left open is sent again, as recorded, by the next drain.
        for (const id of connectionIds) this.recovered.delete(id);
        throw error;
      }
    });
  }

  private context(pairId: string): Promise<PairContext> {
    let context = this.contexts.get(pairId);
    if (!context) {
      context = this.loadContext(pairId);
      this.contexts.set(pairId, context);
      context.catch(() => this.contexts.delete(pairId));
    }
    return context;
  }

  private async loadContext(pairId: string): Promise<PairContext> {
    const { workspace } = this;
    const pair = workspace.syncPairs.require(pairId);
    const accounting = workspace.connections.require(pair.accountingConnectionId);
    const erp = workspace.connections.require(pair.erpConnectionId);
    const systems = { accounting: accounting.system, erp: erp.system };
    const mapping = await this.mappings.load(pair.mappingId, pair.mappingVersion, systems);
    const connections = { accounting, erp };
    return {
      pair,
      mapping,
      connections,
      systems,
      connector: (side) => this.connectorFor(connections[side].id),
    };
  }

  /** The one connector of a connection in this engine, made when first needed. */
  private connectorFor(connectionId: string): Connector {
    this.refuseWhenClosed();
    let connector = this.connectors.get(connectionId);
    if (!connector) {
      const connection = this.workspace.connections.require(connectionId);
      connector =
        this.options.connectorFor?.(connection, this.options.vault) ??
        descriptorFor(connection.system).create({
          connectionId: connection.id,
          settings: connection.settings,
          secrets: this.options.vault,
        });
      this.connectors.set(connectionId, connector);
    }
    return connector;
  }

  private calls(context: PairContext): number {
    return context.connector('accounting').statistics().calls + context.connector('erp').statistics().calls;
  }

  private today(): string {
    return new Date(this.clock.now()).toISOString().slice(0, 10);
  }

  private nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  private refuseWhenClosed(): void {
    if (this.closed) {
      throw new CounterpartError('sync.engine_closed', 'The sync engine has been closed; open a new one to sync.');
    }
  }
}
