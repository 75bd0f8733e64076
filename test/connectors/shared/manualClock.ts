import type { Clock } from '../../../src/connectors/shared/clock.js';

/** A clock that moves only when the test says, so minutes and days pass instantly. */
export class ManualClock implements Clock {
  private sleepers: { at: number; resolve: () => void }[] = [];
  /** Every wait asked for, in milliseconds. */
  readonly sleeps: number[] = [];

  constructor(private time: number = Date.parse('2024-05-31T09:00:00Z')) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      this.sleepers.push({ at: this.time + ms, resolve });
    });
  }

  /** Moves time on, waking the sleepers that are due, and lets their continuations run. */
  async advance(ms: number): Promise<void> {
    this.time += ms;
    const due = this.sleepers.filter((sleeper) => sleeper.at <= this.time);
    this.sleepers = this.sleepers.filter((sleeper) => sleeper.at > this.time);
    for (const sleeper of due) sleeper.resolve();
    await settle();
  }
}

/** Lets pending promise continuations and queued tasks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A clock whose sleeps return at once (time jumps), for retry loops. */
export class InstantClock implements Clock {
  readonly sleeps: number[] = [];
  private time = Date.parse('2024-05-31T09:00:00Z');

  now(): number {
    return this.time;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.time += ms;
  }
}
