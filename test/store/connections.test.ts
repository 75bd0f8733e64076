import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../src/store/workspace.js';
import { freshDirectories } from '../support/tempDirectory.js';

const tempDirectory = freshDirectories();

function workspace() {
  return openWorkspace({ dataDirectory: tempDirectory(), name: 'default' });
}

describe('connections repository', () => {
  it('creates, lists, reads, updates and deletes connections with their non-secret settings', () => {
    const ws = workspace();
    const xero = ws.connections.create({
      system: 'xero',
      name: 'Xero — Acme Ltd',
      settings: { tenantId: 'tenant-1', scopes: ['accounting.transactions'] },
    });
    const x3 = ws.connections.create({ system: 'sagex3', name: 'Sage X3 LAN', isSandbox: true, settings: {} });
    expect(xero).toMatchObject({ system: 'xero', name: 'Xero — Acme Ltd', isSandbox: false, secretRefs: [] });
    expect(xero.settings).toEqual({ tenantId: 'tenant-1', scopes: ['accounting.transactions'] });
    expect(ws.connections.list().map((c) => c.name)).toEqual(['Sage X3 LAN', 'Xero — Acme Ltd']);
    expect(ws.connections.get(x3.id)?.isSandbox).toBe(true);
    expect(ws.connections.findByName('Sage X3 LAN')?.id).toBe(x3.id);

    const renamed = ws.connections.update(x3.id, {
      name: 'X3 production',
      settings: { baseUrl: 'https://x3.lan:8124' },
    });
    expect(renamed).toMatchObject({
      name: 'X3 production',
      isSandbox: true,
      settings: { baseUrl: 'https://x3.lan:8124' },
    });

    expect(ws.connections.delete(xero.id)).toBe(true);
    expect(ws.connections.delete(xero.id)).toBe(false);
    expect(ws.connections.get(xero.id)).toBeUndefined();
    ws.close();
  });

  it('refuses a second connection with the same name, on create and on rename, with a clear error', () => {
    const ws = workspace();
    ws.connections.create({ system: 'xero', name: 'Books' });
    const other = ws.connections.create({ system: 'kashflow', name: 'Other books' });
    expect(() => ws.connections.create({ system: 'kashflow', name: 'Books' })).toThrow(
      expect.objectContaining({
        code: 'store.connection_name_taken',
        message: expect.stringContaining('"Books" already exists'),
      }),
    );
    expect(() => ws.connections.update(other.id, { name: ' Books ' })).toThrow(
      expect.objectContaining({ code: 'store.connection_name_taken' }),
    );
    ws.close();
  });

  it('names the missing connection instead of returning nothing where one is required', () => {
    const ws = workspace();
    expect(() => ws.connections.require('no-such-id')).toThrow(
      expect.objectContaining({ code: 'store.connection_not_found', context: { connection: 'no-such-id' } }),
    );
    expect(() => ws.connections.update('no-such-id', { name: 'x' })).toThrow(/no connection no-such-id/);
    ws.close();
  });

  it('refuses settings that look like secrets, so they cannot end up in the database', () => {
    const ws = workspace();
    expect(() =>
      ws.connections.create({ system: 'salesforce', name: 'CRM', settings: { clientSecret: 'abc' } }),
    ).toThrow(expect.objectContaining({ code: 'store.secret_in_settings' }));
    const crm = ws.connections.create({ system: 'salesforce', name: 'CRM', settings: { tokenUrl: 'https://x' } });
    expect(() => ws.connections.update(crm.id, { settings: { refresh_token: 'abc' } })).toThrow(/keychain/);
    ws.close();
  });

  it('records keychain references, and reports a damaged row instead of crashing on it', () => {
    const ws = workspace();
    const crm = ws.connections.create({ system: 'salesforce', name: 'CRM' });
    ws.connections.setSecretRefs(crm.id, [{ name: 'refresh_token', reference: `connection/${crm.id}/refresh_token` }]);
    expect(ws.connections.require(crm.id).secretRefs).toEqual([
      { name: 'refresh_token', reference: `connection/${crm.id}/refresh_token` },
    ]);
    ws.db.prepare("UPDATE connections SET settings_json = '[1,2' WHERE id = ?").run(crm.id);
    expect(() => ws.connections.list()).toThrow(expect.objectContaining({ code: 'store.bad_connection' }));
    ws.close();
  });

  it('deleting a connection removes its read cursors and seen versions', () => {
    const ws = workspace();
    const crm = ws.connections.create({ system: 'salesforce', name: 'CRM' });
    ws.readCursors.acknowledge(crm.id, 'party', {
      seen: [
        { recordId: '001A', versionKey: 'salesforce|001A|2024-05-01T00:00:00Z|', modifiedAt: '2024-05-01T00:00:00Z' },
      ],
      cursorAt: '2024-05-01T00:00:00Z',
    });
    ws.connections.delete(crm.id);
    expect(ws.readCursors.get(crm.id, 'party')).toBeUndefined();
    expect(ws.readCursors.seenCount(crm.id, 'party')).toBe(0);
    ws.close();
  });
});
