import type { SecretVault } from '../../../src/secrets/keychain.js';
import type { Workspace } from '../../../src/store/workspace.js';
import { createSyncEngine, type SyncEngine } from '../../../src/sync/syncEngine.js';

/** The sync engine over a workspace as the CLI and the console make it: the shipped mapping templates. */
export function startSyncEngine(workspace: Workspace, vault: SecretVault): SyncEngine {
  return createSyncEngine({ workspace, vault });
}
