import type { RecordRef } from '../model/index.js';
import type { LinkEnd } from '../store/repositories/crossReferences.js';
import type { OutboxEntry } from '../store/repositories/outbox.js';
import type { Workspace } from '../store/workspace.js';
import { contentHash, fieldContents, fieldValue } from './content.js';
import type { PairContext } from './pairContext.js';

/**
 * What a confirmed sync write changes besides the outbox, in the same transaction: the link between the source
 * record and the record written (so the next version becomes an update, and the next read of our own write is
 * recognised by its content hash), the golden record's baselines, and the release of a newer version waiting behind.
 */
export function recordWritten(workspace: Workspace, context: PairContext, entry: OutboxEntry, ref: RecordRef): void {
  const flow = entry.flowId === null ? undefined : context.mapping.flow(entry.flowId);
  const source = entry.source;
  if (flow === undefined || source === null) return;
  if (flow.operation !== 'update') {
    const sourceEnd: LinkEnd = {
      entity: flow.from.entity,
      id: source.id,
      number: source.number,
      version: source.version,
      hash: contentHash(entry.sourceRecord),
    };
    const targetEnd: LinkEnd = {
      entity: flow.to.entity,
      id: ref.id,
      number: ref.number ?? entry.target?.number,
      hash: contentHash(entry.payload),
    };
    const [accounting, erp] = flow.from.side === 'accounting' ? [sourceEnd, targetEnd] : [targetEnd, sourceEnd];
    const link = workspace.crossReferences.link(context.pair.id, accounting, erp, 'write');
    if (flow.operation === 'upsert') {
      const sourceFields = fieldContents(entry.sourceRecord);
      const targetFields = fieldContents(entry.payload);
      workspace.goldenRecords.save({
        crossReferenceId: link.id,
        entity: flow.to.entity,
        merged: Object.fromEntries(Object.keys(targetFields).map((field) => [field, fieldValue(targetFields, field)])),
        accounting: flow.from.side === 'accounting' ? sourceFields : targetFields,
        erp: flow.from.side === 'erp' ? sourceFields : targetFields,
        owners: flow.systemOfRecord,
      });
    }
  }
  releaseWaiting(workspace, context, entry, ref);
}

/**
 * Lets the next version of the same source record go once this write is settled; a create waiting behind a create
 * becomes an update of the record the first one made.
 */
export function releaseWaiting(
  workspace: Workspace,
  context: PairContext,
  entry: OutboxEntry,
  ref: RecordRef | undefined,
): void {
  if (entry.pairId === null || entry.flowId === null || entry.source === null) return;
  const next = workspace.outbox.releaseNext(entry.pairId, entry.flowId, entry.source.id);
  if (next === undefined || next.operation !== 'create' || ref === undefined) return;
  const flow = context.mapping.flow(entry.flowId);
  if (flow?.operation === 'create') {
    // Transactions are written once: the newer version of a document already created is not sent again.
    workspace.outbox.hold([next.id]);
    releaseWaiting(workspace, context, entry, ref);
    return;
  }
  workspace.outbox.revise(next.id, {
    operation: 'update',
    target: { system: ref.system, id: ref.id, number: ref.number },
  });
}
