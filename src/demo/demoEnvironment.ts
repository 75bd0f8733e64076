import type { DemoStatus } from '../api/schemas/demo.js';
import { displayName } from '../connectors/shared/systemNames.js';
import { describeError } from '../errors.js';
import { SANDBOX_SYSTEMS } from '../sandbox/shared/faults.js';
import { type RunningSandboxes, type StartSandboxesOptions, startSandboxes } from '../sandbox/startSandboxes.js';

/**
 * The demo companies: the four sandboxes seeded with the same fictional business, started inside this process when
 * a person chooses to explore them, and stopped with the console. Starting twice is harmless.
 */
export class DemoEnvironment {
  private status: DemoStatus = { state: 'off' };
  private running: RunningSandboxes | undefined;
  private starting: Promise<DemoStatus> | undefined;

  constructor(
    private readonly onChange: (status: DemoStatus) => void,
    private readonly start: (options: StartSandboxesOptions) => Promise<RunningSandboxes> = startSandboxes,
    /** Runs once the sandboxes are up (connecting to them); its failure is reported, the sandboxes keep running. */
    private readonly afterStart: (sandboxes: RunningSandboxes) => Promise<void> = async () => {},
  ) {}

  current(): DemoStatus {
    return this.status;
  }

  /** The sandboxes, for code that connects to them (their credentials stay inside the engine). */
  sandboxes(): RunningSandboxes | undefined {
    return this.running;
  }

  ensureRunning(): Promise<DemoStatus> {
    if (this.status.state === 'running') return Promise.resolve(this.status);
    this.starting ??= this.launch().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  async stop(): Promise<void> {
    await this.starting;
    const running = this.running;
    this.running = undefined;
    await running?.close();
    this.set({ state: 'off' });
  }

  private async launch(): Promise<DemoStatus> {
    this.set({ state: 'starting' });
    try {
      this.running = await this.start({ seed: { kind: 'demo' } });
      const { sandboxes, discrepancies } = this.running;
      const problem = await this.afterStart(this.running).then(
        () => undefined,
        (error: unknown) => describeError(error),
      );
      return this.set({
        ...(problem === undefined
          ? {}
          : { problem: `The demo companies run, but connecting to them failed: ${problem}` }),
        state: 'running',
        systems: SANDBOX_SYSTEMS.map((system) => ({
          system,
          name: displayName(system),
          baseUrl: sandboxes[system].baseUrl,
        })),
        discrepancies: discrepancies.map(({ system, kind, recordType, businessKey, description }) => ({
          system,
          kind,
          recordType,
          businessKey,
          description,
        })),
      });
    } catch (error) {
      return this.set({ state: 'failed', message: `The demo companies could not start: ${describeError(error)}` });
    }
  }

  private set(status: DemoStatus): DemoStatus {
    this.status = status;
    this.onChange(status);
    return status;
  }
}
