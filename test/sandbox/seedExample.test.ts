import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SeedFile, startSandboxes } from '../../src/sandbox/startSandboxes.js';
import { repositoryRoot } from '../support/built.js';

describe('the README seed-file example', () => {
  it('loads into all four sandboxes', async () => {
    const file = join(repositoryRoot, 'resources', 'demo', 'seed-example.json');
    const records = SeedFile.parse(JSON.parse(readFileSync(file, 'utf8')));
    const sandboxes = await startSandboxes({ seed: { kind: 'file', records } });
    try {
      const state = sandboxes.snapshotAll();
      for (const system of ['xero', 'salesforce', 'sagex3', 'kashflow'] as const) {
        expect(JSON.stringify(state[system]), system).toContain('Bramble & Co');
      }
    } finally {
      await sandboxes.close();
    }
  });
});
