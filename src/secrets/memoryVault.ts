import type { SecretVault } from './keychain.js';

/**
 * Secrets held in memory only: a new connection's secrets live here while the connection is tested, and reach the
 * OS keychain only once the test passed (tokens a test refreshed included), so a failed attempt stores nothing.
 */
export class MemoryVault implements SecretVault {
  protected readonly entries = new Map<string, string>();

  async store(reference: string, secret: string): Promise<void> {
    this.entries.set(reference, secret);
  }

  async read(reference: string): Promise<string | null> {
    return this.entries.get(reference) ?? null;
  }

  async remove(reference: string): Promise<boolean> {
    return this.entries.delete(reference);
  }

  /** Everything held, by reference. */
  contents(): ReadonlyMap<string, string> {
    return this.entries;
  }
}
