import { describe, expect, it } from 'vitest';
import type * as EngineClientModule from '../../src/api/transports/engineClient.js';
import { importBuilt } from '../support/built.js';
import { freshDirectories } from '../support/tempDirectory.js';

const tempDirectory = freshDirectories();

describe('engine thread (what the desktop app runs behind IPC)', () => {
  it('answers console calls from its own thread, validates them, and relays events', async () => {
    const { startEngine } = await importBuilt<typeof EngineClientModule>('src/api/transports/engineClient.ts');
    const engine = await startEngine({ dataDirectory: tempDirectory(), workspace: 'default' });
    const events: string[] = [];
    engine.onEvent((event) => events.push(event.name));
    try {
      expect(await engine.call('getAppInfo', {})).toMatchObject({ ok: true, value: { transport: 'ipc' } });
      expect(await engine.call('updateSettings', { role: 'approver' })).toMatchObject({
        ok: true,
        value: { role: 'approver' },
      });
      expect(await engine.call('updateSettings', { role: 'boss' })).toMatchObject({
        ok: false,
        error: { code: 'api.invalid_input' },
      });
      expect(await engine.call('nope', {})).toMatchObject({ ok: false, error: { code: 'api.unknown_operation' } });
      expect(events).toEqual(['settingsChanged', 'auditAppended']);
    } finally {
      await engine.stop();
    }
  });

  it('refuses to start on a corrupt workspace with the store error', async () => {
    const { startEngine } = await importBuilt<typeof EngineClientModule>('src/api/transports/engineClient.ts');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const dataDirectory = tempDirectory();
    mkdirSync(`${dataDirectory}/workspaces`);
    writeFileSync(`${dataDirectory}/workspaces/default.sqlite`, 'not a database at all');
    await expect(startEngine({ dataDirectory, workspace: 'default' })).rejects.toThrow(/not a SQLite database/);
  });
});
