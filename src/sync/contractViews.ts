import type { Entity } from '../connectors/connector.js';
import type { RecordRef, SystemName } from '../model/index.js';
import type { DeadLetterRecord } from '../store/repositories/deadLetters.js';
import type { OutboxSource } from '../store/repositories/outbox.js';
import type { ConflictRecord } from '../store/repositories/syncConflicts.js';
import type { SyncPairRow } from '../store/repositories/syncPairs.js';
import type { RunRecord } from '../store/repositories/syncRuns.js';
import type { DeadLetter, SyncConflict, SyncPair, SyncRun, SyncTrigger } from './syncContract.js';

/** Stored rows as the contract shows them to the console API, the CLI and the other engines. */
export function pairView(row: SyncPairRow): SyncPair {
  return { ...row };
}

export function runView(row: RunRecord): SyncRun {
  return {
    id: row.id,
    pairId: row.pairId,
    trigger: row.trigger as SyncTrigger,
    status: row.status,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    durationMs: row.durationMs,
    entities: row.entities as Entity[],
    totals: row.totals,
    byFlow: row.byFlow,
    error: row.error,
  };
}

export function deadLetterView(row: DeadLetterRecord): DeadLetter {
  const source = row.source as OutboxSource | null;
  return {
    id: row.id,
    pairId: row.pairId ?? '',
    flow: row.flowId,
    entity: row.entity as Entity,
    targetConnectionId: row.targetConnectionId,
    source: source === null ? null : refOf(source),
    payload: row.payload,
    errorClass: row.errorClass,
    errorCode: row.errorCode,
    systemMessage: row.systemMessage,
    attempts: row.attempts,
    state: row.state,
    createdAt: row.createdAt,
    resolvedBy: row.resolvedBy,
    resolvedAt: row.resolvedAt,
    note: row.note,
  };
}

export function conflictView(row: ConflictRecord): SyncConflict {
  return {
    id: row.id,
    pairId: row.pairId,
    flow: row.flowId,
    entity: row.entity as Entity,
    accounting: refOf(row.accounting),
    erp: refOf(row.erp),
    fields: row.fields,
    detectedAt: row.detectedAt,
    state: row.state,
  };
}

function refOf(ref: { system: string; id: string; number?: string | undefined }): RecordRef {
  return { system: ref.system as SystemName, id: ref.id, ...(ref.number === undefined ? {} : { number: ref.number }) };
}
