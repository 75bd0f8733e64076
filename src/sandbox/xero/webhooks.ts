import { createHmac, randomBytes } from 'node:crypto';
import type { SandboxClock } from '../shared/clock.js';
import type { ChangeEvent } from './collection.js';
import type { XeroSandboxSettings } from './settings.js';

export type WebhookStatus = 'NONE' | 'PENDING' | 'OK' | 'FAILED';

interface WebhookEvent {
  readonly resourceUrl: string;
  readonly resourceId: string;
  readonly eventDateUtc: string;
  readonly eventType: 'CREATE' | 'UPDATE';
  readonly eventCategory: string;
  readonly tenantId: string;
  readonly tenantType: 'ORGANISATION';
}

/** `x-xero-signature`: base64 HMAC-SHA256 of the exact body bytes with the app's webhook key. */
export function signWebhookBody(body: string, key: string): string {
  return createHmac('sha256', key).update(body, 'utf8').digest('base64');
}

/**
 * Delivers Xero webhooks to a receiver on 127.0.0.1: events batched into signed payloads with sequence numbers,
 * retried on anything but 200, and gated by the intent-to-receive handshake as a real subscription is.
 */
export class WebhookEmitter {
  private status: WebhookStatus = 'NONE';
  private sequence = 0;
  private pending: WebhookEvent[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private closed = false;
  /** Payloads delivered (accepted with 200) — tests and the demo read this. */
  readonly delivered: string[] = [];

  constructor(
    private readonly settings: () => XeroSandboxSettings,
    private readonly clock: SandboxClock,
    private readonly apiBase: () => string,
  ) {}

  get subscriptionStatus(): WebhookStatus {
    return this.status;
  }

  /**
   * Sends the intent-to-receive probes: empty event lists, some correctly signed, some not. The receiver passes by
   * answering 200 to every good signature and 401 to every bad one.
   */
  async intentToReceive(): Promise<boolean> {
    const { url, signingKey } = this.settings().webhooks;
    if (!url) return false;
    this.status = 'PENDING';
    const probes = [true, false, true, false];
    let passed = true;
    for (const good of probes) {
      const body = JSON.stringify({
        events: [],
        firstEventSequence: 0,
        lastEventSequence: 0,
        entropy: randomBytes(12).toString('hex').toUpperCase(),
      });
      const signature = good ? signWebhookBody(body, signingKey) : signWebhookBody(body, `${signingKey}-wrong`);
      const status = await this.post(url, body, signature);
      const bodyOk = status.emptyBody;
      if (good ? status.code !== 200 || !bodyOk : status.code !== 401) passed = false;
    }
    this.status = passed ? 'OK' : 'FAILED';
    return passed;
  }

  announce(events: readonly ChangeEvent[]): void {
    const settings = this.settings().webhooks;
    if (this.closed || !settings.url || events.length === 0) return;
    if (settings.requireIntentToReceive && this.status !== 'OK') return;
    const now = new Date().toISOString().slice(0, 23);
    for (const event of events) {
      const plural =
        event.category === 'CONTACT' ? 'Contacts' : event.category === 'INVOICE' ? 'Invoices' : 'CreditNotes';
      this.pending.push({
        resourceUrl: `${this.apiBase()}/api.xro/2.0/${plural}/${event.resourceId}`,
        resourceId: event.resourceId,
        eventDateUtc: now,
        eventType: event.eventType,
        eventCategory: event.category,
        tenantId: event.tenantId,
        tenantType: 'ORGANISATION',
      });
    }
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.flush(), this.clock.realDuration(settings.batchDelayMs));
    }
  }

  close(): void {
    this.closed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
  }

  private flush(): void {
    this.flushTimer = undefined;
    const events = this.pending;
    this.pending = [];
    if (events.length === 0) return;
    const first = this.sequence + 1;
    this.sequence += events.length;
    const body = JSON.stringify({
      events,
      firstEventSequence: first,
      lastEventSequence: this.sequence,
      entropy: randomBytes(12).toString('hex').toUpperCase(),
    });
    void this.deliver(body, 0);
  }

  private async deliver(body: string, attempt: number): Promise<void> {
    const { url, signingKey, retryDelaysMs } = this.settings().webhooks;
    if (this.closed || !url) return;
    const result = await this.post(url, body, signWebhookBody(body, signingKey));
    if (result.code === 200) {
      this.delivered.push(body);
      return;
    }
    const delay = retryDelaysMs[attempt];
    if (delay === undefined || this.closed) return;
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      void this.deliver(body, attempt + 1);
    }, this.clock.realDuration(delay));
    this.retryTimers.add(timer);
  }

  private async post(url: string, body: string, signature: string): Promise<{ code: number; emptyBody: boolean }> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-xero-signature': signature },
        body,
        signal: AbortSignal.timeout(this.settings().webhooks.timeoutMs),
      });
      const text = await response.text();
      return { code: response.status, emptyBody: text.length === 0 };
    } catch {
      return { code: 0, emptyBody: false };
    }
  }
}
