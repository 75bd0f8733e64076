import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleEvent } from '../../src/api/contract.js';
import { type ConsoleService, createConsoleService } from '../../src/api/service.js';
import { ConnectionManager } from '../../src/connections/connectionManager.js';
import { descriptorFor } from '../../src/connections/connectorRegistry.js';
import { connectDemoSystems } from '../../src/demo/demoConnections.js';
import type { HealthSummary } from '../../src/monitoring/healthModel.js';
import { FAULTS_PATH } from '../../src/sandbox/shared/server.js';
import { type RunningSandboxes, startSandboxes } from '../../src/sandbox/startSandboxes.js';
import { MemoryVault } from '../../src/secrets/memoryVault.js';
import { openWorkspace } from '../../src/store/workspace.js';
import type { DeadLetter } from '../../src/sync/syncContract.js';
import { assertNoSecretLeaks } from '../support/secretScanner.js';
import { freshDirectories } from '../support/tempDirectory.js';

const tempDirectory = freshDirectories();
const cleanUps: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanUp of cleanUps.splice(0).reverse()) await cleanUp();
});

async function value<T>(service: ConsoleService, name: string, input: unknown): Promise<T> {
  const answer = await service.dispatch(name, input, { transport: 'cli' });
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.value as T;
}

async function setFaults(sandboxes: RunningSandboxes, spec: unknown): Promise<void> {
  const origin = new URL(sandboxes.sandboxes.xero.baseUrl).origin;
  const response = await fetch(`${origin}${FAULTS_PATH}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(spec),
  });
  expect(response.status).toBe(204);
}

describe('monitoring against the sandboxes', () => {
  it('sees a sync hit by refused writes in the health summary, the dead-letter list and the alerts, and recover after a replay', {
    timeout: 180_000,
  }, async () => {
    const sandboxes = await startSandboxes({ seed: { kind: 'demo' } });
    cleanUps.push(() => sandboxes.close());
    const dataDirectory = tempDirectory();
    const workspace = openWorkspace({ dataDirectory, name: 'default' });
    const vault = new MemoryVault();
    await connectDemoSystems(new ConnectionManager(workspace, vault), sandboxes);
    const service = createConsoleService(workspace, { vault, workflowPollMs: 0 });
    cleanUps.push(async () => {
      await service.close();
      workspace.close();
    });
    const events: ConsoleEvent[] = [];
    service.events.subscribe((event) => events.push(event));
    const connection = (system: string) => workspace.connections.list().find((c) => c.system === system);
    const pair = await value<{ id: string; label: string }>(service, 'ensureSyncPair', {
      accountingConnectionId: connection('xero')?.id,
      erpConnectionId: connection('sagex3')?.id,
    });
    await setFaults(sandboxes, { xero: { partialBatch: 0.05 } });
    const finished = new Promise<void>((resolve) =>
      service.events.subscribe((event) => (event.name === 'syncRunFinished' ? resolve() : undefined)),
    );
    await value(service, 'runSync', { pairId: pair.id, entities: ['party'] });
    await finished;
    await setFaults(sandboxes, {});
    // Dead letters older than a moment (0.36 s) raise an alert; saving the rule evaluates the rules at once, so the
    // test sees the rule react to this run's dead letters once they have had that moment to age.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await value(service, 'saveAlertRule', { kind: 'dead_letter_age', enabled: true, threshold: 0.0001 });

    const open = (await value<{ deadLetters: DeadLetter[] }>(service, 'listDeadLetters', { state: 'open' }))
      .deadLetters;
    expect(open.length).toBeGreaterThan(0);
    const summary = await value<HealthSummary>(service, 'getHealthSummary', {});
    expect(summary.level).not.toBe('green');
    expect(summary.deadLetters.open).toBe(open.length);
    expect(summary.pairs[0]).toMatchObject({
      level: 'amber',
      lastRun: expect.objectContaining({ status: 'partly_failed' }),
    });
    expect(summary.reasons.map((reason) => reason.message)).toContain(`The last sync of ${pair.label} partly failed.`);
    // The connectors' quota reached monitoring through the engine: Xero reports its minute and day allowance.
    const xero = summary.connections.find((c) => c.system === 'xero');
    expect(xero?.quota.map((window) => window.window).sort()).toEqual(['day', 'minute']);
    expect(xero?.errorsLastHour).toBe(open.length);
    // The alert was raised once, published to the console and kept.
    const raised = events.filter((event) => event.name === 'alertRaised');
    expect(raised).toEqual([
      { name: 'alertRaised', payload: expect.objectContaining({ kind: 'dead_letter_age', severity: 'amber' }) },
    ]);
    const history = await value<{ runs: { id: string }[]; detail: { records: { state: string }[] } | null }>(
      service,
      'listSyncHistory',
      { pairId: pair.id, status: 'partly_failed', runId: summary.pairs[0]?.lastRun?.runId },
    );
    expect(history.runs).toHaveLength(1);
    expect(history.detail?.records.filter((record) => record.state === 'dead')).toHaveLength(open.length);

    // Replaying with the faults gone writes the records into Xero, and the alert clears.
    const first = open[0] as DeadLetter;
    const replayed = await value<DeadLetter>(service, 'replayDeadLetter', { id: first.id });
    expect(replayed.state).toBe('replayed');
    await value(service, 'replayAllDeadLetters', {});
    const after = await value<HealthSummary>(service, 'getHealthSummary', {});
    expect(after.deadLetters.open).toBe(0);
    await value(service, 'saveAlertRule', { kind: 'dead_letter_age', enabled: true, threshold: 24 });
    expect((await value<{ alerts: unknown[] }>(service, 'listAlerts', { openOnly: true })).alerts).toEqual([]);

    const reader = descriptorFor('xero').create({
      connectionId: connection('xero')?.id as string,
      settings: connection('xero')?.settings ?? {},
      secrets: vault,
    });
    cleanUps.push(() => reader.close());
    const names: string[] = [];
    for await (const page of reader.read('party')) names.push(...page.map((party) => party.name));
    expect(names).toContain((first.payload as { name: string }).name);
    // The run and the alert are in the searchable log.
    const logs = await value<{ entries: { message: string }[] }>(service, 'searchLogs', { text: 'dead-letter' });
    expect(logs.entries.length).toBeGreaterThan(0);
    // No secret the connectors used reached the log.
    assertNoSecretLeaks({
      secrets: [...vault.contents().values()],
      logs: Object.fromEntries(
        readdirSync(join(dataDirectory, 'logs')).map((file) => [
          file,
          readFileSync(join(dataDirectory, 'logs', file), 'utf8'),
        ]),
      ),
    });
  });
});
