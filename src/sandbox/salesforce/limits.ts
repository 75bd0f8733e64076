import type { SandboxClock } from '../shared/clock.js';
import { SalesforceApiError } from './errors.js';

const DAY = 86_400_000;

export interface LimitSettings {
  /** DailyApiRequests allocation (Developer Edition 15,000; Enterprise 100,000 + licences × 1,000). */
  readonly dailyApiRequests: number;
  /** What an exhausted allocation answers; the docs say 403 REQUEST_LIMIT_EXCEEDED. */
  readonly limitExceededStatus: number;
  readonly dailyBulkV2QueryJobs: number;
  readonly dailyBulkApiBatches: number;
}

/**
 * The org's rolling 24-hour API request allocation. Every REST call counts (a composite call counts once); the
 * window is in simulated time so `--time-scale` shortens it.
 */
export class Limits {
  private calls: number[] = [];
  private bulkQueryJobs: number[] = [];
  private bulkBatches: number[] = [];

  constructor(
    private readonly settings: LimitSettings,
    private readonly clock: SandboxClock,
  ) {}

  /** Counts one API call, or throws REQUEST_LIMIT_EXCEEDED when the allocation is used up. */
  countCall(): void {
    this.calls = this.prune(this.calls);
    if (this.calls.length >= this.settings.dailyApiRequests) {
      throw new SalesforceApiError(
        this.settings.limitExceededStatus,
        'REQUEST_LIMIT_EXCEEDED',
        'TotalRequests Limit exceeded.',
      );
    }
    this.calls.push(Date.now());
  }

  countBulkQueryJob(): void {
    this.bulkQueryJobs = this.prune(this.bulkQueryJobs);
    this.bulkQueryJobs.push(Date.now());
  }

  countBulkBatch(): void {
    this.bulkBatches = this.prune(this.bulkBatches);
    this.bulkBatches.push(Date.now());
  }

  /** `Sforce-Limit-Info` header value. */
  header(): string {
    this.calls = this.prune(this.calls);
    return `api-usage=${this.calls.length}/${this.settings.dailyApiRequests}`;
  }

  /** `GET /limits`. */
  describe(): Record<string, { Max: number; Remaining: number }> {
    this.calls = this.prune(this.calls);
    const entry = (max: number, used: number) => ({ Max: max, Remaining: Math.max(0, max - used) });
    return {
      ConcurrentAsyncGetReportInstances: entry(200, 0),
      DailyApiRequests: entry(this.settings.dailyApiRequests, this.calls.length),
      DailyAsyncApexExecutions: entry(250_000, 0),
      DailyBulkApiBatches: entry(this.settings.dailyBulkApiBatches, this.prune(this.bulkBatches).length),
      DailyBulkV2QueryFileStorageMB: entry(976_562, 0),
      DailyBulkV2QueryJobs: entry(this.settings.dailyBulkV2QueryJobs, this.prune(this.bulkQueryJobs).length),
      DataStorageMB: entry(1024, 0),
      FileStorageMB: entry(1024, 0),
      HourlyPublishedPlatformEvents: entry(50_000, 0),
      MonthlyPlatformEventsUsageEntitlement: entry(1_500_000, 0),
    };
  }

  private prune(times: number[]): number[] {
    const cutoff = Date.now() - this.clock.realDuration(DAY);
    let first = 0;
    while (first < times.length && (times[first] ?? 0) < cutoff) first++;
    return first === 0 ? times : times.slice(first);
  }
}
