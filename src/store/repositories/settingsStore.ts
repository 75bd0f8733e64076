import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import { CounterpartError } from '../../errors.js';

/** Workspace settings as JSON values under string keys; callers bring the schema that validates what comes back. */
export class SettingsStore {
  constructor(private readonly db: Database) {}

  get<T extends z.ZodType>(key: string, schema: T): z.output<T> | undefined {
    const row = this.db.prepare('SELECT value_json FROM settings WHERE key = ?').get(key) as
      | { value_json: string }
      | undefined;
    if (!row) return undefined;
    const parsed = schema.safeParse(JSON.parse(row.value_json));
    if (!parsed.success) {
      throw new CounterpartError(
        'store.bad_setting',
        `The stored setting "${key}" is not valid: ${parsed.error.message}`,
        {
          key,
        },
      );
    }
    return parsed.data;
  }

  set(key: string, value: unknown): void {
    this.db
      .prepare(
        `INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
      )
      .run(key, JSON.stringify(value), new Date().toISOString());
  }
}
