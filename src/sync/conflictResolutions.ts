import { CounterpartError } from '../errors.js';
import type { PairSide } from '../mapping/compiledMapping.js';
import type { ConflictRecord } from '../store/repositories/syncConflicts.js';
import type { Workspace } from '../store/workspace.js';
import { fieldContents } from './content.js';
import type { FlowRunner } from './flowRunner.js';
import { otherSide, type PairContext, reverseFlows } from './pairContext.js';

/**
 * Conflicts a person resolves: the choice is recorded (and audited) at once; the next run writes the kept side's
 * values to the other side and carries the other side's unrelated changes back, as if each had just changed.
 */
export class ConflictResolutions {
  constructor(private readonly workspace: Workspace) {}

  resolve(id: string, request: { keep: PairSide; actor: string }): ConflictRecord {
    const { workspace } = this;
    const conflict = workspace.syncConflicts.require(id);
    if (conflict.state !== 'open') {
      throw new CounterpartError(
        'sync.conflict_resolved',
        `Sync conflict ${id} was already resolved by ${conflict.resolvedBy ?? 'someone'} (kept ${conflict.kept ?? 'a side'}).`,
        { conflict: id },
      );
    }
    return workspace.db.transaction(() => {
      const resolved = workspace.syncConflicts.resolve(id, request.keep, request.actor);
      workspace.auditLog.append({
        actor: request.actor,
        action: 'sync.conflict.resolved',
        subject: `sync-conflict/${id}`,
        before: { fields: conflict.fields },
        after: { keep: request.keep },
      });
      return resolved;
    })();
  }

  /** Queues the writes of every conflict resolved since the last run of the pair. */
  async apply(context: PairContext, runner: FlowRunner): Promise<void> {
    for (const conflict of this.workspace.syncConflicts.unapplied(context.pair.id)) {
      await this.applyOne(context, runner, conflict);
    }
  }

  private async applyOne(context: PairContext, runner: FlowRunner, conflict: ConflictRecord): Promise<void> {
    const { workspace } = this;
    const link = workspace.crossReferences.get(conflict.crossReferenceId);
    const keep = conflict.kept ?? 'accounting';
    const lose = otherSide(keep);
    const forward = link
      ? context.mapping.flows.find(
          (flow) =>
            flow.operation === 'upsert' &&
            flow.from.side === keep &&
            flow.from.entity === link[keep].entity &&
            flow.to.entity === link[lose].entity,
        )
      : undefined;
    const kept = link && this.snapshot(context, keep, link[keep].entity, link[keep].id);
    const other = link && this.snapshot(context, lose, link[lose].entity, link[lose].id);
    if (!link || !forward || kept === undefined || other === undefined) {
      workspace.syncConflicts.markApplied(conflict.id);
      return;
    }
    // The conflicting fields count as changed on the kept side only; everything else keeps its baseline.
    const golden = workspace.goldenRecords.get(link.id);
    const fields = conflict.fields.map((field) => field.field);
    const otherNow = fieldContents(other);
    const keptBaseline: Record<string, string> = { ...(golden?.[keep] as Record<string, string> | undefined) };
    const loseBaseline: Record<string, string> = golden
      ? { ...(golden[lose] as Record<string, string>) }
      : { ...otherNow };
    for (const field of fields) {
      delete keptBaseline[field];
      if (otherNow[field] === undefined) delete loseBaseline[field];
      else loseBaseline[field] = otherNow[field];
    }
    workspace.goldenRecords.save({
      crossReferenceId: link.id,
      entity: golden?.entity ?? link[keep].entity,
      merged: golden?.merged ?? {},
      accounting: keep === 'accounting' ? keptBaseline : loseBaseline,
      erp: keep === 'erp' ? keptBaseline : loseBaseline,
      owners: golden?.owners ?? forward.systemOfRecord,
    });
    const salt = `resolution:${conflict.id}`;
    if (golden) {
      for (const reverse of reverseFlows(context.mapping, forward))
        await runner.reprocess(reverse, [other], salt, () => {});
    }
    await runner.reprocess(forward, [kept], salt, () => workspace.syncConflicts.markApplied(conflict.id));
  }

  private snapshot(context: PairContext, side: PairSide, entity: string, id: string): unknown {
    const snapshot = this.workspace.recordSnapshots.get(context.connections[side].id, entity, id);
    return snapshot === undefined ? undefined : (JSON.parse(snapshot.recordJson) as unknown);
  }
}
