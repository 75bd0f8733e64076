import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { CounterpartError } from '../errors.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
const migrationsFolder = new URL('./migrations/', import.meta.url);

/** The migrations shipped with this build, in order. Numbering must be contiguous from 1. */
export function shippedMigrations(folder: URL = migrationsFolder): Migration[] {
  const migrations = readdirSync(folder)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = MIGRATION_FILE.exec(file);
      if (!match) {
        throw new CounterpartError('store.bad_migration_name', `Migration file "${file}" is not named NNNN_name.sql.`, {
          file,
        });
      }
      const sql = readFileSync(new URL(file, folder), 'utf8');
      return { version: Number(match[1]), name: match[2] ?? '', sql, checksum: checksumOf(sql) };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new CounterpartError(
        'store.migration_gap',
        `Migration ${index + 1} is missing before ${migration.version}.`,
        {
          version: migration.version,
        },
      );
    }
  });
  return migrations;
}

export function checksumOf(sql: string): string {
  // Line endings are normalised so a checkout on Windows does not look like an edited migration.
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
}

/** Reads what a database has applied; an empty list for a database Counterpart has never migrated. */
export function appliedMigrations(db: Database): AppliedMigration[] {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!table) return [];
  return db
    .prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version')
    .all() as AppliedMigration[];
}

/**
 * Refuses a database this build must not touch: one migrated by a newer Counterpart, or one whose applied
 * migrations differ from the shipped files (an edited migration). Runs before anything is written.
 */
export function checkMigrationHistory(db: Database, file: string, shipped: readonly Migration[]): void {
  const applied = appliedMigrations(db);
  const newest = shipped.at(-1)?.version ?? 0;
  for (const row of applied) {
    const known = shipped.find((migration) => migration.version === row.version);
    if (!known) {
      throw new CounterpartError(
        'store.newer_than_supported',
        `The workspace database ${file} was created by a newer version of Counterpart (schema ${row.version}, this version supports up to ${newest}); upgrade Counterpart to open it.`,
        { file, schemaVersion: row.version, supported: newest },
      );
    }
    if (known.checksum !== row.checksum) {
      throw new CounterpartError(
        'store.migration_edited',
        `Migration ${row.version} (${row.name}) differs from the one applied to ${file}: migrations must never be edited once shipped; add a new migration instead.`,
        { file, version: row.version },
      );
    }
  }
}

/** Applies the pending migrations, each in its own transaction together with its history row. */
export function applyMigrations(db: Database, shipped: readonly Migration[]): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const done = new Set(appliedMigrations(db).map((row) => row.version));
  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  let count = 0;
  for (const migration of shipped) {
    if (done.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, migration.checksum, new Date().toISOString());
    })();
    count += 1;
  }
  return count;
}
