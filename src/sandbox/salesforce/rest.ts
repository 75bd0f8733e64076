import type { FaultInjector } from '../shared/faults.js';
import { CompositeApi } from './composite.js';
import type { SalesforceData } from './data.js';
import { describeBasic, describeGlobal, describeObject } from './describe.js';
import { badRequest, notFound } from './errors.js';
import type { Limits } from './limits.js';
import type { ObjectDef } from './schema.js';
import { parseDateTime } from './soql/dateLiterals.js';
import { runQuery, type WireRecord } from './soql/query.js';
import { formatDateTime, type SfRecord } from './store.js';
import {
  bodyObject,
  methodNotAllowed,
  ok,
  type RestRequest,
  type RestResponse,
  type RestSettings,
  requireMethod,
  wireRecord,
} from './wire.js';

export type { RestRequest, RestResponse, RestSettings } from './wire.js';
export { bodyObject } from './wire.js';

interface Cursor {
  readonly records: WireRecord[];
  readonly batchSize: number;
  lastUsed: number;
}

/** The part of the REST API under `/services/data/vXX.X/` that is not Bulk 2.0. */ export class RestApi {
  private readonly cursors = new Map<string, Cursor>();
  private cursorCount = 0;

  private readonly compositeApi: CompositeApi;

  constructor(
    private readonly data: SalesforceData,
    private readonly limits: Limits,
    faults: FaultInjector,
    private readonly settings: RestSettings,
    private readonly realDuration: (simulatedMs: number) => number,
  ) {
    this.compositeApi = new CompositeApi(data, faults, settings, (request) => this.handle(request));
  }

  handle(request: RestRequest): RestResponse {
    const [resource = '', ...rest] = request.segments;
    switch (resource) {
      case '':
        return ok(this.resources(request.version));
      case 'limits':
        return ok(this.limits.describe());
      case 'sobjects':
        return this.sobjects(request, rest);
      case 'query':
      case 'queryAll':
        return this.query(request, resource === 'queryAll', rest[0]);
      case 'composite':
        return this.compositeApi.handle(request, rest);
      default:
        throw notFound();
    }
  }

  private resources(version: string): Record<string, string> {
    const base = `/services/data/v${version}`;
    return Object.fromEntries(
      ['sobjects', 'query', 'queryAll', 'composite', 'limits', 'jobs'].map((name) => [name, `${base}/${name}`]),
    );
  }

  // ---- sObjects ---------------------------------------------------------------------------------------------

  private sobjects(request: RestRequest, segments: readonly string[]): RestResponse {
    const { method, version } = request;
    const [typeName, second, third, ...extra] = segments;
    if (typeName === undefined) {
      requireMethod(method, 'GET');
      return ok(describeGlobal(this.data.schema, version));
    }
    const object = this.data.object(typeName);
    if (second === undefined) {
      if (method === 'GET') return ok(describeBasic(object, version));
      requireMethod(method, 'POST');
      const result = this.data.create(object.name, bodyObject(request.body), request.context);
      return { status: 201, body: { id: result.id, success: true, errors: [] } };
    }
    if (extra.length > 0) throw notFound();
    if (third === undefined) {
      if (second === 'describe') {
        requireMethod(method, 'GET');
        return ok(describeObject(this.data.schema, object, version));
      }
      if (second === 'updated' || second === 'deleted') return this.changedSince(request, object, second);
      if (method === 'POST' && second.toLowerCase() === 'id') {
        const result = this.data.create(object.name, bodyObject(request.body), request.context);
        return { status: 201, body: { id: result.id, success: true, errors: [], created: true } };
      }
      return this.record(request, object, second);
    }
    return this.byExternalId(request, object, second, third);
  }

  private record(request: RestRequest, object: ObjectDef, id: string): RestResponse {
    switch (request.method) {
      case 'GET': {
        const record = this.data.retrieve(object.name, id);
        return ok(wireRecord(this.data.schema, object, record, request.version, request.query.fields));
      }
      case 'PATCH':
        this.data.update(object.name, id, bodyObject(request.body), request.context);
        return { status: 204 };
      case 'DELETE':
        this.data.delete(object.name, id, request.context);
        return { status: 204 };
      default:
        throw methodNotAllowed(request.method);
    }
  }

  private byExternalId(request: RestRequest, object: ObjectDef, fieldName: string, value: string): RestResponse {
    const def = this.data.externalIdField(object, fieldName);
    switch (request.method) {
      case 'GET':
      case 'DELETE': {
        const matches =
          def.name === 'Id' ? [this.data.retrieve(object.name, value)] : this.data.findByExternalId(object, def, value);
        if (matches.length === 0) throw notFound();
        if (matches.length > 1) {
          return {
            status: 300,
            body: matches.map((row) => `/services/data/v${request.version}/sobjects/${object.name}/${String(row.Id)}`),
          };
        }
        const match = matches[0] as SfRecord;
        if (request.method === 'DELETE') {
          this.data.delete(object.name, String(match.Id), request.context);
          return { status: 204 };
        }
        return ok(wireRecord(this.data.schema, object, match, request.version, request.query.fields));
      }
      case 'PATCH':
      case 'POST': {
        const updateOnly = request.query.updateOnly === 'true';
        if (updateOnly && def.name !== 'Id' && this.data.findByExternalId(object, def, value).length === 0)
          throw notFound();
        const result = this.data.upsert(object.name, def.name, value, bodyObject(request.body), request.context);
        const body = { id: result.id, success: true, errors: [], created: result.created };
        if (result.created) return { status: 201, body };
        // Before API 46.0 an upsert that updated answered 204 with no body.
        return Number(request.version) >= 46 ? { status: 200, body } : { status: 204 };
      }
      default:
        throw methodNotAllowed(request.method);
    }
  }

  private changedSince(request: RestRequest, object: ObjectDef, kind: 'updated' | 'deleted'): RestResponse {
    requireMethod(request.method, 'GET');
    const start = parseDateTime(request.query.start ?? '');
    const end = parseDateTime(request.query.end ?? '');
    if (Number.isNaN(start) || Number.isNaN(end)) {
      throw badRequest('INVALID_PARAMETER_VALUE', 'start and end must be ISO 8601 datetimes');
    }
    const rows = this.data.store
      .rows(object.name, true)
      .filter((row) => (kind === 'deleted' ? row.IsDeleted === true : row.IsDeleted !== true))
      .filter((row) => {
        const at = parseDateTime(String(row.SystemModstamp));
        return at >= start && at <= end;
      });
    const end8601 = formatDateTime(new Date(end));
    if (kind === 'updated') return ok({ ids: rows.map((row) => row.Id), latestDateCovered: end8601 });
    return ok({
      deletedRecords: rows.map((row) => ({ id: row.Id, deletedDate: row.SystemModstamp })),
      earliestDateAvailable: formatDateTime(new Date(start)),
      latestDateCovered: end8601,
    });
  }

  // ---- query ------------------------------------------------------------------------------------------------

  private query(request: RestRequest, includeDeleted: boolean, locator: string | undefined): RestResponse {
    requireMethod(request.method, 'GET');
    if (locator !== undefined) return ok(this.nextPage(locator, request.version));
    const soql = request.query.q;
    if (!soql) throw badRequest('MALFORMED_QUERY', 'A query string has to be specified');
    const outcome = runQuery(soql, {
      store: this.data.store,
      apiVersion: request.version,
      includeDeleted,
      utcOffsetMinutes: this.settings.utcOffsetMinutes,
      maxOffset: this.settings.maxOffset,
    });
    const batchSize = this.batchSize(request.headers['sforce-query-options']);
    if (outcome.records.length <= batchSize) {
      return ok({ totalSize: outcome.totalSize, done: true, records: outcome.records });
    }
    this.dropIdleCursors();
    this.cursorCount++;
    const cursorId = `01gDx${String(this.cursorCount).padStart(10, '0')}`;
    this.cursors.set(cursorId, { records: outcome.records, batchSize, lastUsed: Date.now() });
    return ok({
      totalSize: outcome.totalSize,
      done: false,
      nextRecordsUrl: `/services/data/v${request.version}/query/${cursorId}-${batchSize}`,
      records: outcome.records.slice(0, batchSize),
    });
  }

  private batchSize(header: string | undefined): number {
    const match = /batchSize\s*=\s*(\d+)/i.exec(header ?? '');
    if (!match?.[1]) return this.settings.defaultBatchSize;
    const asked = Number(match[1]);
    return Math.min(this.settings.defaultBatchSize, Math.max(this.settings.minBatchSize, asked));
  }

  private nextPage(locator: string, version: string): Record<string, unknown> {
    const match = /^(.+)-(\d+)$/.exec(locator);
    const cursor = match?.[1] ? this.cursors.get(match[1]) : undefined;
    if (!match?.[1] || !cursor) throw badRequest('INVALID_QUERY_LOCATOR', 'invalid query locator');
    cursor.lastUsed = Date.now();
    const start = Number(match[2]);
    const end = start + cursor.batchSize;
    const done = end >= cursor.records.length;
    if (done) this.cursors.delete(match[1]);
    return {
      totalSize: cursor.records.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${match[1]}-${end}` }),
      records: cursor.records.slice(start, end),
    };
  }

  private dropIdleCursors(): void {
    const cutoff = Date.now() - this.realDuration(this.settings.cursorIdleMs);
    for (const [id, cursor] of this.cursors) if (cursor.lastUsed < cutoff) this.cursors.delete(id);
  }
}
