import { afterEach } from 'vitest';
import { ConnectionManager } from '../../../src/connections/connectionManager.js';
import { descriptorFor } from '../../../src/connections/connectorRegistry.js';
import type { CanonicalRecords, Connector, Entity, WriteOutcome } from '../../../src/connectors/connector.js';
import { connectDemoSystems } from '../../../src/demo/demoConnections.js';
import type { Invoice, Payment, PaymentAllocation, SystemName } from '../../../src/model/index.js';
import { type RunningSandboxes, startSandboxes } from '../../../src/sandbox/startSandboxes.js';
import { MemoryVault } from '../../../src/secrets/memoryVault.js';
import type { Connection } from '../../../src/store/repositories/connections.js';
import { openWorkspace, type Workspace } from '../../../src/store/workspace.js';
import { createSyncEngine, type SyncEngine } from '../../../src/sync/syncEngine.js';
import { WorkflowEngine, type WorkflowEngineOptions } from '../../../src/workflows/workflowEngine.js';
import { freshDirectories } from '../../support/tempDirectory.js';

export interface WorkflowHarness {
  readonly workspace: Workspace;
  readonly vault: MemoryVault;
  readonly syncEngine: SyncEngine;
  readonly engine: WorkflowEngine;
  connection(system: SystemName): Connection;
  /** Every record of an entity in one system, read with a connector of its own (as a person checking would). */
  readAll<E extends Entity>(system: SystemName, entity: E): Promise<CanonicalRecords[E][]>;
  /** A connector of its own, for a person making changes in a system (recording a payment). */
  connector(system: SystemName): Connector;
  /** Moves the engine's clock forward (a waiting run's next look comes due). */
  later(ms: number): void;
  close(): Promise<void>;
}

/** Opens the workspace of a data directory connected to running sandboxes (Salesforce read as Opportunities). */
export async function openWorkflowHarness(
  dataDirectory: string,
  sandboxes: RunningSandboxes,
  options: Partial<Pick<WorkflowEngineOptions, 'beforeRecord'>> & { connect?: boolean } = {},
): Promise<WorkflowHarness> {
  const workspace = openWorkspace({ dataDirectory, name: 'default' });
  const vault = new MemoryVault();
  if (options.connect !== false) {
    await connectDemoSystems(new ConnectionManager(workspace, vault), sandboxes);
    const salesforce = workspace.connections.list().find((candidate) => candidate.system === 'salesforce');
    if (salesforce) {
      workspace.connections.update(salesforce.id, {
        settings: { ...salesforce.settings, salesOrderObject: 'Opportunity' },
      });
    }
  }
  return harnessOver(workspace, vault, options);
}

export function harnessOver(
  workspace: Workspace,
  vault: MemoryVault,
  options: Partial<Pick<WorkflowEngineOptions, 'beforeRecord'>> = {},
): WorkflowHarness {
  const syncEngine = createSyncEngine({ workspace, vault });
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const engine = new WorkflowEngine({ workspace, vault, syncEngine, lookBackMs: 0, now, ...options });
  const opened: Connector[] = [];
  const connection = (system: SystemName) => {
    const found = workspace.connections.list().find((candidate) => candidate.system === system);
    if (!found) throw new Error(`no ${system} connection`);
    return found;
  };
  const connector = (system: SystemName) => {
    const saved = connection(system);
    const made = descriptorFor(saved.system).create({
      connectionId: saved.id,
      settings: saved.settings,
      secrets: vault,
    });
    opened.push(made);
    return made;
  };
  return {
    workspace,
    vault,
    syncEngine,
    engine,
    connection,
    connector,
    later: (ms) => {
      offsetMs += ms;
    },
    async readAll(system, entity) {
      const records = [];
      for await (const page of connector(system).read(entity)) records.push(...page);
      return records;
    },
    async close() {
      await engine.close();
      await syncEngine.close();
      await Promise.all(opened.map((made) => made.close()));
      workspace.close();
    },
  };
}

export async function demoSandboxes(): Promise<RunningSandboxes> {
  return startSandboxes({ seed: { kind: 'demo' } });
}

/** Who sets the tests' workflows up, as the audit trail names them. */
export const TEST_LEAD = 'Test lead';

export interface DemoWorkflowSetUp {
  readonly harness: WorkflowHarness;
  readonly sandboxes: RunningSandboxes;
}

/** Demo sandboxes and a harness connected to them in a fresh data directory, per test; both closed after it. */
export function demoWorkflowHarnesses(): () => Promise<DemoWorkflowSetUp> {
  const directory = freshDirectories();
  const opened: DemoWorkflowSetUp[] = [];
  afterEach(async () => {
    for (const { harness, sandboxes } of opened.splice(0)) {
      await harness.close();
      await sandboxes.close();
    }
  });
  return async () => {
    const sandboxes = await demoSandboxes();
    try {
      const setUp = { harness: await openWorkflowHarness(directory(), sandboxes), sandboxes };
      opened.push(setUp);
      return setUp;
    } catch (error) {
      await sandboxes.close();
      throw error;
    }
  };
}

/** Copies a shipped workflow onto the harness's connections to the two systems it joins. */
export function copyShippedWorkflow(
  harness: WorkflowHarness,
  templateId: string,
  systems: { accounting: SystemName; erp: SystemName },
) {
  return harness.engine.copyTemplate(
    {
      templateId,
      connections: { accounting: harness.connection(systems.accounting).id, erp: harness.connection(systems.erp).id },
    },
    TEST_LEAD,
  );
}

/** Enables a workflow and polls once, so what the systems already hold has been seen before a test changes them. */
export async function enableAndPoll(harness: WorkflowHarness, workflowId: string): Promise<void> {
  harness.engine.setEnabled(workflowId, true, TEST_LEAD);
  await harness.engine.tick();
}

/**
 * The customer pays an invoice in full and the bookkeeper records it in the accounting system (as received on
 * 2026-11-21); `details` adds what that system asks for, such as the bank account or the reference.
 */
export async function recordCustomerPayment(
  connector: Connector,
  invoice: Invoice,
  document: PaymentAllocation['document'],
  details: Partial<Payment> = {},
): Promise<WriteOutcome> {
  const [paid] = await connector.write('payment', [
    {
      idempotencyKey: 'customer-pays',
      operation: 'create',
      record: {
        direction: 'received',
        status: 'authorised',
        date: '2026-11-21',
        amount: invoice.totals.gross,
        party: invoice.party,
        allocations: [{ document, documentKind: 'invoice', amount: invoice.totals.gross }],
        ...details,
      },
    },
  ]);
  if (!paid) throw new Error('the accounting system gave no answer for the payment');
  return paid;
}
