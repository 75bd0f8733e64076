import type { Database } from 'better-sqlite3';

export interface ConnectionCheckRecord {
  readonly connectionId: string;
  readonly at: string;
  readonly ok: boolean;
  readonly account: string | null;
  readonly errorCode: string | null;
  readonly message: string | null;
}

interface CheckRow {
  connection_id: string;
  at: string;
  ok: number;
  account: string | null;
  error_code: string | null;
  message: string | null;
}

/** The history of connection checks; the newest per connection is what the Connections page shows. */
export class ConnectionCheckLog {
  constructor(private readonly db: Database) {}

  record(check: ConnectionCheckRecord): void {
    this.db
      .prepare(
        `INSERT INTO connection_checks (connection_id, at, ok, account, error_code, message)
         VALUES (@connectionId, @at, @ok, @account, @errorCode, @message)`,
      )
      .run({ ...check, ok: check.ok ? 1 : 0 });
  }

  /** The newest check of each connection, by connection id. */
  latest(): Map<string, ConnectionCheckRecord> {
    const rows = this.db
      .prepare(
        `SELECT c.* FROM connection_checks c
         WHERE c.id = (SELECT id FROM connection_checks WHERE connection_id = c.connection_id ORDER BY at DESC, id DESC LIMIT 1)`,
      )
      .all() as CheckRow[];
    return new Map(
      rows.map((row) => [
        row.connection_id,
        {
          connectionId: row.connection_id,
          at: row.at,
          ok: row.ok === 1,
          account: row.account,
          errorCode: row.error_code,
          message: row.message,
        },
      ]),
    );
  }
}
