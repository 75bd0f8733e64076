// A Counterpart engine process for the resumption test: opens the workspace, polls the workflows once, and — when
// asked — stops dead right after a step has taken effect and before its outcome is stored, printing `stopped at <step>`
// so the test can kill it with SIGKILL at the worst possible moment.
import { MemoryVault } from '../../../src/secrets/memoryVault.js';
import { openWorkspace } from '../../../src/store/workspace.js';
import { harnessOver } from './workflowHarness.js';

const [dataDirectory = '', stopAfter = ''] = process.argv.slice(2);
const vault = new MemoryVault();
for (const [reference, secret] of Object.entries(JSON.parse(process.env.COUNTERPART_TEST_SECRETS ?? '{}'))) {
  await vault.store(reference, String(secret));
}
const workspace = openWorkspace({ dataDirectory, name: 'default' });
const harness = harnessOver(workspace, vault, {
  beforeRecord: async (_runId, stepId, result) => {
    if (stepId !== stopAfter || result.kind !== 'done') return;
    process.stdout.write(`stopped at ${stepId}\n`);
    await new Promise(() => undefined);
  },
});
await harness.engine.tick();
process.stdout.write('tick done\n');
await harness.close();
