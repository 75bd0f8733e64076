import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionManager } from '../../src/connections/connectionManager.js';
import { startKashFlowSandbox } from '../../src/sandbox/kashflow/index.js';
import { SandboxClock } from '../../src/sandbox/shared/clock.js';
import { FaultInjector } from '../../src/sandbox/shared/faults.js';
import type { RunningSandbox } from '../../src/sandbox/shared/runningSandbox.js';
import { openWorkspace } from '../../src/store/workspace.js';
import { MemoryVault } from '../connectors/shared/memoryVault.js';
import { assertNoSecretLeaks } from '../support/secretScanner.js';
import { freshDirectories } from '../support/tempDirectory.js';

const tempDirectory = freshDirectories();
const running: RunningSandbox[] = [];
afterEach(async () => {
  for (const sandbox of running.splice(0)) await sandbox.close();
});

async function setUp() {
  const sandbox = await startKashFlowSandbox({ port: 0, faults: new FaultInjector(), clock: new SandboxClock() });
  running.push(sandbox);
  const workspace = openWorkspace({ dataDirectory: tempDirectory(), name: 'default' });
  const vault = new MemoryVault();
  const { baseUrl, userName, password, memorableWord } = sandbox.credentials as Record<string, string>;
  const request = {
    system: 'kashflow' as const,
    name: 'KashFlow (sandbox)',
    settings: { baseUrl, userName },
    secrets: { password: password ?? '', memorable_word: memorableWord ?? '' },
    isSandbox: true,
    actor: 'ann',
  };
  return { workspace, vault, manager: new ConnectionManager(workspace, vault), request };
}

describe('connections', () => {
  it('tests a new connection before saving it, then keeps its secrets in the vault only', async () => {
    const { workspace, vault, manager, request } = await setUp();
    const { connection, check } = await manager.create(request);
    expect(check).toMatchObject({ ok: true });
    expect(connection).toMatchObject({ name: 'KashFlow (sandbox)', system: 'kashflow', isSandbox: true });
    expect(manager.list()).toEqual([
      expect.objectContaining({ id: connection.id, lastCheck: expect.objectContaining({ ok: true }) }),
    ]);
    expect([...vault.contents().keys()].sort()).toEqual([
      `connection/${connection.id}/memorable_word`,
      `connection/${connection.id}/password`,
    ]);
    expect(workspace.auditLog.list({ limit: 5 })[0]).toMatchObject({ actor: 'ann', action: 'connection.created' });
    workspace.close();
    assertNoSecretLeaks({ secrets: [...vault.everStored], databaseFile: workspace.file });
  });

  it('saves nothing when the system refuses the credentials, and says why', async () => {
    const { workspace, vault, manager, request } = await setUp();
    await expect(manager.create({ ...request, secrets: { ...request.secrets, password: 'wrong' } })).rejects.toThrow(
      /password/i,
    );
    expect(manager.list()).toEqual([]);
    expect(vault.contents().size).toBe(0);
    workspace.close();
  });

  it('refuses bad settings and missing secrets by name before calling anything', async () => {
    const { workspace, manager, request } = await setUp();
    await expect(manager.create({ ...request, settings: { baseUrl: 'not a url', userName: 'x' } })).rejects.toThrow(
      /^KashFlow settings: baseUrl:/,
    );
    await expect(manager.create({ ...request, secrets: { password: 'x' } })).rejects.toThrow(
      'A KashFlow connection needs: memorable_word.',
    );
    workspace.close();
  });

  it('re-tests a saved connection and removes it with its secrets', async () => {
    const { workspace, vault, manager, request } = await setUp();
    const { connection } = await manager.create(request);
    expect(await manager.test(connection.id)).toMatchObject({ ok: true, account: expect.any(String) });
    await manager.remove(connection.id, 'ann');
    expect(manager.list()).toEqual([]);
    expect(vault.contents().size).toBe(0);
    workspace.close();
  });
});

describe('demo connections', () => {
  it('connect to every demo sandbox Counterpart has a connector for, and follow them when they restart', async () => {
    const { connectDemoSystems } = await import('../../src/demo/demoConnections.js');
    const { startSandboxes } = await import('../../src/sandbox/startSandboxes.js');
    const { availableSystems } = await import('../../src/connections/connectorRegistry.js');
    const workspace = openWorkspace({ dataDirectory: tempDirectory(), name: 'default' });
    const manager = new ConnectionManager(workspace, new MemoryVault());
    for (let launch = 0; launch < 2; launch += 1) {
      const sandboxes = await startSandboxes({ seed: { kind: 'demo' } });
      try {
        await connectDemoSystems(manager, sandboxes);
      } finally {
        await sandboxes.close();
      }
      const connections = manager.list();
      expect(connections.map((connection) => connection.system).sort()).toEqual(
        availableSystems()
          .map((descriptor) => descriptor.system)
          .sort(),
      );
      for (const connection of connections) expect(connection.lastCheck, connection.name).toMatchObject({ ok: true });
    }
    workspace.close();
  });
});

describe('OAuth connections', () => {
  it('run the browser consent, keep the tokens only in the vault, and save the chosen organisation', async () => {
    const { startXeroSandbox } = await import('../../src/sandbox/xero/index.js');
    const { xeroDescriptor } = await import('../../src/connections/descriptors/xero.js');
    const sandbox = await startXeroSandbox({ port: 0, faults: new FaultInjector(), clock: new SandboxClock() });
    running.push(sandbox);
    const { settings } = xeroDescriptor.fromSandbox({ baseUrl: sandbox.baseUrl, ...sandbox.credentials });
    const workspace = openWorkspace({ dataDirectory: tempDirectory(), name: 'default' });
    const vault = new MemoryVault();
    const manager = new ConnectionManager(workspace, vault);
    const consentPages: string[] = [];
    const { connection, check } = await manager.create({
      system: 'xero',
      name: 'Xero',
      settings: { ...settings, clientId: sandbox.credentials.pkceClientId, redirectUri: 'http://127.0.0.1:0/callback' },
      secrets: {},
      actor: 'ann',
      // The sandbox approves at once; a person's browser would follow the same redirects.
      openBrowser: async (url) => {
        consentPages.push(url);
        await fetch(url, { redirect: 'follow' });
      },
    });
    expect(consentPages).toHaveLength(1);
    expect(check).toMatchObject({ ok: true });
    expect(workspace.connections.require(connection.id).settings).toMatchObject({ tenantId: settings.tenantId });
    expect([...vault.contents().keys()].map((reference) => reference.split('/').at(-1)).sort()).toEqual([
      'access_token',
      'refresh_token',
    ]);
    workspace.close();
    assertNoSecretLeaks({ secrets: [...vault.everStored], databaseFile: workspace.file });
  });
});
