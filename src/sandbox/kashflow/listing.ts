import { validation } from './errors.js';
import type { KashFlowSettings } from './settings.js';

/** Query parameters with lower-cased names: ASP.NET binds `perPage`, `PerPage` and `perpage` alike. */
export type Query = Readonly<Record<string, string>>;

export function lowerQuery(raw: unknown): Query {
  const query: Record<string, string> = {};
  if (raw && typeof raw === 'object') {
    for (const [key, value] of Object.entries(raw)) {
      const first = Array.isArray(value) ? value[0] : value;
      if (first !== undefined && first !== null) query[key.toLowerCase()] = String(first);
    }
  }
  return query;
}

type SortValue = string | number | null;

export interface ListSpec<T> {
  /** Key into the `sortCodes` and `maxPerPage` settings. */
  readonly name: 'customers' | 'suppliers' | 'invoices' | 'purchases' | 'products' | 'bankaccounts';
  /** Sortable fields by name (camelCase; matched case-insensitively). */
  readonly fields: Readonly<Record<string, (row: T) => SortValue>>;
  /** Documented (or guessed) integer `sortby` codes → field names; settings may replace them. */
  readonly codes: Readonly<Record<string, string>>;
  /** The order when no `sortby` is given. */
  readonly defaultField: string;
  /** Invoice-like lists carry TotalAmount and InvoiceLimitReached in MetaData. */
  readonly totalAmount?: (rows: readonly T[]) => number;
}

export interface ListEnvelope<R> {
  readonly MetaData: {
    readonly TotalRecords: number;
    readonly FirstPageUrl: string;
    readonly LastPageUrl: string;
    readonly PreviousPageUrl: string | null;
    readonly NextPageUrl: string | null;
    readonly TotalAmount?: number;
    readonly InvoiceLimitReached?: boolean;
  };
  readonly Data: R[];
}

export interface PageLinks {
  /** Origin plus `/v2` (absolute style) or just `/v2` (relative style). */
  readonly base: string;
  /** The list's path below /v2, e.g. "/customers". */
  readonly path: string;
}

function positiveInteger(query: Query, name: string): number | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw validation(`The value '${value}' is not valid for ${name}; it must be a whole number of 1 or more.`);
  }
  return Number(value);
}

/** Sorts, pages and wraps rows in KashFlow's `{MetaData, Data}` envelope. */
export function listPage<T, R>(
  rows: readonly T[],
  query: Query,
  spec: ListSpec<T>,
  settings: KashFlowSettings,
  links: PageLinks,
  present: (row: T) => R,
): ListEnvelope<R> {
  const page = positiveInteger(query, 'page') ?? 1;
  const maximum = settings.maxPerPage[spec.name] ?? settings.maxPerPage.default ?? Number.POSITIVE_INFINITY;
  let perPage = positiveInteger(query, 'perpage') ?? Math.min(settings.defaultPerPage, maximum);
  if (perPage > maximum) {
    if (settings.perPageOverMax === 'error') {
      throw validation(`perpage may be at most ${maximum} for ${spec.name}.`);
    }
    perPage = maximum;
  }
  const sorted = sortRows(rows, query, spec, settings);
  const total = sorted.length;
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  const data = sorted.slice((page - 1) * perPage, page * perPage).map(present);
  const url = (target: number) => pageUrl(links, query, target, perPage);
  const amounts = spec.totalAmount || settings.metaDataAmountsOnAllLists;
  return {
    MetaData: {
      TotalRecords: total,
      FirstPageUrl: url(1),
      LastPageUrl: url(lastPage),
      PreviousPageUrl: page > 1 ? url(Math.min(page - 1, lastPage)) : null,
      NextPageUrl: page < lastPage ? url(page + 1) : null,
      ...(amounts ? { TotalAmount: spec.totalAmount?.(sorted) ?? 0, InvoiceLimitReached: false } : {}),
    },
    Data: data,
  };
}

function sortRows<T>(rows: readonly T[], query: Query, spec: ListSpec<T>, settings: KashFlowSettings): T[] {
  const order = (query.order ?? 'asc').toLowerCase();
  if (order !== 'asc' && order !== 'desc') {
    throw validation(`The value '${query.order}' is not valid for order; use asc or desc.`);
  }
  const field = sortField(query.sortby, spec, settings) ?? spec.defaultField;
  const key = fieldGetter(spec, field) ?? fieldGetter(spec, spec.defaultField);
  const sorted = [...rows];
  if (key) {
    const direction = order === 'desc' ? -1 : 1;
    sorted.sort((a, b) => direction * compare(key(a), key(b)));
  }
  return sorted;
}

function sortField<T>(sortBy: string | undefined, spec: ListSpec<T>, settings: KashFlowSettings): string | undefined {
  if (sortBy === undefined || sortBy === '') return undefined;
  const codes = settings.sortCodes[spec.name] ?? spec.codes;
  const byCode = /^\d+$/.test(sortBy) ? codes[sortBy] : undefined;
  const byName = settings.acceptSortByNames
    ? Object.keys(spec.fields).find((name) => name.toLowerCase() === sortBy.toLowerCase())
    : undefined;
  const field = byCode !== undefined && fieldGetter(spec, byCode) ? byCode : byName;
  if (!field && settings.unknownSortBy === 'error') {
    throw validation(`The value '${sortBy}' is not valid for sortby.`);
  }
  return field;
}

const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });

/** Field names compare case-insensitively, so settings may say "Name" for the `name` field. */
function fieldGetter<T>(spec: ListSpec<T>, field: string): ((row: T) => SortValue) | undefined {
  const wanted = field.toLowerCase();
  const name = Object.keys(spec.fields).find((candidate) => candidate.toLowerCase() === wanted);
  return name === undefined ? undefined : spec.fields[name];
}

function compare(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

function pageUrl(links: PageLinks, query: Query, page: number, perPage: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (key !== 'page' && key !== 'perpage') params.set(key, value);
  params.set('page', String(page));
  params.set('perpage', String(perPage));
  return `${links.base}${links.path}?${params.toString()}`;
}
