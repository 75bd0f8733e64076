import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { CounterpartError } from '../../errors.js';

export type AlertSeverity = 'amber' | 'red';

export interface AlertEventRecord {
  readonly id: string;
  readonly kind: string;
  /** What the alert is about, e.g. `pair/<id>` or `connection/<id>`: one open alert per kind and subject. */
  readonly subject: string;
  readonly severity: AlertSeverity;
  readonly message: string;
  readonly raisedAt: string;
  readonly clearedAt: string | null;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAt: string | null;
}

interface Row {
  id: string;
  kind: string;
  subject: string;
  severity: AlertSeverity;
  message: string;
  raised_at: string;
  cleared_at: string | null;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
}

/** Alerts raised and cleared by the rules; an alert that is still open is never raised a second time. */
export class AlertEventRepository {
  constructor(private readonly db: Database) {}

  open(): AlertEventRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM alert_events WHERE cleared_at IS NULL ORDER BY raised_at, id')
      .all() as Row[];
    return rows.map(fromRow);
  }

  list(filter: { openOnly?: boolean | undefined; limit?: number | undefined } = {}): AlertEventRecord[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM alert_events WHERE (@openOnly = 0 OR cleared_at IS NULL)
         ORDER BY raised_at DESC, rowid DESC LIMIT @limit`,
      )
      .all({ openOnly: filter.openOnly ? 1 : 0, limit: filter.limit ?? 100 }) as Row[];
    return rows.map(fromRow);
  }

  /** Raises an alert unless one is open for the kind and subject; returns the new alert, or undefined. */
  raise(alert: { kind: string; subject: string; severity: AlertSeverity; message: string; at: string }) {
    const id = randomUUID();
    const result = this.db
      .prepare(
        `INSERT INTO alert_events (id, kind, subject, severity, message, raised_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      )
      .run(id, alert.kind, alert.subject, alert.severity, alert.message, alert.at);
    return result.changes === 1 ? this.require(id) : undefined;
  }

  clear(id: string, at: string): AlertEventRecord {
    this.db.prepare('UPDATE alert_events SET cleared_at = ? WHERE id = ? AND cleared_at IS NULL').run(at, id);
    return this.require(id);
  }

  acknowledge(id: string, by: string, at: string): AlertEventRecord {
    this.require(id);
    this.db
      .prepare(
        'UPDATE alert_events SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL',
      )
      .run(by, at, id);
    return this.require(id);
  }

  require(id: string): AlertEventRecord {
    const row = this.db.prepare('SELECT * FROM alert_events WHERE id = ?').get(id) as Row | undefined;
    if (!row)
      throw new CounterpartError('monitoring.alert_not_found', `There is no alert ${id} in this workspace.`, {
        alert: id,
      });
    return fromRow(row);
  }
}

function fromRow(row: Row): AlertEventRecord {
  return {
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    severity: row.severity,
    message: row.message,
    raisedAt: row.raised_at,
    clearedAt: row.cleared_at,
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: row.acknowledged_at,
  };
}
