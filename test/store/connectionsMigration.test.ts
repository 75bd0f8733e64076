import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { appliedMigrations, shippedMigrations } from '../../src/store/migrations.js';
import { openWorkspace, workspaceFile } from '../../src/store/workspace.js';
import { freshDirectories } from '../support/tempDirectory.js';

const tempDirectory = freshDirectories();

describe('migration 0002: read cursors and seen versions', () => {
  it('upgrades a workspace made before it, keeping its connections', () => {
    const dataDirectory = tempDirectory();
    mkdirSync(join(dataDirectory, 'workspaces'));
    // The file as the previous release left it: only migration 1 applied, one connection saved.
    const old = openDatabase(workspaceFile(dataDirectory, 'books'), shippedMigrations().slice(0, 1));
    old
      .prepare(
        `INSERT INTO connections (id, system, name, settings_json, created_at, updated_at)
         VALUES ('c1', 'xero', 'Xero', '{"tenantId":"t-1"}', '2024-05-01T00:00:00Z', '2024-05-01T00:00:00Z')`,
      )
      .run();
    expect(appliedMigrations(old).map((m) => m.version)).toEqual([1]);
    old.close();

    const workspace = openWorkspace({ dataDirectory, name: 'books' });
    expect(appliedMigrations(workspace.db).map((m) => m.version)).toEqual(shippedMigrations().map((m) => m.version));
    expect(workspace.connections.require('c1').settings).toEqual({ tenantId: 't-1' });
    workspace.readCursors.acknowledge('c1', 'invoice', { seen: [], cursorAt: '2024-05-02T00:00:00Z' });
    expect(workspace.readCursors.get('c1', 'invoice')?.cursorAt).toBe('2024-05-02T00:00:00.000Z');
    workspace.close();
  });

  it('refuses a cursor for a connection that does not exist, with a clear error', () => {
    const workspace = openWorkspace({ dataDirectory: tempDirectory(), name: 'default' });
    expect(() =>
      workspace.readCursors.acknowledge('gone', 'party', { seen: [], cursorAt: '2024-05-02T00:00:00Z' }),
    ).toThrow(expect.objectContaining({ code: 'store.connection_not_found' }));
    workspace.close();
  });
});
