import type { Database } from 'better-sqlite3';

export type LinkSide = 'accounting' | 'erp';

/** One side of a link: the record in its system, and its version and content hash at the last sync. */
export interface LinkEnd {
  readonly entity: string;
  readonly id: string;
  readonly number?: string | undefined;
  readonly version?: string | undefined;
  readonly hash?: string | undefined;
}

export interface CrossReference {
  readonly id: number;
  readonly pairId: string;
  readonly accounting: LinkEnd;
  readonly erp: LinkEnd;
  readonly linkedBy: 'business_key' | 'write' | 'user';
  readonly createdAt: string;
  readonly updatedAt: string;
}

interface Row {
  id: number;
  pair_id: string;
  accounting_entity: string;
  accounting_id: string;
  accounting_number: string | null;
  accounting_version: string | null;
  accounting_hash: string | null;
  erp_entity: string;
  erp_id: string;
  erp_number: string | null;
  erp_version: string | null;
  erp_hash: string | null;
  linked_by: CrossReference['linkedBy'];
  created_at: string;
  updated_at: string;
}

/**
 * Links between the records of a pair's two systems. A link is keyed on each side (one counterpart per record), and
 * keeps each side's version and content hash of the last sync, which is what echo suppression compares against.
 */
export class CrossReferenceRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  find(pairId: string, side: LinkSide, entity: string, recordId: string): CrossReference | undefined {
    const sql =
      side === 'accounting'
        ? 'SELECT * FROM cross_references WHERE pair_id = ? AND accounting_entity = ? AND accounting_id = ?'
        : 'SELECT * FROM cross_references WHERE pair_id = ? AND erp_entity = ? AND erp_id = ?';
    const row = this.db.prepare(sql).get(pairId, entity, recordId) as Row | undefined;
    return row && fromRow(row);
  }

  /** A link of a record of one side to any entity on the other side, whichever flow made it. */
  findAnyEntity(pairId: string, side: LinkSide, recordId: string, entity: string): CrossReference[] {
    const sql =
      side === 'accounting'
        ? 'SELECT * FROM cross_references WHERE pair_id = ? AND accounting_id = ? AND accounting_entity = ?'
        : 'SELECT * FROM cross_references WHERE pair_id = ? AND erp_id = ? AND erp_entity = ?';
    return (this.db.prepare(sql).all(pairId, recordId, entity) as Row[]).map(fromRow);
  }

  get(id: number): CrossReference | undefined {
    const row = this.db.prepare('SELECT * FROM cross_references WHERE id = ?').get(id) as Row | undefined;
    return row && fromRow(row);
  }

  /**
   * Creates the link, or refreshes it when either end is already linked (a record re-created after a deletion takes
   * over the old link). Returns the link as stored.
   */
  link(pairId: string, accounting: LinkEnd, erp: LinkEnd, linkedBy: CrossReference['linkedBy']): CrossReference {
    const at = this.now().toISOString();
    const existing =
      this.find(pairId, 'accounting', accounting.entity, accounting.id) ?? this.find(pairId, 'erp', erp.entity, erp.id);
    const values = {
      pair_id: pairId,
      accounting_entity: accounting.entity,
      accounting_id: accounting.id,
      accounting_number: accounting.number ?? null,
      accounting_version: accounting.version ?? null,
      accounting_hash: accounting.hash ?? null,
      erp_entity: erp.entity,
      erp_id: erp.id,
      erp_number: erp.number ?? null,
      erp_version: erp.version ?? null,
      erp_hash: erp.hash ?? null,
      linked_by: linkedBy,
      at,
    };
    if (existing) {
      this.db
        .prepare(
          `UPDATE cross_references SET accounting_entity = @accounting_entity, accounting_id = @accounting_id,
             accounting_number = coalesce(@accounting_number, accounting_number),
             accounting_version = coalesce(@accounting_version, accounting_version),
             accounting_hash = coalesce(@accounting_hash, accounting_hash),
             erp_entity = @erp_entity, erp_id = @erp_id, erp_number = coalesce(@erp_number, erp_number),
             erp_version = coalesce(@erp_version, erp_version), erp_hash = coalesce(@erp_hash, erp_hash),
             updated_at = @at
           WHERE id = @id`,
        )
        .run({ ...values, id: existing.id });
      return this.get(existing.id) as CrossReference;
    }
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO cross_references (pair_id, accounting_entity, accounting_id, accounting_number, accounting_version,
           accounting_hash, erp_entity, erp_id, erp_number, erp_version, erp_hash, linked_by, created_at, updated_at)
         VALUES (@pair_id, @accounting_entity, @accounting_id, @accounting_number, @accounting_version, @accounting_hash,
           @erp_entity, @erp_id, @erp_number, @erp_version, @erp_hash, @linked_by, @at, @at)`,
      )
      .run(values);
    return this.get(Number(lastInsertRowid)) as CrossReference;
  }

  /** Records what one side looks like now that it is in step (after a write, or when a read shows no change). */
  touch(id: number, side: LinkSide, end: Pick<LinkEnd, 'version' | 'hash' | 'number'>): void {
    const sql =
      side === 'accounting'
        ? `UPDATE cross_references SET accounting_version = coalesce(?, accounting_version),
             accounting_hash = coalesce(?, accounting_hash), accounting_number = coalesce(?, accounting_number),
             updated_at = ? WHERE id = ?`
        : `UPDATE cross_references SET erp_version = coalesce(?, erp_version), erp_hash = coalesce(?, erp_hash),
             erp_number = coalesce(?, erp_number), updated_at = ? WHERE id = ?`;
    this.db.prepare(sql).run(end.version ?? null, end.hash ?? null, end.number ?? null, this.now().toISOString(), id);
  }

  list(pairId: string, entity?: string): CrossReference[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM cross_references WHERE pair_id = ? AND (? IS NULL OR accounting_entity = ? OR erp_entity = ?)
         ORDER BY id`,
      )
      .all(pairId, entity ?? null, entity ?? null, entity ?? null) as Row[];
    return rows.map(fromRow);
  }
}

function fromRow(row: Row): CrossReference {
  const end = (
    entity: string,
    id: string,
    number: string | null,
    version: string | null,
    hash: string | null,
  ): LinkEnd => ({
    entity,
    id,
    ...(number === null ? {} : { number }),
    ...(version === null ? {} : { version }),
    ...(hash === null ? {} : { hash }),
  });
  return {
    id: row.id,
    pairId: row.pair_id,
    accounting: end(
      row.accounting_entity,
      row.accounting_id,
      row.accounting_number,
      row.accounting_version,
      row.accounting_hash,
    ),
    erp: end(row.erp_entity, row.erp_id, row.erp_number, row.erp_version, row.erp_hash),
    linkedBy: row.linked_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
