import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { OsKeychain, secretReference } from '../../src/secrets/keychain.js';

// A service name of its own per run, so the test never touches a person's real Counterpart secrets.
const keychain = new OsKeychain(`Counterpart test ${randomUUID()}`);
const reference = secretReference('conn-test', 'refresh_token');

describe('OS keychain (real Secret Service / Keychain / Credential Manager)', () => {
  afterEach(async () => {
    await keychain.remove(reference);
  });

  it('keeps a secret, replaces it, and forgets it', async () => {
    expect(await keychain.read(reference)).toBeNull();
    await keychain.store(reference, 's3cret-Ω-value');
    expect(await keychain.read(reference)).toBe('s3cret-Ω-value');
    await keychain.store(reference, 'rotated');
    expect(await keychain.read(reference)).toBe('rotated');
    expect(await keychain.remove(reference)).toBe(true);
    expect(await keychain.read(reference)).toBeNull();
  });

  it.runIf(process.platform === 'linux')(
    'fails with a clear error, not a plaintext fallback, when no keychain runs',
    () => {
      const script = `
      import { OsKeychain } from './src/secrets/keychain.ts';
      try { await new OsKeychain('Counterpart test').store('x', 'y'); console.log('STORED'); }
      catch (error) { console.log(error.code + ': ' + error.message); }`;
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        encoding: 'utf8',
        env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/counterpart-bus' },
      });
      expect(child.stdout).toContain('secrets.keychain_unavailable: Could not store a secret in the OS keychain');
      expect(child.stdout).not.toContain('STORED');
    },
  );
});
