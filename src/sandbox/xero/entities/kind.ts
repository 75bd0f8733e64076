import type { z } from 'zod';
import type { TenantBook } from '../book.js';
import type { WebhookCategory, WriteContext } from '../context.js';
import type { LedgerIndex } from '../ledgerIndex.js';
import type { Outcome } from '../validation.js';

/** Query parameters of a list request, already split (`IDs=a,b` → ['a','b']). */
export interface ListQuery {
  readonly ids?: readonly string[];
  readonly statuses?: readonly string[];
  readonly numbers?: readonly string[];
  readonly contactIds?: readonly string[];
  readonly references?: readonly string[];
  readonly includeArchived: boolean;
  readonly searchTerm?: string;
}

export interface ViewDetail {
  /** Line items, payments and other heavy parts (single GETs and paged lists). */
  readonly full: boolean;
  readonly unitdp: number;
  readonly summaryOnly: boolean;
  /** Cross-collection lookups for this request (build one after the request's writes). */
  readonly index: LedgerIndex;
}

export type View = Record<string, unknown>;

/**
 * One Accounting API collection (`/Invoices`, `/Contacts`, …): how to find, show, filter, create and update its
 * records. The shared collection handler does paging, `where`/`order`, If-Modified-Since, batches and errors.
 */
export interface EntityKind<Input, Stored> {
  /** Path segment and envelope key: `Invoices`. */
  readonly plural: string;
  /** Type name used in Xero's query errors: `Invoice`. */
  readonly typeName: string;
  readonly idField: string;
  readonly input: z.ZodType<Input>;
  readonly paged: boolean;
  readonly ifModifiedSince: boolean;
  /** Per-element error flag: `HasErrors` on documents, `HasValidationErrors` on contacts and payments. */
  readonly errorFlag?: 'HasErrors' | 'HasValidationErrors';
  /** PUT/POST bodies may be one bare object rather than `{Plural:[…]}` (Accounts, Currencies, Payments). */
  readonly acceptsBareObject: boolean;
  /** Top-level fields `where` and `order` may name. */
  readonly queryFields: ReadonlySet<string>;
  /** Document types with heavy parts that unpaged lists leave out. */
  readonly hasLineItems: boolean;
  readonly webhookCategory?: WebhookCategory;
  all(book: TenantBook): Iterable<Stored>;
  /** By id (case-insensitive) or, where Xero allows it, by number or code. */
  find(book: TenantBook, key: string): Stored | undefined;
  idOf(record: Stored): string;
  updatedAt(record: Stored): string | undefined;
  view(book: TenantBook, record: Stored, detail: ViewDetail): View;
  listFilter?(query: ListQuery): (record: Stored) => boolean;
  /** For POST: the existing record an element names (by id or number), `missing` for an unknown id. */
  match(book: TenantBook, input: Input): Stored | 'missing' | undefined;
  create(context: WriteContext, input: Input): Outcome<Stored>;
  update(context: WriteContext, existing: Stored, input: Input): Outcome<Stored>;
  /** DELETE /Plural/{id}, where Xero supports it (Items). */
  remove?(context: WriteContext, existing: Stored): Outcome<Stored>;
}

/** Builds the field set from a list, so `where` can reject unknown names the way Xero does. */
export function fieldSet(...names: string[]): ReadonlySet<string> {
  return new Set(names);
}

export function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** Map lookup by id that tolerates upper-case GUIDs from clients. */
export function findById<T>(map: ReadonlyMap<string, T>, id: string): T | undefined {
  return map.get(id) ?? map.get(id.toLowerCase());
}
