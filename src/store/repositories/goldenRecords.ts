import type { Database } from 'better-sqlite3';

export type FieldValues = Readonly<Record<string, unknown>>;

/**
 * The merged master record of one link: the values agreed at the last sync, each side's content at that moment
 * (the baseline a later change is measured against) and the owner of each field.
 */
export interface GoldenRecord {
  readonly crossReferenceId: number;
  readonly entity: string;
  readonly merged: FieldValues;
  readonly accounting: FieldValues;
  readonly erp: FieldValues;
  readonly owners: Readonly<Record<string, string>>;
  readonly updatedAt: string;
}

interface Row {
  cross_reference_id: number;
  entity: string;
  merged_json: string;
  accounting_json: string;
  erp_json: string;
  owners_json: string;
  updated_at: string;
}

export class GoldenRecordRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get(crossReferenceId: number): GoldenRecord | undefined {
    const row = this.db.prepare('SELECT * FROM golden_records WHERE cross_reference_id = ?').get(crossReferenceId) as
      | Row
      | undefined;
    return (
      row && {
        crossReferenceId: row.cross_reference_id,
        entity: row.entity,
        merged: JSON.parse(row.merged_json) as FieldValues,
        accounting: JSON.parse(row.accounting_json) as FieldValues,
        erp: JSON.parse(row.erp_json) as FieldValues,
        owners: JSON.parse(row.owners_json) as Record<string, string>,
        updatedAt: row.updated_at,
      }
    );
  }

  save(record: Omit<GoldenRecord, 'updatedAt'>): void {
    this.db
      .prepare(
        `INSERT INTO golden_records (cross_reference_id, entity, merged_json, accounting_json, erp_json, owners_json, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (cross_reference_id) DO UPDATE SET entity = excluded.entity, merged_json = excluded.merged_json,
           accounting_json = excluded.accounting_json, erp_json = excluded.erp_json, owners_json = excluded.owners_json,
           updated_at = excluded.updated_at`,
      )
      .run(
        record.crossReferenceId,
        record.entity,
        JSON.stringify(record.merged),
        JSON.stringify(record.accounting),
        JSON.stringify(record.erp),
        JSON.stringify(record.owners),
        this.now().toISOString(),
      );
  }
}
