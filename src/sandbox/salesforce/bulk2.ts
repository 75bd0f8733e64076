import { parse } from 'csv-parse/sync';
import type { FaultInjector } from '../shared/faults.js';
import type { SalesforceData, WriteContext } from './data.js';
import { asApiError, badRequest, notFound, SalesforceApiError } from './errors.js';
import type { Limits } from './limits.js';
import { bodyObject, type RestRequest, type RestResponse } from './rest.js';
import type { SalesforceSettings } from './settings.js';
import { runQuery, type WireRecord } from './soql/query.js';

type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
type IngestOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'hardDelete';

const DELIMITERS: Readonly<Record<string, string>> = {
  BACKQUOTE: '`',
  CARET: '^',
  COMMA: ',',
  PIPE: '|',
  SEMICOLON: ';',
  TAB: '\t',
};

interface JobBase {
  readonly id: string;
  readonly object: string;
  readonly createdDate: string;
  readonly apiVersion: number;
  readonly context: WriteContext;
  state: JobState;
  systemModstamp: string;
  errorMessage?: string;
  numberRecordsProcessed: number;
}

interface IngestJob extends JobBase {
  readonly kind: 'ingest';
  readonly operation: IngestOperation;
  readonly externalIdFieldName?: string;
  readonly columnDelimiter: string;
  readonly lineEnding: 'LF' | 'CRLF';
  uploads: string[];
  numberRecordsFailed: number;
  successful: string[][];
  failed: string[][];
  unprocessed: string[][];
  header: string[];
}

interface QueryJob extends JobBase {
  readonly kind: 'query';
  readonly operation: 'query' | 'queryAll';
  readonly query: string;
  columns: string[];
  rows: string[][];
}

type Job = IngestJob | QueryJob;

/** Bulk API 2.0: ingest jobs (CSV upload, asynchronous processing, result CSVs) and query jobs. */
export class Bulk2Api {
  private readonly jobs = new Map<string, Job>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly data: SalesforceData,
    private readonly limits: Limits,
    private readonly faults: FaultInjector,
    private readonly settings: SalesforceSettings,
  ) {}

  handle(request: RestRequest): RestResponse {
    const [, kind, id, part, ...extra] = request.segments;
    if ((kind !== 'ingest' && kind !== 'query') || extra.length > 0) throw notFound();
    if (id === undefined) {
      if (request.method === 'POST') return kind === 'ingest' ? this.createIngest(request) : this.createQuery(request);
      if (request.method === 'GET') return this.list(kind, request.version);
      throw methodNotAllowed();
    }
    const job = this.jobs.get(id);
    if (!job || job.kind !== kind) throw notFound();
    if (part === undefined) {
      switch (request.method) {
        case 'GET':
          return json(this.info(job));
        case 'PATCH':
          return json(this.changeState(job, bodyObject(request.body)));
        case 'DELETE':
          if (job.state === 'Open' || job.state === 'UploadComplete' || job.state === 'InProgress') {
            throw badRequest('API_ERROR', 'Job can only be deleted when it is Aborted, Failed or JobComplete', []);
          }
          this.jobs.delete(job.id);
          return { status: 204 };
        default:
          throw methodNotAllowed();
      }
    }
    if (job.kind === 'ingest') return this.ingestPart(job, part, request);
    if (part !== 'results' || request.method !== 'GET') throw notFound();
    return this.queryResults(job, request);
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  // ---- ingest -----------------------------------------------------------------------------------------------

  private createIngest(request: RestRequest): RestResponse {
    const body = bodyObject(request.body);
    const object = this.data.object(String(body.object ?? ''));
    const operation = String(body.operation ?? '');
    if (!['insert', 'update', 'upsert', 'delete', 'hardDelete'].includes(operation)) {
      throw badRequest('INVALIDJOB', `InvalidJob : Invalid operation: ${operation}`);
    }
    const externalIdFieldName = typeof body.externalIdFieldName === 'string' ? body.externalIdFieldName : undefined;
    if (operation === 'upsert') {
      if (!externalIdFieldName) throw badRequest('INVALIDJOB', `InvalidJob : External ID was blank for ${object.name}`);
      this.data.externalIdField(object, externalIdFieldName);
    }
    const delimiter = String(body.columnDelimiter ?? 'COMMA');
    if (!(delimiter in DELIMITERS))
      throw badRequest('INVALIDJOB', `InvalidJob : Invalid column delimiter: ${delimiter}`);
    const now = this.data.store.now();
    const job: IngestJob = {
      kind: 'ingest',
      id: this.data.store.ids.next('750'),
      object: object.name,
      operation: operation as IngestOperation,
      ...(externalIdFieldName ? { externalIdFieldName } : {}),
      columnDelimiter: delimiter,
      lineEnding: body.lineEnding === 'CRLF' ? 'CRLF' : 'LF',
      createdDate: now,
      systemModstamp: now,
      apiVersion: Number(request.version),
      context: request.context,
      state: 'Open',
      uploads: [],
      numberRecordsProcessed: 0,
      numberRecordsFailed: 0,
      successful: [],
      failed: [],
      unprocessed: [],
      header: [],
    };
    this.jobs.set(job.id, job);
    return json(this.info(job));
  }

  private ingestPart(job: IngestJob, part: string, request: RestRequest): RestResponse {
    if (part === 'batches') {
      if (request.method !== 'PUT') throw methodNotAllowed();
      if (job.state !== 'Open') {
        throw new SalesforceApiError(
          409,
          'INVALIDJOBSTATE',
          `Job ${job.id} is not open for data upload (state ${job.state})`,
        );
      }
      if (typeof request.body !== 'string') {
        throw new SalesforceApiError(415, 'UNSUPPORTEDCONTENTTYPE', 'Unsupported content type; use text/csv');
      }
      job.uploads.push(request.body);
      this.limits.countBulkBatch();
      return { status: 201 };
    }
    if (request.method !== 'GET') throw methodNotAllowed();
    const csv = (header: string[], rows: string[][]) => ({
      status: 200,
      headers: { 'Content-Type': 'text/csv' },
      body: toCsv(header, rows),
    });
    switch (part) {
      case 'successfulResults':
        return csv(['sf__Id', 'sf__Created', ...job.header], job.successful);
      case 'failedResults':
        return csv(['sf__Id', 'sf__Error', ...job.header], job.failed);
      case 'unprocessedrecords':
        return csv(job.header, job.unprocessed);
      default:
        throw notFound();
    }
  }

  private changeState(job: Job, body: Record<string, unknown>): Record<string, unknown> {
    const state = body.state;
    if (state === 'Aborted') {
      if (job.state === 'JobComplete' || job.state === 'Failed') {
        throw badRequest('INVALIDJOBSTATE', `Job ${job.id} is already ${job.state}`);
      }
      job.state = 'Aborted';
    } else if (state === 'UploadComplete' && job.kind === 'ingest') {
      if (job.state !== 'Open') throw badRequest('INVALIDJOBSTATE', `Job ${job.id} is not Open`);
      job.state = 'UploadComplete';
      this.later(() => {
        if (job.state !== 'UploadComplete') return;
        job.state = 'InProgress';
        this.later(() => this.process(job));
      });
    } else {
      throw badRequest('INVALIDJOBSTATE', `Invalid state change to ${String(state)}`);
    }
    job.systemModstamp = this.data.store.now();
    return this.info(job);
  }

  private later(work: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, this.settings.bulkProcessingDelayMs / 2);
    this.timers.add(timer);
  }

  /** Processes every uploaded row: each row is its own save, so some can fail while the rest succeed. */
  private process(job: IngestJob): void {
    if (job.state !== 'InProgress') return;
    try {
      const rows = job.uploads.flatMap((upload, index) => this.parseUpload(job, upload, index === 0));
      for (const row of rows) this.processRow(job, row);
      job.state = 'JobComplete';
    } catch (error) {
      job.state = 'Failed';
      job.errorMessage = asApiError(error).message;
    }
    job.systemModstamp = this.data.store.now();
  }

  private parseUpload(job: IngestJob, text: string, first: boolean): string[][] {
    let rows: string[][];
    try {
      rows = parse(text, {
        delimiter: DELIMITERS[job.columnDelimiter] ?? ',',
        relax_column_count: false,
        skip_empty_lines: true,
        bom: true,
      }) as string[][];
    } catch (error) {
      throw badRequest(
        'INVALIDBATCH',
        `InvalidBatch : Failed to parse CSV: ${error instanceof Error ? error.message : ''}`,
      );
    }
    const [header, ...body] = rows;
    if (!header) return [];
    if (first) {
      job.header = header;
      this.checkColumns(job, header);
    }
    return body;
  }

  private checkColumns(job: IngestJob, header: string[]): void {
    if (this.settings.bulkUnknownColumns !== 'fail') return;
    for (const column of header) {
      const [head = ''] = column.split('.');
      const known = column.includes('.')
        ? this.data.schema.parentRelationship(job.object, head)
        : this.data.schema.field(job.object, column);
      if (!known) throw badRequest('INVALIDBATCH', `InvalidBatch : Field name not found : ${column}`);
    }
  }

  private processRow(job: IngestJob, row: string[]): void {
    job.numberRecordsProcessed++;
    try {
      if (this.faults.failBatchItem('salesforce')) {
        throw badRequest(
          'FIELD_CUSTOM_VALIDATION_EXCEPTION',
          'Injected validation failure (sandbox partial batch fault)',
        );
      }
      const record = this.rowToRecord(job, row);
      const { id, created } = this.saveRow(job, record);
      job.successful.push([id, String(created), ...row]);
    } catch (error) {
      const apiError = asApiError(error);
      job.numberRecordsFailed++;
      const fields = apiError.fields.join(':');
      job.failed.push(['', `${apiError.errorCode}:${apiError.message}:${fields} --`, ...row]);
    }
  }

  private rowToRecord(job: IngestJob, row: string[]): Record<string, unknown> {
    const record: Record<string, unknown> = {};
    for (const [index, column] of job.header.entries()) {
      const value = row[index] ?? '';
      if (value === '') continue;
      const parsed = value === '#N/A' ? null : value;
      const dot = column.indexOf('.');
      if (dot > 0) {
        const relationship = column.slice(0, dot);
        if (!this.data.schema.parentRelationship(job.object, relationship)) continue;
        record[relationship] = { [column.slice(dot + 1)]: parsed };
        continue;
      }
      if (this.data.schema.field(job.object, column)) record[column] = parsed;
      // Columns that name a relationship or nothing known (jsforce adds such columns) are ignored.
    }
    return record;
  }

  private saveRow(job: IngestJob, record: Record<string, unknown>): { id: string; created: boolean } {
    const context: WriteContext = { ...job.context, transactionKey: `${job.id}-${job.numberRecordsProcessed}` };
    const id = String(record.Id ?? '');
    switch (job.operation) {
      case 'insert': {
        const { Id: _id, ...values } = record;
        return { id: this.data.create(job.object, values, context).id, created: true };
      }
      case 'update': {
        if (!id) throw badRequest('MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
        const { Id: _id, ...values } = record;
        this.data.update(job.object, id, values, context);
        return { id, created: false };
      }
      case 'upsert': {
        const field = this.data.externalIdField(this.data.object(job.object), job.externalIdFieldName ?? '');
        const value = field.name === 'Id' ? id : record[field.name];
        if (field.name !== 'Id' && (value === undefined || value === null)) {
          throw badRequest('MISSING_ARGUMENT', `${field.name} not specified`, [field.name]);
        }
        const { Id: _id, ...values } = record;
        return this.data.upsert(job.object, field.name, String(value ?? ''), values, context);
      }
      default: {
        if (!id) throw badRequest('MISSING_ARGUMENT', 'Id not specified in a delete call', ['Id']);
        this.data.delete(job.object, id, context);
        return { id, created: false };
      }
    }
  }

  // ---- query ------------------------------------------------------------------------------------------------

  private createQuery(request: RestRequest): RestResponse {
    const body = bodyObject(request.body);
    const soql = String(body.query ?? '');
    const operation = body.operation === 'queryAll' ? 'queryAll' : 'query';
    const outcome = runQuery(soql, {
      store: this.data.store,
      apiVersion: request.version,
      includeDeleted: operation === 'queryAll',
      utcOffsetMinutes: this.settings.utcOffsetMinutes,
      maxOffset: this.settings.maxOffset,
    });
    if (outcome.hasSubqueries)
      throw badRequest('API_ERROR', 'Nested queries are not supported in Bulk API 2.0 query jobs.');
    if (outcome.columns.length === 0)
      throw badRequest('API_ERROR', 'Aggregate queries are not supported in Bulk API 2.0 query jobs.');
    const compound = outcome.columns.find((column) => {
      const name = column.split('.').pop() ?? '';
      return this.data.schema
        .all()
        .some((object) => object.fields.some((f) => f.name === name && f.type === 'address'));
    });
    if (compound)
      throw badRequest('API_ERROR', `Compound field ${compound} is not supported in Bulk API 2.0 query jobs.`);
    this.limits.countBulkQueryJob();
    const now = this.data.store.now();
    const objectName = /\bFROM\s+(\w+)/i.exec(soql)?.[1] ?? '';
    const job: QueryJob = {
      kind: 'query',
      id: this.data.store.ids.next('750'),
      object: this.data.schema.object(objectName)?.name ?? objectName,
      operation,
      query: soql,
      createdDate: now,
      systemModstamp: now,
      apiVersion: Number(request.version),
      context: request.context,
      state: 'UploadComplete',
      numberRecordsProcessed: 0,
      columns: outcome.columns,
      rows: outcome.records.map((record) => outcome.columns.map((column) => cell(record, column))),
    };
    this.jobs.set(job.id, job);
    this.later(() => {
      if (job.state !== 'UploadComplete') return;
      job.state = 'InProgress';
      this.later(() => {
        if (job.state !== 'InProgress') return;
        job.state = 'JobComplete';
        job.numberRecordsProcessed = job.rows.length;
        job.systemModstamp = this.data.store.now();
      });
    });
    return json(this.info(job));
  }

  private queryResults(job: QueryJob, request: RestRequest): RestResponse {
    if (job.state !== 'JobComplete') {
      throw new SalesforceApiError(412, 'JOB_NOT_COMPLETE', `Job ${job.id} is not complete (state ${job.state})`);
    }
    const start = request.query.locator ? Number(Buffer.from(request.query.locator, 'base64').toString('utf8')) : 0;
    if (!Number.isInteger(start) || start < 0) throw badRequest('INVALID_LOCATOR', 'Invalid locator');
    const maxRecords = Number(request.query.maxRecords ?? this.settings.bulkQueryPageSize ?? job.rows.length);
    const size = Number.isInteger(maxRecords) && maxRecords > 0 ? maxRecords : job.rows.length;
    const rows = job.rows.slice(start, start + size);
    const next = start + size;
    return {
      status: 200,
      headers: {
        'Content-Type': 'text/csv',
        'Sforce-NumberOfRecords': String(rows.length),
        'Sforce-Locator':
          next < job.rows.length ? Buffer.from(String(next)).toString('base64').replace(/=+$/, '') : 'null',
      },
      body: toCsv(job.columns, rows),
    };
  }

  // ---- job info ---------------------------------------------------------------------------------------------

  private list(kind: 'ingest' | 'query', version: string): RestResponse {
    const records = [...this.jobs.values()].filter((job) => job.kind === kind).map((job) => this.info(job));
    void version;
    return json({ done: true, records, nextRecordsUrl: null });
  }

  private info(job: Job): Record<string, unknown> {
    const common = {
      id: job.id,
      operation: job.operation,
      object: job.object,
      createdById: job.context.userId,
      createdDate: job.createdDate,
      systemModstamp: job.systemModstamp,
      state: job.state,
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: job.apiVersion,
    };
    if (job.kind === 'query') {
      return {
        ...common,
        jobType: 'V2Query',
        lineEnding: 'LF',
        columnDelimiter: 'COMMA',
        numberRecordsProcessed: job.numberRecordsProcessed,
        retries: 0,
        totalProcessingTime: 0,
        ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
      };
    }
    return {
      ...common,
      ...(job.externalIdFieldName ? { externalIdFieldName: job.externalIdFieldName } : {}),
      contentUrl: `services/data/v${job.apiVersion.toFixed(1)}/jobs/ingest/${job.id}/batches`,
      lineEnding: job.lineEnding,
      columnDelimiter: job.columnDelimiter,
      jobType: 'V2Ingest',
      numberRecordsProcessed: job.numberRecordsProcessed,
      numberRecordsFailed: job.numberRecordsFailed,
      retries: 0,
      totalProcessingTime: 0,
      apiActiveProcessingTime: 0,
      apexProcessingTime: 0,
      ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
    };
  }
}

function json(body: unknown): RestResponse {
  return { status: 200, body };
}

function methodNotAllowed(): SalesforceApiError {
  return new SalesforceApiError(405, 'METHOD_NOT_ALLOWED', 'HTTP Method not allowed for this resource');
}

/** A dotted column (`Account.Name`) read from a query row with nested parent objects. */
function cell(record: WireRecord, column: string): string {
  let value: unknown = record;
  for (const part of column.split('.')) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }
  return value === null || value === undefined ? '' : String(value);
}

function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (values: readonly string[]) => values.map((value) => `"${value.replace(/"/g, '""')}"`).join(',');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
