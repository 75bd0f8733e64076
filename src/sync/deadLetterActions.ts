import type { CanonicalRecords, Entity } from '../connectors/connector.js';
import { CounterpartError } from '../errors.js';
import { CANONICAL_SCHEMAS } from '../mapping/canonicalSchemas.js';
import type { MappingContext } from '../mapping/compiledMapping.js';
import { parseRecord, type RecordRef } from '../model/index.js';
import type { DeadLetterRecord } from '../store/repositories/deadLetters.js';
import type { OutboxEntry } from '../store/repositories/outbox.js';
import type { Workspace } from '../store/workspace.js';
import { withoutSource } from './content.js';
import { deadLetterView } from './contractViews.js';
import { entityLabel } from './entityLabel.js';
import { invalidRecordFailure, mappingFailure, type WriteFailure } from './failures.js';
import { recordDeadLetter } from './outboxSender.js';
import { counterpartOf, type PairContext } from './pairContext.js';
import type { DeadLetter } from './syncContract.js';
import { replayKey } from './writeKeys.js';

export interface DeadLetterActionsOptions {
  readonly workspace: Workspace;
  readonly context: (pairId: string) => Promise<PairContext>;
  readonly drain: (connectionIds: readonly string[]) => Promise<void>;
  readonly today: () => string;
}

/**
 * What a person does with a dead letter: send it again (as it was, edited, or mapped again once the mapping was
 * fixed) or close it with a note. Each action is in the audit trail with its actor.
 */
export class DeadLetterActions {
  constructor(private readonly options: DeadLetterActionsOptions) {}

  async replay(id: string, request: { payload?: unknown; actor: string }): Promise<DeadLetter> {
    const { workspace } = this.options;
    const letter = this.requireOpen(id);
    const original = workspace.outbox.require(letter.outboxId);
    const prepared = await this.payloadFor(letter, original, request.payload);
    const replay = workspace.deadLetters.countReplay(id);
    workspace.db.transaction(() => {
      const { entry } = workspace.outbox.enqueue({
        idempotencyKey: replayKey(id, replay),
        pairId: original.pairId,
        flowId: original.flowId,
        runId: null,
        connectionId: original.connectionId,
        entity: original.entity,
        operation: original.operation,
        target: original.target,
        payload: prepared.ok ? prepared.record : letter.payload,
        fields: original.fields,
        source: original.source,
        sourceRecord: original.sourceRecord,
        actor: request.actor,
        reason: 'replay',
        deadLetterId: id,
      });
      workspace.auditLog.append({
        actor: request.actor,
        action: 'sync.dead_letter.replayed',
        subject: `dead-letter/${id}`,
        before: { payload: letter.payload, errorCode: letter.errorCode, systemMessage: letter.systemMessage },
        after: { payload: prepared.ok ? prepared.record : null, edited: request.payload !== undefined },
      });
      if (!prepared.ok) recordDeadLetter(workspace, { ...entry, attempts: 1 }, id, prepared.failure);
    })();
    if (prepared.ok) await this.options.drain([original.connectionId]);
    return deadLetterView(workspace.deadLetters.require(id));
  }

  resolve(id: string, request: { note: string; actor: string }): DeadLetter {
    const { workspace } = this.options;
    const letter = this.requireOpen(id);
    return workspace.db.transaction(() => {
      const closed = workspace.deadLetters.close(id, 'resolved', request.actor, request.note);
      workspace.auditLog.append({
        actor: request.actor,
        action: 'sync.dead_letter.resolved',
        subject: `dead-letter/${id}`,
        before: { state: letter.state, errorCode: letter.errorCode, systemMessage: letter.systemMessage },
        after: { state: 'resolved' },
        comment: request.note,
      });
      return deadLetterView(closed);
    })();
  }

  private requireOpen(id: string): DeadLetterRecord {
    const letter = this.options.workspace.deadLetters.require(id);
    if (letter.state !== 'open') {
      throw new CounterpartError(
        'sync.dead_letter_closed',
        `Dead letter ${id} is already ${letter.state}${letter.resolvedBy ? ` (by ${letter.resolvedBy})` : ''}: only open ones can be replayed or resolved.`,
        { deadLetter: id, state: letter.state },
      );
    }
    return letter;
  }

  /**
   * The record to send: the edited payload (validated against the entity's schema, refused at once when invalid),
   * the source mapped again for a mapping failure (the mapping or its lookups may have been fixed), or the payload
   * as it was refused.
   */
  private async payloadFor(
    letter: DeadLetterRecord,
    original: OutboxEntry,
    edited: unknown,
  ): Promise<{ ok: true; record: unknown } | { ok: false; failure: WriteFailure }> {
    const entity = letter.entity as Entity;
    if (edited !== undefined) {
      return {
        ok: true,
        record: parseRecord(CANONICAL_SCHEMAS[entity], withoutSource(edited), `The edited ${entityLabel(entity)}`, {
          deadLetter: letter.id,
        }),
      };
    }
    if (letter.errorClass !== 'mapping' || original.pairId === null || original.flowId === null) {
      return { ok: true, record: letter.payload };
    }
    const context = await this.options.context(original.pairId);
    const flow = context.mapping.flow(original.flowId);
    if (flow === undefined) return { ok: true, record: letter.payload };
    const mappingContext: MappingContext = {
      systems: context.systems,
      today: this.options.today(),
      counterpartOf: (target: Entity, source: RecordRef) =>
        counterpartOf(this.options.workspace, context, target, source),
    };
    const outcome = await flow.map(original.sourceRecord as CanonicalRecords[Entity], mappingContext);
    if (outcome.kind === 'failed') return { ok: false, failure: mappingFailure(outcome.failure) };
    if (outcome.kind === 'skipped')
      return {
        ok: false,
        failure: mappingFailure({ code: 'mapping.skipped', message: outcome.reason, flow: flow.id }),
      };
    try {
      return {
        ok: true,
        record: parseRecord(
          CANONICAL_SCHEMAS[flow.to.entity],
          withoutSource(outcome.record),
          `The mapped ${entityLabel(flow.to.entity)}`,
        ),
      };
    } catch (error) {
      return { ok: false, failure: invalidRecordFailure(error) };
    }
  }
}
