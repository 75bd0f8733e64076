import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ConnectionSecrets } from '../../../src/connectors/shared/connectionSecrets.js';
import { classifyHttpFailure, classifyTransportError } from '../../../src/connectors/shared/httpFailure.js';
import { openWorkspace } from '../../../src/store/workspace.js';
import { assertNoSecretLeaks, findSecretLeaks } from '../../support/secretScanner.js';
import { freshDirectories } from '../../support/tempDirectory.js';
import { MemoryVault } from './memoryVault.js';

const tempDirectory = freshDirectories();

function setUp() {
  const workspace = openWorkspace({ dataDirectory: tempDirectory(), name: 'default' });
  const vault = new MemoryVault();
  const secrets = new ConnectionSecrets(workspace.connections, vault);
  return { workspace, vault, secrets };
}

/** A pino logger writing into a string, as the engine's log file would. */
function capturedLogger() {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  return { logger, text: () => lines.join('') };
}

describe('connection secrets', () => {
  it('keeps values in the vault and only references in the connection row', async () => {
    const { workspace, vault, secrets } = setUp();
    const kashflow = workspace.connections.create({
      system: 'kashflow',
      name: 'KashFlow',
      settings: { username: 'ann' },
    });
    await secrets.store(kashflow.id, { password: 'Tr0ub4dor&3', memorable_word: 'marmalade' });

    expect(await secrets.read(kashflow.id, 'password')).toBe('Tr0ub4dor&3');
    expect(secrets.names(kashflow.id)).toEqual(['password', 'memorable_word']);
    expect(workspace.connections.require(kashflow.id).secretRefs).toEqual([
      { name: 'password', reference: `connection/${kashflow.id}/password` },
      { name: 'memorable_word', reference: `connection/${kashflow.id}/memorable_word` },
    ]);
    expect([...vault.contents().keys()]).toEqual([
      `connection/${kashflow.id}/password`,
      `connection/${kashflow.id}/memorable_word`,
    ]);

    await secrets.store(kashflow.id, { password: 'n3w-passw0rd' });
    expect(await secrets.read(kashflow.id, 'password')).toBe('n3w-passw0rd');
    expect(secrets.names(kashflow.id)).toEqual(['password', 'memorable_word']);

    expect(await secrets.remove(kashflow.id, 'memorable_word')).toBe(true);
    expect(await secrets.remove(kashflow.id, 'memorable_word')).toBe(false);
    expect(secrets.names(kashflow.id)).toEqual(['password']);
    workspace.close();
  });

  it('asks the user to reconnect when a secret is missing from the keychain', async () => {
    const { workspace, vault, secrets } = setUp();
    const xero = workspace.connections.create({ system: 'xero', name: 'Xero Acme' });
    await secrets.store(xero.id, { refresh_token: 'rt-abc123' });
    for (const reference of [...vault.contents().keys()]) await vault.remove(reference);
    await expect(secrets.read(xero.id, 'refresh_token')).rejects.toMatchObject({
      code: 'secrets.missing',
      message:
        'The refresh token of connection "Xero Acme" is not in the OS keychain: reconnect the connection to enter it again.',
    });
    expect(await secrets.readOptional(xero.id, 'client_secret')).toBeUndefined();
    await expect(secrets.store(xero.id, { 'Client Secret': 'x' })).rejects.toMatchObject({ code: 'secrets.bad_name' });
    workspace.close();
  });

  it('deletes a connection together with its keychain entries and read state', async () => {
    const { workspace, vault, secrets } = setUp();
    const crm = workspace.connections.create({ system: 'salesforce', name: 'CRM' });
    await secrets.store(crm.id, { client_secret: 'cs-1', refresh_token: 'rt-1' });
    workspace.readCursors.acknowledge(crm.id, 'party', { seen: [], cursorAt: '2024-05-01T00:00:00Z' });
    expect(await secrets.deleteConnection(crm.id)).toBe(true);
    expect(vault.contents().size).toBe(0);
    expect(workspace.connections.get(crm.id)).toBeUndefined();
    expect(workspace.readCursors.get(crm.id, 'party')).toBeUndefined();
    expect(await secrets.deleteConnection(crm.id)).toBe(false);
    workspace.close();
  });

  it('leaves no secret used in the run in the database file, its WAL, or the log', async () => {
    const { workspace, vault, secrets } = setUp();
    const { logger, text } = capturedLogger();
    const kashflow = workspace.connections.create({
      system: 'kashflow',
      name: 'KashFlow',
      settings: { username: 'ann' },
    });
    const salesforce = workspace.connections.create({
      system: 'salesforce',
      name: 'Salesforce',
      settings: { instanceUrl: 'https://acme.my.salesforce.com', clientId: '3MVG9-public-id' },
    });
    await secrets.store(kashflow.id, { password: 'kf-Pa55word!', memorable_word: 'marmalade-sandwich' });
    await secrets.store(salesforce.id, { client_secret: 'sf-client-S3CRET', refresh_token: '5Aep861-refresh' });
    await secrets.store(salesforce.id, { refresh_token: '5Aep862-rotated', access_token: '00Dxx!AQ-access' });
    logger.info({ connection: workspace.connections.require(salesforce.id) }, 'connection saved');
    logger.info({ connections: workspace.connections.list() }, 'connections listed');
    logger.warn(
      { err: classifyHttpFailure('kashflow', { status: 401, url: 'https://api.example/kf?Password=kf-Pa55word!' }) },
      'test connection failed',
    );
    logger.warn(
      {
        err: classifyTransportError('salesforce', new TypeError('fetch failed'), {
          url: 'https://acme.my.salesforce.com/services/oauth2/token?refresh_token=5Aep862-rotated',
        }),
      },
      'token refresh failed',
    );
    workspace.readCursors.acknowledge(salesforce.id, 'party', { seen: [], cursorAt: '2024-05-01T00:00:00Z' });

    const scan = { secrets: [...vault.everStored], databaseFile: workspace.file, logs: { 'engine log': text() } };
    expect(scan.secrets).toHaveLength(6);
    assertNoSecretLeaks(scan);
    workspace.close();
    assertNoSecretLeaks(scan);
  });

  it('the scanner names the table, the file and the log line where a secret leaked', async () => {
    const { workspace } = setUp();
    const { logger, text } = capturedLogger();
    const xero = workspace.connections.create({ system: 'xero', name: 'Xero' });
    workspace.db
      .prepare('UPDATE connections SET settings_json = \'{"token":"leaky-t0ken"}\' WHERE id = ?')
      .run(xero.id);
    logger.info('starting');
    logger.info({ auth: 'Bearer leaky-t0ken' }, 'calling Xero');
    const leaks = findSecretLeaks({
      secrets: ['leaky-t0ken'],
      databaseFile: workspace.file,
      logs: { 'engine log': text() },
    });
    const places = leaks.map((leak) => leak.where);
    expect(places).toContain('table connections, column settings_json');
    expect(places).toContain('engine log line 2');
    expect(places.some((where) => where.startsWith(`${workspace.file}-wal at byte `))).toBe(true);
    expect(leaks.every((leak) => leak.secret === 'lea…(11 characters)')).toBe(true);
    expect(() => assertNoSecretLeaks({ secrets: ['leaky-t0ken'], databaseFile: workspace.file })).toThrow(
      /Secrets leaked:\n {2}lea…\(11 characters\) in /,
    );
    workspace.close();
    // Closing checkpoints the WAL into the main file: the leak is found there too.
    const afterClose = findSecretLeaks({ secrets: ['leaky-t0ken'], databaseFile: workspace.file }).map(
      (leak) => leak.where,
    );
    expect(afterClose.some((where) => where.startsWith(`${workspace.file} at byte `))).toBe(true);
  });
});
