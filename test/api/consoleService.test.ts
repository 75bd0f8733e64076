import { describe, expect, it } from 'vitest';
import type { ConsoleEvent } from '../../src/api/contract.js';
import { freshConsoleServices } from '../support/consoleService.js';

const newService = freshConsoleServices();
const web = { transport: 'web' } as const;

describe('console API', () => {
  it('starts a new workspace on the first-run screen as a preparer', async () => {
    const service = newService();
    const result = await service.dispatch('getSettings', {}, web);
    expect(result).toMatchObject({ ok: true, value: { role: 'preparer', firstRunComplete: false, demoMode: false } });
  });

  it('changes settings, records who changed what in the audit trail, and tells open consoles', async () => {
    const service = newService();
    const events: ConsoleEvent[] = [];
    service.events.subscribe((event) => events.push(event));
    const result = await service.dispatch('updateSettings', { userName: 'Ann Smith', role: 'approver' }, web);
    expect(result).toMatchObject({ ok: true, value: { userName: 'Ann Smith', role: 'approver' } });
    const audit = await service.dispatch('listAuditEntries', { action: 'settings.updated' }, web);
    expect(audit).toMatchObject({
      ok: true,
      value: {
        entries: [
          { actor: 'Ann Smith', subject: 'settings', before: { role: 'preparer' }, after: { role: 'approver' } },
        ],
      },
    });
    expect(events.map((event) => event.name)).toEqual(['settingsChanged', 'auditAppended']);
  });

  it('completes the first run in demo mode', async () => {
    const service = newService();
    const result = await service.dispatch('completeFirstRun', { choice: 'demo' }, web);
    expect(result).toMatchObject({ ok: true, value: { firstRunComplete: true, demoMode: true } });
  });

  it('refuses an unknown operation by name and changes nothing', async () => {
    const service = newService();
    const result = await service.dispatch('dropAllTables', {}, web);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'api.unknown_operation',
        message: 'Unknown operation "dropAllTables".',
        context: { operation: 'dropAllTables' },
      },
    });
    expect(await service.dispatch('verifyAuditTrail', {}, web)).toEqual({
      ok: true,
      value: { intact: true, entries: 0 },
    });
  });

  it.each([
    [{ role: 'owner' }, /role: Choose preparer or approver/],
    [{ userName: 42 }, /userName: Enter your name/],
    [{ userName: '   ' }, /userName: Enter your name/],
    [{ userName: 'Ann', isAdmin: true }, /Unrecognized key: "isAdmin"/],
    [{}, /name at least one setting to change/],
    ['not an object', /input: Invalid input: expected object/],
  ])('refuses bad input %j with the field named, and changes nothing', async (input, message) => {
    const service = newService();
    const before = await service.dispatch('getSettings', {}, web);
    const result = await service.dispatch('updateSettings', input, web);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('api.invalid_input');
      expect(result.error.message).toMatch(/^updateSettings: /);
      expect(result.error.message).toMatch(message);
      expect(result.error.issues?.length).toBeGreaterThan(0);
    }
    expect(await service.dispatch('getSettings', {}, web)).toEqual(before);
    expect(await service.dispatch('verifyAuditTrail', {}, web)).toEqual({
      ok: true,
      value: { intact: true, entries: 0 },
    });
  });

  it('names each invalid field in a structured list a form can show in place', async () => {
    const service = newService();
    const result = await service.dispatch('updateSettings', { userName: '', role: 'owner' }, web);
    expect(result).toMatchObject({
      ok: false,
      error: {
        issues: [
          { path: ['userName'], message: 'Enter your name' },
          { path: ['role'], message: 'Choose preparer or approver' },
        ],
      },
    });
  });

  it('reports the product and workspace', async () => {
    const service = newService();
    const result = await service.dispatch('getAppInfo', {}, web);
    expect(result).toMatchObject({
      ok: true,
      value: { product: 'Counterpart', workspace: 'default', transport: 'web' },
    });
  });
});
