import type { Database } from 'better-sqlite3';
import { CounterpartError } from '../../errors.js';

export interface ReadCursor {
  readonly connectionId: string;
  readonly entity: string;
  /** The newest last-modified stamp acknowledged, as an ISO UTC instant with milliseconds. */
  readonly cursorAt: string;
  readonly updatedAt: string;
}

/** One record version a caller has processed. */
export interface SeenVersion {
  readonly recordId: string;
  /** `recordVersionKey` of the record's source: (system, id, updatedAt, version). */
  readonly versionKey: string;
  /** The record's last-modified stamp, used to prune versions that left the look-back window. */
  readonly modifiedAt: string;
}

export interface Acknowledgement {
  readonly seen: readonly SeenVersion[];
  /** Moves the cursor forward to this instant (never back; use `reset` for that). */
  readonly cursorAt?: string | undefined;
  /** Forgets seen versions last modified before this instant: they are older than the look-back window. */
  readonly forgetBefore?: string | undefined;
}

interface CursorRow {
  connection_id: string;
  entity: string;
  cursor_at: string;
  updated_at: string;
}

/**
 * The state of incremental reads per connection and entity: the cursor, and the versions processed in the look-back
 * window. Both change in one transaction per acknowledged page, so a crash leaves either the old state (the page is
 * read again, harmlessly) or the new one — never a cursor ahead of what was processed.
 */
export class ReadCursorRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get(connectionId: string, entity: string): ReadCursor | undefined {
    const row = this.db
      .prepare('SELECT * FROM read_cursors WHERE connection_id = ? AND entity = ?')
      .get(connectionId, entity) as CursorRow | undefined;
    return (
      row && { connectionId: row.connection_id, entity: row.entity, cursorAt: row.cursor_at, updatedAt: row.updated_at }
    );
  }

  list(connectionId: string): ReadCursor[] {
    const rows = this.db
      .prepare('SELECT * FROM read_cursors WHERE connection_id = ? ORDER BY entity')
      .all(connectionId) as CursorRow[];
    return rows.map((row) => ({
      connectionId: row.connection_id,
      entity: row.entity,
      cursorAt: row.cursor_at,
      updatedAt: row.updated_at,
    }));
  }

  /** Of the given versions, those not processed before (a new record, or a new version of a known one). */
  unseen<T extends { readonly recordId: string; readonly versionKey: string }>(
    connectionId: string,
    entity: string,
    versions: readonly T[],
  ): T[] {
    const lookup = this.db.prepare(
      'SELECT version_key FROM seen_versions WHERE connection_id = ? AND entity = ? AND record_id = ?',
    );
    return versions.filter((version) => {
      const row = lookup.get(connectionId, entity, version.recordId) as { version_key: string } | undefined;
      return row?.version_key !== version.versionKey;
    });
  }

  /** Records a processed page: its versions, the cursor, and pruning — atomically. */
  acknowledge(connectionId: string, entity: string, ack: Acknowledgement): void {
    const cursorAt = ack.cursorAt === undefined ? undefined : normalisedInstant(ack.cursorAt);
    const forgetBefore = ack.forgetBefore === undefined ? undefined : normalisedInstant(ack.forgetBefore);
    const remember = this.db.prepare(
      `INSERT INTO seen_versions (connection_id, entity, record_id, version_key, modified_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (connection_id, entity, record_id)
       DO UPDATE SET version_key = excluded.version_key, modified_at = excluded.modified_at
       WHERE excluded.modified_at >= seen_versions.modified_at`,
    );
    const write = this.db.transaction(() => {
      for (const version of ack.seen) {
        remember.run(connectionId, entity, version.recordId, version.versionKey, normalisedInstant(version.modifiedAt));
      }
      if (cursorAt !== undefined) this.advance(connectionId, entity, cursorAt);
      if (forgetBefore !== undefined) {
        this.db
          .prepare('DELETE FROM seen_versions WHERE connection_id = ? AND entity = ? AND modified_at < ?')
          .run(connectionId, entity, forgetBefore);
      }
    });
    try {
      write();
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw error;
      throw new CounterpartError(
        'store.connection_not_found',
        `There is no connection ${connectionId} in this workspace to keep a read cursor for: it may have been deleted during the read.`,
        { connection: connectionId, entity },
        { cause: error },
      );
    }
  }

  /** Forgets the cursor and seen versions of one entity (or all), so the next read is a full one. */
  reset(connectionId: string, entity?: string): void {
    this.db.transaction(() => {
      for (const table of ['read_cursors', 'seen_versions']) {
        if (entity === undefined) this.db.prepare(`DELETE FROM ${table} WHERE connection_id = ?`).run(connectionId);
        else this.db.prepare(`DELETE FROM ${table} WHERE connection_id = ? AND entity = ?`).run(connectionId, entity);
      }
    })();
  }

  /** How many versions are remembered, for health figures and to show the table stays small. */
  seenCount(connectionId: string, entity: string): number {
    const row = this.db
      .prepare('SELECT count(*) AS n FROM seen_versions WHERE connection_id = ? AND entity = ?')
      .get(connectionId, entity) as { n: number };
    return row.n;
  }

  private advance(connectionId: string, entity: string, cursorAt: string): void {
    this.db
      .prepare(
        `INSERT INTO read_cursors (connection_id, entity, cursor_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (connection_id, entity) DO UPDATE SET cursor_at = excluded.cursor_at, updated_at = excluded.updated_at
         WHERE excluded.cursor_at > read_cursors.cursor_at`,
      )
      .run(connectionId, entity, cursorAt, this.now().toISOString());
  }
}

/**
 * Instants are stored as `toISOString()` (always milliseconds, always Z) so that text order is time order:
 * "…:11Z" and "…:11.000Z" would otherwise sort apart.
 */
export function normalisedInstant(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) {
    throw new CounterpartError('store.bad_instant', `"${instant}" is not an ISO-8601 date-time.`, { instant });
  }
  return new Date(ms).toISOString();
}
