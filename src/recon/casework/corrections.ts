import { randomUUID } from 'node:crypto';
import { CounterpartError, describeError } from '../../errors.js';
import { RecordSource } from '../../model/recordRef.js';
import type { StoredCorrection } from '../../store/repositories/reconCorrections.js';
import type { ReconciliationRecord, ReconSide } from '../../store/repositories/reconciliations.js';
import type { StoredDecision } from '../../store/repositories/reconDecisions.js';
import type { ProposedWriteResult, SyncEngineApi } from '../../sync/syncContract.js';
import {
  type Actor,
  type Casework,
  inTransaction,
  openReconciliation,
  recordDecision,
  recordKey,
  requireApprover,
} from './casework.js';
import { correctedRecord } from './correctableFields.js';
import type { CorrectionOutcome } from './correctionOutcome.js';

export interface CorrectionResult {
  readonly decision: StoredDecision;
  readonly correction: StoredCorrection;
}

/** Proposes a new value for one field of one side's record; anyone may propose, an approver decides. */
export function proposeCorrection(
  casework: Casework,
  input: { id: string; rowKey: string; side: ReconSide; field: string; value: string; note: string },
): CorrectionResult {
  const actor = casework.actor();
  const reconciliation = openReconciliation(casework, input.id);
  const { rows, records, corrections } = casework.workspace.reconciliations;
  const row = rows.require(input.id, input.rowKey);
  const key = input.side === 'left' ? row.leftKey : row.rightKey;
  if (key === null) {
    throw new CounterpartError(
      'recon.no_record_on_side',
      `Row ${input.rowKey} has no ${input.side} record to correct.`,
      {
        reconciliationId: input.id,
        rowKey: input.rowKey,
      },
    );
  }
  const record = records.get(input.id, input.side, key);
  writableSide(reconciliation, input.side);
  const checked = correctedRecord(reconciliation.entity, record?.canonical, input.field, input.value);
  if (!checked.ok) {
    throw new CounterpartError(
      'recon.bad_correction',
      `${input.value === '' ? 'An empty value' : `"${input.value}"`} cannot be written to ${input.field} of ${key}: ${checked.reason}.`,
      { reconciliationId: input.id, rowKey: input.rowKey, field: input.field },
    );
  }
  return inTransaction(casework, input.id, () => {
    const correction = corrections.insert({
      id: randomUUID(),
      reconciliationId: input.id,
      rowKey: input.rowKey,
      side: input.side,
      recordKey: key,
      field: input.field,
      currentValue: record?.values[input.field] ?? null,
      proposedValue: input.value,
      note: input.note,
      proposedBy: actor.name,
      proposedAt: new Date().toISOString(),
    });
    const decision = recordDecision(casework, actor, {
      reconciliationId: input.id,
      kind: 'correction_proposed',
      action: 'recon.correction_proposed',
      rowKeys: [input.rowKey],
      recordKeys: [recordKey(input.side, key)],
      before: { [input.field]: correction.currentValue },
      after: { [input.field]: input.value, correctionId: correction.id, side: input.side },
      comment: input.note,
    });
    return { decision, correction };
  });
}

/**
 * An approver's decision on a proposed correction. Approved, it is written to the record's system through the sync
 * engine's outbox (idempotency key `recon:<reconciliation>:<correction>`, so a retry never writes twice) and what
 * the system said — the record written, or the dead letter it became — is kept with the correction.
 */
export async function decideCorrection(
  casework: Casework,
  input: { id: string; correctionId: string; approve: boolean; comment: string },
): Promise<CorrectionResult> {
  const actor = casework.actor();
  requireApprover(actor, input.approve ? 'approve corrections' : 'reject corrections');
  const reconciliation = openReconciliation(casework, input.id);
  const { corrections, records } = casework.workspace.reconciliations;
  const correction = corrections.require(input.id, input.correctionId);
  if (correction.state !== 'pending') {
    throw new CounterpartError(
      'recon.correction_decided',
      `Correction ${correction.id} was already ${correction.state} by ${correction.decidedBy ?? 'someone'}.`,
      { reconciliationId: input.id, correctionId: correction.id },
    );
  }
  const engine = input.approve ? requireSyncEngine(casework) : undefined;
  const decision = inTransaction(casework, input.id, () => {
    corrections.decide(input.id, correction.id, {
      state: input.approve ? 'approved' : 'rejected',
      by: actor.name,
      at: new Date().toISOString(),
      comment: input.comment,
    });
    return recordDecision(casework, actor, {
      reconciliationId: input.id,
      kind: input.approve ? 'correction_approved' : 'correction_rejected',
      action: input.approve ? 'recon.correction_approved' : 'recon.correction_rejected',
      rowKeys: [correction.rowKey],
      recordKeys: [recordKey(correction.side, correction.recordKey)],
      before: { state: 'pending', [correction.field]: correction.currentValue },
      after: {
        state: input.approve ? 'approved' : 'rejected',
        [correction.field]: correction.proposedValue,
        correctionId: correction.id,
      },
      comment: input.comment || null,
    });
  });
  if (engine) {
    const record = records.get(input.id, correction.side, correction.recordKey);
    const outcome = await writeCorrection(engine, reconciliation, correction, record?.canonical, actor);
    inTransaction(casework, input.id, () => {
      corrections.recordOutcome(input.id, correction.id, outcome);
      const entry = casework.workspace.auditLog.append({
        actor: actor.name,
        action: outcome.state === 'written' ? 'recon.correction_written' : 'recon.correction_failed',
        subject: `reconciliation:${input.id}/correction:${correction.id}`,
        after: outcome,
      });
      casework.listeners.audited(entry);
    });
  }
  return { decision, correction: corrections.require(input.id, correction.id) };
}

async function writeCorrection(
  engine: SyncEngineApi,
  reconciliation: ReconciliationRecord,
  correction: StoredCorrection,
  original: unknown,
  actor: Actor,
): Promise<CorrectionOutcome> {
  const side = reconciliation[correction.side];
  const checked = correctedRecord(reconciliation.entity, original, correction.field, correction.proposedValue);
  if (!checked.ok || side.connectionId === null) {
    return { state: 'failed', message: checked.ok ? 'The record was not read through a connection.' : checked.reason };
  }
  const source = RecordSource.safeParse((original as { source?: unknown }).source);
  let result: ProposedWriteResult;
  try {
    result = await engine.submitWrite({
      connectionId: side.connectionId,
      entity: reconciliation.entity,
      operation: 'update',
      target: source.success
        ? { system: source.data.system, id: source.data.id, number: source.data.number }
        : undefined,
      record: checked.record,
      idempotencyKey: `recon:${reconciliation.id}:${correction.id}`,
      actor: actor.name,
      reason: `Reconciliation correction of ${correction.field}: ${correction.note}`,
    });
  } catch (error) {
    return { state: 'failed', message: describeError(error) };
  }
  return result.state === 'written'
    ? { state: 'written', system: result.ref.system, recordId: result.ref.id }
    : { state: 'dead_lettered', deadLetterId: result.deadLetterId, message: result.message };
}

function writableSide(reconciliation: ReconciliationRecord, side: ReconSide): void {
  if (reconciliation[side].kind !== 'connection') {
    throw new CounterpartError(
      'recon.not_correctable',
      `The ${side} side was read from the file ${reconciliation[side].label}, so its records cannot be written back; correct them in the system the file came from.`,
      { reconciliationId: reconciliation.id, side },
    );
  }
}

function requireSyncEngine(casework: Casework): SyncEngineApi {
  const engine = casework.syncEngine();
  if (!engine) {
    throw new CounterpartError(
      'recon.sync_unavailable',
      'Approved corrections are written through the sync engine, which is not running in this console; nothing was changed.',
    );
  }
  return engine;
}
