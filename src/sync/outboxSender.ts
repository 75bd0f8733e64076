import { randomUUID } from 'node:crypto';
import type { Connector, Entity, WriteOutcome, WriteRequest } from '../connectors/connector.js';
import type { Clock } from '../connectors/shared/clock.js';
import { retryDelay } from '../connectors/shared/retryPolicy.js';
import { CounterpartError } from '../errors.js';
import type { RecordRef } from '../model/index.js';
import type { OutboxBatch, OutboxEntry } from '../store/repositories/outbox.js';
import type { Workspace } from '../store/workspace.js';
import { businessKeyOf, findByBusinessKey } from './existingRecords.js';
import { connectorFailure, type WriteFailure } from './failures.js';

export interface RetrySettings {
  /** Attempts per write, the first included, before a transient failure goes to the dead-letter queue. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly random?: (() => number) | undefined;
}

export const DEFAULT_RETRY: RetrySettings = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000 };

export type SendOutcome = 'written' | 'retrying' | 'dead_lettered';

/** What the engine does around each confirmed or refused write, inside the transaction that records it. */
export interface SendHooks {
  written(entry: OutboxEntry, ref: RecordRef, created: boolean): void;
  deadLettered(entry: OutboxEntry, deadLetterId: string, failure: WriteFailure): void;
  /** Told after each entry is settled, outside the transaction (figures, progress). */
  settled?(entry: OutboxEntry, outcome: SendOutcome): void;
  /** Told after each call, with the API calls it took (retries included). */
  sent?(batch: OutboxBatch, apiCalls: number): void;
}

export interface SenderOptions {
  readonly workspace: Workspace;
  readonly connectorFor: (connectionId: string) => Connector;
  readonly clock: Clock;
  readonly retry: RetrySettings;
  readonly hooks: SendHooks;
}

/**
 * Sends what the outbox holds for some connections: first the batches a crash left open, exactly as recorded, then
 * new batches of the target's write size recorded before they are sent, until nothing is due; waits out the backoff
 * of writes that failed transiently. Stops between batches when the signal aborts (nothing is lost: the rest stays
 * queued), and at once when a system refuses our credentials (every write to it would fail the same way).
 */
export class OutboxSender {
  constructor(private readonly options: SenderOptions) {}

  async drain(
    connectionIds: readonly string[],
    options: { recover?: readonly string[] | undefined; signal?: AbortSignal | undefined } = {},
  ): Promise<void> {
    const { workspace, clock } = this.options;
    const { signal } = options;
    for (const batch of workspace.outbox.openBatches(options.recover ?? [])) {
      signal?.throwIfAborted();
      await this.send(batch, true);
    }
    for (;;) {
      const groups = workspace.outbox.readyGroups(connectionIds);
      let sent = 0;
      for (const group of groups) {
        const size = this.batchSize(group.connectionId, group.entity as Entity);
        for (;;) {
          signal?.throwIfAborted();
          const batch = workspace.outbox.formBatch(group, size, new Date(clock.now()).toISOString());
          if (!batch) break;
          await this.send(batch);
          sent += 1;
        }
      }
      const next = workspace.outbox.nextRetryAt(connectionIds);
      if (next === undefined) return;
      if (sent === 0) {
        const waitMs = next === null ? 0 : Math.max(0, Date.parse(next) - clock.now());
        await clock.sleep(waitMs, signal);
      }
    }
  }

  private batchSize(connectionId: string, entity: Entity): number {
    return Math.max(1, this.options.connectorFor(connectionId).capabilities[entity]?.writeBatchSize ?? 1);
  }

  /** `recovered`: a batch a crash left open, so every write in it may already have reached the system. */
  private async send(batch: OutboxBatch, recovered = false): Promise<void> {
    if (batch.entries.length === 0) {
      this.options.workspace.outbox.closeBatch(batch.id);
      return;
    }
    const connector = this.options.connectorFor(batch.connectionId);
    let results: WriteResult[];
    const callsBefore = connector.statistics().calls;
    try {
      const outcomes = await connector.write(batch.entity as Entity, batch.entries.map(requestOf));
      results = batch.entries.map((entry, index) => resultOf(entry, outcomes[index]));
    } catch (error) {
      const failure = connectorFailure(error);
      results = batch.entries.map(() => ({ ok: false, failure }));
    }
    results = await linkWrittenBefore(connector, batch, results, recovered);
    this.options.hooks.sent?.(batch, connector.statistics().calls - callsBefore);
    const halting = results.find((result) => !result.ok && result.failure.haltsConnection);
    if (halting && !halting.ok) {
      // Left as recorded: the same batch goes out again once the connection signs in.
      throw halting.failure.error ?? new CounterpartError(halting.failure.errorCode, halting.failure.systemMessage);
    }
    const settled = this.record(batch, results);
    for (const [entry, outcome] of settled) this.options.hooks.settled?.(entry, outcome);
  }

  /** Records every outcome of one batch in one transaction: done, retry later, or dead letter. */
  private record(batch: OutboxBatch, results: readonly WriteResult[]): [OutboxEntry, SendOutcome][] {
    const { workspace, hooks } = this.options;
    const settled: [OutboxEntry, SendOutcome][] = [];
    workspace.db.transaction(() => {
      batch.entries.forEach((entry, index) => {
        const result = results[index] as WriteResult;
        const attempts = entry.attempts + 1;
        if (result.ok) {
          workspace.outbox.complete(entry.id, result.ref, attempts);
          hooks.written({ ...entry, attempts }, result.ref, result.created);
          settled.push([entry, 'written']);
          return;
        }
        const { failure } = result;
        const delay =
          failure.retryable && failure.error ? retryDelay(failure.error, attempts, this.options.retry) : undefined;
        if (delay !== undefined && attempts < this.options.retry.maxAttempts) {
          const notBefore = new Date(this.options.clock.now() + delay).toISOString();
          workspace.outbox.retryLater(entry.id, attempts, notBefore, failure.systemMessage);
          settled.push([entry, 'retrying']);
          return;
        }
        const deadLetterId = entry.deadLetterId ?? randomUUID();
        recordDeadLetter(workspace, { ...entry, attempts }, deadLetterId, failure);
        hooks.deadLettered({ ...entry, attempts }, deadLetterId, failure);
        settled.push([entry, 'dead_lettered']);
      });
      workspace.outbox.closeBatch(batch.id);
    })();
    return settled;
  }
}

/**
 * A create the system refuses as a duplicate, when an earlier attempt of it may have reached the system (a batch a
 * crash left open, a retry after a timeout), is our own earlier write: found by its business key, it is linked as
 * written rather than dead-lettered. Past a system's idempotency window (Xero: minutes) this is the only way back.
 */
async function linkWrittenBefore(
  connector: Connector,
  batch: OutboxBatch,
  results: WriteResult[],
  recovered: boolean,
): Promise<WriteResult[]> {
  const entity = batch.entity as Entity;
  const keyOf = (index: number): string | undefined => {
    const entry = batch.entries[index] as OutboxEntry;
    const result = results[index] as WriteResult;
    const mayHaveReached = recovered || entry.attempts > 0;
    if (result.ok || result.failure.errorClass !== 'duplicate' || entry.operation !== 'create' || !mayHaveReached) {
      return undefined;
    }
    return businessKeyOf(entity, entry.payload);
  };
  const keys = new Set(results.map((_, index) => keyOf(index)).filter((key): key is string => key !== undefined));
  if (keys.size === 0) return results;
  const found = await findByBusinessKey(connector, entity, keys).catch(() => new Map<string, RecordRef>());
  return results.map((result, index) => {
    const ref = found.get(keyOf(index) ?? '');
    return ref === undefined ? result : { ok: true, ref, created: false };
  });
}

type WriteResult =
  | { readonly ok: true; readonly ref: RecordRef; readonly created: boolean }
  | { readonly ok: false; readonly failure: WriteFailure };

function resultOf(entry: OutboxEntry, outcome: WriteOutcome | undefined): WriteResult {
  if (outcome === undefined) {
    return {
      ok: false,
      failure: connectorFailure(
        new CounterpartError(
          'sync.write_unanswered',
          `The connector gave no outcome for the write ${entry.idempotencyKey} of a ${entry.entity} record.`,
          { idempotencyKey: entry.idempotencyKey },
        ),
      ),
    };
  }
  return outcome.ok
    ? { ok: true, ref: outcome.ref, created: outcome.created }
    : { ok: false, failure: connectorFailure(outcome.error) };
}

/** Puts an outbox entry in the dead-letter queue (or back, for a replay refused again). */
export function recordDeadLetter(
  workspace: Workspace,
  entry: OutboxEntry,
  deadLetterId: string,
  failure: WriteFailure,
): void {
  const refusal = {
    payload: entry.payload,
    errorClass: failure.errorClass,
    errorCode: failure.errorCode,
    systemMessage: failure.systemMessage,
    attempts: entry.attempts,
  };
  if (entry.deadLetterId !== undefined && workspace.deadLetters.get(entry.deadLetterId)) {
    workspace.deadLetters.refusedAgain(entry.deadLetterId, refusal, entry.id);
  } else {
    workspace.deadLetters.add({
      id: deadLetterId,
      pairId: entry.pairId,
      flowId: entry.flowId ?? 'submitted',
      entity: entry.entity,
      targetConnectionId: entry.connectionId,
      source: entry.source,
      outboxId: entry.id,
      ...refusal,
    });
  }
  workspace.outbox.deadLettered(entry.id, entry.attempts, deadLetterId, failure.systemMessage);
}

function requestOf(entry: OutboxEntry): WriteRequest<Entity> {
  return {
    idempotencyKey: entry.idempotencyKey,
    operation: entry.operation,
    record: entry.payload as WriteRequest<Entity>['record'],
    ...(entry.target === null ? {} : { target: entry.target as RecordRef }),
  };
}
