import { CounterpartError } from '../../errors.js';
import { type SecretVault, secretReference } from '../../secrets/keychain.js';
import type { ConnectionRepository, SecretRef } from '../../store/repositories/connections.js';

/** Names of secrets a connection may hold, e.g. `client_secret`, `refresh_token`, `password`, `memorable_word`. */
const SECRET_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * A connection's named secrets: values go to the OS keychain (`SecretVault`), and the connection row records only
 * the references. Nothing here logs or returns a value except `read`.
 */
export class ConnectionSecrets {
  constructor(
    private readonly connections: ConnectionRepository,
    private readonly vault: SecretVault,
  ) {}

  /** Stores or replaces secrets (e.g. a rotated refresh token). The keychain is written before the row names it. */
  async store(connectionId: string, secrets: Readonly<Record<string, string>>): Promise<void> {
    const connection = this.connections.require(connectionId);
    const refs = new Map(connection.secretRefs.map((ref) => [ref.name, ref]));
    for (const [name, value] of Object.entries(secrets)) {
      checkName(name, connectionId);
      const reference = secretReference(connectionId, name);
      await this.vault.store(reference, value);
      refs.set(name, { name, reference });
      // Row after each secret, so a keychain failure part-way leaves no stored secret unreferenced.
      this.connections.setSecretRefs(connectionId, [...refs.values()]);
    }
  }

  /** A secret's value; a clear "reconnect" error when it is missing (removed from the keychain by hand, say). */
  async read(connectionId: string, name: string): Promise<string> {
    const value = await this.readOptional(connectionId, name);
    if (value === undefined) {
      const connection = this.connections.require(connectionId);
      throw new CounterpartError(
        'secrets.missing',
        `The ${name.replaceAll('_', ' ')} of connection "${connection.name}" is not in the OS keychain: reconnect the connection to enter it again.`,
        { connection: connectionId, secret: name },
      );
    }
    return value;
  }

  async readOptional(connectionId: string, name: string): Promise<string | undefined> {
    const ref = this.refOf(connectionId, name);
    if (ref === undefined) return undefined;
    return (await this.vault.read(ref.reference)) ?? undefined;
  }

  /** The names of the secrets the connection holds (never their values). */
  names(connectionId: string): string[] {
    return this.connections.require(connectionId).secretRefs.map((ref) => ref.name);
  }

  async remove(connectionId: string, name: string): Promise<boolean> {
    const connection = this.connections.require(connectionId);
    const ref = connection.secretRefs.find((candidate) => candidate.name === name);
    if (ref === undefined) return false;
    await this.vault.remove(ref.reference);
    this.connections.setSecretRefs(
      connectionId,
      connection.secretRefs.filter((candidate) => candidate.name !== name),
    );
    return true;
  }

  async removeAll(connectionId: string): Promise<void> {
    const connection = this.connections.require(connectionId);
    const left = [...connection.secretRefs];
    while (left.length > 0) {
      const ref = left[0] as SecretRef;
      await this.vault.remove(ref.reference);
      left.shift();
      this.connections.setSecretRefs(connectionId, left);
    }
  }

  /** Deletes a connection with its keychain entries, cursors and seen versions. */
  async deleteConnection(connectionId: string): Promise<boolean> {
    if (this.connections.get(connectionId) === undefined) return false;
    await this.removeAll(connectionId);
    return this.connections.delete(connectionId);
  }

  private refOf(connectionId: string, name: string): SecretRef | undefined {
    return this.connections.require(connectionId).secretRefs.find((ref) => ref.name === name);
  }
}

function checkName(name: string, connectionId: string): void {
  if (!SECRET_NAME.test(name)) {
    throw new CounterpartError(
      'secrets.bad_name',
      `"${name}" is not a secret name: use lower-case letters, digits and "_" (e.g. refresh_token).`,
      { connection: connectionId, secret: name },
    );
  }
}
