import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { CounterpartError, describeError } from '../errors.js';
import { applyMigrations, checkMigrationHistory, type Migration, shippedMigrations } from './migrations.js';

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Opens (creating if absent) a workspace database and brings its schema up to date. A file that is not a SQLite
 * database, is damaged, was written by a newer Counterpart or has an edited migration history is refused with a
 * clear error before anything is written to it, so a user's books are never overwritten by a failed open.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = shippedMigrations()): Database {
  if (existsSync(file) && statSync(file).size > 0) inspectExisting(file, migrations);
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    applyMigrations(db, migrations);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof CounterpartError) throw error;
    throw new CounterpartError(
      'store.open_failed',
      `Could not open the workspace database ${file}: ${describeError(error)}`,
      {
        file,
      },
      { cause: error },
    );
  }
}

/** Read-only checks of an existing file: header, integrity, and migration history. */
function inspectExisting(file: string, migrations: readonly Migration[]): void {
  if (readHeader(file) !== SQLITE_HEADER) {
    throw corrupt(file, 'it is not a SQLite database (the file header is wrong)');
  }
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const result = db.pragma('quick_check(1)', { simple: true });
    if (result !== 'ok') throw corrupt(file, `SQLite reports damage: ${String(result)}`);
    checkMigrationHistory(db, file, migrations);
  } catch (error) {
    if (error instanceof CounterpartError) throw error;
    throw corrupt(file, describeError(error));
  } finally {
    db?.close();
  }
}

function readHeader(file: string): string {
  const buffer = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('latin1');
}

function corrupt(file: string, reason: string): CounterpartError {
  return new CounterpartError(
    'store.corrupt',
    `The workspace database ${file} cannot be used: ${reason}. It has been left untouched; restore it from a backup or choose another data directory.`,
    { file },
  );
}
