import { createHash } from 'node:crypto';
import type { SandboxClock } from '../shared/clock.js';

export interface StoredResponse {
  readonly status: number;
  readonly body: unknown;
}

interface Entry {
  readonly fingerprint: string;
  readonly response: StoredResponse;
  readonly expiresAt: number;
}

export type IdempotencyLookup =
  | { readonly kind: 'new' }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'conflict' };

/**
 * `Idempotency-Key` replay: the first response to a key (errors included) is returned again for the same request
 * within the window; the same key with a different request is refused.
 */
export class IdempotencyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: SandboxClock,
    private readonly windowMs: () => number,
  ) {}

  static fingerprint(method: string, url: string, body: unknown): string {
    return createHash('sha256')
      .update(`${method}\n${url}\n${JSON.stringify(body ?? null)}`)
      .digest('hex');
  }

  lookup(tenantId: string, key: string, fingerprint: string): IdempotencyLookup {
    const entry = this.entries.get(`${tenantId}\n${key}`);
    if (!entry || entry.expiresAt <= Date.now()) return { kind: 'new' };
    return entry.fingerprint === fingerprint ? { kind: 'replay', response: entry.response } : { kind: 'conflict' };
  }

  remember(tenantId: string, key: string, fingerprint: string, response: StoredResponse): void {
    const now = Date.now();
    for (const [k, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(k);
    this.entries.set(`${tenantId}\n${key}`, {
      fingerprint,
      response,
      expiresAt: now + this.clock.realDuration(this.windowMs()),
    });
  }
}
