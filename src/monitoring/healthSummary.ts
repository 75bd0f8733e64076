import type { Connection } from '../store/repositories/connections.js';
import type { RunRecord } from '../store/repositories/syncRuns.js';
import type { Workspace } from '../store/workspace.js';
import { certificateExpiry } from './certificates.js';
import type {
  ConnectionHealth,
  HealthLevel,
  HealthReason,
  HealthSummary,
  LastRun,
  PairHealth,
  ThroughputBucket,
} from './healthModel.js';
import { headroomOf } from './quota.js';

const HOUR_MS = 3_600_000;
/** Runs read for the summary: enough for a day of syncing every few minutes across a few pairs. */
const RUN_WINDOW = 500;

export interface HealthSummaryOptions {
  readonly now?: Date | undefined;
  /** Width of a throughput bucket in minutes (default 60) and how many buckets back from now (default 24). */
  readonly bucketMinutes?: number | undefined;
  readonly buckets?: number | undefined;
}

/**
 * The workspace's health: every figure the dashboard shows and `counterpart status --json` prints, from the
 * repositories alone, with an overall green/amber/red and the reasons for it.
 */
export function healthSummary(workspace: Workspace, options: HealthSummaryOptions = {}): HealthSummary {
  const now = options.now ?? new Date();
  const runs = workspace.syncRuns.list({ limit: RUN_WINDOW });
  const openLetters = workspace.deadLetters.list({ state: 'open' });
  const pairs = workspace.syncPairs.list().map((pair) => pairHealth(pair.id, pair.label, runs));
  const checks = workspace.connectionChecks.latest();
  const quotas = workspace.quotaSamples.latest();
  const connections = workspace.connections
    .list()
    .map((connection) => connectionHealth(workspace, connection, { runs, openLetters, now, checks, quotas }));
  const awaiting = workspace.workflowRuns.list({ state: 'awaiting_approval', limit: 100 });
  const reconciliations = reconciliationsInProgress(workspace);
  const openAlerts = workspace.alertEvents.open();
  const auditTrail = workspace.auditLog.verify();
  const summary: Omit<HealthSummary, 'level' | 'reasons'> = {
    generatedAt: now.toISOString(),
    workspace: workspace.name,
    connections,
    pairs,
    throughput: throughput(runs, now, options.bucketMinutes ?? 60, options.buckets ?? 24),
    deadLetters: {
      open: openLetters.length,
      oldestOpenAt: openLetters[0]?.createdAt ?? null,
      byErrorClass: countBy(openLetters.map((letter) => letter.errorClass)).map(([errorClass, count]) => ({
        errorClass,
        count,
      })),
    },
    workflows: {
      awaitingApproval: awaiting.length,
      runs: awaiting.map((run) => ({ id: run.id, workflowId: run.workflowId, since: run.updatedAt })),
    },
    reconciliations,
    alerts: { open: openAlerts.length },
    auditTrail: { intact: auditTrail.intact, entries: auditTrail.entries },
  };
  const reasons = reasonsOf(summary, openAlerts);
  return { ...summary, level: worst(reasons.map((reason) => reason.level)), reasons };
}

function pairHealth(id: string, label: string, allRuns: readonly RunRecord[]): PairHealth {
  const runs = allRuns.filter((run) => run.pairId === id && run.status !== 'running');
  const lastRun = runs[0];
  let failuresInARow = 0;
  while (runs[failuresInARow]?.status === 'failed') failuresInARow += 1;
  const flows = new Map<string, PairHealth['flows'][number]>();
  for (const run of runs) {
    for (const [flow, figures] of Object.entries(run.byFlow)) {
      if (!flows.has(flow) && figures.read + figures.written + figures.failed > 0) {
        flows.set(flow, { ...lastRunOf(run), figures, flow });
      }
    }
  }
  return {
    id,
    label,
    level: lastRun === undefined ? 'green' : runLevel(lastRun.status),
    lastRun: lastRun === undefined ? null : lastRunOf(lastRun),
    failuresInARow,
    flows: [...flows.values()].sort((a, b) => a.flow.localeCompare(b.flow)),
  };
}

function lastRunOf(run: RunRecord): LastRun {
  return {
    runId: run.id,
    status: run.status,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    figures: run.totals,
    error: run.error,
  };
}

function runLevel(status: string): HealthLevel {
  if (status === 'failed') return 'red';
  if (status === 'partly_failed' || status === 'interrupted') return 'amber';
  return 'green';
}

interface ConnectionFacts {
  readonly runs: readonly RunRecord[];
  readonly openLetters: readonly { targetConnectionId: string; createdAt: string }[];
  readonly now: Date;
  readonly checks: ReturnType<Workspace['connectionChecks']['latest']>;
  readonly quotas: ReturnType<Workspace['quotaSamples']['latest']>;
}

function connectionHealth(workspace: Workspace, connection: Connection, facts: ConnectionFacts): ConnectionHealth {
  const check = facts.checks.get(connection.id);
  const pairIds = new Set(workspace.syncPairs.forConnection(connection.id).map((pair) => pair.id));
  const runs = facts.runs.filter((run) => pairIds.has(run.pairId));
  const quota = headroomOf(connection, facts.quotas.get(connection.id) ?? []);
  const hourAgo = facts.now.getTime() - HOUR_MS;
  const recent = (at: string | null) => at !== null && Date.parse(at) >= hourAgo;
  const errorsLastHour =
    runs.filter((run) => run.status === 'failed' && recent(run.finishedAt)).length +
    facts.openLetters.filter((letter) => letter.targetConnectionId === connection.id && recent(letter.createdAt))
      .length +
    (check !== undefined && !check.ok && recent(check.at) ? 1 : 0);
  // A run that ended other than `failed` reached both systems; a quota sample is a response's own header.
  const successes = [
    check?.ok ? check.at : null,
    runs.find((run) => run.status !== 'failed' && run.finishedAt !== null)?.finishedAt ?? null,
    ...quota.map((window) => window.sampledAt),
  ].filter((at): at is string => at !== null);
  const certificate = certificateExpiry(connection);
  const lastCheck = check === undefined ? null : { at: check.at, ok: check.ok, message: check.message };
  const failing = lastCheck !== null && !lastCheck.ok;
  return {
    id: connection.id,
    name: connection.name,
    system: connection.system,
    level: failing ? 'red' : errorsLastHour > 0 ? 'amber' : 'green',
    lastSuccessfulCallAt: successes.sort().at(-1) ?? null,
    lastCheck,
    tokenExpiresAt: {
      value: null,
      reason: 'Its connector renews tokens by itself and does not report when the current one expires.',
    },
    certificateExpiresAt: certificate,
    errorsLastHour,
    quota,
  };
}

function reconciliationsInProgress(workspace: Workspace): HealthSummary['reconciliations'] {
  const { headers, rows } = workspace.reconciliations;
  const open = [...headers.list({ status: 'running' }), ...headers.list({ status: 'ready' })];
  const items = open.map((reconciliation) => {
    const counts = reconciliation.status === 'ready' ? rows.counts(reconciliation.id) : undefined;
    return {
      id: reconciliation.id,
      entity: reconciliation.entity,
      period: `${reconciliation.periodStart} – ${reconciliation.periodEnd}`,
      status: reconciliation.status,
      unmatched: counts === undefined ? 0 : counts.unmatchedLeft + counts.unmatchedRight,
      since: reconciliation.finishedAt ?? reconciliation.startedAt,
    };
  });
  return { inProgress: items.length, items };
}

function throughput(
  runs: readonly RunRecord[],
  now: Date,
  bucketMinutes: number,
  count: number,
): HealthSummary['throughput'] {
  const width = bucketMinutes * 60_000;
  const lastStart = Math.floor(now.getTime() / width) * width;
  const buckets: ThroughputBucket[] = [];
  for (let index = count - 1; index >= 0; index -= 1) {
    const start = lastStart - index * width;
    const inside = runs.filter((run) => {
      const at = Date.parse(run.startedAt);
      return at >= start && at < start + width && run.status !== 'running';
    });
    const written = sum(inside.map((run) => run.totals.written));
    const failed = sum(inside.map((run) => run.totals.failed));
    buckets.push({
      start: new Date(start).toISOString(),
      runs: inside.length,
      failedRuns: inside.filter((run) => run.status === 'failed').length,
      written,
      failed,
      errorRate: written + failed === 0 ? null : failed / (written + failed),
      runIds: inside.map((run) => run.id),
    });
  }
  return { bucketMinutes, buckets };
}

function reasonsOf(
  summary: Omit<HealthSummary, 'level' | 'reasons'>,
  openAlerts: readonly { severity: 'amber' | 'red'; message: string }[],
): HealthReason[] {
  const reasons: HealthReason[] = [];
  if (!summary.auditTrail.intact) reasons.push({ level: 'red', message: 'The audit trail has been altered.' });
  for (const connection of summary.connections) {
    if (connection.lastCheck !== null && !connection.lastCheck.ok) {
      reasons.push({
        level: 'red',
        message: `Connection "${connection.name}" failed its last check: ${connection.lastCheck.message ?? 'no answer'}.`,
      });
    }
  }
  for (const pair of summary.pairs) {
    if (pair.lastRun !== null && pair.level !== 'green') {
      const what = pair.lastRun.status === 'failed' ? 'failed' : 'partly failed';
      reasons.push({ level: pair.level, message: `The last sync of ${pair.label} ${what}.` });
    }
  }
  if (summary.deadLetters.open > 0) {
    reasons.push({
      level: 'amber',
      message: `${summary.deadLetters.open} dead-letter item${summary.deadLetters.open === 1 ? '' : 's'} wait for a replay or a resolution.`,
    });
  }
  for (const alert of openAlerts) reasons.push({ level: alert.severity, message: alert.message });
  return reasons;
}

function worst(levels: readonly HealthLevel[]): HealthLevel {
  if (levels.includes('red')) return 'red';
  return levels.includes('amber') ? 'amber' : 'green';
}

function countBy(values: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
