import { randomUUID } from 'node:crypto';
import type { ConnectionCheck } from '../connectors/connector.js';
import { ConnectionSecrets } from '../connectors/shared/connectionSecrets.js';
import { CounterpartError } from '../errors.js';
import type { SystemName } from '../model/index.js';
import { type SecretVault, secretReference } from '../secrets/keychain.js';
import { MemoryVault } from '../secrets/memoryVault.js';
import type { ConnectionCheckRecord } from '../store/repositories/connectionChecks.js';
import type { Connection, ConnectionSettings } from '../store/repositories/connections.js';
import type { Workspace } from '../store/workspace.js';
import { descriptorFor } from './connectorRegistry.js';

export interface NewConnectionRequest {
  readonly system: SystemName;
  readonly name: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly secrets: Readonly<Record<string, string>>;
  readonly isSandbox?: boolean;
  /** Who asked, for the audit trail. */
  readonly actor: string;
  /** For OAuth systems without tokens yet: shows the person the consent page. */
  readonly openBrowser?: (url: string) => void | Promise<void>;
}

export interface ConnectionSummary {
  readonly id: string;
  readonly system: SystemName;
  readonly name: string;
  readonly isSandbox: boolean;
  readonly createdAt: string;
  readonly lastCheck: ConnectionCheckRecord | null;
}

/**
 * Creates, tests and removes connections. A new connection is tested with its secrets held in memory first; only
 * when the system answered are the secrets (including any token the test refreshed) written to the OS keychain and
 * the connection saved, so a failed attempt leaves nothing behind. Settings go to the database, secrets never do.
 */
export class ConnectionManager {
  private readonly secrets: ConnectionSecrets;

  constructor(
    private readonly workspace: Workspace,
    private readonly vault: SecretVault,
  ) {
    this.secrets = new ConnectionSecrets(workspace.connections, vault);
  }

  list(): ConnectionSummary[] {
    const checks = this.workspace.connectionChecks.latest();
    return this.workspace.connections.list().map((connection) => summaryOf(connection, checks.get(connection.id)));
  }

  async create(request: NewConnectionRequest): Promise<{ connection: ConnectionSummary; check: ConnectionCheck }> {
    const descriptor = descriptorFor(request.system);
    const settings = descriptor.parseSettings(request.settings);
    this.refuseIncomplete(request, settings);
    const connectionId = randomUUID();
    const staged = new MemoryVault();
    for (const [name, value] of Object.entries(request.secrets)) {
      await staged.store(secretReference(connectionId, name), value);
    }
    const { settings: signedIn, check } = await this.signInAndTest(request, connectionId, settings, staged);
    const connection = await this.save(request, connectionId, signedIn, staged);
    const record = this.recordCheck(connectionId, check);
    this.workspace.auditLog.append({
      actor: request.actor,
      action: 'connection.created',
      subject: `connection/${connectionId}`,
      after: { system: request.system, name: connection.name, isSandbox: connection.isSandbox, settings: signedIn },
    });
    return { connection: summaryOf(connection, record), check };
  }

  private refuseIncomplete(request: NewConnectionRequest, settings: ConnectionSettings): void {
    const descriptor = descriptorFor(request.system);
    const missing = descriptor.requiredSecrets(settings).filter((name) => !request.secrets[name]);
    if (missing.length > 0) {
      throw new CounterpartError(
        'connections.missing_secrets',
        `A ${descriptor.displayName} connection needs: ${missing.join(', ')}.`,
        { system: request.system },
      );
    }
    if (this.workspace.connections.findByName(request.name.trim())) {
      throw new CounterpartError('connections.name_taken', `A connection named "${request.name}" already exists.`, {
        name: request.name,
      });
    }
  }

  /** The browser consent where the system needs one, then the connection test, all with the staged secrets. */
  private async signInAndTest(
    request: NewConnectionRequest,
    connectionId: string,
    settings: ConnectionSettings,
    staged: MemoryVault,
  ): Promise<{ settings: ConnectionSettings; check: ConnectionCheck & { ok: true } }> {
    const descriptor = descriptorFor(request.system);
    const signedIn =
      descriptor.authorize && request.openBrowser
        ? await descriptor.authorize({
            connectionId,
            settings,
            secrets: staged,
            typedSecrets: request.secrets,
            openBrowser: request.openBrowser,
          })
        : settings;
    const connector = descriptor.create({ connectionId, settings: signedIn, secrets: staged });
    const check = await connector.testConnection().finally(() => connector.close());
    if (!check.ok) throw check.error;
    return { settings: signedIn, check };
  }

  /** Saves the row, then moves the staged secrets (tokens the test refreshed included) to the keychain. */
  private async save(
    request: NewConnectionRequest,
    connectionId: string,
    settings: ConnectionSettings,
    staged: MemoryVault,
  ): Promise<Connection> {
    const connection = this.workspace.connections.create({
      id: connectionId,
      system: request.system,
      name: request.name,
      isSandbox: request.isSandbox ?? false,
      settings,
    });
    try {
      await this.secrets.store(connectionId, secretsIn(staged, connectionId));
    } catch (error) {
      await this.secrets.deleteConnection(connectionId).catch(() => this.workspace.connections.delete(connectionId));
      throw error;
    }
    return connection;
  }

  /**
   * Connects to a sandbox by name, or brings an existing connection of that name up to date: a sandbox gets new
   * ports and tokens each time it starts.
   */
  async connectSandbox(
    system: SystemName,
    name: string,
    credentials: Readonly<Record<string, unknown>>,
    actor: string,
  ): Promise<ConnectionSummary> {
    const descriptor = descriptorFor(system);
    const { settings, secrets } = descriptor.fromSandbox(credentials);
    const existing = this.workspace.connections.findByName(name);
    if (!existing) {
      return (await this.create({ system, name, settings, secrets, isSandbox: true, actor })).connection;
    }
    this.workspace.connections.update(existing.id, { settings: descriptor.parseSettings(settings) });
    await this.secrets.store(existing.id, secrets);
    await this.test(existing.id);
    return this.list().find((connection) => connection.id === existing.id) ?? summaryOf(existing, undefined);
  }

  /** Tests a saved connection with its secrets from the keychain, and records the outcome. */
  async test(connectionId: string): Promise<ConnectionCheckRecord> {
    const connection = this.workspace.connections.require(connectionId);
    const descriptor = descriptorFor(connection.system);
    const connector = descriptor.create({ connectionId, settings: connection.settings, secrets: this.vault });
    const check = await connector.testConnection().finally(() => connector.close());
    return this.recordCheck(connectionId, check);
  }

  async remove(connectionId: string, actor: string): Promise<void> {
    const connection = this.workspace.connections.require(connectionId);
    // Secrets a connector keeps by itself (session tokens) are not in the row's references; remove them by name.
    for (const name of descriptorFor(connection.system).connectorSecrets) {
      await this.vault.remove(secretReference(connectionId, name));
    }
    await this.secrets.deleteConnection(connectionId);
    this.workspace.auditLog.append({
      actor,
      action: 'connection.removed',
      subject: `connection/${connectionId}`,
      before: { system: connection.system, name: connection.name },
    });
  }

  private recordCheck(connectionId: string, check: ConnectionCheck): ConnectionCheckRecord {
    const record: ConnectionCheckRecord = {
      connectionId,
      at: new Date().toISOString(),
      ok: check.ok,
      account: check.ok ? check.account : null,
      errorCode: check.ok ? null : check.error.code,
      message: check.ok ? null : check.error.message,
    };
    this.workspace.connectionChecks.record(record);
    return record;
  }
}

function summaryOf(connection: Connection, lastCheck: ConnectionCheckRecord | undefined): ConnectionSummary {
  return {
    id: connection.id,
    system: connection.system,
    name: connection.name,
    isSandbox: connection.isSandbox,
    createdAt: connection.createdAt,
    lastCheck: lastCheck ?? null,
  };
}

/** The staged secrets of one connection by name (references are `connection/<id>/<name>`). */
function secretsIn(staged: MemoryVault, connectionId: string): Record<string, string> {
  const prefix = secretReference(connectionId, '');
  return Object.fromEntries(
    [...staged.contents()]
      .filter(([reference]) => reference.startsWith(prefix))
      .map(([reference, value]) => [reference.slice(prefix.length), value]),
  );
}
