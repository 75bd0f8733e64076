import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { CounterpartError } from '../../errors.js';

export interface SyncPairRow {
  readonly id: string;
  readonly accountingConnectionId: string;
  readonly erpConnectionId: string;
  readonly label: string;
  readonly mappingId: string;
  readonly mappingVersion: number;
  readonly enabled: boolean;
  readonly createdAt: string;
}

export interface NewSyncPair {
  readonly accountingConnectionId: string;
  readonly erpConnectionId: string;
  readonly label: string;
  readonly mappingId: string;
  readonly mappingVersion: number;
}

interface Row {
  id: string;
  accounting_connection_id: string;
  erp_connection_id: string;
  label: string;
  mapping_id: string;
  mapping_version: number;
  enabled: number;
  created_at: string;
}

/** Pairs of connections kept in step, and which of their flows have linked existing records by business key. */
export class SyncPairRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The pair of these two connections, created when absent (one pair per couple of connections). */
  ensure(input: NewSyncPair): { pair: SyncPairRow; created: boolean } {
    const existing = this.findByConnections(input.accountingConnectionId, input.erpConnectionId);
    if (existing) return { pair: existing, created: false };
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO sync_pairs (id, accounting_connection_id, erp_connection_id, label, mapping_id, mapping_version, enabled, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 1, ?)`,
      )
      .run(
        id,
        input.accountingConnectionId,
        input.erpConnectionId,
        input.label,
        input.mappingId,
        input.mappingVersion,
        this.now().toISOString(),
      );
    return { pair: this.require(id), created: true };
  }

  list(): SyncPairRow[] {
    return (this.db.prepare('SELECT * FROM sync_pairs ORDER BY created_at, id').all() as Row[]).map(fromRow);
  }

  get(id: string): SyncPairRow | undefined {
    const row = this.db.prepare('SELECT * FROM sync_pairs WHERE id = ?').get(id) as Row | undefined;
    return row && fromRow(row);
  }

  require(id: string): SyncPairRow {
    const pair = this.get(id);
    if (!pair) {
      throw new CounterpartError('sync.pair_not_found', `There is no sync pair ${id} in this workspace.`, { pair: id });
    }
    return pair;
  }

  findByConnections(accountingConnectionId: string, erpConnectionId: string): SyncPairRow | undefined {
    const row = this.db
      .prepare('SELECT * FROM sync_pairs WHERE accounting_connection_id = ? AND erp_connection_id = ?')
      .get(accountingConnectionId, erpConnectionId) as Row | undefined;
    return row && fromRow(row);
  }

  /** Pairs one of whose sides is this connection. */
  forConnection(connectionId: string): SyncPairRow[] {
    const rows = this.db
      .prepare(
        'SELECT * FROM sync_pairs WHERE accounting_connection_id = ? OR erp_connection_id = ? ORDER BY created_at',
      )
      .all(connectionId, connectionId) as Row[];
    return rows.map(fromRow);
  }

  isSeeded(pairId: string, flowId: string): boolean {
    return (
      this.db.prepare('SELECT 1 FROM sync_seeded_flows WHERE pair_id = ? AND flow_id = ?').get(pairId, flowId) !==
      undefined
    );
  }

  markSeeded(pairId: string, flowId: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO sync_seeded_flows (pair_id, flow_id, seeded_at) VALUES (?, ?, ?)')
      .run(pairId, flowId, this.now().toISOString());
  }
}

function fromRow(row: Row): SyncPairRow {
  return {
    id: row.id,
    accountingConnectionId: row.accounting_connection_id,
    erpConnectionId: row.erp_connection_id,
    label: row.label,
    mappingId: row.mapping_id,
    mappingVersion: row.mapping_version,
    enabled: row.enabled === 1,
    createdAt: row.created_at,
  };
}
