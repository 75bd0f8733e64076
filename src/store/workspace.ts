import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { CounterpartError } from '../errors.js';
import { openDatabase } from './database.js';
import { AuditLog } from './repositories/auditLog.js';
import { ConnectionCheckLog } from './repositories/connectionChecks.js';
import { ConnectionRepository } from './repositories/connections.js';
import { ReadCursorRepository } from './repositories/readCursors.js';
import { SettingsStore } from './repositories/settingsStore.js';

const WORKSPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** One workspace: one SQLite file in the data directory and the repositories over it. */
export interface Workspace {
  readonly name: string;
  readonly file: string;
  readonly db: Database;
  readonly settings: SettingsStore;
  readonly auditLog: AuditLog;
  /** Connections with their non-secret settings and keychain references. */
  readonly connections: ConnectionRepository;
  readonly connectionChecks: ConnectionCheckLog;
  /** Incremental-read cursors and the record versions seen in each look-back window. */
  readonly readCursors: ReadCursorRepository;
  close(): void;
}

export function workspaceFile(dataDirectory: string, name: string): string {
  if (!WORKSPACE_NAME.test(name)) {
    throw new CounterpartError(
      'store.bad_workspace_name',
      `"${name}" is not a workspace name: use letters, digits, "-" and "_" (at most 64).`,
      { workspace: name },
    );
  }
  return join(dataDirectory, 'workspaces', `${name}.sqlite`);
}

export function openWorkspace(options: { dataDirectory: string; name: string }): Workspace {
  const file = workspaceFile(options.dataDirectory, options.name);
  mkdirSync(join(options.dataDirectory, 'workspaces'), { recursive: true });
  const db = openDatabase(file);
  return {
    name: options.name,
    file,
    db,
    settings: new SettingsStore(db),
    auditLog: new AuditLog(db),
    connections: new ConnectionRepository(db),
    connectionChecks: new ConnectionCheckLog(db),
    readCursors: new ReadCursorRepository(db),
    close: () => db.close(),
  };
}
