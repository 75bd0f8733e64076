import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSandboxes } from '../../src/sandbox/startSandboxes.js';
import { MemoryVault } from '../../src/secrets/memoryVault.js';
import { openWorkspace } from '../../src/store/workspace.js';
import { freshDirectories } from '../support/tempDirectory.js';
import { SalesforceApi } from './support/salesforceApi.js';
import {
  copyShippedWorkflow,
  demoSandboxes,
  enableAndPoll,
  harnessOver,
  openWorkflowHarness,
  type WorkflowHarness,
} from './support/workflowHarness.js';

const tempDirectory = freshDirectories();
const runnerProcess = fileURLToPath(new URL('./support/runnerProcess.ts', import.meta.url));
let sandboxes: RunningSandboxes | undefined;
const harnesses: WorkflowHarness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.close();
  await sandboxes?.close();
  sandboxes = undefined;
});

/** Runs the engine in a child process until it has created the invoice but not yet stored that it did; then SIGKILL. */
function killAfterStep(dataDirectory: string, secrets: Record<string, string>, stepId: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', runnerProcess, dataDirectory, stepId], {
    env: { ...process.env, COUNTERPART_TEST_SECRETS: JSON.stringify(secrets) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(`stopped at ${stepId}`)) child.kill('SIGKILL');
      if (chunk.toString().includes('tick done')) reject(new Error(`the run never reached ${stepId}`));
    });
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`the engine process ended by itself: ${errors}`)),
    );
  });
}

describe('a workflow run killed mid-run', () => {
  it('resumes after a SIGKILL without creating the invoice twice', async () => {
    sandboxes = await demoSandboxes();
    const dataDirectory = tempDirectory();
    const first = await openWorkflowHarness(dataDirectory, sandboxes);
    const workflow = copyShippedWorkflow(first, 'opportunity-to-invoice', {
      accounting: 'kashflow',
      erp: 'salesforce',
    });
    await enableAndPoll(first, workflow.id);
    const secrets = Object.fromEntries(first.vault.contents());
    await first.close();

    const salesforce = new SalesforceApi(sandboxes);
    const accountId = await salesforce.create('Account', { Name: 'Heron Supplies', AccountNumber: 'HERON-01' });
    const opportunityId = await salesforce.openOpportunity(accountId, 'OFF-0001', 3, 'Heron binders');
    await salesforce.update('Opportunity', opportunityId, { StageName: 'Closed Won' });

    await killAfterStep(dataDirectory, secrets, 'invoice');

    const vault = new MemoryVault();
    for (const [reference, secret] of Object.entries(secrets)) await vault.store(reference, secret);
    const restarted = harnessOver(openWorkspace({ dataDirectory, name: 'default' }), vault);
    harnesses.push(restarted);
    const [killed] = restarted.engine.listRuns({ workflowId: workflow.id });
    expect(killed).toMatchObject({ state: 'running', currentStepId: 'invoice' });

    await restarted.engine.tick();
    const run = restarted.engine.runView(killed?.id ?? '');
    expect(run).toMatchObject({ state: 'waiting', currentStepId: 'paid' });
    // The step that was cut off ran again as the same attempt, with the same idempotency key.
    expect(run.steps.filter((step) => step.stepId === 'invoice')).toEqual([
      expect.objectContaining({ attempt: 1, state: 'succeeded' }),
    ]);
    const invoices = (await restarted.readAll('kashflow', 'invoice')).filter(
      (invoice) => invoice.party.code === 'HERON-01',
    );
    expect(invoices).toHaveLength(1);
    expect((await restarted.readAll('kashflow', 'party')).filter((party) => party.code === 'HERON-01')).toHaveLength(1);
    expect(await salesforce.get<Record<string, unknown>>('Opportunity', opportunityId)).toMatchObject({
      Invoice_Number__c: invoices[0]?.number,
    });
  }, 300_000);
});
