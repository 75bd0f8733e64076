import type { Database } from 'better-sqlite3';
import {
  type Acknowledgement,
  type ReadCursor,
  ReadCursorRepository,
  type SeenVersion,
} from '../store/repositories/readCursors.js';

/**
 * Read cursors of one flow of one pair. Two flows reading the same entity of the same connection (customers to
 * one system, suppliers to another; or two pairs sharing a connection) each need their own cursor, or the second
 * would never see what the first already read.
 */
export class FlowCursors extends ReadCursorRepository {
  constructor(
    db: Database,
    private readonly scope: string,
  ) {
    super(db);
  }

  private scoped(entity: string): string {
    return `${entity}@${this.scope}`;
  }

  override get(connectionId: string, entity: string): ReadCursor | undefined {
    return super.get(connectionId, this.scoped(entity));
  }

  override unseen<T extends { readonly recordId: string; readonly versionKey: string }>(
    connectionId: string,
    entity: string,
    versions: readonly T[],
  ): T[] {
    return super.unseen(connectionId, this.scoped(entity), versions);
  }

  override acknowledge(connectionId: string, entity: string, ack: Acknowledgement): void {
    super.acknowledge(connectionId, this.scoped(entity), ack);
  }

  override reset(connectionId: string, entity?: string): void {
    super.reset(connectionId, entity === undefined ? undefined : this.scoped(entity));
  }

  override seenCount(connectionId: string, entity: string): number {
    return super.seenCount(connectionId, this.scoped(entity));
  }
}

export type { SeenVersion };
