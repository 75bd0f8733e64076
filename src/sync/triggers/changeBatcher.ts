import type { Entity } from '../../connectors/connector.js';
import { type Clock, systemClock } from '../../connectors/shared/clock.js';
import type { OwnWriteCheck } from './trigger.js';

export interface ChangeBatcherOptions {
  /** Quiet time after the last change before the batch is handed on. */
  readonly debounceMs: number;
  /** Longest a batch waits from its first change, so a steady stream of changes still gets synced. */
  readonly maxWaitMs: number;
  readonly onBatch: (entities: Entity[]) => void;
  /**
   * Records the engine has just written. Asked when the batch is handed on rather than when a change arrives: a
   * notification can overtake the answer to the write that caused it, before the engine knows the record's id.
   */
  readonly isOwnWrite?: OwnWriteCheck | undefined;
  readonly clock?: Clock | undefined;
}

/** The records changed per entity; 'unknown' when a notification could not say which (a gap, a bare category). */
type Changed = Map<Entity, Set<string> | 'unknown'>;

/**
 * Debounces change notifications: the entities changed in a burst (a user saving many records, a bulk import) are
 * handed on once, after a quiet spell or at the latest `maxWaitMs` after the first, as one set — leaving out an
 * entity whose every changed record the engine wrote itself (an echo of its own writes).
 */
export class ChangeBatcher {
  private changed: Changed = new Map();
  private firstAt: number | undefined;
  private wait: AbortController | undefined;
  private readonly clock: Clock;

  constructor(private readonly options: ChangeBatcherOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Notes a change of these records of an entity (of unknown records when none are named). */
  add(entity: Entity, recordIds: readonly string[] = []): void {
    const known = this.changed.get(entity) ?? new Set<string>();
    if (known === 'unknown' || recordIds.length === 0) this.changed.set(entity, 'unknown');
    else {
      for (const id of recordIds) known.add(id);
      this.changed.set(entity, known);
    }
    this.restartWait();
  }

  /** Drops what is waiting; nothing more is handed on. */
  stop(): void {
    this.wait?.abort();
    this.wait = undefined;
    this.changed = new Map();
    this.firstAt = undefined;
  }

  private restartWait(): void {
    const now = this.clock.now();
    this.firstAt ??= now;
    const delay = Math.max(0, Math.min(this.options.debounceMs, this.firstAt + this.options.maxWaitMs - now));
    this.wait?.abort();
    const wait = new AbortController();
    this.wait = wait;
    this.clock.sleep(delay, wait.signal).then(
      () => {
        if (this.wait === wait) this.flush();
      },
      () => undefined,
    );
  }

  private flush(): void {
    const changed = this.changed;
    this.changed = new Map();
    this.firstAt = undefined;
    this.wait = undefined;
    const entities = [...changed].filter(([entity, ids]) => !this.allOwn(entity, ids)).map(([entity]) => entity);
    if (entities.length > 0) this.options.onBatch(entities);
  }

  private allOwn(entity: Entity, ids: Set<string> | 'unknown'): boolean {
    const { isOwnWrite } = this.options;
    if (isOwnWrite === undefined || ids === 'unknown') return false;
    return [...ids].every((id) => isOwnWrite(entity, id));
  }
}
