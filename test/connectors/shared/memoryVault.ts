import { MemoryVault as InMemoryVault } from '../../../src/secrets/memoryVault.js';

/** An in-memory vault for tests that are not about the keychain; it remembers every value it was ever given. */
export class MemoryVault extends InMemoryVault {
  /** Every value ever stored, so a test can scan the database and logs for all of them. */
  readonly everStored = new Set<string>();

  override async store(reference: string, secret: string): Promise<void> {
    await super.store(reference, secret);
    this.everStored.add(secret);
  }
}
