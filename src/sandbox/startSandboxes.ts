import { z } from 'zod';
import { CounterpartError } from '../errors.js';
import { generateDemoCompany } from './demo/demoCompany.js';
import { type DemoDiscrepancy, type DemoSystemView, demoViewFor } from './demo/systemViews.js';
import { startKashFlowSandbox } from './kashflow/index.js';
import { startSageX3Sandbox } from './sagex3/index.js';
import { startSalesforceSandbox } from './salesforce/index.js';
import { SandboxClock } from './shared/clock.js';
import { FaultInjector, type FaultSpec, SANDBOX_SYSTEMS, type SandboxSystem } from './shared/faults.js';
import type { RunningSandbox, SandboxOptions } from './shared/runningSandbox.js';
import { startXeroSandbox } from './xero/index.js';

/** `--seed FILE.json`: records per system in that system's own wire shape; each sandbox validates its part. */
export const SeedFile = z
  .partialRecord(z.enum(SANDBOX_SYSTEMS), z.record(z.string(), z.array(z.unknown())))
  .refine((file) => Object.keys(file).length > 0, 'name at least one of xero, salesforce, sagex3, kashflow');
export type SeedFile = z.infer<typeof SeedFile>;

export type Seed =
  | { readonly kind: 'demo'; readonly seed?: number }
  | { readonly kind: 'file'; readonly records: SeedFile };

export interface StartSandboxesOptions {
  readonly seed?: Seed | undefined;
  /** First port; the four systems take it and the next three. 0 picks free ports. */
  readonly port?: number;
  readonly faults?: FaultSpec;
  readonly timeScale?: number;
  /** State saved by an earlier run (`snapshotAll`), per system. */
  readonly state?: Partial<Record<SandboxSystem, unknown>>;
}

export interface RunningSandboxes {
  readonly sandboxes: Readonly<Record<SandboxSystem, RunningSandbox>>;
  readonly faults: FaultInjector;
  /** With `--seed demo`: the differences deliberately planted between the four systems, for the demo to find. */
  readonly discrepancies: readonly DemoDiscrepancy[];
  /** The start-up contract: per system its base URL and the credentials a client needs. */
  describe(): Record<SandboxSystem, Record<string, unknown>>;
  snapshotAll(): Record<SandboxSystem, unknown>;
  close(): Promise<void>;
}

type Starter = (options: SandboxOptions<never>) => Promise<RunningSandbox>;
const starters: Readonly<Record<SandboxSystem, Starter>> = {
  xero: startXeroSandbox as Starter,
  salesforce: startSalesforceSandbox as Starter,
  sagex3: startSageX3Sandbox as Starter,
  kashflow: startKashFlowSandbox as Starter,
};

/** Starts the four sandboxes on 127.0.0.1, for `counterpart sandbox`, demo mode and tests alike. */
export async function startSandboxes(options: StartSandboxesOptions = {}): Promise<RunningSandboxes> {
  const faults = new FaultInjector(options.faults ?? {});
  const clock = new SandboxClock(options.timeScale ?? 1);
  const company = options.seed?.kind === 'demo' ? generateDemoCompany({ seed: options.seed.seed }) : undefined;
  const views = company ? mapSystems((system) => demoViewFor(company, system)) : undefined;
  const started: Partial<Record<SandboxSystem, RunningSandbox>> = {};
  try {
    for (const [index, system] of SANDBOX_SYSTEMS.entries()) {
      started[system] = await starters[system]({
        port: options.port ? options.port + index : 0,
        faults,
        clock,
        seed: options.seed?.kind === 'file' ? (options.seed.records[system] as never) : undefined,
        demo: views?.[system],
        state: options.state?.[system],
      });
    }
  } catch (error) {
    await Promise.all(Object.values(started).map((sandbox) => sandbox.close()));
    throw error instanceof CounterpartError
      ? error
      : new CounterpartError(
          'sandbox.start_failed',
          `A sandbox could not start: ${String(error)}`,
          {},
          { cause: error },
        );
  }
  const sandboxes = started as Record<SandboxSystem, RunningSandbox>;
  return {
    sandboxes,
    faults,
    discrepancies: views ? Object.values(views).flatMap((view: DemoSystemView) => view.discrepancies) : [],
    describe: () => mapSystems((system) => ({ baseUrl: sandboxes[system].baseUrl, ...sandboxes[system].credentials })),
    snapshotAll: () => mapSystems((system) => sandboxes[system].snapshot()),
    close: async () => {
      await Promise.all(SANDBOX_SYSTEMS.map((system) => sandboxes[system].close()));
    },
  };
}

function mapSystems<T>(map: (system: SandboxSystem) => T): Record<SandboxSystem, T> {
  return Object.fromEntries(SANDBOX_SYSTEMS.map((system) => [system, map(system)])) as Record<SandboxSystem, T>;
}
