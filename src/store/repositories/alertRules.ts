import type { Database } from 'better-sqlite3';

export const ALERT_KINDS = [
  'sync_failures',
  'dead_letter_age',
  'token_expiry',
  'daily_quota',
  'unmatched_age',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface StoredAlertRule {
  readonly kind: AlertKind;
  readonly enabled: boolean;
  /** Runs in a row, hours, days or percent, by kind (see src/monitoring/alerts/alertRules.ts). */
  readonly threshold: number;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

interface Row {
  kind: AlertKind;
  enabled: number;
  threshold: number;
  updated_by: string;
  updated_at: string;
}

/** The alert rules someone changed in this workspace; a kind without a row uses its default. */
export class AlertRuleRepository {
  constructor(private readonly db: Database) {}

  list(): StoredAlertRule[] {
    const rows = this.db.prepare('SELECT * FROM alert_rules ORDER BY kind').all() as Row[];
    return rows.map((row) => ({
      kind: row.kind,
      enabled: row.enabled === 1,
      threshold: row.threshold,
      updatedBy: row.updated_by,
      updatedAt: row.updated_at,
    }));
  }

  save(rule: StoredAlertRule): void {
    this.db
      .prepare(
        `INSERT INTO alert_rules (kind, enabled, threshold, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (kind) DO UPDATE SET enabled = excluded.enabled, threshold = excluded.threshold,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run(rule.kind, rule.enabled ? 1 : 0, rule.threshold, rule.updatedBy, rule.updatedAt);
  }
}
