import PQueue from 'p-queue';
import type { SystemName } from '../../model/index.js';
import { CallStatisticsRecorder } from './callStatistics.js';
import { type Clock, systemClock } from './clock.js';
import { ConnectorError } from './connectorError.js';
import { displayName } from './systemNames.js';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Published limits of one connection; an absent limit is not enforced locally. */
export interface RateLimits {
  /** Calls in flight at once (Xero: 5). */
  readonly concurrency?: number | undefined;
  /** Calls per rolling minute (Xero: 60). */
  readonly perMinute?: number | undefined;
  /** Calls per rolling 24 hours (Xero: 5,000 per tenant; Salesforce: the org's allowance). */
  readonly perDay?: number | undefined;
}

/** What a response said about the quota, in numbers a connector reads from its system's own headers. */
export interface QuotaReport {
  readonly remainingThisMinute?: number | undefined;
  readonly remainingToday?: number | undefined;
  /** The system's Retry-After, in milliseconds (see `parseRetryAfter`). */
  readonly retryAfterMs?: number | undefined;
  /** Which limit a Retry-After is about, when the system says (Xero's X-Rate-Limit-Problem: minute, day). */
  readonly limit?: 'minute' | 'day' | 'concurrent' | undefined;
  /** Whether the response was a rate-limit refusal (HTTP 429); assumed when a Retry-After is given and this is not. */
  readonly rateLimited?: boolean | undefined;
}

export interface RateGovernorOptions {
  readonly system: SystemName;
  /** Named in the daily-limit message and context. */
  readonly connectionId?: string | undefined;
  readonly limits?: RateLimits | undefined;
  readonly clock?: Clock | undefined;
  readonly statistics?: CallStatisticsRecorder | undefined;
  /**
   * A Retry-After longer than this is treated like a spent daily allowance: calls fail fast with the resume time
   * instead of holding the sync for hours. Default 15 minutes.
   */
  readonly maxPauseMs?: number | undefined;
  /** When the system says the day's allowance is spent but not when it returns, try again after this. Default 1 hour. */
  readonly dailyRetryMs?: number | undefined;
}

export interface GovernorState {
  /** Calls started in the last rolling 24 hours. */
  readonly callsToday: number;
  /** When a Retry-After pause ends, as an ISO instant. */
  readonly pausedUntil: string | undefined;
  /** When calls may resume after the daily allowance was spent, as an ISO instant. */
  readonly dailyLimitUntil: string | undefined;
  readonly queued: number;
  readonly inFlight: number;
}

/**
 * One per connection: paces calls under the system's published limits (p-queue for concurrency and the rolling
 * minute), keeps a rolling 24-hour budget of its own, pauses for Retry-After, and once the day's allowance is spent
 * fails every call at once with the time it resumes — a sync stops cleanly rather than hanging until tomorrow.
 */
export class RateGovernor {
  private readonly queue: PQueue;
  private readonly clock: Clock;
  private readonly recorder: CallStatisticsRecorder;
  private readonly maxPauseMs: number;
  private readonly dailyRetryMs: number;
  /** Calls started per minute (epoch minute → count), for the rolling day; at most 1,440 entries. */
  private readonly minuteBuckets = new Map<number, number>();
  private pauseUntil = 0;
  private dailyUntil = 0;
  private reportedToday: { remaining: number; callsAtReport: number } | undefined;
  private startedCalls = 0;

  constructor(private readonly options: RateGovernorOptions) {
    const limits = options.limits ?? {};
    this.clock = options.clock ?? systemClock;
    this.recorder = options.statistics ?? new CallStatisticsRecorder();
    this.maxPauseMs = options.maxPauseMs ?? 15 * MINUTE_MS;
    this.dailyRetryMs = options.dailyRetryMs ?? 60 * MINUTE_MS;
    this.queue = new PQueue({
      concurrency: limits.concurrency ?? Number.POSITIVE_INFINITY,
      ...(limits.perMinute === undefined ? {} : { intervalCap: limits.perMinute, interval: MINUTE_MS, strict: true }),
    });
  }

  get statistics(): CallStatisticsRecorder {
    return this.recorder;
  }

  /**
   * Runs one API call when the limits allow. Rejects at once with a `rate_limit` ConnectorError while the daily
   * allowance is spent; an aborted signal removes a waiting call from the queue.
   */
  async run<T>(
    call: (signal: AbortSignal | undefined) => Promise<T>,
    options: { signal?: AbortSignal } = {},
  ): Promise<T> {
    this.throwIfDailyLimitReached();
    return this.queue.add(
      async () => {
        this.throwIfDailyLimitReached();
        this.countStart();
        return call(options.signal);
      },
      { signal: options.signal },
    );
  }

  /** Feeds what a response said about the quota: remaining counts and Retry-After. */
  noteResponse(report: QuotaReport): void {
    const now = this.clock.now();
    if (report.remainingThisMinute !== undefined) this.recorder.setRemaining('minute', report.remainingThisMinute);
    if (report.remainingToday !== undefined) {
      this.reportedToday = { remaining: report.remainingToday, callsAtReport: this.startedCalls };
      this.recorder.setRemaining('day', report.remainingToday);
    }
    if (report.rateLimited ?? report.retryAfterMs !== undefined) this.recorder.countRateLimited();
    if (report.remainingToday !== undefined && report.remainingToday <= 0) {
      this.blockUntil(now + (report.retryAfterMs ?? this.dailyRetryMs));
    } else if (report.retryAfterMs !== undefined) {
      if (report.limit === 'day' || report.retryAfterMs > this.maxPauseMs) this.blockUntil(now + report.retryAfterMs);
      else this.pauseFor(report.retryAfterMs);
    } else if (report.remainingThisMinute !== undefined && report.remainingThisMinute <= 0) {
      this.pauseFor(MINUTE_MS);
    }
  }

  state(): GovernorState {
    const now = this.clock.now();
    const resume = this.dailyResumeAt(now);
    return {
      callsToday: this.callsInLastDay(now),
      pausedUntil: this.pauseUntil > now ? isoOf(this.pauseUntil) : undefined,
      dailyLimitUntil: resume === undefined ? undefined : isoOf(resume),
      queued: this.queue.size,
      inFlight: this.queue.pending,
    };
  }

  /** Resolves when no call is queued or in flight. */
  async idle(): Promise<void> {
    await this.queue.onIdle();
  }

  /** Drops calls still waiting (they never started); calls in flight finish. */
  clear(): void {
    this.queue.clear();
  }

  private pauseFor(ms: number): void {
    const until = this.clock.now() + ms;
    if (until <= this.pauseUntil) return;
    this.pauseUntil = until;
    this.queue.pause();
    void this.clock.sleep(ms).then(() => {
      if (this.clock.now() >= this.pauseUntil) this.queue.start();
    });
  }

  private countStart(): void {
    const now = this.clock.now();
    const minute = Math.floor(now / MINUTE_MS);
    this.minuteBuckets.set(minute, (this.minuteBuckets.get(minute) ?? 0) + 1);
    this.startedCalls += 1;
    this.recorder.countCall();
    const perDay = this.options.limits?.perDay;
    if (this.reportedToday !== undefined) {
      const left = this.reportedToday.remaining - (this.startedCalls - this.reportedToday.callsAtReport);
      this.recorder.setRemaining('day', Math.max(0, left));
      // The system's own count says this was the last call of the day.
      if (left <= 0) this.blockUntil(now + this.dailyRetryMs);
    } else if (perDay !== undefined) {
      this.recorder.setRemaining('day', Math.max(0, perDay - this.callsInLastDay(now)));
    }
  }

  private blockUntil(until: number): void {
    this.dailyUntil = Math.max(this.dailyUntil, until);
    this.reportedToday = undefined;
  }

  private callsInLastDay(now: number): number {
    const oldest = Math.floor((now - DAY_MS) / MINUTE_MS);
    let total = 0;
    for (const [minute, count] of this.minuteBuckets) {
      if (minute <= oldest) this.minuteBuckets.delete(minute);
      else total += count;
    }
    return total;
  }

  /** When calls may resume, or undefined when the daily allowance is not spent. */
  private dailyResumeAt(now: number): number | undefined {
    let resume = this.dailyUntil > now ? this.dailyUntil : 0;
    const perDay = this.options.limits?.perDay;
    if (perDay !== undefined && this.callsInLastDay(now) >= perDay) {
      // The rolling window frees capacity when the oldest minute's calls are a day old.
      const firstMinute = Math.min(...this.minuteBuckets.keys());
      resume = Math.max(resume, (firstMinute + 1) * MINUTE_MS + DAY_MS);
    }
    return resume > now ? resume : undefined;
  }

  private throwIfDailyLimitReached(): void {
    const now = this.clock.now();
    const resume = this.dailyResumeAt(now);
    if (resume === undefined) return;
    this.recorder.countRateLimited();
    const resumesAt = isoOf(resume);
    throw new ConnectorError({
      kind: 'rate_limit',
      system: this.options.system,
      message: `${displayName(this.options.system)}'s daily API allowance for this connection is used up: Counterpart has stopped calling it and will resume at ${resumesAt}.`,
      retryAfterMs: resume - now,
      context: { connection: this.options.connectionId ?? null, limit: 'day', resumesAt },
    });
  }
}

function isoOf(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/**
 * The connection's one governor: the caller's (shared with the connection's other users), else a new one with these
 * limits, which the connector owns and so may clear of queued calls on close.
 */
export function connectionGovernor(
  system: SystemName,
  options: { readonly connectionId: string; readonly governor?: RateGovernor | undefined },
  limits: RateLimits,
): { readonly governor: RateGovernor; readonly owned: boolean } {
  if (options.governor !== undefined) return { governor: options.governor, owned: false };
  return { governor: new RateGovernor({ system, connectionId: options.connectionId, limits }), owned: true };
}
