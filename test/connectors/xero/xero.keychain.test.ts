import { describe, expect, it } from 'vitest';
import {
  connectXero,
  createXeroConnector,
  XERO_SECRET_NAMES,
  XeroConnectionSettings,
} from '../../../src/connectors/xero/index.js';
import { secretReference } from '../../../src/secrets/keychain.js';
import { openWorkspace } from '../../../src/store/workspace.js';
import { capturedLog, checkThenRead, RecordingKeychain } from '../../support/keychainRun.js';
import { assertNoSecretLeaks } from '../../support/secretScanner.js';
import { freshDirectories } from '../../support/tempDirectory.js';
import { bookSeed, FAST_RETRY, sandboxSettings, startXero } from './harness.js';
import { creates, invoice } from './records.js';

const tempDirectory = freshDirectories();

/** Settings as the connections table stores them: plain JSON, absent fields left out. */
function asJson(settings: object): Record<string, never> {
  return JSON.parse(JSON.stringify(settings));
}

describe('Xero secrets in the real OS keychain', () => {
  it('keeps the client secret and every access and refresh token only in the keychain — never in the database or logs', async () => {
    const keychain = new RecordingKeychain();
    // Access tokens live three real seconds at this time scale, so the run refreshes (and rotates) for real.
    const started = await startXero({ seed: bookSeed(12), timeScale: 600 });
    const workspace = openWorkspace({ dataDirectory: tempDirectory(), name: 'default' });
    const log = capturedLog();
    const settings = XeroConnectionSettings.parse(sandboxSettings(started, { tenantId: undefined, pageSize: 5 }));
    const connection = workspace.connections.create({
      system: 'xero',
      name: 'Xero sandbox',
      isSandbox: true,
      settings: asJson(settings),
    });
    const references = Object.values(XERO_SECRET_NAMES).map((name) => secretReference(connection.id, name));
    try {
      const connected = await connectXero({
        connectionId: connection.id,
        settings,
        secrets: keychain,
        clientSecret: started.credentials.clientSecret,
        openBrowser: async (url) => {
          log.logger.info({ url }, 'opening the consent page');
          await fetch(url);
        },
      });
      log.logger.info({ connected }, 'connected');
      workspace.connections.update(connection.id, { settings: asJson(connected.settings) });
      workspace.connections.setSecretRefs(
        connection.id,
        Object.values(XERO_SECRET_NAMES).map((name) => ({ name, reference: secretReference(connection.id, name) })),
      );

      const connector = createXeroConnector({
        connectionId: connection.id,
        settings: XeroConnectionSettings.parse(workspace.connections.require(connection.id).settings),
        secrets: keychain,
        retry: { ...FAST_RETRY, onRetry: (event) => log.logger.warn({ error: event.error }, 'retrying') },
      });
      await checkThenRead(connector, workspace, connection.id, ['party', 'invoice', 'payment'], log);
      const firstRefresh = await keychain.read(secretReference(connection.id, XERO_SECRET_NAMES.refreshToken));
      await new Promise((resolve) => setTimeout(resolve, 3200));
      const outcomes = await connector.write('invoice', creates([invoice(1, 'CUST-001')], 'keychain-invoice'));
      log.logger.info({ outcomes, statistics: connector.statistics() }, 'wrote');
      expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
      const rotated = await keychain.read(secretReference(connection.id, XERO_SECRET_NAMES.refreshToken));
      expect(rotated).not.toBe(firstRefresh);
      expect(keychain.stored).toContain(rotated);

      // A failure is logged with everything it carries, and still names no secret.
      await keychain.store(secretReference(connection.id, XERO_SECRET_NAMES.accessToken), 'expired-access-token');
      await keychain.store(secretReference(connection.id, XERO_SECRET_NAMES.refreshToken), 'revoked-refresh-token');
      const refused = await createXeroConnector({
        connectionId: connection.id,
        settings: connected.settings,
        secrets: keychain,
      }).testConnection();
      log.refusal(refused);
      expect(refused.ok).toBe(false);
      await connector.close();

      assertNoSecretLeaks({
        secrets: [started.credentials.clientSecret, ...keychain.stored],
        databaseFile: workspace.file,
        logs: { 'pino log': log.text() },
      });
    } finally {
      for (const reference of references) await keychain.remove(reference);
      workspace.close();
      await started.sandbox.close();
    }
    for (const reference of references) expect(await keychain.read(reference)).toBeNull();
  });
});
