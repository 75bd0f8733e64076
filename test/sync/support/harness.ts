import type { CompiledFlow } from '../../../src/mapping/compiledMapping.js';
import type { Connection } from '../../../src/store/repositories/connections.js';
import { openWorkspace, type Workspace } from '../../../src/store/workspace.js';
import { fixedCatalogue } from '../../../src/sync/mappingCatalogue.js';
import type { SyncPair } from '../../../src/sync/syncContract.js';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from '../../../src/sync/syncEngine.js';
import { MemoryVault } from '../../connectors/shared/memoryVault.js';
import { partyFlow, testMapping } from './flows.js';
import { Ledger, LedgerConnector } from './ledgerConnector.js';

export interface SyncHarness {
  workspace: Workspace;
  readonly dataDirectory: string;
  readonly ledgers: { readonly accounting: Ledger; readonly erp: Ledger };
  readonly connections: { readonly accounting: Connection; readonly erp: Connection };
  readonly pair: SyncPair;
  engine: SyncEngine;
  /** Connectors made by the engines, newest last. */
  readonly connectors: LedgerConnector[];
  /** A new engine over the same workspace (a restart without a crash). */
  restart(options?: Partial<SyncEngineOptions>): Promise<SyncEngine>;
  /** Closes the database under a running engine and opens it again, as after a crash. */
  crash(options?: Partial<SyncEngineOptions>): SyncEngine;
  close(): Promise<void>;
}

export const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 4, random: () => 0.5 };

/**
 * A workspace with two connections — books (Xero) and an ERP (Sage X3) — whose systems are in-memory ledgers, and an
 * engine syncing them with hand-written flows (parties both ways unless told otherwise).
 */
export function syncHarness(
  dataDirectory: string,
  flows: readonly CompiledFlow[] = [partyFlow('accounting'), partyFlow('erp')],
  engineOptions: Partial<SyncEngineOptions> = {},
): SyncHarness {
  const ledgers = { accounting: new Ledger('xero'), erp: new Ledger('sagex3') };
  let workspace = openWorkspace({ dataDirectory, name: 'default' });
  const connections = {
    accounting: workspace.connections.create({ system: 'xero', name: 'Books' }),
    erp: workspace.connections.create({ system: 'sagex3', name: 'ERP' }),
  };
  const connectors: LedgerConnector[] = [];
  const mapping = testMapping(flows, { accounting: 'xero', erp: 'sagex3' });
  const vault = new MemoryVault();
  const make = (extra: Partial<SyncEngineOptions> = {}) =>
    createSyncEngine({
      workspace,
      vault,
      mappings: fixedCatalogue([mapping]),
      retry: FAST_RETRY,
      lookBackMs: 0,
      connectorFor: (connection) => {
        const connector = new LedgerConnector(
          connection.id === connections.accounting.id ? ledgers.accounting : ledgers.erp,
        );
        connectors.push(connector);
        return connector;
      },
      ...engineOptions,
      ...extra,
    });
  const harness: SyncHarness = {
    workspace,
    dataDirectory,
    ledgers,
    connections,
    connectors,
    engine: make(),
    pair: undefined as unknown as SyncPair,
    async restart(options) {
      await harness.engine.close();
      harness.engine = make(options);
      return harness.engine;
    },
    crash(options) {
      workspace.close();
      workspace = openWorkspace({ dataDirectory, name: 'default' });
      harness.workspace = workspace;
      harness.engine = make(options);
      return harness.engine;
    },
    async close() {
      await harness.engine.close();
      if (harness.workspace.db.open) harness.workspace.close();
    },
  };
  Object.assign(harness, {
    pair: harness.engine.ensurePair({
      accountingConnectionId: connections.accounting.id,
      erpConnectionId: connections.erp.id,
      actor: 'ann',
    }),
  });
  return harness;
}
