import type { Entity } from '../connectors/connector.js';
import type { RecordRef } from '../model/index.js';

/**
 * What the console API, the CLI, the workflow engine and the reconciliation console ask of the sync engine. The
 * engine (src/sync/syncEngine.ts) implements it over one workspace; nothing outside src/sync reaches its tables.
 */

/** A pair of connections kept in step by one mapping document: `accounting` is Xero or KashFlow, `erp` Sage X3 or Salesforce. */
export interface SyncPair {
  readonly id: string;
  readonly accountingConnectionId: string;
  readonly erpConnectionId: string;
  /** e.g. "Xero demo:Sage X3 demo" — the connection names, as `counterpart sync --pair` takes them. */
  readonly label: string;
  readonly mappingId: string;
  readonly mappingVersion: number;
  readonly enabled: boolean;
  readonly createdAt: string;
}

export type SyncTrigger = 'manual' | 'schedule' | 'watch' | 'event' | 'replay';
export type SyncRunStatus = 'running' | 'succeeded' | 'partly_failed' | 'failed' | 'cancelled' | 'interrupted';

/** Figures of one run, per flow and in total: what the user sees on the Sync page and `counterpart sync` prints. */
export interface SyncFigures {
  readonly read: number;
  readonly written: number;
  readonly skipped: number;
  readonly failed: number;
  readonly conflicts: number;
  readonly apiCalls: number;
}

export interface SyncRun {
  readonly id: string;
  readonly pairId: string;
  readonly trigger: SyncTrigger;
  readonly status: SyncRunStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly durationMs: number | null;
  readonly entities: readonly Entity[];
  readonly totals: SyncFigures;
  readonly byFlow: Readonly<Record<string, SyncFigures>>;
  /** The reason a run failed as a whole (a connection that could not sign in), null otherwise. */
  readonly error: string | null;
}

/** Progress while a run works, for progress bars (CLI) and the Sync page (console events). */
export interface SyncProgress {
  readonly runId: string;
  readonly flow: string;
  readonly phase: 'reading' | 'mapping' | 'writing' | 'done';
  readonly done: number;
  /** Unknown until the read of a flow is complete. */
  readonly total: number | null;
}

export type DeadLetterState = 'open' | 'replayed' | 'resolved';

/** A write that failed permanently: kept with what was sent and why it was refused, until the user acts on it. */
export interface DeadLetter {
  readonly id: string;
  readonly pairId: string;
  readonly flow: string;
  readonly entity: Entity;
  readonly targetConnectionId: string;
  readonly source: RecordRef | null;
  /** The canonical record that was to be written (editable before a replay). */
  readonly payload: unknown;
  /** The connector's error kind (validation, conflict, permission, not_found, mapping …) and its code. */
  readonly errorClass: string;
  readonly errorCode: string;
  /** The system's own message, verbatim. */
  readonly systemMessage: string;
  readonly attempts: number;
  readonly state: DeadLetterState;
  readonly createdAt: string;
  readonly resolvedBy: string | null;
  readonly resolvedAt: string | null;
  readonly note: string | null;
}

/** Both sides changed the same field of a linked record since the last sync: the user decides, not the clock. */
export interface SyncConflict {
  readonly id: string;
  readonly pairId: string;
  readonly flow: string;
  readonly entity: Entity;
  readonly accounting: RecordRef;
  readonly erp: RecordRef;
  readonly fields: readonly { readonly field: string; readonly accounting: unknown; readonly erp: unknown }[];
  readonly detectedAt: string;
  readonly state: 'open' | 'resolved';
}

/**
 * A change to one record in one system that someone approved outside a sync run (a reconciliation correction, a
 * workflow step): it goes through the same outbox, idempotency keys, retries and dead-letter queue as a sync write.
 */
export interface ProposedWrite<E extends Entity = Entity> {
  readonly connectionId: string;
  readonly entity: E;
  readonly operation: 'create' | 'update' | 'upsert';
  /** The record to update, for `update`. */
  readonly target?: RecordRef | undefined;
  /** The canonical record, validated against the entity's schema before it is queued. */
  readonly record: unknown;
  /** Stable for one intended change (e.g. `recon:<reconciliationId>:<decisionId>`), so replays write it once. */
  readonly idempotencyKey: string;
  /** Who approved it and why, for the audit trail. */
  readonly actor: string;
  readonly reason: string;
}

export type ProposedWriteResult =
  | { readonly state: 'written'; readonly ref: RecordRef }
  | { readonly state: 'dead_lettered'; readonly deadLetterId: string; readonly message: string };

export interface SyncRunOptions {
  readonly entities?: readonly Entity[] | undefined;
  readonly trigger?: SyncTrigger | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: SyncProgress) => void) | undefined;
}

export interface SyncEngineApi {
  listPairs(): SyncPair[];
  /** Creates (or returns) the pair of two connections, with a mapping (by default the shipped template for their systems). */
  ensurePair(options: {
    accountingConnectionId: string;
    erpConnectionId: string;
    mappingId?: string | undefined;
    actor: string;
  }): SyncPair;
  /** One run: read what changed on both sides, map, write through the outbox, record the run. */
  runOnce(pairId: string, options?: SyncRunOptions): Promise<SyncRun>;
  listRuns(options?: { pairId?: string | undefined; limit?: number | undefined }): SyncRun[];
  listDeadLetters(options?: { state?: DeadLetterState | undefined; pairId?: string | undefined }): DeadLetter[];
  /** Sends a dead letter again, with an edited payload when given; returns it in its new state. */
  replayDeadLetter(id: string, options: { payload?: unknown; actor: string }): Promise<DeadLetter>;
  replayAllDeadLetters(options: { pairId?: string | undefined; actor: string }): Promise<DeadLetter[]>;
  resolveDeadLetter(id: string, options: { note: string; actor: string }): DeadLetter;
  listConflicts(options?: { pairId?: string | undefined; state?: 'open' | 'resolved' | undefined }): SyncConflict[];
  /** Keeps one side's values for a conflict; the next run writes them to the other side. */
  resolveConflict(id: string, options: { keep: 'accounting' | 'erp'; actor: string }): SyncConflict;
  /** Queues and sends one approved write outside a run (reconciliation corrections, workflow steps). */
  submitWrite(write: ProposedWrite): Promise<ProposedWriteResult>;
}
