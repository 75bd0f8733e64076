import type { Database } from 'better-sqlite3';

export interface QuotaSample {
  readonly connectionId: string;
  /** The quota window the system reported on: `minute` or `day`. */
  readonly window: string;
  readonly remaining: number;
  readonly sampledAt: string;
}

interface Row {
  connection_id: string;
  quota_window: string;
  remaining: number;
  sampled_at: string;
}

/** The newest API quota each connection's system reported, per window; older figures are replaced, not kept. */
export class QuotaSampleRepository {
  constructor(private readonly db: Database) {}

  record(sample: QuotaSample): void {
    this.db
      .prepare(
        `INSERT INTO quota_samples (connection_id, quota_window, remaining, sampled_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (connection_id, quota_window) DO UPDATE SET remaining = excluded.remaining,
           sampled_at = excluded.sampled_at`,
      )
      .run(sample.connectionId, sample.window, Math.max(0, Math.floor(sample.remaining)), sample.sampledAt);
  }

  /** Every connection's newest samples, by connection id. */
  latest(): Map<string, QuotaSample[]> {
    const rows = this.db.prepare('SELECT * FROM quota_samples ORDER BY connection_id, quota_window').all() as Row[];
    const byConnection = new Map<string, QuotaSample[]>();
    for (const row of rows) {
      const samples = byConnection.get(row.connection_id) ?? [];
      samples.push({
        connectionId: row.connection_id,
        window: row.quota_window,
        remaining: row.remaining,
        sampledAt: row.sampled_at,
      });
      byConnection.set(row.connection_id, samples);
    }
    return byConnection;
  }
}
