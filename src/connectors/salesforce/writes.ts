import type { RecordRef } from '../../model/index.js';
import type { WriteOutcome } from '../connector.js';
import { ConnectorError } from '../shared/connectorError.js';
import type { FieldValue } from './codecs/shared.js';
import type { SalesforceSession } from './connection.js';
import { classifyRecordError, malformedResponse } from './errors.js';
import { BulkRow, CollectionResults } from './wire.js';

/** One record to save: by external id (upsert) or by Salesforce Id (update), with the request it answers. */
export type SaveRow =
  | {
      readonly kind: 'upsert';
      readonly idempotencyKey: string;
      readonly externalId: string;
      readonly number?: string | undefined;
      readonly fields: Readonly<Record<string, FieldValue>>;
    }
  | {
      readonly kind: 'update';
      readonly idempotencyKey: string;
      readonly id: string;
      readonly number?: string | undefined;
      readonly fields: Readonly<Record<string, FieldValue>>;
    };

/**
 * Saves rows of one object in as few calls as Salesforce allows: updates and small upserts through sObject
 * Collections (200 a call, `allOrNone: false`, results in request order), upserts above the bulk threshold as one
 * Bulk API 2.0 ingest job (a handful of calls whatever the size). One outcome per row, in order; a call that fails
 * as a whole fails each of its rows with the same classified error.
 */
export class SalesforceWrites {
  constructor(private readonly session: SalesforceSession) {}

  async save(object: string, rows: readonly SaveRow[]): Promise<WriteOutcome[]> {
    const outcomes = new Map<SaveRow, WriteOutcome>();
    const upserts = rows.filter((row) => row.kind === 'upsert');
    const updates = rows.filter((row) => row.kind === 'update');
    const { bulkThreshold, collectionSize } = this.session.settings;
    if (upserts.length > bulkThreshold) {
      for (const [row, outcome] of await this.bulkUpsert(object, upserts)) outcomes.set(row, outcome);
    } else {
      for (const chunk of chunks(upserts, collectionSize)) {
        for (const [row, outcome] of await this.collection(object, chunk)) outcomes.set(row, outcome);
      }
    }
    for (const chunk of chunks(updates, collectionSize)) {
      for (const [row, outcome] of await this.collection(object, chunk)) outcomes.set(row, outcome);
    }
    return rows.map((row) => outcomes.get(row) as WriteOutcome);
  }

  private async collection(object: string, rows: readonly SaveRow[]): Promise<Map<SaveRow, WriteOutcome>> {
    const { externalIdField } = this.session.settings;
    const upsert = rows[0]?.kind === 'upsert';
    const records = rows.map((row) => ({
      attributes: { type: object },
      ...(row.kind === 'update' ? { id: row.id } : { [externalIdField]: row.externalId }),
      ...row.fields,
    }));
    const url = upsert ? `/composite/sobjects/${object}/${externalIdField}` : '/composite/sobjects';
    let results: ReturnType<typeof CollectionResults.parse>;
    try {
      const body = await this.session.call((connection) =>
        connection.request({
          method: 'PATCH',
          url,
          body: JSON.stringify({ allOrNone: false, records }),
          headers: { 'content-type': 'application/json' },
        }),
      );
      const parsed = CollectionResults.safeParse(body);
      if (!parsed.success || parsed.data.length !== rows.length) {
        throw malformedResponse(
          'sObject Collections result',
          parsed.success ? 'wrong number of results' : parsed.error.message,
        );
      }
      results = parsed.data;
    } catch (error) {
      return failAll(rows, this.session.classify(error));
    }
    const outcomes = new Map<SaveRow, WriteOutcome>();
    rows.forEach((row, index) => {
      const result = results[index];
      if (result?.success && result.id) {
        outcomes.set(row, success(row, result.id, result.created ?? false));
      } else {
        const first = result?.errors[0] ?? { statusCode: 'UNKNOWN_EXCEPTION', message: 'no result for this record' };
        outcomes.set(row, failure(row, classifyRecordError(first, contextOf(object, row))));
      }
    });
    return outcomes;
  }

  private async bulkUpsert(object: string, rows: readonly SaveRow[]): Promise<Map<SaveRow, WriteOutcome>> {
    const { externalIdField, bulkPollIntervalMs, bulkPollTimeoutMs } = this.session.settings;
    const byExternalId = new Map<string, SaveRow>();
    for (const row of rows) if (row.kind === 'upsert') byExternalId.set(row.externalId.toLowerCase(), row);
    let results: { successfulResults: readonly unknown[]; failedResults: readonly unknown[] };
    try {
      results = await this.session.call((connection) =>
        connection.bulk2.loadAndWaitForResults({
          object,
          operation: 'upsert',
          externalIdFieldName: externalIdField,
          input: toCsv(rows, externalIdField),
          pollInterval: bulkPollIntervalMs,
          pollTimeout: bulkPollTimeoutMs,
        }),
      );
    } catch (error) {
      return failAll(rows, this.session.classify(error));
    }
    const outcomes = new Map<SaveRow, WriteOutcome>();
    const keyOf = (record: unknown) => {
      const parsed = BulkRow.safeParse(record);
      const value = parsed.success ? parsed.data[externalIdField] : undefined;
      return typeof value === 'string' ? byExternalId.get(value.toLowerCase()) : undefined;
    };
    for (const record of results.successfulResults) {
      const row = keyOf(record);
      const fields = BulkRow.parse(record);
      if (row && typeof fields.sf__Id === 'string') {
        outcomes.set(row, success(row, fields.sf__Id, String(fields.sf__Created) === 'true'));
      }
    }
    for (const record of results.failedResults) {
      const row = keyOf(record);
      if (!row) continue;
      outcomes.set(
        row,
        failure(row, classifyRecordError(bulkError(BulkRow.parse(record).sf__Error), contextOf(object, row))),
      );
    }
    const unprocessed = new ConnectorError({
      kind: 'transient',
      system: 'salesforce',
      message: 'Salesforce did not process this record in the Bulk API job; it will be sent again.',
      context: { object },
    });
    for (const row of rows) if (!outcomes.has(row)) outcomes.set(row, failure(row, unprocessed));
    return outcomes;
  }
}

function success(row: SaveRow, id: string, created: boolean): WriteOutcome {
  const ref: RecordRef = { system: 'salesforce', id, ...(row.number === undefined ? {} : { number: row.number }) };
  return { ok: true, idempotencyKey: row.idempotencyKey, ref, created };
}

function failure(row: SaveRow, error: ConnectorError): WriteOutcome {
  return { ok: false, idempotencyKey: row.idempotencyKey, error };
}

function failAll(rows: readonly SaveRow[], error: ConnectorError): Map<SaveRow, WriteOutcome> {
  return new Map(rows.map((row) => [row, failure(row, error)]));
}

function contextOf(object: string, row: SaveRow): Record<string, string> {
  return {
    object,
    idempotencyKey: row.idempotencyKey,
    ...(row.kind === 'upsert' ? { externalId: row.externalId } : { record: row.id }),
  };
}

/** Bulk's `sf__Error` is `CODE:message[:fields --]`. */
function bulkError(text: unknown): { statusCode: string; message: string; fields: string[] } {
  const value = typeof text === 'string' ? text : 'UNKNOWN_EXCEPTION:no error text';
  const match = /^([A-Z_]+):([\s\S]*?)(?::([^:]*?))?\s*--\s*$/.exec(value) ?? /^([A-Z_]+):([\s\S]*)$/.exec(value);
  if (!match) return { statusCode: 'UNKNOWN_EXCEPTION', message: value, fields: [] };
  const fields = (match[3] ?? '')
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field !== '');
  return { statusCode: match[1] ?? 'UNKNOWN_EXCEPTION', message: (match[2] ?? '').trim(), fields };
}

/** CSV for a Bulk upsert: one column per field any row writes; `#N/A` clears a field, as Bulk 2.0 reads it. */
function toCsv(rows: readonly SaveRow[], externalIdField: string): string {
  const columns = [externalIdField];
  for (const row of rows) for (const name of Object.keys(row.fields)) if (!columns.includes(name)) columns.push(name);
  const cell = (value: FieldValue | undefined) => {
    if (value === undefined) return '';
    if (value === null) return '#N/A';
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [columns.join(',')];
  for (const row of rows) {
    if (row.kind !== 'upsert') continue;
    lines.push(columns.map((name) => cell(name === externalIdField ? row.externalId : row.fields[name])).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
