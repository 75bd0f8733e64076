import { z } from 'zod';
import { HealthSummary } from '../../monitoring/healthModel.js';
import { ALERT_KINDS } from '../../store/repositories/alertRules.js';
import { command, query } from '../operation.js';
import { SyncRun, SyncRunStatus } from './sync.js';

/** The console API's monitoring view: health summary, sync history, alerts and logs (src/monitoring). */

export { HealthSummary };

const Timestamp = z.iso.datetime({ offset: true });

export const SyncHistoryQuery = z
  .object({
    pairId: z.string().min(1).optional(),
    entity: z.string().min(1).optional(),
    status: SyncRunStatus.optional(),
    since: Timestamp.optional(),
    until: Timestamp.optional(),
    /** A run to drill down to: its records and their cross-references come back in `detail`. */
    runId: z.string().min(1).optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();

const RecordLink = z.object({ system: z.string(), id: z.string(), number: z.string().nullable() });
const LinkEnd = z.object({ entity: z.string(), id: z.string(), number: z.string().nullable() });

export const RunRecordTrail = z.object({
  writeId: z.number().int(),
  flow: z.string().nullable(),
  entity: z.string(),
  operation: z.string(),
  state: z.string(),
  targetConnectionId: z.string(),
  source: RecordLink.nullable(),
  written: RecordLink.nullable(),
  error: z.string().nullable(),
  deadLetterId: z.string().nullable(),
  crossReference: z
    .object({ accounting: LinkEnd, erp: LinkEnd, linkedBy: z.string(), updatedAt: Timestamp })
    .nullable(),
});
export type RunRecordTrail = z.infer<typeof RunRecordTrail>;

export const SyncHistory = z.object({
  runs: z.array(SyncRun),
  detail: z.object({ run: SyncRun, records: z.array(RunRecordTrail) }).nullable(),
});
export type SyncHistory = z.infer<typeof SyncHistory>;

export const AlertKind = z.enum(ALERT_KINDS, 'Choose an alert rule');

export const AlertRule = z.object({
  kind: AlertKind,
  enabled: z.boolean(),
  threshold: z.number().positive(),
  unit: z.enum(['runs', 'hours', 'days', 'percent']),
  description: z.string(),
  updatedBy: z.string().nullable(),
  updatedAt: Timestamp.nullable(),
});
export type AlertRule = z.infer<typeof AlertRule>;

export const SaveAlertRule = z
  .object({
    kind: AlertKind,
    enabled: z.boolean(),
    threshold: z.number('Enter a number').positive('Enter a number above 0').max(100_000, 'Enter a smaller number'),
  })
  .strict();

export const Alert = z.object({
  id: z.string(),
  kind: z.string(),
  subject: z.string(),
  severity: z.enum(['amber', 'red']),
  message: z.string(),
  raisedAt: Timestamp,
  clearedAt: Timestamp.nullable(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: Timestamp.nullable(),
});
export type Alert = z.infer<typeof Alert>;

export const AlertQuery = z
  .object({ openOnly: z.boolean().default(false), limit: z.number().int().min(1).max(500).default(100) })
  .strict();

export const LogQuery = z
  .object({
    text: z.string().max(200, 'Search for at most 200 characters').optional(),
    level: z.enum(['debug', 'info', 'warn', 'error']).optional(),
    since: Timestamp.optional(),
    until: Timestamp.optional(),
    limit: z.number().int().min(1).max(2000).default(200),
  })
  .strict();

export const LogEntry = z.object({
  time: z.string(),
  level: z.string(),
  message: z.string(),
  fields: z.record(z.string(), z.unknown()),
});
export type LogEntry = z.infer<typeof LogEntry>;

const NoInput = z.object({}).strict();

/** The monitoring operations of the console API, spread into `operations` (src/api/contract.ts). */
export const monitoringOperations = {
  getHealthSummary: query(
    'The workspace’s health: connections, pairs, throughput, quotas, dead letters, approvals, reconciliations.',
    NoInput,
    HealthSummary,
  ),
  listSyncHistory: query(
    'Sync runs over time with filters, and one run’s records with their cross-references when asked.',
    SyncHistoryQuery,
    SyncHistory,
  ),
  listAlertRules: query(
    'The workspace’s alert rules with their thresholds.',
    NoInput,
    z.object({ rules: z.array(AlertRule) }),
  ),
  saveAlertRule: command('Turn an alert rule on or off, or change its threshold.', SaveAlertRule, AlertRule),
  listAlerts: query('Alerts raised by the rules, newest first.', AlertQuery, z.object({ alerts: z.array(Alert) })),
  acknowledgeAlert: command(
    'Mark an alert as seen; it stays open until its condition clears.',
    z.object({ id: z.string().trim().min(1, 'Choose an alert') }).strict(),
    Alert,
  ),
  searchLogs: query(
    'Search the structured log (secrets redacted), newest first.',
    LogQuery,
    z.object({ entries: z.array(LogEntry), truncated: z.boolean() }),
  ),
  exportLogs: command(
    'The log files in one zip for a support request.',
    NoInput,
    z.object({ fileName: z.string(), contentBase64: z.string(), bytes: z.number().int().nonnegative() }),
  ),
} as const;

/** The monitoring events, spread into `events` (src/api/contract.ts). */
export const monitoringEvents = {
  alertRaised: Alert,
} as const;
