import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConnectionSecrets } from '../../../src/connectors/shared/connectionSecrets.js';
import { OsKeychain } from '../../../src/secrets/keychain.js';
import { openWorkspace } from '../../../src/store/workspace.js';
import { assertNoSecretLeaks } from '../../support/secretScanner.js';
import { freshDirectories } from '../../support/tempDirectory.js';

const tempDirectory = freshDirectories();

describe('connection secrets in the real OS keychain', () => {
  it('stores, reads and deletes a connection’s secrets, leaving only references in the database', async () => {
    // A service name of its own per run, so the test never touches a person's real Counterpart secrets.
    const keychain = new OsKeychain(`Counterpart test ${randomUUID()}`);
    const workspace = openWorkspace({ dataDirectory: tempDirectory(), name: 'default' });
    const secrets = new ConnectionSecrets(workspace.connections, keychain);
    const x3 = workspace.connections.create({
      system: 'sagex3',
      name: 'Sage X3 LAN',
      settings: { baseUrl: 'https://x3.lan:8124', folder: 'SEED', user: 'admin' },
    });
    const password = `x3-${randomUUID()}`;
    const clientSecret = `cs-${randomUUID()}`;
    try {
      await secrets.store(x3.id, { password, client_secret: clientSecret });
      expect(await secrets.read(x3.id, 'password')).toBe(password);
      expect(await keychain.read(`connection/${x3.id}/client_secret`)).toBe(clientSecret);
      assertNoSecretLeaks({ secrets: [password, clientSecret], databaseFile: workspace.file });
    } finally {
      await secrets.deleteConnection(x3.id);
    }
    expect(await keychain.read(`connection/${x3.id}/password`)).toBeNull();
    expect(await keychain.read(`connection/${x3.id}/client_secret`)).toBeNull();
    workspace.close();
    assertNoSecretLeaks({ secrets: [password, clientSecret], databaseFile: workspace.file });
  });
});
