import { z } from 'zod';
import { ENTITIES } from '../../connectors/connector.js';
import { RecordRef } from '../../model/recordRef.js';
import { command, query } from '../operation.js';

/** The console API's view of the sync engine (src/sync/syncContract.ts): what the Sync page and its events carry. */

// The engine's clock writes ISO instants; an offset other than Z is still an instant.
const Timestamp = z.iso.datetime({ offset: true });

export const SyncEntity = z.enum(ENTITIES, 'Choose an entity such as party, product, invoice or payment');
export type SyncEntity = z.infer<typeof SyncEntity>;

export const SyncPair = z.object({
  id: z.string(),
  accountingConnectionId: z.string(),
  erpConnectionId: z.string(),
  label: z.string(),
  mappingId: z.string(),
  mappingVersion: z.number().int().positive(),
  enabled: z.boolean(),
  createdAt: Timestamp,
});
export type SyncPair = z.infer<typeof SyncPair>;

export const SyncFigures = z.object({
  read: z.number().int().nonnegative(),
  written: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  conflicts: z.number().int().nonnegative(),
  apiCalls: z.number().int().nonnegative(),
});
export type SyncFigures = z.infer<typeof SyncFigures>;

export const SyncRunStatus = z.enum(['running', 'succeeded', 'partly_failed', 'failed', 'cancelled', 'interrupted']);
export type SyncRunStatus = z.infer<typeof SyncRunStatus>;

export const SyncRun = z.object({
  id: z.string(),
  pairId: z.string(),
  trigger: z.enum(['manual', 'schedule', 'watch', 'event', 'replay']),
  status: SyncRunStatus,
  startedAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  durationMs: z.number().nonnegative().nullable(),
  entities: z.array(SyncEntity).readonly(),
  totals: SyncFigures,
  byFlow: z.record(z.string(), SyncFigures),
  error: z.string().nullable(),
});
export type SyncRun = z.infer<typeof SyncRun>;

/** A pair as the Sync page lists it: with the names of its connections and its latest run. */
export const SyncPairSummary = SyncPair.extend({
  accountingConnectionName: z.string(),
  erpConnectionName: z.string(),
  mappingName: z.string(),
  lastRun: SyncRun.nullable(),
  /** The run working now, when one is. */
  activeRunId: z.string().nullable(),
});
export type SyncPairSummary = z.infer<typeof SyncPairSummary>;

export const SyncProgress = z.object({
  runId: z.string(),
  pairId: z.string(),
  flow: z.string(),
  phase: z.enum(['reading', 'mapping', 'writing', 'done']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
});
export type SyncProgress = z.infer<typeof SyncProgress>;

export const DeadLetterState = z.enum(['open', 'replayed', 'resolved']);

export const DeadLetter = z.object({
  id: z.string(),
  pairId: z.string(),
  flow: z.string(),
  entity: SyncEntity,
  targetConnectionId: z.string(),
  source: RecordRef.nullable(),
  payload: z.unknown(),
  errorClass: z.string(),
  errorCode: z.string(),
  systemMessage: z.string(),
  attempts: z.number().int().nonnegative(),
  state: DeadLetterState,
  createdAt: Timestamp,
  resolvedBy: z.string().nullable(),
  resolvedAt: Timestamp.nullable(),
  note: z.string().nullable(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

export const SyncConflict = z.object({
  id: z.string(),
  pairId: z.string(),
  flow: z.string(),
  entity: SyncEntity,
  accounting: RecordRef,
  erp: RecordRef,
  fields: z.array(z.object({ field: z.string(), accounting: z.unknown(), erp: z.unknown() })).readonly(),
  detectedAt: Timestamp,
  state: z.enum(['open', 'resolved']),
});
export type SyncConflict = z.infer<typeof SyncConflict>;

const Id = (what: string) => z.string(`Choose ${what}`).trim().min(1, `Choose ${what}`);

export const SyncRunQuery = z
  .object({
    pairId: z.string().min(1).optional(),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict();

export const DeadLetterQuery = z
  .object({ state: DeadLetterState.optional(), pairId: z.string().min(1).optional() })
  .strict();

export const SyncConflictQuery = z
  .object({ state: z.enum(['open', 'resolved']).optional(), pairId: z.string().min(1).optional() })
  .strict();

export const NewSyncPair = z
  .object({
    accountingConnectionId: Id('the accounting connection'),
    erpConnectionId: Id('the ERP or CRM connection'),
    /** A stored mapping document or a shipped template; the template for the two systems when absent. */
    mappingId: z.string().trim().min(1).optional(),
  })
  .strict();

export const RunSyncRequest = z
  .object({
    pairId: Id('a sync pair'),
    entities: z.array(SyncEntity).min(1, 'Choose at least one entity, or leave the list out').optional(),
  })
  .strict();

export const StartedSyncRun = z.object({
  runId: z.string(),
  /** True when the pair was already running: the console follows that run instead of starting another. */
  alreadyRunning: z.boolean(),
});

export const RunId = z.object({ runId: Id('a run') }).strict();

export const ReplayDeadLetterRequest = z
  .object({
    id: Id('a dead letter'),
    /** The edited record to send instead of the one that failed; checked against the entity's schema by the engine. */
    payload: z.unknown().optional(),
  })
  .strict();

export const ReplayAllRequest = z.object({ pairId: z.string().min(1).optional() }).strict();

export const ResolveDeadLetterRequest = z
  .object({
    id: Id('a dead letter'),
    note: z
      .string('Say why it needs no replay')
      .trim()
      .min(1, 'Say why it needs no replay')
      .max(2000, 'Keep the note to 2,000 characters or fewer'),
  })
  .strict();

export const ResolveConflictRequest = z
  .object({
    id: Id('a conflict'),
    keep: z.enum(['accounting', 'erp'], 'Choose which side’s values to keep'),
  })
  .strict();

const NoInput = z.object({}).strict();

/** The sync operations of the console API, spread into `operations` (src/api/contract.ts). */
export const syncOperations = {
  listSyncPairs: query(
    'The sync pairs: two connections kept in step by one mapping, with their latest run.',
    NoInput,
    z.object({ pairs: z.array(SyncPairSummary) }),
  ),
  listSyncRuns: query(
    'Sync runs with their figures, newest first.',
    SyncRunQuery,
    z.object({ runs: z.array(SyncRun) }),
  ),
  listDeadLetters: query(
    'Writes a system refused for good, with what was sent and why, waiting for a replay or a resolution.',
    DeadLetterQuery,
    z.object({ deadLetters: z.array(DeadLetter) }),
  ),
  listSyncConflicts: query(
    'Records both systems changed since the last sync, waiting for someone to choose which values to keep.',
    SyncConflictQuery,
    z.object({ conflicts: z.array(SyncConflict) }),
  ),
  ensureSyncPair: command(
    'Pair an accounting connection with an ERP or CRM connection (or return the existing pair).',
    NewSyncPair,
    SyncPairSummary,
  ),
  runSync: command(
    'Start a sync run of a pair; its progress and its end arrive as events.',
    RunSyncRequest,
    StartedSyncRun,
  ),
  cancelSync: command(
    'Stop a running sync at the next safe point; nothing already read or queued is lost.',
    RunId,
    z.object({ runId: z.string(), cancelling: z.boolean() }),
  ),
  replayDeadLetter: command(
    'Send a dead letter again, with an edited record when given.',
    ReplayDeadLetterRequest,
    DeadLetter,
  ),
  replayAllDeadLetters: command(
    'Send every open dead letter again (of one pair when given).',
    ReplayAllRequest,
    z.object({ deadLetters: z.array(DeadLetter) }),
  ),
  resolveDeadLetter: command(
    'Close a dead letter without sending it, with a note saying why.',
    ResolveDeadLetterRequest,
    DeadLetter,
  ),
  resolveSyncConflict: command(
    'Keep one side’s values for a conflict; the next run writes them to the other side.',
    ResolveConflictRequest,
    SyncConflict,
  ),
} as const;

/** The sync events, spread into `events` (src/api/contract.ts). */
export const syncEvents = {
  syncProgress: SyncProgress,
  syncRunFinished: SyncRun,
  /** Dead letters were added, replayed or resolved (of one pair, or of any when null). */
  deadLettersChanged: z.object({ pairId: z.string().nullable() }),
} as const;
