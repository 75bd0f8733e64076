import { afterEach } from 'vitest';
import { MemoryVault } from '../../../src/secrets/memoryVault.js';
import { openWorkspace, type Workspace } from '../../../src/store/workspace.js';
import { createSyncEngine } from '../../../src/sync/syncEngine.js';
import { WorkflowEngine } from '../../../src/workflows/workflowEngine.js';
import { freshDirectories } from '../../support/tempDirectory.js';

/** A workflow engine with no system behind it: for validation and run mechanics (conditions, approvals). */
export interface OfflineEngine {
  readonly workspace: Workspace;
  readonly engine: WorkflowEngine;
  /** Moves the engine's clock forward (a schedule's next interval comes due). */
  later(ms: number): void;
}

/** An offline engine over a fresh workspace per call; engine, sync engine and workspace are closed after the test. */
export function freshOfflineEngines(): () => OfflineEngine {
  const directory = freshDirectories();
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  return () => {
    const workspace = openWorkspace({ dataDirectory: directory(), name: 'default' });
    const vault = new MemoryVault();
    const syncEngine = createSyncEngine({ workspace, vault });
    let offsetMs = 0;
    const engine = new WorkflowEngine({ workspace, vault, syncEngine, now: () => new Date(Date.now() + offsetMs) });
    closers.push(async () => {
      await engine.close();
      await syncEngine.close();
      workspace.close();
    });
    return {
      workspace,
      engine,
      later: (ms) => {
        offsetMs += ms;
      },
    };
  };
}
