import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  authorizeSalesforce,
  createSalesforceConnector,
  SALESFORCE_SECRET_NAMES,
  SalesforceConnectionSettings,
} from '../../../src/connectors/salesforce/index.js';
import { ConnectionSecrets } from '../../../src/connectors/shared/connectionSecrets.js';
import { secretReference } from '../../../src/secrets/keychain.js';
import { openWorkspace } from '../../../src/store/workspace.js';
import { capturedLog, checkThenRead, RecordingKeychain } from '../../support/keychainRun.js';
import { assertNoSecretLeaks } from '../../support/secretScanner.js';
import { freshDirectories } from '../../support/tempDirectory.js';
import { demo, startSalesforce } from './harness.js';
import { customer, upsert } from './records.js';

const tempDirectory = freshDirectories();

describe('Salesforce secrets in the real OS keychain', () => {
  it('keeps the client secret and the rotated tokens only in the keychain — never in the database or logs', async () => {
    const keychain = new RecordingKeychain();
    const harness = await startSalesforce({ demo: demo(), settings: { rotateRefreshTokens: true } });
    const workspace = openWorkspace({ dataDirectory: tempDirectory(), name: 'default' });
    const secrets = new ConnectionSecrets(workspace.connections, keychain);
    const log = capturedLog();
    const { instanceUrl: _, ...settings } = harness.settings();
    const connection = workspace.connections.create({
      system: 'salesforce',
      name: 'Salesforce sandbox',
      isSandbox: true,
      settings,
    });
    const references = Object.values(SALESFORCE_SECRET_NAMES).map((name) => secretReference(connection.id, name));
    try {
      await secrets.store(connection.id, {
        [SALESFORCE_SECRET_NAMES.clientSecret]: harness.credentials.clientSecret ?? '',
      });
      const authorization = await authorizeSalesforce({
        connectionId: connection.id,
        settings: SalesforceConnectionSettings.parse(connection.settings),
        secrets: keychain,
        openBrowser: async (url) => {
          log.logger.info({ url }, 'opening the consent page');
          const consent = await fetch(url, { redirect: 'manual' });
          void fetch(consent.headers.get('location') ?? '');
        },
      });
      log.logger.info({ authorization }, 'authorised');
      workspace.connections.update(connection.id, {
        settings: { ...connection.settings, instanceUrl: authorization.instanceUrl },
      });
      // The row names the keychain entries the authorisation wrote; values never pass through it.
      workspace.connections.setSecretRefs(
        connection.id,
        Object.values(SALESFORCE_SECRET_NAMES).map((name) => ({
          name,
          reference: secretReference(connection.id, name),
        })),
      );
      const connector = createSalesforceConnector({
        connectionId: connection.id,
        settings: SalesforceConnectionSettings.parse(workspace.connections.require(connection.id).settings),
        secrets: keychain,
        retry: { onRetry: log.retries },
      });
      const reader = await checkThenRead(
        connector,
        workspace,
        connection.id,
        ['party', 'product', 'salesOrder'],
        log,
        (records) => records.length,
      );
      harness.sandbox.expireSessions();
      const outcomes = await connector.write('party', [upsert('k1', customer(1)), upsert('k2', customer(2))]);
      log.logger.info({ outcomes, statistics: connector.statistics() }, 'wrote');
      expect(outcomes.every((outcome) => outcome.ok)).toBe(true);

      // Only the changed accounts come back on the next incremental read.
      const again = reader.read('party');
      const changed: string[] = [];
      for await (const page of again) {
        changed.push(...page.records.map((record) => record.code ?? ''));
        page.acknowledge();
      }
      expect(changed.sort()).toEqual([customer(1).code, customer(2).code]);

      // A failure is logged with everything it carries, and still names no secret.
      await keychain.store(
        secretReference(connection.id, SALESFORCE_SECRET_NAMES.refreshToken),
        `5Aep861${randomUUID()}`,
      );
      harness.sandbox.expireSessions();
      const refused = await createSalesforceConnector({
        connectionId: connection.id,
        settings: SalesforceConnectionSettings.parse(workspace.connections.require(connection.id).settings),
        secrets: keychain,
      }).testConnection();
      log.refusal(refused);
      expect(refused.ok).toBe(false);

      // At least two access tokens and two refresh tokens (the first and a rotated one) went through the keychain.
      expect(keychain.stored.size).toBeGreaterThanOrEqual(5);
      await connector.close();
      assertNoSecretLeaks({
        secrets: [harness.credentials.clientSecret ?? '', ...keychain.stored],
        databaseFile: workspace.file,
        logs: { 'pino log': log.text() },
      });
    } finally {
      for (const reference of references) await keychain.remove(reference);
      await secrets.deleteConnection(connection.id);
      workspace.close();
      await harness.close();
    }
    for (const reference of references) expect(await keychain.read(reference)).toBeNull();
    assertNoSecretLeaks({ secrets: [...keychain.stored], databaseFile: workspace.file });
  });
});
