import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import { type ReconSide, statementCache } from './reconciliations.js';

/** One record of one side as it was read: the canonical record (or file row) and the values the grid shows. */
export interface ReconRecord {
  readonly side: ReconSide;
  readonly key: string;
  readonly ordinal: number;
  /** The line of the file it came from; 0 for records read through a connection. */
  readonly line: number;
  readonly canonical: unknown;
  readonly values: Readonly<Record<string, string>>;
  readonly carriedFrom: string | null;
  readonly readAt: string;
}

/** Flat display values stored as JSON: validated on the way out like any JSON read back from the database. */
const DisplayValues = z.record(z.string(), z.string());

interface RecordRow {
  side: ReconSide;
  record_key: string;
  ordinal: number;
  line: number;
  canonical_json: string;
  values_json: string;
  carried_from: string | null;
  read_at: string;
}

/** The records each side of a reconciliation held, kept so a past period reopens with the values decided on. */
export class ReconRecordRepository {
  private readonly prepare: (sql: string) => Statement;

  constructor(db: Database) {
    this.prepare = statementCache(db);
  }

  /** Adds many records in the caller's transaction (a run stores 100,000s at once). */
  insertMany(reconciliationId: string, records: Iterable<ReconRecord>): number {
    const insert = this.prepare(
      `INSERT INTO recon_records (reconciliation_id, side, record_key, ordinal, line, canonical_json, values_json,
         carried_from, read_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    let count = 0;
    for (const record of records) {
      insert.run(
        reconciliationId,
        record.side,
        record.key,
        record.ordinal,
        record.line,
        JSON.stringify(record.canonical),
        JSON.stringify(record.values),
        record.carriedFrom,
        record.readAt,
      );
      count += 1;
    }
    return count;
  }

  get(reconciliationId: string, side: ReconSide, key: string): ReconRecord | undefined {
    const row = this.prepare(
      'SELECT * FROM recon_records WHERE reconciliation_id = ? AND side = ? AND record_key = ?',
    ).get(reconciliationId, side, key) as RecordRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** Records by key, in the order asked; keys that are not there are left out. One query for a page of rows. */
  getMany(reconciliationId: string, side: ReconSide, keys: readonly string[]): ReconRecord[] {
    const rows = this.prepare(
      `SELECT * FROM recon_records
       WHERE reconciliation_id = ? AND side = ? AND record_key IN (SELECT value FROM json_each(?))`,
    ).all(reconciliationId, side, JSON.stringify(keys)) as RecordRow[];
    const byKey = new Map(rows.map((row) => [row.record_key, toRecord(row)]));
    return keys.flatMap((key) => {
      const record = byKey.get(key);
      return record ? [record] : [];
    });
  }

  /** Every record of one side in the order it was read. */
  *iterate(reconciliationId: string, side: ReconSide): IterableIterator<ReconRecord> {
    const rows = this.prepare(
      'SELECT * FROM recon_records WHERE reconciliation_id = ? AND side = ? ORDER BY ordinal',
    ).iterate(reconciliationId, side) as IterableIterator<RecordRow>;
    for (const row of rows) yield toRecord(row);
  }

  /** Every record's display values by key, without the canonical records (reports read all of them). */
  valuesByKey(reconciliationId: string, side: ReconSide): Map<string, Readonly<Record<string, string>>> {
    const rows = this.prepare(
      'SELECT record_key, values_json FROM recon_records WHERE reconciliation_id = ? AND side = ?',
    ).iterate(reconciliationId, side) as IterableIterator<{ record_key: string; values_json: string }>;
    const values = new Map<string, Readonly<Record<string, string>>>();
    for (const row of rows) values.set(row.record_key, DisplayValues.parse(JSON.parse(row.values_json)));
    return values;
  }

  count(reconciliationId: string, side: ReconSide): { records: number; carried: number } {
    return this.prepare(
      `SELECT COUNT(*) AS records, COUNT(carried_from) AS carried FROM recon_records
         WHERE reconciliation_id = ? AND side = ?`,
    ).get(reconciliationId, side) as { records: number; carried: number };
  }
}

function toRecord(row: RecordRow): ReconRecord {
  return {
    side: row.side,
    key: row.record_key,
    ordinal: row.ordinal,
    line: row.line,
    canonical: JSON.parse(row.canonical_json) as unknown,
    values: DisplayValues.parse(JSON.parse(row.values_json)),
    carriedFrom: row.carried_from,
    readAt: row.read_at,
  };
}
