import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createKashFlowConnector, KashFlowConnectionSettings } from '../../../src/connectors/kashflow/index.js';
import { ConnectionSecrets } from '../../../src/connectors/shared/connectionSecrets.js';
import { IncrementalReader } from '../../../src/connectors/shared/incrementalReader.js';
import { OsKeychain, type SecretVault, secretReference } from '../../../src/secrets/keychain.js';
import { openWorkspace } from '../../../src/store/workspace.js';
import { assertNoSecretLeaks } from '../../support/secretScanner.js';
import { freshDirectories } from '../../support/tempDirectory.js';
import { seedLedger, startKashFlow } from './harness.js';
import { customer, invoice, product, receipt } from './records.js';

const tempDirectory = freshDirectories();

/** The real keychain, noting every value stored through it so the scan looks for every session token ever issued. */
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

/** A pino logger whose output the test can read, as the app's logs would be. */
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

describe('KashFlow secrets in the real OS keychain', () => {
  it('keeps the password, memorable word and session token only in the keychain — never in the database or logs', async () => {
    const keychain = new RecordingKeychain(new OsKeychain(`Counterpart test ${randomUUID()}`));
    const password = `pw-${randomUUID()}`;
    const memorableWord = `zebra${randomUUID().slice(0, 8)}`;
    const harness = await startKashFlow({ seed: seedLedger(), sandboxSettings: { password, memorableWord } });
    const workspace = openWorkspace({ dataDirectory: tempDirectory(), name: 'default' });
    const secrets = new ConnectionSecrets(workspace.connections, keychain);
    const log = capturedLog();
    const connection = workspace.connections.create({
      system: 'kashflow',
      name: 'KashFlow sandbox',
      isSandbox: true,
      settings: {
        baseUrl: harness.sandbox.baseUrl,
        userName: harness.sandbox.settings.userName,
        keepSessionInKeychain: true,
        pageSize: 5,
      },
    });
    const sessionReference = secretReference(connection.id, 'session_token');
    let sessionToken: string | null = null;
    try {
      await secrets.store(connection.id, { password, memorable_word: memorableWord });
      const connector = createKashFlowConnector({
        connectionId: connection.id,
        settings: KashFlowConnectionSettings.parse(connection.settings),
        secrets: keychain,
        retry: { onRetry: (event) => log.logger.warn({ error: event.error, attempt: event.attempt }, 'retrying') },
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
      harness.sandbox.expireSessions();
      const create = <T>(key: string, record: T) => ({ idempotencyKey: key, operation: 'create' as const, record });
      const outcomes = [
        ...(await connector.write('party', [create('c1', customer(1))])),
        ...(await connector.write('product', [create('p1', product(1))])),
        ...(await connector.write('invoice', [create('i1', invoice(20_001, 'NEW001'))])),
        ...(await connector.write('payment', [create('r1', receipt('20001', 100))])),
      ];
      log.logger.info({ outcomes, statistics: connector.statistics() }, 'wrote');
      expect(outcomes.every((outcome) => outcome.ok)).toBe(true);

      // A failure is logged with everything it carries, and still names no secret.
      await keychain.store(secretReference(connection.id, 'memorable_word'), 'wrong-word-entirely');
      const refused = await createKashFlowConnector({
        connectionId: connection.id,
        settings: KashFlowConnectionSettings.parse(connection.settings),
        secrets: keychain,
      }).testConnection();
      log.logger.error(
        { refused, error: refused.ok ? undefined : { ...refused.error, message: refused.error.message } },
        'refused',
      );
      expect(refused.ok).toBe(false);

      sessionToken = await keychain.read(sessionReference);
      expect(sessionToken).toEqual(expect.any(String));
      // Two sessions at least: the first lapsed (expireSessions) and the connector logged in again.
      expect(keychain.stored.size).toBeGreaterThanOrEqual(4);
      expect(workspace.readCursors.get(connection.id, 'party')?.cursorAt).toEqual(expect.any(String));
      await connector.close();
      assertNoSecretLeaks({
        secrets: [password, memorableWord, ...keychain.stored],
        databaseFile: workspace.file,
        logs: { 'pino log': log.text() },
      });
    } finally {
      await keychain.remove(sessionReference);
      await secrets.deleteConnection(connection.id);
      workspace.close();
      await harness.close();
    }
    expect(await keychain.read(sessionReference)).toBeNull();
    assertNoSecretLeaks({
      secrets: [password, memorableWord, ...keychain.stored],
      databaseFile: workspace.file,
    });
  });
});
