import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CounterpartError } from '../../src/errors.js';
import { openDatabase } from '../../src/store/database.js';
import { appliedMigrations, checksumOf, shippedMigrations } from '../../src/store/migrations.js';
import { openWorkspace, workspaceFile } from '../../src/store/workspace.js';
import { freshDirectories } from '../support/tempDirectory.js';

const tempDirectory = freshDirectories();

function expectRefusal(open: () => unknown, code: string, message: RegExp): void {
  try {
    open();
  } catch (error) {
    expect(error).toBeInstanceOf(CounterpartError);
    expect((error as CounterpartError).code).toBe(code);
    expect((error as CounterpartError).message).toMatch(message);
    return;
  }
  throw new Error(`expected ${code}`);
}

function prepareFile(contents: Buffer | string): string {
  const dataDirectory = tempDirectory();
  mkdirSync(join(dataDirectory, 'workspaces'));
  const file = workspaceFile(dataDirectory, 'default');
  writeFileSync(file, contents);
  return file;
}

describe('workspace database', () => {
  it('creates a WAL database with foreign keys on and every shipped migration recorded with its checksum', () => {
    const workspace = openWorkspace({ dataDirectory: tempDirectory(), name: 'books-2026' });
    expect(workspace.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(workspace.db.pragma('foreign_keys', { simple: true })).toBe(1);
    const shipped = shippedMigrations();
    expect(appliedMigrations(workspace.db)).toEqual(
      shipped.map(({ version, name, checksum }) => ({ version, name, checksum })),
    );
    workspace.close();
  });

  it('reopens an existing workspace without re-applying migrations and keeps its data', () => {
    const dataDirectory = tempDirectory();
    const first = openWorkspace({ dataDirectory, name: 'default' });
    first.settings.set('greeting', 'hello');
    first.close();
    const again = openWorkspace({ dataDirectory, name: 'default' });
    expect(appliedMigrations(again.db)).toHaveLength(shippedMigrations().length);
    expect(again.db.prepare("SELECT value_json FROM settings WHERE key = 'greeting'").get()).toEqual({
      value_json: '"hello"',
    });
    again.close();
  });

  it('refuses a file that is not a SQLite database and leaves it untouched', () => {
    const garbage = Buffer.from('these are not the books you are looking for\n'.repeat(100));
    const file = prepareFile(garbage);
    expectRefusal(() => openDatabase(file), 'store.corrupt', /not a SQLite database.*left untouched/);
    expect(readFileSync(file).equals(garbage)).toBe(true);
  });

  it('refuses a damaged SQLite database and leaves it untouched', () => {
    const source = join(tempDirectory(), 'source.sqlite');
    const db = new BetterSqlite3(source);
    db.exec(`CREATE TABLE t (x TEXT);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) INSERT INTO t SELECT hex(randomblob(400)) FROM n`);
    db.close();
    const bytes = readFileSync(source);
    bytes.fill(0xff, 4096 + 100, 4096 * 3); // scribble over the b-tree pages, keep the header
    const file = prepareFile(bytes);
    expectRefusal(() => openDatabase(file), 'store.corrupt', /cannot be used/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses a database from a newer Counterpart and leaves it untouched', () => {
    const dataDirectory = tempDirectory();
    const workspace = openWorkspace({ dataDirectory, name: 'default' });
    workspace.db
      .prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)')
      .run(999, 'from_the_future', 'x', new Date().toISOString());
    workspace.close();
    const before = readFileSync(workspace.file);
    expectRefusal(
      () => openWorkspace({ dataDirectory, name: 'default' }),
      'store.newer_than_supported',
      /newer version of Counterpart \(schema 999/,
    );
    expect(readFileSync(workspace.file).equals(before)).toBe(true);
  });

  it('detects a shipped migration that was edited after it was applied', () => {
    const dataDirectory = tempDirectory();
    openWorkspace({ dataDirectory, name: 'default' }).close();
    const edited = shippedMigrations().map((migration, index) =>
      index === 0
        ? { ...migration, sql: `${migration.sql}\n-- edited`, checksum: checksumOf(`${migration.sql}\n-- edited`) }
        : migration,
    );
    expectRefusal(
      () => openDatabase(workspaceFile(dataDirectory, 'default'), edited),
      'store.migration_edited',
      /Migration 1 \(foundation\) differs/,
    );
  });

  it('rejects workspace names that could escape the data directory', () => {
    expectRefusal(() => workspaceFile('/data', '../etc'), 'store.bad_workspace_name', /not a workspace name/);
  });
});
