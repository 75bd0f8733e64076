import type { CrossReference, LinkSide } from '../store/repositories/crossReferences.js';
import type { OutboxEntry } from '../store/repositories/outbox.js';
import type { RunRecord, RunStatus } from '../store/repositories/syncRuns.js';
import type { Workspace } from '../store/workspace.js';

/** Runs read before filtering: the history page pages through at most this many of the newest. */
const HISTORY_WINDOW = 500;

export interface SyncHistoryQuery {
  readonly pairId?: string | undefined;
  readonly entity?: string | undefined;
  readonly status?: RunStatus | undefined;
  readonly since?: string | undefined;
  readonly until?: string | undefined;
  readonly limit: number;
}

/** Sync runs, newest first, filtered by pair, entity, status and start time. */
export function syncHistory(workspace: Workspace, query: SyncHistoryQuery): RunRecord[] {
  return workspace.syncRuns
    .list({ pairId: query.pairId, limit: HISTORY_WINDOW })
    .filter(
      (run) =>
        (query.entity === undefined || run.entities.includes(query.entity)) &&
        (query.status === undefined || run.status === query.status) &&
        (query.since === undefined || run.startedAt >= query.since) &&
        (query.until === undefined || run.startedAt <= query.until),
    )
    .slice(0, query.limit);
}

export interface RunRecordTrail {
  readonly writeId: number;
  readonly flow: string | null;
  readonly entity: string;
  readonly operation: string;
  readonly state: string;
  readonly targetConnectionId: string;
  readonly source: { system: string; id: string; number: string | null } | null;
  readonly written: { system: string; id: string; number: string | null } | null;
  readonly error: string | null;
  readonly deadLetterId: string | null;
  /** The link between the record's two sides, as the pair keeps it. */
  readonly crossReference: {
    readonly accounting: { entity: string; id: string; number: string | null };
    readonly erp: { entity: string; id: string; number: string | null };
    readonly linkedBy: string;
    readonly updatedAt: string;
  } | null;
}

/**
 * One run and the records it wrote or failed to write, each with its cross-reference. The outbox is read by state
 * and filtered by run, as its repository offers no look-up by run.
 */
export function syncRunDetail(
  workspace: Workspace,
  runId: string,
): { run: RunRecord; records: RunRecordTrail[] } | null {
  const run = workspace.syncRuns.get(runId);
  if (run === undefined) return null;
  const pair = workspace.syncPairs.get(run.pairId);
  const entries = (['done', 'dead', 'held', 'pending', 'waiting', 'batched'] as const)
    .flatMap((state) => workspace.outbox.listByState(state, run.pairId))
    .filter((entry) => entry.runId === runId)
    .sort((a, b) => a.id - b.id);
  const sideOf = (connectionId: string): LinkSide =>
    pair?.accountingConnectionId === connectionId ? 'accounting' : 'erp';
  return { run, records: entries.map((entry) => trailOf(workspace, run.pairId, entry, sideOf(entry.connectionId))) };
}

function trailOf(workspace: Workspace, pairId: string, entry: OutboxEntry, targetSide: LinkSide): RunRecordTrail {
  const sourceSide: LinkSide = targetSide === 'accounting' ? 'erp' : 'accounting';
  const link =
    (entry.result && workspace.crossReferences.find(pairId, targetSide, entry.entity, entry.result.id)) ||
    (entry.source && workspace.crossReferences.find(pairId, sourceSide, entry.source.entity, entry.source.id)) ||
    undefined;
  return {
    writeId: entry.id,
    flow: entry.flowId,
    entity: entry.entity,
    operation: entry.operation,
    state: entry.state,
    targetConnectionId: entry.connectionId,
    source: entry.source && { system: entry.source.system, id: entry.source.id, number: entry.source.number ?? null },
    written: entry.result && { system: entry.result.system, id: entry.result.id, number: entry.result.number ?? null },
    error: entry.lastError,
    deadLetterId: entry.deadLetterId ?? null,
    crossReference: link === undefined ? null : linkView(link),
  };
}

function linkView(link: CrossReference): NonNullable<RunRecordTrail['crossReference']> {
  const end = (side: CrossReference['accounting']) => ({
    entity: side.entity,
    id: side.id,
    number: side.number ?? null,
  });
  return { accounting: end(link.accounting), erp: end(link.erp), linkedBy: link.linkedBy, updatedAt: link.updatedAt };
}
