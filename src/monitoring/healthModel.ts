import { z } from 'zod';
import { SyncFigures } from '../api/schemas/sync.js';
import { SystemName } from '../model/recordRef.js';

/**
 * The figures of the health summary: what the dashboard shows and `counterpart status --json` prints. Both read the
 * one summary built by `healthSummary` (src/monitoring/healthSummary.ts), so they cannot disagree.
 */

const Instant = z.iso.datetime({ offset: true });

export const HealthLevel = z.enum(['green', 'amber', 'red']);
export type HealthLevel = z.infer<typeof HealthLevel>;

/** A figure Counterpart may not know: the value, or null with the reason it is not known. */
const Known = <T extends z.ZodType>(value: T) => z.object({ value: value.nullable(), reason: z.string().nullable() });

export const HealthReason = z.object({ level: HealthLevel, message: z.string() });
export type HealthReason = z.infer<typeof HealthReason>;

export const QuotaHeadroom = z.object({
  window: z.string(),
  remaining: z.number().int().nonnegative(),
  /** The window's allowance, where the connection's settings or its system's published limit say. */
  limit: z.number().int().positive().nullable(),
  /** How much of the allowance is used, 0–100, when the allowance is known. */
  usedPercent: z.number().min(0).max(100).nullable(),
  sampledAt: Instant,
});
export type QuotaHeadroom = z.infer<typeof QuotaHeadroom>;

export const ConnectionHealth = z.object({
  id: z.string(),
  name: z.string(),
  system: SystemName,
  level: HealthLevel,
  lastSuccessfulCallAt: Instant.nullable(),
  lastCheck: z.object({ at: Instant, ok: z.boolean(), message: z.string().nullable() }).nullable(),
  tokenExpiresAt: Known(Instant),
  certificateExpiresAt: Known(Instant),
  /** Failed runs of its pairs, writes it refused and a failed check, in the last hour. */
  errorsLastHour: z.number().int().nonnegative(),
  quota: z.array(QuotaHeadroom),
});
export type ConnectionHealth = z.infer<typeof ConnectionHealth>;

export const LastRun = z.object({
  runId: z.string(),
  status: z.string(),
  startedAt: Instant,
  finishedAt: Instant.nullable(),
  figures: SyncFigures,
  error: z.string().nullable(),
});
export type LastRun = z.infer<typeof LastRun>;

export const PairHealth = z.object({
  id: z.string(),
  label: z.string(),
  level: HealthLevel,
  lastRun: LastRun.nullable(),
  /** Runs that failed as a whole, newest first, before the last one that did not. */
  failuresInARow: z.number().int().nonnegative(),
  /** Per flow (one entity, one direction): the last run that moved it and its counts. */
  flows: z.array(LastRun.extend({ flow: z.string() })),
});
export type PairHealth = z.infer<typeof PairHealth>;

export const ThroughputBucket = z.object({
  start: Instant,
  runs: z.number().int().nonnegative(),
  failedRuns: z.number().int().nonnegative(),
  written: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** Failed writes out of those attempted, 0–1; null when nothing was attempted. */
  errorRate: z.number().min(0).max(1).nullable(),
  /** The runs that started in the bucket, newest first, for drilling down from a chart point. */
  runIds: z.array(z.string()),
});
export type ThroughputBucket = z.infer<typeof ThroughputBucket>;

export const HealthSummary = z.object({
  generatedAt: Instant,
  workspace: z.string(),
  level: HealthLevel,
  reasons: z.array(HealthReason),
  connections: z.array(ConnectionHealth),
  pairs: z.array(PairHealth),
  throughput: z.object({ bucketMinutes: z.number().int().positive(), buckets: z.array(ThroughputBucket) }),
  deadLetters: z.object({
    open: z.number().int().nonnegative(),
    oldestOpenAt: Instant.nullable(),
    byErrorClass: z.array(z.object({ errorClass: z.string(), count: z.number().int().positive() })),
  }),
  workflows: z.object({
    awaitingApproval: z.number().int().nonnegative(),
    runs: z.array(z.object({ id: z.string(), workflowId: z.string(), since: Instant })),
  }),
  reconciliations: z.object({
    inProgress: z.number().int().nonnegative(),
    items: z.array(
      z.object({
        id: z.string(),
        entity: z.string(),
        period: z.string(),
        status: z.string(),
        unmatched: z.number().int().nonnegative(),
        since: Instant,
      }),
    ),
  }),
  alerts: z.object({ open: z.number().int().nonnegative() }),
  auditTrail: z.object({ intact: z.boolean(), entries: z.number().int().nonnegative() }),
});
export type HealthSummary = z.infer<typeof HealthSummary>;
