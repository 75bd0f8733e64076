import type { SecretVault } from '../../../src/secrets/keychain.js';

/** An in-memory vault for tests that are not about the keychain. */
export class MemoryVault implements SecretVault {
  readonly entries = new Map<string, string>();
  /** Every value ever stored, so a test can scan the database and logs for all of them. */
  readonly everStored = new Set<string>();

  async store(reference: string, secret: string): Promise<void> {
    this.entries.set(reference, secret);
    this.everStored.add(secret);
  }

  async read(reference: string): Promise<string | null> {
    return this.entries.get(reference) ?? null;
  }

  async remove(reference: string): Promise<boolean> {
    return this.entries.delete(reference);
  }
}
