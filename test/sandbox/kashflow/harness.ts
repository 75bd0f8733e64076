import {
  type KashFlowSandbox,
  type KashFlowSandboxOptions,
  startKashFlowSandbox,
} from '../../../src/sandbox/kashflow/index.js';
import { SandboxClock } from '../../../src/sandbox/shared/clock.js';
import { FaultInjector } from '../../../src/sandbox/shared/faults.js';
import { type KashFlowCredentials, KashFlowTestClient } from './kashflowClient.js';

export interface Harness {
  readonly sandbox: KashFlowSandbox;
  readonly client: KashFlowTestClient;
  readonly faults: FaultInjector;
  readonly credentials: KashFlowCredentials;
}

/** A sandbox on a free loopback port with a logged-out client pointed at it. */
export async function startHarness(
  options: Partial<KashFlowSandboxOptions> & { timeScale?: number } = {},
): Promise<Harness> {
  const faults = options.faults ?? new FaultInjector();
  const sandbox = await startKashFlowSandbox({
    port: 0,
    faults,
    clock: options.clock ?? new SandboxClock(options.timeScale ?? 1),
    ...options,
  });
  const credentials = sandbox.credentials as unknown as KashFlowCredentials;
  return { sandbox, client: new KashFlowTestClient(credentials), faults, credentials };
}
