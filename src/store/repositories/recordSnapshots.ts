import type { Database } from 'better-sqlite3';

/** The last version read of one source record, as canonical JSON with its content hash. */
export interface RecordSnapshot {
  readonly connectionId: string;
  readonly entity: string;
  readonly recordId: string;
  readonly recordNumber: string | null;
  readonly versionKey: string;
  readonly modifiedAt: string;
  readonly contentHash: string;
  readonly recordJson: string;
  readonly readAt: string;
}

export type NewSnapshot = Omit<RecordSnapshot, 'readAt'>;

interface Row {
  connection_id: string;
  entity: string;
  record_id: string;
  record_number: string | null;
  version_key: string;
  modified_at: string;
  content_hash: string;
  record_json: string;
  read_at: string;
}

/**
 * What each connection's records looked like when last read, per entity: the sync engine's view of the other side
 * between reads, and the reconciliation console's input. An older version never replaces a newer one.
 */
export class RecordSnapshotRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  save(snapshot: NewSnapshot): void {
    this.db
      .prepare(
        `INSERT INTO record_snapshots (connection_id, entity, record_id, record_number, version_key, modified_at,
           content_hash, record_json, read_at)
         VALUES (@connectionId, @entity, @recordId, @recordNumber, @versionKey, @modifiedAt, @contentHash, @recordJson, @readAt)
         ON CONFLICT (connection_id, entity, record_id) DO UPDATE SET record_number = excluded.record_number,
           version_key = excluded.version_key, modified_at = excluded.modified_at, content_hash = excluded.content_hash,
           record_json = excluded.record_json, read_at = excluded.read_at
         WHERE excluded.modified_at >= record_snapshots.modified_at`,
      )
      .run({ ...snapshot, readAt: this.now().toISOString() });
  }

  get(connectionId: string, entity: string, recordId: string): RecordSnapshot | undefined {
    const row = this.db
      .prepare('SELECT * FROM record_snapshots WHERE connection_id = ? AND entity = ? AND record_id = ?')
      .get(connectionId, entity, recordId) as Row | undefined;
    return row && fromRow(row);
  }

  /** Every snapshot of one entity of one connection, streamed (tens of thousands of invoices). */
  *iterate(connectionId: string, entity: string): Generator<RecordSnapshot> {
    const rows = this.db
      .prepare('SELECT * FROM record_snapshots WHERE connection_id = ? AND entity = ? ORDER BY record_id')
      .iterate(connectionId, entity) as Iterable<Row>;
    for (const row of rows) yield fromRow(row);
  }

  count(connectionId: string, entity: string): number {
    const row = this.db
      .prepare('SELECT count(*) AS n FROM record_snapshots WHERE connection_id = ? AND entity = ?')
      .get(connectionId, entity) as { n: number };
    return row.n;
  }
}

function fromRow(row: Row): RecordSnapshot {
  return {
    connectionId: row.connection_id,
    entity: row.entity,
    recordId: row.record_id,
    recordNumber: row.record_number,
    versionKey: row.version_key,
    modifiedAt: row.modified_at,
    contentHash: row.content_hash,
    recordJson: row.record_json,
    readAt: row.read_at,
  };
}
