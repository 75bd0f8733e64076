import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../src/store/workspace.js';
import { freshDirectories } from '../support/tempDirectory.js';

const tempDirectory = freshDirectories();

function workspaceWithConnection() {
  const ws = openWorkspace({ dataDirectory: tempDirectory(), name: 'default' });
  const connection = ws.connections.create({ system: 'xero', name: 'Xero' });
  return { ws, id: connection.id };
}

const version = (recordId: string, modifiedAt: string) => ({
  recordId,
  versionKey: `xero|${recordId}|${modifiedAt}|`,
  modifiedAt,
});

describe('read cursors and seen versions', () => {
  it('keeps one cursor per connection and entity that only moves forward until reset', () => {
    const { ws, id } = workspaceWithConnection();
    expect(ws.readCursors.get(id, 'invoice')).toBeUndefined();
    ws.readCursors.acknowledge(id, 'invoice', { seen: [], cursorAt: '2024-05-31T17:02:11Z' });
    ws.readCursors.acknowledge(id, 'invoice', { seen: [], cursorAt: '2024-05-30T00:00:00Z' });
    expect(ws.readCursors.get(id, 'invoice')?.cursorAt).toBe('2024-05-31T17:02:11.000Z');
    ws.readCursors.acknowledge(id, 'invoice', { seen: [], cursorAt: '2024-05-31T17:02:11.500Z' });
    expect(ws.readCursors.get(id, 'invoice')?.cursorAt).toBe('2024-05-31T17:02:11.500Z');
    ws.readCursors.acknowledge(id, 'party', { seen: [], cursorAt: '2024-01-01T00:00:00Z' });
    expect(ws.readCursors.list(id).map((cursor) => cursor.entity)).toEqual(['invoice', 'party']);
    ws.readCursors.reset(id, 'invoice');
    expect(ws.readCursors.get(id, 'invoice')).toBeUndefined();
    expect(ws.readCursors.get(id, 'party')).toBeDefined();
    ws.close();
  });

  it('tells new records and new versions from versions already processed', () => {
    const { ws, id } = workspaceWithConnection();
    ws.readCursors.acknowledge(id, 'party', {
      seen: [version('A', '2024-05-01T10:00:00Z'), version('B', '2024-05-01T11:00:00Z')],
    });
    const unseen = ws.readCursors.unseen(id, 'party', [
      version('A', '2024-05-01T10:00:00Z'),
      version('B', '2024-05-02T09:00:00Z'),
      version('C', '2024-05-01T10:00:00Z'),
    ]);
    expect(unseen.map((v) => `${v.recordId}@${v.modifiedAt}`)).toEqual([
      'B@2024-05-02T09:00:00Z',
      'C@2024-05-01T10:00:00Z',
    ]);
    expect(ws.readCursors.unseen(id, 'invoice', [version('A', '2024-05-01T10:00:00Z')])).toHaveLength(1);
    ws.close();
  });

  it('stays small: one row per record, and rows older than the look-back window are forgotten', () => {
    const { ws, id } = workspaceWithConnection();
    for (let day = 1; day <= 9; day += 1) {
      ws.readCursors.acknowledge(id, 'party', { seen: [version('A', `2024-05-0${day}T00:00:00Z`)] });
    }
    expect(ws.readCursors.seenCount(id, 'party')).toBe(1);
    ws.readCursors.acknowledge(id, 'party', {
      seen: [version('B', '2024-05-01T00:00:00Z'), version('C', '2024-05-08T00:00:00Z')],
      cursorAt: '2024-05-09T00:00:00Z',
      forgetBefore: '2024-05-07T00:00:00Z',
    });
    expect(ws.readCursors.seenCount(id, 'party')).toBe(2);
    expect(ws.readCursors.unseen(id, 'party', [version('B', '2024-05-01T00:00:00Z')])).toHaveLength(1);
    ws.close();
  });

  it('does not let an older version overwrite a newer one read in the same window', () => {
    const { ws, id } = workspaceWithConnection();
    ws.readCursors.acknowledge(id, 'party', { seen: [version('A', '2024-05-02T00:00:00Z')] });
    ws.readCursors.acknowledge(id, 'party', { seen: [version('A', '2024-05-01T00:00:00Z')] });
    expect(ws.readCursors.unseen(id, 'party', [version('A', '2024-05-02T00:00:00Z')])).toHaveLength(0);
    ws.close();
  });

  it('refuses a cursor that is not a date-time', () => {
    const { ws, id } = workspaceWithConnection();
    expect(() => ws.readCursors.acknowledge(id, 'party', { seen: [], cursorAt: 'yesterday' })).toThrow(
      expect.objectContaining({ code: 'store.bad_instant' }),
    );
    ws.close();
  });
});
