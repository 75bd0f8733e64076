import type { DemoSystemView } from '../demo/systemViews.js';
import type { SandboxClock } from './clock.js';
import type { FaultInjector, SandboxSystem } from './faults.js';

/** What every `start<System>Sandbox` receives. */
export interface SandboxOptions<Seed> {
  /** 0 picks a free port. */
  readonly port: number;
  readonly faults: FaultInjector;
  readonly clock: SandboxClock;
  /** Records in the system's own wire shape (`--seed FILE.json`, the part for this system). */
  readonly seed?: Seed | undefined;
  /** The demo company's view for this system (`--seed demo`). */
  readonly demo?: DemoSystemView | undefined;
  /** Earlier state from `snapshot()`, when the sandbox persists to a file. */
  readonly state?: unknown;
}

/** A started sandbox: where it listens, what a client needs to log in, and how to stop or persist it. */
export interface RunningSandbox {
  readonly system: SandboxSystem;
  readonly baseUrl: string;
  /** Everything a client needs: ids, secrets, tokens, folder names (these are sandbox-only values). */
  readonly credentials: Readonly<Record<string, unknown>>;
  /** The whole in-memory state, JSON-serialisable, for persisting to a file and restoring later. */
  snapshot(): unknown;
  close(): Promise<void>;
}
