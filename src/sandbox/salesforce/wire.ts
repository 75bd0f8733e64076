import type { WriteContext } from './data.js';
import { badRequest, SalesforceApiError } from './errors.js';
import { compoundAddress, type ObjectDef, type SchemaRegistry } from './schema.js';
import type { WireRecord } from './soql/query.js';
import type { SfRecord } from './store.js';

export interface RestRequest {
  readonly method: string;
  /** Path segments after `/services/data/vXX.X/`, already URL-decoded. */
  readonly segments: readonly string[];
  readonly version: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly context: WriteContext;
}

export interface RestResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RestSettings {
  readonly latestVersion: string;
  readonly utcOffsetMinutes: number;
  readonly maxOffset: number;
  /** Default rows per query page (the API's 2,000) and the range `Sforce-Query-Options: batchSize` may ask for. */
  readonly defaultBatchSize: number;
  readonly minBatchSize: number;
  /** Largest sObject Collections request and the error it gets (UNCONFIRMED wording). */
  readonly collectionLimit: number;
  readonly collectionLimitError: { readonly errorCode: string; readonly message: string };
  /**
   * sObject Collections naming an unknown field: 'request' fails the whole call with 400 INVALID_FIELD (the body is
   * read before any record is saved), 'record' fails only that record's result. Which one Salesforce does is
   * UNCONFIRMED.
   */
  readonly collectionUnknownField: 'request' | 'record';
  /** Composite: subrequests per call. */
  readonly compositeLimit: number;
  /** Query cursors expire after this long without use (simulated time). */
  readonly cursorIdleMs: number;
}

/** A record as `GET /sobjects/<T>/<id>` returns it: `attributes` first, then every field (or the `fields` asked for). */
export function wireRecord(
  schema: SchemaRegistry,
  object: ObjectDef,
  record: SfRecord,
  version: string,
  fields?: string,
): WireRecord {
  const out: WireRecord = {
    attributes: { type: object.name, url: `/services/data/v${version}/sobjects/${object.name}/${String(record.Id)}` },
  };
  const wanted = fields
    ? fields.split(',').map((name) => {
        const def = schema.field(object.name, name.trim());
        if (!def)
          throw badRequest('INVALID_FIELD', `No such column '${name.trim()}' on sobject of type ${object.name}`);
        return def;
      })
    : object.fields;
  for (const def of wanted)
    out[def.name] = def.type === 'address' ? compoundAddress(def, record) : (record[def.name] ?? null);
  return out;
}

export function ok(body: unknown): RestResponse {
  return { status: 200, body };
}

export function requireMethod(actual: string, expected: string): void {
  if (actual !== expected) throw methodNotAllowed(actual);
}

export function methodNotAllowed(method: string): SalesforceApiError {
  return new SalesforceApiError(
    405,
    'METHOD_NOT_ALLOWED',
    `HTTP Method '${method}' not allowed. Allowed are GET,PATCH,DELETE,POST`,
  );
}

export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('JSON_PARSER_ERROR', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

export function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
