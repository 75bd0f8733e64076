import type { Entity } from '../../connectors/connector.js';
import { CounterpartError, describeError } from '../../errors.js';
import type { SyncRun, SyncTrigger } from '../syncContract.js';
import type { SyncRunner } from './trigger.js';

export interface PairRunQueueOptions {
  readonly engine: SyncRunner;
  readonly pairId: string;
  /** Every run that finished, whatever its status. */
  readonly onRun?: ((run: SyncRun) => void) | undefined;
  /** A run that could not be carried out at all (the engine threw). */
  readonly onError?: ((error: CounterpartError) => void) | undefined;
}

/** What the next run must cover: some entities, or everything. */
interface PendingRun {
  trigger: SyncTrigger;
  entities: Set<Entity> | 'all';
  readonly waiters: (() => void)[];
}

/**
 * The runs of one pair, one at a time. Asking for a run while one is under way does not start a second: the
 * requests are merged into one follow-up run covering all of them (the union of their entities, or everything),
 * which starts when the current run ends. Every trigger of a pair shares one queue.
 */
export class PairRunQueue {
  private pending: PendingRun | undefined;
  private active: Promise<void> | undefined;
  private stopped = false;
  private readonly abort = new AbortController();

  constructor(private readonly options: PairRunQueueOptions) {}

  /** Whether a run is under way now. */
  get busy(): boolean {
    return this.active !== undefined;
  }

  /**
   * Asks for a run of these entities (all when none are named); resolves when the run that covers the request has
   * ended, or at once when the queue has stopped.
   */
  request(trigger: SyncTrigger, entities?: readonly Entity[]): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const pending = this.merge(trigger, entities);
      pending.waiters.push(resolve);
      this.active ??= this.drain();
    });
  }

  /** Resolves when no run is under way and none is waiting. */
  async idle(): Promise<void> {
    while (this.active) await this.active;
  }

  /** Takes no more requests, cancels the run under way through its signal, and waits for it to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort(
      new CounterpartError('sync.watch_stopped', 'Watching was stopped.', { pairId: this.options.pairId }),
    );
    const waiting = this.pending;
    this.pending = undefined;
    for (const resolve of waiting?.waiters ?? []) resolve();
    await this.active;
  }

  private merge(trigger: SyncTrigger, entities: readonly Entity[] | undefined): PendingRun {
    const pending = this.pending ?? { trigger, entities: new Set<Entity>(), waiters: [] };
    this.pending = pending;
    if (entities === undefined) {
      // A request for everything lends its trigger to the merged run: that is what the run will do.
      if (pending.entities !== 'all') pending.trigger = trigger;
      pending.entities = 'all';
    } else if (pending.entities !== 'all') {
      for (const entity of entities) pending.entities.add(entity);
    }
    return pending;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending && !this.stopped) {
        const next = this.pending;
        this.pending = undefined;
        try {
          await this.runOnce(next);
        } finally {
          for (const resolve of next.waiters) resolve();
        }
      }
    } finally {
      this.active = undefined;
    }
  }

  private async runOnce(next: PendingRun): Promise<void> {
    const { engine, pairId, onRun, onError } = this.options;
    try {
      const run = await engine.runOnce(pairId, {
        trigger: next.trigger,
        ...(next.entities === 'all' ? {} : { entities: [...next.entities] }),
        signal: this.abort.signal,
      });
      onRun?.(run);
    } catch (error) {
      if (this.stopped) return;
      onError?.(
        error instanceof CounterpartError
          ? error
          : new CounterpartError(
              'sync.trigger_run_failed',
              `The ${next.trigger} run of sync pair ${pairId} failed: ${describeError(error)}`,
              { pairId, trigger: next.trigger },
              { cause: error },
            ),
      );
    }
  }
}
