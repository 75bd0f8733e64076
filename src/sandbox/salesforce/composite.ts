import type { FaultInjector } from '../shared/faults.js';
import type { SalesforceData } from './data.js';
import { asApiError, badRequest, notFound, type SalesforceApiError } from './errors.js';
import { toId18 } from './ids.js';
import type { ObjectDef } from './schema.js';
import type { WireRecord } from './soql/query.js';
import {
  bodyObject,
  methodNotAllowed,
  ok,
  type RestRequest,
  type RestResponse,
  type RestSettings,
  requireMethod,
  splitList,
  stringList,
  wireRecord,
} from './wire.js';

/** sObject Collections (`/composite/sobjects`), Composite (`/composite`) and Composite Batch (`/composite/batch`). */
export class CompositeApi {
  constructor(
    private readonly data: SalesforceData,
    private readonly faults: FaultInjector,
    private readonly settings: RestSettings,
    /** Runs a subrequest through the REST API as if it had arrived on its own. */
    private readonly dispatch: (request: RestRequest) => RestResponse,
  ) {}

  handle(request: RestRequest, segments: readonly string[]): RestResponse {
    const [kind, typeName, fieldName, ...extra] = segments;
    if (kind === undefined) {
      requireMethod(request.method, 'POST');
      return ok(this.compositeRequest(request));
    }
    if (kind === 'batch') {
      requireMethod(request.method, 'POST');
      return ok(this.compositeBatch(request));
    }
    if (kind !== 'sobjects' || extra.length > 0) throw notFound();
    if (typeName === undefined) {
      if (request.method === 'POST') return ok(this.collectionSave(request, 'create'));
      if (request.method === 'PATCH') return ok(this.collectionSave(request, 'update'));
      if (request.method === 'DELETE') return ok(this.collectionDelete(request));
      throw methodNotAllowed(request.method);
    }
    const object = this.data.object(typeName);
    if (fieldName === undefined) {
      if (request.method === 'GET') {
        return ok(
          this.collectionRetrieve(
            object,
            splitList(request.query.ids),
            splitList(request.query.fields),
            request.version,
          ),
        );
      }
      requireMethod(request.method, 'POST');
      const body = bodyObject(request.body);
      return ok(this.collectionRetrieve(object, stringList(body.ids), stringList(body.fields), request.version));
    }
    requireMethod(request.method, 'PATCH');
    return ok(this.collectionSave(request, 'upsert', object, fieldName));
  }

  private records(request: RestRequest): { allOrNone: boolean; records: Record<string, unknown>[] } {
    const body = bodyObject(request.body);
    const records = body.records;
    if (!Array.isArray(records)) throw badRequest('INVALID_FIELD', "Missing required 'records' field", ['records']);
    if (records.length > this.settings.collectionLimit) {
      throw badRequest(this.settings.collectionLimitError.errorCode, this.settings.collectionLimitError.message);
    }
    return { allOrNone: body.allOrNone === true, records: records.map((record) => bodyObject(record)) };
  }

  private collectionSave(
    request: RestRequest,
    operation: 'create' | 'update' | 'upsert',
    upsertObject?: ObjectDef,
    upsertField?: string,
  ): Record<string, unknown>[] {
    const { allOrNone, records } = this.records(request);
    if (upsertObject && upsertField) this.data.externalIdField(upsertObject, upsertField);
    if (this.settings.collectionUnknownField === 'request') {
      for (const record of records) {
        const type = (record.attributes as { type?: unknown } | undefined)?.type;
        const object = typeof type === 'string' ? this.data.schema.object(type) : upsertObject;
        if (object) this.data.checkFieldNames(object, record);
      }
    }
    return this.runBatch(allOrNone, records, (record) => {
      const attributes = record.attributes as { type?: unknown } | undefined;
      const type = typeof attributes?.type === 'string' ? attributes.type : upsertObject?.name;
      if (!type) throw badRequest('INVALID_TYPE', 'Must send a concrete entity type.');
      const object = this.data.object(type);
      if (operation === 'create') {
        if (record.Id !== undefined || record.id !== undefined) {
          throw badRequest('INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
        }
        return { id: this.data.create(object.name, record, request.context).id, success: true, errors: [] };
      }
      if (operation === 'update') {
        const id = String(record.id ?? record.Id ?? '');
        if (!id) throw badRequest('MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
        const { Id: _ignored, ...values } = record;
        this.data.update(object.name, id, values, request.context);
        return { id: toId18(id) ?? id, success: true, errors: [] };
      }
      const field = this.data.externalIdField(object, upsertField ?? '');
      const key = Object.keys(record).find((name) => name.toLowerCase() === field.name.toLowerCase());
      const value = key === undefined ? undefined : record[key];
      if (value === undefined || value === null) {
        throw badRequest('MISSING_ARGUMENT', `${field.name} not specified`, [field.name]);
      }
      const result = this.data.upsert(object.name, field.name, String(value), record, request.context);
      return { id: result.id, success: true, errors: [], created: result.created };
    });
  }

  private collectionDelete(request: RestRequest): Record<string, unknown>[] {
    const ids = splitList(request.query.ids);
    if (ids.length === 0) throw badRequest('MISSING_ARGUMENT', 'ids parameter is required', ['ids']);
    if (ids.length > this.settings.collectionLimit) {
      throw badRequest(this.settings.collectionLimitError.errorCode, this.settings.collectionLimitError.message);
    }
    return this.runBatch(
      request.query.allOrNone === 'true',
      ids.map((id) => ({ id })),
      (item) => {
        const id = String(item.id);
        const object = this.data.schema.objectForKeyPrefix(id.slice(0, 3));
        if (!object || !toId18(id)) throw badRequest('MALFORMED_ID', `malformed id ${id}`);
        this.data.delete(object.name, id, request.context);
        return { id: toId18(id), success: true, errors: [] };
      },
      (item) => item.id,
    );
  }

  /**
   * Runs one collection request item by item: each item succeeds or fails alone, injected partial-batch faults
   * fail single items, and with allOrNone any failure rolls every item back.
   */
  private runBatch(
    allOrNone: boolean,
    items: Record<string, unknown>[],
    save: (item: Record<string, unknown>) => Record<string, unknown>,
    idOf: (item: Record<string, unknown>) => unknown = (item) => item.id ?? item.Id,
  ): Record<string, unknown>[] {
    const results: Record<string, unknown>[] = [];
    const attempt = () => {
      for (const item of items) {
        try {
          if (this.faults.failBatchItem('salesforce')) throw injectedFailure();
          results.push(this.data.store.transaction(() => save(item)));
        } catch (error) {
          const apiError = asApiError(error);
          const id = idOf(item);
          results.push({ ...(id ? { id } : { id: null }), success: false, errors: [apiError.toRecordError()] });
        }
      }
      if (allOrNone && results.some((result) => result.success === false)) throw new RollBack();
    };
    try {
      this.data.store.transaction(attempt);
    } catch (error) {
      if (!(error instanceof RollBack)) throw error;
      return results.map((result) =>
        result.success === false
          ? result
          : {
              id: null,
              success: false,
              errors: [
                {
                  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
                  message:
                    'Record rolled back because not all records were valid and the request was using AllOrNone header',
                  fields: [],
                },
              ],
            },
      );
    }
    return results;
  }

  private collectionRetrieve(
    object: ObjectDef,
    ids: string[],
    fields: string[],
    version: string,
  ): (WireRecord | null)[] {
    if (ids.length === 0) throw badRequest('MISSING_ARGUMENT', 'ids parameter is required', ['ids']);
    if (fields.length === 0) throw badRequest('MISSING_ARGUMENT', 'fields parameter is required', ['fields']);
    if (ids.length > 2000) throw badRequest('EXCEEDED_ID_LIMIT', 'Cannot retrieve more than 2000 records');
    return ids.map((id) => {
      const normalised = toId18(id);
      const record = normalised ? this.data.store.get(object.name, normalised) : undefined;
      if (!record || record.IsDeleted === true) return null;
      return wireRecord(this.data.schema, object, record, version, fields.join(','));
    });
  }

  private compositeRequest(request: RestRequest): Record<string, unknown> {
    const body = bodyObject(request.body);
    const subrequests = body.compositeRequest;
    if (!Array.isArray(subrequests) || subrequests.length === 0) {
      throw badRequest('INVALID_FIELD', "Missing required 'compositeRequest' field", ['compositeRequest']);
    }
    if (subrequests.length > this.settings.compositeLimit) {
      throw badRequest(
        'LIMIT_EXCEEDED',
        `Composite request exceeds the maximum of ${this.settings.compositeLimit} subrequests`,
      );
    }
    const allOrNone = body.allOrNone === true;
    const results: Record<string, unknown>[] = [];
    const references = new Map<string, unknown>();
    const run = () => {
      for (const raw of subrequests) {
        const sub = bodyObject(raw);
        const referenceId = String(sub.referenceId ?? '');
        let response: RestResponse;
        try {
          response = this.subrequest(request, sub, references);
        } catch (error) {
          const apiError = asApiError(error);
          response = { status: apiError.status, body: [apiError.toWire()] };
        }
        results.push({
          body: response.body ?? null,
          httpHeaders: response.headers ?? {},
          httpStatusCode: response.status,
          referenceId,
        });
        if (response.status < 300) references.set(referenceId, response.body);
        else if (allOrNone) throw new RollBack();
      }
    };
    try {
      this.data.store.transaction(run);
    } catch (error) {
      if (!(error instanceof RollBack)) throw error;
      const failed = results.length - 1;
      const halted = subrequests.map((raw, index) => {
        const result = results[index];
        if (index === failed && result) return result;
        return {
          body: [
            {
              errorCode: 'PROCESSING_HALTED',
              message: 'The transaction was rolled back since another operation in the same transaction failed.',
            },
          ],
          httpHeaders: {},
          httpStatusCode: 400,
          referenceId: String(bodyObject(raw).referenceId ?? ''),
        };
      });
      return { compositeResponse: halted };
    }
    return { compositeResponse: results };
  }

  private compositeBatch(request: RestRequest): Record<string, unknown> {
    const body = bodyObject(request.body);
    const subrequests = body.batchRequests;
    if (!Array.isArray(subrequests)) throw badRequest('INVALID_FIELD', "Missing required 'batchRequests' field");
    if (subrequests.length > this.settings.compositeLimit) {
      throw badRequest(
        'LIMIT_EXCEEDED',
        `Batch request exceeds the maximum of ${this.settings.compositeLimit} subrequests`,
      );
    }
    let hasErrors = false;
    const results = subrequests.map((raw) => {
      const sub = bodyObject(raw);
      try {
        const response = this.subrequest(request, { ...sub, url: sub.url, body: sub.richInput }, new Map());
        return { statusCode: response.status, result: response.body ?? null };
      } catch (error) {
        hasErrors = true;
        const apiError = asApiError(error);
        return { statusCode: apiError.status, result: [apiError.toWire()] };
      }
    });
    return { hasErrors, results };
  }

  private subrequest(
    request: RestRequest,
    sub: Record<string, unknown>,
    references: Map<string, unknown>,
  ): RestResponse {
    const method = String(sub.method ?? '').toUpperCase();
    const url = resolveReferences(String(sub.url ?? ''), references);
    const match = /^\/services\/data\/v(\d+\.\d+)\/?([^?]*)(?:\?(.*))?$/.exec(
      url.startsWith('/') ? url : `/services/data/v${request.version}/${url}`,
    );
    if (!match) throw badRequest('INVALID_FIELD', `The URL ${url} is not a valid REST API URL`);
    const [, version = request.version, path = '', search = ''] = match;
    const query = Object.fromEntries(new URLSearchParams(search));
    const body =
      sub.body === undefined ? undefined : JSON.parse(resolveReferences(JSON.stringify(sub.body), references));
    const segments = path
      .split('/')
      .filter((part) => part !== '')
      .map(decodeURIComponent);
    if (segments[0] === 'composite' && segments[1] !== 'sobjects')
      throw badRequest('INVALID_FIELD', 'Composite requests cannot be nested');
    const response = this.dispatch({ ...request, method, segments, version, query, body });
    return response;
  }
}

class RollBack extends Error {}

function injectedFailure(): SalesforceApiError {
  return badRequest('FIELD_CUSTOM_VALIDATION_EXCEPTION', 'Injected validation failure (sandbox partial batch fault)');
}

/** Replaces `@{ref.path}` with values from earlier composite subrequests. */
function resolveReferences(text: string, references: Map<string, unknown>): string {
  return text.replace(/@\{([^.}[]+)((?:\.[^}.[]+|\[\d+\])*)\}/g, (_whole, ref: string, path: string) => {
    if (!references.has(ref)) {
      throw badRequest('PROCESSING_HALTED', `Invalid reference specified. No value for ${ref} found in ${ref}.`);
    }
    let value: unknown = references.get(ref);
    for (const part of path.match(/\.[^.[]+|\[\d+\]/g) ?? []) {
      const key = part.startsWith('.') ? part.slice(1) : Number(part.slice(1, -1));
      value =
        value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;
    }
    if (value === undefined) {
      throw badRequest('PROCESSING_HALTED', `Invalid reference specified. No value for ${ref}${path} found in ${ref}.`);
    }
    return String(value);
  });
}
