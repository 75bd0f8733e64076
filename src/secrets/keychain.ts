import { AsyncEntry } from '@napi-rs/keyring';
import { CounterpartError, describeError } from '../errors.js';

/** Where connection secrets (client secrets, passwords, memorable words, tokens) live: never SQLite, never logs. */
export interface SecretVault {
  store(reference: string, secret: string): Promise<void>;
  read(reference: string): Promise<string | null>;
  remove(reference: string): Promise<boolean>;
}

export const KEYCHAIN_SERVICE = 'Counterpart';

/** The account name under which one secret of one connection is kept; the database stores only this reference. */
export function secretReference(connectionId: string, secretName: string): string {
  return `connection/${connectionId}/${secretName}`;
}

/**
 * The OS keychain through @napi-rs/keyring: macOS Keychain, Windows Credential Manager, and on Linux the Secret
 * Service (GNOME Keyring, KWallet). On Linux the entry is pinned to the Secret Service, because the library would
 * otherwise fall back to the kernel keyring, which forgets everything at reboot; with no Secret Service running the
 * user gets a clear error rather than a silent downgrade.
 */
export class OsKeychain implements SecretVault {
  constructor(private readonly service: string = KEYCHAIN_SERVICE) {}

  async store(reference: string, secret: string): Promise<void> {
    await this.attempt('store', reference, (entry) => entry.setPassword(secret));
  }

  async read(reference: string): Promise<string | null> {
    return this.attempt('read', reference, (entry) => entry.getPassword());
  }

  async remove(reference: string): Promise<boolean> {
    return this.attempt('remove', reference, (entry) => entry.deleteCredential());
  }

  private async attempt<T>(action: string, reference: string, use: (entry: AsyncEntry) => Promise<T>): Promise<T> {
    try {
      return await use(new AsyncEntry(this.service, reference, { linux: { store: 'secret-service' } }));
    } catch (error) {
      throw new CounterpartError(
        'secrets.keychain_unavailable',
        `Could not ${action} a secret in the OS keychain (${describeError(error)}). Counterpart keeps secrets only in the keychain: unlock or start your keyring (Keychain, Credential Manager, GNOME Keyring or KWallet) and try again.`,
        { action, reference },
        { cause: error },
      );
    }
  }
}
