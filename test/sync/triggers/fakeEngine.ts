import type { Entity } from '../../../src/connectors/connector.js';
import type { SyncRun, SyncRunOptions, SyncTrigger } from '../../../src/sync/syncContract.js';
import type { SyncRunner } from '../../../src/sync/triggers/index.js';

export interface RunCall {
  readonly pairId: string;
  readonly trigger: SyncTrigger;
  /** Sorted, or undefined for a run of everything. */
  readonly entities: readonly Entity[] | undefined;
}

const FIGURES = { read: 0, written: 0, skipped: 0, failed: 0, conflicts: 0, apiCalls: 0 };

/**
 * The sync engine as far as triggers use it (`runOnce`), recording each run. Runs can be held open to test overlap,
 * and can do work (writes through a real connector) while they run.
 */
export class FakeEngine implements SyncRunner {
  readonly calls: RunCall[] = [];
  /** The most runs that were under way at the same moment. */
  maxConcurrent = 0;
  private concurrent = 0;
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  private waiters: (() => void)[] = [];

  constructor(private readonly work?: (call: RunCall, signal: AbortSignal | undefined) => Promise<void>) {}

  /** Runs that start from now on wait until release(). */
  hold(): void {
    this.gate = new Promise((resolve) => {
      this.open = resolve;
    });
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  /** Resolves once `count` runs have started. */
  started(count: number): Promise<void> {
    if (this.calls.length >= count) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (this.calls.length >= count) resolve();
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  async runOnce(pairId: string, options: SyncRunOptions = {}): Promise<SyncRun> {
    const call: RunCall = {
      pairId,
      trigger: options.trigger ?? 'manual',
      entities: options.entities ? [...options.entities].sort() : undefined,
    };
    this.calls.push(call);
    for (const waiter of this.waiters.splice(0)) waiter();
    this.concurrent += 1;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
    const startedAt = new Date().toISOString();
    try {
      if (this.gate) await abortable(this.gate, options.signal);
      await this.work?.(call, options.signal);
    } finally {
      this.concurrent -= 1;
    }
    return {
      id: `run-${this.calls.length}`,
      pairId,
      trigger: call.trigger,
      status: 'succeeded',
      startedAt,
      finishedAt: new Date().toISOString(),
      durationMs: 0,
      entities: call.entities ?? [],
      totals: FIGURES,
      byFlow: {},
      error: null,
    };
  }
}

function abortable(gate: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return gate;
  return new Promise((resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    gate.then(resolve, reject);
  });
}

/** Resolves when `find` returns something, polling briefly; rejects after a generous limit (a hang, not a timing). */
export function eventually<T>(find: () => T | undefined, limitMs = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      const found = find();
      if (found !== undefined) return resolve(found);
      if (Date.now() - started > limitMs) return reject(new Error('gave up waiting'));
      setTimeout(check, 20);
    };
    check();
  });
}
