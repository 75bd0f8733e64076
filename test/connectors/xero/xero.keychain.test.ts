import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { IncrementalReader } from '../../../src/connectors/shared/incrementalReader.js';
import {
  connectXero,
  createXeroConnector,
  XERO_SECRET_NAMES,
  XeroConnectionSettings,
} from '../../../src/connectors/xero/index.js';
import { OsKeychain, type SecretVault, secretReference } from '../../../src/secrets/keychain.js';
import { openWorkspace } from '../../../src/store/workspace.js';
import { assertNoSecretLeaks } from '../../support/secretScanner.js';
import { freshDirectories } from '../../support/tempDirectory.js';
import { bookSeed, FAST_RETRY, sandboxSettings, startXero } from './harness.js';
import { creates, invoice } from './records.js';

const tempDirectory = freshDirectories();

/** The real keychain, noting every value stored through it so the scan looks for every token ever issued. */
class RecordingKeychain implements SecretVault {
  readonly stored = new Set<string>();
  constructor(private readonly keychain: OsKeychain) {}
  async store(reference: string, secret: string): Promise<void> {
    this.stored.add(secret);
    await this.keychain.store(reference, secret);
  }
  read(reference: string): Promise<string | null> {
    return this.keychain.read(reference);
  }
  remove(reference: string): Promise<boolean> {
    return this.keychain.remove(reference);
  }
}

/** Settings as the connections table stores them: plain JSON, absent fields left out. */
function asJson(settings: object): Record<string, never> {
  return JSON.parse(JSON.stringify(settings));
}

function capturedLog() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, stream), text: () => text };
}

describe('Xero secrets in the real OS keychain', () => {
  it('keeps the client secret and every access and refresh token only in the keychain — never in the database or logs', async () => {
    const keychain = new RecordingKeychain(new OsKeychain(`Counterpart test ${randomUUID()}`));
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
      const check = await connector.testConnection();
      log.logger.info({ check }, 'test connection');
      expect(check.ok).toBe(true);

      const reader = new IncrementalReader({
        connector,
        connectionId: connection.id,
        cursors: workspace.readCursors,
        lookBackMs: 60_000,
      });
      for (const entity of ['party', 'invoice', 'payment'] as const) {
        const read = reader.read(entity);
        for await (const page of read) {
          log.logger.debug({ entity, records: page.records }, 'read page');
          page.acknowledge();
        }
        log.logger.info({ summary: read.summary() }, `read ${entity}`);
      }
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
      log.logger.error(
        { refused, error: refused.ok ? undefined : { ...refused.error, message: refused.error.message } },
        'refused',
      );
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
