import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKashFlowConnector, KashFlowConnectionSettings } from '../../../src/connectors/kashflow/index.js';
import { ConnectionSecrets } from '../../../src/connectors/shared/connectionSecrets.js';
import { secretReference } from '../../../src/secrets/keychain.js';
import { openWorkspace } from '../../../src/store/workspace.js';
import { capturedLog, checkThenRead, RecordingKeychain } from '../../support/keychainRun.js';
import { assertNoSecretLeaks } from '../../support/secretScanner.js';
import { freshDirectories } from '../../support/tempDirectory.js';
import { seedLedger, startKashFlow } from './harness.js';
import { customer, invoice, product, receipt } from './records.js';

const tempDirectory = freshDirectories();

describe('KashFlow secrets in the real OS keychain', () => {
  it('keeps the password, memorable word and session token only in the keychain — never in the database or logs', async () => {
    const keychain = new RecordingKeychain();
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
        retry: { onRetry: log.retries },
      });
      await checkThenRead(connector, workspace, connection.id, ['party', 'invoice', 'payment'], log);
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
      log.refusal(refused);
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
