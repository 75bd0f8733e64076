import type { CallStatistics } from '../connector.js';

/**
 * The running counts behind `Connector.statistics()`: the rate governor counts calls and rate-limit answers, the retry
 * policy counts retries, and quota headers fill `remaining`. One recorder per connector instance.
 */
export class CallStatisticsRecorder {
  private calls = 0;
  private retries = 0;
  private rateLimited = 0;
  private readonly remaining = new Map<string, number>();

  countCall(): void {
    this.calls += 1;
  }

  countRetry(): void {
    this.retries += 1;
  }

  countRateLimited(): void {
    this.rateLimited += 1;
  }

  /** The quota left in one window, e.g. `minute` or `day`, as last reported or counted. */
  setRemaining(window: string, value: number): void {
    this.remaining.set(window, value);
  }

  snapshot(): CallStatistics {
    return {
      calls: this.calls,
      retries: this.retries,
      rateLimited: this.rateLimited,
      remaining: Object.fromEntries(this.remaining),
    };
  }
}

/** API calls per record written or read, the figure sync statistics report; 0 when no record moved. */
export function callsPerRecord(calls: number, records: number): number {
  return records === 0 ? 0 : calls / records;
}
