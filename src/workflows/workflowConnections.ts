import { descriptorFor } from '../connections/connectorRegistry.js';
import type { CanonicalRecords, Connector, Entity } from '../connectors/connector.js';
import { CounterpartError } from '../errors.js';
import type { PairSide } from '../mapping/compiledMapping.js';
import { readPath } from '../mapping/paths.js';
import type { RecordRef, SystemName } from '../model/index.js';
import type { SecretVault } from '../secrets/keychain.js';
import type { Connection } from '../store/repositories/connections.js';
import type { Workspace } from '../store/workspace.js';
import type { WorkflowDefinition } from './definition.js';

export type ConnectorFactory = (connection: Connection, vault: SecretVault) => Connector;

export const defaultConnectorFactory: ConnectorFactory = (connection, vault) =>
  descriptorFor(connection.system).create({
    connectionId: connection.id,
    settings: connection.settings,
    secrets: vault,
  });

/** A record as the workflow reads it: any canonical record, which carries where it was read from. */
export type AnyRecord = CanonicalRecords[Entity];

/**
 * The connectors of the workspace's connections, opened once and shared by every run; `close` closes them. Records
 * are found by reading the entity page by page: the Connector interface has no query, and workflows touch few records.
 */
export class WorkflowConnections {
  private readonly open = new Map<string, Connector>();

  constructor(
    private readonly workspace: Workspace,
    private readonly vault: SecretVault,
    private readonly factory: ConnectorFactory = defaultConnectorFactory,
  ) {}

  connection(definition: WorkflowDefinition, side: PairSide): Connection {
    const id = definition.connections[side];
    const connection = id === null ? undefined : this.workspace.connections.get(id);
    if (!connection) {
      throw new CounterpartError(
        'workflows.connection_missing',
        `Workflow "${definition.id}" has no ${side === 'erp' ? 'ERP or CRM' : 'accounting'} connection${id === null ? '' : ` (${id} was removed)`}: choose one and save it again.`,
        { workflow: definition.id, side, connection: id },
      );
    }
    return connection;
  }

  systems(definition: WorkflowDefinition): Record<PairSide, SystemName> {
    return {
      accounting: this.connection(definition, 'accounting').system,
      erp: this.connection(definition, 'erp').system,
    };
  }

  connector(connection: Connection): Connector {
    let connector = this.open.get(connection.id);
    if (!connector) {
      connector = this.factory(connection, this.vault);
      this.open.set(connection.id, connector);
    }
    return connector;
  }

  /** The first record of an entity the predicate accepts, or undefined. */
  async find<E extends Entity>(
    connection: Connection,
    entity: E,
    accept: (record: CanonicalRecords[E]) => boolean,
  ): Promise<CanonicalRecords[E] | undefined> {
    for await (const page of this.connector(connection).read(entity)) {
      const found = page.find(accept);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** A record by its id (or number) in its system. */
  byId<E extends Entity>(connection: Connection, entity: E, id: string): Promise<CanonicalRecords[E] | undefined> {
    return this.find(connection, entity, (record) => {
      const source = (record as { source?: RecordRef }).source;
      return source?.id === id || source?.number === id;
    });
  }

  /** The first record whose field (a mapping path) equals the value, compared as text. */
  byField<E extends Entity>(
    connection: Connection,
    entity: E,
    field: string,
    value: unknown,
  ): Promise<CanonicalRecords[E] | undefined> {
    return this.find(connection, entity, (record) => sameValue(readPath(record, field), value));
  }

  async close(): Promise<void> {
    const connectors = [...this.open.values()];
    this.open.clear();
    await Promise.all(connectors.map((connector) => connector.close()));
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return false;
  return String(a) === String(b);
}

/** Where a record was read from, as a reference; undefined for a record that exists in no system yet. */
export function refOf(record: unknown): RecordRef | undefined {
  const source = (record as { source?: RecordRef } | null)?.source;
  if (source === undefined || typeof source.id !== 'string') return undefined;
  return { system: source.system, id: source.id, ...(source.number === undefined ? {} : { number: source.number }) };
}
