import { randomUUID } from 'node:crypto';
import type { TenantBook } from './book.js';
import type { XeroSandboxSettings } from './settings.js';

export type WebhookCategory = 'CONTACT' | 'INVOICE' | 'CREDITNOTE';

/** What an entity operation needs: the tenant's book, the time of the request, and a way to announce changes. */
export interface WriteContext {
  readonly book: TenantBook;
  readonly settings: XeroSandboxSettings;
  /** ISO instant stamped on everything this request writes. */
  readonly now: string;
  /** `?unitdp=4` keeps unit prices to four places. */
  readonly unitdp: number;
  changed(category: WebhookCategory, resourceId: string, eventType: 'CREATE' | 'UPDATE'): void;
}

export function newId(): string {
  return randomUUID();
}
