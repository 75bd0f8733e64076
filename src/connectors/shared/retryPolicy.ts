import type { CallStatisticsRecorder } from './callStatistics.js';
import { type Clock, systemClock } from './clock.js';
import { ConnectorError } from './connectorError.js';

export interface RetryOptions {
  /** Attempts in all, the first included. Default 5. */
  readonly maxAttempts?: number | undefined;
  /** The first backoff ceiling; doubles per attempt. Default 500 ms. */
  readonly baseDelayMs?: number | undefined;
  /** The longest backoff between attempts when the system gave no Retry-After. Default 30 s. */
  readonly maxDelayMs?: number | undefined;
  /**
   * The longest Retry-After waited for. A longer one is not waited for: the error goes to the caller (a spent daily
   * allowance stops the sync rather than holding it). Default 15 minutes, like the rate governor's longest pause.
   */
  readonly maxRetryAfterMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly clock?: Clock | undefined;
  /** A number in [0, 1); injectable so tests can pin the jitter. */
  readonly random?: (() => number) | undefined;
  readonly statistics?: CallStatisticsRecorder | undefined;
  /** Told before each wait, e.g. to log "retrying in 4 s". */
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
}

export interface RetryEvent {
  readonly error: ConnectorError;
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  readonly delayMs: number;
}

/**
 * The wait before the next attempt: the system's Retry-After when it gave one, otherwise "full jitter" — a random
 * wait between 0 and min(maxDelay, base × 2^(attempt−1)) — so that many clients failing together do not retry
 * together. Undefined when the error must not be retried (or its Retry-After is longer than we are willing to wait).
 */
export function retryDelay(
  error: ConnectorError,
  attempt: number,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs' | 'random'> = {},
): number | undefined {
  if (!error.retryable) return undefined;
  if (error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= (options.maxRetryAfterMs ?? 15 * 60_000) ? error.retryAfterMs : undefined;
  }
  const ceiling = Math.min(options.maxDelayMs ?? 30_000, (options.baseDelayMs ?? 500) * 2 ** (attempt - 1));
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

/**
 * Runs `operation`, retrying `ConnectorError`s that are retryable (transient, rate_limit). Anything else — other
 * kinds, foreign errors, an aborted signal — goes straight to the caller. p-retry is not used because it cannot wait
 * exactly the system's Retry-After (its own backoff timer always runs too) and has no full jitter.
 */
export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  const clock = options.clock ?? systemClock;
  for (let attempt = 1; ; attempt += 1) {
    options.signal?.throwIfAborted();
    try {
      return await operation(attempt);
    } catch (error) {
      if (!(error instanceof ConnectorError) || attempt >= maxAttempts || options.signal?.aborted) throw error;
      const delayMs = retryDelay(error, attempt, options);
      if (delayMs === undefined) throw error;
      options.statistics?.countRetry();
      options.onRetry?.({ error, attempt, delayMs });
      await clock.sleep(delayMs, options.signal);
    }
  }
}
