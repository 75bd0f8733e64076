import type { SandboxClock } from '../shared/clock.js';
import { KashFlowHttpError } from './errors.js';
import type { KashFlowSettings } from './settings.js';

/**
 * KashFlow documents no rate limit. When one is configured, each session gets a fixed window of N requests; the
 * request over the limit is answered 429 with `Retry-After` (real seconds, so the clock's time scale applies).
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: () => KashFlowSettings['rateLimit'],
    private readonly clock: SandboxClock,
  ) {}

  take(key: string): void {
    const limit = this.limit();
    if (!limit) return;
    const now = Date.now();
    const length = this.clock.realDuration(limit.windowMs);
    let window = this.windows.get(key);
    if (!window || now - window.start >= length) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count > limit.requests) {
      const retryAfter = Math.max(1, Math.ceil((window.start + length - now) / 1000));
      throw new KashFlowHttpError(429, 'TooManyRequests', 'Too many requests. Please retry later.', {
        'Retry-After': String(retryAfter),
      });
    }
  }
}
