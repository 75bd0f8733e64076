import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ENTITIES } from '../../../src/connectors/connector.js';
import { createSageX3Connector, SageX3ConnectionSettings } from '../../../src/connectors/sagex3/index.js';
import { ConnectionSecrets } from '../../../src/connectors/shared/connectionSecrets.js';
import { openWorkspace } from '../../../src/store/workspace.js';
import { capturedLog, checkThenRead, RecordingKeychain } from '../../support/keychainRun.js';
import { assertNoSecretLeaks } from '../../support/secretScanner.js';
import { freshDirectories } from '../../support/tempDirectory.js';
import { companySeed, startX3 } from './harness.js';
import { customer, invoice, order, receipt } from './records.js';

const tempDirectory = freshDirectories();

describe('Sage X3 secrets in the real OS keychain', () => {
  it('keeps the password and the connected-app secret only in the keychain — never in the database or logs', async () => {
    const keychain = new RecordingKeychain();
    const password = `x3-pw-${randomUUID()}`;
    const clientSecret = `x3-app-secret-${randomUUID()}`;
    const x3 = await startX3({
      seed: companySeed(),
      settings: { users: { ADMIN: password }, connectedApp: { clientSecret } },
    });
    const workspace = openWorkspace({ dataDirectory: tempDirectory(), name: 'default' });
    const secrets = new ConnectionSecrets(workspace.connections, keychain);
    const log = capturedLog();
    const basic = workspace.connections.create({
      system: 'sagex3',
      name: 'Sage X3 sandbox (Basic)',
      isSandbox: true,
      settings: { ...x3.settings(), pageSize: 2 },
    });
    const jwt = workspace.connections.create({
      system: 'sagex3',
      name: 'Sage X3 sandbox (connected app)',
      isSandbox: true,
      settings: { ...x3.settings(), authMode: 'jwt' },
    });
    try {
      await secrets.store(basic.id, { password });
      await secrets.store(jwt.id, { client_secret: clientSecret });
      const connectorFor = (id: string) => {
        const connection = workspace.connections.require(id);
        return createSageX3Connector({
          connectionId: id,
          settings: SageX3ConnectionSettings.parse(connection.settings),
          secrets: keychain,
          retry: { onRetry: log.retries },
        });
      };
      const connector = connectorFor(basic.id);
      await checkThenRead(
        connector,
        workspace,
        basic.id,
        ENTITIES.filter((name) => connector.capabilities[name]?.read),
        log,
      );
      const create = <T>(key: string, record: T) => ({ idempotencyKey: key, operation: 'create' as const, record });
      const outcomes = [
        ...(await connector.write('party', [create('c1', customer(1))])),
        ...(await connector.write('salesOrder', [create('o1', order('K-ORD-1', 'NEW-1'))])),
        ...(await connector.write('invoice', [create('i1', invoice('K-INV-1', 'NEW-1'))])),
        ...(await connector.write('payment', [create('r1', receipt('K-PAY-1', 'NEW-1', 'K-INV-1', 1_000))])),
      ];
      log.logger.info({ outcomes, statistics: connector.statistics() }, 'wrote');
      expect(outcomes.every((outcome) => outcome.ok)).toBe(true);

      const viaApp = connectorFor(jwt.id);
      const appCheck = await viaApp.testConnection();
      log.logger.info({ appCheck }, 'test connection (connected app)');
      expect(appCheck.ok).toBe(true);

      // Failures are logged with everything they carry, and still name no secret.
      await keychain.store(`connection/${basic.id}/password`, 'a-wrong-password');
      const refused = await connectorFor(basic.id).testConnection();
      log.refusal(refused);
      expect(refused.ok).toBe(false);
      await keychain.store(`connection/${basic.id}/password`, password);

      expect(workspace.readCursors.get(basic.id, 'party')?.cursorAt).toEqual(expect.any(String));
      expect(workspace.connections.require(basic.id).secretRefs.map((ref) => ref.name)).toEqual(['password']);
      // Nor the Authorization headers made from them: Basic credentials, or a signed JWT (base64url of {"alg":…).
      expect(log.text()).not.toMatch(/Bearer |eyJhbGciOi/);
      assertNoSecretLeaks({
        secrets: [password, clientSecret, Buffer.from(`ADMIN:${password}`).toString('base64')],
        databaseFile: workspace.file,
        logs: { 'pino log': log.text() },
      });
    } finally {
      await secrets.deleteConnection(basic.id);
      await secrets.deleteConnection(jwt.id);
      workspace.close();
    }
    expect(await keychain.read(`connection/${basic.id}/password`)).toBeNull();
    assertNoSecretLeaks({ secrets: [password, clientSecret], databaseFile: workspace.file });
  });
});
