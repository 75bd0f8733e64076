import { type Clock, systemClock } from '../../connectors/shared/clock.js';
import type { PairRunQueue } from './runQueue.js';
import type { Trigger } from './trigger.js';

export interface PollingTriggerOptions {
  readonly queue: PairRunQueue;
  /** Seconds from the end of one scheduled run to the start of the next (per pair). */
  readonly intervalSeconds: number;
  /** Run at once on start (the default), or first wait one interval. */
  readonly runAtStart?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly clock?: Clock | undefined;
}

/**
 * Scheduled runs of every entity: one now, then one `intervalSeconds` after each run ends, so a slow run is never
 * overlapped by the next. What each run reads is the incremental readers' business (cursor and look-back window).
 */
export function startPollingTrigger(options: PollingTriggerOptions): Trigger {
  const clock = options.clock ?? systemClock;
  const stopping = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stopping.signal]) : stopping.signal;
  const intervalMs = options.intervalSeconds * 1000;
  const loop = (async () => {
    try {
      if (options.runAtStart === false) await clock.sleep(intervalMs, signal);
      while (!signal.aborted) {
        await options.queue.request('schedule');
        await clock.sleep(intervalMs, signal);
      }
    } catch (error) {
      // An aborted sleep is how the loop ends; anything else is a bug worth seeing.
      if (!signal.aborted) throw error;
    }
  })();
  return {
    stop: async () => {
      stopping.abort();
      await loop;
    },
  };
}
