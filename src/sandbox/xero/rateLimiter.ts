import type { SandboxClock } from '../shared/clock.js';
import type { XeroSandboxSettings } from './settings.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export type RateDecision =
  | { readonly ok: true; readonly headers: Readonly<Record<string, string>>; release(): void }
  | {
      readonly ok: false;
      readonly problem: string;
      readonly retryAfterSeconds: number;
      readonly headers: Readonly<Record<string, string>>;
    };

interface TenantUsage {
  readonly minute: number[];
  readonly day: number[];
  inFlight: number;
}

/** Drops timestamps that left the window; returns the real ms until the oldest remaining one leaves. */
function prune(log: number[], now: number, window: number): number {
  while (log.length > 0 && (log[0] ?? 0) <= now - window) log.shift();
  return log.length > 0 ? (log[0] ?? now) + window - now : 0;
}

/**
 * Xero's limits per tenant (concurrent, per minute, per day) and per app (per minute), as rolling windows on the
 * sandbox clock. Every answered call reports what is left in `X-*Limit-Remaining`.
 */
export class RateLimiter {
  private readonly tenants = new Map<string, TenantUsage>();
  private readonly app: number[] = [];

  constructor(
    private readonly clock: SandboxClock,
    private readonly settings: () => XeroSandboxSettings,
  ) {}

  acquire(tenantId: string): RateDecision {
    const limits = this.settings().rateLimits;
    const now = Date.now();
    const minute = this.clock.realDuration(MINUTE);
    const day = this.clock.realDuration(DAY);
    let usage = this.tenants.get(tenantId);
    if (!usage) {
      usage = { minute: [], day: [], inFlight: 0 };
      this.tenants.set(tenantId, usage);
    }
    const minuteWait = prune(usage.minute, now, minute);
    const dayWait = prune(usage.day, now, day);
    const appWait = prune(this.app, now, minute);
    const headers = (extra: number) => ({
      'x-daylimit-remaining': String(Math.max(0, limits.perDay - usage.day.length - extra)),
      'x-minlimit-remaining': String(Math.max(0, limits.perMinute - usage.minute.length - extra)),
      'x-appminlimit-remaining': String(Math.max(0, limits.appPerMinute - this.app.length - extra)),
    });
    const reject = (problem: string, waitMs: number): RateDecision => ({
      ok: false,
      problem,
      retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
      headers: headers(0),
    });
    if (usage.day.length >= limits.perDay) return reject('day', dayWait);
    if (this.app.length >= limits.appPerMinute) return reject('appminute', appWait);
    if (usage.minute.length >= limits.perMinute) return reject('minute', minuteWait);
    if (usage.inFlight >= limits.concurrent) return reject(limits.concurrentProblem, 1000);
    usage.minute.push(now);
    usage.day.push(now);
    this.app.push(now);
    usage.inFlight++;
    const tenant = usage;
    let released = false;
    return {
      ok: true,
      headers: headers(0),
      release: () => {
        if (released) return;
        released = true;
        tenant.inFlight--;
      },
    };
  }
}
