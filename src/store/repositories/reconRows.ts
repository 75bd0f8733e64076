import type { Database, Statement } from 'better-sqlite3';
import { CounterpartError } from '../../errors.js';
import { type ReconSide, statementCache } from './reconciliations.js';

export type GridRowStatus = 'auto' | 'suggested' | 'accepted' | 'manual' | 'unmatched';
export type GridStatusFilter = GridRowStatus | 'differences';
export type GridSortColumn = 'row' | 'status' | 'confidence' | 'key' | 'party' | 'date' | 'amount' | 'number';

/** Values a group is sorted by: its first record's, so one-to-many rows stay together whatever the sort. */
export interface GroupSortValues {
  readonly key: string;
  readonly party: string;
  readonly date: string;
  readonly amount: number | null;
  readonly number: string;
}

export interface GridRow {
  readonly rowKey: string;
  readonly rowNo: number;
  readonly groupId: string;
  readonly matchId: string | null;
  readonly position: number;
  readonly groupSize: number;
  readonly status: GridRowStatus;
  readonly confidence: number | null;
  readonly leftKey: string | null;
  readonly rightKey: string | null;
  readonly hasDifferences: boolean;
  readonly explanation: string | null;
  readonly sort: GroupSortValues;
  readonly searchText: string;
}

/** A row about to be stored, with the flag codes of its group's records (for the grid's flag filter). */
export interface NewGridRow extends GridRow {
  readonly flagCodes: readonly string[];
}

export interface GridQuery {
  readonly offset: number;
  readonly limit: number;
  readonly status?: GridStatusFilter | undefined;
  readonly flag?: string | undefined;
  readonly search?: string | undefined;
  readonly sort?: { readonly column: GridSortColumn; readonly direction: 'asc' | 'desc' } | undefined;
}

interface RowRecord {
  id: number;
  row_key: string;
  row_no: number;
  group_id: string;
  match_id: number | null;
  position: number;
  group_size: number;
  status: GridRowStatus;
  confidence: number | null;
  left_key: string | null;
  right_key: string | null;
  has_differences: number;
  explanation: string | null;
  sort_key: string;
  sort_party: string;
  sort_date: string;
  sort_amount: number | null;
  sort_number: string;
  search_text: string;
}

/** Each group starts at a multiple of this, so the rows of a group split by a decision fit where it was. */
export const GROUP_SPACING = 1024;

const SORT_COLUMNS: Readonly<Record<GridSortColumn, string>> = {
  row: 'row_no',
  status: 'status',
  confidence: 'confidence',
  key: 'sort_key',
  party: 'sort_party',
  date: 'sort_date',
  amount: 'sort_amount',
  number: 'sort_number',
};

/**
 * The reconciliation grid's rows: built once from the engine's result, changed one group at a time by decisions,
 * and paged, filtered, searched and sorted by SQLite along its indexes so 100,000-row grids open at once.
 */
export class ReconRowRepository {
  private readonly prepare: (sql: string) => Statement;

  /**
   * Figures that need a pass over a whole grid (totals per filter, counts per status, unmatched totals), kept per
   * reconciliation until one of its rows changes: scrolling a 100,000-row grid asks for the same total on every page.
   */
  private readonly memo = new Map<string, Map<string, unknown>>();

  constructor(private readonly db: Database) {
    this.prepare = statementCache(db);
  }

  insertMany(reconciliationId: string, rows: Iterable<NewGridRow>): void {
    this.memo.delete(reconciliationId);
    const insert = this.prepare(
      `INSERT INTO recon_rows (reconciliation_id, row_key, row_no, group_id, match_id, position, group_size, status,
         confidence, left_key, right_key, has_differences, explanation, sort_key, sort_party, sort_date, sort_amount,
         sort_number, search_text)
       VALUES (@reconciliationId, @rowKey, @rowNo, @groupId, @matchId, @position, @groupSize, @status, @confidence,
         @leftKey, @rightKey, @hasDifferences, @explanation, @sortKey, @sortParty, @sortDate, @sortAmount,
         @sortNumber, @searchText)`,
    );
    const flag = this.prepare(
      'INSERT OR IGNORE INTO recon_row_flags (row_id, reconciliation_id, code, row_no) VALUES (?, ?, ?, ?)',
    );
    for (const row of rows) {
      const { lastInsertRowid } = insert.run({
        reconciliationId,
        rowKey: row.rowKey,
        rowNo: row.rowNo,
        groupId: row.groupId,
        matchId: row.matchId === null ? null : Number(row.matchId),
        position: row.position,
        groupSize: row.groupSize,
        status: row.status,
        confidence: row.confidence,
        leftKey: row.leftKey,
        rightKey: row.rightKey,
        hasDifferences: row.hasDifferences ? 1 : 0,
        explanation: row.explanation,
        sortKey: row.sort.key,
        sortParty: row.sort.party,
        sortDate: row.sort.date,
        sortAmount: row.sort.amount,
        sortNumber: row.sort.number,
        searchText: row.searchText,
      });
      for (const code of row.flagCodes) flag.run(lastInsertRowid, reconciliationId, code, row.rowNo);
    }
  }

  page(reconciliationId: string, query: GridQuery): { total: number; rows: GridRow[] } {
    const { where, parameters } = conditions(reconciliationId, query);
    const total = this.memoized(reconciliationId, `count ${JSON.stringify(parameters)}`, () => {
      const counted = this.prepare(`SELECT COUNT(*) AS n FROM recon_rows WHERE ${where}`).get(parameters);
      return (counted as { n: number }).n;
    });
    const column = SORT_COLUMNS[query.sort?.column ?? 'row'];
    const direction = query.sort?.direction === 'desc' ? 'DESC' : 'ASC';
    const order = column === 'row_no' ? `row_no ${direction}` : `${column} ${direction}, row_no ASC`;
    const rows = this.prepare(
      `SELECT * FROM recon_rows WHERE ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    ).all({ ...parameters, limit: query.limit, offset: query.offset }) as RowRecord[];
    return { total, rows: rows.map((row) => this.toRow(row)) };
  }

  get(reconciliationId: string, rowKey: string): GridRow | undefined {
    const row = this.prepare('SELECT * FROM recon_rows WHERE reconciliation_id = ? AND row_key = ?').get(
      reconciliationId,
      rowKey,
    ) as RowRecord | undefined;
    return row ? this.toRow(row) : undefined;
  }

  require(reconciliationId: string, rowKey: string): GridRow {
    const row = this.get(reconciliationId, rowKey);
    if (!row) {
      throw new CounterpartError('recon.unknown_row', `Reconciliation ${reconciliationId} has no row "${rowKey}".`, {
        reconciliationId,
        rowKey,
      });
    }
    return row;
  }

  /** The row showing a record (each record is on exactly one row). */
  rowOfRecord(reconciliationId: string, side: ReconSide, key: string): GridRow | undefined {
    const column = side === 'left' ? 'left_key' : 'right_key';
    const row = this.prepare(`SELECT * FROM recon_rows WHERE reconciliation_id = ? AND ${column} = ?`).get(
      reconciliationId,
      key,
    ) as RowRecord | undefined;
    return row ? this.toRow(row) : undefined;
  }

  group(reconciliationId: string, groupId: string): GridRow[] {
    const rows = this.prepare(
      'SELECT * FROM recon_rows WHERE reconciliation_id = ? AND group_id = ? ORDER BY row_no',
    ).all(reconciliationId, groupId) as RowRecord[];
    return rows.map((row) => this.toRow(row));
  }

  deleteGroup(reconciliationId: string, groupId: string): void {
    this.memo.delete(reconciliationId);
    this.prepare('DELETE FROM recon_rows WHERE reconciliation_id = ? AND group_id = ?').run(reconciliationId, groupId);
  }

  setGroupStatus(reconciliationId: string, groupId: string, status: GridRowStatus): void {
    this.memo.delete(reconciliationId);
    this.prepare('UPDATE recon_rows SET status = ? WHERE reconciliation_id = ? AND group_id = ?').run(
      status,
      reconciliationId,
      groupId,
    );
  }

  setGroupExplanation(reconciliationId: string, groupId: string, explanation: string): void {
    this.memo.delete(reconciliationId);
    this.prepare('UPDATE recon_rows SET explanation = ? WHERE reconciliation_id = ? AND group_id = ?').run(
      explanation,
      reconciliationId,
      groupId,
    );
  }

  /**
   * Where `count` new rows can go: from `preferred` when the rows after it leave room (a group rebuilt in place),
   * otherwise after the last row.
   */
  slotFor(reconciliationId: string, preferred: number | null, count: number): number {
    if (preferred !== null) {
      const next = this.prepare(
        'SELECT MIN(row_no) AS n FROM recon_rows WHERE reconciliation_id = ? AND row_no >= ?',
      ).get(reconciliationId, preferred) as { n: number | null };
      if (next.n === null || next.n - preferred >= count) return preferred;
    }
    const last = this.prepare('SELECT MAX(row_no) AS n FROM recon_rows WHERE reconciliation_id = ?').get(
      reconciliationId,
    ) as { n: number | null };
    return last.n === null ? 0 : (Math.floor(last.n / GROUP_SPACING) + 1) * GROUP_SPACING;
  }

  /** Groups per status (matches) and records per side left unmatched, for the summary and the filter chips. */
  counts(reconciliationId: string): {
    byStatus: Record<GridRowStatus, number>;
    unmatchedLeft: number;
    unmatchedRight: number;
    differences: number;
  } {
    return this.memoized(reconciliationId, 'counts', () => this.countNow(reconciliationId));
  }

  private countNow(reconciliationId: string) {
    const byStatus: Record<GridRowStatus, number> = { auto: 0, suggested: 0, accepted: 0, manual: 0, unmatched: 0 };
    const rows = this.prepare(
      `SELECT status, COUNT(*) AS n FROM recon_rows WHERE reconciliation_id = ? AND position = 0 GROUP BY status`,
    ).all(reconciliationId) as Array<{ status: GridRowStatus; n: number }>;
    for (const row of rows) byStatus[row.status] = row.n;
    const unmatched = this.prepare(
      `SELECT COUNT(left_key) AS l, COUNT(right_key) AS r FROM recon_rows
         WHERE reconciliation_id = ? AND status = 'unmatched'`,
    ).get(reconciliationId) as { l: number; r: number };
    const differences = this.prepare(
      `SELECT COUNT(*) AS n FROM recon_rows WHERE reconciliation_id = ? AND has_differences = 1 AND position = 0`,
    ).get(reconciliationId) as { n: number };
    return { byStatus, unmatchedLeft: unmatched.l, unmatchedRight: unmatched.r, differences: differences.n };
  }

  /** Keys of records on unmatched rows or on suggested matches nobody decided: what a sign-off carries forward. */
  unresolvedKeys(reconciliationId: string): { left: string[]; right: string[] } {
    const rows = this.prepare(
      `SELECT left_key, right_key FROM recon_rows
         WHERE reconciliation_id = ? AND status IN ('unmatched', 'suggested') ORDER BY row_no`,
    ).all(reconciliationId) as Array<{ left_key: string | null; right_key: string | null }>;
    return {
      left: rows.flatMap((row) => (row.left_key === null ? [] : [row.left_key])),
      right: rows.flatMap((row) => (row.right_key === null ? [] : [row.right_key])),
    };
  }

  /** Amount totals of unmatched records per side and currency (minor units), for the summary and the close file. */
  unmatchedTotals(reconciliationId: string): Record<ReconSide, Record<string, number>> {
    return this.memoized(reconciliationId, 'unmatchedTotals', () => this.unmatchedTotalsNow(reconciliationId));
  }

  private unmatchedTotalsNow(reconciliationId: string): Record<ReconSide, Record<string, number>> {
    const rows = this.prepare(
      `SELECT r.side AS side, json_extract(r.values_json, '$.currency') AS currency, SUM(g.sort_amount) AS total
       FROM recon_rows g
       JOIN recon_records r ON r.reconciliation_id = g.reconciliation_id
         AND r.record_key = COALESCE(g.left_key, g.right_key)
         AND r.side = CASE WHEN g.left_key IS NULL THEN 'right' ELSE 'left' END
       WHERE g.reconciliation_id = ? AND g.status = 'unmatched' AND g.sort_amount IS NOT NULL
       GROUP BY r.side, currency`,
    ).all(reconciliationId) as Array<{ side: ReconSide; currency: string | null; total: number }>;
    const totals: Record<ReconSide, Record<string, number>> = { left: {}, right: {} };
    for (const row of rows) totals[row.side][row.currency ?? ''] = row.total;
    return totals;
  }

  *iterate(reconciliationId: string): IterableIterator<GridRow> {
    const rows = this.prepare('SELECT * FROM recon_rows WHERE reconciliation_id = ? ORDER BY row_no').iterate(
      reconciliationId,
    ) as IterableIterator<RowRecord>;
    for (const row of rows) yield this.toRow(row);
  }

  /** A figure remembered until the reconciliation's rows change; never inside a transaction that may roll back. */
  private memoized<T>(reconciliationId: string, key: string, compute: () => T): T {
    if (this.db.inTransaction) return compute();
    let figures = this.memo.get(reconciliationId);
    if (!figures) {
      figures = new Map();
      this.memo.set(reconciliationId, figures);
    }
    if (!figures.has(key)) figures.set(key, compute());
    return figures.get(key) as T;
  }

  private toRow(row: RowRecord): GridRow {
    return {
      rowKey: row.row_key,
      rowNo: row.row_no,
      groupId: row.group_id,
      matchId: row.match_id === null ? null : String(row.match_id),
      position: row.position,
      groupSize: row.group_size,
      status: row.status,
      confidence: row.confidence,
      leftKey: row.left_key,
      rightKey: row.right_key,
      hasDifferences: row.has_differences === 1,
      explanation: row.explanation,
      sort: {
        key: row.sort_key,
        party: row.sort_party,
        date: row.sort_date,
        amount: row.sort_amount,
        number: row.sort_number,
      },
      searchText: row.search_text,
    };
  }
}

function conditions(reconciliationId: string, query: GridQuery) {
  const clauses = ['reconciliation_id = @reconciliationId'];
  const parameters: Record<string, string | number> = { reconciliationId };
  if (query.status === 'differences') clauses.push('has_differences = 1');
  else if (query.status) {
    clauses.push('status = @status');
    parameters.status = query.status;
  }
  if (query.flag) {
    clauses.push(
      'id IN (SELECT row_id FROM recon_row_flags WHERE reconciliation_id = @reconciliationId AND code = @flag)',
    );
    parameters.flag = query.flag;
  }
  const words = (query.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  words.forEach((word, index) => {
    clauses.push(`search_text LIKE @word${index} ESCAPE '\\'`);
    parameters[`word${index}`] = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  });
  return { where: clauses.join(' AND '), parameters };
}
