import { type ClassSpec, type FieldSpec, queryField } from './classes.js';
import { X3Error } from './errors.js';
import type { SageX3Settings } from './settings.js';
import type { X3Record } from './store.js';
import { compileWhere } from './where.js';

export interface SortKey {
  readonly field: string;
  readonly spec: FieldSpec;
  readonly descending: boolean;
}

export interface FeedRequest {
  readonly where?: string | undefined;
  readonly orderBy?: string | undefined;
  readonly count?: string | undefined;
  readonly key?: string | undefined;
  readonly startIndex?: string | undefined;
}

export interface FeedPage {
  readonly records: readonly X3Record[];
  readonly itemsPerPage: number;
  readonly totalResults: number;
  /** 1-based position of the first record of the page in the filtered, sorted list. */
  readonly startIndex: number;
  /** The `key=` values for the links (the sort tuple joined by `~`), or undefined when there is no such page. */
  readonly nextKey: string | undefined;
  readonly previousKey: string | undefined;
  readonly hasMore: boolean;
}

/**
 * A `$query` read: filter with `where`, sort with `orderBy` then the class key, and page by key. X3's `$next` link
 * carries `key=gt.{lastKey}`; when the feed is sorted on other properties, the sandbox's key is the whole sort tuple
 * (`value~…~key`), so following `$next` never skips or repeats a record. `key=lt` alone gives the last page.
 */
export function readFeed(
  spec: ClassSpec,
  records: readonly X3Record[],
  request: FeedRequest,
  settings: SageX3Settings,
): FeedPage {
  const sortKeys = parseOrderBy(spec, request.orderBy, settings);
  const filter = request.where?.trim()
    ? compileWhere(request.where, {
        resolveField: (name) => queryField(spec, name),
        dateLiterals: settings.query.dateLiterals,
        badWhereStatus: settings.statuses.badWhere,
        unknownPropertyStatus: settings.statuses.unknownProperty,
      })
    : undefined;
  const pageSize = pageSizeOf(request.count, settings);
  const filtered = filter ? records.filter((record) => filter(record.fields)) : [...records];
  const tuples = new Map(filtered.map((record) => [record, sortTuple(record, sortKeys)]));
  filtered.sort((a, b) => compareTuples(tuples.get(a) ?? [], tuples.get(b) ?? [], sortKeys));

  let start = 0;
  let end = Math.min(pageSize, filtered.length);
  const cursor = parseKeyParameter(request.key, settings);
  const offset = settings.query.startIndexPaging ? parseStartIndex(request.startIndex, settings) : undefined;
  if (offset !== undefined && !cursor) {
    start = Math.min(offset - 1, filtered.length);
    end = Math.min(start + pageSize, filtered.length);
  } else if (cursor) {
    if (cursor.value === undefined) {
      start = Math.max(0, filtered.length - pageSize);
      end = filtered.length;
    } else {
      const target = cursor.value.split('~');
      const position = (record: X3Record): number =>
        compareTuples(tuples.get(record) ?? [], coerceTuple(target, sortKeys), sortKeys);
      if (cursor.op === 'gt' || cursor.op === 'ge') {
        const index = filtered.findIndex((record) =>
          cursor.op === 'gt' ? position(record) > 0 : position(record) >= 0,
        );
        start = index < 0 ? filtered.length : index;
        end = Math.min(start + pageSize, filtered.length);
      } else {
        const after = filtered.findIndex((record) =>
          cursor.op === 'lt' ? position(record) >= 0 : position(record) > 0,
        );
        end = after < 0 ? filtered.length : after;
        start = Math.max(0, end - pageSize);
      }
    }
  }
  const page = filtered.slice(start, end);
  const last = page.at(-1);
  const first = page[0];
  return {
    records: page,
    itemsPerPage: pageSize,
    totalResults: filtered.length,
    startIndex: start + 1,
    nextKey: last && end < filtered.length ? (tuples.get(last) ?? []).join('~') : undefined,
    previousKey: first && start > 0 ? (tuples.get(first) ?? []).join('~') : undefined,
    hasMore: end < filtered.length || start > 0,
  };
}

function pageSizeOf(count: string | undefined, settings: SageX3Settings): number {
  if (count === undefined || count === '') return settings.query.defaultPageSize;
  const n = Number(count);
  if (!Number.isInteger(n) || n <= 0) {
    throw new X3Error(settings.statuses.badWhere, `count: "${count}" is not a positive integer.`);
  }
  return Math.min(n, settings.query.maxPageSize);
}

function parseStartIndex(value: string | undefined, settings: SageX3Settings): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new X3Error(settings.statuses.badWhere, `startIndex: "${value}" is not a positive integer.`);
  }
  return n;
}

function parseKeyParameter(
  key: string | undefined,
  settings: SageX3Settings,
): { op: 'gt' | 'ge' | 'lt' | 'le'; value: string | undefined } | undefined {
  if (key === undefined || key === '') return undefined;
  const match = /^(gt|ge|lt|le)(?:\.(.*))?$/s.exec(key);
  if (!match)
    throw new X3Error(settings.statuses.badWhere, `key: "${key}" must be gt., ge., lt. or le. followed by a key.`);
  return { op: match[1] as 'gt' | 'ge' | 'lt' | 'le', value: match[2] };
}

export function parseOrderBy(spec: ClassSpec, orderBy: string | undefined, settings: SageX3Settings): SortKey[] {
  const keys: SortKey[] = [];
  const separators = settings.query.orderBySeparators.map((s) => (s === ',' ? ',' : ';')).join('');
  const splitter = new RegExp(`[${separators}]`);
  for (const part of (orderBy ?? '').split(splitter)) {
    const words = part.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    const [field = '', direction = 'asc', ...rest] = words;
    const fieldSpec = queryField(spec, field);
    if (!fieldSpec) {
      throw new X3Error(
        settings.statuses.unknownProperty,
        `orderBy: the property ${field} does not exist in the $query facet.`,
      );
    }
    if (rest.length > 0 || !/^(asc|desc)$/i.test(direction)) {
      throw new X3Error(settings.statuses.badWhere, `orderBy: "${part.trim()}" is not "PROPERTY asc|desc".`);
    }
    keys.push({ field, spec: fieldSpec, descending: direction.toLowerCase() === 'desc' });
  }
  for (const key of spec.keys) {
    if (!keys.some((sort) => sort.field === key))
      keys.push({ field: key, spec: spec.fields[key] as FieldSpec, descending: false });
  }
  return keys;
}

type SortValue = string | number;

function sortTuple(record: X3Record, keys: readonly SortKey[]): SortValue[] {
  return keys.map((key) => {
    const value = record.fields[key.field];
    if (key.spec.type === 'integer' || key.spec.type === 'decimal') return Number(value ?? 0);
    return Array.isArray(value) ? value.join(' ') : String(value ?? '');
  });
}

function coerceTuple(values: readonly string[], keys: readonly SortKey[]): SortValue[] {
  return keys.map((key, index) => {
    const value = values[index] ?? '';
    return key.spec.type === 'integer' || key.spec.type === 'decimal' ? Number(value) : value;
  });
}

/** Binary (code-unit) order for text: a real X3 sorts by the database collation. */
function compareTuples(a: readonly SortValue[], b: readonly SortValue[], keys: readonly SortKey[]): number {
  for (let i = 0; i < keys.length; i += 1) {
    const left = a[i] ?? '';
    const right = b[i] ?? '';
    if (left === right) continue;
    const order = left < right ? -1 : 1;
    return keys[i]?.descending ? -order : order;
  }
  return 0;
}
