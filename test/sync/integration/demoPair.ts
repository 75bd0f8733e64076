import { ConnectionManager } from '../../../src/connections/connectionManager.js';
import { descriptorFor } from '../../../src/connections/connectorRegistry.js';
import type { CanonicalRecords, Connector, Entity } from '../../../src/connectors/connector.js';
import { connectDemoSystems } from '../../../src/demo/demoConnections.js';
import type { SystemName } from '../../../src/model/index.js';
import { type RunningSandboxes, startSandboxes } from '../../../src/sandbox/startSandboxes.js';
import type { Connection } from '../../../src/store/repositories/connections.js';
import { openWorkspace, type Workspace } from '../../../src/store/workspace.js';
import type { SyncPair } from '../../../src/sync/syncContract.js';
import { createSyncEngine, type SyncEngine } from '../../../src/sync/syncEngine.js';
import { MemoryVault } from '../../connectors/shared/memoryVault.js';

export interface DemoPair {
  readonly sandboxes: RunningSandboxes;
  readonly workspace: Workspace;
  readonly vault: MemoryVault;
  readonly engine: SyncEngine;
  readonly pair: SyncPair;
  readonly accounting: Connection;
  readonly erp: Connection;
  /** Reads every record of an entity from one side, with a connector of its own (as a person checking would). */
  readAll<E extends Entity>(side: 'accounting' | 'erp', entity: E): Promise<CanonicalRecords[E][]>;
  close(): Promise<void>;
}

/**
 * The demo companies in the four sandboxes, a workspace connected to them as demo mode does, and the engine with
 * the shipped templates syncing one accounting system with one ERP/CRM.
 */
export async function demoPair(dataDirectory: string, accounting: SystemName, erp: SystemName): Promise<DemoPair> {
  const sandboxes = await startSandboxes({ seed: { kind: 'demo' } });
  const workspace = openWorkspace({ dataDirectory, name: 'default' });
  const vault = new MemoryVault();
  await connectDemoSystems(new ConnectionManager(workspace, vault), sandboxes);
  const connection = (system: SystemName) =>
    workspace.connections.list().find((candidate) => candidate.system === system) as Connection;
  const engine = createSyncEngine({ workspace, vault });
  const pair = engine.ensurePair({
    accountingConnectionId: connection(accounting).id,
    erpConnectionId: connection(erp).id,
    actor: 'integration test',
  });
  const readers: Connector[] = [];
  return {
    sandboxes,
    workspace,
    vault,
    engine,
    pair,
    accounting: connection(accounting),
    erp: connection(erp),
    async readAll(side, entity) {
      const saved = connection(side === 'accounting' ? accounting : erp);
      const connector = descriptorFor(saved.system).create({
        connectionId: saved.id,
        settings: saved.settings,
        secrets: vault,
      });
      readers.push(connector);
      const records = [];
      for await (const page of connector.read(entity)) records.push(...page);
      return records;
    },
    async close() {
      await engine.close();
      await Promise.all(readers.map((reader) => reader.close()));
      workspace.close();
      await sandboxes.close();
    },
  };
}
